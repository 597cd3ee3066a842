"""Metrics and breakdowns of paragraph scores, and the report built from them.

Every metric is a pure function of numpy arrays and returns ``None`` when a
class it needs is missing, so one report can cover any slice of the corpus
without crashing and serialises to JSON ``null`` for "no answer".

Conventions: label 1 (positive) means machine-made (``machine``,
``roundtrip``, ``spun``), label 0 means written or translated by people
(``native``, ``human``). A paragraph is *flagged* when its score is strictly
above the threshold, as in the CLI's "above ``--threshold``". Records whose
score is NaN (too short to judge) are counted but left out of every metric.
The leave-one-pair-out folds live in :mod:`mtdetect.lab.corpus` and are re-exported here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.stats import rankdata

from mtdetect.lab import corpus
from mtdetect.lab.corpus import fold_name, label_of, lopo_folds
from mtdetect.model.lengths import LengthBand, band_logit

__all__ = [
    "auroc", "brier", "document_scores", "evaluate", "expected_calibration_error",
    "fold_name", "format_report", "labels_of", "lopo_folds", "threshold_at_fpr", "tpr_at_fpr",
]

POSITIVE_ORIGINS = tuple(sorted(corpus.POSITIVE_ORIGINS))  # machine, roundtrip, spun
NEGATIVE_ORIGINS = tuple(sorted(corpus.NEGATIVE_ORIGINS))
PAIRED_ORIGINS = ("human", "machine")
REPORT_FPR = 0.01
_EPS = 1e-6

Record = Mapping[str, Any]


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def auroc(y: np.ndarray, s: np.ndarray) -> float | None:
    """Area under the ROC curve; ``None`` unless both classes are present.

    Notes
    -----
    Mann-Whitney form with average ranks, so ties count one half:
    ``(R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg)``.

    >>> auroc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.75
    """
    y = np.asarray(y, dtype=bool)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = rankdata(np.asarray(s, dtype=float))
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def threshold_at_fpr(negative_scores: np.ndarray, fpr: float) -> float | None:
    """Lowest threshold that flags at most ``fpr`` of ``negative_scores``.

    Flagging is ``score > threshold``; the threshold is the ``k+1``-th highest
    negative score with ``k = floor(fpr * n)``, so ties never push the false
    positive rate above ``fpr``. ``None`` for no negatives.

    >>> threshold_at_fpr(np.arange(100) / 100, 0.05)
    0.94
    """
    neg = np.sort(np.asarray(negative_scores, dtype=float))[::-1]
    if neg.size == 0:
        return None
    k = min(int(np.floor(fpr * neg.size + 1e-9)), neg.size - 1)
    return float(neg[k])


def tpr_at_fpr(y: np.ndarray, s: np.ndarray, fpr: float = REPORT_FPR) -> float | None:
    """True positive rate at the threshold that keeps the FPR at most ``fpr``.

    >>> tpr_at_fpr(np.array([0] * 100 + [1, 1]), np.r_[np.arange(100) / 100, 0.2, 1.0])
    0.5
    """
    y = np.asarray(y, dtype=bool)
    s = np.asarray(s, dtype=float)
    threshold = threshold_at_fpr(s[~y], fpr)
    if threshold is None or not y.any():
        return None
    return float(np.mean(s[y] > threshold))


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """Weights giving both classes the same total: measures calibration at even prior odds."""
    y = np.asarray(y, dtype=int)
    counts = np.bincount(y, minlength=2).astype(float)
    return np.where(counts[y] > 0, 1.0 / np.maximum(counts[y], 1.0), 0.0)


def brier(y: np.ndarray, s: np.ndarray, weights: np.ndarray | None = None) -> float | None:
    """(Weighted) mean squared error of probabilities against 0/1 labels; ``None`` if empty."""
    y = np.asarray(y, dtype=float)
    if y.size == 0:
        return None
    return float(np.average((np.asarray(s, dtype=float) - y) ** 2, weights=weights))


def expected_calibration_error(y: np.ndarray, s: np.ndarray, bins: int = 10,
                               weights: np.ndarray | None = None) -> float | None:
    """Expected calibration error over equal-width probability bins.

    Notes
    -----
    ``ECE = sum_b (n_b / n) |mean(y_b) - mean(s_b)|`` over ``bins`` bins of
    [0, 1]; the last bin includes 1.0 (Naeini et al., 2015). With ``weights``,
    every count is a sum of weights.
    """
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    if y.size == 0:
        return None
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    which = np.clip((s * bins).astype(int), 0, bins - 1)
    gap = np.abs(np.bincount(which, w * y, bins) - np.bincount(which, w * s, bins))
    return float(gap.sum() / w.sum())


def labels_of(records: Sequence[Record]) -> np.ndarray:
    """Binary labels of corpus records (1 for machine, roundtrip and spun)."""
    return np.array([label_of(r["origin"]) for r in records], dtype=int)


def document_scores(
    records: Sequence[Record], scores: np.ndarray, bands: Sequence[LengthBand] = (),
) -> tuple[list[tuple[str, str, str]], np.ndarray, np.ndarray, np.ndarray]:
    """Pool paragraph scores into one score per (group, origin, system) document.

    Notes
    -----
    Logit pooling weighted by word count:
    ``logit(p_doc) = sum_i w_i logit(p_i) / sum_i w_i`` with ``p_i`` clipped to
    [1e-6, 1 - 1e-6]. Averaging log-odds lets a few confident paragraphs move
    the verdict more than an average of probabilities would. NaN scores are
    skipped; a document with none left is dropped. A document whose words fall in
    one of the length ``bands`` gets that band's calibration on its pooled logit,
    as ``mtdetect score`` does. This is the style score alone: the findings' term of
    the verdict is measured by ``benchmarks/verdict.py``.

    Returns
    -------
    doc_keys, doc_scores, doc_labels, doc_origin
        Keys in first-seen order, pooled probabilities, 0/1 labels, origins.
    """
    scores = np.asarray(scores, dtype=float)
    num: dict[tuple[str, str, str], float] = defaultdict(float)
    den: dict[tuple[str, str, str], float] = defaultdict(float)
    for record, p in zip(records, scores):
        if np.isnan(p):
            continue
        key = (str(record["group"]), str(record["origin"]), str(record.get("system", "")))
        w = max(float(record.get("n_words") or 1), 1.0)
        p = min(max(p, _EPS), 1 - _EPS)
        num[key] += w * np.log(p / (1 - p))
        den[key] += w
    keys = list(num)
    logits = np.array([band_logit(num[k] / den[k], int(den[k]), bands) for k in keys], dtype=float)
    origin = np.array([k[1] for k in keys], dtype=object)
    labels = np.array([o in POSITIVE_ORIGINS for o in origin], dtype=int)
    return keys, 1 / (1 + np.exp(-logits)), labels, origin


def _versus(s: np.ndarray, neg: np.ndarray, pos: np.ndarray) -> float | None:
    """AUROC of the ``pos`` rows against the ``neg`` rows of ``s``."""
    y = np.r_[np.zeros(neg.sum(), int), np.ones(pos.sum(), int)]
    return _round(auroc(y, np.r_[s[neg], s[pos]]))


def _origin_aurocs(s: np.ndarray, origin: np.ndarray) -> dict[str, float | None]:
    is_ = {o: origin == o for o in (*NEGATIVE_ORIGINS, *POSITIVE_ORIGINS)}
    out = {
        "native_vs_machine": _versus(s, is_["native"], is_["machine"]),
        "human_vs_machine": _versus(s, is_["human"], is_["machine"]),
        "native_vs_roundtrip": _versus(s, is_["native"], is_["roundtrip"]),
        "native_vs_spun": _versus(s, is_["native"], is_["spun"]),
    }
    positive = np.isin(origin, POSITIVE_ORIGINS)
    out["all_negatives_vs_all_positives"] = _versus(s, ~positive, positive)
    return out


def _at_threshold(s: np.ndarray, origin: np.ndarray, threshold: float) -> dict[str, Any]:
    def flagged(o: str) -> float | None:
        sel = s[origin == o]
        return _round(np.mean(sel > threshold)) if sel.size else None

    return {
        "threshold": _round(threshold),
        "fpr_native": flagged("native"),
        "fpr_human": flagged("human"),
        "tpr": {o: flagged(o) for o in POSITIVE_ORIGINS},
    }


def _breakdowns(records: Sequence[Record], s: np.ndarray, origin: np.ndarray) -> dict[str, Any]:
    """Per MT system, per language pair and per spinning generator AUROCs."""
    system = np.array([str(r.get("system", "")) for r in records], dtype=object)
    fold = np.array(
        [fold_name(r) if r["origin"] in PAIRED_ORIGINS else "" for r in records], dtype=object
    )
    native, human = origin == "native", origin == "human"
    machine, spun = origin == "machine", origin == "spun"
    by_system = {}
    for name in sorted(set(system[machine])):
        mine = machine & (system == name)
        same_pairs = human & np.isin(fold, sorted(set(fold[mine])))
        by_system[name] = {
            "n_machine": int(mine.sum()),
            "auroc_vs_human": _versus(s, same_pairs, mine),
            "auroc_vs_native": _versus(s, native, mine),
        }
    by_pair = {}
    for name in sorted(set(fold[machine | human])):
        here = fold == name
        by_pair[name] = {
            "n_human": int((here & human).sum()),
            "n_machine": int((here & machine).sum()),
            "auroc_human_vs_machine": _versus(s, here & human, here & machine),
            "auroc_native_vs_machine": _versus(s, native, here & machine),
        }
    by_spinner = {
        name: {"n_spun": int((spun & (system == name)).sum()),
               "auroc_vs_native": _versus(s, native, spun & (system == name))}
        for name in sorted(set(system[spun]))
    }
    return {"by_system": by_system, "by_pair": by_pair, "by_spinner": by_spinner}


def evaluate(records: Sequence[Record], scores: np.ndarray, *, threshold: float,
             pooled: np.ndarray | None = None, bands: Sequence[LengthBand] = ()) -> dict[str, Any]:
    """Build a JSON-serialisable report of paragraph and document metrics.

    Parameters
    ----------
    records : sequence of mapping
        Corpus records (``origin``, ``system``, ``pair``, ``source``, ``group``,
        ``n_words``), aligned with ``scores``.
    scores : ndarray of float
        Probability of machine origin per record; NaN for "not scored".
    threshold : float
        Decision threshold (flag when ``score > threshold``) for the rates.
    pooled : ndarray of float, optional
        What documents pool, aligned with ``scores`` (the scores before length
        calibration, as ``mtdetect score`` pools them); default ``scores``.
    bands : sequence of LengthBand, optional
        The model's length calibration, applied to documents short in all.
    """
    scores = np.asarray(scores, dtype=float)
    ok = ~np.isnan(scores)
    kept = [r for r, good in zip(records, ok) if good]
    s = scores[ok]
    origin = np.array([r["origin"] for r in kept], dtype=object)
    y = np.isin(origin, POSITIVE_ORIGINS).astype(int)
    on_native = np.isin(origin, ("native", *POSITIVE_ORIGINS))
    pooled_s = s if pooled is None else np.asarray(pooled, dtype=float)[ok]
    _, doc_s, doc_y, doc_origin = document_scores(kept, pooled_s, bands)
    return {
        "counts": {
            "records": len(records),
            "scored": int(ok.sum()),
            "paragraphs": dict(sorted(Counter(origin.tolist()).items())),
            "documents": dict(sorted(Counter(doc_origin.tolist()).items())),
        },
        "paragraph": {
            "auroc": _origin_aurocs(s, origin),
            "tpr_at_1pct_fpr_native": _round(tpr_at_fpr(y[on_native], s[on_native], REPORT_FPR)),
            "brier": _round(brier(y, s)),
            "ece": _round(expected_calibration_error(y, s)),
            "brier_balanced": _round(brier(y, s, balanced_weights(y))),
            "ece_balanced": _round(expected_calibration_error(y, s, weights=balanced_weights(y))),
            "at_threshold": _at_threshold(s, origin, threshold),
        },
        "document": {
            "auroc": _origin_aurocs(doc_s, doc_origin),
            "brier": _round(brier(doc_y, doc_s)),
            "at_threshold": _at_threshold(doc_s, doc_origin, threshold),
        },
        **_breakdowns(kept, s, origin),
    }


def _cell(x: Any) -> str:
    return "—" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _hardest_first(row: Sequence[Any]) -> tuple[float, float]:
    """Sort key for system rows: lowest AUROC vs human first, missing values last."""
    vs_human, vs_native = row[2], row[3]
    return (2.0 if vs_human is None else vs_human, 2.0 if vs_native is None else vs_native)


def format_report(report: Mapping[str, Any], *, max_systems: int | None = 12) -> str:
    """Render an :func:`evaluate` report as compact Markdown tables.

    The MT-system table lists the ``max_systems`` hardest systems (lowest AUROC
    against human translations); ``None`` lists them all.
    """
    para, doc, counts = report["paragraph"], report["document"], report["counts"]
    rows = [[k.replace("_", " "), para["auroc"][k], doc["auroc"][k]] for k in para["auroc"]]
    thr_p, thr_d = para["at_threshold"], doc["at_threshold"]
    at = _cell(thr_p["threshold"])
    rows += [
        ["TPR at 1% FPR (native)", para["tpr_at_1pct_fpr_native"], None],
        ["Brier", para["brier"], doc["brier"]],
        ["ECE (10 bins)", para["ece"], None],
        ["Brier, classes weighted equally", para.get("brier_balanced"), None],
        ["ECE, classes weighted equally", para.get("ece_balanced"), None],
        [f"FPR native @ {at}", thr_p["fpr_native"], thr_d["fpr_native"]],
        [f"FPR human @ {at}", thr_p["fpr_human"], thr_d["fpr_human"]],
    ]
    rows += [[f"TPR {o} @ {at}", thr_p["tpr"][o], thr_d["tpr"][o]] for o in POSITIVE_ORIGINS]
    listing = {k: ", ".join(f"{o} {n}" for o, n in counts[k].items()) or "none"
               for k in ("paragraphs", "documents")}
    out = [f"Paragraphs: {listing['paragraphs']}. Documents: {listing['documents']}.", ""]
    out += _table(["metric (AUROC unless named)", "paragraph", "document"], rows)
    out += _table(
        ["pair", "human", "machine", "AUROC human vs MT", "AUROC native vs MT"],
        [[k, *v.values()] for k, v in report["by_pair"].items()],
    )
    systems = sorted(([k, *v.values()] for k, v in report["by_system"].items()),
                     key=_hardest_first)
    shown = systems[:max_systems] if max_systems is not None else systems
    title = "MT system" if len(shown) == len(systems) else (
        f"MT system ({len(shown)} hardest of {len(systems)})")
    out += _table([title, "machine", "AUROC vs human", "AUROC vs native"], shown)
    if report["by_spinner"]:
        out += _table(
            ["spinner", "spun", "AUROC vs native"],
            [[k, *v.values()] for k, v in report["by_spinner"].items()],
        )
    return "\n".join(out).rstrip() + "\n"


LOPO_KEYS = ("auroc_human_vs_machine", "auroc_native_vs_machine")


def fold_metrics(held: Sequence[Record], scores: np.ndarray) -> dict[str, Any]:
    """Human-vs-MT and native-vs-MT AUROC on one held-out pair's records."""
    origin = np.array([r["origin"] for r in held], dtype=object)
    scores = np.asarray(scores, dtype=float)

    def versus(negative: str) -> float | None:
        chosen = np.isin(origin, (negative, "machine")) & ~np.isnan(scores)
        return _round(auroc((origin[chosen] == "machine").astype(int), scores[chosen]))

    return {"n_test": len(held), LOPO_KEYS[0]: versus("human"), LOPO_KEYS[1]: versus("native")}


