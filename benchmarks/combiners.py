"""What does combining the two heads cost each of them? Each head alone against ways of combining them.

The shipped score is a logistic regression over the translation head's and the spin
head's log-odds, fitted on the val split (``model.fit_detector``), so that it folds into
one linear model. This benchmark fits the shipped recipe's heads once (the test-split
fold of ``benchmarks.regularisation``, same features and selection, C=3, dense weight
0.1) and scores the test split with each head alone and with several combiners fitted
on val:

- ``linear``: the shipped combiner;
- ``max`` and ``noisy-or`` of the two heads, each Platt-calibrated on the whole val mix,
  or on the origins its head was fitted on (``own``), with the spin head shifted down
  by 1 or 2 log-odds (a spin verdict must then be surer to win);
- a logistic regression on hinge features of the two log-odds, and boosted trees on them;
- the shipped combiner over a translation head that also sees spun paragraphs as positives,
  at a quarter or half of an origin's usual weight (the translation head alone ranks
  synonym-spun text below native text, which the combination pays for);
- the shipped combiner over a spin head that also sees human translations, or every
  origin that is not spun, as negatives (so that it might stay quiet on translations
  instead of adding noise to human vs MT).

Prints paragraph AUROC per pair of origins and the share of positives caught at 1% of
native paragraphs flagged, before length calibration. Uses the feature cache of
``benchmarks.regularisation`` (computed on first use, about 5 minutes).

Usage::

    python -m benchmarks.combiners
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from benchmarks.regularisation import ROOT, FoldMatrices, corpus_blocks, fold_sets
from mtdetect.lab.corpus import label_of, load_corpus
from mtdetect.lab.evaluation import auroc, tpr_at_fpr
from mtdetect.model.load import COMBINER_C, HEAD_ORIGINS, fit_head, origin_weights
from mtdetect.lab.training import SelectionOptions, balanced_class_weights

SEED = 13
NOT_SPUN = ("native", "human", "machine", "roundtrip")
COLUMNS = ("native vs MT", "human vs MT", "native vs round trip", "native vs spun", "native vs synonym",
           "native vs apertium-spa", "TPR at 1% FPR: MT", "TPR at 1% FPR: all machine-made")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _hinges(log_odds: np.ndarray) -> np.ndarray:
    t, s = log_odds[:, 0], log_odds[:, 1]
    return np.column_stack([t, s, np.maximum(s, 0), np.maximum(s - 1, 0), np.maximum(s - 2, 0),
                            np.maximum(t, 0), t * s])


def _row(scores: np.ndarray, origins: np.ndarray, systems: np.ndarray) -> list[float]:
    cells = []
    for negative, positive in (("native", origins == "machine"), ("human", origins == "machine"),
                               ("native", origins == "roundtrip"), ("native", origins == "spun"),
                               ("native", systems == "synonym"), ("native", systems == "apertium-spa")):
        chosen = (origins == negative) | positive
        cells.append(auroc(positive[chosen].astype(int), scores[chosen]))
    for positives in (("machine",), ("machine", "roundtrip", "spun")):
        chosen = np.isin(origins, ("native", *positives))
        cells.append(tpr_at_fpr(np.isin(origins[chosen], positives).astype(int), scores[chosen]))
    return cells


@dataclass(frozen=True)
class CachedCorpus:
    """The built corpus with per-paragraph arrays and the cached raw feature blocks of ``benchmarks.regularisation``."""

    records: list[dict]
    origins: np.ndarray
    systems: np.ndarray  # the spinner of spun paragraphs, "" for the rest
    labels: np.ndarray
    blocks: dict[str, object]

    @classmethod
    def load(cls) -> CachedCorpus:
        records = load_corpus(ROOT / "corpus" / "build")
        origins = np.array([r["origin"] for r in records])
        return cls(records, origins, np.array([r["system"] if r["origin"] == "spun" else "" for r in records]),
                   np.array([label_of(o) for o in origins]),
                   corpus_blocks([r["text"] for r in records], ROOT / "benchmarks" / "out" / "regularisation-cache"))

    def test_fold(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Rows of (train, val, test) as ``mtdetect train`` selects them, and the val weights."""
        return fold_sets(self.records, "test", {id(r): i for i, r in enumerate(self.records)}, SelectionOptions())


