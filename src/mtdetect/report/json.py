"""The jsonl format (one object per paragraph and per document, streamed) and json (one object, at the end)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from mtdetect.report.records import Writer, document_record, json_line, paragraph_line, paragraph_record

if TYPE_CHECKING:
    from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore


class JsonlWriter(Writer):
    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        self.stream.write(paragraph_line(name, paragraph))

    def document(self, document: DocumentScore) -> None:
        self.stream.write(json_line(document_record(document)) + "\n")


class JsonWriter(Writer):
    """``{"documents": [{...summary, "paragraphs": [...]}, ...]}`` written at the end."""

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        super().__init__(stream, explain=explain)
        self.documents: list[dict[str, Any]] = []
        self.pending: list[dict[str, Any]] = []

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        self.pending.append(paragraph_record(name, paragraph))

    def document(self, document: DocumentScore) -> None:
        self.documents.append({**document_record(document), "paragraphs": self.pending})
        self.pending = []

    def close(self) -> None:
        json.dump({"documents": self.documents}, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
