"""Reference numbers for the evaluation tests, written by the pinned sentence-transformers.

Usage:
  .venv/bin/python test/reference/make_eval_goldens.py            # (a) committed fixtures: test/fixtures/eval/
  .venv/bin/python test/reference/make_eval_goldens.py --real [NAME ...]  # (b) .cache/goldens/eval/ (npm run goldens:eval)
  .venv/bin/python test/reference/make_eval_goldens.py --check    # (a) regenerated and compared (npm run goldens:eval:check)

(a) builds, deterministically from the STS benchmark, a small triplet fixture (stsb-triplets.tsv),
    a small duplicate-pairs fixture (stsb-pairs.csv) and a 60-pair STS slice (in evaluators.json),
    keeping only rows whose scores are not near-tied under any tiny model (see TIE_GAP), then writes
    - statistics.json: scipy/sklearn values (pearsonr, spearmanr, rankdata, average_precision_score,
      matthews_corrcoef) and the reference's threshold searches on crafted inputs with ties;
    - evaluators.json: for each tiny fixture model (test/fixtures/models/<name>/) and a synthetic
      integer-embedding case, the embeddings of every fixture sentence (float32, base64), the
      reference's pairwise similarities computed from them (float32, base64), and the reference
      TripletEvaluator / BinaryClassificationEvaluator / EmbeddingSimilarityEvaluator
      results computed from exactly those embeddings;
    - sts-dev.json: the reference EmbeddingSimilarityEvaluator on the STSb dev set for each tiny model.
(b) writes the reference's EmbeddingSimilarityEvaluator results for the real models
    (.cache/models/<name>/, from `npm run fetch-model`; see REAL_MODELS) on the STSb test set to
    .cache/goldens/eval/<name>-sts-test.json: all-MiniLM-L6-v2 always, all-mpnet-base-v2 when fetched.
"""
from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.dont_write_bytecode = True

import numpy as np  # noqa: E402
import scipy.stats  # noqa: E402
import sklearn.metrics  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
STS_DIR = ROOT.parent / "shared" / "data" / "stsbenchmark"
EVAL_DIR = ROOT / "test" / "fixtures" / "eval"
TINY_MODELS = ["tiny-bert", "tiny-roberta", "tiny-distilbert", "tiny-xlmr", "tiny-bert-dense", "tiny-mpnet"]
ALL_FNS = ["cosine", "euclidean", "manhattan", "dot"]
BATCH_SIZE = 16  # the reference evaluators' default