def main() -> None:
    corpus = CachedCorpus.load()
    records, origins, systems, labels, blocks = (corpus.records, corpus.origins, corpus.systems, corpus.labels,
                                                 corpus.blocks)
    train, calibration, held, weights = corpus.test_fold()
    matrices = FoldMatrices(blocks, train)
    X = matrices.rows(train, 0.1)
    heads = [fit_head(X, labels[train], origins[train], name, C=3.0, seed=SEED) for name in ("translation", "spin")]
    X_val, X_held = matrices.rows(calibration, 0.1), matrices.rows(held, 0.1)
    log_odds_val = np.column_stack([h.decision_function(X_val) for h in heads])
    log_odds = np.column_stack([h.decision_function(X_held) for h in heads])
    y_val = labels[calibration]

    def with_spun_translation_head(share: float) -> np.ndarray:
        """The linear combiner over a translation head fitted with spun positives at ``share`` weight."""
        chosen = np.isin(origins[train], (*HEAD_ORIGINS["translation"], "spun"))
        sample_weight = origin_weights(origins[train][chosen])
        sample_weight[origins[train][chosen] == "spun"] *= share
        head = LogisticRegression(C=3.0, max_iter=3000, random_state=SEED)
        head.fit(X[chosen], labels[train][chosen], sample_weight=sample_weight)
        pair = [head, heads[1]]
        combiner = fit(np.column_stack([h.decision_function(X_val) for h in pair]))
        return combiner.decision_function(np.column_stack([h.decision_function(X_held) for h in pair]))

    wider_spin_heads: dict[tuple[str, ...], LogisticRegression] = {}

    def wider_spin_head(negatives: tuple[str, ...]) -> LogisticRegression:
        """A spin head fitted on spun paragraphs against ``negatives``, each origin weighted equally (fitted once)."""
        if negatives not in wider_spin_heads:
            chosen = np.isin(origins[train], (*negatives, "spun"))
            head = LogisticRegression(C=3.0, max_iter=3000, random_state=SEED)
            wider_spin_heads[negatives] = head.fit(X[chosen], origins[train][chosen] == "spun",
                                                   sample_weight=origin_weights(origins[train][chosen]))
        return wider_spin_heads[negatives]

    def with_wider_spin_head(negatives: tuple[str, ...]) -> np.ndarray:
        """The linear combiner over the translation head and :func:`wider_spin_head`."""
        pair = [heads[0], wider_spin_head(negatives)]
        combiner = fit(np.column_stack([h.decision_function(X_val) for h in pair]))
        return combiner.decision_function(np.column_stack([h.decision_function(X_held) for h in pair]))

    def fit(features: np.ndarray, rows: np.ndarray | None = None) -> LogisticRegression:
        rows = np.ones(len(y_val), dtype=bool) if rows is None else rows
        chosen_weights = weights if rows.all() else balanced_class_weights(
            [records[i] for i, keep in zip(calibration, rows) if keep])
        return LogisticRegression(C=COMBINER_C, max_iter=5000).fit(features[rows], y_val[rows],
                                                                   sample_weight=chosen_weights)

    mix = [fit(log_odds_val[:, [k]]).decision_function(log_odds[:, [k]]) for k in (0, 1)]
    own = [fit(log_odds_val[:, [k]], np.isin(origins[calibration], HEAD_ORIGINS[name])).decision_function(log_odds[:, [k]])
           for k, name in enumerate(("translation", "spin"))]
    trees = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=8, random_state=SEED)
    combiners: dict[str, Callable[[], np.ndarray]] = {
        "translation head alone": lambda: log_odds[:, 0],
        "spin head alone": lambda: log_odds[:, 1],
        "linear (shipped)": lambda: fit(log_odds_val).decision_function(log_odds),
        "max, calibrated on the val mix": lambda: np.maximum(*mix),
        "noisy-or, calibrated on the val mix": lambda: 1 - (1 - _sigmoid(mix[0])) * (1 - _sigmoid(mix[1])),
        "max, each calibrated on its own origins": lambda: np.maximum(*own),
        "noisy-or, each on its own origins": lambda: 1 - (1 - _sigmoid(own[0])) * (1 - _sigmoid(own[1])),
        "max, own origins, spin - 1": lambda: np.maximum(own[0], own[1] - 1),
        "max, own origins, spin - 2": lambda: np.maximum(own[0], own[1] - 2),
        "logistic regression on hinge features": lambda: fit(_hinges(log_odds_val)).decision_function(_hinges(log_odds)),
        "boosted trees on the two log-odds": lambda: trees.fit(log_odds_val, y_val, sample_weight=weights
                                                               ).predict_proba(log_odds)[:, 1],
        "linear, translation head with spun at 1/4 weight": lambda: with_spun_translation_head(0.25),
        "linear, translation head with spun at 1/2 weight": lambda: with_spun_translation_head(0.5),
        "spin head also against human translations, alone": lambda: wider_spin_head(
            ("native", "human")).decision_function(X_held),
        "linear, spin head also against human translations": lambda: with_wider_spin_head(("native", "human")),
        "spin head against every origin not spun, alone": lambda: wider_spin_head(NOT_SPUN).decision_function(X_held),
        "linear, spin head against every origin not spun": lambda: with_wider_spin_head(NOT_SPUN),
    }
    print("| combination | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for name, combine in combiners.items():
        cells = _row(combine(), origins[held], systems[held])
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
