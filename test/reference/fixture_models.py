"""Tiny random-weight Sentence-Transformers models and their golden outputs.

Each model is built from real sentence_transformers modules around a seeded Hugging Face model,
saved with SentenceTransformer.save(), reloaded from that folder, and run on GOLDEN_SENTENCES.
Weights are drawn wider than the HF default init (std 0.2, random biases and LayerNorm params)
so attention is far from uniform and every bias / LayerNorm term changes the numbers."""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

HIDDEN = 32
LAYERS = 2
HEADS = 4
INTERMEDIATE = 64
MAX_POSITIONS = 64
MAX_SEQ_LENGTH = 32
VOCAB = 500  # = fixture_tokenizers.VOCAB_SIZE
WEIGHT_STD = 0.2
BIAS_STD = 0.1
LN_STD = 0.1
# encode() sorts the batch by length and may order float sums differently than one forward pass.
ENCODE_VS_FORWARD_ATOL = 1e-6


@dataclass(frozen=True)
class TinySpec:
    name: str
    model_type: str  # bert | roberta | distilbert | xlm-roberta | mpnet
    tokenizer: str  # folder under fixtures/tokenizers (mpnet: rebuilt from it, see mpnet_tokenizer)
    pooling: str  # sentence_transformers pooling mode
    seed: int
    dense_out: int | None = None  # 2_Dense (Tanh) + 3_Normalize when set


SPECS = [
    TinySpec("tiny-bert", "bert", "wordpiece", "mean", 101),
    TinySpec("tiny-roberta", "roberta", "bpe", "mean", 102),
    TinySpec("tiny-distilbert", "distilbert", "wordpiece", "cls", 103),
    TinySpec("tiny-xlmr", "xlm-roberta", "unigram", "mean", 104),
    TinySpec("tiny-bert-dense", "bert", "wordpiece", "max", 105, dense_out=16),
    TinySpec("tiny-mpnet", "mpnet", "wordpiece", "mean", 106),
]

LONG_SENTENCE = (
    "This sentence is deliberately much longer than the maximum sequence length of the tiny models, "
    "so the tokenizer has to truncate it: a man is playing a guitar on the street while a woman "
    "slices an onion in the kitchen and two dogs run across a green field under the bright sun."
)
# Placeholder replaced per model by a sentence that tokenizes to exactly MAX_SEQ_LENGTH ids.
EXACT_PLACEHOLDER = "<exact>"
GOLDEN_SENTENCES = [
    "A man is playing a flute.",
    "",
    LONG_SENTENCE,
    EXACT_PLACEHOLDER,
    "Café naïve résumé: Zoë's façade in São Paulo.",
    "日本語のテキストと中文句子。",
    "Emoji test 😀🎉 with 👍🏽 thumbs up!",
    "   MiXeD CaSe WoRdS\twith  extra \n whitespace   ",
]
# Per-layer goldens are the bulk of the fixtures, so only where they add information:
# hidden states for every architecture (tiny-bert-dense shares tiny-bert's; its job is to pin max
# pooling + Dense + Normalize), attention probabilities for the two attention implementations
# (BERT's, shared by RoBERTa/XLM-R, DistilBERT's, and MPNet's with its relative position bias).
LAYER_GOLDENS = {"tiny-bert", "tiny-roberta", "tiny-distilbert", "tiny-xlmr", "tiny-mpnet"}
ATTENTION_GOLDENS = {"tiny-bert", "tiny-distilbert", "tiny-mpnet"}
# MPNetEncoder.relative_position_bucket for every relative position in this range (goldens/).
BUCKET_RANGE = 600


def hf_config(spec: TinySpec):
    from transformers import BertConfig, DistilBertConfig, MPNetConfig, RobertaConfig, XLMRobertaConfig

    if spec.model_type == "bert":
        return BertConfig(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                          intermediate_size=INTERMEDIATE, max_position_embeddings=MAX_POSITIONS, pad_token_id=0)
    if spec.model_type == "distilbert":
        return DistilBertConfig(vocab_size=VOCAB, dim=HIDDEN, n_layers=LAYERS, n_heads=HEADS, hidden_dim=INTERMEDIATE,
                                max_position_embeddings=MAX_POSITIONS, pad_token_id=0)
    if spec.model_type == "mpnet":
        # all-mpnet-base-v2's values where the tiny sizes allow: eps 1e-5, 32 relative buckets, pad 1.
        return MPNetConfig(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                           intermediate_size=INTERMEDIATE, max_position_embeddings=MAX_POSITIONS, layer_norm_eps=1e-5,
                           relative_attention_num_buckets=32, pad_token_id=1, bos_token_id=0, eos_token_id=2)
    cls = RobertaConfig if spec.model_type == "roberta" else XLMRobertaConfig
    return cls(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
               intermediate_size=INTERMEDIATE, max_position_embeddings=MAX_POSITIONS, type_vocab_size=1,
               layer_norm_eps=1e-5, pad_token_id=1, bos_token_id=0, eos_token_id=2)


