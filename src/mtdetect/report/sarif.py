"""``--format sarif``: flagged paragraphs as SARIF 2.1.0, for code-scanning tools.

GitHub code scanning, GitLab and IDE SARIF viewers show each result inline at
its location: here the file and the first line of the flagged paragraph
(``ParagraphScore.start_line``). Only findings become results, as a linter
reports them: every finding of the catalogue (its own rule, ``MT101`` …, at its
paragraph's first line), a flagged paragraph (rule ``MTD001``) and a flagged
document (rule ``MTD002``, located at line 1). Scores, thresholds and skipped
paragraphs live in the other formats; the run's ``properties`` carry the
document summaries so nothing is lost.

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from mtdetect import __version__
from mtdetect.report.records import Writer, document_record
from mtdetect.findings import RULES as CATALOGUE
from mtdetect.findings import Finding
from mtdetect.scoring.paragraphs import LABEL_FLAGGED, DocumentScore, ParagraphScore

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
STDIN_URI = "stdin"

RULES: tuple[dict[str, Any], ...] = (
    {
        "id": "MTD001",
        "name": "MachineTranslatedParagraph",
        "shortDescription": {"text": "Paragraph reads as machine-translated or spun English."},
        "fullDescription": {"text": "The paragraph's calibrated score is above the threshold: it is "
                                    "probably machine-translated or spun. A score is evidence, not proof."},
        "help": {"text": "Rewrite the paragraph in your own words, or check its source. "
                         "Run `mtdetect score FILE --explain` to see the tells behind the score."},
        "defaultConfiguration": {"level": "warning"},
    },
    {
        "id": "MTD002",
        "name": "MachineTranslatedDocument",
        "shortDescription": {"text": "Document reads as machine-translated or spun English overall."},
        "fullDescription": {"text": "The length-weighted pool of the document's paragraph scores is "
                                    "above the threshold."},
        "help": {"text": "Review the flagged paragraphs of this document."},
        "defaultConfiguration": {"level": "warning"},
    },
)


def _finding_rules() -> tuple[dict[str, Any], ...]:
    return tuple({"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
                  "fullDescription": {"text": rule.rationale},
                  "help": {"text": f"Example: {rule.example}. Turn off with --ignore {rule.code}."},
                  "defaultConfiguration": {"level": "note"}}
                 for rule in sorted(CATALOGUE.values(), key=lambda r: r.code))


RULES = RULES + _finding_rules()
RULE_SCOPES = {rule.code: rule.scope for rule in CATALOGUE.values()}
RULE_INDEX = {rule["id"]: index for index, rule in enumerate(RULES)}


def artifact_uri(name: str) -> tuple[str, str | None]:
    """The SARIF ``uri`` for an input, and its ``uriBaseId`` when relative to the checkout."""
    if name == "-":
        return STDIN_URI, None
    path = Path(name)
    if path.is_absolute():
        return path.as_uri(), None
    return quote(path.as_posix()), "%SRCROOT%"


def _location(name: str, start_line: int | None) -> dict[str, Any]:
    uri, base = artifact_uri(name)
    artifact: dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    return {"physicalLocation": {"artifactLocation": artifact,
                                 "region": {"startLine": max(1, start_line or 1)}}}


def _result(rule_id: str, message: str, name: str, start_line: int | None,
            properties: dict[str, Any]) -> dict[str, Any]:
    return {"ruleId": rule_id, "ruleIndex": RULE_INDEX[rule_id], "level": "warning",
            "message": {"text": message}, "locations": [_location(name, start_line)],
            "properties": properties}


class SarifWriter(Writer):
    """Collect findings while scoring; write one SARIF log at the end."""

    def __init__(self, stream: TextIO, *, explain: bool = False) -> None:
        super().__init__(stream, explain=explain)
        self.results: list[dict[str, Any]] = []
        self.documents: list[dict[str, Any]] = []
        self.start_lines: dict[int, int | None] = {}  # the current document's paragraphs' first lines

    def _finding(self, name: str, finding: Finding) -> None:
        self.results.append(_result(finding.code, finding.reason, name, self.start_lines.get(finding.paragraph),
                                    {"paragraph": finding.paragraph, "start": finding.start, "end": finding.end}))

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        self.start_lines[paragraph.index] = paragraph.start_line
        for finding in paragraph.findings:
            self._finding(name, finding)
        if paragraph.label != LABEL_FLAGGED or paragraph.score is None:
            return
        message = f"Paragraph {paragraph.index} scores {paragraph.score:.3f}: likely machine-translated or spun."
        self.results.append(_result("MTD001", message, name, paragraph.start_line,
                                    {"paragraph": paragraph.index, "score": round(paragraph.score, 6),
                                     "n_words": paragraph.n_words}))

    def document(self, document: DocumentScore) -> None:
        self.documents.append(document_record(document))
        for finding in document.findings:
            if RULE_SCOPES.get(finding.code) == "document":
                self._finding(document.name, finding)
        self.start_lines = {}
        if document.label != LABEL_FLAGGED or document.score is None:
            return
        message = (f"Document scores {document.score:.3f} (threshold {document.threshold:.3f}): "
                   f"{document.verdict}.")
        self.results.append(_result("MTD002", message, document.name, 1,
                                    {"score": round(document.score, 6), "threshold": document.threshold}))

    def close(self) -> None:
        log = {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {"driver": {"name": "mtdetect", "version": __version__,
                                    "rules": list(RULES)}},
                "columnKind": "unicodeCodePoints",
                "results": self.results,
                "properties": {"documents": self.documents},
            }],
        }
        json.dump(log, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
