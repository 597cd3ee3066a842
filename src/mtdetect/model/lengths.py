"""Length calibration: a short paragraph carries less evidence than its raw score claims.

The classifier is fitted and calibrated on corpus paragraphs of about 40-120 words,
but articles are full of shorter ones. Measured on the test split with the model
before this step, native English cut at sentence ends into 12-24-word pieces was
flagged 2.5 times as often as whole paragraphs (3.2% against 1.3%). Training
therefore cuts the validation paragraphs into pieces of each short band and fits
one affine map of the log-odds per band (Platt scaling, both classes weighted
equally, as for the main calibration: :func:`mtdetect.lab.training.fit_length_bands`).
Paragraphs longer than every band keep their scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from mtdetect.features._text.lexicon import words
from mtdetect.features._text.parsed import parse
from mtdetect.inputs.text import split_sentences

BANDS: tuple[tuple[int, int], ...] = ((12, 24), (25, 39))
EPSILON = 1e-9


@dataclass(frozen=True)
class LengthBand:
    """Scores of paragraphs with ``min_words`` to ``max_words`` words map to sigmoid(slope * logit + intercept)."""

    min_words: int
    max_words: int
    slope: float
    intercept: float


def sentence_pieces(text: str, min_words: int, max_words: int) -> list[str]:
    """Consecutive sentences of ``text`` joined into pieces of ``min_words`` to ``max_words`` words.

    A run of sentences that overshoots ``max_words`` is dropped, not cut mid-sentence.
    """
    pieces, sentences = [], []
    for sentence in split_sentences(" ".join(text.split())):
        sentences.append(sentence)
        piece = " ".join(sentences)
        n_words = len(words(piece))
        if n_words >= min_words:
            if n_words <= max_words:
                pieces.append(piece)
            sentences = []
    return pieces


def logit(probabilities: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    p = np.clip(probabilities, EPSILON, 1 - EPSILON)
    return np.log(p / (1 - p))


def adjust(probabilities: np.ndarray, n_words: Sequence[int], bands: Sequence[LengthBand]) -> np.ndarray:
    """``probabilities`` with each paragraph's band applied (unchanged outside every band)."""
    adjusted = np.array(probabilities, dtype=float)
    counts = np.asarray(n_words)
    for band in bands:
        inside = (counts >= band.min_words) & (counts <= band.max_words)
        if inside.any():
            adjusted[inside] = 1.0 / (1.0 + np.exp(-(band.slope * logit(adjusted[inside]) + band.intercept)))
    return adjusted


def band_logit(log_odds: float, n_words: int, bands: Sequence[LengthBand]) -> float:
    """``log_odds`` of a text ``n_words`` long, mapped by the band it falls in (unchanged outside every band).

    Documents use it on their pooled log-odds with their total word count: a document that is
    itself short carries no more evidence than a short paragraph.
    """
    for band in bands:
        if band.min_words <= n_words <= band.max_words:
            return band.slope * log_odds + band.intercept
    return log_odds


def word_counts(texts: Sequence[str]) -> list[int]:
    """Words per paragraph, counted as scoring counts them (from the parse the features share)."""
    return [parse(text).n_words for text in texts]


def bands_to_card(bands: Sequence[LengthBand]) -> list[dict[str, Any]]:
    return [asdict(band) for band in bands]


def bands_from_card(card: dict[str, Any]) -> list[LengthBand]:
    """The card's bands; none for a model trained before length calibration."""
    return [LengthBand(**band) for band in card.get("length_calibration", {}).get("bands", [])]
