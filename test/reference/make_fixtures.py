"""Write every committed test fixture with the pinned reference libraries.

Usage: .venv/bin/python test/reference/make_fixtures.py [OUT_DIR]   (default: test/fixtures)

Everything is generated into a temporary folder first, then synced into OUT_DIR: a file whose
regenerated version is equivalent (compare.py) keeps its committed bytes, so re-running does not
churn files that torch writes differently each time (legacy pickles key storages by address).
Only the subtrees in compare.OWNED are touched; other generators' folders (tokenizers/goldens,
eval/) are left alone."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.dont_write_bytecode = True  # keep test/reference free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

import transformers  # noqa: E402

from common import repo_root  # noqa: E402
from compare import bytes_equal, files_under  # noqa: E402

# The exact-length sentence search tokenizes over-long text on purpose; its warning is noise.
transformers.logging.set_verbosity_error()


def generate(out: Path) -> None:
    """Write all fixtures into `out` (an empty folder)."""
    import torch

    torch.set_num_threads(1)
    from fixture_checkpoints import write_checkpoints
    from fixture_classic import write_classic
    from fixture_cross_encoders import write_cross_encoders
    from fixture_models import write_models_and_goldens
    from fixture_research import write_research
    from fixture_sharded import write_sharded
    from fixture_tokenizers import write_tokenizers
    from fixture_training import write_training
    from fixture_v02 import write_v02

    steps = [
        ("tokenizers", lambda: write_tokenizers(out / "tokenizers")),
        ("models+goldens", lambda: write_models_and_goldens(out)),
        ("checkpoints", lambda: write_checkpoints(out)),
        ("v02", lambda: write_v02(out)),
        ("classic", lambda: write_classic(out)),
        ("sharded", lambda: write_sharded(out)),
        ("cross-encoders", lambda: write_cross_encoders(out)),
        ("training", lambda: write_training(out)),
        ("research", lambda: write_research(out)),
    ]
    for name, step in steps:
        t0 = time.time()
        step()
        print(f"[fixtures] {name}: {time.time() - t0:.1f}s", flush=True)


def sync(fresh: Path, target: Path) -> tuple[int, int, int]:
    """Copy changed files, delete files no longer produced; returns (written, kept, removed)."""
    new, old = files_under(fresh), files_under(target)
    written = kept = 0
    for rel in sorted(new):
        dst = target / rel
        if dst.exists() and bytes_equal(rel, (fresh / rel).read_bytes(), dst.read_bytes(), rel) is None:
            kept += 1
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".tmp")
        shutil.copyfile(fresh / rel, tmp)
        os.replace(tmp, dst)
        written += 1
    for rel in sorted(old - new):
        (target / rel).unlink()
    # Empty folders left by removed files.
    for d in sorted({p for p in target.rglob("*") if p.is_dir()}, key=lambda p: -len(p.parts)):
        if not any(d.iterdir()):
            d.rmdir()
    return written, kept, len(old - new)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else repo_root() / "test" / "fixtures"
    target.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="sbert-fixtures-") as tmp:
        generate(Path(tmp))
        written, kept, removed = sync(Path(tmp), target)
    print(f"[fixtures] {target}: {written} written, {kept} unchanged, {removed} removed ({time.time() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
