"""Regenerate the fixtures with the pinned reference into a temp folder and compare them with the
committed ones (tensors within compare.ATOL = 1e-6, every other file exactly).

Usage: .venv/bin/python test/reference/check_drift.py [FIXTURES_DIR]   exit 0: no drift, 1: drift"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import repo_root  # noqa: E402
from compare import ATOL, compare_trees, files_under  # noqa: E402
from make_fixtures import generate  # noqa: E402


def main(argv: list[str]) -> int:
    committed = Path(argv[1]) if len(argv) > 1 else repo_root() / "test" / "fixtures"
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="sbert-drift-") as tmp:
        generate(Path(tmp))
        n = len(files_under(Path(tmp)))
        problems = compare_trees(Path(tmp), committed)
    took = time.time() - t0
    if problems:
        for p in problems:
            print(f"DRIFT {p}")
        print(f"[fixtures:check] FAIL: {len(problems)} of {n} fixture files drifted from the reference "
              f"(tensors atol {ATOL}, text exact) in {took:.1f}s. Regenerate with `npm run fixtures` "
              "only if the reference change is intended.")
        return 1
    print(f"[fixtures:check] OK: {n} fixture files match the pinned reference (tensors atol {ATOL}, text exact) in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
