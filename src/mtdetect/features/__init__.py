"""Feature families, named columns, and the dense matrix they form.

Each family module (``style``, ``fluency``, ``readability``, ``synonyms``, ``lm``, ``spinprior``)
is a pure function of a batch of paragraphs returning one named column per signal.
:func:`dense_matrix` stacks the chosen families. The scikit-learn transformers that
wrap them for training live in :mod:`mtdetect.features.transformers` (which imports this
package, never the reverse); this package imports no scikit-learn, so scoring with a
compiled model never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

import numpy as np

from mtdetect.features import fluency, lm, readability, spinprior, style, synonyms
from mtdetect.features._text.typography import normalise_typography, without_honorifics

FAMILIES: dict[str, ModuleType] = {
    "style": style,
    "fluency": fluency,
    "readability": readability,
    "synonyms": synonyms,
    "lm": lm,
    "spinprior": spinprior,
}
# The shipped model's families. ``lm`` is opt-in (``mtdetect train --lm``): it lifts spun-text
# detection but costs round trips (docs/experiments/results-1.7.md); so is ``spinprior``
# (``mtdetect train --spinner-prior``, docs/experiments/results-1.7.md, "Spinner prior").
# Typographic and pipeline tells are no family: since 1.8.0 they are findings with measured weights
# (mtdetect.findings), not columns a model can learn shortcuts from.
DEFAULT_FAMILIES: tuple[str, ...] = ("style", "fluency", "readability", "synonyms")
# Families that look at content words (their frequency, their synonyms); the rest are topic-blind.
CONTENT_FAMILIES = frozenset({"fluency", "synonyms", "lm", "spinprior"})


def as_texts(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs as a list of str in plain house style (a bare string is refused, not split into characters).

    Every feature reads the paragraph through :func:`normalise_typography` and
    :func:`without_honorifics`: quote, dash and space styles and "Mr" before names are the
    publisher's, not the translator's (the findings report the typography).
    """
    if isinstance(paragraphs, str):
        raise TypeError("expected a sequence of paragraphs, got a single string")
    return [without_honorifics(normalise_typography(str(p))) for p in paragraphs]


def dense_columns(families: Sequence[str]) -> tuple[str, ...]:
    """The names of the columns :func:`dense_matrix` returns for ``families`` (``family__column``)."""
    return tuple(f"{name}__{column}" for name in families for column in FAMILIES[name].COLUMNS)


def dense_matrix(paragraphs: Sequence[str], families: Sequence[str]) -> np.ndarray:
    """The columns of ``families`` side by side, one row per paragraph, non-finite values as 0."""
    return plain_dense_matrix(as_texts(paragraphs), families)


def plain_dense_matrix(texts: list[str], families: Sequence[str]) -> np.ndarray:
    """:func:`dense_matrix` of texts :func:`as_texts` has already put in plain typography."""
    blocks = [FAMILIES[name].compute(texts) for name in families]
    return np.nan_to_num(np.hstack(blocks), nan=0.0, posinf=0.0, neginf=0.0)
