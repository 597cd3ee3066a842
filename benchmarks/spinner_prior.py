"""Can a fixed, untrained spinner prior detect a synonym spinner that training never saw?

Leave-one-generator-out shows synonym spinning undetected once no synonym-spun text is
in training (the spin head then gives the spin-odds columns no weight). The spin odds
are a generative model of a thesaurus spinner, so they give a likelihood ratio without
any training: a spinner that rewrites a share ``r`` of the words it can makes a word
``w`` with spin odds ``o(w)`` (log10) about ``1 - r + r * 10**o(w)`` times likelier
than a writer does. This benchmark adds ``beta * ln(10) *`` the sum of those log10
ratios over a paragraph's words with odds above 0 (``r = 0.2``; the ``spinprior`` feature
family of ``mtdetect train --spinner-prior``) to the recipe's log-odds,
with a fixed ``beta`` or with ``beta`` fitted as a third input of the combiner on the val
split, for heads trained as shipped and for heads trained without the synonym spinner's
output (``synonym``, ``namemangle+synonym``). With a fixed ``beta`` the combiner of the
latter is fitted on val without it too, so synonym spinning is never seen (the ``synonym``
fold of ``mtdetect eval --logo``); weighted on val, it is seen by that one weight only.
Measured, not shipped (README, "Spinner prior").

Prints paragraph AUROC per pair of origins, the share of positives caught at 1% of
native paragraphs flagged, and the share of native test paragraphs above a threshold
that flags 0.5% of native val paragraphs (how the shipped threshold is set), before
length calibration. Uses the feature cache of ``benchmarks.regularisation``.

Usage::

    python -m benchmarks.spinner_prior [--beta 0 0.1 0.25 0.5 1]
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.combiners import COLUMNS, SEED, CachedCorpus, _row
from benchmarks.regularisation import FoldMatrices
from mtdetect.features import spinprior
from mtdetect.model.load import COMBINER_C, fit_head
from mtdetect.lab.training import balanced_class_weights

NATIVE_FLAG_RATE = 0.005  # as the shipped threshold: 0.5% of native val paragraphs flagged


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beta", type=float, nargs="+", default=[0.0, 0.1, 0.25, 0.5, 1.0])
    args = parser.parse_args(argv)
    corpus = CachedCorpus.load()
    records, origins, systems, labels, blocks = (corpus.records, corpus.origins, corpus.systems, corpus.labels,
                                                 corpus.blocks)
    train, calibration, held, weights = corpus.test_fold()
    chosen = np.concatenate([calibration, held])
    ratios = spinprior.compute([records[i]["text"] for i in chosen])[:, 0]
    prior = {i: math.log(10) * ratio for i, ratio in zip(chosen, ratios)}
    held_prior = np.array([prior[i] for i in held])
    without_synonym = np.array([i for i in train if "synonym" not in systems[i]])
    unseen = np.array([i for i in calibration if "synonym" not in systems[i]])
    folds = {  # name: (training rows, val rows for the fixed-beta rows and their weights)
        "with synonym spinning (shipped)": (train, calibration, weights),
        "without synonym spinning": (without_synonym, unseen, balanced_class_weights([records[i] for i in unseen])),
    }
    print("| heads | combiner | " + " | ".join(COLUMNS) + " | native test paragraphs flagged |")
    print("|---|---|" + "---|" * (len(COLUMNS) + 1))

    def report(name: str, combiner: str, scores: np.ndarray, val_scores: np.ndarray, val_rows: np.ndarray) -> None:
        threshold = np.quantile(val_scores[origins[val_rows] == "native"], 1 - NATIVE_FLAG_RATE)
        flagged = float(np.mean(scores[origins[held] == "native"] > threshold))
        cells = _row(scores, origins[held], systems[held])
        print(f"| {name} | {combiner} | " + " | ".join(f"{c:.3f}" for c in cells) + f" | {flagged:.1%} |", flush=True)

    for name, (train_rows, val_rows, val_weights) in folds.items():
        matrices = FoldMatrices(blocks, train_rows)
        X = matrices.rows(train_rows, 0.1)
        heads = [fit_head(X, labels[train_rows], origins[train_rows], head, C=3.0, seed=SEED)
                 for head in ("translation", "spin")]
        log_odds_val, log_odds_all_val, log_odds = (
            np.column_stack([h.decision_function(matrices.rows(rows, 0.1)) for h in heads])
            for rows in (val_rows, calibration, held))
        combiner = LogisticRegression(C=COMBINER_C, max_iter=5000)
        combiner.fit(log_odds_val, labels[val_rows], sample_weight=val_weights)
        val_prior = np.array([prior[i] for i in val_rows])
        for beta in args.beta:
            report(name, f"fixed prior weight {beta:g}", combiner.decision_function(log_odds) + beta * held_prior,
                   combiner.decision_function(log_odds_val) + beta * val_prior, val_rows)
        # The prior as a third input of the combiner, weighted on the whole val split (synonym spinning in it).
        inputs_val = np.column_stack([log_odds_all_val, [prior[i] for i in calibration]])
        learned = LogisticRegression(C=COMBINER_C, max_iter=5000).fit(inputs_val, labels[calibration],
                                                                      sample_weight=weights)
        report(name, f"prior weighted on val ({learned.coef_[0, 2]:.3f})",
               learned.decision_function(np.column_stack([log_odds, held_prior])),
               learned.decision_function(inputs_val), calibration)


if __name__ == "__main__":
    main()