# ---------------------------------------------------------------- data
def read_sts(path: Path) -> list[tuple[str, str, float, str]]:
    """(sentence1, sentence2, score 0..1, file column) per line; tab-separated, no quoting,
    score in column 5, sentences in 6 and 7 (1-based); extra trailing columns ignored."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line == "":
                continue
            cols = line.split("\t")
            rows.append((cols[5], cols[6], float(cols[4]) / 5.0, cols[1]))
    return rows


def candidate_rows() -> tuple[dict, dict, dict]:
    """Candidates, in a fixed order, for the three small fixtures (all from the STSb files):
    triplets: anchor/positive from a training pair scored >= 4 (of 5), negative: the second
    sentence of a pair scored <= 1 from the same source file (same domain, not trivially far);
    pairs: every 35th training pair, label 1 (duplicate) when its score is >= 4;
    sts: every 12th dev pair with its 0..1 score."""
    train = read_sts(STS_DIR / "sts-train.csv")
    high = [r for r in train if r[2] >= 0.8][::12]
    low = [r for r in train if r[2] <= 0.2]
    triplets = []
    used_low: set[int] = set()
    for s1, s2, _score, source in high:
        j = next((k for k, r in enumerate(low) if r[3] == source and k not in used_low), None)
        if j is not None:
            used_low.add(j)
            triplets.append((s1, s2, low[j][1]))
    pairs = [(r[0], r[1], 1 if r[2] >= 0.8 else 0) for r in train[::35]]
    dev = read_sts(STS_DIR / "sts-dev.csv")
    sts = [(r[0], r[1], r[2]) for r in dev[::12]]
    return triplets, pairs, sts


# A row is kept only if, for every tiny model and similarity function, its reference scores
# stay this far (relative, at least absolute) from every kept row's: near-ties would make the
# rank-based metrics (AP, thresholds, Spearman, triplet accuracy) flip on a one-ulp difference
# between torch's float32 sums and ours, or the ~1e-6 differences of the TS pipeline.
TIE_GAP = 1e-5
N_TRIPLETS, N_PAIRS, N_STS = 48, 80, 60


def far(a: float, b: float) -> bool:
    return abs(a - b) > TIE_GAP * max(1.0, abs(a), abs(b))


def select_robust(candidates: dict, models: dict):
    """Greedy, in candidate order: keep rows whose scores are not near-tied (see TIE_GAP)."""
    from sentence_transformers import util

    fns = {"cosine": util.pairwise_cos_sim, "euclidean": util.pairwise_euclidean_sim,
           "manhattan": util.pairwise_manhattan_sim, "dot": util.pairwise_dot_score}

    def scores(table, xs, ys):
        return [fn(np.stack([table[x] for x in xs]), np.stack([table[y] for y in ys])).numpy() for fn in fns.values()]

    trip, pairs, sts = candidates
    tables = list(models.values())
    keep_t = []
    per = [scores(t, [r[0] for r in trip], [r[1] for r in trip]) + scores(t, [r[0] for r in trip], [r[2] for r in trip]) for t in tables]
    for i, row in enumerate(trip):
        if all(far(p[k][i], p[k + 4][i]) for p in per for k in range(4)):
            keep_t.append(row)
        if len(keep_t) == N_TRIPLETS:
            break

    def pick(rows, n):
        per = [scores(t, [r[0] for r in rows], [r[1] for r in rows]) for t in tables]
        kept: list[int] = []
        for i in range(len(rows)):
            if all(far(p[k][i], p[k][j]) for p in per for k in range(4) for j in kept):
                kept.append(i)
            if len(kept) == n:
                break
        return [rows[i] for i in kept]

    return keep_t, pick(pairs, N_PAIRS), pick(sts, N_STS)


def build_fixtures() -> tuple[dict, dict, dict]:
    cands = candidate_rows()
    sentences = sorted({s for rows in cands for r in rows for s in r[:3] if isinstance(s, str)})
    models = {}
    for name in TINY_MODELS:
        path = ROOT / "test" / "fixtures" / "models" / name
        if (path / "modules.json").exists():
            emb = load_model(path).encode(sentences, batch_size=BATCH_SIZE, convert_to_numpy=True)
            models[name] = dict(zip(sentences, emb))
        else:
            print(f"[eval goldens] MISSING tiny model {path} (run test/reference/make_fixtures.py)", flush=True)
    trip, pairs, sts = select_robust(cands, models)
    assert len(trip) == N_TRIPLETS and len(pairs) == N_PAIRS and len(sts) == N_STS, (len(trip), len(pairs), len(sts))
    return (
        {"anchors": [r[0] for r in trip], "positives": [r[1] for r in trip], "negatives": [r[2] for r in trip]},
        {"sentences1": [r[0] for r in pairs], "sentences2": [r[1] for r in pairs], "labels": [r[2] for r in pairs]},
        {"sentences1": [r[0] for r in sts], "sentences2": [r[1] for r in sts], "scores": [r[2] for r in sts]},
    )


def write_fixture_files(out: Path, triplets: dict, pairs: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # TSV, no quoting (no STSb sentence holds a tab): the format `sbert eval triplets` reads from *.tsv.
    with open(out / "stsb-triplets.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("anchor\tpositive\tnegative\n")
        for a, p, n in zip(triplets["anchors"], triplets["positives"], triplets["negatives"]):
            assert "\t" not in a + p + n and "\n" not in a + p + n
            f.write(f"{a}\t{p}\t{n}\n")
    # CSV as Python's csv module writes it (quotes where needed): what `sbert eval pairs` reads from *.csv.
    with open(out / "stsb-pairs.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sentence1", "sentence2", "label"])
        for row in zip(pairs["sentences1"], pairs["sentences2"], pairs["labels"]):
            w.writerow(row)


# ---------------------------------------------------------------- helpers
def f32_b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def clean(v):
    """JSON-safe: numpy scalars to Python numbers, NaN to null."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    return v


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clean(obj), indent=1) + "\n", encoding="utf-8")
    print(f"[eval goldens] wrote {path} ({path.stat().st_size} bytes)", flush=True)


