"""Render scoring results as text, json, jsonl or csv; the records and the base every writer shares.

Writers receive paragraphs and document summaries as they are produced, so
text, jsonl and csv stream; json is one object and is written at the end.
Record keys are a contract (DESIGN.md): ``file``, ``paragraph`` (0-based, or
null for the document summary), ``score`` (null when not judged), ``label``,
``reason``. The html and sarif writers build on this module; :mod:`mtdetect.writers` picks one by format.
"""

from __future__ import annotations

import csv
import json
import math
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from mtdetect.findings import Finding
    from mtdetect.scoring import DocumentScore, ParagraphScore


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"
    sarif = "sarif"


CSV_FIELDS = ("file", "paragraph", "score", "label", "n_words", "reason", "findings")
# json.dumps(..., ensure_ascii=False) builds a new encoder at every call; one made once writes the same text.
json_line = json.JSONEncoder(ensure_ascii=False).encode


def _round(score: float | None) -> float | None:
    return None if score is None else round(score, 6)


def finding_record(finding: Finding, weight: float) -> dict[str, Any]:
    """A finding as JSON: code, rule name, paragraph, character span, reason and its weight (log-likelihood ratio)."""
    from mtdetect.findings import RULES

    return {"code": finding.code, "name": RULES[finding.code].name, "paragraph": finding.paragraph,
            "start": finding.start, "end": finding.end, "reason": finding.reason, "weight": round(weight, 4)}


def finding_line(name: str, finding: Finding, weight: float) -> str:
    """``file:paragraph: CODE reason (+weight)``: one line per finding, as linters print them."""
    return f"{name}:{finding.paragraph}: {finding.code} {finding.reason} ({weight:+.2f})"


def paragraph_record(name: str, paragraph: ParagraphScore) -> dict[str, Any]:
    from mtdetect.verdict import load_weights

    weights = load_weights()
    return {
        "file": name,
        "paragraph": paragraph.index,
        "score": _round(paragraph.score),
        "label": paragraph.label,
        "n_words": paragraph.n_words,
        "reason": paragraph.reason,
        "findings": [finding_record(f, weights.get(f.code, 0.0)) for f in paragraph.findings],
        **_explanations(paragraph),
    }


def paragraph_line(name: str, paragraph: ParagraphScore) -> str:
    """A paragraph's JSON line, newline included, as ``-f jsonl`` writes it."""
    return json_line(paragraph_record(name, paragraph)) + "\n"


def _explanations(paragraph: ParagraphScore) -> dict[str, Any]:
    """``{"explanations": [{name, reason, weight, spans}, ...]}`` when the paragraph was explained."""
    if not paragraph.contributions:
        return {}
    from mtdetect.explain import contribution_record

    return {"explanations": [contribution_record(c) for c in paragraph.contributions]}


def document_record(document: DocumentScore) -> dict[str, Any]:
    """The verdict: score and label, what decided them (style and counted findings), and every finding."""
    style = document.style_logit
    return {
        "file": document.name,
        "paragraph": None,
        "score": _round(document.score),
        "label": document.label,
        "verdict": document.verdict,
        "threshold": document.threshold,
        "style_score": None if style is None else _round(1.0 / (1.0 + math.exp(-style))),
        "findings_log_lr": round(document.findings_logit, 4),
        "counted": [finding_record(c.finding, c.weight) for c in document.counted],
        "n_paragraphs": document.n_paragraphs,
        "n_scored": document.n_scored,
        "n_flagged": document.n_flagged,
        "n_findings": len(document.findings),
        "reason": document.reason,
    }


class Writer:
    """Base writer: subclasses override what they render.

    ``needs_text``: the runner must score with ``keep_text=True`` for this writer.
    """

    needs_text = False

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        self.stream = stream
        self.explain = explain

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        """Called once per paragraph, in input order."""

    def document(self, document: DocumentScore) -> None:
        """Called once per input after its last paragraph."""

    def close(self) -> None:
        """Called once at the end."""


class TextWriter(Writer):
    """One line per paragraph, ``file:paragraph: score label — reason``, then a summary line."""

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        if paragraph.score is None:
            tells = "".join(f"; {f.code} {f.reason}" for f in paragraph.findings)
            self.stream.write(f"{name}:{paragraph.index}: -     skipped — {paragraph.reason}{tells}\n")
            return
        tells = "; ".join(dict.fromkeys(f"{f.code} {f.reason}" for f in paragraph.findings))
        detail = f" — {tells}" if tells else ""
        self.stream.write(f"{name}:{paragraph.index}: {paragraph.score:.3f} {paragraph.label}{detail}\n")
        if self.explain:
            for contribution in paragraph.contributions:
                weight = "   doc" if contribution.weight is None else f"{contribution.weight:+.3f}"
                self.stream.write(f"    {weight} {contribution.reason}\n")

    def document(self, document: DocumentScore) -> None:
        """The verdict first, then the findings that decided it (every document, flagged or not)."""
        if document.score is None:
            self.stream.write(f"{document.name}: document not scored — {document.reason}\n")
            return
        style = document.style_logit
        style_text = "no paragraph scored" if style is None else f"style {1.0 / (1.0 + math.exp(-style)):.3f}"
        self.stream.write(
            f"{document.name}: document {document.score:.3f} {document.label} — {document.verdict} "
            f"({style_text}; {len(document.findings)} finding(s); {document.n_flagged} of {document.n_scored} "
            f"scored paragraphs flagged; threshold {document.threshold:.3f})\n")
        for counted in document.counted:
            self.stream.write(f"    {finding_line(document.name, counted.finding, counted.weight)}\n")
        if self.explain and document.findings:
            self._every_finding(document)

    def _every_finding(self, document: DocumentScore) -> None:
        """``--explain``: every finding with its character span and weight; * marks those counted."""
        counted = {id(c.finding) for c in document.counted}
        self.stream.write(f"    every finding ({len(document.findings)}; * counted in the verdict, one per family):\n")
        for finding in sorted(document.findings, key=lambda f: (f.paragraph, f.start, f.code)):
            weight = document.weights.get(finding.code, 0.0)
            mark = "*" if id(finding) in counted else " "
            self.stream.write(f"    {mark} {document.name}:{finding.paragraph}:{finding.start}-{finding.end}: "
                              f"{finding.code} {finding.reason} ({weight:+.2f})\n")


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
