"""The writer of each output format (``mtdetect score --format``)."""

from __future__ import annotations

from typing import TextIO

from mtdetect.html_report import HtmlWriter
from mtdetect.report import CsvWriter, JsonlWriter, JsonWriter, OutputFormat, TextWriter, Writer
from mtdetect.sarif import SarifWriter

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