def randomize_(module: torch.nn.Module, seed: int) -> None:
    """Overwrite every parameter from a seeded generator, in name order (independent of HF init)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(module.named_parameters(), key=lambda kv: kv[0]):
            noise = torch.randn(p.shape, generator=gen, dtype=torch.float32)
            is_norm = "LayerNorm" in name or "layer_norm" in name
            if is_norm and name.endswith("weight"):
                p.copy_(1.0 + LN_STD * noise)
            elif is_norm or name.endswith("bias"):
                p.copy_((LN_STD if is_norm else BIAS_STD) * noise)
            else:
                p.copy_(WEIGHT_STD * noise)


def mpnet_tokenizer(wordpiece_dir: Path):
    """The WordPiece fixture with MPNet's specials, laid out like all-mpnet-base-v2's vocab.txt
    (<s> <pad> </s> <unk>, then the BERT vocabulary with its [PAD] [UNK] ..., <mask> last) and
    saved by transformers' own MPNetTokenizer (BertNormalizer, BertPreTokenizer, WordPiece with
    unk [UNK], RobertaProcessing <s> ... </s>). The longest BERT piece makes room for <mask>."""
    from transformers import MPNetTokenizer

    wordpiece = json.loads((wordpiece_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    pieces = [t for t, _ in sorted(wordpiece.items(), key=lambda kv: kv[1])]
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    tokens = specials + pieces[: VOCAB - len(specials) - 1] + ["<mask>"]
    return MPNetTokenizer(vocab={t: i for i, t in enumerate(tokens)}, do_lower_case=True, model_max_length=512)


def build_model(spec: TinySpec, tokenizers_dir: Path, out: Path) -> None:
    from sentence_transformers import SentenceTransformer, models
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(spec.seed)
    hf = AutoModel.from_config(hf_config(spec))
    randomize_(hf, spec.seed)
    hf.eval()
    tok = (mpnet_tokenizer(tokenizers_dir / spec.tokenizer) if spec.model_type == "mpnet"
           else AutoTokenizer.from_pretrained(str(tokenizers_dir / spec.tokenizer)))
    if len(tok) != VOCAB:
        raise RuntimeError(f"{spec.name}: tokenizer has {len(tok)} ids, the model {VOCAB}")
    with tempfile.TemporaryDirectory() as tmp:
        hf.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        transformer = models.Transformer(tmp, max_seq_length=MAX_SEQ_LENGTH)
        modules: list[torch.nn.Module] = [transformer, models.Pooling(HIDDEN, spec.pooling)]
        if spec.dense_out is not None:
            dense = models.Dense(HIDDEN, spec.dense_out, activation_function=torch.nn.Tanh())
            randomize_(dense, spec.seed + 1000)
            modules += [dense, models.Normalize()]
        st = SentenceTransformer(modules=modules, device="cpu")
        if out.exists():
            shutil.rmtree(out)
        st.save(str(out))
    # The model card embeds dates and training details; it is not a format file.
    (out / "README.md").unlink(missing_ok=True)


def load(path: Path):
    from sentence_transformers import SentenceTransformer

    # eager attention so the HF model returns attention probabilities.
    return SentenceTransformer(str(path), device="cpu", model_kwargs={"attn_implementation": "eager"})


def exact_length_sentence(tokenizer, target: int) -> str:
    """Grow a sentence word by word until it tokenizes to exactly `target` ids (specials included)."""
    words = "the quick brown fox jumps over the lazy dog while a man plays a flute".split()
    text = ""
    count = lambda t: len(tokenizer(t)["input_ids"])  # noqa: E731
    i = 0
    while True:
        cand = (text + " " + words[i % len(words)]).strip()
        if count(cand) > target:
            break
        text, i = cand, i + 1
    while count(text) < target:
        text += " a"
    if count(text) != target:
        raise RuntimeError(f"could not build a {target}-token sentence, got {count(text)}")
    return text


def versions() -> dict[str, str]:
    import sentence_transformers
    import tokenizers
    import transformers

    return {"torch": torch.__version__, "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__, "tokenizers": tokenizers.__version__}


def write_goldens(spec: TinySpec, model_dir: Path, out_dir: Path) -> None:
    from safetensors.torch import save_file

    st = load(model_dir)
    transformer = st[0]
    tokenizer = transformer.tokenizer
    sentences = [exact_length_sentence(tokenizer, MAX_SEQ_LENGTH) if s == EXACT_PLACEHOLDER else s
                 for s in GOLDEN_SENTENCES]
    features = st.preprocess(sentences)  # padded to the longest, truncated to max_seq_length
    model_inputs = {k: v for k, v in features.items() if isinstance(v, torch.Tensor)}
    hf = transformer.auto_model
    with torch.no_grad():
        out = hf(**model_inputs, output_hidden_states=True, output_attentions=True, return_dict=True)
        pipeline = st.forward(dict(features))
    embeddings = st.encode(sentences, batch_size=len(sentences), convert_to_numpy=True)

    token_embeddings = pipeline["token_embeddings"]
    if not torch.equal(token_embeddings, out.hidden_states[-1]):
        raise RuntimeError(f"{spec.name}: token_embeddings differ from the last hidden state")
    diff = float(np.abs(embeddings - pipeline["sentence_embedding"].numpy()).max())
    if diff > ENCODE_VS_FORWARD_ATOL:
        raise RuntimeError(f"{spec.name}: encode() differs from the module pipeline by {diff}")
    if len(out.attentions) != LAYERS or out.attentions[0] is None:
        raise RuntimeError(f"{spec.name}: attentions missing (eager attention not active?)")

    tensors: dict[str, torch.Tensor] = {k: v.contiguous() for k, v in model_inputs.items()}
    if spec.name in LAYER_GOLDENS:
        for i, h in enumerate(out.hidden_states):
            tensors[f"hidden_states.{i}"] = h.float().contiguous()
    if spec.name in ATTENTION_GOLDENS:
        for i, a in enumerate(out.attentions):
            tensors[f"attentions.{i}"] = a.float().contiguous()
    tensors["token_embeddings"] = token_embeddings.float().contiguous()
    tensors["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(embeddings, dtype=np.float32))
    save_file(tensors, str(out_dir / f"{spec.name}.safetensors"))

    mask = model_inputs["attention_mask"]
    ids = [row[: int(m.sum())].tolist() for row, m in zip(model_inputs["input_ids"], mask)]
    meta = {
        "model": spec.name,
        "model_dir": f"models/{spec.name}",
        "model_type": spec.model_type,
        "tokenizer": spec.tokenizer,
        "pooling_mode": spec.pooling,
        "dense_out_features": spec.dense_out,
        "normalize": spec.dense_out is not None,
        "hidden_size": HIDDEN,
        "num_layers": LAYERS,
        "num_heads": HEADS,
        "max_seq_length": MAX_SEQ_LENGTH,
        "embedding_dimension": int(embeddings.shape[1]),
        "sentences": sentences,
        "exact_length_sentence_index": GOLDEN_SENTENCES.index(EXACT_PLACEHOLDER),
        "input_ids": ids,
        "tokens": [tokenizer.convert_ids_to_tokens(r) for r in ids],
        "padded_length": int(model_inputs["input_ids"].shape[1]),
        "tensors": {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape)} for k, v in tensors.items()},
        "notes": "input_ids/attention_mask/token_type_ids are the padded batch from SentenceTransformer.preprocess "
                 "(right padding to the longest, truncation to max_seq_length incl. specials); hidden_states.0 is the "
                 "embedding output; attentions.i are softmax probabilities [B,heads,T,T]; sentence_embedding comes "
                 "from SentenceTransformer.encode on the whole list in one batch.",
        "versions": versions(),
    }
    (out_dir / f"{spec.name}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_mpnet_buckets(out_dir: Path) -> None:
    """The reference's bucket of every relative position j - i in [-BUCKET_RANGE, BUCKET_RANGE]
    (num_buckets 32, max_distance 128, as MPNetEncoder.compute_position_bias calls it)."""
    from transformers.models.mpnet.modeling_mpnet import MPNetEncoder

    relative = torch.arange(-BUCKET_RANGE, BUCKET_RANGE + 1, dtype=torch.long)
    buckets = MPNetEncoder.relative_position_bucket(relative, num_buckets=32, max_distance=128)
    meta = {
        "function": "transformers.models.mpnet.modeling_mpnet.MPNetEncoder.relative_position_bucket",
        "num_buckets": 32,
        "max_distance": 128,
        "relative_positions": relative.tolist(),
        "buckets": buckets.tolist(),
        "versions": versions(),
    }
    (out_dir / "mpnet_relative_position_buckets.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")


def write_models_and_goldens(root: Path) -> None:
    models_dir, goldens_dir = root / "models", root / "goldens"
    models_dir.mkdir(parents=True, exist_ok=True)
    goldens_dir.mkdir(parents=True, exist_ok=True)
    for spec in SPECS:
        build_model(spec, root / "tokenizers", models_dir / spec.name)
        write_goldens(spec, models_dir / spec.name, goldens_dir)
    write_mpnet_buckets(goldens_dir)
