"""Score paragraphs in batches and pool them into a document verdict.

Paragraphs stream through in fixed-size batches, so memory does not grow with
the input and serial, parallel and distributed runs compute identical numbers.
The document score pools paragraph log-odds weighted by length (a
"logarithmic opinion pool"): long paragraphs carry more evidence, and one
outlier paragraph cannot decide a long article on its own. It pools the
classifier's log-odds before the length calibration (``mtdetect.model.lengths``):
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

from mtdetect.findings import RULES, Finding, document_findings, paragraph_findings
from mtdetect.findings.catalogue import FAMILY_VERDICTS
from mtdetect.model.lengths import LengthBand, band_logit, logit, word_counts
from mtdetect.model.load import Detector
from mtdetect.inputs.text import Paragraph
from mtdetect.scoring.verdict import Counted, counted_findings, findings_log_lr, load_weights

if TYPE_CHECKING:
    from mtdetect.scoring.explain import Contribution

MIN_WORDS = 12
MAX_CONTEXT_PARAGRAPHS = 2000  # document rules read a document's first paragraphs only: bounded memory
BATCH_SIZE = 256
FIRST_BATCH_SIZE = 32  # ``mtdetect score``'s first batch: its first line comes before 256 paragraphs are scored
EPSILON = 1e-6
LABEL_FLAGGED = "machine"
LABEL_CLEAN = "human"
ALL_CODES = frozenset(RULES)


@dataclass(frozen=True)
class ParagraphScore:
    """The verdict on one paragraph; ``score`` is None when it could not be judged."""

    index: int
    n_words: int
    score: float | None
    label: str | None
    reason: str | None = None
    findings: tuple[Finding, ...] = ()  # this paragraph's own tells (document rules' come with the document)
    text: str = ""
    contributions: tuple[Contribution, ...] = ()
    start_line: int | None = None  # 1-based first line in the input, for SARIF locations
    raw_score: float | None = None  # before length calibration: what the document pools


@dataclass
class DocumentScore:
    """Running pool of paragraph scores and findings for one input; the verdict (:mod:`mtdetect.scoring.verdict`)."""

    name: str
    threshold: float
    n_paragraphs: int = 0
    n_scored: int = 0
    n_flagged: int = 0
    _weighted_logit: float = 0.0
    _weight: float = 0.0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # paragraph findings, then the document rules' findings
    bands: tuple[LengthBand, ...] = ()  # the model's length calibration, for documents that are short in all
    codes: frozenset[str] = ALL_CODES  # the rules chosen by --select / --ignore
    weights: dict[str, float] = field(default_factory=load_weights)

    def finish(self, texts_by_index: dict[int, list[str]]) -> None:
        """Run the document rules on the paragraphs' texts by index (pieces of one index joined); call once, last."""
        paragraphs = [" ".join(texts_by_index.get(i, ())) for i in range(max(texts_by_index, default=-1) + 1)]
        self.findings.extend(document_findings(paragraphs, self.codes))

    def add(self, paragraph: ParagraphScore) -> None:
        self.n_paragraphs += 1
        self.findings.extend(paragraph.findings)
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
    def style_logit(self) -> float | None:
        """The pooled, length-calibrated style log-odds; None when no paragraph could be scored."""
        if not self._weight:
            return None
        return band_logit(self._weighted_logit / self._weight, int(self._weight), self.bands)

    @property
    def counted(self) -> list[Counted]:
        """The findings that count in the verdict, one per family, strongest first."""
        return counted_findings(self.findings, self.weights)

    @property
    def findings_logit(self) -> float:
        return findings_log_lr(self.counted)

    @property
    def n_foreign(self) -> int:
        """Paragraphs found to be in another language than English."""
        return sum(n for reason, n in self.skipped_reasons.items() if reason.startswith("language:"))

    @property
    def score(self) -> float | None:
        """The verdict's probability: style log-odds (0 if no paragraph was scored) plus the findings' term.

        None for a document with more paragraphs in other languages than scored English ones: its
        few English paragraphs are quotations or code, and it is no English text to judge.
        """
        style = self.style_logit
        if (style is None and not self.counted) or self.n_foreign > self.n_scored:
            return None
        return 1.0 / (1.0 + math.exp(-((style or 0.0) + self.findings_logit)))

    @property
    def label(self) -> str | None:
        score = self.score
        if score is None:
            return None
        return LABEL_FLAGGED if score > self.threshold else LABEL_CLEAN

    @property
    def verdict(self) -> str | None:
        """The label with what decided it: ``machine-translated or spun: foreign typography, a name spelled two ways``."""
        label = self.label
        if label is None:
            return None
        named = [FAMILY_VERDICTS[RULES[c.code].family] for c in self.counted[:3]]
        if label == LABEL_FLAGGED:
            return "machine-translated or spun: " + (", ".join(named) if named else "style of the text alone")
        return "no clear sign of machine translation" + (f" (but: {', '.join(named)})" if named else "")

    @property
    def reason(self) -> str | None:
        if self.n_paragraphs == 0:
            return "empty input: no paragraphs"
        if self.n_foreign > self.n_scored:
            return (f"not an English document: {self.n_foreign} of {self.n_paragraphs} paragraphs are in "
                    "other languages")
        if self.n_scored == 0 and self.score is None:
            return "no paragraph could be scored: " + ", ".join(sorted(self.skipped_reasons))
        return None


