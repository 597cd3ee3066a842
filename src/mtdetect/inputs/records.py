"""Read the records of ``mtdetect batch``'s inputs, JSONL(.gz) or Parquet, ``chunk_size`` at a time.

A :class:`Chunk` holds consecutive records of one input: their ids and texts, numbered from
the input's first record. pyarrow is needed only for Parquet and imported only then.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from mtdetect.errors import InputError, MtdetectError
from mtdetect.inputs.text import without_surrogates

STDIO = "-"
PARQUET_SUFFIXES = (".parquet", ".pq")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


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
    codes: frozenset[str] | None = None  # finding rules chosen by --select / --ignore; None: every rule

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


def load_pyarrow() -> Any:
    """pyarrow, its Parquet module loaded, or an error that says how to install it."""
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
def open_text(path: str, mode: str, errors: str = "strict") -> Iterator[IO[str]]:
    """``path`` as UTF-8 text, gunzipped if it ends in ``.gz``; ``-`` is stdin (``"r"``) or stdout (``"w"``)."""
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
    return ((record.get(id_field), text) for record, text in parse_records(lines, path, text_field, first_line))


def parse_records(lines: Iterable[str], path: str, text_field: str, first_line: int = 1) -> Iterator[tuple[dict, str]]:
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
    with open_text(path, "r", errors="surrogateescape") as handle:
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
        with open_text(path, "r") as handle:
            for record, text in parse_records(handle, path, options.text_field):
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
    pq = load_pyarrow().parquet
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
