"""The writer of each output format (``mtdetect score --format``)."""

from __future__ import annotations

from typing import TextIO

from mtdetect.report.csv import CsvWriter
from mtdetect.report.html import HtmlWriter
from mtdetect.report.json import JsonlWriter, JsonWriter
from mtdetect.report.records import OutputFormat, Writer
from mtdetect.report.sarif import SarifWriter
from mtdetect.report.text import TextWriter

WRITERS: dict[OutputFormat, type[Writer]] = {
    OutputFormat.text: TextWriter,
    OutputFormat.json: JsonWriter,
    OutputFormat.jsonl: JsonlWriter,
    OutputFormat.csv: CsvWriter,
    OutputFormat.html: HtmlWriter,
    OutputFormat.sarif: SarifWriter,
}


def make_writer(output_format: OutputFormat, stream: TextIO, *, explain: bool = False) -> Writer:
    return WRITERS[output_format](stream, explain=explain)
