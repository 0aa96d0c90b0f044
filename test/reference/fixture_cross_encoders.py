"""Tiny random-weight cross-encoders and their golden outputs.

Each model is a seeded Hugging Face *ForSequenceClassification (the tiny bi-encoder fixtures'
sizes and tokenizers, fixture_models.py; MPNet's tokenizer built as tiny-mpnet's), saved by
sentence-transformers' CrossEncoder.save(), reloaded from that folder and run on PAIRS: the
logits, predict() with the folder's activation, predict(apply_softmax=True) for three labels,
rank() on a query, the evaluators' metrics, and the token ids of every pair. Two more folders
keep older layouts (no modules.json; the activation in config.json under
`sbert_ce_default_activation_function` (< v4) or `sentence_transformers` (v4, v5)); the generator
checks that the reference loads them with that activation."""
from __future__ import annotations

import json
import random
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from common import read_sts_rows, sts_dir
from fixture_models import MAX_SEQ_LENGTH, TinySpec, hf_config, mpnet_tokenizer, randomize_, versions

# predict() batch size for the goldens: several padded, length-sorted batches over PAIRS.
BATCH_SIZE = 16
# Scores closer than this under a model would make rank order a coin toss between backends.
RANK_TIE_GAP = 1e-4
RANK_DOCUMENTS = 12


@dataclass(frozen=True)
class CrossSpec:
    name: str
    model_type: str  # bert | roberta | distilbert | xlm-roberta | mpnet
    tokenizer: str  # folder under fixtures/tokenizers (mpnet: rebuilt from it, see fixture_models.mpnet_tokenizer)
    num_labels: int
    seed: int


SPECS = [
    CrossSpec("tiny-ce-bert-1", "bert", "wordpiece", 1, 201),
    CrossSpec("tiny-ce-bert-3", "bert", "wordpiece", 3, 202),
    CrossSpec("tiny-ce-roberta-1", "roberta", "bpe", 1, 203),
    CrossSpec("tiny-ce-roberta-3", "roberta", "bpe", 3, 204),
    CrossSpec("tiny-ce-distilbert-1", "distilbert", "wordpiece", 1, 205),
    CrossSpec("tiny-ce-distilbert-3", "distilbert", "wordpiece", 3, 206),
    CrossSpec("tiny-ce-xlmr-1", "xlm-roberta", "unigram", 1, 207),
    CrossSpec("tiny-ce-xlmr-3", "xlm-roberta", "unigram", 3, 208),
    CrossSpec("tiny-ce-mpnet-1", "mpnet", "wordpiece", 1, 209),
    CrossSpec("tiny-ce-mpnet-3", "mpnet", "wordpiece", 3, 210),
]

# Older layouts: (folder, weights of, config.json additions, tokenizer model_max_length, expected activation).
LEGACY = [
    # sentence-transformers < 4: the hub's ms-marco cross-encoders name Identity here.
    ("tiny-ce-bert-1-v3", "tiny-ce-bert-1", {"sbert_ce_default_activation_function": "torch.nn.modules.linear.Identity"}, 512, "Identity"),
    # sentence-transformers 4 and 5: a `sentence_transformers` block in config.json.
    ("tiny-ce-distilbert-3-v4", "tiny-ce-distilbert-3",
     {"sentence_transformers": {"activation_fn": "torch.nn.modules.activation.Sigmoid", "version": "4.1.0"}}, 512, "Sigmoid"),
]


def hf_model(spec: CrossSpec):
    from transformers import AutoModelForSequenceClassification

    config = hf_config(TinySpec(spec.name, spec.model_type, spec.tokenizer, "cls", spec.seed))
    config.num_labels = spec.num_labels
    torch.manual_seed(spec.seed)
    model = AutoModelForSequenceClassification.from_config(config)
    randomize_(model, spec.seed)
    return model.eval()


def tokenizer(spec: CrossSpec, tokenizers_dir: Path):
    """The fixture tokenizer, or for MPNet the WordPiece fixture with MPNet's specials, as tiny-mpnet's."""
    from transformers import AutoTokenizer

    if spec.model_type == "mpnet":
        return mpnet_tokenizer(tokenizers_dir / spec.tokenizer)
    return AutoTokenizer.from_pretrained(str(tokenizers_dir / spec.tokenizer))