def load_model(path: Path):
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)  # deterministic float sums
    return SentenceTransformer(str(path), device="cpu")


def with_fixed_embeddings(evaluator, table: dict[str, np.ndarray]):
    """Make the reference evaluator use exactly the embeddings we store (looked up by sentence)."""
    evaluator.embed_inputs = lambda model, sentences, **kw: np.stack([table[s] for s in sentences])
    return evaluator


def run_evaluators(model, table: dict[str, np.ndarray], triplets: dict, pairs: dict, sts: dict, fns: list[str]):
    from sentence_transformers.sentence_transformer.evaluation import (
        BinaryClassificationEvaluator,
        EmbeddingSimilarityEvaluator,
        TripletEvaluator,
    )

    t = with_fixed_embeddings(
        TripletEvaluator(triplets["anchors"], triplets["positives"], triplets["negatives"], similarity_fn_names=fns), table
    )
    b = with_fixed_embeddings(
        BinaryClassificationEvaluator(pairs["sentences1"], pairs["sentences2"], pairs["labels"], similarity_fn_names=fns),
        table,
    )
    e = with_fixed_embeddings(
        EmbeddingSimilarityEvaluator(sts["sentences1"], sts["sentences2"], sts["scores"], similarity_fn_names=fns), table
    )
    return {"triplets": t(model), "pairs": b(model), "sts": e(model)}


class _NoModel:
    """Stands in for a model when the embeddings are fixed: the evaluators only record metrics on it."""

    similarity_fn_name = "cosine"

    class model_card_data:  # noqa: N801
        @staticmethod
        def set_evaluation_metrics(*args, **kwargs):
            pass


