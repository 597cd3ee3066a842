"""What every output format shares: the paragraph and document records, and the writer base.

Writers receive paragraphs and document summaries as they are produced, so
text, jsonl and csv stream; json is one object and is written at the end.
Record keys are a contract (DESIGN.md): ``file``, ``paragraph`` (0-based, or
null for the document summary), ``score`` (null when not judged), ``label``,
``reason``. Each format's writer (text, json, csv, html, sarif) builds on this module;
:mod:`mtdetect.report.writers` picks one by format.
"""

from __future__ import annotations

import json
import math
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from mtdetect.findings import Finding
    from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"
    sarif = "sarif"


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
    from mtdetect.scoring.verdict import load_weights

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
    from mtdetect.scoring.explain import contribution_record

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
