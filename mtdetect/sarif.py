"""``--format sarif``: flagged paragraphs as SARIF 2.1.0, for code-scanning tools.

GitHub code scanning, GitLab and IDE SARIF viewers show each result inline at
its location: here the file and the first line of the flagged paragraph
(``ParagraphScore.start_line``). Only findings become results, as a linter
reports them: a flagged paragraph (rule ``MTD001``) and a flagged document
(rule ``MTD002``, located at line 1). Scores, thresholds and skipped
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
from mtdetect.report import Writer, document_record
from mtdetect.scoring import LABEL_FLAGGED, DocumentScore, ParagraphScore

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

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        if paragraph.label != LABEL_FLAGGED or paragraph.score is None:
            return
        tells = "; ".join(dict.fromkeys(e.reason for e in paragraph.evidence))
        message = f"Paragraph {paragraph.index} scores {paragraph.score:.3f}: likely machine-translated or spun"
        message += f" — {tells}" if tells else "."
        self.results.append(_result("MTD001", message, name, paragraph.start_line,
                                    {"paragraph": paragraph.index, "score": round(paragraph.score, 6),
                                     "n_words": paragraph.n_words}))

    def document(self, document: DocumentScore) -> None:
        self.documents.append(document_record(document))
        if document.label != LABEL_FLAGGED or document.score is None:
            return
        message = (f"Document scores {document.score:.3f} (threshold {document.threshold:.3f}); "
                   f"{document.n_flagged} of {document.n_scored} scored paragraphs flagged.")
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