def tokenizer_key(spec: CrossSpec) -> str:
    """The tokenizer's name in the goldens (`tokenizer`, `pair_ids`): its fixture folder, or "mpnet"."""
    return "mpnet" if spec.model_type == "mpnet" else spec.tokenizer


def build(spec: CrossSpec, tokenizers_dir: Path, out: Path) -> None:
    from sentence_transformers import CrossEncoder

    tok = tokenizer(spec, tokenizers_dir)
    with tempfile.TemporaryDirectory() as tmp:
        hf_model(spec).save_pretrained(tmp)
        tok.save_pretrained(tmp)
        ce = CrossEncoder(tmp, max_length=MAX_SEQ_LENGTH, device="cpu")
        if out.exists():
            shutil.rmtree(out)
        ce.save(str(out))
    # The model card embeds dates and training details; it is not a format file.
    (out / "README.md").unlink(missing_ok=True)


def build_legacy(folder: str, of: CrossSpec, extra: dict, max_length: int, tokenizers_dir: Path, out: Path) -> None:
    """A plain transformers folder (save_pretrained of model and tokenizer) with `extra` merged
    into config.json, as CrossEncoder.save wrote before modules.json."""
    from transformers import AutoTokenizer

    target = out / folder
    if target.exists():
        shutil.rmtree(target)
    hf_model(of).save_pretrained(str(target))
    tok = AutoTokenizer.from_pretrained(str(tokenizers_dir / of.tokenizer))
    tok.model_max_length = max_length
    tok.save_pretrained(str(target))
    config_path = target / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config.update(extra)
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def torture_pairs(n: int) -> list[list[str]]:
    """`n` pairs of torture strings (test/reference/make_tokenizer_goldens.py), seeded: empty,
    control, CJK, emoji and over-long texts land on both sides."""
    from make_tokenizer_goldens import torture_strings

    texts = [t for t in torture_strings() if len(t) <= 2000]
    rng = random.Random(15)
    return [[rng.choice(texts), rng.choice(texts)] for _ in range(n)]


def long_pairs(rows: list[tuple[str, str, float]]) -> list[list[str]]:
    """Pairs over the max length on one side or both (longest_first cuts the longer side first)."""
    joined = lambda start, k: " ".join(r[0] for r in rows[start:start + k])  # noqa: E731
    return [[joined(700 + 10 * i, 1 + i % 4), joined(800 + 10 * i, 1 + (i * 3) % 5)] for i in range(16)]


def sts_rows() -> list[tuple[str, str, float]]:
    rows = read_sts_rows(sts_dir() / "sts-dev.csv")
    return [(r[5], r[6], float(r[4])) for r in rows]


def eval_data() -> dict:
    """Small evaluator inputs from STSb dev, in file order."""
    rows = sts_rows()
    pairs = rows[:60]
    corpus = [r[1] for r in rows[100:180]]
    rerank_pn = [{"query": rows[200 + i][0], "positive": [rows[200 + i][1]] + ([rows[300 + i][1]] if i % 3 == 0 else []),
                  "negative": corpus[i * 5:(i * 5) + 6]} for i in range(8)]
    # `documents` samples (a retriever's list): one whose positives are not all retrieved, one with none.
    rerank_docs = []
    for i in range(6):
        pos = [rows[400 + i][1], rows[410 + i][1]]
        docs = corpus[40 + i * 4:40 + i * 4 + 7]
        if i != 4:
            docs = docs[:3] + [pos[0]] + docs[3:]
        if i % 2 == 0 and i != 4:
            docs = docs + [pos[1]]
        rerank_docs.append({"query": rows[400 + i][0], "positive": pos, "documents": docs})
    return {
        "pairs": [[a, b] for a, b, _ in pairs],
        "scores": [s / 5.0 for _, _, s in pairs],
        "binary_labels": [int(s >= 2.5) for _, _, s in pairs],
        "ternary_labels": [0 if s < 1.7 else 1 if s < 3.4 else 2 for _, _, s in pairs],
        "rerank_positive_negative": rerank_pn,
        "rerank_documents": rerank_docs,
    }


