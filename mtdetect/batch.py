"""``mtdetect batch``: score the text field of every record in JSONL(.gz) or Parquet files.

Records are read in chunks of ``chunk_size``; a chunk is the unit of work both
here (one process) and on Dask (one task, see :mod:`mtdetect.distributed`), and
the same :func:`score_chunk` runs in both, so serial and distributed runs write
identical rows. Within a chunk, the paragraphs of all records are scored
together in batches (:func:`mtdetect.scoring.score_paragraphs`) and pooled per
record with :class:`mtdetect.scoring.DocumentScore`.

Output rows (JSONL or Parquet, by the output's extension) are the ``score
--format jsonl`` records: one per record with ``"paragraph": null`` and, with
``per_paragraph``, one per paragraph before it. Each row also names its input
(``file``), its 0-based position in that input (``record``) and, when the
records have one, their id under the id field's own name, so results join back.
pyarrow is needed only for Parquet and imported only then.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mtdetect.errors import InputError, MtdetectError
from mtdetect.text import without_surrogates

if TYPE_CHECKING:
    from mtdetect.model import Detector

STDIO = "-"
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
RESERVED_FIELDS = frozenset({"file", "record", "paragraph", "score", "label", "n_words", "reason", "findings",
                             "verdict", "threshold", "style_score", "findings_log_lr", "counted", "n_paragraphs",
                             "n_scored", "n_flagged", "n_findings", "explanations"})


@dataclass(frozen=True)
class BatchOptions:
    """Everything ``mtdetect batch`` can be told."""

    text_field: str = "text"
    id_field: str = "id"
    per_paragraph: bool = False
    threshold: float | None = None
    model: str | None = None
    trust_model: bool = False
    input_format: str = "text"
    chunk_size: int = 1000
    scheduler: str | None = None
    dask_local: int = 0

    @property
    def distributed(self) -> bool:
        return bool(self.scheduler or self.dask_local)


@dataclass(frozen=True)
class Chunk:
    """Consecutive records of one input: ids (None where absent) and texts, from record ``first`` on.

    ``missing_id``: the number of the chunk's first record without the id field, if the reader knows.
    """

    source: str
    first: int
    ids: list[Any]
    texts: list[str]
    missing_id: int | None = None


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
        self.add(*_counts(rows))

    def add(self, n_records: int, n_paragraphs: int, n_flagged: int) -> None:
        self.n_records += n_records
        self.n_paragraphs += n_paragraphs
        self.n_flagged += n_flagged


def _counts(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Records, their paragraphs and the flagged records among ``rows`` (from the records' summary rows)."""
    from mtdetect.scoring import LABEL_FLAGGED

    summaries = [row for row in rows if row["paragraph"] is None]
    return (len(summaries), sum(row["n_paragraphs"] for row in summaries),
            sum(row["label"] == LABEL_FLAGGED for row in summaries))


@dataclass(frozen=True)
class JsonlChunk:
    """A scored chunk's rows as JSONL text, encoded where they were scored, and their counts.

    A Dask worker sends this instead of the rows: the client then only writes text,
    instead of unpickling every row and encoding it again (most of its work on 100,000 records).
    """

    text: str
    counts: tuple[int, int, int]  # records, paragraphs, flagged records


def file_kind(path: str) -> str:
    """``"parquet"`` or ``"jsonl"`` from the name (``-`` is JSONL); an unknown suffix is an error."""
    if path == STDIO:
        return "jsonl"
    name = path.lower().removesuffix(".gz")
    if name.endswith(PARQUET_SUFFIXES) and not path.lower().endswith(".gz"):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise InputError(f"{path}: unknown format (expected .jsonl, .jsonl.gz or .parquet)")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the submodule is what we use
    except ImportError:
        raise MtdetectError("Parquet needs pyarrow: pip install 'mtdetect[parquet]'") from None
    return pyarrow


def _field_text(value: Any, where: str, field: str) -> str:
    if value is None:
        return ""  # scored as an empty document: reported with score null and a reason
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field!r} is {type(value).__name__}, not text")
    return without_surrogates(value)


