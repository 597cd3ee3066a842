"""Findings: precise, coded tells of a translation or spinning pipeline, each with a span and a reason.

Importing this package registers every rule (one module per family). ``mtdetect rules``
prints the catalogue; ``docs/findings.md`` documents each rule with its measured rates.
"""

from __future__ import annotations

from collections.abc import Sequence

# Importing the family modules registers their rules, in code order.
from mtdetect.findings import boilerplate, document, formats, glued, lexical, names, typography  # noqa: F401
from mtdetect.findings.catalogue import (
    DOCUMENT_CHECKS,
    WEIGHTS_PATH,
    FAMILIES,
    RULES,
    PARAGRAPH_CHECKS,
    Finding,
    Rule,
    selected_codes,
)
from mtdetect.findings.prefilter import possible_codes

__all__ = ["FAMILIES", "RULES", "Finding", "Rule", "document_findings", "paragraph_findings", "selected_codes"]


def paragraph_findings(text: str, codes: frozenset[str]) -> tuple[Finding, ...]:
    """The chosen paragraph rules' findings in one paragraph, by position (paragraph index -1).

    Only the rules that :func:`possible_codes` keeps run: on most paragraphs, none.
    """
    found = [finding for code in sorted(possible_codes(text) & codes) for finding in PARAGRAPH_CHECKS[code](text)]
    return tuple(sorted(found, key=lambda f: (f.start, f.end, f.code))) if found else ()


def document_findings(paragraphs: Sequence[str], codes: frozenset[str]) -> tuple[Finding, ...]:
    """The chosen document rules' findings over a document's paragraphs (index = position in the list)."""
    found = [f for code in sorted(codes) if code in DOCUMENT_CHECKS for f in DOCUMENT_CHECKS[code](paragraphs)]
    return tuple(sorted(found, key=lambda f: (f.paragraph, f.start, f.code)))


def rule_page(code: str) -> str:
    """What ``mtdetect rules CODE`` prints: the rule, why it points to a machine, an example, its measured rates."""
    import json

    rule = RULES[code]
    measured = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["rules"].get(code, {})
    lines = [f"{rule.code} {rule.name} ({rule.family}, {rule.scope} rule)", "", rule.summary, "",
             f"Why: {rule.rationale}", "", f"Example: {rule.example}"]
    if measured:
        lines += ["", f"Weight: {measured['weight']:+.2f} log-odds (hit rate {measured['hit_rate']:.3f}, "
                      f"{measured['hit_source']}; false-alarm rate {measured['false_alarm_rate']:.5f} of "
                      f"{measured['false_alarm_genre']} documents)."]
    lines += [f"Turn off: --ignore {rule.code}"]
    return "\n".join(lines)


def rule_table() -> str:
    """What ``mtdetect rules`` prints: one line per rule, ``CODE name  summary``."""
    return "\n".join(f"{r.code} {r.name:32} {r.summary}" for r in sorted(RULES.values(), key=lambda r: r.code))
