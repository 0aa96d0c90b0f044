"""The tiny models' weights in every checkpoint format a user meets, plus tensors.json for
bit-exact checks. Written from the HF model loaded out of models/<name>/ (state_dict key order as
save_pretrained uses it).

Matrix (kept small: the readers are architecture-agnostic, the architectures are covered by
models/<name>/model.safetensors and the v0.2 legacy files):
  tiny-bert        every format, plus views/offsets/strides/shared storages (zip and legacy)
  tiny-roberta, tiny-distilbert, tiny-xlmr   pytorch_model.bin (zip) + model_fp16.safetensors
  tiny-mpnet       the same plus pytorch_model_legacy.bin (there is no v0.2 MPNet to carry a legacy file)
  tiny-bert-dense  2_Dense/ as ST saves it (model.safetensors) and as ST < 3 saved it (pytorch_model.bin)
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

FULL = {"tiny-bert"}
PARTIAL = {"tiny-roberta", "tiny-distilbert", "tiny-xlmr", "tiny-mpnet"}
# PARTIAL models whose only legacy-format copy is here (the others have one in v02/).
LEGACY = {"tiny-mpnet"}
DENSE = {"tiny-bert-dense"}

FORMAT_DOC = {
    "model.safetensors": ("safetensors", "float32", "save_pretrained (identical to models/<name>/model.safetensors)"),
    "pytorch_model.bin": ("torch-zip", "float32", "torch.save(state_dict)"),
    "pytorch_model_legacy.bin": ("torch-legacy", "float32", "torch.save(state_dict, _use_new_zipfile_serialization=False)"),
    "model_fp16.safetensors": ("safetensors", "float16", "safetensors save_file of every tensor .half()"),
    "pytorch_model_fp16.bin": ("torch-zip", "float16", "torch.save of every tensor .half()"),
    "pytorch_model_views.bin": ("torch-zip", "float32", "views: see views"),
    "pytorch_model_views_legacy.bin": ("torch-legacy", "float32", "views: see views"),
}


def sha256(t: torch.Tensor) -> str:
    arr = t.detach().contiguous().numpy()
    return hashlib.sha256(arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()).hexdigest()


def state_dict(model_dir: Path) -> dict[str, torch.Tensor]:
    from transformers import AutoModel

    hf = AutoModel.from_pretrained(str(model_dir))
    sd = {k: v.detach().clone().contiguous() for k, v in hf.state_dict().items()}
    saved = load_file(str(model_dir / "model.safetensors"))
    if set(saved) != set(sd) or any(not torch.equal(saved[k], sd[k]) for k in sd):
        raise RuntimeError(f"{model_dir}: state_dict differs from model.safetensors")
    return sd


def views_state_dict(sd: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Same values, but several tensors are views into shared, offset, transposed or strided storages."""
    out = dict(sd)
    notes: dict[str, str] = {}
    p = "encoder.layer.0."
    q, k, v = (sd[f"{p}attention.self.{n}.weight"] for n in ("query", "key", "value"))
    fused = torch.cat([q, k, v], dim=0)  # [3H, H], one storage like a fused qkv projection
    h = q.shape[0]
    for i, n in enumerate(("query", "key", "value")):
        out[f"{p}attention.self.{n}.weight"] = fused[i * h:(i + 1) * h]
        notes[f"{p}attention.self.{n}.weight"] = f"rows {i * h}..{(i + 1) * h} of one shared [3H,H] storage (storage offset {i * h * h})"
    w1 = sd[f"{p}intermediate.dense.weight"]  # [I, H]
    out[f"{p}intermediate.dense.weight"] = w1.t().contiguous().t()  # strides (1, I): column-major
    notes[f"{p}intermediate.dense.weight"] = "transposed view of a contiguous [H,I] storage (strides [1, I])"
    lw, lb = sd[f"{p}output.LayerNorm.weight"], sd[f"{p}output.LayerNorm.bias"]
    stacked = torch.stack([lw, lb])  # [2, H]
    out[f"{p}output.LayerNorm.weight"], out[f"{p}output.LayerNorm.bias"] = stacked[0], stacked[1]
    notes[f"{p}output.LayerNorm.weight"] = "row 0 of a shared [2,H] storage"
    notes[f"{p}output.LayerNorm.bias"] = "row 1 of a shared [2,H] storage (storage offset H)"
    pos = sd["embeddings.position_embeddings.weight"]  # [P, H]
    interleaved = torch.zeros(2 * pos.shape[0], pos.shape[1])
    interleaved[::2] = pos
    interleaved[1::2] = -1.0  # junk rows the reader must skip
    out["embeddings.position_embeddings.weight"] = interleaved[::2]  # strides (2H, 1)
    notes["embeddings.position_embeddings.weight"] = "every other row of a [2P,H] storage (strides [2H, 1]); the skipped rows hold -1"
    bias = sd["embeddings.LayerNorm.bias"]
    padded = torch.cat([torch.full((3,), 7.0), bias])
    out["embeddings.LayerNorm.bias"] = padded[3:]
    notes["embeddings.LayerNorm.bias"] = "storage offset 3 into a storage whose first 3 elements are 7.0"
    for key, t in out.items():
        if not torch.equal(t, sd[key]):
            raise RuntimeError(f"view of {key} changed its values")
    return out, notes