# ---------------------------------------------------------------- (a) statistics
def statistics_goldens() -> dict:
    from sentence_transformers.sentence_transformer.evaluation import BinaryClassificationEvaluator as B

    rng = np.random.default_rng(7)
    gold_ties = [0.0, 0.2, 0.2, 0.4, 0.4, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0, 0.6]
    pred_ties = [0.1, 0.3, 0.3, 0.2, 0.5, 0.5, 0.7, 0.9, 0.6, 0.9, 0.9, 0.4]
    corr_cases = {
        "ties_both": (gold_ties, pred_ties),
        "ties_gold_only": (gold_ties, [float(x) for x in rng.normal(size=12)]),
        "negative": ([1, 2, 3, 4, 5, 6, 7], [10, 9, 2.5, 6, 4, 3, 2]),
        "perfect_monotone_nonlinear": ([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]),
        "two_points": ([1, 2], [5, 3]),
        "float32_scores": (
            [float(x) for x in rng.uniform(0, 5, size=40).round(1)],
            [float(x) for x in rng.normal(size=40).astype(np.float32)],
        ),
        "constant": ([1, 1, 1, 1], [1, 2, 3, 4]),
    }
    correlations = {}
    for name, (x, y) in corr_cases.items():
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            correlations[name] = {
                "x": x,
                "y": y,
                "pearson": scipy.stats.pearsonr(x, y)[0],
                "spearman": scipy.stats.spearmanr(x, y)[0],
                "rank_x": scipy.stats.rankdata(x).tolist(),
                "rank_y": scipy.stats.rankdata(y).tolist(),
            }

    labels_a = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
    scores_a = [0.9, 0.8, 0.8, 0.7, 0.7, 0.7, 0.4, 0.3, 0.3, 0.1]
    scores_f32 = rng.normal(size=30).astype(np.float32)
    labels_f32 = (rng.uniform(size=30) < 0.4).astype(int)
    int_scores = rng.integers(-3, 4, size=25).astype(np.float32)
    int_labels = (rng.uniform(size=25) < 0.5).astype(int)
    bin_cases = {
        "ties": (labels_a, scores_a),
        "float32_random": (labels_f32.tolist(), scores_f32.tolist()),
        "integer_scores_many_ties": (int_labels.tolist(), int_scores.tolist()),
        "all_positive": ([1, 1, 1], [0.5, 0.2, 0.9]),
        "one_negative": ([0], [0.3]),
    }
    binary = {}
    for name, (labels, scores) in bin_cases.items():
        s32 = np.asarray(scores, dtype=np.float32)
        lab = np.asarray(labels)
        case = {"labels": labels, "scores": s32.tolist()}
        if lab.sum() > 0:
            case["average_precision"] = sklearn.metrics.average_precision_score(lab, s32)
        case["mcc_at_0_5"] = sklearn.metrics.matthews_corrcoef(lab, (s32 >= 0.5).astype(int))
        for direction, high in (("high", True), ("low", False)):
            acc, acc_t = B.find_best_acc_and_threshold(s32, lab, high)
            f1, p, r, f1_t = B.find_best_f1_and_threshold(s32, lab, high)
            case[f"search_{direction}"] = {
                "accuracy": acc,
                "accuracy_threshold": acc_t,
                "f1": f1,
                "precision": p,
                "recall": r,
                "f1_threshold": f1_t,
            }
        binary[name] = case
    return {"correlations": correlations, "binary": binary}


# ---------------------------------------------------------------- (a) evaluators
def reference_scores(table: dict, triplets: dict, pairs: dict, sts: dict, fns: list[str]) -> dict:
    """The reference's own pairwise similarities (float32, base64) that its evaluators compute
    from these embeddings: the metric code is then checked on bit-identical inputs."""
    from sentence_transformers import util

    f = {"cosine": util.pairwise_cos_sim, "euclidean": util.pairwise_euclidean_sim,
         "manhattan": util.pairwise_manhattan_sim, "dot": util.pairwise_dot_score}

    def run(xs, ys):
        a = np.stack([table[x] for x in xs])
        b = np.stack([table[y] for y in ys])
        return {fn: f32_b64(f[fn](a, b).numpy()) for fn in fns}

    return {
        "triplets_positive": run(triplets["anchors"], triplets["positives"]),
        "triplets_negative": run(triplets["anchors"], triplets["negatives"]),
        "pairs": run(pairs["sentences1"], pairs["sentences2"]),
        "sts": run(sts["sentences1"], sts["sentences2"]),
    }


