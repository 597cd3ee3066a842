"""``mtdetect batch``: score the text field of every record in JSONL(.gz) or Parquet files.

Records are read in chunks of ``chunk_size`` (:mod:`mtdetect.inputs.records`); a chunk is the unit
of work both here (one process) and on Dask (one task, see :mod:`mtdetect.run.distributed`), and
the same :func:`mtdetect.run.rows.score_chunk` runs in both, so serial and distributed runs write
identical rows. Within a chunk, the paragraphs of all records are scored
together in batches (:func:`mtdetect.scoring.paragraphs.score_paragraphs`) and pooled per
record with :class:`mtdetect.scoring.paragraphs.DocumentScore`.

Output rows (JSONL or Parquet, by the output's extension) are the ``score
--format jsonl`` records: one per record with ``"paragraph": null`` and, with
``per_paragraph``, one per paragraph before it. Each row also names its input
(``file``), its 0-based position in that input (``record``) and, when the
records have one, their id under the id field's own name, so results join back.
pyarrow is needed only for Parquet and imported only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mtdetect.errors import InputError
from mtdetect.inputs.records import STDIO, BatchOptions, Chunk, file_kind, iter_chunks, load_pyarrow, open_text, parse_records
from mtdetect.run.rows import jsonl_text, row_counts, score_chunk

RESERVED_FIELDS = frozenset({"file", "record", "paragraph", "score", "label", "n_words", "reason", "findings",
                             "verdict", "threshold", "style_score", "findings_log_lr", "counted", "n_paragraphs",
                             "n_scored", "n_flagged", "n_findings", "explanations"})


@dataclass
class BatchRun:
    """Counts over everything written; ``flagged`` drives the exit code."""

    n_records: int = 0
    n_paragraphs: int = 0
    n_flagged: int = 0

    @property
    def flagged(self) -> bool:
        return self.n_flagged > 0

    def count(self, rows: list[dict[str, Any]]) -> None:
        self.add(*row_counts(rows))

    def add(self, n_records: int, n_paragraphs: int, n_flagged: int) -> None:
        self.n_records += n_records
        self.n_paragraphs += n_paragraphs
        self.n_flagged += n_flagged


class _JsonlSink:
    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle

    def write(self, rows: list[dict[str, Any]]) -> None:
        self.handle.write(jsonl_text(rows))

    def write_text(self, text: str) -> None:
        self.handle.write(text)


def parquet_schema(pa: Any, id_field: str, id_type: Any) -> Any:
    """Every column a row can have, in order; the id column keeps the input's type."""
    findings = pa.list_(pa.struct([("code", pa.string()), ("name", pa.string()), ("paragraph", pa.int64()),
                                   ("start", pa.int64()), ("end", pa.int64()), ("reason", pa.string()),
                                   ("weight", pa.float64())]))
    return pa.schema([
        ("file", pa.string()), ("record", pa.int64()), (id_field, id_type), ("paragraph", pa.int64()),
        ("score", pa.float64()), ("label", pa.string()), ("n_words", pa.int64()), ("reason", pa.string()),
        ("findings", findings), ("verdict", pa.string()), ("threshold", pa.float64()),
        ("style_score", pa.float64()), ("findings_log_lr", pa.float64()), ("counted", findings),
        ("n_paragraphs", pa.int64()), ("n_scored", pa.int64()), ("n_flagged", pa.int64()), ("n_findings", pa.int64()),
    ])


class _ParquetSink:
    """One row group per chunk; the id column's type comes from the first chunk's ids."""

    def __init__(self, path: str, id_field: str) -> None:
        self.pa = load_pyarrow()
        self.path = path
        self.id_field = id_field
        self.writer: Any = None

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.writer is None:
            id_type = self.pa.array([row[self.id_field] for row in rows]).type
            id_type = self.pa.string() if self.pa.types.is_null(id_type) else id_type
            schema = parquet_schema(self.pa, self.id_field, id_type)
            self.writer = self.pa.parquet.ParquetWriter(self.path, schema)
        self.writer.write_table(self.pa.Table.from_pylist(rows, schema=self.writer.schema))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@contextmanager
