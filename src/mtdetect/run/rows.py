"""Score a chunk of records into output rows: the unit of work of ``mtdetect batch``, in one process or on Dask.

Per record, the rows are its paragraphs' (with ``per_paragraph``) then its pooled summary, the
``score --format jsonl`` records with the input's name (``file``), the record's number in it
(``record``) and its id under the id field's own name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtdetect.model.load import Detector
    from mtdetect.inputs.records import Chunk


@dataclass(frozen=True)
class JsonlChunk:
    """A scored chunk's rows as JSONL text, encoded where they were scored, and their counts.

    A Dask worker sends this instead of the rows: the client then only writes text,
    instead of unpickling every row and encoding it again (most of its work on 100,000 records).
    """

    text: str
    counts: tuple[int, int, int]  # records, paragraphs, flagged records


def row_counts(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Records, their paragraphs and the flagged records among ``rows`` (from the records' summary rows)."""
    from mtdetect.scoring.paragraphs import LABEL_FLAGGED

    summaries = [row for row in rows if row["paragraph"] is None]
    return (len(summaries), sum(row["n_paragraphs"] for row in summaries),
            sum(row["label"] == LABEL_FLAGGED for row in summaries))


def score_chunk(detector: Detector, chunk: Chunk, *, threshold: float, id_field: str, input_format: str,
                per_paragraph: bool, codes: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Output rows for one chunk: per record, its paragraphs (if asked) then its pooled summary."""
    from mtdetect.report.records import document_record, paragraph_record
    from mtdetect.scoring.paragraphs import ALL_CODES, MAX_CONTEXT_PARAGRAPHS, DocumentScore, score_paragraphs
    from mtdetect.inputs.text import iter_paragraphs

    paragraphs, owners = [], []
    texts_by_record: list[dict[int, list[str]]] = [{} for _ in chunk.texts]
    for k, text in enumerate(chunk.texts):
        for paragraph in iter_paragraphs(io.StringIO(text), name=chunk.source, input_format=input_format):
            paragraphs.append(paragraph)
            owners.append(k)
            if paragraph.index < MAX_CONTEXT_PARAGRAPHS:
                texts_by_record[k].setdefault(paragraph.index, []).append(paragraph.text)
    codes = ALL_CODES if codes is None else codes
    by_record: list[list[Any]] = [[] for _ in chunk.texts]
    for owner, scored in zip(owners, score_paragraphs(detector, paragraphs, threshold=threshold, codes=codes)):
        by_record[owner].append(scored)
    bands = detector.length_bands
    rows: list[dict[str, Any]] = []
    for k, scored_paragraphs in enumerate(by_record):
        key = {"file": chunk.source, "record": chunk.first + k, id_field: chunk.ids[k]}
        document = DocumentScore(name=chunk.source, threshold=threshold, bands=bands, codes=codes)
        for scored in scored_paragraphs:
            document.add(scored)
            if per_paragraph:
                rows.append({**key, **paragraph_record(chunk.source, scored)})
        document.finish(texts_by_record[k])  # as `mtdetect score` does
        rows.append({**key, **document_record(document)})
    return rows


def jsonl_text(rows: list[dict[str, Any]]) -> str:
    """``rows`` as JSON lines, each ending in a newline."""
    from mtdetect.report.records import json_line

    return "".join([json_line(row) + "\n" for row in rows])


def score_chunk_jsonl(detector: Detector, chunk: Chunk, **settings: Any) -> JsonlChunk:
    """:func:`score_chunk`, its rows encoded as the JSONL output holds them."""
    rows = score_chunk(detector, chunk, **settings)
    return JsonlChunk(jsonl_text(rows), row_counts(rows))
