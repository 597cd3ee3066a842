"""Render a model card as a readable summary for ``mtdetect info``."""

from __future__ import annotations

from typing import Any

INTENDED_USE = (
    "Flag English paragraphs and documents that were probably machine-translated or spun "
    "(reworded by a synonym spinner or a round trip through another language), for a person to review."
)
LIMITS = (
    "A score is evidence, not proof: never reject a text or accuse a writer on the score alone.",
    "Trained on news-like WMT data (2008-2022 systems): LLM translators, other genres and very "
    "short paragraphs are less well covered.",
    "Non-native writers of English and heavily edited house styles can look 'translated'; "
    "their false-positive rate was not measured.",
    "Paragraphs under 12 words and non-English paragraphs are not scored.",
)


def _metric(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_card(card: dict[str, Any]) -> str:
    """Plain-text summary: data, headline metrics (with the peer's), threshold, use and limits."""
    lines = [f"{card.get('name', 'model')} (mtdetect {card.get('mtdetect_version')}, "
             f"scikit-learn {card.get('sklearn_version')})",
             f"sha256 {card.get('sha256')}  size {card.get('size_bytes')} bytes", ""]
    data = card.get("training_data", {})
    for split, counts in data.items():
        lines.append(f"{split:>5}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    threshold = card.get("threshold", {})
    lines += ["", f"threshold {_metric(threshold.get('value'))}: {threshold.get('how', '')}", ""]
    report = card.get("evaluation", {}).get("report")
    peer = card.get("peer", {}).get("report")
    if report:
        lines.append(f"{'test split (paragraphs)':<28}{'mtdetect':>10}{'peer':>10}")
        for name, value in report["paragraph"]["auroc"].items():
            peer_value = peer["paragraph"]["auroc"].get(name) if peer else None
            lines.append(f"  AUROC {name.replace('_', ' '):<20}{_metric(value):>10}{_metric(peer_value):>10}")
        tpr = report["paragraph"]["tpr_at_1pct_fpr_native"]
        peer_tpr = peer["paragraph"]["tpr_at_1pct_fpr_native"] if peer else None
        lines.append(f"  {'TPR at 1% FPR (native)':<26}{_metric(tpr):>10}{_metric(peer_tpr):>10}")
        lines.append(f"  {'Brier':<26}{_metric(report['paragraph']['brier']):>10}")
    lines += ["", "Intended use: " + INTENDED_USE, "Known limits:"]
    lines += [f"  - {limit}" for limit in LIMITS]
    return "\n".join(lines)
