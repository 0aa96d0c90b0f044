"""Token-id goldens for the TypeScript tokenizers, written by the reference (transformers' fast
tokenizers, as sentence-transformers loads them).

  (a) test/fixtures/tokenizers/goldens/torture.json (committed, small): a deterministic torture
      list of strings with the raw tokenizer ids (special tokens, no truncation) of every fixture
      tokenizer, of tiny-mpnet's (see MODEL_TOKENIZERS) and of all-MiniLM-L6-v2 when present, plus SentenceTransformer.tokenize() ids of
      the tiny fixture models and the real model.
  (b) .cache/goldens/tokenizers/stsb-<name>.json (not committed): the same for every sentence of
      STSb train/dev/test, plus all-mpnet-base-v2 when fetched (`npm run fetch-model -- all-mpnet-base-v2`).

Run with the reference venv: .venv/bin/python test/reference/make_tokenizer_goldens.py [--torture] [--stsb]
(no flag: both). all-MiniLM-L6-v2 is read from .cache/models/all-MiniLM-L6-v2 (npm run fetch-model),
or from $MINILM_DIR."""
from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import random
import sys
import unicodedata
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import read_sts_rows, repo_root, sts_dir  # noqa: E402

ROOT = repo_root()
TOKENIZERS = ["wordpiece", "bpe", "unigram"]
# Tokenizers found only in a tiny model's folder: tiny-mpnet's is the WordPiece vocabulary with
# MPNet's specials and RoBERTa's template (test/reference/fixture_models.py :: mpnet_tokenizer),
# a combination no folder under tokenizers/ has.
MODEL_TOKENIZERS = ["tiny-mpnet"]
TINY_MODELS = ["tiny-bert", "tiny-roberta", "tiny-distilbert", "tiny-xlmr", "tiny-bert-dense", "tiny-mpnet"]
MINILM = "all-MiniLM-L6-v2"
# Real models added to the STSb goldens only (not to the committed torture.json) when fetched.
STSB_ONLY_MODELS = ["all-mpnet-base-v2"]


def minilm_dir() -> Path | None:
    d = Path(os.environ.get("MINILM_DIR", ROOT / ".cache" / "models" / MINILM))
    return d if (d / "tokenizer.json").exists() else None


# ----------------------------------------------------------------------------------------------
# The torture list. Everything is generated from fixed tables and a seeded RNG: same list each run.

