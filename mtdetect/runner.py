"""Score a list of inputs end to end: read, split, score, pool, hand results to a writer.

Per-file input errors do not stop the run: the other files are still scored and
the run reports the failures, so a CI job sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mtdetect.errors import InputError
from mtdetect.model import Detector, load_detector
from mtdetect.report import Writer
from mtdetect.scoring import ALL_CODES, FIRST_BATCH_SIZE, LABEL_FLAGGED, MAX_CONTEXT_PARAGRAPHS, DocumentScore, score_paragraphs
from mtdetect.text import Paragraph, expand_inputs, iter_paragraphs, read_source


@dataclass(frozen=True)
class ScoreOptions:
    """Everything ``mtdetect score`` can be told."""

    threshold: float | None = None
    model: str | None = None
    trust_model: bool = False
    input_format: str = "auto"
    recursive: bool = False
    jobs: int = 1  # worker processes; 0 = one per CPU (mtdetect.parallel)
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


def score_inputs(inputs: list[str], options: ScoreOptions, writer: Writer,
                 on_error: Callable[[str], None]) -> ScoreRun:
    """Score every input; report per-input failures through ``on_error`` and go on."""
    if options.jobs != 1:
        from mtdetect.parallel import score_inputs_parallel

        names = list(expand_inputs(inputs, recursive=options.recursive))
        return score_inputs_parallel(names, options, writer, on_error)
    detector = load_detector(options.model, trust=options.trust_model)
    threshold = detector.threshold if options.threshold is None else options.threshold
    run = ScoreRun()
    for name in expand_inputs(inputs, recursive=options.recursive):
        try:
            run.documents.append(score_one(detector, name, threshold=threshold, input_format=options.input_format,
                                           writer=writer, codes=options.codes))
        except (InputError, OSError, UnicodeDecodeError) as error:
            message = input_error_message(name, error)
            run.errors.append(message)
            on_error(message)
    writer.close()
    return run