def run_evaluators(models: dict, data: dict) -> dict:
    from sentence_transformers.cross_encoder.evaluation import (
        CrossEncoderClassificationEvaluator,
        CrossEncoderCorrelationEvaluator,
        CrossEncoderRerankingEvaluator,
    )

    out: dict = {}
    for name in ("tiny-ce-bert-1", "tiny-ce-roberta-1", "tiny-ce-mpnet-1"):
        m = models[name]
        out[name] = {
            "reranking": CrossEncoderRerankingEvaluator(data["rerank_positive_negative"], write_csv=False)(m),
            "reranking_documents": CrossEncoderRerankingEvaluator(data["rerank_documents"], at_k=5, name="docs", write_csv=False)(m),
            "classification": CrossEncoderClassificationEvaluator(data["pairs"], data["binary_labels"], write_csv=False)(m),
            "correlation": CrossEncoderCorrelationEvaluator(data["pairs"], data["scores"], name="sts", write_csv=False)(m),
        }
    for name in ("tiny-ce-bert-3", "tiny-ce-xlmr-3", "tiny-ce-mpnet-3"):
        out[name] = {"classification": CrossEncoderClassificationEvaluator(data["pairs"], data["ternary_labels"], name="nli", write_csv=False)(models[name])}
    return {k: {e: {mk: float(mv) for mk, mv in metrics.items()} for e, metrics in v.items()} for k, v in out.items()}


def rank_documents(models: list, query: str, candidates: list[str], n: int) -> list[str]:
    """The first `n` candidates (in order) whose scores stay RANK_TIE_GAP apart under every model,
    so rank order does not hang on float noise."""
    scores = [m.predict([[query, c] for c in candidates], batch_size=BATCH_SIZE) for m in models]
    chosen: list[int] = []
    for i in range(len(candidates)):
        if all(all(abs(float(s[i]) - float(s[j])) >= RANK_TIE_GAP for j in chosen) for s in scores):
            chosen.append(i)
        if len(chosen) == n:
            return [candidates[i] for i in chosen]
    raise RuntimeError(f"only {len(chosen)} of {n} rank documents are {RANK_TIE_GAP} apart under every model")


def pair_ids(ce, pairs: list[list[str]]) -> list[list[int]]:
    """Unpadded input_ids of each pair as CrossEncoder.preprocess builds them (one batch each, so
    nothing depends on batching)."""
    out = []
    for i in range(0, len(pairs), 64):
        f = ce.preprocess(pairs[i:i + 64])
        for ids, mask in zip(f["input_ids"].tolist(), f["attention_mask"].tolist()):
            out.append([t for t, m in zip(ids, mask) if m == 1])
    return out