WHITESPACE = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680] + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
# Characters that look like whitespace but are not White_Space (format / zero width), and the BOM.
ZERO_WIDTH = [0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0x180E, 0x034F, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0xFE0F, 0xFE0E]
ACCENTED = "éèêëáàâäãåçñóòôöõøúùûüýÿíìîïœæšžčćđłńśźżğşőűāēīōūǎǐǒǔ" + "ÉÈÊËÁÀÂÄÃÅÇÑÓÒÔÖÕØÚÙÛÜÝŸÍÌÎÏŒÆŠŽČĆĐŁŃŚŹŻĞŞŐŰ"
CJK_SAMPLES = [
    "你好世界", "我爱北京天安门", "中文测试。", "日本語のテキスト", "ひらがなカタカナ", "한국어 텍스트", "漢字かな交じり文",
    "\u3400\u3401\u4db5", "\U00020000\U00020001\U0002A6D6", "\U0002A700\U0002B734", "\U0002B740\U0002B81D",
    "\U0002B820\U0002B821\U0002B91F", "\U0002B920\U0002CEA1", "\U0002CEB0\U0002EBE0", "\U00030000\U0003134A",
    "\uF900\uF901\uFAD9", "\U0002F800\U0002FA1D", "a你b", "abc中def", "「引用」、句読点。", "ｶﾀｶﾅ", "〇一二三", "⺀⺁⼀⼁", "㐀a\U00020000b",
]
SCRIPTS = [
    "สวัสดีครับ ภาษาไทย", "ไม่มีช่องว่างระหว่างคำ", "مرحبا بالعالم", "اَلْعَرَبِيَّةُ", "العربية ١٢٣", "שלום עולם", "עִבְרִית",
    "नमस्ते दुनिया", "हिन्दी भाषा", "क्षत्रिय", "বাংলা ভাষা", "தமிழ் மொழி", "తెలుగు", "ಕನ್ನಡ", "മലയാളം", "ગુજરાતી", "ਪੰਜਾਬੀ",
    "Ελληνικά", "Русский язык", "Українська мова", "Հայերեն", "ქართული", "ᐃᓄᒃᑎᑐᑦ", "ግዕዝ", "ᠮᠣᠩᠭᠣᠯ", "བོད་ཡིག", "မြန်မာ", "ខ្មែរ", "ລາວ",
    "Tiếng Việt có dấu", "Hello мир 世界 مرحبا 123",
]
EMOJI = [
    "😀", "😀👍🏽", "👍🏻👍🏼👍🏽👍🏾👍🏿", "👩\u200d👩\u200d👧", "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "🏴\u200d☠️", "🇺🇸🇫🇷🇯🇵", "🇩🇪", "🇦",
    "1️⃣2️⃣#️⃣", "❤️", "❤", "☺️", "👁️\u200d🗨️", "🧑🏽\u200d💻", "🫠🫡🫶", "🦄 unicorn", "I ❤️ NY", "emoji😀in😀words",
    "🙂🙃", "👋🏿 hi", "¹\uFE0F", "©️®️™️", "🔥" * 10, "😀" * 60, "🏻", "\u200d", "a👍🏽b", "🇺🇸.",
]
FULLWIDTH = ["ＡＢＣ１２３！", "ｈｅｌｌｏ　ｗｏｒｌｄ", "（全角）", "＄１００", "ﾊﾛｰ", "Ｈｅｌｌｏ，Ｗｏｒｌｄ．", "＠＃％＆", "～＾", "ｱｲｳｴｵ", "１２：３０"]
LIGATURES = ["ﬁne ﬂow", "ﬀ ﬃ ﬄ ﬅ ﬆ", "Ǆ ǅ ǆ", "Ĳ ĳ", "㎏ ㎞ ㎡", "① ② ⑳", "™ ℠ ℡", "½ ¼ ¾ ⅓", "x² y³ z⁴", "H₂O CO₂", "ℌℍℎ", "Ⅻ ⅻ", "ſ ẞ ß", "æsthetic", "ﷺ ﷽"]
SPECIALS = [
    "[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]", "[CLS] hi [SEP]", "[cls] lower", "x[MASK]y", "[MASK][MASK]", " [SEP] ",
    "<s>", "</s>", "<pad>", "<mask>", "<unk>", "<s>hello</s>", "x <mask> y", "x<mask>y", "  <mask>", "</s></s>",
    "<s> <pad> </s>", "<mask>.", "[CLS]<s>", "<S>", "< s >", "<<mask>>", "[[CLS]]", "hello<pad>world", "<mask>\u3000x", "▁<s>",
]
MISC = [
    "Hello, World!", "Héllo, WORLD!", "don't stop", "I'M here", "I'm you're we've they'll he'd", "$5.00 e-mail", "3.14 1,000",
    "Hey friend!     How are you?!?", "a  b", "  leading", "trailing  ", "Hello world's  test!!", "e\u0301té", "\u0301start",
    "x\u0085!", "x\uFEFF!", "x\u0085y", "x\uFEFFy", "\u2028line\u2029sep", "tab\tsep\tarated", "new\nline\r\nwin", "a\u0000b\uFFFDc",
    "ΟΔΟΣ", "Σίσυφος", "ὈΔΥΣΣΕΎΣ", "ΣΑΣ σας", "İstanbul", "ISTANBUL istanbul", "ıi İI", "DİYARBAKIR", "i̇", "Iİıi",
    "naïve café", "résumé", "Ångström", "Zürich", "São Paulo", "Kraków", "Þórr", "Ðorđe",
    "https://example.com/path?q=1&r=2#frag", "user@example.com", "C:\\Windows\\System32", "def f(x): return x**2", "<html><body>x</body></html>",
    "#hashtag @mention", "100% 50°C -40°F", "1st 2nd 3rd", "2024-01-01T12:00:00Z", "+1 (555) 123-4567", "¿Qué? ¡Sí!", "«guillemets» „quotes“",
    "— – - ‐ ‑ ‒", "… ‥ ·", "•◦‣", "§¶†‡", "←↑→↓", "∀x∈ℝ: x²≥0", "∑∏∫√∞", "0x1F600", "¡¿", "\u0378unassigned", "\uE000private", "\uFFFEnonchar",
    "\u2E4F new punct", "\u2E45\u2E46", "\u1DFA", "\U0001F9FF", "\U0001FAE8", "…hello…", "...", "!!!???", "''\"\"``", "_under_score_",
    "ALL CAPS SENTENCE", "MiXeD CaSe", "a", "A", ".", "?", "-", "'", "12345678901234567890", "١٢٣٤٥", "१२३", "๑๒๓", "Ⅷ", "ⅷ",
]


