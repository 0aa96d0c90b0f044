"""Bench driver for the Python side: sentence-transformers (torch CPU) and the sgemm limit.

Called by bench/run.ts with a spec file; prints one JSON object as its last stdout line.

    .venv/bin/python bench/reference_bench.py st    SPEC.json   # sentence-transformers
    .venv/bin/python bench/reference_bench.py sgemm SPEC.json   # numpy float32 matmul rate

Spec fields used: modelDir, threads, fixed[{name, input_ids, rounds}], e2e{name, sentencesFile,
batchSize, rounds} | null, embeddingsOut (float32 file of the e2e embeddings, row-major).
Timings are wall-clock seconds per call (time.perf_counter), one untimed warm-up first.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time


def _set_threads(n: int) -> None:
    # BLAS pools read these at import time, so set them before numpy/torch load.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(n)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def timed(fn, rounds: int, warmup=None) -> list[float]:
    """Wall seconds of `rounds` calls after one untimed warm-up (`warmup`, default `fn`; end to
    end warms up on a few batches only); rounds 0 = one cold, timed call."""
    if rounds == 0:
        t0 = time.perf_counter()
        fn()
        return [time.perf_counter() - t0]
    (warmup or fn)()  # allocator, thread pool, first-call paths
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def run_st(spec: dict) -> dict:
    import numpy as np
    import torch
    import sentence_transformers
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(spec["threads"])
    t0 = time.perf_counter()
    model = SentenceTransformer(spec["modelDir"], device="cpu")
    model.eval()
    load_s = time.perf_counter() - t0
    bert = model[0].auto_model
    workloads = {}
    for w in spec["fixed"]:
        ids = torch.tensor(w["input_ids"], dtype=torch.long)
        mask = torch.ones_like(ids)
        types = torch.zeros_like(ids)

        def fwd():
            with torch.inference_mode():
                bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

        times = timed(fwd, w["rounds"])
        workloads[w["name"]] = {"times_s": times, "items": ids.shape[0], "tokens": int(ids.numel())}

    e2e = spec.get("e2e")
    if e2e is not None:
        with open(e2e["sentencesFile"], encoding="utf8") as f:
            sentences = json.load(f)
        emb = None

        def enc():
            nonlocal emb
            # Default options of the library: encode() sorts by length, pads per batch, and this
            # model's modules.json ends in Normalize, so embeddings come out unit length.
            emb = model.encode(sentences, batch_size=e2e["batchSize"], convert_to_numpy=True)

        warm = sentences[: 2 * e2e["batchSize"]]
        times = timed(enc, e2e["rounds"], lambda: model.encode(warm, batch_size=e2e["batchSize"]))
        workloads[e2e["name"]] = {"times_s": times, "items": len(sentences)}
        if spec.get("embeddingsOut"):
            np.asarray(emb, dtype=np.float32).tofile(spec["embeddingsOut"])

    return {
        "engine": "sentence-transformers",
        "version": f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "load_s": load_s,
        "workloads": workloads,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_sgemm(spec: dict) -> dict:
    import numpy as np

    rng = np.random.default_rng(0)
    shapes = [(2048, 384, 1536), (4096, 1536, 384), (1024, 1024, 1024)]
    best = {}
    for m, k, n in shapes:
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        times = timed(lambda: a @ b, 7)
        times.sort()
        best[f"{m}x{k}x{n}"] = 2 * m * k * n / times[len(times) // 2] / 1e9
    cfg = np.__config__
    blas = ""
    try:
        info = cfg.CONFIG["Build Dependencies"]["blas"]  # numpy >= 1.26
        blas = f"{info.get('name', '')} {info.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - only a label
        pass
    return {
        "engine": "sgemm",
        "version": f"numpy {np.__version__} {blas}".strip(),
        "threads": spec["threads"],
        "gflops_by_shape": best,
        # The limit: the best median rate over shapes like the model's own matmuls.
        "gflops": max(best.values()),
        "peak_rss_mb": peak_rss_mb(),
        "cpu": platform.processor() or platform.machine(),
    }


def main() -> int:
    mode, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf8") as f:
        spec = json.load(f)
    _set_threads(spec["threads"])
    result = run_st(spec) if mode == "st" else run_sgemm(spec)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
