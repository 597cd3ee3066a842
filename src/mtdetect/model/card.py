"""Render a model card as a readable summary for ``mtdetect info``.

``info`` reads only the JSON card (and hashes the model files it names, unless trusted): it
neither unpickles nor loads the arrays, and imports nothing of scoring, training or evaluation
(those pulled in SciPy and took ``info`` from 0.2 to 2-4 s).
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Any

INTENDED_USE = (
    "Flag English paragraphs and documents that were probably machine-translated or spun "
    "(reworded by a synonym spinner or a round trip through another language), for a person to review."
)
LIMITS = (
    "A score is evidence, not proof: never reject a text or accuse a writer on the score alone; check the "
    "findings it names.",
    "The style score is a translation score trained on news-like WMT data (2008-2022 systems): LLM "
    "translators and other genres are less well covered. The threshold keeps every native genre we hold at "
    "1% of documents, so the style score alone rarely flags anything; findings decide most verdicts.",
    "A clean machine translation without tells is rarely flagged (2.2% of WMT machine-translated "
    "documents at the default threshold), and spun text is caught only by its tells (the style score has "
    "no spin head).",
    "Finding weights assume how often real republishing pipelines leave each tell where our machine-made "
    "data cannot show it (docs/findings.md says which); their false-alarm rates are measured on native "
    "English of eight genres.",
    "Professional human translations keep some source formats ('70 thousand', decimal commas) and are "
    "flagged more often than native English (2.3% of documents).",
    "Non-native writers of English and heavily edited house styles can look 'translated'; "
    "their false-positive rate was not measured.",
    "The style score does not check that text is fluent: word salad scores no higher than fluent "
    "English (native paragraphs with their words shuffled: AUROC 0.38 against the originals; a broken "
    "WMT22 system's output: 0.56; python -m benchmarks.word_salad).",
    "Paragraphs under 12 words and non-English paragraphs get no style score; findings are still "
    "checked on every English or short paragraph.",
)


def _metric(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _comparison(report: dict[str, Any], peer: dict[str, Any] | None) -> list[str]:
    """Test-split metrics, paragraph and document level, next to the peer's."""
    def pick(source: dict[str, Any] | None, level: str, key: str) -> Any:
        return source[level]["auroc"].get(key) if source else None

    lines = [f"{'test split, AUROC':<34}{'paragraph':>10}{'peer':>8}{'document':>10}{'peer':>8}"]
    for key in report["paragraph"]["auroc"]:
        values = [pick(report, "paragraph", key), pick(peer, "paragraph", key),
                  pick(report, "document", key), pick(peer, "document", key)]
        lines.append(f"  {key.replace('_', ' '):<32}" + "".join(
            f"{_metric(v):>{w}}" for v, w in zip(values, (10, 8, 10, 8))))
    tpr = report["paragraph"]["tpr_at_1pct_fpr_native"]
    peer_tpr = peer["paragraph"]["tpr_at_1pct_fpr_native"] if peer else None
    lines.append(f"  {'TPR at 1% FPR (native)':<32}{_metric(tpr):>10}{_metric(peer_tpr):>8}")
    ece = report["paragraph"].get("ece_balanced")
    lines.append(f"  {'ECE, classes weighted equally':<32}{_metric(ece):>10}")
    at = report["document"]["at_threshold"]
    lines.append(f"  {'native documents flagged':<32}{_metric(at.get('fpr_native')):>10}")
    return lines


def _validation(runs: dict[str, Any]) -> list[str]:
    """Paragraph AUROC per validation fold (years, MT-system families, domains held out), the peer's beside it.

    "peer" reads the raw text; "plain" is the same peer reading it in the style score's plain
    typography (``benchmarks/validation.py``, model ``peer_plain``).
    """
    folds = dict.fromkeys(key.split(" | ")[0] for key in runs)
    if not folds:
        return []
    models = ("mtdetect", "peer", "peer_plain")
    widths = (8, 7, 7) * 2
    lines = ["", f"{'validation folds, paragraph AUROC':<34}"
             + "".join(f"{h:>{w}}" for h, w in zip(("nat/MT", "peer", "plain", "hum/MT", "peer", "plain"), widths))]
    for fold in folds:
        cells = [runs.get(f"{fold} | {model}", {}).get("paragraph", {}).get(key)
                 for key in ("native_vs_machine", "human_vs_machine") for model in models]
        lines.append(f"  {fold:<32}" + "".join(f"{_metric(v):>{w}}" for v, w in zip(cells, widths)))
    return lines


