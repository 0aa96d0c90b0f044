"""Goldens for src/functional and src/util from the reference sentence-transformers.

Run: /work/main/.venv/bin/python test/pipeline/make_util_goldens.py
Writes test/pipeline/goldens/util.json (small; committed). Inputs are fixed seeded arrays written
into the JSON, so the TypeScript tests feed exactly the same numbers.
"""
import json
import pathlib

import numpy as np
import torch
from sentence_transformers import util
from sentence_transformers.models import Pooling
from sentence_transformers.util.quantization import quantize_embeddings

OUT = pathlib.Path(__file__).parent / "goldens" / "util.json"
rng = np.random.default_rng(1234)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def tolist(t):
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu().numpy()
    return np.asarray(t).tolist()


# Embeddings: 3 clusters of 12 around random centres plus 8 loose points, dim 16.
centres = rng.normal(size=(3, 16))
clustered = np.concatenate([c + 0.7 * rng.normal(size=(12, 16)) for c in centres] + [rng.normal(size=(8, 16))])
emb = f32(clustered[rng.permutation(len(clustered))])
queries = f32(rng.normal(size=(5, 16)))
a = f32(rng.normal(size=(4, 16)))
b = f32(rng.normal(size=(6, 16)))
b_pair = f32(rng.normal(size=(4, 16)))

E, Q, A, B, BP = (torch.from_numpy(x) for x in (emb, queries, a, b, b_pair))

out = {
    "embeddings": emb.tolist(),
    "queries": queries.tolist(),
    "a": a.tolist(),
    "b": b.tolist(),
    "b_pair": b_pair.tolist(),
    "similarity": {
        "cos_sim": tolist(util.cos_sim(A, B)),
        "dot_score": tolist(util.dot_score(A, B)),
        "euclidean_sim": tolist(util.euclidean_sim(A, B)),
        "manhattan_sim": tolist(util.manhattan_sim(A, B)),
        "pairwise_cos_sim": tolist(util.pairwise_cos_sim(A, BP)),
        "pairwise_dot_score": tolist(util.pairwise_dot_score(A, BP)),
        "pairwise_euclidean_sim": tolist(util.pairwise_euclidean_sim(A, BP)),
        "pairwise_manhattan_sim": tolist(util.pairwise_manhattan_sim(A, BP)),
        "normalize": tolist(util.normalize_embeddings(torch.cat([A, torch.zeros(1, 16)]))),
    },
    "semantic_search": {
        "top3_chunked": util.semantic_search(Q, E, query_chunk_size=2, corpus_chunk_size=7, top_k=3),
        "top5": util.semantic_search(Q, E, top_k=5),
        "top5_dot": util.semantic_search(Q, E, top_k=5, score_function=util.dot_score),
        "top100": util.semantic_search(Q, E, top_k=100),
    },
    "paraphrase_mining": {
        "default": util.paraphrase_mining_embeddings(E),
        "small": util.paraphrase_mining_embeddings(E, query_chunk_size=5, corpus_chunk_size=9, max_pairs=20, top_k=3),
    },
    "community_detection": {
        "t075_m5": util.community_detection(E, threshold=0.75, min_community_size=5),
        "t09_m3_b7": util.community_detection(E, threshold=0.9, min_community_size=3, batch_size=7),
        "t05_m10": util.community_detection(E, threshold=0.5, min_community_size=10),
    },
    "quantize": {
        p: tolist(quantize_embeddings(emb, precision=p)) for p in ("int8", "uint8", "binary", "ubinary")
    },
    "quantize_calibrated": {
        "calibration": queries.tolist(),
        "int8": tolist(quantize_embeddings(emb[:6], precision="int8", calibration_embeddings=queries)),
        "uint8": tolist(quantize_embeddings(emb[:6], precision="uint8", calibration_embeddings=queries)),
    },
}

# Pooling: token embeddings [B, T, H] with right-padded masks (lengths 5, 3, 1, 5) and one
# left-padded batch, every mode alone and all six together (the order they concatenate in).
tok = f32(rng.normal(size=(4, 5, 8)))
mask_right = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=np.int64)
mask_left = np.array([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1], [0, 1, 1, 1, 1]], dtype=np.int64)
modes = ["cls", "max", "mean", "mean_sqrt_len_tokens", "weightedmean", "lasttoken"]
pool = {"token_embeddings": tok.tolist(), "mask_right": mask_right.tolist(), "mask_left": mask_left.tolist()}
for name, mask in (("right", mask_right), ("left", mask_left)):
    for mode in modes + ["all"]:
        p = Pooling(8, pooling_mode=tuple(modes) if mode == "all" else mode)
        feats = {"token_embeddings": torch.from_numpy(tok), "attention_mask": torch.from_numpy(mask)}
        pool[f"{name}.{mode}"] = tolist(p(feats)["sentence_embedding"])
# include_prompt=False with a prompt of 2 tokens on the right-padded batch (mean pooling)
p = Pooling(8, pooling_mode="mean", include_prompt=False)
feats = {"token_embeddings": torch.from_numpy(tok), "attention_mask": torch.from_numpy(mask_right), "prompt_length": 2}
pool["right.mean.exclude_prompt2"] = tolist(p(feats)["sentence_embedding"])
out["pooling"] = pool

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(out, separators=(",", ":")))
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