def _unscorable_reason(text: str, n_words: int) -> str | None:
    if n_words < MIN_WORDS:
        return f"too short to judge ({n_words} words; need {MIN_WORDS})"
    from mtdetect.inputs.language import detect_language

    language, _ = detect_language(text)
    if language != "en":
        return f"language: {language}"
    return None


def _length_contribution(raw: float, calibrated: float, n_words: int) -> tuple[Contribution, ...]:
    """The length calibration's change to a paragraph's log-odds, as one more explanation item.

    With it, the contributions still add up to the score shown for a short paragraph.
    """
    from mtdetect.scoring.explain import Contribution

    calibrated_logit, raw_logit = logit(np.array([calibrated, raw]))
    shift = float(calibrated_logit - raw_logit)
    if shift == 0.0:
        return ()
    return (Contribution("length__calibration",
                         f"short paragraph ({n_words} words): score adjusted for how little evidence it holds",
                         shift),)


def _findings(paragraph: Paragraph, reason: str | None, codes: frozenset[str]) -> tuple[Finding, ...]:
    """A paragraph's findings, short ones included; none for a paragraph in another language (a quotation)."""
    if reason is not None and reason.startswith("language:"):
        return ()
    return tuple(f.at(paragraph.index) for f in paragraph_findings(paragraph.text, codes))


def _score_batch(detector: Detector, batch: list[Paragraph], threshold: float, *,
                 keep_text: bool, explain: bool, codes: frozenset[str]) -> list[ParagraphScore]:
    n_words = word_counts([p.text for p in batch])
    reasons = [_unscorable_reason(p.text, n) for p, n in zip(batch, n_words)]
    judged = [i for i, reason in enumerate(reasons) if reason is None]
    raw = np.full(len(batch), np.nan)
    probabilities = np.full(len(batch), np.nan)
    explained: dict[int, tuple[Contribution, ...]] = {}
    texts = [batch[i].text for i in judged]
    if judged and explain:  # same scores as raw_proba, from one feature pass
        from mtdetect.scoring.explain import explain_batch

        raw[judged], contributions = explain_batch(detector, texts)
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
        findings = _findings(paragraph, reasons[i], codes)
        if reasons[i] is not None:
            results.append(ParagraphScore(paragraph.index, n_words[i], None, None, reasons[i], findings, text=text,
                                          start_line=paragraph.start_line))
            continue
        score = float(probabilities[i])
        label = LABEL_FLAGGED if score > threshold else LABEL_CLEAN
        results.append(ParagraphScore(paragraph.index, n_words[i], score, label, None, findings, text,
                                      explained.get(i, ()), start_line=paragraph.start_line,
                                      raw_score=float(raw[i])))
    return results


def score_paragraphs(detector: Detector, paragraphs: Iterable[Paragraph], *, threshold: float,
                     batch_size: int = BATCH_SIZE, first_batch_size: int | None = None, keep_text: bool = False,
                     explain: bool = False, codes: frozenset[str] = ALL_CODES) -> Iterator[ParagraphScore]:
    """Score a stream of paragraphs batch by batch, in input order; ``explain`` adds contributions.

    Every paragraph gets the findings of the rules in ``codes``, judged or not.

    ``first_batch_size`` (default ``batch_size``) bounds the first batch alone, for a reader who
    waits for the first result; the scores do not depend on the batches.
    """
    batch: list[Paragraph] = []
    limit = first_batch_size or batch_size
    for paragraph in paragraphs:
        batch.append(paragraph)
        if len(batch) >= limit:
            yield from _score_batch(detector, batch, threshold, keep_text=keep_text, explain=explain, codes=codes)
            batch, limit = [], batch_size
    if batch:
        yield from _score_batch(detector, batch, threshold, keep_text=keep_text, explain=explain, codes=codes)


def load_resources() -> None:
    """Load what scoring loads lazily (the language model, the word lists), so forked workers share it.

    On Linux, ``--jobs`` and ``--dask-local`` fork their workers from a process that has called
    this: each worker then begins with the modules, the language model and the word lists in
    memory (copy-on-write), where a fresh one spends about 1.5 s of CPU importing and loading
    them on the cores that score.
    """
    from mtdetect.features import fluency, readability, synonyms
    from mtdetect.inputs.language import _identifier

    _identifier()
    fluency.zipf.compute("the")  # wordfreq's English list
    readability._hyphenator()
    readability._easy_words()
    synonyms._phrase_openers()
    synonyms._read(synonyms.ODDS_PATH)