def render_card(card: dict[str, Any], *, model_file: Path | None = None) -> str:
    """Plain-text summary: versions, data, headline metrics (with the peer's), threshold, use and limits.

    The mtdetect that trained the model (the card's) and the one running now are labelled
    apart: a model outlives the release that made it.
    """
    from mtdetect import __version__

    lines = [str(card.get("name", "model"))]
    if model_file is not None:
        lines.append(f"  model file:  {model_file}")
    lines += [f"  trained by:  mtdetect {card.get('mtdetect_version', '?')}, "
              f"scikit-learn {card.get('sklearn_version', '?')}",
              f"  running:     mtdetect {__version__}",
              f"  sha256 {card.get('sha256')}  size {card.get('size_bytes')} bytes", ""]
    data = card.get("training_data", {})
    for split, counts in data.items():
        lines.append(f"{split:>5}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    threshold = card.get("threshold", {})
    lines += ["", f"threshold {_metric(threshold.get('value'))}: {threshold.get('how', '')}", ""]
    report = card.get("evaluation", {}).get("report")
    peer = card.get("peer", {}).get("report")
    if report:
        lines += _comparison(report, peer)
    lopo = card.get("lopo", {}).get("mean")
    peer_lopo = (card.get("peer", {}).get("lopo") or {}).get("mean", {})
    if lopo:
        lines.append("leave-one-pair-out mean AUROC (mtdetect / peer): "
                     f"human vs MT {_metric(lopo.get('auroc_human_vs_machine'))} / "
                     f"{_metric(peer_lopo.get('auroc_human_vs_machine'))}, native vs MT "
                     f"{_metric(lopo.get('auroc_native_vs_machine'))} / "
                     f"{_metric(peer_lopo.get('auroc_native_vs_machine'))}")
    logo = card.get("logo", {}).get("folds")
    if logo:
        lines.append("leave-one-generator-out AUROC vs native: " + ", ".join(
            f"{name} {_metric(fold.get('auroc_native_vs_generator'))}" for name, fold in logo.items()))
    lines += _validation(card.get("validation", {}).get("runs", {}))
    lines += ["", "Intended use: " + INTENDED_USE, "Known limits:"]
    lines += [f"  - {limit}" for limit in LIMITS]
    return "\n".join(lines)


def _engine(name: str) -> str:
    """Whether the optional compiled module ``name`` was built (as :mod:`mtdetect._compiled` found it)."""
    from mtdetect import _compiled

    module = f"mtdetect._{name}"
    if getattr(_compiled, name) is None:
        return f"Python path ({module} was not built: no C compiler at install time; scoring is slower)"
    return f"compiled ({module})"


def describe_model(model: str | PathLike[str] | None, *, trust: bool, as_json: bool) -> str:
    """The model card, raw (``as_json``) or as a readable summary naming the model file.

    Reads the card and checks the model files' sha256 against it (unless ``trust``); loads no model.
    """
    from mtdetect.errors import ModelError
    from mtdetect.inputs.langid_cache import describe_cache
    from mtdetect.model.load import read_card, resolve_model_path, verify

    path = resolve_model_path(model).resolve()
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    card = read_card(path)
    if not trust:
        verify(path, card)
    if as_json:
        return json.dumps(card, indent=2)
    return (f"{render_card(card, model_file=path)}\n\nthis mtdetect: n-gram blocks and tokenizers: "
            f"{_engine('ngrams')}; feature counts: {_engine('counts')}; "
            f"language model cache: {describe_cache()}")
