"""Equivalence of two fixture files, by kind. Used by make_fixtures.py (keep the committed bytes
when a regenerated file means the same thing) and check_drift.py (fail on any real change).

Why not bytes: torch's legacy format keys storages by memory address, so the same tensors are
written as different bytes on every run. Tensors are compared by dtype, shape, values (floats
within ATOL), and for torch files also by strides, storage offsets and storage sharing."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import torch

ATOL = 1e-6
# Subtrees of test/fixtures that make_fixtures.py owns (others belong to other generators).
OWNED = ["tokenizers/wordpiece", "tokenizers/bpe", "tokenizers/unigram", "models", "goldens", "checkpoints", "v02", "classic", "sharded", "cross_encoders", "training", "research"]


def _tensors_equal(a: dict, b: dict, where: str) -> str | None:
    if list(a) != list(b):
        return f"{where}: keys differ ({sorted(set(a) ^ set(b))[:5]} ...)"
    for k in a:
        x, y = a[k], b[k]
        if x.dtype != y.dtype or tuple(x.shape) != tuple(y.shape):
            return f"{where}:{k}: {x.dtype}{list(x.shape)} vs {y.dtype}{list(y.shape)}"
        if x.is_floating_point():
            diff = float((x.double() - y.double()).abs().max()) if x.numel() else 0.0
            if diff > ATOL or torch.isnan(x).ne(torch.isnan(y)).any():
                return f"{where}:{k}: max abs diff {diff:.3g} > {ATOL}"
        elif not torch.equal(x, y):
            return f"{where}:{k}: integer values differ"
    return None


def _storage_layout(sd: dict) -> list:
    groups: dict[int, int] = {}
    out = []
    for k, t in sd.items():
        ptr = t.untyped_storage().data_ptr()
        gid = groups.setdefault(ptr, len(groups))
        out.append((k, gid, t.storage_offset(), tuple(t.stride()), t.untyped_storage().nbytes()))
    return out


def _torch_equal(a: bytes, b: bytes, where: str) -> str | None:
    x = torch.load(io.BytesIO(a), weights_only=True)
    y = torch.load(io.BytesIO(b), weights_only=True)
    err = _tensors_equal(x, y, where)
    if err:
        return err
    if _storage_layout(x) != _storage_layout(y):
        return f"{where}: storage sharing / offsets / strides differ"
    return None


def _safetensors_equal(a: bytes, b: bytes, where: str) -> str | None:
    from safetensors.torch import load

    x, y = load(a), load(b)
    return _tensors_equal(dict(sorted(x.items())), dict(sorted(y.items())), where)


def _zip_equal(a: bytes, b: bytes, where: str) -> str | None:
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    ia, ib = za.infolist(), zb.infolist()
    if [(i.filename, i.compress_type) for i in ia] != [(i.filename, i.compress_type) for i in ib]:
        return f"{where}: zip entries or compression differ"
    for i in ia:
        err = bytes_equal(i.filename, za.read(i), zb.read(i.filename), f"{where}!{i.filename}")
        if err:
            return err
    return None


def bytes_equal(name: str, a: bytes, b: bytes, where: str) -> str | None:
    """None when equivalent, else a one-line reason."""
    if a == b:
        return None
    if name.endswith(".bin"):
        return _torch_equal(a, b, where)
    if name.endswith(".safetensors"):
        return _safetensors_equal(a, b, where)
    if name.endswith(".zip"):
        return _zip_equal(a, b, where)
    return f"{where}: content differs (compared exactly)"


def files_under(root: Path) -> set[str]:
    out: set[str] = set()
    for sub in OWNED:
        base = root / sub
        if base.is_file():
            out.add(sub)
        elif base.exists():
            out.update(p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file())
    return out


def compare_trees(fresh: Path, committed: Path) -> list[str]:
    """Reasons why `committed` drifted from `fresh` (empty list: none)."""
    problems: list[str] = []
    a, b = files_under(fresh), files_under(committed)
    problems += [f"missing in committed fixtures: {p}" for p in sorted(a - b)]
    problems += [f"not produced by the reference any more: {p}" for p in sorted(b - a)]
    for rel in sorted(a & b):
        err = bytes_equal(rel, (fresh / rel).read_bytes(), (committed / rel).read_bytes(), rel)
        if err:
            problems.append(err)
    return problems
