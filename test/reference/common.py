"""Shared helpers for the reference scripts (paths, STSb reading)."""
from __future__ import annotations

import csv
from pathlib import Path


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def sts_dir() -> Path:
    """STSb lives next to the repository (CI: ../shared/data/stsbenchmark)."""
    return repo_root().parent / "shared" / "data" / "stsbenchmark"


def read_sts_rows(path: Path) -> list[list[str]]:
    # No quoting: some sentences contain quote characters; some lines carry extra columns.
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if len(row) >= 7]


def read_sts_sentences(path: Path) -> list[str]:
    """Both sentence columns (5 and 6), in file order, duplicates kept (training corpus)."""
    out: list[str] = []
    for row in read_sts_rows(path):
        out.append(row[5])
        out.append(row[6])
    return out
