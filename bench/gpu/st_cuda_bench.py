"""sentence-transformers on torch CUDA, beside sbert-tfjs on webgpu (bench/gpu/webgpu_bench.ts).

Same model files (all-MiniLM-L6-v2's config, tokenizer and modules, random weights), same
workloads (.gpu/inputs.json from make_inputs.ts), fp32 without TF32:

    python3 bench/gpu/st_cuda_bench.py [--device cuda|cpu] [--quick] [--payload DIR]
                                       [--model-dir DIR] [--out FILE]

--model-dir (default /tmp/sbert-gpu-minilm) is the folder webgpu_bench.ts wrote: when it holds a
model.safetensors both engines run the very same random weights, and the end-to-end embeddings
are compared (max |diff|, min cosine). Without it this script writes its own random weights
(transformers' BertModel init, seed 1234) into a temporary folder.

fixed [B, T]: BertModel forward, then .cpu() of last_hidden_state (the readback webgpu_bench does
with `await data()`); e2e: model.encode(sentences, batch_size=32) on every STSb test sentence,
after one untimed full pass. Writes $OUT/st_cuda.json (else .gpu/out/) and prints a table.
Runs offline (HF_HUB_OFFLINE=1); --device cpu is the local check of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

HERE = os.path.dirname(os.path.abspath(__file__))
WARMUP_FIXED = 3


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    p.add_argument("--quick", action="store_true", help="two small shapes, 256 sentences (smoke test)")
    p.add_argument("--payload", default=os.path.join(HERE, "..", "..", ".gpu"))
    p.add_argument("--model-dir", default="/tmp/sbert-gpu-minilm")
    p.add_argument("--out", default=None)
    return p.parse_args()


def quick_inputs(full: dict) -> dict:
    """The same subset as inputs.ts quickInputs()."""
    return {
        "fixed": [dict(w, rounds=3) for w in full["fixed"] if w["name"] in ("32x16", "1x16")],
        "e2e": dict(full["e2e"], name="stsb-test-256", rounds=1),
        "stsb_test": full["stsb_test"][:256],
    }


def own_random_model(payload: str) -> str:
    """The payload's model files + random BertModel weights, in a temporary folder."""
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig, BertModel

    out = tempfile.mkdtemp(prefix="st-cuda-minilm-")
    src = os.path.join(payload, "model")
    shutil.copytree(src, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns("weight_shapes.json"))
    torch.manual_seed(1234)
    bert = BertModel(BertConfig.from_json_file(os.path.join(src, "config.json")))
    save_file({k: v.contiguous() for k, v in bert.state_dict().items()}, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    return out


def main() -> int:
    args = parse_args()
    payload = os.path.abspath(args.payload)
    out_file = args.out or os.path.join(os.environ.get("OUT") or os.path.join(payload, "out"), "st_cuda.json" if args.device == "cuda" else "st_cpu.json")
    with open(os.path.join(payload, "inputs.json"), encoding="utf8") as f:
        inputs = json.load(f)
    if args.quick:
        inputs = quick_inputs(inputs)

    import numpy as np
    import sentence_transformers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    if args.device == "cuda" and not torch.cuda.is_available():
        print("st_cuda_bench: FAILED: torch.cuda.is_available() is False", file=sys.stderr)
        return 2
    # Strict fp32 on both sides: tfjs webgpu multiplies in fp32.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")

    def sync() -> None:
        if args.device == "cuda":
            torch.cuda.synchronize()

    shared = os.path.isfile(os.path.join(args.model_dir, "model.safetensors"))
    model_dir = args.model_dir if shared else own_random_model(payload)
    t0 = time.perf_counter()
    model = SentenceTransformer(model_dir, device=args.device)
    model.eval()
    sync()
    load_s = time.perf_counter() - t0
    bert = getattr(model[0], "auto_model", None) or model[0].model  # the HF BertModel inside Transformer

    result = {
        "engine": f"sentence-transformers {args.device}",
        "version": f"sentence-transformers {sentence_transformers.__version__}, transformers {transformers.__version__}, torch {torch.__version__}",
        "device": torch.cuda.get_device_name(0) if args.device == "cuda" else "cpu",
        "quick": args.quick,
        "build": json.load(open(os.path.join(payload, "build.json"), encoding="utf8")) if os.path.isfile(os.path.join(payload, "build.json")) else None,
        "model": {"dir": model_dir, "weights": "shared with webgpu_bench (same random weights)" if shared else "own random weights (BertModel init, seed 1234)", "load_s": load_s},
        "attn_implementation": getattr(bert.config, "_attn_implementation", None),
        "precision": "fp32, TF32 off",
        "workloads": {},
        "errors": {},
        "notes": [
            "fixed: BertModel forward under inference_mode, then .cpu() of last_hidden_state; median of the timed rounds after warm-up",
            "e2e: model.encode(sentences, batch_size) incl. tokenization, pooling, Normalize, copy to numpy; one untimed full pass first",
        ],
    }

    def save() -> None:
        os.makedirs(os.path.dirname(out_file), exist_ok=True)
        with open(out_file, "w", encoding="utf8") as f:
            json.dump(result, f, indent=2)

    def record(name: str, times: list[float], items: int, tokens: int | None = None) -> None:
        m = statistics.median(times)
        w = {"times_s": times, "median_s": m, "items": items, "items_per_s": items / m}
        if tokens is not None:
            w.update(tokens=tokens, tokens_per_s=tokens / m)
        result["workloads"][name] = w
        save()

    def time_rounds(fn, rounds: int, warmups: int) -> list[float]:
        for _ in range(warmups):
            fn()
        out = []
        for _ in range(rounds):
            sync()
            t = time.perf_counter()
            fn()
            sync()
            out.append(time.perf_counter() - t)
        return out

    print(f"st_cuda_bench: {result['version']} on {result['device']}, {result['model']['weights']}, load {load_s:.2f} s", flush=True)
    for w in inputs["fixed"]:
        try:
            ids = torch.tensor(w["input_ids"], dtype=torch.long, device=args.device)
            mask = torch.ones_like(ids)
            types = torch.zeros_like(ids)

            def fwd() -> None:
                with torch.inference_mode():
                    bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state.cpu()

            times = time_rounds(fwd, w["rounds"], WARMUP_FIXED)
            record(w["name"], times, ids.shape[0], int(ids.numel()))
            print(f"st_cuda_bench: {w['name']}: median {statistics.median(times) * 1000:.2f} ms over {w['rounds']} rounds", flush=True)
        except Exception as e:  # noqa: BLE001 - report and go on to the next workload
            result["errors"][w["name"]] = repr(e)
            print(f"st_cuda_bench: {w['name']}: ERROR {e!r}", flush=True)
            save()

    e2e = inputs["e2e"]
    sentences = inputs["stsb_test"]
    emb = None
    try:
        def enc() -> None:
            nonlocal emb
            emb = model.encode(sentences, batch_size=e2e["batchSize"], convert_to_numpy=True)

        times = time_rounds(enc, e2e["rounds"], 1)
        record(e2e["name"], times, len(sentences))
        print(f"st_cuda_bench: {e2e['name']}: median {statistics.median(times):.3f} s for {len(sentences)} sentences", flush=True)
    except Exception as e:  # noqa: BLE001
        result["errors"][e2e["name"]] = repr(e)
        print(f"st_cuda_bench: {e2e['name']}: ERROR {e!r}", flush=True)

    # Same weights on both engines: how close are the webgpu embeddings to torch's?
    for other in ("webgpu", "wasm", "cpu"):
        f = os.path.join(model_dir, f"{other}_{e2e['name']}.f32")
        if not shared or emb is None or not os.path.isfile(f):
            continue
        theirs = np.fromfile(f, dtype=np.float32)
        if theirs.size != emb.size:
            result[f"cross_check_{other}"] = {"error": f"{f} has {theirs.size} floats, expected {emb.size}"}
            continue
        theirs = theirs.reshape(emb.shape)
        cos = (theirs * emb).sum(1) / (np.linalg.norm(theirs, axis=1) * np.linalg.norm(emb, axis=1))
        result[f"cross_check_{other}"] = {"max_abs": float(np.abs(theirs - emb).max()), "min_cosine": float(cos.min()), "sentences": int(emb.shape[0])}
        print(f"st_cuda_bench: sbert-tfjs {other} vs this, same random weights, {emb.shape[0]} sentences: max|diff| {result[f'cross_check_{other}']['max_abs']:.2e}, min cosine {cos.min():.7f}", flush=True)
    save()

    head = ["workload", "median ms", "items/s", "tokens/s", "rounds"]
    rows = [[n, f"{w['median_s'] * 1000:.2f}", f"{w['items_per_s']:.1f}", f"{w.get('tokens_per_s', 0):.0f}" if "tokens" in w else "", str(len(w["times_s"]))] for n, w in result["workloads"].items()]
    width = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    line = lambda r: "  ".join(c.ljust(width[i]) if i == 0 else c.rjust(width[i]) for i, c in enumerate(r))  # noqa: E731
    print(f"\nsentence-transformers {args.device} on {result['device']}")
    print(line(head))
    for r in rows:
        print(line(r))
    print(f"wrote {out_file}")
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