@contextmanager
def _open_text(path: str, mode: str, errors: str = "strict") -> Iterator[IO[str]]:
    if path == STDIO:
        yield sys.stdin if mode == "r" else sys.stdout
    elif path.lower().endswith(".gz"):
        with gzip.open(path, mode + "t", encoding="utf-8", errors=errors, newline="") as handle:
            yield handle
    else:
        with open(path, mode, encoding="utf-8", errors=errors, newline="") as handle:
            yield handle


def parse_jsonl(lines: Iterable[str], path: str, text_field: str, id_field: str,
                first_line: int = 1) -> Iterator[tuple[Any, str]]:
    """Id (None where absent) and text of each record in ``lines``, numbered from ``first_line``; blanks skipped."""
    return ((record.get(id_field), text) for record, text in _parse_records(lines, path, text_field, first_line))


def _parse_records(lines: Iterable[str], path: str, text_field: str, first_line: int = 1) -> Iterator[tuple[dict, str]]:
    """Each record in ``lines`` and its text (see :func:`parse_jsonl`)."""
    for line_number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        where = f"{path}:{line_number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or text_field not in record:
            raise InputError(f"{where}: no field {text_field!r} (see --text-field)")
        yield record, _field_text(record[text_field], where, text_field)


def _first_undecodable_line(path: str) -> int | None:
    """The number of the first line of ``path`` that is not UTF-8, counted as the reader counts lines."""
    with _open_text(path, "r", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, start=1):
            if any("\udc80" <= char <= "\udcff" for char in line):  # an undecodable byte, escaped
                return number
    return None


def not_utf8(path: str, error: UnicodeDecodeError) -> InputError:
    """The error for JSON lines that are not UTF-8, naming the first bad line where the input can be read again."""
    line = None if path == STDIO else _first_undecodable_line(path)
    where = path if line is None else f"{path}:{line}"
    return InputError(f"{where}: not UTF-8 ({error.reason}); JSON lines must be UTF-8")


def _jsonl_chunks(path: str, options: BatchOptions) -> Iterator[Chunk]:
    ids: list[Any] = []
    texts: list[str] = []
    first = 0
    missing = None
    try:
        with _open_text(path, "r") as handle:
            for record, text in _parse_records(handle, path, options.text_field):
                if missing is None and options.id_field not in record:
                    missing = first + len(texts)
                ids.append(record.get(options.id_field))
                texts.append(text)
                if len(texts) >= options.chunk_size:
                    yield Chunk(path, first, ids, texts, missing)
                    first += len(texts)
                    ids, texts, missing = [], [], None
    except UnicodeDecodeError as error:
        raise not_utf8(path, error) from None
    if texts:
        yield Chunk(path, first, ids, texts, missing)


def _parquet_chunks(path: str, options: BatchOptions) -> Iterator[Chunk]:
    pq = _pyarrow().parquet
    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises its own types for a file that is not Parquet
        raise InputError(f"{path}: not a readable Parquet file ({error})") from None
    names = parquet.schema_arrow.names
    if options.text_field not in names:
        raise InputError(f"{path}: no column {options.text_field!r} (see --text-field)")
    columns = [options.text_field] + ([options.id_field] if options.id_field in names else [])
    first = 0
    for batch in parquet.iter_batches(batch_size=options.chunk_size, columns=columns):
        texts = batch.column(options.text_field).to_pylist()
        ids = batch.column(options.id_field).to_pylist() if len(columns) > 1 else [None] * len(texts)
        texts = [_field_text(t, f"{path}: record {first + i}", options.text_field) for i, t in enumerate(texts)]
        yield Chunk(path, first, ids, texts, None if len(columns) > 1 or not texts else first)
        first += len(texts)


def iter_chunks(paths: Iterable[str], options: BatchOptions) -> Iterator[Chunk]:
    """Every input's records, ``options.chunk_size`` at a time, in input order."""
    for path in paths:
        reader = _parquet_chunks if file_kind(path) == "parquet" else _jsonl_chunks
        yield from reader(path, options)