def summarise_lopo(folds: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The folds and the mean of each AUROC over the folds that have it."""
    mean = {}
    for key in LOPO_KEYS:
        values = [f[key] for f in folds.values() if f[key] is not None]
        mean[key] = _round(float(np.mean(values))) if values else None
    return {"folds": dict(folds), "mean": mean}


def format_lopo(lopo: Mapping[str, Any]) -> str:
    """Markdown table of leave-one-pair-out folds."""
    rows = [[name, *(fold[k] for k in LOPO_KEYS)] for name, fold in lopo["folds"].items()]
    rows.append(["**mean**", *(lopo["mean"][k] for k in LOPO_KEYS)])
    return "\n".join(_table(["held-out pair", "AUROC human vs MT", "AUROC native vs MT"], rows))


def generator_fold_metrics(held: Sequence[Record], scores: np.ndarray) -> dict[str, Any]:
    """AUROC of a held-out generator's paragraphs against the native ones (``held`` holds only those)."""
    y = labels_of(held)
    scores = np.asarray(scores, dtype=float)
    return {"n_native": int((y == 0).sum()), "n_generated": int((y == 1).sum()),
            "auroc_native_vs_generator": _round(auroc(y, scores))}


def format_logo(folds: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown table of leave-one-generator-out folds."""
    rows = [[name, fold["n_generated"], fold["auroc_native_vs_generator"]] for name, fold in folds.items()]
    return "\n".join(_table(["held-out generator", "paragraphs", "AUROC vs native"], rows))
