"""``mtdetect score --jobs N``: score many inputs in worker processes, write in input order.

Each worker process loads the model once (the pool initializer warms a
per-process cache) and scores whole files with the serial
:func:`mtdetect.run.serial.score_one`, collecting what it would have written. The
parent replays those results into the real writer strictly in input order, so
the output is byte-for-byte what the serial run writes, and only the parent
ever touches stdout. Standard input cannot be handed to a worker process, so
``-`` is scored in the parent, at its place in the order.

At most ``2 * jobs`` files are in flight, so memory stays bounded however many
files are given.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

from mtdetect.errors import InputError, MtdetectError
from mtdetect.report.json import JsonlWriter
from mtdetect.report.records import Writer, paragraph_line
from mtdetect.scoring.paragraphs import ALL_CODES, DocumentScore, ParagraphScore
from mtdetect.run.serial import ScoreOptions, ScoreRun, input_error_message, score_one

if TYPE_CHECKING:
    from mtdetect.model.load import Detector

STDIN = "-"
PROGRESS_MIN_FILES = 4
IN_FLIGHT_PER_JOB = 2


@dataclass
class FileResult:
    """What scoring one input produced, carried back from a worker to the parent."""

    name: str
    paragraphs: list[ParagraphScore] = field(default_factory=list)
    document: DocumentScore | None = None
    error: str | None = None
    lines: list[str] | None = None  # the paragraphs' JSON lines instead, for a JSONL writer


@dataclass(frozen=True)
class WriterNeeds:
    """What the real writer asks of scoring, so a worker scores exactly as the parent would."""

    explain: bool = False
    needs_text: bool = False
    # The parent writes JSON lines: the worker renders them, so the parent, which shares the cores with
    # the workers, neither unpickles paragraph objects nor encodes them (100,000 paragraphs: 1.5 s of its CPU).
    jsonl: bool = False

    @classmethod
    def of(cls, writer: Writer) -> WriterNeeds:
        return cls(explain=writer.explain, needs_text=getattr(writer, "needs_text", False),
                   jsonl=type(writer) is JsonlWriter)


class _Collector(Writer):
    """A writer that keeps what it is given, so the parent can replay it in order."""

    def __init__(self, result: FileResult, needs: WriterNeeds) -> None:
        super().__init__(stream=sys.stderr, explain=needs.explain)
        self.needs_text = needs.needs_text
        self.result = result
        if needs.jsonl:
            result.lines = []

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        if self.result.lines is not None:
            self.result.lines.append(paragraph_line(name, paragraph))
        else:
            self.result.paragraphs.append(paragraph)

    def document(self, document: DocumentScore) -> None:
        self.result.document = document


@lru_cache(maxsize=2)
def _worker_detector(model: str | None, trust: bool) -> Detector:
    """The model of this process, loaded (and verified) once."""
    from mtdetect.model.load import load_detector

    return load_detector(model, trust=trust)


def _init_worker(model: str | None, trust: bool) -> None:
    """Pool initializer: ignore Ctrl-C (the parent reports it, once) and load the model before the first file.

    A failure to load is left for the first task to raise again, with its real message,
    instead of breaking the pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_detector(model, trust)
    except MtdetectError:
        pass


def score_file(detector: Detector, name: str, *, threshold: float, input_format: str,
               needs: WriterNeeds = WriterNeeds(), codes: frozenset[str] = ALL_CODES) -> FileResult:
    """Score one input with the serial code path and return everything it produced."""
    result = FileResult(name)
    try:
        score_one(detector, name, threshold=threshold, input_format=input_format,
                  writer=_Collector(result, needs), codes=codes)
    except (InputError, OSError, UnicodeDecodeError) as error:
        result.error = input_error_message(name, error)
    return result


def _score_in_worker(name: str, model: str | None, trust: bool, threshold: float,
                     input_format: str, needs: WriterNeeds, codes: frozenset[str]) -> FileResult:
    return score_file(_worker_detector(model, trust), name, threshold=threshold, input_format=input_format,
                      needs=needs, codes=codes)


def resolve_jobs(jobs: int) -> int:
    """``0`` means one job per CPU."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _wants_progress(n_files: int, stream: TextIO) -> bool:
    """A bar only when stderr is a terminal and the results are not going to that terminal too."""
    results_on_terminal = getattr(stream, "isatty", lambda: False)()
    return n_files >= PROGRESS_MIN_FILES and sys.stderr.isatty() and not results_on_terminal


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """Yield an ``advance()`` callback; draws a transient rich bar on stderr when enabled."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=False,
                  redirect_stderr=False) as bar:
        task = bar.add_task("files", total=total)
        yield lambda: bar.advance(task)


def _replay(result: FileResult, writer: Writer, run: ScoreRun, on_error: Callable[[str], None]) -> None:
    if result.lines is not None:  # rendered by the worker, exactly as writer.paragraph renders them
        writer.stream.write("".join(result.lines))
    for paragraph in result.paragraphs:
        writer.paragraph(result.name, paragraph)
    if result.error is not None:
        run.errors.append(result.error)
        on_error(result.error)
        return
    assert result.document is not None
    writer.document(result.document)
    run.documents.append(result.document)


def score_inputs_parallel(names: list[str], options: ScoreOptions, writer: Writer,
                          on_error: Callable[[str], None]) -> ScoreRun:
    """Score ``names`` on ``options.jobs`` processes; results reach ``writer`` in input order."""
    from mtdetect.scoring.paragraphs import load_resources

    jobs = min(resolve_jobs(options.jobs), max(1, sum(name != STDIN for name in names)))
    detector = _worker_detector(options.model, options.trust_model)  # verifies once, up front
    fork = sys.platform.startswith("linux")
    if fork:  # workers forked from here start with the model and what scoring loads (one load, not one each)
        load_resources()
    threshold = detector.threshold_or(options.threshold)
    run = ScoreRun()
    pending: deque[tuple[str, Future[FileResult] | None]] = deque()
    context = multiprocessing.get_context("fork") if fork else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(options.model, options.trust_model)) as pool, \
            _progress(len(names), _wants_progress(len(names), writer.stream)) as advance:
        queue = iter(names)
        for name in queue:
            future = None if name == STDIN else pool.submit(
                _score_in_worker, name, options.model, options.trust_model, threshold, options.input_format,
                WriterNeeds.of(writer), options.codes)
            pending.append((name, future))
            while len(pending) >= jobs * IN_FLIGHT_PER_JOB or (pending and pending[0][1] is None):
                _finish(pending.popleft(), detector, threshold, options, writer, run, on_error)
                advance()
        while pending:
            _finish(pending.popleft(), detector, threshold, options, writer, run, on_error)
            advance()
    writer.close()
    return run


def _finish(item: tuple[str, Future[FileResult] | None], detector: Detector, threshold: float,
            options: ScoreOptions, writer: Writer, run: ScoreRun, on_error: Callable[[str], None]) -> None:
    name, future = item
    if future is None:  # standard input: only this process can read it
        result = score_file(detector, name, threshold=threshold, input_format=options.input_format,
                            needs=WriterNeeds.of(writer), codes=options.codes)
    else:
        result = future.result()
    _replay(result, writer, run, on_error)
