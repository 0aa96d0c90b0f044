"""Research goldens (research/<model>.{json,safetensors}): head pruning, layer truncation and the
gradient of a similarity with respect to the input embeddings, for the tiny models.

prune/*        the model with PRUNED_HEADS removed the way transformers 4.x's prune_heads did it
               (transformers 5 dropped prune_heads; its pytorch_utils.prune_linear_layer remains):
               per layer, the rows of q/k/v and the columns of the attention output projection of the
               pruned heads are removed and the layer's head count (and all_head_size) shrinks.
               MPNet's shared relative position bias [B, heads, T, T] keeps the rows of the layer's
               remaining heads (the reference adds it in place, which cannot broadcast otherwise).
               `prune/token_embeddings` [B,T,H] and `prune/sentence_embedding` [B,D] on SENTENCES;
               the JSON has the pruned parameter count and the heads left per layer.
truncate.<k>/* the model with its encoder layer list sliced to the first k: `sentence_embedding` [B,D].
grad/*         s = similarity(encode(PAIR[0]), encode(PAIR[1])) (the model's similarity function,
               one text per forward, no padding); `grad/similarity` (scalar), `grad/ids_a`, `grad/ids_b`,
               and `grad/a` [Ta,H], `grad/b` [Tb,H]: ds/d inputs_embeds (the word-embedding lookups,
               before positions, token types and the embedding LayerNorm are added), by torch autograd.

Every model runs in eval mode (dropout off) with eager attention."""
from __future__ import annotations

import copy
import json
import types
from pathlib import Path

import numpy as np
import torch

from fixture_models import SPECS, load, versions

SENTENCES = ["A man is playing a flute.", "", "Café naïve résumé: Zoë's façade in São Paulo."]
PAIR = ("A man is playing a flute.", "Someone plays a musical instrument.")
# layer -> heads, as prune_heads takes them (4 heads per layer in the tiny models).
PRUNED_HEADS = {0: [1], 1: [0, 2]}
TRUNCATE_TO = [0, 1]
# Pruning and truncation: one per architecture family; gradients: every tiny model.
STRUCTURE_MODELS = {"tiny-bert", "tiny-roberta", "tiny-xlmr", "tiny-distilbert", "tiny-mpnet"}


def _kept_index(heads_total: int, head_size: int, pruned: list[int]) -> torch.Tensor:
    """find_pruneable_heads_and_indices of transformers 4.x, with no heads pruned before."""
    mask = torch.ones(heads_total, head_size)
    for h in pruned:
        mask[h] = 0
    return torch.arange(heads_total * head_size)[mask.view(-1).eq(1)].long()


def _prune_layer(layer, model_type: str, pruned: list[int]) -> None:
    from transformers.pytorch_utils import prune_linear_layer

    if model_type == "distilbert":
        attn, names, out_name = layer.attention, ("q_lin", "k_lin", "v_lin"), "out_lin"
        out_owner, heads_attr = attn, "n_heads"
    elif model_type == "mpnet":
        attn, names, out_name = layer.attention.attn, ("q", "k", "v"), "o"
        out_owner, heads_attr = attn, "num_attention_heads"
    else:
        attn, names, out_name = layer.attention.self, ("query", "key", "value"), "dense"
        out_owner, heads_attr = layer.attention.output, "num_attention_heads"
    total = getattr(attn, heads_attr)
    size = attn.attention_head_size
    index = _kept_index(total, size, pruned)
    for n in names:
        setattr(attn, n, prune_linear_layer(getattr(attn, n), index))
    setattr(out_owner, out_name, prune_linear_layer(getattr(out_owner, out_name), index, dim=1))
    setattr(attn, heads_attr, total - len(pruned))
    if hasattr(attn, "all_head_size"):
        attn.all_head_size = size * (total - len(pruned))
    if model_type == "distilbert":
        attn.dim = size * (total - len(pruned))
    if model_type == "mpnet":
        kept = torch.tensor([h for h in range(total) if h not in pruned])
        forward = attn.forward

        def sliced(self, hidden_states, attention_mask=None, position_bias=None, **kwargs):
            bias = None if position_bias is None else position_bias.index_select(1, kept)
            return forward(hidden_states, attention_mask=attention_mask, position_bias=bias, **kwargs)

        attn.forward = types.MethodType(sliced, attn)


def _layers(hf):
    return hf.transformer.layer if hasattr(hf, "transformer") else hf.encoder.layer


