"""Score one input end to end: read, split, score, pool, hand results to a writer.

:func:`mtdetect.run.runner.score_inputs` calls it for every input, in this process or in worker
processes (:mod:`mtdetect.run.parallel`); the run's options and outcome are defined here for both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mtdetect.errors import InputError
from mtdetect.model.load import Detector
from mtdetect.report.records import Writer
from mtdetect.scoring.paragraphs import ALL_CODES, FIRST_BATCH_SIZE, LABEL_FLAGGED, MAX_CONTEXT_PARAGRAPHS, DocumentScore, score_paragraphs
from mtdetect.inputs.text import Paragraph, iter_paragraphs, read_source


@dataclass(frozen=True)
class ScoreOptions:
    """Everything ``mtdetect score`` can be told."""

    threshold: float | None = None
    model: str | None = None
    trust_model: bool = False
    input_format: str = "auto"
    recursive: bool = False
    jobs: int = 1  # worker processes; 0 = one per CPU (mtdetect.run.parallel)
    codes: frozenset[str] = ALL_CODES  # finding rules chosen by --select / --ignore


@dataclass
class ScoreRun:
    """What happened: one summary per scored input, one message per failed input."""

    documents: list[DocumentScore] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(d.label == LABEL_FLAGGED for d in self.documents)

    def exceeds(self, limit: float) -> bool:
        """Whether any document's pooled score is above ``limit`` (``--fail-above``)."""
        return any(d.score is not None and d.score > limit for d in self.documents)


def input_error_message(name: str, error: Exception) -> str:
    """One line naming the input that failed."""
    return str(error) if isinstance(error, InputError) else f"{name}: {error}"


def score_one(detector: Detector, name: str, *, threshold: float, input_format: str,
              writer: Writer, codes: frozenset[str] = ALL_CODES) -> DocumentScore:
    """Score one input (a path or ``-``) and feed every result to ``writer``.

    Paragraph results stream out as they are scored; the document summary, which
    also weighs the document rules' findings (a repeated paragraph, a name spelled two ways),
    follows the last paragraph.
    """
    document = DocumentScore(name=name, threshold=threshold, bands=detector.length_bands, codes=codes)
    texts: dict[int, list[str]] = {}

    def remembered(paragraphs: Iterator[Paragraph]) -> Iterator[Paragraph]:
        for paragraph in paragraphs:
            if paragraph.index < MAX_CONTEXT_PARAGRAPHS:
                texts.setdefault(paragraph.index, []).append(paragraph.text)
            yield paragraph

    with read_source(name) as stream:
        paragraphs = remembered(iter_paragraphs(stream, name=name, input_format=input_format))
        for paragraph in score_paragraphs(detector, paragraphs, threshold=threshold, first_batch_size=FIRST_BATCH_SIZE,
                                            keep_text=writer.needs_text, explain=writer.explain, codes=codes):
            document.add(paragraph)
            writer.paragraph(name, paragraph)
    document.finish(texts)
    writer.document(document)
    return document