def long_words() -> list[str]:
    return [
        "a" * 99, "a" * 100, "a" * 101, "a" * 1000, "supercalifragilisticexpialidocious" * 4, "😀" * 51, "é" * 101,
        "e\u0301" * 60, "-".join(["word"] * 50), "Donaudampfschifffahrtsgesellschaftskapitän" * 3, "x" * 5000,
        "pneumonoultramicroscopicsilicovolcanoconiosis", "你" * 150, "ab" * 70,
    ]


def long_texts() -> list[str]:
    rows = read_sts_rows(sts_dir() / "sts-dev.csv")[:400]
    words = " ".join(r[5] for r in rows).split()
    return [
        " ".join(words[:600]), " ".join(words[600:1400]), "The quick brown fox jumps over the lazy dog. " * 60,
        "\n".join(r[6] for r in rows[:80]), "hello " * 1000,
    ]


EMPTY = ["", " ", "  ", "\t", "\n", "\r\n", "\t\n \u3000", "\u3000", "\u00a0", "\u0085", "\u200b", "\ufeff", " \u2028 ", "\u000b\u000c", "\u001c\u001d\u001e\u001f"]

RANDOM_RANGES = [
    (0x21, 0x7E, 6), (0xA0, 0xFF, 2), (0x100, 0x17F, 1), (0x300, 0x36F, 1), (0x370, 0x3FF, 1), (0x400, 0x4FF, 1),
    (0x590, 0x5FF, 1), (0x600, 0x6FF, 1), (0x900, 0x97F, 1), (0xE00, 0xE7F, 1), (0x1100, 0x11FF, 1), (0x2000, 0x206F, 1),
    (0x20A0, 0x20CF, 1), (0x2100, 0x214F, 1), (0x2190, 0x21FF, 1), (0x2E00, 0x2E7F, 1), (0x3000, 0x303F, 1), (0x3040, 0x30FF, 1),
    (0x4E00, 0x9FFF, 2), (0xAC00, 0xD7A3, 1), (0xFF00, 0xFFEF, 1), (0xFB00, 0xFB4F, 1), (0x1F300, 0x1FAFF, 2), (0x1D400, 0x1D7FF, 1),
    (0x20000, 0x2FA1F, 1), (0xE000, 0xE0FF, 1), (0x0, 0x1F, 1), (0x7F, 0x9F, 1), (0xFE00, 0xFE0F, 1), (0x1F1E6, 0x1F1FF, 1),
]


def random_strings(n: int, seed: int = 20240101) -> list[str]:
    rng = random.Random(seed)
    pool = [r for r in RANDOM_RANGES for _ in range(r[2])]
    out = []
    for _ in range(n):
        length = rng.randint(1, 40)
        chars = []
        for _ in range(length):
            lo, hi, _w = rng.choice(pool)
            c = rng.randint(lo, hi)
            if 0xD800 <= c <= 0xDFFF:  # Python strings with lone surrogates cannot reach the tokenizer
                continue
            chars.append(chr(c))
            if rng.random() < 0.2:
                chars.append(" ")
        out.append("".join(chars))
    return out