def evaluator_goldens(triplets: dict, pairs: dict, sts_small: dict) -> tuple[dict, dict]:
    dev = read_sts(STS_DIR / "sts-dev.csv")
    sentences = sorted(
        {*triplets["anchors"], *triplets["positives"], *triplets["negatives"], *pairs["sentences1"],
         *pairs["sentences2"], *sts_small["sentences1"], *sts_small["sentences2"]}
    )
    cases = {}
    # Synthetic integer embeddings: exact similarities with many ties (threshold groups, average
    # ranks). Cosine is left out: torch's float32 normalisation breaks mathematically equal cosines
    # apart by an ulp in ways a float64 computation does not reproduce.
    rng = np.random.default_rng(11)
    synth = rng.integers(-2, 3, size=(len(sentences), 6)).astype(np.float32)
    synth_table = dict(zip(sentences, synth))
    synth_fns = ["euclidean", "manhattan", "dot"]
    cases["synthetic-integers"] = {
        "similarity_fn_names": synth_fns,
        "embeddings": f32_b64(synth),
        "dim": 6,
        "scores": reference_scores(synth_table, triplets, pairs, sts_small, synth_fns),
        "results": run_evaluators(_NoModel(), synth_table, triplets, pairs, sts_small, synth_fns),
    }
    sts_dev = {}
    dev_data = {"sentences1": [r[0] for r in dev], "sentences2": [r[1] for r in dev], "scores": [r[2] for r in dev]}
    from sentence_transformers.sentence_transformer.evaluation import EmbeddingSimilarityEvaluator

    for name in TINY_MODELS:
        path = ROOT / "test" / "fixtures" / "models" / name
        if not (path / "modules.json").exists():
            continue
        model = load_model(path)
        emb = model.encode(sentences, batch_size=BATCH_SIZE, convert_to_numpy=True)
        table = dict(zip(sentences, emb))
        cases[name] = {
            "similarity_fn_names": ALL_FNS,
            "embeddings": f32_b64(emb),
            "dim": int(emb.shape[1]),
            "scores": reference_scores(table, triplets, pairs, sts_small, ALL_FNS),
            "results": run_evaluators(model, table, triplets, pairs, sts_small, ALL_FNS),
        }
        # The whole dev set through the reference's own encode, for the end-to-end check.
        t0 = time.time()
        ese = EmbeddingSimilarityEvaluator(**dev_data, similarity_fn_names=ALL_FNS, name="sts-dev")
        sts_dev[name] = ese(model)
        print(f"[eval goldens] {name}: sts-dev spearman_cosine {sts_dev[name]['sts-dev_spearman_cosine']:.6f} "
              f"({time.time() - t0:.1f}s)", flush=True)
    import hashlib

    evaluators = {
        # What these numbers were computed from: a test names this script when a model changes.
        "model_sha256": {
            name: hashlib.sha256((ROOT / "test" / "fixtures" / "models" / name / "model.safetensors").read_bytes()).hexdigest()
            for name in TINY_MODELS
            if (ROOT / "test" / "fixtures" / "models" / name / "model.safetensors").exists()
        },
        "tie_gap": TIE_GAP,
        "sentences": sentences,
        "sts_small": sts_small,
        "cases": cases,
    }
    return evaluators, sts_dev


# ---------------------------------------------------------------- (b) real models
# all-MiniLM-L6-v2 is required (`npm run fetch-model`); the others are written when their folder is
# there (`npm run fetch-model -- all-mpnet-base-v2`; `npm run setup` fetches them all).
REAL_MODELS = ["all-MiniLM-L6-v2", "all-mpnet-base-v2"]
REQUIRED_REAL_MODELS = {"all-MiniLM-L6-v2"}


def real_golden(name: str) -> None:
    from sentence_transformers.sentence_transformer.evaluation import EmbeddingSimilarityEvaluator

    model_dir = ROOT / ".cache" / "models" / name
    test = read_sts(STS_DIR / "sts-test.csv")
    model = load_model(model_dir)
    t0 = time.time()
    ese = EmbeddingSimilarityEvaluator(
        [r[0] for r in test], [r[1] for r in test], [r[2] for r in test], similarity_fn_names=ALL_FNS, name="sts-test"
    )
    results = ese(model)
    out = {
        "model": name,
        "data": "stsbenchmark/sts-test.csv",
        "pairs": len(test),
        "similarity_fn_names": ALL_FNS,
        "reference": "sentence-transformers 6.2.0 EmbeddingSimilarityEvaluator",
        "seconds": round(time.time() - t0, 1),
        "results": results,
    }
    # Temp file + rename: a reader never sees half a file.
    final = ROOT / ".cache" / "goldens" / "eval" / f"{name}-sts-test.json"
    tmp = final.with_name(final.name + f".tmp-{os.getpid()}")
    write_json(tmp, out)
    os.replace(tmp, final)
    print(f"[eval goldens] {name} sts-test spearman_cosine {results['sts-test_spearman_cosine']:.6f} -> {final.name}", flush=True)


