"""Length calibration: a short paragraph carries less evidence than its raw score claims.

The classifier is fitted and calibrated on corpus paragraphs of about 40-120 words,
but articles are full of shorter ones. Measured on the test split with the model
before this step, native English cut at sentence ends into 12-24-word pieces was
flagged 2.5 times as often as whole paragraphs (3.2% against 1.3%). Training
therefore cuts the validation paragraphs into pieces of each short band and fits
one affine map of the log-odds per band (Platt scaling, both classes weighted
equally, as for the main calibration). Paragraphs longer than every band keep
their scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from mtdetect.features.lexicon import words
from mtdetect.features.parsed import parse
from mtdetect.text import split_sentences

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


def fit_length_bands(predict_proba: Callable[[list[str]], np.ndarray], records: Sequence[dict],
                     weigh: Callable[[Sequence[dict]], np.ndarray], *, seed: int) -> list[LengthBand]:
    """One band per entry of :data:`BANDS`, fitted on sentence pieces of ``records``.

    ``weigh`` gives each record's sample weight (the main calibration's class balance).
    """
    from sklearn.linear_model import LogisticRegression

    from mtdetect.corpus import label_of

    bands = []
    for min_words, max_words in BANDS:
        pieces = [(piece, record) for record in records
                  for piece in sentence_pieces(record["text"], min_words, max_words)]
        labels = np.array([label_of(record["origin"]) for _, record in pieces])
        if len(set(labels)) < 2:
            raise ValueError(f"no pieces of {min_words}-{max_words} words from both classes to calibrate on")
        logits = logit(predict_proba([piece for piece, _ in pieces]))
        platt = LogisticRegression(C=100.0, max_iter=1000, random_state=seed)
        platt.fit(logits[:, None], labels, sample_weight=weigh([record for _, record in pieces]))
        bands.append(LengthBand(min_words, max_words, float(platt.coef_[0, 0]), float(platt.intercept_[0])))
    return bands


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
