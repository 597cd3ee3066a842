"""Feature families and the scikit-learn transformers that assemble them.

Each family module (``style``, ``fluency``, ``artifacts``, ``readability``, ``synonyms``) is a
pure function of a batch of paragraphs returning one named column per signal.
:class:`DenseFeatures` stacks the chosen families; :class:`MaskedText` turns
paragraphs into function-word/shape sequences for topic-blind n-gram features.
Both are stateless, so fitting them learns nothing and they pickle cleanly.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from mtdetect.features import artifacts, fluency, readability, style, synonyms
from mtdetect.features.lexicon import lexical_text, masked_text

FAMILIES: dict[str, ModuleType] = {
    "style": style,
    "fluency": fluency,
    "artifacts": artifacts,
    "readability": readability,
    "synonyms": synonyms,
}
# Families that look at content words (their frequency, their synonyms); the rest are topic-blind.
CONTENT_FAMILIES = frozenset({"fluency", "synonyms"})


def _as_texts(paragraphs: Sequence[str]) -> list[str]:
    if isinstance(paragraphs, str):
        raise TypeError("expected a sequence of paragraphs, got a single string")
    return [str(p) for p in paragraphs]


class DenseFeatures(TransformerMixin, BaseEstimator):
    """Stack the named feature families into one dense matrix.

    Parameters
    ----------
    families : tuple of str, default=all families
        Which entries of :data:`FAMILIES` to compute, in this order.
    """

    def __init__(self, families: tuple[str, ...] = tuple(FAMILIES)) -> None:
        self.families = families

    def fit(self, X: Sequence[str], y: object = None) -> DenseFeatures:
        unknown = set(self.families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown feature families {sorted(unknown)}; choose from {list(FAMILIES)}")
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        texts = _as_texts(X)
        blocks = [FAMILIES[name].compute(texts) for name in self.families]
        return np.nan_to_num(np.hstack(blocks), nan=0.0, posinf=0.0, neginf=0.0)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"{name}__{column}" for name in self.families
                         for column in FAMILIES[name].COLUMNS], dtype=object)

    def __sklearn_is_fitted__(self) -> bool:
        return True


class MaskedText(TransformerMixin, BaseEstimator):
    """Replace content words by their shape, keeping function words and punctuation."""

    def fit(self, X: Sequence[str], y: object = None) -> MaskedText:
        return self

    def transform(self, X: Sequence[str]) -> list[str]:
        return [masked_text(text) for text in _as_texts(X)]

    def __sklearn_is_fitted__(self) -> bool:
        return True


class LexicalText(TransformerMixin, BaseEstimator):
    """Lower-case the paragraph and mask names and numbers (see :func:`lexical_text`)."""

    def fit(self, X: Sequence[str], y: object = None) -> LexicalText:
        return self

    def transform(self, X: Sequence[str]) -> list[str]:
        return [lexical_text(text) for text in _as_texts(X)]

    def __sklearn_is_fitted__(self) -> bool:
        return True
