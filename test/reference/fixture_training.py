"""Training goldens: the gradient of each sentence-transformers loss with respect to every
parameter of each tiny model, and a few AdamW steps as the transformers Trainer takes them.

training/batches.json        one batch per loss: the text columns (the reference's column names) and
                             the labels, shared by every model
training/<model>.safetensors for each loss L: `L/loss` (scalar) and `L/<module>.<param>` (the gradient,
                             in the checkpoint's layout: Linear weights [out, in]); `L/...` only for
                             parameters the loss reaches. Embedding-table gradients are zero outside the
                             rows the batch looks up, so only those rows are stored: `rows.<table>` (int64
                             row ids, the union over all losses) and `L/<table>` [rows, H].
                             Also `softmax/init.classifier.{weight,bias}` (SoftmaxLoss's own Linear, drawn
                             by torch) and `mse/label` (the teacher embeddings MSELoss is given).
training/<model>.json        decay_parameters: the names the Trainer applies weight decay to
                             (Trainer.get_decay_parameter_names), in the same <module>.<param> names.
training/adamw.safetensors   AdamW steps: `param.<name>` before, `grad.<step>.<name>` the gradients,
                             `after.<step>.<name>` the parameters after clipping + AdamW (fused, as the
                             Trainer's default optim) + the linear warmup schedule, `lr.<step>` the learning
                             rate each step used; the settings are in training/adamw.json.

Every model runs in eval mode (dropout off), on the batch exactly as the losses receive it from
the trainer's collator: one tokenized feature dict per column."""
from __future__ import annotations

import json
import re
from pathlib import Path

import torch

from fixture_models import SPECS

# Four rows per column; the sentences are short so every column pads differently.
SENTENCES_A = ["A man is playing a flute.", "Two dogs run across a field.", "The cat sleeps on the sofa.",
               "A woman slices an onion."]
SENTENCES_B = ["A man plays the flute.", "Dogs are running outside.", "A kitten naps on a couch.",
               "Someone is cutting vegetables in the kitchen."]
SENTENCES_C = ["The stock market fell sharply today.", "A child reads a book.", "It is raining in Paris.",
               "Two men play chess in the park."]

BATCHES = {
    "cosine_similarity": {"loss": "CosineSimilarityLoss", "columns": {"sentence1": SENTENCES_A, "sentence2": SENTENCES_B},
                          "labels": [0.9, 0.4, 0.7, 0.1]},
    # A tie (0.7, 0.7) exercises the "strictly greater label" rule of the pair ranking.
    "cosent": {"loss": "CoSENTLoss", "columns": {"sentence1": SENTENCES_A, "sentence2": SENTENCES_B},
               "labels": [0.9, 0.7, 0.7, 0.1]},
    "angle": {"loss": "AnglELoss", "columns": {"sentence1": SENTENCES_A, "sentence2": SENTENCES_C},
              "labels": [0.2, 0.8, 0.5, 0.3]},
    "mnrl": {"loss": "MultipleNegativesRankingLoss",
             "columns": {"anchor": SENTENCES_A, "positive": SENTENCES_B, "negative": SENTENCES_C}},
    "cached_mnrl": {"loss": "CachedMultipleNegativesRankingLoss", "mini_batch_size": 3,
                    "columns": {"anchor": SENTENCES_A, "positive": SENTENCES_B, "negative": SENTENCES_C}},
    "softmax": {"loss": "SoftmaxLoss", "num_labels": 3, "columns": {"premise": SENTENCES_A, "hypothesis": SENTENCES_C},
                "labels": [0, 2, 1, 2]},
    "triplet": {"loss": "TripletLoss", "columns": {"anchor": SENTENCES_A, "positive": SENTENCES_B, "negative": SENTENCES_C}},
    "contrastive": {"loss": "ContrastiveLoss", "columns": {"sentence1": SENTENCES_A, "sentence2": SENTENCES_C},
                    "labels": [1, 0, 1, 0]},
    # Labels for which every tiny model has hard positives and hard negatives (the loss is not 0).
    "online_contrastive": {"loss": "OnlineContrastiveLoss", "columns": {"sentence1": SENTENCES_B, "sentence2": SENTENCES_C},
                           "labels": [0, 1, 0, 1]},
    "mse": {"loss": "MSELoss", "columns": {"sentence": SENTENCES_A}},
    "matryoshka": {"loss": "MatryoshkaLoss", "inner": "MultipleNegativesRankingLoss", "dims_divisors": [1, 2, 4],
                   "columns": {"anchor": SENTENCES_A, "positive": SENTENCES_B}},
}

ADAMW = {"lr": 1e-2, "weight_decay": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "max_grad_norm": 1.0,
         "steps": 4, "warmup_ratio": 0.3,
         # name -> shape; names decide the weight-decay group as they do in a real model.
         "params": {"encoder.layer.0.attention.self.query.weight": [4, 3],
                    "encoder.layer.0.attention.self.query.bias": [4],
                    "encoder.layer.0.output.LayerNorm.weight": [3],
                    "2.linear.weight": [2, 3]}}


def _our_name(torch_name: str) -> str:
    """ST parameter name -> <module index>.<name inside the module>: sentence-transformers 6 keeps the
    HF model at `0.model.` (older versions: `0.auto_model.`); we drop that segment, so the names
    after `0.` are the checkpoint's."""
    return re.sub(r"^0\.(auto_)?model\.", "0.", torch_name)


