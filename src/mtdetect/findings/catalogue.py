"""The findings catalogue: coded rules for the tells of a translation or spinning pipeline.

A rule is a pure function from text to :class:`Finding` objects, registered with
:func:`paragraph_rule` (it sees one paragraph) or :func:`document_rule` (it sees
all paragraphs of a document). Each has a stable code (``MT101``), a kebab-case
name, a one-line summary and a rationale: why the tell points to a machine and
when a person writes it too. Codes are grouped by family (the hundreds digit):
tells of one family are correlated and count once in the verdict
(:mod:`mtdetect.scoring.verdict`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

# Each rule's measured hit and false-alarm rates and weight, which the verdict reads
# (written by benchmarks/finding_rates.py --write).
WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "finding_weights.json"

FAMILIES: dict[str, str] = {
    "MT1": "typography",
    "MT2": "glued words",
    "MT3": "boilerplate",
    "MT4": "number and date formats",
    "MT5": "words and phrasing",
    "MT6": "document structure",
    "MT7": "names",
}

# What a verdict says when a family's finding counts: "machine-translated or spun: guillemets, ...".
FAMILY_VERDICTS: dict[str, str] = {
    "typography": "foreign typography", "glued words": "words glued together",
    "boilerplate": "pasted teaser or byline", "number and date formats": "foreign number or date format",
    "words and phrasing": "untranslated or swapped words", "document structure": "repeated paragraph",
    "names": "a name spelled two ways",
}


@dataclass(frozen=True)
class Finding:
    """One tell: which rule, where (paragraph index and character offsets) and why, quoting the text."""

    code: str
    start: int
    end: int
    reason: str
    paragraph: int = -1  # filled in by the caller for paragraph rules

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:3]]

    def at(self, paragraph: int) -> Finding:
        return replace(self, paragraph=paragraph)


ParagraphCheck = Callable[[str], Iterable[Finding]]
DocumentCheck = Callable[[Sequence[str]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation (``mtdetect rules`` prints these)."""

    code: str
    name: str
    summary: str
    rationale: str
    example: str
    scope: str  # "paragraph" or "document"

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:3]]


RULES: dict[str, Rule] = {}
PARAGRAPH_CHECKS: dict[str, ParagraphCheck] = {}
DOCUMENT_CHECKS: dict[str, DocumentCheck] = {}


def _register(rule: Rule) -> None:
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    if rule.code[:3] not in FAMILIES or len(rule.code) != 5 or not rule.code[2:].isdigit():
        raise ValueError(f"rule code {rule.code!r} is not MT<family><two digits>")
    RULES[rule.code] = rule


def _registrar(scope: str, checks: dict[str, Callable[..., Iterable[Finding]]]) -> Callable[..., Callable]:
    def rule(code: str, name: str, *, summary: str, rationale: str, example: str) -> Callable:
        def decorate(check: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
            _register(Rule(code, name, summary, rationale, example, scope))
            checks[code] = check
            return check
        return decorate
    return rule


paragraph_rule = _registrar("paragraph", PARAGRAPH_CHECKS)
"""Register a paragraph check (``check(text)``) under a code; it yields findings with paragraph -1."""
document_rule = _registrar("document", DOCUMENT_CHECKS)
"""Register a document check (``check(paragraphs)``) under a code; it yields findings with paragraph set."""


def selected_codes(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> frozenset[str]:
    """Codes chosen by ``--select``/``--ignore`` prefixes (``MT1`` selects the family, ``MT101`` one rule).

    An empty ``select`` selects every rule. An unknown prefix raises ``ValueError``.
    """
    for prefix in (*select, *ignore):
        if not any(code.startswith(prefix.upper()) for code in RULES):
            raise ValueError(f"no finding code starts with {prefix!r} (see `mtdetect rules`)")
    chosen = {c for c in RULES if not select or any(c.startswith(p.upper()) for p in select)}
    return frozenset(c for c in chosen if not any(c.startswith(p.upper()) for p in ignore))


def quote(text: str, start: int, end: int, *, context: int = 0, limit: int = 60) -> str:
    """The span (with ``context`` characters around it), one line, shortened to ``limit`` characters."""
    shown = " ".join(text[max(0, start - context):end + context].split())
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"
