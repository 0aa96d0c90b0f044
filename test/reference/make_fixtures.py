"""Write every committed test fixture with the pinned reference libraries.

Usage: .venv/bin/python test/reference/make_fixtures.py [OUT_DIR]   (default: test/fixtures)

Only the paths this script owns under OUT_DIR are replaced (tokenizers/, models/, goldens/,
checkpoints/, v02/); other helpers' fixture folders (tokenizers/goldens, eval/) are left alone."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.dont_write_bytecode = True  # keep test/reference free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import repo_root  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else repo_root() / "test" / "fixtures"
    out.mkdir(parents=True, exist_ok=True)
    steps = []
    from fixture_tokenizers import write_tokenizers

    from fixture_models import write_models_and_goldens

    steps.append(("tokenizers", lambda: write_tokenizers(out / "tokenizers")))
    steps.append(("models+goldens", lambda: write_models_and_goldens(out)))
    for name, step in steps:
        t0 = time.time()
        step()
        print(f"[fixtures] {name}: {time.time() - t0:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
