"""Export all-MiniLM-L6-v2 to fp32 ONNX in the folder layout transformers.js loads locally.

transformers.js (the engine users would pick instead of sbert-tfjs in JavaScript) runs ONNX
models only. To compare on the *same* weights we export the very checkpoint that sbert-tfjs
and sentence-transformers load, with the reference venv's torch (TorchScript exporter, opset
17, dynamic batch and sequence axes), and copy the tokenizer files beside it:

    <out>/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json,
    <out>/onnx/model.onnx        inputs input_ids, attention_mask, token_type_ids (int64 [B,T])
                                 output last_hidden_state (float32 [B,T,384])

Usage: .venv/bin/python bench/export_onnx.py [--model DIR] [--out DIR]
Defaults: .cache/models/all-MiniLM-L6-v2 -> .cache/onnx/all-MiniLM-L6-v2. Skips work when the
output exists and is newer than the checkpoint (pass --force to redo).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

import torch
from transformers import AutoModel, AutoTokenizer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENIZER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
# The export is checked where it is used: the bench compares transformers.js's sentence
# embeddings with sentence-transformers' on every STSb sentence and reports the max difference.


class _Wrapper(torch.nn.Module):
    """Returns only last_hidden_state so the ONNX graph has exactly one output."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):  # each int64 [B, T]
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(REPO, ".cache/models/all-MiniLM-L6-v2"))
    ap.add_argument("--out", default=os.path.join(REPO, ".cache/onnx/all-MiniLM-L6-v2"))
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()

    weights = os.path.join(args.model, "model.safetensors")
    if not os.path.exists(weights):
        print(f"export_onnx: {weights} not found; run `npm run fetch-model` first", file=sys.stderr)
        return 2
    onnx_path = os.path.join(args.out, "onnx", "model.onnx")
    if not args.force and os.path.exists(onnx_path) and os.path.getmtime(onnx_path) >= os.path.getmtime(weights):
        print(f"export_onnx: {onnx_path} is up to date")
        return 0

    torch.manual_seed(0)
    model = AutoModel.from_pretrained(args.model, dtype=torch.float32).eval()
    tok = AutoTokenizer.from_pretrained(args.model)
    enc = tok(["a short sentence", "a somewhat longer sentence to give the batch some padding"], padding=True, return_tensors="pt")
    inputs = (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])

    os.makedirs(os.path.dirname(onnx_path), exist_ok=True)
    tmp = onnx_path + ".tmp"
    dyn = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            _Wrapper(model), inputs, tmp,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn, "last_hidden_state": dyn},
            opset_version=17, do_constant_folding=True, dynamo=False,
        )
    os.replace(tmp, onnx_path)
    for name in TOKENIZER_FILES:
        src = os.path.join(args.model, name)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(args.out, name))
    print(f"export_onnx: wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