def torture_strings() -> list[str]:
    s: list[str] = []
    for c in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        s.append(f"a{chr(c)}b")
    for c in WHITESPACE:
        s += [f"a{chr(c)}b", f"{chr(c)}lead trail{chr(c)}"]
    for c in ZERO_WIDTH:
        s += [f"a{chr(c)}b", f"word{chr(c)}", chr(c) + "x"]
    for ch in ACCENTED:
        nfc, nfd = unicodedata.normalize("NFC", ch), unicodedata.normalize("NFD", ch)
        s += [f"{nfc}t{nfc}", f"{nfd}t{nfd}"] if nfc != nfd else [f"{nfc}t{nfc}"]
    s += ["a\u0301\u0302\u0303", "\u0041\u030A vs \u00C5 vs \u212B", "\u1E9B\u0323", "\u0071\u0307\u0323", "\u00F1 n\u0303", "ệ e\u0323\u0302 e\u0302\u0323"]
    s += CJK_SAMPLES + SCRIPTS + EMOJI + FULLWIDTH + LIGATURES + SPECIALS + MISC + long_words() + long_texts() + EMPTY
    s += random_strings(220)
    seen: set[str] = set()
    out = []
    for x in s:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


# ----------------------------------------------------------------------------------------------
# Reference ids

@functools.lru_cache(maxsize=None)
def load_tokenizer(d: Path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(d))
    tok.model_max_length = 10**9  # no "sequence too long" warnings: raw ids are never truncated
    return tok


def raw_ids(tok, texts: list[str]) -> list[list[int]]:
    return [list(map(int, x)) for x in tok(texts, add_special_tokens=True, truncation=False)["input_ids"]]


