"""tiny-bert with its Transformer weights split into shards, as big models ship on the hub: an
`*.index.json` whose weight_map names the shard of every tensor, the shards beside it, and no
single-file checkpoint. Everything else (modules.json, configs, tokenizer, 1_Pooling/) is
models/tiny-bert's.

  sharded/tiny-bert-safetensors/  model.safetensors.index.json + model-0000{i}-of-0000{n}.safetensors,
                                  written by transformers' save_pretrained(max_shard_size=...)
  sharded/tiny-bert-bin/          pytorch_model.bin.index.json + pytorch_model-0000{i}-of-0000{n}.bin.
                                  The pinned transformers (5.x) no longer writes .bin checkpoints
                                  (save_pretrained lost safe_serialization=False); this is what
                                  transformers 4.x did for it: huggingface_hub's
                                  split_torch_state_dict_into_shards, torch.save per shard, the index

The shard size is small enough to give several shards for a 148 KB model (one tensor, the word
embeddings, is larger than a shard and gets one of its own, as transformers does). Both folders
are checked to load back into the same tensors with transformers and to reproduce
goldens/tiny-bert's sentence embeddings with sentence-transformers before they are kept."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch

from fixture_models import ENCODE_VS_FORWARD_ATOL

NAME = "tiny-bert"
MAX_SHARD_SIZE = "50KB"
WEIGHT_FILES = {"model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json"}


def copy_non_weights(src: Path, out: Path) -> None:
    for p in src.rglob("*"):
        if p.is_file() and p.name not in WEIGHT_FILES:
            dst = out / p.relative_to(src)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dst)


def write_bin_shards(sd: dict[str, torch.Tensor], out: Path) -> None:
    from huggingface_hub import split_torch_state_dict_into_shards

    split = split_torch_state_dict_into_shards(sd, filename_pattern="pytorch_model{suffix}.bin", max_shard_size=MAX_SHARD_SIZE)
    if not split.is_sharded:
        raise RuntimeError(f"max_shard_size {MAX_SHARD_SIZE} gave one shard")
    for filename, names in split.filename_to_tensors.items():
        torch.save({n: sd[n].contiguous() for n in names}, str(out / filename))
    index = {"metadata": {**split.metadata, "total_size": sum(t.numel() * t.element_size() for t in sd.values())},
             "weight_map": split.tensor_to_filename}
    (out / "pytorch_model.bin.index.json").write_text(json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def check(out: Path, sd: dict[str, torch.Tensor], fixtures: Path) -> None:
    from safetensors.torch import load_file
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    got = AutoModel.from_pretrained(str(out)).state_dict()
    if any(not torch.equal(got[k], sd[k]) for k in sd):
        raise RuntimeError(f"{out}: transformers loads other tensors back")
    golden = json.loads((fixtures / "goldens" / f"{NAME}.json").read_text(encoding="utf-8"))
    want = load_file(str(fixtures / "goldens" / f"{NAME}.safetensors"))["sentence_embedding"].numpy()
    st = SentenceTransformer(str(out), device="cpu", model_kwargs={"attn_implementation": "eager"})
    emb = st.encode(golden["sentences"], batch_size=len(golden["sentences"]), convert_to_numpy=True)
    diff = float(np.abs(emb - want).max())
    if diff > ENCODE_VS_FORWARD_ATOL:
        raise RuntimeError(f"{out}: sentence-transformers gives embeddings {diff} away from goldens/{NAME}")


def write_sharded(fixtures: Path) -> None:
    from transformers import AutoModel

    src = fixtures / "models" / NAME
    hf = AutoModel.from_pretrained(str(src))
    sd = {k: v.detach().clone().contiguous() for k, v in hf.state_dict().items()}
    for form in ("safetensors", "bin"):
        out = fixtures / "sharded" / f"{NAME}-{form}"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        copy_non_weights(src, out)
        if form == "safetensors":
            with tempfile.TemporaryDirectory() as tmp:
                hf.save_pretrained(tmp, max_shard_size=MAX_SHARD_SIZE)
                index = json.loads((Path(tmp) / "model.safetensors.index.json").read_text(encoding="utf-8"))
                shards = sorted(set(index["weight_map"].values()))
                if len(shards) < 2:
                    raise RuntimeError(f"max_shard_size {MAX_SHARD_SIZE} gave one shard")
                for f in ["model.safetensors.index.json", *shards]:
                    shutil.copyfile(Path(tmp) / f, out / f)
        else:
            write_bin_shards(sd, out)
        check(out, sd, fixtures)
