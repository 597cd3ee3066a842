"""Score paragraphs in batches and pool them into a document verdict.

Paragraphs stream through in fixed-size batches, so memory does not grow with
the input and serial, parallel and distributed runs compute identical numbers.
The document score pools paragraph log-odds weighted by length (a
"logarithmic opinion pool"): long paragraphs carry more evidence, and one
outlier paragraph cannot decide a long article on its own. It pools the
classifier's log-odds before the length calibration (``mtdetect.lengths``):
that calibration says how far one short paragraph can be trusted alone, while
the pool already weighs each paragraph by its length. A document short in all
(fewer scored words than the calibration's longest band) gets that band's
calibration on its pooled log-odds, as a paragraph of its length would.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from mtdetect.context import DriftWeight
from mtdetect.drift import DriftFinding
from mtdetect.features.artifacts import Evidence, find_evidence
from mtdetect.lengths import LengthBand, band_logit, logit, word_counts
from mtdetect.model import Detector
from mtdetect.text import Paragraph

if TYPE_CHECKING:
    from mtdetect.explain import Contribution

MIN_WORDS = 12
BATCH_SIZE = 256
FIRST_BATCH_SIZE = 32  # ``mtdetect score``'s first batch: its first line comes before 256 paragraphs are scored
EPSILON = 1e-6
LABEL_FLAGGED = "machine"
LABEL_CLEAN = "human"


@dataclass(frozen=True)
class ParagraphScore:
    """The verdict on one paragraph; ``score`` is None when it could not be judged."""

    index: int
    n_words: int
    score: float | None
    label: str | None
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    text: str = ""
    contributions: tuple[Contribution, ...] = ()
    start_line: int | None = None  # 1-based first line in the input, for SARIF locations
    raw_score: float | None = None  # before length calibration: what the document pools


@dataclass
class DocumentScore:
    """Running pool of paragraph scores for one input."""

    name: str
    threshold: float
    n_paragraphs: int = 0
    n_scored: int = 0
    n_flagged: int = 0
    _weighted_logit: float = 0.0
    _weight: float = 0.0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    drift: tuple[DriftFinding, ...] = ()
    context_logit: float = 0.0  # document evidence (mtdetect.context), added to the pooled logit
    bands: tuple[LengthBand, ...] = ()  # the model's length calibration, for documents that are short in all

    def set_context(self, drift: tuple[DriftFinding, ...], weight: DriftWeight) -> None:
        """Attach document-level evidence and its weight (call once, after the last paragraph)."""
        self.drift = drift
        self.context_logit = weight.offset(drift)

    def add(self, paragraph: ParagraphScore) -> None:
        self.n_paragraphs += 1
        if paragraph.score is None:
            key = (paragraph.reason or "not scored").split(" (")[0]
            self.skipped_reasons[key] = self.skipped_reasons.get(key, 0) + 1
            return
        self.n_scored += 1
        self.n_flagged += paragraph.label == LABEL_FLAGGED
        pooled = paragraph.score if paragraph.raw_score is None else paragraph.raw_score
        p = min(max(pooled, EPSILON), 1 - EPSILON)
        self._weighted_logit += paragraph.n_words * math.log(p / (1 - p))
        self._weight += paragraph.n_words

    @property
    def score(self) -> float | None:
        if not self._weight:
            return None
        pooled = band_logit(self._weighted_logit / self._weight, int(self._weight), self.bands)
        return 1.0 / (1.0 + math.exp(-(pooled + self.context_logit)))

    @property
    def label(self) -> str | None:
        score = self.score
        if score is None:
            return None
        return LABEL_FLAGGED if score > self.threshold else LABEL_CLEAN

    @property
    def reason(self) -> str | None:
        if self.n_paragraphs == 0:
            return "empty input: no paragraphs"
        if self.n_scored == 0:
            return "no paragraph could be scored: " + ", ".join(sorted(self.skipped_reasons))
        return None


def _unscorable_reason(text: str, n_words: int) -> str | None:
    if n_words < MIN_WORDS:
        return f"too short to judge ({n_words} words; need {MIN_WORDS})"
    from mtdetect.language import detect_language

    language, _ = detect_language(text)
    if language != "en":
        return f"language: {language}"
    return None


def _length_contribution(raw: float, calibrated: float, n_words: int) -> tuple[Contribution, ...]:
    """The length calibration's change to a paragraph's log-odds, as one more explanation item.

    With it, the contributions still add up to the score shown for a short paragraph.
    """
    from mtdetect.explain import Contribution

    calibrated_logit, raw_logit = logit(np.array([calibrated, raw]))
    shift = float(calibrated_logit - raw_logit)
    if shift == 0.0:
        return ()
    return (Contribution("length__calibration",
                         f"short paragraph ({n_words} words): score adjusted for how little evidence it holds",
                         shift),)


def _score_batch(detector: Detector, batch: list[Paragraph], threshold: float,
                 keep_text: bool, explain: bool = False) -> list[ParagraphScore]:
    n_words = word_counts([p.text for p in batch])
    reasons = [_unscorable_reason(p.text, n) for p, n in zip(batch, n_words)]
    judged = [i for i, reason in enumerate(reasons) if reason is None]
    raw = np.full(len(batch), np.nan)
    probabilities = np.full(len(batch), np.nan)
    explained: dict[int, tuple[Contribution, ...]] = {}
    texts = [batch[i].text for i in judged]
    if judged and explain:  # same scores as raw_proba, from one feature pass
        from mtdetect.explain import explain_batch

        raw[judged], contributions = explain_batch(detector.estimator, texts)
        explained = dict(zip(judged, contributions))
    elif judged:
        raw[judged] = detector.raw_proba(texts)
    if judged:
        probabilities[judged] = detector.length_calibrated(raw[judged], [n_words[i] for i in judged])
    for i in explained:
        explained[i] = (*explained[i], *_length_contribution(raw[i], probabilities[i], n_words[i]))
    results = []
    for i, paragraph in enumerate(batch):
        text = paragraph.text if keep_text else ""
        if reasons[i] is not None:
            results.append(ParagraphScore(paragraph.index, n_words[i], None, None, reasons[i], text=text,
                                          start_line=paragraph.start_line))
            continue
        score = float(probabilities[i])
        label = LABEL_FLAGGED if score > threshold else LABEL_CLEAN
        evidence = find_evidence(paragraph.text)
        results.append(ParagraphScore(paragraph.index, n_words[i], score, label, None, evidence, text,
                                      explained.get(i, ()), start_line=paragraph.start_line,
                                      raw_score=float(raw[i])))
    return results


def score_paragraphs(detector: Detector, paragraphs: Iterable[Paragraph], *, threshold: float,
                     batch_size: int = BATCH_SIZE, first_batch_size: int | None = None, keep_text: bool = False,
                     explain: bool = False) -> Iterator[ParagraphScore]:
    """Score a stream of paragraphs batch by batch, in input order; ``explain`` adds contributions.

    ``first_batch_size`` (default ``batch_size``) bounds the first batch alone, for a reader who
    waits for the first result; the scores do not depend on the batches.
    """
    batch: list[Paragraph] = []
    limit = first_batch_size or batch_size
    for paragraph in paragraphs:
        batch.append(paragraph)
        if len(batch) >= limit:
            yield from _score_batch(detector, batch, threshold, keep_text, explain)
            batch, limit = [], batch_size
    if batch:
        yield from _score_batch(detector, batch, threshold, keep_text, explain)


def load_resources() -> None:
    """Load what scoring loads lazily (the language model, the word lists), so forked workers share it.

    On Linux, ``--jobs`` and ``--dask-local`` fork their workers from a process that has called
    this: each worker then begins with the modules, the language model and the word lists in
    memory (copy-on-write), where a fresh one spends about 1.5 s of CPU importing and loading
    them on the cores that score.
    """
    from mtdetect.features import fluency, readability, synonyms
    from mtdetect.language import _identifier

    _identifier()
    fluency.zipf.compute("the")  # wordfreq's English list
    readability._hyphenator()
    readability._easy_words()
    synonyms._phrase_openers()
    synonyms._read(synonyms.ODDS_PATH)
