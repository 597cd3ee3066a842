"""Validation that predicts unseen MT systems: mtdetect's style model vs the TF-IDF peer.

Runs the folds of :mod:`mtdetect.lab.validation` (temporal, leave-one-system-family-out,
leave-one-domain-out), training mtdetect with the library recipe (``mtdetect.lab.workflows.recipe``,
``mtdetect.lab.training.train``) and the peer of ``benchmarks/peer_tfidf.py`` on the same pool, and
the ablations of :data:`mtdetect.lab.validation.ABLATIONS` on the folds named by ``--ablation-folds``.
One training at a time; every finished run is written to the JSON at once, so a long run that is
stopped keeps what it measured (``--resume`` skips runs already in the JSON).

``peer_plain`` is the peer reading the text in mtdetect's plain typography, the same view of the
text as the style score has; ``peer_quotes`` the peer with straight quotes and apostrophes only
(``--typography`` of ``benchmarks.peer_tfidf``).

Lean by default for a 2-core machine: each source document keeps the output of at most
``--max-systems`` (2) MT systems, for both models.

Usage::

    python -m benchmarks.validation [--folds temporal,family,domain] [--models mtdetect,peer,peer_plain,peer_quotes]
        [--ablations ngrams_only,dense_only,no_spun,heads_all,C=0.3,C=30] [--ablation-folds temporal]
        [--resume] [--tables-only]
    python -m benchmarks.validation --inspect   # heaviest features of the shipped model
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "corpus" / "build"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "validation.json"
def _log(message: str) -> None:
    print(f"[validation] {message}", file=sys.stderr, flush=True)


# The peer's model names: the typography it reads (benchmarks.peer_tfidf.TYPOGRAPHY).
PEERS = {"peer": "raw", "peer_quotes": "quotes", "peer_plain": "plain"}


def _peer_args(args: argparse.Namespace, typography: str) -> argparse.Namespace:
    """``benchmarks.peer_tfidf``'s defaults, with the same machine subsample as mtdetect gets."""
    from benchmarks.peer_tfidf import default_args

    return default_args(machine_systems=args.max_systems, typography=typography)


def run_one(records: list[dict], fold: Any, model: str, ablation: str, args: argparse.Namespace) -> dict[str, Any]:
    from mtdetect.lab.validation import (
        ablation_options,
        fold_records,
        score_mtdetect,
        score_peer,
        seen_systems,
        summarise,
    )

    pool, test = fold_records(records, fold)
    started = time.perf_counter()
    if model == "mtdetect":
        options, selection = ablation_options(ablation, seed=args.seed, max_systems=args.max_systems)
        scores, report, _ = score_mtdetect(pool, test, model_options=options, selection=selection, progress=_log)
    elif model in PEERS:
        scores, report, _ = score_peer(pool, test, peer_args=_peer_args(args, PEERS[model]))
    else:
        raise SystemExit(f"validation: unknown model {model!r}; choose mtdetect or one of {sorted(PEERS)}")
    result = summarise(test, scores, report, seen_systems(pool))
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["n_pool"] = len(pool)
    result["by_system"] = report.get("by_system", {})
    return result


def inspect(args: argparse.Namespace) -> dict[str, Any]:
    """Heaviest hashed n-grams (named by corpus n-grams in their buckets) and dense columns of a model."""
    import random

    from mtdetect.lab.corpus import load_corpus
    from mtdetect.features import dense_columns
    from mtdetect.model.inference import load_scorer
    from mtdetect.model.load import arrays_path, resolve_model_path
    from mtdetect.lab.validation import heaviest_dense, recover_ngrams

    model = resolve_model_path(args.model)
    scorer = load_scorer(arrays_path(model))
    records = [r for r in load_corpus(args.corpus) if r["split"] == "train"]
    texts = [r["text"] for r in random.Random(0).sample(records, min(args.inspect_texts, len(records)))]
    _log(f"naming buckets of {model} with the n-grams of {len(texts)} training paragraphs")
    return {"model": str(model), "texts": len(texts),
            "heads": {name: {"dense": heaviest_dense(scorer, dense_columns(scorer.families), top=args.top, head=k),
                             "ngrams": recover_ngrams(scorer.blocks, texts, top=args.top, head=k)}
                      for k, name in enumerate(scorer.heads)}}


def _code(gram: str) -> str:
    """An n-gram as Markdown code, its edge spaces shown as '·' (char n-grams are space-padded)."""
    shown = gram.replace("`", "'")
    return f"`{shown[:1].replace(' ', '·')}{shown[1:-1]}{shown[-1:].replace(' ', '·')}`" if len(shown) > 1 \
        else f"`{shown}`"


