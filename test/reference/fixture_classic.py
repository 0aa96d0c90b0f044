"""tiny-bert-dense in the classic sentence-transformers v2.x layout (2021-2023, most hub models
with a Dense head look like this): modules.json typed `sentence_transformers.models.*`,
pytorch_model.bin (zip) instead of model.safetensors, `sentence_bert_config.json` with
max_seq_length, Pooling config with `pooling_mode_*` booleans, `2_Dense/pytorch_model.bin`, and no
`3_Normalize/` folder (Normalize saves nothing; git keeps no empty folder).

sentence-transformers 6.2.0 still loads this layout; the script checks that it reproduces
goldens/tiny-bert-dense sentence_embedding (same weights) before keeping it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

from fixture_models import ENCODE_VS_FORWARD_ATOL, MAX_SEQ_LENGTH

NAME = "tiny-bert-dense"
ST_VERSION = {"sentence_transformers": "2.2.2", "transformers": "4.28.1", "pytorch": "2.0.0"}


def dump(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def write_classic(fixtures: Path) -> None:
    from sentence_transformers import SentenceTransformer

    src = fixtures / "models" / NAME
    out = fixtures / "classic" / NAME
    if out.exists():
        shutil.rmtree(out)
    (out / "1_Pooling").mkdir(parents=True)
    (out / "2_Dense").mkdir()

    hf_cfg = json.loads((src / "config.json").read_text(encoding="utf-8"))
    hf_cfg = {k: v for k, v in hf_cfg.items() if k not in ("dtype",)}
    hf_cfg.update({"torch_dtype": "float32", "transformers_version": ST_VERSION["transformers"]})
    dump(out / "config.json", dict(sorted(hf_cfg.items())))
    torch.save(load_file(str(src / "model.safetensors")), str(out / "pytorch_model.bin"))
    for f in ("tokenizer.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copyfile(fixtures / "tokenizers" / "wordpiece" / f, out / f)
    dump(out / "tokenizer_config.json", {
        "clean_up_tokenization_spaces": True, "cls_token": "[CLS]", "do_basic_tokenize": True, "do_lower_case": True,
        "mask_token": "[MASK]", "model_max_length": 512, "never_split": None, "pad_token": "[PAD]",
        "sep_token": "[SEP]", "strip_accents": None, "tokenize_chinese_chars": True,
        "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]"})
    dump(out / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    dump(out / "config_sentence_transformers.json", {"__version__": ST_VERSION})

    pool = json.loads((src / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    mode = pool["pooling_mode"]
    dump(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": pool["embedding_dimension"],
        "pooling_mode_cls_token": mode == "cls", "pooling_mode_mean_tokens": mode == "mean",
        "pooling_mode_max_tokens": mode == "max", "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False})
    dense_cfg = json.loads((src / "2_Dense" / "config.json").read_text(encoding="utf-8"))
    dump(out / "2_Dense" / "config.json", {k: dense_cfg[k] for k in ("in_features", "out_features", "bias", "activation_function")})
    torch.save(load_file(str(src / "2_Dense" / "model.safetensors")), str(out / "2_Dense" / "pytorch_model.bin"))
    dump(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        {"idx": 3, "name": "3", "path": "3_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])

    golden = json.loads((fixtures / "goldens" / f"{NAME}.json").read_text(encoding="utf-8"))
    from safetensors.torch import load_file as load_st

    want = load_st(str(fixtures / "goldens" / f"{NAME}.safetensors"))["sentence_embedding"].numpy()
    st = SentenceTransformer(str(out), device="cpu", model_kwargs={"attn_implementation": "eager"})
    got = st.encode(golden["sentences"], batch_size=len(golden["sentences"]), convert_to_numpy=True)
    diff = float(np.abs(got - want).max())
    if diff > ENCODE_VS_FORWARD_ATOL or st.max_seq_length != MAX_SEQ_LENGTH:
        raise RuntimeError(f"classic/{NAME}: sentence-transformers loads it with diff {diff}, max_seq_length {st.max_seq_length}")