def _similarity(st, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return st.similarity(a, b).reshape([])


def _embed_with_inputs_embeds(st, text: str):
    """The sentence embedding of one text as a function of its word-embedding lookups."""
    features = st.preprocess([text])
    hf = st[0].auto_model
    ids = features["input_ids"]
    embeds = hf.get_input_embeddings()(ids).detach().clone().requires_grad_(True)
    kwargs = {"inputs_embeds": embeds, "attention_mask": features["attention_mask"]}
    if "token_type_ids" in features:
        kwargs["token_type_ids"] = features["token_type_ids"]
    out = hf(**kwargs, return_dict=True)
    f = {**features, "token_embeddings": out.last_hidden_state}
    for module in list(st)[1:]:
        f = module(f)
    return ids[0], embeds, f["sentence_embedding"]


def write_model(spec, model_dir: Path, out: Path) -> None:
    from safetensors.torch import save_file

    st = load(model_dir)
    st.eval()
    tensors: dict[str, torch.Tensor] = {}
    meta: dict = {"model": spec.name, "sentences": SENTENCES, "pair": list(PAIR), "similarity_fn_name": st.similarity_fn_name}

    ids_a, ea, sa = _embed_with_inputs_embeds(st, PAIR[0])
    ids_b, eb, sb = _embed_with_inputs_embeds(st, PAIR[1])
    s = _similarity(st, sa, sb)
    ga, gb = torch.autograd.grad(s, [ea, eb])
    with torch.no_grad():
        direct = _similarity(st, st.encode(PAIR[0], convert_to_tensor=True).reshape(1, -1),
                             st.encode(PAIR[1], convert_to_tensor=True).reshape(1, -1))
    gap = abs(float(direct) - s.item())
    if gap > 1e-6:
        raise RuntimeError(f"{spec.name}: inputs_embeds path differs from encode() by {gap}")
    tensors["grad/similarity"] = s.detach().float().contiguous()
    tensors["grad/ids_a"] = ids_a.to(torch.int64).contiguous()
    tensors["grad/ids_b"] = ids_b.to(torch.int64).contiguous()
    tensors["grad/a"] = ga[0].float().contiguous()
    tensors["grad/b"] = gb[0].float().contiguous()

    if spec.name in STRUCTURE_MODELS:
        with torch.no_grad():
            for k in TRUNCATE_TO:
                cut = copy.deepcopy(st)
                hf = cut[0].auto_model
                layers = _layers(hf)
                del layers[k:]
                tensors[f"truncate.{k}/sentence_embedding"] = torch.from_numpy(
                    np.ascontiguousarray(cut.encode(SENTENCES, batch_size=len(SENTENCES)), dtype=np.float32))

            pruned = copy.deepcopy(st)
            hf = pruned[0].auto_model
            for i, heads in PRUNED_HEADS.items():
                _prune_layer(_layers(hf)[i], spec.model_type, heads)
            features = pruned.preprocess(SENTENCES)
            f = pruned.forward(dict(features))
            tensors["prune/token_embeddings"] = f["token_embeddings"].float().contiguous()
            tensors["prune/sentence_embedding"] = f["sentence_embedding"].float().contiguous()
            tensors["prune/attention_mask"] = features["attention_mask"].to(torch.int64).contiguous()
            meta["pruned_heads"] = {str(k): v for k, v in PRUNED_HEADS.items()}
            meta["pruned_parameter_count"] = sum(p.numel() for p in hf.parameters() if not _is_pooler(hf, p))
            meta["parameter_count"] = sum(p.numel() for p in st[0].auto_model.parameters() if not _is_pooler(st[0].auto_model, p))
            meta["truncate_to"] = TRUNCATE_TO

    meta["notes"] = ("parameter counts leave out the HF pooler (sentence embeddings never use it, and the "
                     "encoders here do not load it); see test/reference/fixture_research.py.")
    meta["versions"] = versions()
    save_file(tensors, str(out / f"{spec.name}.safetensors"))
    (out / f"{spec.name}.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _is_pooler(hf, p: torch.Tensor) -> bool:
    pooler = getattr(hf, "pooler", None)
    return pooler is not None and any(p is q for q in pooler.parameters())


def write_research(root: Path) -> None:
    out = root / "research"
    out.mkdir(parents=True, exist_ok=True)
    for spec in SPECS:
        write_model(spec, root / "models" / spec.name, out)