@functools.lru_cache(maxsize=None)
def load_st(model_dir: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


def st_ids(model_dir: Path, texts: list[str], batch: int = 256) -> tuple[list[list[int]], int, bool]:
    model = load_st(model_dir)
    out: list[list[int]] = []
    for i in range(0, len(texts), batch):
        f = model.tokenize(texts[i : i + batch])
        for ids, mask in zip(f["input_ids"].tolist(), f["attention_mask"].tolist()):
            out.append([t for t, m in zip(ids, mask) if m == 1])
    first = model[0]
    return out, int(model.max_seq_length), bool(getattr(first, "do_lower_case", False))


@functools.lru_cache(maxsize=None)
def lowercased_copy(model_dir: Path) -> Path:
    """The model folder copied with do_lower_case: true in sentence_bert_config.json."""
    import shutil
    import tempfile

    dst = Path(tempfile.mkdtemp(prefix="sbert-lower-")) / model_dir.name
    shutil.copytree(model_dir, dst)
    cfg_path = dst / "sentence_bert_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["do_lower_case"] = True
    cfg_path.write_text(json.dumps(cfg), encoding="utf-8")
    return dst


def sources(stsb: bool = False) -> tuple[dict[str, Path], dict[str, Path]]:
    toks = {name: ROOT / "test" / "fixtures" / "tokenizers" / name for name in TOKENIZERS}
    toks |= {name: ROOT / "test" / "fixtures" / "models" / name for name in MODEL_TOKENIZERS}
    models = {name: ROOT / "test" / "fixtures" / "models" / name for name in TINY_MODELS if (ROOT / "test" / "fixtures" / "models" / name).exists()}
    m = minilm_dir()
    if m is not None:
        toks[MINILM] = m
        models[MINILM] = m
    else:
        print(f"note: {MINILM} not found (run `npm run fetch-model` or set MINILM_DIR); left out", file=sys.stderr)
    for name in STSB_ONLY_MODELS if stsb else []:
        d = ROOT / ".cache" / "models" / name
        if (d / "tokenizer.json").exists():
            toks[name] = d
            models[name] = d
        else:
            print(f"note: {name} not found (run `npm run fetch-model -- {name}`); left out", file=sys.stderr)
    return toks, models


def rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


PAIR_LENGTHS = (6, 11, 24)


def pair_goldens(tok, texts: list[str]) -> dict:
    """Pairs with longest_first truncation at a few budgets, one padded batch, and offsets
    (characters = UTF-16 units for these BMP-only texts)."""
    bmp = [t for t in texts if all(ord(c) < 0x10000 for c in t) and 0 < len(t) < 300]
    firsts, seconds = bmp[0:60], bmp[60:120]
    pairs = []
    for ml in PAIR_LENGTHS:
        enc = tok(firsts, seconds, truncation="longest_first", max_length=ml)
        pairs.append({"max_length": ml, "input_ids": enc["input_ids"], "token_type_ids": enc.get("token_type_ids"), "attention_mask": enc["attention_mask"]})
    batch = tok(bmp[:40], padding=True, truncation=True, max_length=16)
    offsets = tok(bmp, return_offsets_mapping=True)["offset_mapping"]
    return {
        "firsts": firsts, "seconds": seconds, "pairs": pairs,
        "batch": {"texts": bmp[:40], "max_length": 16, **{k: batch[k] for k in ("input_ids", "attention_mask") }, "token_type_ids": batch.get("token_type_ids")},
        "offsets": {"texts": bmp, "offsets": [[list(o) for o in row] for row in offsets]},
    }


def goldens(texts: list[str], decode: bool = False, stsb: bool = False) -> dict:
    toks, models = sources(stsb)
    out: dict = {"tokenizers": {}, "models": {}}
    # Real models are always named by their cache folder, wherever they were read from.
    where = lambda name, d: f".cache/models/{name}" if name in (MINILM, *STSB_ONLY_MODELS) else rel(d)  # noqa: E731
    for name, d in toks.items():
        tok = load_tokenizer(d)
        ids = raw_ids(tok, texts)
        out["tokenizers"][name] = {"dir": where(name, d), "ids": ids}
        if decode:
            # decode(skip_special_tokens=True) of the texts under 200 characters (null for the rest).
            out["tokenizers"][name]["decoded"] = [tok.decode(i, skip_special_tokens=True) if len(t) < 200 else None for i, t in zip(ids, texts)]
    for name, d in models.items():
        ids, max_len, lower = st_ids(d, texts)
        out["models"][name] = {"dir": where(name, d), "max_seq_length": max_len, "do_lower_case": lower, "input_ids": ids}
    # sentence_bert_config.json do_lower_case: true on case-sensitive tokenizers (BPE, Unigram).
    for name in ("tiny-roberta", "tiny-xlmr"):
        if name in models:
            ids, max_len, lower = st_ids(lowercased_copy(models[name]), texts)
            assert lower, "do_lower_case was not picked up"
            out["models"][f"{name}+do_lower_case"] = {"dir": where(name, models[name]), "max_seq_length": max_len, "do_lower_case": True, "input_ids": ids}
    return out


def write_json(path: Path, obj: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Temp file + rename: tests reading .cache/ meanwhile never see half a file.
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    print(f"wrote {rel(path)} ({path.stat().st_size / 1e6:.2f} MB)")


# ----------------------------------------------------------------------------------------------
# Character tables of the Rust `tokenizers` crate, probed code point by code point. Its
# punctuation / control tables (unicode_categories, 2016) and its combining-mark table are older
# than the Unicode data of any JS engine, so the TypeScript side reads these instead of \p{...}.

def probe_tables() -> dict[str, list[tuple[int, int]]]:
    from tokenizers import normalizers, pre_tokenizers

    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    bert_pt = pre_tokenizers.BertPreTokenizer()
    sets: dict[str, list[int]] = {"PUNCTUATION": [], "CLEANED_AWAY": [], "WHITESPACE": [], "STRIPPED_MARKS": []}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        cleaned = clean.normalize_str(c)
        if cleaned == "":
            sets["CLEANED_AWAY"].append(cp)
        elif cleaned == " " and c != " ":
            sets["WHITESPACE"].append(cp)
        if strip.normalize_str(c) == "":
            sets["STRIPPED_MARKS"].append(cp)
        if cp >= 0x80 and len(bert_pt.pre_tokenize_str(f"a{c}a")) == 3:
            sets["PUNCTUATION"].append(cp)
    return {k: to_ranges(v) for k, v in sets.items()}


def probe_strip_accents() -> list[tuple[int, str]]:
    """(code point, result) for every code point that strip_accents (NFD, drop Mn) rewrites to
    something non-empty: the reference's decomposition table, older than any JS engine's. Hangul
    syllables decompose algorithmically and are left to String.prototype.normalize."""
    from tokenizers import normalizers

    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
            continue
        c = chr(cp)
        x = strip.normalize_str(c)
        if x != c and x != "":
            out.append((cp, x))
    return out


def to_ranges(cps: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def render_tables() -> str:
    import tokenizers

    tables = probe_tables()
    lines = [
        "// GENERATED by test/reference/make_tokenizer_goldens.py --tables from the reference",
        f"// `tokenizers` {tokenizers.__version__} (probing every code point); do not edit by hand.",
        "// Flat [first, last, first, last, ...] code point ranges, sorted.",
        "",
    ]
    for name, ranges in tables.items():
        flat = ",".join(f"0x{a:x},0x{b:x}" for a, b in ranges)
        lines.append(f"export const {name}: readonly number[] = [{flat}];")
    # "cp:result" entries joined by "|" (results never contain either character).
    pairs = "|".join(f"{cp:x}:{x}" for cp, x in probe_strip_accents())
    lines.append("/** strip_accents results that are neither empty nor the code point itself (Hangul excluded). */")
    lines.append(f"export const STRIP_ACCENTS: string = {json.dumps(pairs, ensure_ascii=False)};")
    return "\n".join(lines) + "\n"


TABLES = ROOT / "src" / "tokenizers" / "util" / "unicode_tables.ts"


def write_tables(path: Path) -> None:
    path.write_text(render_tables(), encoding="utf-8")
    print(f"wrote {rel(path)} ({path.stat().st_size / 1e3:.1f} kB)")


# Older files with tokenizer_config.json options: (name, fixture, files, config).
VARIANTS = [
    ("wordpiece-cased", "wordpiece", ["vocab.txt"], {"tokenizer_class": "BertTokenizer", "do_lower_case": False}),
    ("wordpiece-lower-keep-accents", "wordpiece", ["vocab.txt"], {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "strip_accents": False}),
    ("wordpiece-cased-strip-accents", "wordpiece", ["vocab.txt"], {"tokenizer_class": "BertTokenizer", "do_lower_case": False, "strip_accents": True}),
    ("wordpiece-no-chinese-split", "wordpiece", ["vocab.txt"], {"tokenizer_class": "BertTokenizer", "tokenize_chinese_chars": False}),
    ("bpe-prefix-space", "bpe", ["vocab.json", "merges.txt"], {"tokenizer_class": "RobertaTokenizer", "add_prefix_space": True}),
    ("unigram-no-prefix-space", "unigram", ["sentencepiece.bpe.model"], {"tokenizer_class": "XLMRobertaTokenizer", "add_prefix_space": False}),
]


def variant_goldens(texts: list[str]) -> dict:
    """Raw ids of the older-file tokenizers under tokenizer_config.json options (texts < 200 chars)."""
    import shutil
    import tempfile

    short = [t for t in texts if len(t) < 200]
    out: dict = {"strings": short}
    for name, fixture, files, config in VARIANTS:
        with tempfile.TemporaryDirectory() as tmp:
            for f in files:
                shutil.copy(ROOT / "test" / "fixtures" / "tokenizers" / fixture / f, Path(tmp) / f)
            (Path(tmp) / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(tmp)
            tok.model_max_length = 10**9
            out[name] = {"fixture": fixture, "files": files, "config": config, "ids": raw_ids(tok, short)}
    return out


def char_goldens() -> dict:
    """Every code point through the reference's Lowercase and strip_accents (NFD, drop marks):
    only the ones that change are stored, as {"hex code point": result}; Hangul syllables are
    left out of strip_accents to keep the file small."""
    from tokenizers import normalizers

    lower = normalizers.Lowercase()
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    out: dict = {"lowercase": {}, "strip_accents": {}}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if (x := lower.normalize_str(c)) != c:
            out["lowercase"][f"{cp:x}"] = x
        # Hangul syllables decompose algorithmically (11,172 of them): left to the torture strings.
        if not 0xAC00 <= cp <= 0xD7A3 and (x := strip.normalize_str(c)) != c:
            out["strip_accents"][f"{cp:x}"] = x
    return out


def precompiled_goldens() -> dict:
    """Every code point through the unigram fixture's Precompiled charsmap normalizer (the ones
    that change); about 5,000 entries."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(ROOT / "test" / "fixtures" / "tokenizers" / "unigram" / "tokenizer.json"))
    changed = {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if (x := tok.normalizer.normalize_str(c)) != c:
            changed[f"{cp:x}"] = x
    return {"tokenizer": "test/fixtures/tokenizers/unigram/tokenizer.json", "changed": changed}


def torture_goldens() -> dict:
    texts = torture_strings()
    g = goldens(texts, decode=True)
    toks, _ = sources()
    g["encodings"] = {name: pair_goldens(load_tokenizer(d), texts) for name, d in toks.items()}
    g["variants"] = variant_goldens(texts)
    g["chars"] = {**char_goldens(), "precompiled_unigram": precompiled_goldens()["changed"]}
    # Through JSON and back, so that a fresh result compares equal to the committed file.
    return json.loads(json.dumps({"strings": texts, **g}, ensure_ascii=False))


def main() -> None:
    logging.getLogger("transformers").setLevel(logging.ERROR)
    ap = argparse.ArgumentParser()
    ap.add_argument("--torture", action="store_true")
    ap.add_argument("--stsb", action="store_true")
    ap.add_argument("--tables", action="store_true", help="regenerate src/tokenizers/util/unicode_tables.ts")
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed torture.json differs from a fresh one")
    args = ap.parse_args()
    if args.tables:
        write_tables(TABLES)
        return
    if args.check:
        committed = ROOT / "test" / "fixtures" / "tokenizers" / "goldens" / "torture.json"
        fresh = torture_goldens()
        same = json.loads(committed.read_text(encoding="utf-8")) == fresh
        print(f"[goldens:tokenizers:check] {'OK' if same else 'DRIFT'}: {rel(committed)} "
              f"{'matches' if same else 'differs from'} the reference (regenerate: .venv/bin/python {rel(Path(__file__))} --torture)")
        same_tables = TABLES.read_text(encoding="utf-8") == render_tables()
        print(f"[goldens:tokenizers:check] {'OK' if same_tables else 'DRIFT'}: {rel(TABLES)} "
              f"{'matches' if same_tables else 'differs from'} the reference (regenerate: --tables)")
        sys.exit(0 if same and same_tables else 1)
    both = not args.torture and not args.stsb
    if args.torture or both:
        write_json(ROOT / "test" / "fixtures" / "tokenizers" / "goldens" / "torture.json", torture_goldens())
    if args.stsb or both:
        for split in ("train", "dev", "test"):
            texts = [c for r in read_sts_rows(sts_dir() / f"sts-{split}.csv") for c in (r[5], r[6])]
            write_json(ROOT / ".cache" / "goldens" / "tokenizers" / f"stsb-{split}.json", {"split": split, "strings": texts, **goldens(texts, stsb=True)})


if __name__ == "__main__":
    main()
