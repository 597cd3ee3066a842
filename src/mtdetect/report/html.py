"""A self-contained HTML report: verdict, shaded paragraphs, marked tells, legend.

One file with inline CSS and no scripts, images or links to anything outside
it; a Content-Security-Policy forbids every network load, so opening it reveals
nothing to anyone. Every tell is a ``<mark>`` whose ``title`` gives the reason
on hover; the reasons are also listed under each paragraph, for touch screens.
Non-ASCII characters are written as character references, so the file is
correct whatever encoding the stream it is written to uses.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TextIO

from mtdetect.findings import Finding
from mtdetect.report.records import Writer
from mtdetect.scoring.paragraphs import LABEL_FLAGGED, DocumentScore, ParagraphScore

Span = tuple[int, int, str]  # start, end, reason

CSS = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: #fafafa; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.verdict { border-radius: .5rem; padding: .75rem 1rem; margin: 1.5rem 0 1rem; border: 1px solid var(--line); }
.verdict .score { font-size: 1.25rem; font-weight: 650; margin: .25rem 0; }
.verdict p { margin: .25rem 0; }
.verdict.machine { background: #fde2e1; border-color: #e8a09c; }
.verdict.human { background: #e3f4e5; border-color: #9fd3a7; }
.verdict.unscored { background: #eee; }
.legend { font-size: .92rem; color: var(--muted); border: 1px solid var(--line); border-radius: .5rem;
          padding: .5rem 1rem; background: #fff; }
.legend .scale { height: .8rem; border-radius: .4rem; margin: .4rem 0 .1rem;
                 background: linear-gradient(to right, hsl(120 60% 88%), hsl(60 80% 86%), hsl(0 75% 86%)); }
.legend .scale { position: relative; }
.legend .tick { position: absolute; top: -.25rem; bottom: -.25rem; width: 3px; margin-left: -1px;
                background: #c5221f; border-radius: 2px; }
.legend .ends { display: flex; justify-content: space-between; font-size: .8rem; }
.paragraph { border-radius: .5rem; padding: .6rem .9rem; margin: .75rem 0; border: 1px solid var(--line); }
.paragraph.skipped { background: #f0f0f0; color: var(--muted); }
.paragraph.flagged { border-left: .35rem solid #c5221f; }
.meta { font-size: .8rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.text { margin: .3rem 0; overflow-wrap: anywhere; }
mark { background: #ffd54f; border-bottom: 2px solid #e37400; padding: 0 .1em; border-radius: .15em;
       cursor: help; color: inherit; }
ul.tells, ul.why, ul.findings { margin: .3rem 0; padding-left: 1.2rem; font-size: .88rem; }
ul.why .w { font-variant-numeric: tabular-nums; display: inline-block; min-width: 3.6em; }
a { color: #1a56b8; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def _ascii(text: str) -> str:
    """Escape for HTML and turn every non-ASCII character into a character reference."""
    return html.escape(text, quote=True).encode("ascii", "xmlcharrefreplace").decode("ascii")


def shade(score: float) -> str:
    """Background colour for a score: green (0) through yellow to red (1).

    >>> shade(0.0), shade(1.0)
    ('hsl(120 60% 92%)', 'hsl(0 75% 90%)')
    """
    hue = round(120 * (1 - score))
    saturation = round(60 + 15 * score)
    lightness = round(92 - 2 * score)
    return f"hsl({hue} {saturation}% {lightness}%)"


def marked_text(text: str, spans: Iterable[Span]) -> str:
    """``text`` as escaped HTML with each span in ``<mark title="reason">``.

    Overlapping spans are cut at every boundary; each piece's title lists the
    reasons of all spans covering it, so no tell hides another.

    >>> marked_text("Oui ?", [(3, 5, "space before '?'")])
    'Oui<mark title="space before &#x27;?&#x27;"> ?</mark>'
    """
    spans = [(max(0, s), min(len(text), e), r) for s, e, r in spans if s < e]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for start, end in zip(cuts, cuts[1:]):
        reasons = tuple(dict.fromkeys(r for s, e, r in spans if s <= start and end <= e))
        if pieces and pieces[-1][1] == reasons:
            pieces[-1] = (pieces[-1][0] + text[start:end], reasons)
        else:
            pieces.append((text[start:end], reasons))
    return "".join(f'<mark title="{_ascii("; ".join(reasons))}">{_ascii(piece)}</mark>' if reasons
                   else _ascii(piece) for piece, reasons in pieces)


def _spans(findings: Sequence[Finding]) -> list[Span]:
    """Tells to mark: the paragraph's findings (its own and the document rules').

    Only findings are marked: each is a precise, checkable claim about those characters. The
    style model's signals are listed under the paragraph, never marked as if they were tells.
    """
    return [(f.start, f.end, f"{f.code} {f.reason}") for f in findings]


def _tells(spans: Sequence[Span]) -> str:
    tells = list(dict.fromkeys(reason for _, _, reason in spans))
    return ('<ul class="tells">' + "".join(f"<li>{_ascii(t)}</li>" for t in tells) + "</ul>") if tells else ""


def _verdict(document: DocumentScore) -> str:
    if document.score is None:
        return (f'<header class="verdict unscored"><h2>{_ascii(document.name)}</h2>'
                f'<p class="score">Not scored</p><p>{_ascii(document.reason or "")}</p></header>')
    flagged = document.label == LABEL_FLAGGED
    return (f'<header class="verdict {"machine" if flagged else "human"}"><h2>{_ascii(document.name)}</h2>'
            f'<p class="score">Document score {document.score:.3f}: {_ascii(document.verdict or "")}</p>'
            f"<p>{document.n_flagged} of {document.n_scored} scored paragraphs above the threshold "
            f"{document.threshold:.3f}; {document.n_paragraphs} paragraphs in all.</p></header>")


def _findings_section(anchor: str, document: DocumentScore) -> str:
    """The findings that decided the verdict, with their weights, then how many more there are."""
    if not document.findings:
        return ""
    items = "".join(
        f'<li><span class="w">{c.weight:+.2f}</span> <b>{c.code}</b> '
        f'<a href="#{anchor}-p{c.finding.paragraph}">&#182; {c.finding.paragraph}</a>: {_ascii(c.finding.reason)}</li>'
        for c in document.counted)
    rest = len(document.findings) - len(document.counted)
    more = f"<p>{rest} more finding(s) are marked in the paragraphs below.</p>" if rest > 0 else ""
    return ('<section class="document-evidence"><h3>Findings (log-likelihood ratios added to the style score)</h3>'
            f'<ul class="findings">{items}</ul>{more}</section>')


def _paragraph(anchor: str, paragraph: ParagraphScore, findings: Sequence[Finding]) -> str:
    pid = f"{anchor}-p{paragraph.index}"
    spans = _spans(findings)
    if paragraph.score is None:
        return (f'<section class="paragraph skipped" id="{pid}" data-paragraph="{paragraph.index}">'
                f'<div class="meta">&#182; {paragraph.index} &#183; not scored: {_ascii(paragraph.reason or "")}'
                f'</div><p class="text">{marked_text(paragraph.text, spans)}</p>{_tells(spans)}</section>')
    flagged = " flagged" if paragraph.label == LABEL_FLAGGED else ""
    out = [f'<section class="paragraph{flagged}" id="{pid}" data-paragraph="{paragraph.index}" '
           f'data-score="{paragraph.score:.6f}" style="background-color: {shade(paragraph.score)}">',
           f'<div class="meta">&#182; {paragraph.index} &#183; score {paragraph.score:.3f} &#183; '
           f"{_ascii(paragraph.label or '')}</div>",
           f'<p class="text">{marked_text(paragraph.text, spans)}</p>', _tells(spans)]
    signals = [c for c in paragraph.contributions if c.weight is not None]
    if signals:
        out.append("<details><summary>Top signals behind this score</summary><ul class=\"why\">"
                   + "".join(f'<li><span class="w">{c.weight:+.2f}</span> {_ascii(c.reason)}</li>'
                             for c in signals) + "</ul></details>")
    return "".join(out) + "</section>"


def _legend(threshold: float) -> str:
    return (
        '<section class="legend"><h3>How to read this report</h3>'
        "<p>Each paragraph has a <b>score</b> from 0 to 1: the model's calibrated probability that it was "
        "machine-translated or spun (reworded by a synonym spinner or a round trip through another "
        f"language). A paragraph is flagged when its score is above the <b>threshold {threshold:.3f}</b> "
        "(red left edge). The document score pools the paragraph scores, longer paragraphs counting more, "
        "and adds the weight of each <b>finding</b> (a coded tell such as MT101, guillemets in English), "
        "measured as how much likelier it is in machine-made than in people's text.</p>"
        f'<div class="scale"><span class="tick" style="left: {100 * threshold:.1f}%" '
        f'title="threshold {threshold:.3f}"></span></div><div class="ends"><span>0: written by people</span>'
        "<span>red tick: threshold</span><span>1: machine-made</span></div>"
        "<p><mark>Highlighted text</mark> is a finding: hover over it (or read the list under the paragraph) "
        "for its code and reason. Signal weights are in log-odds: + pushes towards machine, &#8722; towards people. "
        "Paragraphs under 12 words or not in English are not scored.</p>"
        "<p>A score is evidence, not proof: never reject a text or accuse a writer on the score alone.</p>"
        "</section>")


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{_ascii(title)}</title>'
        f"<style>{CSS}</style></head><body><main><h1>mtdetect report</h1>\n")


class HtmlWriter(Writer):
    """Writes one self-contained HTML page; needs the paragraph texts (``needs_text``).

    Documents are written as they finish, with their findings (``DocumentScore.findings``)
    marked in the paragraphs and the counted ones listed under the verdict.
    """

    needs_text = True

    def __init__(self, stream: TextIO, *, explain: bool = True) -> None:
        # Always explain: showing the evidence is this format's purpose, and it costs no extra feature pass.
        super().__init__(stream, explain=True)
        self._pending: list[ParagraphScore] = []
        self._started = False
        self._documents = 0

    def paragraph(self, name: str, paragraph: ParagraphScore) -> None:
        self._pending.append(paragraph)

    def _start(self, threshold: float) -> None:
        if not self._started:
            self.stream.write(_head("mtdetect report") + _legend(threshold) + "\n")
            self._started = True

    def document(self, document: DocumentScore) -> None:
        self._start(document.threshold)
        anchor = f"doc{self._documents}"
        self.stream.write(f'<article class="document" id="{anchor}">{_verdict(document)}'
                          f"{_findings_section(anchor, document)}\n")
        by_paragraph: dict[int, list[Finding]] = {}
        for finding in document.findings:
            by_paragraph.setdefault(finding.paragraph, []).append(finding)
        for paragraph in self._pending:
            self.stream.write(_paragraph(anchor, paragraph, by_paragraph.get(paragraph.index, [])) + "\n")
        self.stream.write("</article>\n")
        self._pending = []
        self._documents += 1

    def close(self) -> None:
        if not self._started:
            self.stream.write(_head("mtdetect report") + "<p>No document could be scored.</p>")
        self.stream.write("</main></body></html>\n")
