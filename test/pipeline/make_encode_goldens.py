"""Goldens for SentenceTransformer.encode options from the reference, on the tiny fixture models.

Run: /work/main/.venv/bin/python test/pipeline/make_encode_goldens.py
Writes test/pipeline/goldens/encode.json (small; committed): for tiny-bert, every pooling mode
(alone, all six concatenated, include_prompt=False), prompts, truncate_dim, normalize, precisions,
token_embeddings, and model.similarity with each similarity_fn_name. Also quantize_embeddings on
fixed float32 embeddings whose bucket positions have large fractional parts, so floor() and
round() give different buckets (a model's embeddings leave that to chance).
"""
import json
import pathlib

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.models import Pooling
from sentence_transformers.util.quantization import quantize_embeddings

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = pathlib.Path(__file__).parent / "goldens" / "encode.json"
torch.manual_seed(0)


def rows(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x).tolist()


model_dir = ROOT / "test" / "fixtures" / "models" / "tiny-bert"
sentences = json.loads((ROOT / "test" / "fixtures" / "goldens" / "tiny-bert.json").read_text())["sentences"]
model = SentenceTransformer(str(model_dir), device="cpu")
model.eval()
out = {"model": "tiny-bert", "sentences": sentences, "pooling": {}}

modes = ["cls", "max", "mean", "mean_sqrt_len_tokens", "weightedmean", "lasttoken"]
orig_pool = model[1]
for name, mode in [(m, m) for m in modes] + [("all", tuple(modes)), ("mean+max+cls", ("mean", "max", "cls"))]:
    model[1] = Pooling(32, pooling_mode=mode)
    out["pooling"][name] = {
        "config": {"embedding_dimension": 32, "pooling_mode": list(mode) if isinstance(mode, tuple) else mode, "include_prompt": True},
        "embeddings": rows(model.encode(sentences, batch_size=3)),
    }
# include_prompt=False: the prompt's tokens are left out of the mean.
model[1] = Pooling(32, pooling_mode="mean", include_prompt=False)
out["pooling"]["mean.exclude_prompt"] = {
    "config": {"embedding_dimension": 32, "pooling_mode": "mean", "include_prompt": False},
    "prompt": "query: ",
    "embeddings": rows(model.encode(sentences, prompt="query: ", batch_size=3)),
}
model[1] = orig_pool

out["prompt"] = {"prompt": "query: ", "embeddings": rows(model.encode(sentences, prompt="query: "))}
# default_prompt_name applies when neither prompt nor prompt_name is given; prompt_name picks another.
model.prompts = {"query": "query: ", "document": "passage: "}
model.default_prompt_name = "query"
out["default_prompt"] = {
    "prompts": dict(model.prompts),
    "default_prompt_name": "query",
    "default": rows(model.encode(sentences)),
    "document": rows(model.encode(sentences, prompt_name="document")),
}
model.prompts = {"document": "", "query": ""}
model.default_prompt_name = None
out["normalize"] = rows(model.encode(sentences, normalize_embeddings=True))
out["truncate8"] = rows(model.encode(sentences, truncate_dim=8))
out["truncate8_normalize"] = rows(model.encode(sentences, truncate_dim=8, normalize_embeddings=True))
out["precision"] = {p: rows(model.encode(sentences, precision=p)) for p in ("int8", "uint8", "binary", "ubinary")}
tok = model.encode(sentences, output_value="token_embeddings")
out["token_embeddings"] = [rows(t) for t in tok]
emb = model.encode(sentences)
out["similarity"] = {}
for fn in ("cosine", "dot", "euclidean", "manhattan"):
    model.similarity_fn_name = fn
    out["similarity"][fn] = rows(model.similarity(emb[:3], emb))
    out["similarity"][f"{fn}.pairwise"] = rows(model.similarity_pairwise(emb[:4], emb[4:8]))

# 6 embeddings of 8 dimensions. Per dimension the min is 0 and the max 2.55 (rows 0 and 1), so the
# step is ~0.01 and the other rows sit at bucket positions with fractional parts 0.3-0.9.
fixed = np.zeros((6, 8), dtype=np.float32)
fixed[1] = 2.55
rng = np.random.default_rng(0)
buckets = rng.integers(1, 250, size=(4, 8)) + rng.choice([0.3, 0.45, 0.55, 0.7, 0.9], size=(4, 8))
fixed[2:] = (buckets * 0.01 * np.array([1, -1, 1, 1, -1, 1, 1, -1])).astype(np.float32)
fixed[1] *= np.array([1, -1, 1, 1, -1, 1, 1, -1], dtype=np.float32)  # negative dims: max is 0, min -2.55
rounding = {"embeddings": fixed.tolist()}
for p in ("int8", "uint8"):
    q = quantize_embeddings(fixed, precision=p)
    rounding[p] = q.tolist()
    # The same arithmetic with round() instead of floor(): must differ in many places for the
    # golden to tell the two apart.
    lo, hi = fixed.min(axis=0), fixed.max(axis=0)
    steps = (hi - lo) / 255
    rounded = np.clip(np.round((fixed - lo) / steps), 0, 255).astype(np.int64) - (128 if p == "int8" else 0)
    differ = int((rounded != q.astype(np.int64)).sum())
    assert differ >= 16, f"{p}: floor and round differ at only {differ} values"
    rounding[f"{p}_floor_round_differ"] = differ
out["precision_rounding"] = rounding

OUT.write_text(json.dumps(out, separators=(",", ":")))
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
