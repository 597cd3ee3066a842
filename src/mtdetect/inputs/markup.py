"""Turn HTML and Markdown into prose paragraphs, each with the line it starts on.

HTML uses the standard library's ``html.parser``: it never fails on broken
markup, decodes entities, costs no dependency, and its event stream is all we
need to cut text at block elements and skip boilerplate subtrees. (jusText and
trafilatura add lxml and drop short paragraphs by heuristics, but the caller
must still see, and report, every paragraph.) Markdown uses ``markdown-it-py``,
a CommonMark parser whose token stream already separates prose from code,
tables and raw HTML, so nothing here re-implements Markdown syntax.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

Block = tuple[str, int]

# Subtrees that are never the article's prose.
SKIPPED_TAGS = frozenset("script style noscript template svg math head nav header footer aside "
                         "form button select textarea iframe object canvas pre".split())
# Elements that start or end a paragraph.
BLOCK_TAGS = frozenset("p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote section article main "
                       "body table thead tbody tfoot tr td th caption figure figcaption hr address "
                       "details summary fieldset legend center".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
FRONT_MATTER_RE = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)",
                             re.DOTALL)


def html_blocks(html: str) -> list[Block]:
    """Paragraphs of an HTML page: the text of each block element, boilerplate skipped."""
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


class _BlockParser(HTMLParser):
    """Collect text between block boundaries, outside skipped subtrees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._line = 0
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_startendtag(tag, attrs)
        elif tag in SKIPPED_TAGS:
            self.flush()
            self._skipping.append(tag)
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "hr":
            self.flush()
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skipping:
            while self._skipping.pop() != tag:
                pass
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._parts and data.strip():
            self._line = self.getpos()[0] + data[:len(data) - len(data.lstrip())].count("\n")
        if self._parts or data.strip():
            self._parts.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append((text, self._line))
        self._parts = []


def markdown_blocks(markdown: str) -> list[Block]:
    """Paragraphs and headings of a Markdown document, as plain text.

    Front matter, code, tables and raw HTML are dropped; emphasis markers,
    heading hashes, list bullets and link URLs disappear with the parse.
    """
    from markdown_it import MarkdownIt

    # Blank out front matter line for line, so the line numbers still match.
    markdown = FRONT_MATTER_RE.sub(lambda m: "\n" * m.group().count("\n"), markdown)
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)
    blocks: list[Block] = []
    in_table = 0
    for token in tokens:
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and not in_table:
            text = " ".join(_inline_text(token.children or []).split())
            if text:
                blocks.append((text, token.map[0] + 1 if token.map else 1))
    return blocks


def _inline_text(children: list) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
