"""The tiny models in the sentence-transformers v0.2 folder layout (2019-2020), and as .zip the way
v0.2 models were downloaded (entries at the zip root, stored uncompressed).

sentence-transformers 6 cannot load this layout any more (models.BERT & co. were removed in v2),
so the weights are checked against the modern folder instead: the same tensors, saved as
transformers 2.x + torch <= 1.5 did (legacy pickle format, no tokenizer.json).

max_seq_length is written as MAX_SEQ_LENGTH - 2: v0.2 counted word pieces WITHOUT the two special
tokens, so v0.2 truncation of these folders feeds at most 32 ids, exactly like models/<name>/ with
today's semantics (max_seq_length 32 including specials) -> the goldens/<name>.* apply unchanged
when the v0.2 truncation rule is used."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import torch

from fixture_models import MAX_SEQ_LENGTH

V02_VERSION = "0.2.5"
# name -> (module class name in v0.2, sentence_*_config.json name, HF architecture, do_lower_case, tokenizer files)
V02 = {
    "tiny-bert": ("BERT", "sentence_bert_config.json", "BertModel", True, ["vocab.txt"]),
    "tiny-roberta": ("RoBERTa", "sentence_roberta_config.json", "RobertaModel", False, ["vocab.json", "merges.txt"]),
    "tiny-distilbert": ("DistilBERT", "sentence_distilbert_config.json", "DistilBertModel", True, ["vocab.txt"]),
}
# Config keys transformers 2.x did not write (added later); model_type appeared in transformers 2.4+.
DROP_CONFIG_KEYS = {"model_type", "transformers_version", "dtype", "torch_dtype", "use_cache", "tie_word_embeddings",
                    "classifier_dropout", "add_cross_attention", "bos_token_id", "eos_token_id", "pad_token_id",
                    "position_embedding_type", "is_decoder"}
ZIP_DATE = (2019, 11, 1, 0, 0, 0)


def dump(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def write_v02_model(name: str, fixtures: Path, out: Path) -> None:
    from safetensors.torch import load_file

    module, cfg_name, arch, lower, tok_files = V02[name]
    src = fixtures / "models" / name
    if out.exists():
        shutil.rmtree(out)
    mod_dir = out / f"0_{module}"
    mod_dir.mkdir(parents=True)
    (out / "1_Pooling").mkdir()

    hf_cfg = json.loads((src / "config.json").read_text(encoding="utf-8"))
    cfg = {k: v for k, v in sorted(hf_cfg.items()) if k not in DROP_CONFIG_KEYS}
    cfg["architectures"] = [arch]
    cfg.update({"output_attentions": False, "output_hidden_states": False, "torchscript": False, "use_bfloat16": False,
                "pruned_heads": {}, "num_labels": 2, "finetuning_task": None})
    if arch != "DistilBertModel":
        cfg["is_decoder"] = False
    dump(mod_dir / "config.json", dict(sorted(cfg.items())))

    sd = load_file(str(src / "model.safetensors"))
    torch.save(sd, str(mod_dir / "pytorch_model.bin"), _use_new_zipfile_serialization=False)
    back = torch.load(str(mod_dir / "pytorch_model.bin"), weights_only=True)
    if set(back) != set(sd) or any(not torch.equal(back[k], sd[k]) for k in sd):
        raise RuntimeError(f"{name}: v0.2 weights do not load back")

    tok_src = fixtures / "tokenizers" / ("wordpiece" if "vocab.txt" in tok_files else "bpe")
    for f in tok_files + ["special_tokens_map.json"]:
        shutil.copyfile(tok_src / f, mod_dir / f)
    dump(mod_dir / "added_tokens.json", {})
    tok_cfg = {"do_lower_case": lower, "max_len": 512} if "vocab.txt" in tok_files else {"max_len": 512}
    dump(mod_dir / "tokenizer_config.json", tok_cfg)
    dump(mod_dir / cfg_name, {"max_seq_length": MAX_SEQ_LENGTH - 2, "do_lower_case": lower})

    pool = json.loads((src / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    mode = pool["pooling_mode"]
    dump(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": pool["embedding_dimension"],
        "pooling_mode_cls_token": mode == "cls",
        "pooling_mode_mean_tokens": mode == "mean",
        "pooling_mode_max_tokens": mode == "max",
        "pooling_mode_mean_sqrt_len_tokens": mode == "mean_sqrt_len_tokens",
    })
    dump(out / "modules.json", [
        {"idx": 0, "name": "0", "path": f"0_{module}", "type": f"sentence_transformers.models.{module}"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ])
    dump(out / "config.json", {"__version__": V02_VERSION})


def write_zip(folder: Path, zip_path: Path) -> None:
    """Entries at the zip root (directories included), ZIP_STORED, fixed dates and order."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as zf:
        for p in sorted(folder.rglob("*")):
            rel = p.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(rel + ("/" if p.is_dir() else ""), date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = ((0o40755 if p.is_dir() else 0o100644) << 16) | (0x10 if p.is_dir() else 0)
            zf.writestr(info, b"" if p.is_dir() else p.read_bytes())


def write_v02(fixtures: Path) -> None:
    root = fixtures / "v02"
    root.mkdir(parents=True, exist_ok=True)
    for name in V02:
        write_v02_model(name, fixtures, root / name)
        write_zip(root / name, root / f"{name}.zip")
