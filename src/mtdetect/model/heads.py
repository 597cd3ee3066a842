"""Specialist heads kept apart: the style score is the strongest of their calibrated log-odds.

Each head is a logistic regression fitted on the origins it concerns (translation: people's
text vs MT and round trips; spin: native text vs its spun copies), Platt-calibrated on the
held-out split's rows of those origins, and shifted so that every head flags the same share
of the held-out native paragraphs (``ModelOptions.align_quantile``). A paragraph's log-odds is the
largest of the heads' (a text is translated *or* spun, and either head may say so). Folding
the heads into one linear combination instead (``combine="fold"``) lets the spin head's
opinion of machine translation, near chance and noisy, dilute the translation head: under the
validation of :mod:`mtdetect.lab.validation` it cost 0.03-0.10 AUROC on unseen systems
(docs/validation.md). Every head stays linear, so its calibration folds into its coefficients
and explanations stay exact for the head that decides.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

class MaxOfHeads(ClassifierMixin, BaseEstimator):
    """A binary classifier whose log-odds are the largest of ``k`` linear heads' (the last step of the pipeline).

    ``coef_`` has one row per head, ``intercept_`` one value per head; both already include
    each head's calibration and alignment. Built from fitted heads by :meth:`from_heads`.
    """

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        self.names = names

    @classmethod
    def from_heads(cls, coef: np.ndarray, intercept: np.ndarray, names: tuple[str, ...]) -> MaxOfHeads:
        classifier = cls(tuple(names))
        classifier.coef_ = np.asarray(coef, dtype=np.float64)
        classifier.intercept_ = np.asarray(intercept, dtype=np.float64)
        classifier.classes_ = np.array([0, 1])
        classifier.n_features_in_ = classifier.coef_.shape[1]
        return classifier

    def fit(self, X: Any, y: Any = None) -> MaxOfHeads:
        """Not refittable on its own: its heads come from :func:`mtdetect.model.load.fit_detector`."""
        raise NotImplementedError("MaxOfHeads is built from fitted heads by mtdetect.model.load.fit_detector")

    def head_logits(self, X: Any) -> np.ndarray:
        """Each head's calibrated log-odds, one column per head."""
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def decision_function(self, X: Any) -> np.ndarray:
        return self.head_logits(X).max(axis=1)

    def predict_proba(self, X: Any) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        return (self.decision_function(X) > 0).astype(int)


def platt(decision: np.ndarray, labels: np.ndarray, weights: np.ndarray, *, seed: int) -> tuple[float, float]:
    """Platt scaling: the slope and intercept mapping decision values to calibrated log-odds."""
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=100.0, max_iter=1000, random_state=seed)
    platt.fit(decision[:, None], labels, sample_weight=weights)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def alignment_shifts(native_logits: np.ndarray, quantile: float) -> np.ndarray:
    """Per head (columns), the shift that brings its ``quantile`` of native log-odds to the first head's."""
    levels = np.quantile(native_logits, quantile, axis=0)
    return levels[0] - levels
