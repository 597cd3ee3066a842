"""The csv format: one row per paragraph and one per document summary (``paragraph`` empty)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

from mtdetect.report.records import Writer, document_record, paragraph_record

CSV_FIELDS = ("file", "paragraph", "score", "label", "n_words", "reason", "findings")

if TYPE_CHECKING:
    from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore


class CsvWriter(Writer):
    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        super().__init__(stream, explain=explain)
        self.writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
        self.writer.writeheader()

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        self.writer.writerow({**paragraph_record(name, paragraph),
                              "findings": " ".join(f.code for f in paragraph.findings)})

    def document(self, document: DocumentScore) -> None:
        self.writer.writerow({**document_record(document), "paragraph": "", "n_words": "",
                              "findings": " ".join(c.code for c in document.counted)})