def save_torch(obj, path: Path, legacy: bool = False) -> None:
    torch.save(obj, str(path), _use_new_zipfile_serialization=not legacy)


def check_loads(path: Path, expected: dict[str, torch.Tensor]) -> None:
    if path.suffix == ".safetensors":
        got = load_file(str(path))
    else:
        got = torch.load(str(path), weights_only=True)
    if list(sorted(got)) != list(sorted(expected)) or any(not torch.equal(got[k], expected[k]) for k in expected):
        raise RuntimeError(f"{path}: does not load back to the expected tensors")


def tensor_table(sd: dict[str, torch.Tensor]) -> dict[str, dict]:
    return {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                "sha256": sha256(v), "sha256_fp16": sha256(v.half()) if v.is_floating_point() else None}
            for k, v in sd.items()}


def write_checkpoints_for(name: str, model_dir: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files: dict[str, dict] = {}

    def record(fname: str, expected: dict[str, torch.Tensor]) -> None:
        check_loads(out / fname, expected)
        fmt, dtype, how = FORMAT_DOC[fname]
        files[fname] = {"format": fmt, "dtype": dtype, "written_by": how}

    meta: dict = {"model": name, "source": f"models/{name}/model.safetensors"}
    if name in FULL | PARTIAL:
        sd = state_dict(model_dir)
        half = {k: v.half() for k, v in sd.items()}
        save_torch(sd, out / "pytorch_model.bin")
        record("pytorch_model.bin", sd)
        save_file(half, str(out / "model_fp16.safetensors"), metadata={"format": "pt"})
        record("model_fp16.safetensors", half)
        if name in LEGACY:
            save_torch(sd, out / "pytorch_model_legacy.bin", legacy=True)
            record("pytorch_model_legacy.bin", sd)
        if name in FULL:
            shutil.copyfile(model_dir / "model.safetensors", out / "model.safetensors")
            record("model.safetensors", sd)
            save_torch(sd, out / "pytorch_model_legacy.bin", legacy=True)
            record("pytorch_model_legacy.bin", sd)
            save_torch(half, out / "pytorch_model_fp16.bin")
            record("pytorch_model_fp16.bin", half)
            views, notes = views_state_dict(sd)
            save_torch(views, out / "pytorch_model_views.bin")
            record("pytorch_model_views.bin", sd)
            save_torch(views, out / "pytorch_model_views_legacy.bin", legacy=True)
            record("pytorch_model_views_legacy.bin", sd)
            meta["views"] = notes
        meta["tensors"] = tensor_table(sd)
    if name in DENSE:
        dense_dir = out / "2_Dense"
        dense_dir.mkdir()
        dense = load_file(str(model_dir / "2_Dense" / "model.safetensors"))
        shutil.copyfile(model_dir / "2_Dense" / "model.safetensors", dense_dir / "model.safetensors")
        shutil.copyfile(model_dir / "2_Dense" / "config.json", dense_dir / "config.json")
        # sentence-transformers < 3 wrote Dense weights with torch.save(self.state_dict()).
        save_torch(dense, dense_dir / "pytorch_model.bin")
        check_loads(dense_dir / "pytorch_model.bin", dense)
        files["2_Dense/model.safetensors"] = {"format": "safetensors", "dtype": "float32", "written_by": "SentenceTransformer.save (Dense)"}
        files["2_Dense/pytorch_model.bin"] = {"format": "torch-zip", "dtype": "float32", "written_by": "torch.save(dense.state_dict()) as sentence-transformers < 3 did"}
        meta["dense_tensors"] = tensor_table(dense)
    meta["files"] = files
    (out / "tensors.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def write_checkpoints(root: Path) -> None:
    for name in sorted(FULL | PARTIAL | DENSE):
        write_checkpoints_for(name, root / "models" / name, root / "checkpoints" / name)
