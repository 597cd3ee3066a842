"""scikit-learn transformers over the feature families (used to train and to explain).

All are stateless, so fitting them learns nothing and they pickle cleanly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from mtdetect.features import DEFAULT_FAMILIES, FAMILIES, as_texts, dense_columns, dense_matrix
from mtdetect.features._text.lexicon import lexical_text, masked_text


class DenseFeatures(TransformerMixin, BaseEstimator):
    """Stack the named feature families into one dense matrix.

    Parameters
    ----------
    families : tuple of str, default=DEFAULT_FAMILIES
        Which entries of :data:`FAMILIES` to compute, in this order.
    """

    def __init__(self, families: tuple[str, ...] = DEFAULT_FAMILIES) -> None:
        self.families = families

    def fit(self, X: Sequence[str], y: object = None) -> DenseFeatures:
        unknown = set(self.families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown feature families {sorted(unknown)}; choose from {list(FAMILIES)}")
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        return dense_matrix(X, self.families)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(dense_columns(self.families), dtype=object)

    def __sklearn_is_fitted__(self) -> bool:
        return True


class MaskedText(TransformerMixin, BaseEstimator):
    """Replace content words by their shape, keeping function words and punctuation."""

    def fit(self, X: Sequence[str], y: object = None) -> MaskedText:
        return self

    def transform(self, X: Sequence[str]) -> list[str]:
        return [masked_text(text) for text in as_texts(X)]

    def __sklearn_is_fitted__(self) -> bool:
        return True


class LexicalText(TransformerMixin, BaseEstimator):
    """Lower-case the paragraph and mask names and numbers (see :func:`lexical_text`)."""

    def fit(self, X: Sequence[str], y: object = None) -> LexicalText:
        return self

    def transform(self, X: Sequence[str]) -> list[str]:
        return [lexical_text(text) for text in as_texts(X)]

    def __sklearn_is_fitted__(self) -> bool:
        return True