def format_inspection(found: dict[str, Any]) -> str:
    lines = [f"Model {found['model']}; buckets named from {found['texts']} training paragraphs.\n"]
    for head, learned in found["heads"].items():
        lines.append(f"### Head {head}\n")
        lines.append("Dense columns (weight per standard deviation):\n")
        for side in ("machine", "native"):
            lines.append(f"- towards {side}: " + ", ".join(f"`{c['column']}` {c['weight']:+.3f}"
                                                         for c in learned["dense"][side]))
        for block, sides in learned["ngrams"].items():
            lines.append(f"\nBlock {block}:\n")
            for side in ("machine", "native"):
                items = [f"{' / '.join(_code(g) for g in b['ngrams']) or '?'} {b['weight']:+.2f}" for b in sides[side]]
                lines.append(f"- towards {side}: " + "; ".join(items))
        lines.append("")
    return "\n".join(lines) + "\n"


CARD_KEYS = ("n", "paragraph", "document", "unseen_systems", "seconds", "n_pool")


def write_card(results: dict[str, Any], card: Path) -> None:
    """Put the recipe's and the peer's fold figures (no ablations, no per-system detail) into a model card."""
    runs = {key: {k: run[k] for k in CARD_KEYS if k in run} for key, run in results["runs"].items()
            if key.split(" | ")[1] in ("mtdetect", *PEERS)}
    data = json.loads(card.read_text(encoding="utf-8"))
    data["validation"] = {
        "how": "the training recipe (and the TF-IDF peer of benchmarks/peer_tfidf.py: on the raw text; as "
               "peer_plain, in mtdetect's plain typography; as peer_quotes, with straight quotes only) "
               "retrained on each fold of "
               "mtdetect.lab.validation and measured on what it held out: temporal (WMT21 + htmt 2008-15 -> "
               "WMT22 + htmt 2016-17), one MT-system family left out, one WMT22 domain left out; at most "
               f"{results['config']['max_systems']} MT systems per source document (python -m benchmarks.validation)",
        "runs": runs,
    }
    card.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    _log(f"wrote the validation figures of {len(runs)} runs into {card}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", default="temporal,family,domain")
    parser.add_argument("--only", default="", help="comma-separated fold names to run (e.g. family:online)")
    parser.add_argument("--models", default="mtdetect,peer")
    parser.add_argument("--ablations", default="", help="comma-separated names from mtdetect.lab.validation.ABLATIONS")
    parser.add_argument("--ablation-folds", default="temporal")
    parser.add_argument("--max-systems", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--resume", action="store_true", help="keep runs already in --out and skip them")
    parser.add_argument("--tables-only", action="store_true", help="print the tables of --out and stop")
    parser.add_argument("--inspect", action="store_true", help="list the heaviest features of --model")
    parser.add_argument("--model", default=None)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--inspect-texts", type=int, default=20000)
    parser.add_argument("--card", type=Path, default=None,
                        help="also copy the recipe's and the peer's runs (no ablations) into this model card")
    args = parser.parse_args(argv)
    from mtdetect.lab.validation import format_runs

    if args.inspect:
        found = inspect(args)
        out = args.out.with_name("validation_features.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
        print(format_inspection(found))
        return 0
    results: dict[str, Any] = {"runs": {}}
    if (args.resume or args.tables_only) and args.out.is_file():
        results = json.loads(args.out.read_text(encoding="utf-8"))
    if args.tables_only:
        print(format_runs(results["runs"]))
        if args.card:
            write_card(results, args.card)
        return 0

    from mtdetect.lab.corpus import load_corpus
    from mtdetect.lab.validation import ABLATIONS, named_folds

    records = load_corpus(args.corpus)
    folds = named_folds(records, [f for f in args.folds.split(",") if f])
    if args.only:
        folds = {k: v for k, v in folds.items() if k in args.only.split(",")}
    results["config"] = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    results["ablations"] = ABLATIONS
    plan = [(fold, model, "default") for fold in folds for model in args.models.split(",") if model]
    plan += [(fold, "mtdetect", ab) for ab in args.ablations.split(",") if ab
             for fold in args.ablation_folds.split(",") if fold in folds]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for fold, model, ablation in plan:
        key = f"{fold} | {model if ablation == 'default' else 'mtdetect ' + ablation}"
        if key in results["runs"]:
            continue
        _log(f"{key}: pool {len(folds[fold].pool)}, test {len(folds[fold].test)}")
        results["runs"][key] = run_one(records, folds[fold], model, ablation, args)
        r = results["runs"][key]
        _log(f"{key}: native/MT {r['paragraph']['native_vs_machine']} ({r['seconds']:.0f} s)")
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(format_runs(results["runs"]))
    _log(f"wrote {args.out}")
    if args.card:
        write_card(results, args.card)
    return 0


if __name__ == "__main__":
    sys.exit(main())