def _make_loss(name: str, spec: dict, st, dim: int):
    from sentence_transformers import losses

    cls = spec["loss"]
    if cls == "CachedMultipleNegativesRankingLoss":
        return losses.CachedMultipleNegativesRankingLoss(st, mini_batch_size=spec["mini_batch_size"])
    if cls == "SoftmaxLoss":
        torch.manual_seed(7)
        return losses.SoftmaxLoss(st, embedding_dimension=dim, num_labels=spec["num_labels"])
    if cls == "MatryoshkaLoss":
        inner = losses.MultipleNegativesRankingLoss(st)
        return losses.MatryoshkaLoss(st, inner, [dim // d for d in spec["dims_divisors"]])
    return getattr(losses, cls)(st)


def write_model(spec_name: str, model_dir: Path, out: Path) -> None:
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from transformers import Trainer

    st = SentenceTransformer(str(model_dir), device="cpu")
    st.eval()  # dropout off; gradients still flow
    dim = st.get_embedding_dimension()
    tensors: dict[str, torch.Tensor] = {}
    grads_by_loss: dict[str, dict[str, torch.Tensor]] = {}
    for name, batch in BATCHES.items():
        features = [st.preprocess(texts) for texts in batch["columns"].values()]
        loss_fn = _make_loss(name, batch, st, dim)
        if name == "softmax":
            tensors["softmax/init.classifier.weight"] = loss_fn.classifier.weight.detach().clone().contiguous()
            tensors["softmax/init.classifier.bias"] = loss_fn.classifier.bias.detach().clone().contiguous()
        if name == "mse":
            gen = torch.Generator().manual_seed(11)
            labels = 0.3 * torch.randn(len(SENTENCES_A), dim, generator=gen)
            tensors["mse/label"] = labels.contiguous()
        elif "labels" in batch:
            labels = torch.tensor(batch["labels"], dtype=torch.long if name == "softmax" else torch.float32)
        else:
            labels = None
        st.zero_grad()
        loss_fn.zero_grad()
        loss = loss_fn(features, labels)
        loss.backward()
        tensors[f"{name}/loss"] = loss.detach().reshape([]).contiguous()
        grads = {_our_name(n): p.grad.detach().clone() for n, p in st.named_parameters() if p.grad is not None}
        if name == "softmax":
            grads.update({f"classifier.{n}": p.grad.detach().clone() for n, p in loss_fn.classifier.named_parameters()})
        grads_by_loss[name] = grads
    tables = sorted({k for grads in grads_by_loss.values() for k in grads if k.endswith("_embeddings.weight")})
    rows = {t: torch.nonzero(sum(g[t].abs().sum(1) for g in grads_by_loss.values() if t in g)).flatten() for t in tables}
    for t, r in rows.items():
        tensors[f"rows.{t}"] = r.to(torch.int64).contiguous()
    for name, grads in grads_by_loss.items():
        for key, g in grads.items():
            tensors[f"{name}/{key}"] = (g[rows[key]] if key in rows else g).float().contiguous()
    save_file(tensors, str(out / f"{spec_name}.safetensors"))

    decay = [_our_name(n) for n in Trainer.get_decay_parameter_names(None, st)]
    meta = {"model": spec_name, "embedding_dimension": dim, "decay_parameters": decay,
            "notes": "decay_parameters from transformers Trainer.get_decay_parameter_names (parameters outside "
                     "nn.LayerNorm whose lowercased names match none of bias, layernorm, rmsnorm, norm)."}
    (out / f"{spec_name}.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def write_adamw(out: Path) -> None:
    """A few optimizer steps the way transformers' Trainer takes them: clip_grad_norm_, AdamW (fused,
    two groups: decay / no decay), then the linear warmup scheduler's step."""
    from safetensors.torch import save_file
    from transformers import get_linear_schedule_with_warmup
    import math

    a = ADAMW
    gen = torch.Generator().manual_seed(5)
    params = {n: torch.nn.Parameter(torch.randn(s, generator=gen)) for n, s in a["params"].items()}
    tensors = {f"param.{n}": p.detach().clone() for n, p in params.items()}
    no_decay = [n for n in params if "bias" in n.lower() or "layernorm" in n.lower()]
    groups = [{"params": [p for n, p in params.items() if n not in no_decay], "weight_decay": a["weight_decay"]},
              {"params": [p for n, p in params.items() if n in no_decay], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=a["lr"], betas=tuple(a["betas"]), eps=a["eps"], fused=True)
    warmup = math.ceil(a["steps"] * a["warmup_ratio"])
    sched = get_linear_schedule_with_warmup(opt, warmup, a["steps"])
    for step in range(1, a["steps"] + 1):
        # Large gradients on odd steps, so clipping acts on some steps and not on others.
        scale = 3.0 if step % 2 else 0.05
        for n, p in params.items():
            p.grad = scale * torch.randn(p.shape, generator=gen)
            tensors[f"grad.{step}.{n}"] = p.grad.clone()
        torch.nn.utils.clip_grad_norm_(list(params.values()), a["max_grad_norm"])
        tensors[f"lr.{step}"] = torch.tensor(opt.param_groups[0]["lr"], dtype=torch.float64)
        opt.step()
        sched.step()
        opt.zero_grad()
        for n, p in params.items():
            tensors[f"after.{step}.{n}"] = p.detach().clone()
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(out / "adamw.safetensors"))
    meta = {**a, "warmup_steps": warmup, "no_decay": no_decay,
            "notes": "torch.optim.AdamW(fused=True) with two parameter groups, clip_grad_norm_ before each step, "
                     "transformers get_linear_schedule_with_warmup stepped after each step (lr.1 is 0)."}
    (out / "adamw.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def write_training(root: Path) -> None:
    out = root / "training"
    out.mkdir(parents=True, exist_ok=True)
    (out / "batches.json").write_text(json.dumps(BATCHES, indent=1) + "\n", encoding="utf-8")
    for spec in SPECS:
        write_model(spec.name, root / "models" / spec.name, out)
    write_adamw(out)