def write_cross_encoders(root: Path) -> None:
    from safetensors.torch import save_file
    from sentence_transformers import CrossEncoder

    models_dir, goldens_dir = root / "cross_encoders", root / "goldens"
    models_dir.mkdir(parents=True, exist_ok=True)
    goldens_dir.mkdir(parents=True, exist_ok=True)
    by_name = {s.name: s for s in SPECS}
    for spec in SPECS:
        build(spec, root / "tokenizers", models_dir / spec.name)
    for folder, of, extra, max_length, _ in LEGACY:
        build_legacy(folder, by_name[of], extra, max_length, root / "tokenizers", models_dir)

    rows = sts_rows()
    pairs = torture_pairs(240) + long_pairs(rows)
    query = rows[500][0]
    one_label = [CrossEncoder(str(models_dir / s.name), device="cpu") for s in SPECS if s.num_labels == 1]
    documents = rank_documents(one_label, query, [r[1] for r in rows[500:620]], RANK_DOCUMENTS)
    documents.insert(7, documents[2])  # an exact duplicate: equal scores, rank keeps corpus order

    tensors: dict[str, torch.Tensor] = {}
    meta_models: dict = {}
    loaded: dict = {}
    ids_by_tokenizer: dict = {}
    for spec in SPECS:
        ce = CrossEncoder(str(models_dir / spec.name), device="cpu")
        loaded[spec.name] = ce
        logits = ce.predict(pairs, batch_size=BATCH_SIZE, activation_fn=torch.nn.Identity())
        scores = ce.predict(pairs, batch_size=BATCH_SIZE)
        tensors[f"{spec.name}.logits"] = torch.from_numpy(np.asarray(logits, dtype=np.float32).reshape(len(pairs), -1).copy())
        tensors[f"{spec.name}.scores"] = torch.from_numpy(np.asarray(scores, dtype=np.float32).copy())
        entry: dict = {"dir": f"cross_encoders/{spec.name}", "model_type": spec.model_type, "tokenizer": tokenizer_key(spec),
                       "num_labels": spec.num_labels, "activation_fn": type(ce.activation_fn).__name__,
                       "max_seq_length": int(ce.max_seq_length)}
        if spec.num_labels > 1:
            soft = ce.predict(pairs, batch_size=BATCH_SIZE, apply_softmax=True)
            tensors[f"{spec.name}.softmax"] = torch.from_numpy(np.asarray(soft, dtype=np.float32).copy())
        else:
            ranked = ce.rank(query, documents, batch_size=BATCH_SIZE)
            gaps = np.diff(sorted(r["score"] for r in ranked))
            dup = [r for r in ranked if r["corpus_id"] in (2, 7)]
            if dup[0]["score"] != dup[1]["score"]:
                raise RuntimeError(f"{spec.name}: the duplicate documents scored differently")
            near = [g for g in gaps if 0 < g < RANK_TIE_GAP]
            if near:
                raise RuntimeError(f"{spec.name}: rank scores nearly tied ({near[:3]}); pick other documents")
            entry["rank"] = [r["corpus_id"] for r in ranked]
            entry["rank_top5"] = [{"corpus_id": r["corpus_id"], "text": r["text"]} for r in ce.rank(query, documents, top_k=5, return_documents=True, batch_size=BATCH_SIZE)]
            tensors[f"{spec.name}.rank_scores"] = torch.tensor([r["score"] for r in ranked], dtype=torch.float32)
        meta_models[spec.name] = entry
        if tokenizer_key(spec) not in ids_by_tokenizer:
            ids_by_tokenizer[tokenizer_key(spec)] = pair_ids(ce, pairs)

    legacy_meta = {}
    for folder, of, _, _, activation in LEGACY:
        ce = CrossEncoder(str(models_dir / folder), device="cpu")
        got = type(ce.activation_fn).__name__
        if got != activation:
            raise RuntimeError(f"{folder}: the reference chose {got}, expected {activation}")
        tensors[f"{folder}.scores"] = torch.from_numpy(np.asarray(ce.predict(pairs, batch_size=BATCH_SIZE), dtype=np.float32).reshape(len(pairs), -1).copy())
        legacy_meta[folder] = {"dir": f"cross_encoders/{folder}", "weights_of": of, "activation_fn": got, "max_seq_length": int(ce.max_seq_length)}

    data = eval_data()
    evaluators = run_evaluators(loaded, data)
    save_file(tensors, str(goldens_dir / "cross_encoders.safetensors"))
    meta = {
        "notes": "Scores of CrossEncoder.predict(pairs, batch_size=16) (length-sorted padded batches): "
                 "<name>.logits with activation Identity [N, num_labels], <name>.scores with the folder's "
                 "activation ([N] for one label), <name>.softmax with apply_softmax=True; rank(query, documents) "
                 "order and scores; pair_ids: unpadded input_ids per pair from CrossEncoder.preprocess, per tokenizer "
                 "(mpnet: the WordPiece fixture with MPNet's specials).",
        "batch_size": BATCH_SIZE,
        "pairs": pairs,
        "pair_ids": ids_by_tokenizer,
        "models": meta_models,
        "legacy": legacy_meta,
        "rank": {"query": query, "documents": documents},
        "eval": {"data": data, "metrics": evaluators},
        "versions": versions(),
    }
    (goldens_dir / "cross_encoders.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