def score_chunk(detector: Detector, chunk: Chunk, *, threshold: float, id_field: str, input_format: str,
                per_paragraph: bool) -> list[dict[str, Any]]:
    """Output rows for one chunk: per record, its paragraphs (if asked) then its pooled summary."""
    from mtdetect.report import document_record, paragraph_record
    from mtdetect.scoring import MAX_CONTEXT_PARAGRAPHS, DocumentScore, score_paragraphs
    from mtdetect.text import iter_paragraphs

    paragraphs, owners = [], []
    texts_by_record: list[dict[int, list[str]]] = [{} for _ in chunk.texts]
    for k, text in enumerate(chunk.texts):
        for paragraph in iter_paragraphs(io.StringIO(text), name=chunk.source, input_format=input_format):
            paragraphs.append(paragraph)
            owners.append(k)
            if paragraph.index < MAX_CONTEXT_PARAGRAPHS:
                texts_by_record[k].setdefault(paragraph.index, []).append(paragraph.text)
    by_record: list[list[Any]] = [[] for _ in chunk.texts]
    for owner, scored in zip(owners, score_paragraphs(detector, paragraphs, threshold=threshold)):
        by_record[owner].append(scored)
    bands = detector.length_bands
    rows: list[dict[str, Any]] = []
    for k, scored_paragraphs in enumerate(by_record):
        key = {"file": chunk.source, "record": chunk.first + k, id_field: chunk.ids[k]}
        document = DocumentScore(name=chunk.source, threshold=threshold, bands=bands)
        for scored in scored_paragraphs:
            document.add(scored)
            if per_paragraph:
                rows.append({**key, **paragraph_record(chunk.source, scored)})
        document.finish(texts_by_record[k])  # as `mtdetect score` does
        rows.append({**key, **document_record(document)})
    return rows


def jsonl_text(rows: list[dict[str, Any]]) -> str:
    """``rows`` as JSON lines, each ending in a newline."""
    from mtdetect.report import json_line

    return "".join([json_line(row) + "\n" for row in rows])


def score_chunk_jsonl(detector: Detector, chunk: Chunk, **settings: Any) -> JsonlChunk:
    """:func:`score_chunk`, its rows encoded as the JSONL output holds them."""
    rows = score_chunk(detector, chunk, **settings)
    return JsonlChunk(jsonl_text(rows), _counts(rows))


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
        self.pa = _pyarrow()
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
    with _open_text(path, "w") as handle:
        yield _JsonlSink(handle)


def _check(inputs: list[str], output: str, options: BatchOptions) -> None:
    """Every option and path, before any record is read or any output written."""
    if options.id_field in RESERVED_FIELDS:
        raise InputError(f"--id-field {options.id_field!r} clashes with an output column")
    for path in [*inputs, output]:
        if file_kind(path) == "parquet":
            _pyarrow()
    for path in inputs:
        if path != STDIO and not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    if inputs.count(STDIO) > 1:
        raise InputError("'-' (stdin) can be given only once")


def _first_record_lacks_id(path: str, options: BatchOptions) -> bool:
    """Whether the first record of a JSONL file has no id field (False where it cannot be read: the run says why)."""
    try:
        with _open_text(path, "r") as handle:
            first = next(_parse_records(handle, path, options.text_field), None)
    except (InputError, UnicodeDecodeError):
        return False
    return first is not None and options.id_field not in first[0]


def _missing_id(part: Any, options: BatchOptions) -> int | None:
    """The number of the first record without the id field in ``part``, a chunk or a file slice.

    Workers read a file slice (:mod:`mtdetect.slices`), so of those only the file's first record is looked at, here.
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
    from mtdetect.model import load_detector

    _check(inputs, output, options)
    detector = load_detector(options.model, trust=options.trust_model)
    threshold = detector.threshold if options.threshold is None else options.threshold
    settings = {"threshold": threshold, "id_field": options.id_field, "input_format": options.input_format,
                "per_paragraph": options.per_paragraph}
    run = BatchRun()
    with open_sink(output, options.id_field) as sink, ExitStack() as stack:
        if options.distributed:
            from mtdetect.distributed import dask_client, score_chunks, score_chunks_jsonl
            from mtdetect.slices import work_units

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