def open_sink(path: str, id_field: str) -> Iterator[_JsonlSink | _ParquetSink]:
    """A sink with ``write(rows)`` for JSONL(.gz), ``-`` (stdout) or Parquet, chosen by ``path``."""
    if file_kind(path) == "parquet":
        sink = _ParquetSink(path, id_field)
        try:
            yield sink
        finally:
            sink.close()
        return
    with open_text(path, "w") as handle:
        yield _JsonlSink(handle)


def _check(inputs: list[str], output: str, options: BatchOptions) -> None:
    """Every option and path, before any record is read or any output written."""
    if options.id_field in RESERVED_FIELDS:
        raise InputError(f"--id-field {options.id_field!r} clashes with an output column")
    for path in [*inputs, output]:
        if file_kind(path) == "parquet":
            load_pyarrow()
    for path in inputs:
        if path != STDIO and not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    if inputs.count(STDIO) > 1:
        raise InputError("'-' (stdin) can be given only once")


def _first_record_lacks_id(path: str, options: BatchOptions) -> bool:
    """Whether the first record of a JSONL file has no id field (False where it cannot be read: the run says why)."""
    try:
        with open_text(path, "r") as handle:
            first = next(parse_records(handle, path, options.text_field), None)
    except (InputError, UnicodeDecodeError):
        return False
    return first is not None and options.id_field not in first[0]


def _missing_id(part: Any, options: BatchOptions) -> int | None:
    """The number of the first record without the id field in ``part``, a chunk or a file slice.

    Workers read a file slice (:mod:`mtdetect.inputs.slices`), so of those only the file's first record is looked at, here.
    """
    if isinstance(part, Chunk):
        return part.missing_id
    return 0 if part.first == 0 and _first_record_lacks_id(part.source, options) else None


def _warning_once(parts: Iterable[Any], options: BatchOptions,
                  on_warning: Callable[[str], None] | None) -> Iterator[Any]:
    """``parts`` unchanged; ``on_warning`` is told about the first record without the id field, once."""
    for part in parts:
        missing = None if on_warning is None else _missing_id(part, options)
        if on_warning is not None and missing is not None:
            on_warning(f"{part.source}: no field {options.id_field!r} in record {missing} (see --id-field); "
                       "ids will be null")
            on_warning = None
        yield part


def run_batch(inputs: list[str], output: str, options: BatchOptions, *,
              on_warning: Callable[[str], None] | None = None) -> BatchRun:
    """Score every record of ``inputs`` and write rows to ``output``, in input order.

    ``on_warning`` hears, once, of the first record that has no ``options.id_field`` (its id is written as null).
    """
    from mtdetect.model.load import load_detector

    _check(inputs, output, options)
    detector = load_detector(options.model, trust=options.trust_model)
    threshold = detector.threshold_or(options.threshold)
    settings = {"threshold": threshold, "id_field": options.id_field, "input_format": options.input_format,
                "per_paragraph": options.per_paragraph, "codes": options.codes}
    run = BatchRun()
    with open_sink(output, options.id_field) as sink, ExitStack() as stack:
        if options.distributed:
            from mtdetect.run.distributed import dask_client, score_chunks, score_chunks_jsonl
            from mtdetect.inputs.slices import work_units

            client = stack.enter_context(dask_client(options.scheduler, options.dask_local))
            # A LocalCluster's workers share this machine's files, so they read their own records.
            parts = work_units(inputs, options) if options.dask_local else iter_chunks(inputs, options)
            parts = _warning_once(parts, options, on_warning)
            if isinstance(sink, _JsonlSink):
                for encoded in score_chunks_jsonl(client, detector, parts, **settings):
                    sink.write_text(encoded.text)
                    run.add(*encoded.counts)
                return run
            scored = score_chunks(client, detector, parts, **settings)
        else:
            chunks = _warning_once(iter_chunks(inputs, options), options, on_warning)
            scored = (score_chunk(detector, chunk, **settings) for chunk in chunks)
        for rows in scored:
            sink.write(rows)
            run.count(rows)
    return run
