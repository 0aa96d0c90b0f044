"""What torch reports for a Sentence-Transformers model: per-parameter shape and sha256 of the
float32 bytes, and the parameter count, for the converter's real-model test.

Usage (npm run converters:torch-checksums):
  .venv/bin/python test/converters/torch_checksums.py .cache/models/all-MiniLM-L6-v2 \
      .cache/converters/all-MiniLM-L6-v2.torch.json

Loads the folder with the reference sentence-transformers, so the numbers are torch's view of the
weights (named_parameters of each module), not a re-read of the checkpoint file."""
import hashlib
import json
import sys
from pathlib import Path

import torch
from sentence_transformers import SentenceTransformer


def describe(module: torch.nn.Module) -> dict:
    params = {}
    for name, p in module.named_parameters():
        data = p.detach().to(torch.float32).contiguous().cpu().numpy().tobytes()
        params[name] = {"shape": list(p.shape), "sha256": hashlib.sha256(data).hexdigest()}
    return {"parameters": sum(p.numel() for p in module.parameters()), "tensors": params}


def main(model_dir: str, out: str) -> None:
    model = SentenceTransformer(model_dir, device="cpu")
    modules = {}
    for idx, (name, module) in enumerate(model._modules.items()):
        cls = type(module).__name__
        target = getattr(module, "auto_model", None) if cls == "Transformer" else module
        if target is None or not any(True for _ in target.parameters()):
            continue
        modules[name] = {"class": cls, **describe(target)}
    result = {
        "model_dir": model_dir,
        "versions": {"torch": torch.__version__, "sentence_transformers": __import__("sentence_transformers").__version__},
        "total_parameters": sum(m["parameters"] for m in modules.values()),
        "modules": modules,
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"{out}: {result['total_parameters']} parameters in {len(modules)} module(s)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
