"""The text format: one line per paragraph (``file:paragraph: score label — reason``), then the verdict."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mtdetect.report.records import Writer, finding_line

if TYPE_CHECKING:
    from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore


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