def real_goldens(names: list[str]) -> int:
    for name in names:
        if name not in REAL_MODELS:
            print(f"error: unknown real model {name!r} (known: {', '.join(REAL_MODELS)})", file=sys.stderr)
            return 2
    todo = []
    for name in names or REAL_MODELS:
        model_dir = ROOT / ".cache" / "models" / name
        if (model_dir / "modules.json").exists():
            todo.append(name)
        elif names or name in REQUIRED_REAL_MODELS:
            print(f"error: {model_dir} is missing: run `npm run fetch-model -- {name}` first", file=sys.stderr)
            return 1
        else:
            print(f"[eval goldens] note: {model_dir} is missing (`npm run fetch-model -- {name}`); left out", flush=True)
    for name in todo:
        real_golden(name)
    return 0


def write_committed(out: Path) -> None:
    triplets, pairs, sts_small = build_fixtures()
    write_fixture_files(out, triplets, pairs)
    write_json(out / "statistics.json", statistics_goldens())
    evaluators, sts_dev = evaluator_goldens(triplets, pairs, sts_small)
    write_json(out / "evaluators.json", evaluators)
    write_json(out / "sts-dev.json", {"data": "stsbenchmark/sts-dev.csv", "similarity_fn_names": ALL_FNS,
                                      "results": sts_dev})


CHECK_ATOL = 1e-6  # numbers (and decoded float32 blobs) in the JSON files; text files exactly


def differences(a, b, where: str) -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys differ ({sorted(set(a) ^ set(b))})"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} vs {len(b)} entries"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return [] if abs(a - b) <= CHECK_ATOL else [f"{where}: {a} vs {b}"]
    if isinstance(a, str) and isinstance(b, str) and a != b and len(a) > 64 and len(a) % 4 == 0:
        try:  # a float32 blob (embeddings, scores): compare the numbers
            x = np.frombuffer(base64.b64decode(a), dtype="<f4")
            y = np.frombuffer(base64.b64decode(b), dtype="<f4")
            if x.shape == y.shape and np.max(np.abs(x - y)) <= CHECK_ATOL:
                return []
        except ValueError:
            pass
    return [] if a == b else [f"{where}: differs"]


def check() -> int:
    """Regenerates into a temporary folder and compares with the committed test/fixtures/eval/."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sbert-eval-goldens-") as tmp:
        write_committed(Path(tmp))
        problems = []
        for f in sorted(Path(tmp).iterdir()):
            committed = EVAL_DIR / f.name
            if not committed.exists():
                problems.append(f"{committed}: missing")
            elif f.suffix == ".json":
                problems += differences(json.loads(f.read_text()), json.loads(committed.read_text()), f.name)
            elif f.read_bytes() != committed.read_bytes():
                problems.append(f"{committed}: differs")
    for p in problems[:50]:
        print(f"DRIFT {p}")
    print(f"[eval goldens] check: {'FAIL' if problems else 'OK'} ({len(problems)} differences, atol {CHECK_ATOL})")
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", nargs="*", metavar="NAME", default=None,
                    help="(b) real models on STSb test into .cache/goldens/eval/ (no NAME: " + ", ".join(REAL_MODELS) + ")")
    ap.add_argument("--check", action="store_true", help="(a) into a temp folder, compared with test/fixtures/eval/")
    args = ap.parse_args()
    if args.real is not None:
        return real_goldens(args.real)
    if args.check:
        return check()
    write_committed(EVAL_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
