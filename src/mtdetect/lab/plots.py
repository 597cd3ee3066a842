"""Evaluation plots as PNG: ROC, precision-recall, reliability, score histograms per origin.

matplotlib is an optional dependency (``pip install 'mtdetect[plots]'``),
imported only here and only when plots are asked for. Figures are built on the
object API with an explicit Agg canvas, so no global pyplot state or display
is touched and the output is the same on any machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.errors import MtdetectError
from mtdetect.lab.evaluation import balanced_weights

ORIGINS = ("native", "human", "machine", "roundtrip", "spun")
POSITIVE = ("machine", "roundtrip", "spun")
COLOURS = {"native": "#1b7837", "human": "#5aae61", "machine": "#c51b7d", "roundtrip": "#e08214",
           "spun": "#542788", "all": "#222222"}
BINS = 10
DPI = 120
FILES = ("roc.png", "precision_recall.png", "calibration.png", "histograms.png")


def require_matplotlib() -> None:
    """Fail early, in one line, when matplotlib is missing (before any scoring work)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise MtdetectError("plots need matplotlib: pip install 'mtdetect[plots]'") from None


def _figure(width: float = 6.0, height: float = 4.5) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _pairs(origin: np.ndarray) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, negatives mask, positives mask): all vs all, then each machine-made origin vs native."""
    negative = np.isin(origin, ("native", "human"))
    positive = np.isin(origin, POSITIVE)
    pairs = [("all people vs all machine", negative, positive)]
    pairs += [(f"native vs {o}", origin == "native", origin == o) for o in POSITIVE]
    return [(label, neg, pos) for label, neg, pos in pairs if neg.any() and pos.any()]


def _colour(label: str) -> str:
    return COLOURS.get(label.rsplit(" ", 1)[-1], COLOURS["all"]) if label.startswith("native") else COLOURS["all"]


def _legend(axes: Any, where: str) -> None:
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc=where, fontsize="small")
    else:
        axes.set_title(axes.get_title() + ": needs both classes")


def roc_figure(scores: np.ndarray, origin: np.ndarray) -> Any:
    from sklearn.metrics import roc_auc_score, roc_curve

    figure = _figure()
    axes = figure.add_subplot()
    for label, neg, pos in _pairs(origin):
        y = np.r_[np.zeros(neg.sum()), np.ones(pos.sum())]
        s = np.r_[scores[neg], scores[pos]]
        fpr, tpr, _ = roc_curve(y, s)
        axes.plot(fpr, tpr, color=_colour(label), label=f"{label} (AUROC {roc_auc_score(y, s):.3f})")
    axes.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=1)
    axes.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC (paragraphs)",
             xlim=(0, 1), ylim=(0, 1.01))
    _legend(axes, "lower right")
    return figure


def precision_recall_figure(scores: np.ndarray, origin: np.ndarray) -> Any:
    from sklearn.metrics import average_precision_score, precision_recall_curve

    figure = _figure()
    axes = figure.add_subplot()
    for label, neg, pos in _pairs(origin):
        y = np.r_[np.zeros(neg.sum()), np.ones(pos.sum())]
        s = np.r_[scores[neg], scores[pos]]
        precision, recall, _ = precision_recall_curve(y, s)
        axes.step(recall, precision, where="post", color=_colour(label),
                  label=f"{label} (AP {average_precision_score(y, s):.3f}, base {y.mean():.2f})")
    axes.set(xlabel="recall", ylabel="precision", title="Precision-recall (paragraphs)",
             xlim=(0, 1), ylim=(0, 1.01))
    _legend(axes, "lower left")
    return figure


def calibration_figure(scores: np.ndarray, origin: np.ndarray) -> Any:
    """Reliability diagram: share of machine-made paragraphs per score bin, with bin counts.

    Both classes are weighted equally, the prior odds the model is calibrated for
    (see ``mtdetect.lab.training.balanced_class_weights``).
    """
    y = np.isin(origin, POSITIVE).astype(float)
    weights = balanced_weights(y.astype(int))
    which = np.clip((scores * BINS).astype(int), 0, BINS - 1)
    counts = np.bincount(which, minlength=BINS)
    mass = np.bincount(which, weights, BINS)
    filled = counts > 0
    mean_score = np.bincount(which, weights * scores, BINS)[filled] / mass[filled]
    observed = np.bincount(which, weights * y, BINS)[filled] / mass[filled]
    figure = _figure(6.0, 6.0)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    top.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=1, label="perfectly calibrated")
    top.plot(mean_score, observed, marker="o", color=COLOURS["machine"], label="model")
    top.set(ylabel="share machine-made", title="Calibration (reliability, classes weighted equally)", xlim=(0, 1), ylim=(0, 1))
    top.legend(loc="upper left", fontsize="small")
    bottom.bar((np.arange(BINS) + 0.5) / BINS, counts, width=0.9 / BINS, color="#888888")
    bottom.set(xlabel="score", ylabel="paragraphs")
    return figure


def histogram_figure(scores: np.ndarray, origin: np.ndarray, threshold: float | None) -> Any:
    present = [o for o in ORIGINS if (origin == o).any()]
    figure = _figure(6.0, 1.4 + 1.3 * max(len(present), 1))
    axes = np.atleast_1d(figure.subplots(max(len(present), 1), 1, sharex=True))
    edges = np.linspace(0, 1, 41)
    for ax, name in zip(axes, present):
        mine = scores[origin == name]
        ax.hist(mine, bins=edges, color=COLOURS[name])
        ax.set_ylabel(f"{name}\n(n={mine.size})", rotation=0, ha="right", va="center", fontsize="small")
        if threshold is not None:
            ax.axvline(threshold, color="#c5221f", linestyle="--", linewidth=1)
    axes[0].set_title("Paragraph scores by origin" + (f" (dashed: threshold {threshold:.3f})"
                                                      if threshold is not None else ""))
    axes[-1].set(xlabel="score", xlim=(0, 1))
    return figure


def write_plots(records: Sequence[Mapping[str, Any]], scores: np.ndarray, out_dir: Path, *,
                threshold: float | None = None) -> list[Path]:
    """Write :data:`FILES` into ``out_dir`` (created if needed); NaN scores are left out.

    Returns the paths written. A curve needing a class that is absent is
    left out of its plot, and a plot with nothing to draw says so in its title.
    """
    require_matplotlib()
    scores = np.asarray(scores, dtype=float)
    kept = ~np.isnan(scores)
    s = scores[kept]
    origin = np.array([r["origin"] for r, ok in zip(records, kept) if ok], dtype=object)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {
        "roc.png": roc_figure(s, origin),
        "precision_recall.png": precision_recall_figure(s, origin),
        "calibration.png": calibration_figure(s, origin),
        "histograms.png": histogram_figure(s, origin, threshold),
    }
    written = []
    for name, figure in figures.items():
        path = out_dir / name
        figure.savefig(path, format="png")
        written.append(path)
    return written
