"""Train the three tiny tokenizers (WordPiece, byte-level BPE, SentencePiece Unigram) on the
STSb training sentences with the reference libraries and save them the way transformers does.

Every step is deterministic: the trainers run single-threaded on a fixed, ordered corpus."""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

# Single-threaded training so tie-breaking never depends on scheduling.
os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers  # noqa: E402

from common import read_sts_sentences, sts_dir  # noqa: E402

# Small on purpose: the word-embedding matrix dominates every weight fixture (hidden 32), and the
# fixtures are committed in ~20 copies (formats, v0.2 layout). 500 still covers every character
# of the training set.
VOCAB_SIZE = 500


def training_sentences() -> list[str]:
    return read_sts_sentences(sts_dir() / "sts-train.csv")


def canonical_wordpiece_vocab(trained: dict[str, int], specials: list[str]) -> dict[str, int]:
    """The WordPiece trainer adds the "##c" continuation characters in hash-map order, so their ids
    (and ties between equally frequent merges) change from run to run while the token SET stays
    the same. WordPiece encoding depends only on the set, so renumber canonically: specials, the
    word-initial characters, the "##" characters, then longer pieces by (length, text)."""
    rest = [t for t in trained if t not in specials]
    singles = sorted(t for t in rest if len(t) == 1)
    cont = sorted(t for t in rest if t.startswith("##") and len(t) == 3)
    longer = sorted((t for t in rest if t not in singles and t not in cont), key=lambda t: (len(t), t))
    return {t: i for i, t in enumerate(specials + singles + cont + longer)}


def train_wordpiece(sentences: list[str], out: Path) -> None:
    from transformers import BertTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", continuing_subword_prefix="##", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=VOCAB_SIZE, min_frequency=2, special_tokens=specials, continuing_subword_prefix="##", show_progress=False)
    tok.train_from_iterator(sentences, trainer=trainer)
    tok = Tokenizer(models.WordPiece(vocab=canonical_wordpiece_vocab(tok.get_vocab(), specials), unk_token="[UNK]", continuing_subword_prefix="##", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0",
        pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    tok.decoder = decoders.WordPiece(prefix="##")
    fast = BertTokenizerFast(
        tokenizer_object=tok, do_lower_case=True, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
        cls_token="[CLS]", mask_token="[MASK]", model_max_length=512,
    )
    fast.save_pretrained(str(out))
    write_special_tokens_map(fast, out)
    # Older loading path: one token per line, id = line number.
    vocab = sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
    (out / "vocab.txt").write_text("".join(t + "\n" for t, _ in vocab), encoding="utf-8")


def train_bpe(sentences: list[str], out: Path) -> None:
    from transformers import RobertaTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True)
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE, min_frequency=2, special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tok.train_from_iterator(sentences, trainer=trainer)
    tok.post_processor = processors.RobertaProcessing(("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")), trim_offsets=True, add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    fast = RobertaTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>", cls_token="<s>",
        unk_token="<unk>", pad_token="<pad>", mask_token="<mask>", add_prefix_space=False, model_max_length=512,
    )
    fast.save_pretrained(str(out))
    write_special_tokens_map(fast, out)
    # Older loading path: vocab.json + merges.txt written by the model itself.
    tok.model.save(str(out))


def train_unigram(sentences: list[str], out: Path) -> None:
    import sentencepiece as spm
    from transformers import XLMRobertaTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        model = io.BytesIO()
        # model_writer instead of model_prefix: the prefix (a temp path) would be stored in the
        # trainer_spec and make the file differ between runs.
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences), model_writer=model, model_type="unigram",
            vocab_size=VOCAB_SIZE - 2,  # + <pad> and <mask> added by the fairseq mapping
            character_coverage=1.0, num_threads=1, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
            normalization_rule_name="nmt_nfkc", minloglevel=2, shuffle_input_sentence=False,
        )
        staging = Path(tmp) / "stage"
        staging.mkdir()
        (staging / "sentencepiece.bpe.model").write_bytes(model.getvalue())
        tok = XLMRobertaTokenizer.from_pretrained(str(staging))
        tok.model_max_length = 512
        tok.save_pretrained(str(out))
        write_special_tokens_map(tok, out)
        # transformers 5 has no slow tokenizer to write the .model: copy the trained file.
        (out / "sentencepiece.bpe.model").write_bytes(model.getvalue())


def write_special_tokens_map(tok, out: Path) -> None:
    """transformers 5 no longer writes special_tokens_map.json; older loaders read it, so write
    the classic form ({"cls_token": "[CLS]", ...}) from the tokenizer's own map."""
    import json

    mapping = {k: str(v) for k, v in sorted(tok.special_tokens_map.items()) if k != "additional_special_tokens"}
    (out / "special_tokens_map.json").write_text(json.dumps(mapping, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_tokenizers(root: Path) -> None:
    sentences = training_sentences()
    for name, fn in (("wordpiece", train_wordpiece), ("bpe", train_bpe), ("unigram", train_unigram)):
        out = root / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        fn(sentences, out)
