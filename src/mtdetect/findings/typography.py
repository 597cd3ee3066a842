"""Typography (MT1xx): French, German and Eastern European punctuation left in English text.

Translation engines translate words and keep the source's punctuation: guillemets,
a space before ``?``, low opening quotes, ``25 %``. English typography has none of
them, so in English prose each one points to a source text in another language.
Quotations of a foreign text keep their own typography and are left alone: a rule
that meets quotation marks first asks whether the quoted words are English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote
from mtdetect.findings.lexical import CODE_CHARS, chunk_around, in_code_line, is_foreign_phrase

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (French typography)
MAX_QUOTE = 400  # characters: a longer "quotation" is two unrelated marks

# MT101 guillemets ----------------------------------------------------------------------------

# An opening guillemet right after a letter is no quotation mark: Perl's qw«...» or the mojibake
# of 'ë' read as Latin-1 ('RaphaÃ«l').
GUILLEMET_PAIR_RE = re.compile(rf"(?<!\w)(?:«([^«»]{{1,{MAX_QUOTE}}})»|‹([^‹›]{{1,{MAX_QUOTE}}})›)")
PROSE_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _quotes_english(content: str) -> bool:
    """Whether quoted content is English words: no code or path, and not a foreign-language quotation."""
    if not CODE_CHARS.isdisjoint(content) or not PROSE_WORD_RE.search(content):
        return False
    return not is_foreign_phrase(content)


def _english_guillemet_quotes(text: str) -> Iterator[re.Match[str]]:
    """Guillemet quotations of English words."""
    for match in GUILLEMET_PAIR_RE.finditer(text):
        if _quotes_english(match.group(1) or match.group(2)):
            yield match


@paragraph_rule(
    "MT101", "guillemets",
    summary="« » or ‹ › around English words.",
    rationale=("French, Italian, Spanish and Russian quote with guillemets; English never does, so an "
               "English phrase between guillemets kept the punctuation of its source. Guillemets around "
               "a quoted foreign sentence are legitimate and not counted, nor are lone » used as "
               "breadcrumbs or 'next' arrows (Home » News, Read more »)."),
    example="The minister said the situation was « very worrying » for the region.",
)
def guillemets(text: str) -> Iterator[Finding]:
    """Yield each guillemet quotation of English text."""
    if "«" not in text and "‹" not in text:
        return
    for match in _english_guillemet_quotes(text):
        start, end = match.span()
        yield Finding("MT101", start, end, f"guillemets around English text: {quote(text, start, end)!r}")


# MT102 mismatched-quotes ---------------------------------------------------------------------

QUOTE_CHAR_RE = re.compile('(?<![\\wÃÂ])[«„]|(?<![ÃÂ])["“”»]')
PROPER_CLOSE = {"“": "”“", "«": "»", '"': '"”', "„": ""}
MISMATCHED_CLOSE = {"“": "»", "«": "”\"“", '"': "»", "„": "“”\""}


def _mismatches(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each quotation opened in one style and closed in another.

    A stack follows the quotation marks in order: a mark that properly closes the open
    quotation pops it, a closing mark of another style pops it as a mismatch, any other
    opening mark nests a quotation (“…«…»…” is fine), a stray closer is ignored.
    """
    stack: list[tuple[str, int]] = []
    for match in QUOTE_CHAR_RE.finditer(text):
        mark, position = match.group(), match.start()
        if stack and mark in PROPER_CLOSE[stack[-1][0]]:
            stack.pop()
        elif stack and mark in MISMATCHED_CLOSE[stack[-1][0]]:
            _, start = stack.pop()
            if position - start <= MAX_QUOTE:
                yield start, position + 1
        elif mark in PROPER_CLOSE and len(stack) < 3:
            stack.append((mark, position))


@paragraph_rule(
    "MT102", "mismatched-quotes",
    summary="A quotation opened in one style and closed in another (“…», «…”, \"…», „…“).",
    rationale=("An engine that rewrites quotation marks one at a time leaves pairs from two "
               "typographies, or the German/Polish low-high pair, in English text. Straight and curly "
               "English marks mixed (\"…”) are not counted: autocorrect does that to native text."),
    example="He called the plan “a historic step» for the country.",
)
def mismatched_quotes(text: str) -> Iterator[Finding]:
    """Yield each quotation whose closing mark belongs to another typography than its opening one."""
    if text.isascii():
        return
    for start, end in _mismatches(text):
        yield Finding("MT102", start, end, f"quotation marks of two styles: {quote(text, start, end)!r}")


# MT103 space-before-punctuation ---------------------------------------------------------------

# One space: aligned columns ('Author     : Johan') and tables pad with several. A ? or ! followed
# by a lower-case word is a symbol being named ('the ! command'), not the end of a sentence.
SPACE_BEFORE_PUNCT_RE = re.compile(
    rf"[{SPACES}](?<=[^\W\d_].)(?:[?!](?=[\s\"”»’]|$)(?! [a-z])|:(?=[\s\"”»’]|$)|;(?=[ \u00a0]+\w))")
NO_BREAK_PUNCT_CLUES = tuple(f"{space}{mark}" for space in SPACES[1:] for mark in "?!:;")
# Code, shell and grammar lines put spaces around these marks: C's ternary (a ? b : c), make
# rules (targets : prerequisites), shell lists (make ; make install), negation (if ! grep).
PUNCTUATION_CODE_RE = re.compile(r"[\[\]]|%[a-zA-Z]|\+\+|\s\?\s+[^\sA-Z][^?:]{0,40}\s:\s")
SHELL_WORDS = frozenset({"if", "then", "do", "done", "while", "until", "elif", "else", "fi", "case", "esac"})
NAME = r"_*[^\W\d_][\w.-]*"
DEFINITION_RE = re.compile(rf"{NAME}(?:,\s*{NAME})*\Z")  # 'x : int', 'lb, ub : int' (numpydoc)
DEFINITION_LINE_RE = re.compile(rf"^[ \t*•-]*{NAME} : ", re.MULTILINE)


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _in_code(text: str, position: int) -> bool:
    """Code, shell or a format string on the line of ``position`` (brackets, %s, ++, a ? b : c)."""
    if in_code_line(text, position):
        return True
    end = text.find("\n", position)
    line_end = end if end >= 0 else len(text)
    return PUNCTUATION_CODE_RE.search(text, _line_start(text, position), line_end) is not None


def _is_code_or_definition(text: str, word_start: int, mark_at: int) -> bool:
    """Whether the spaced mark belongs to code, a shell line or a 'name : type' definition line."""
    word = text[word_start:mark_at].strip()
    if _in_code(text, mark_at) or word in SHELL_WORDS or word.isupper():
        return True
    if not CODE_CHARS.isdisjoint(chunk_around(text, word_start, word_start + len(word))):
        return True
    return text[mark_at] == ":" and _is_definition(text, text[_line_start(text, mark_at):mark_at])


def _is_definition(text: str, lead: str) -> bool:
    """'x : int' or 'G : NetworkX graph': one name before the colon, lower-case or in a definition block.

    A numpydoc block has an underlined heading or indented descriptions, a definition list
    several 'Name : ...' lines; French spacing in prose ('Note : the minister...') has neither.
    """
    name = lead.strip().lstrip("*-•").strip()
    if not DEFINITION_RE.match(name):
        return False
    if name.lstrip("_")[0].islower() or "---" in text or "\n " in text or "\n\t" in text:
        return True
    return len(DEFINITION_LINE_RE.findall(text)) > 1


WORD_BEFORE_RE = re.compile(r"[^\W\d_][\w'’-]*\Z")


@paragraph_rule(
    "MT103", "space-before-punctuation",
    summary="French spacing: a space or no-break space before ? ! : ; ('What now ?', 'Note :').",
    rationale=("French sets a (thin) space before two-part punctuation; English never does, and an engine "
               "that keeps the source's spacing leaves it in the English text. Counted: a word, one space "
               "and the mark. Not counted: numbers (10 : 30, 3 : 1), emoticons ( :-) ), aligned columns "
               "(several spaces), a named symbol ('the ! command'), a ';' ending its line, upper-case "
               "placeholders (SERVICE :), lines of code or shell (a ? b : c, if ! grep, %s : %s), and "
               "'name : type' definitions (numpydoc parameters, definition lists)."),
    example="What will happen now ? Nobody knows : the government has not decided.",
)
def space_before_punctuation(text: str) -> Iterator[Finding]:
    """Yield each word followed by a space and then ? ! : or ;."""
    if not (" ?" in text or " !" in text or " :" in text or " ;" in text
            or not text.isascii() and any(clue in text for clue in NO_BREAK_PUNCT_CLUES)):
        return
    for match in SPACE_BEFORE_PUNCT_RE.finditer(text):
        mark_at = match.end() - 1
        end = match.end()
        word = WORD_BEFORE_RE.search(text, max(0, match.start() - 60), match.start())
        start = word.start() if word else match.start()
        if not _is_code_or_definition(text, start, mark_at):
            yield Finding("MT103", start, end,
                          f"space before {text[mark_at]!r} (French typography): {quote(text, start, end)!r}")


# MT104 space-inside-quotes ------------------------------------------------------------------

SPACED_QUOTE_RE = re.compile(
    rf"(?<!\w)«[{SPACES}]+([^«»]{{1,{MAX_QUOTE}}}?)[{SPACES}]+»"
    rf"|(?<!\w)“[{SPACES}]+([^“”]{{1,{MAX_QUOTE}}}?)[{SPACES}]+”")


@paragraph_rule(
    "MT104", "space-inside-quotes",
    summary="Spaces inside quotation marks: « word », “ word ”.",
    rationale=("French typography pads quotations with (no-break) spaces; English quotation marks touch the "
               "words they enclose. A quoted foreign-language sentence keeps its own spacing and is not "
               "counted; straight quotes are skipped because their direction cannot be told."),
    example="The so-called “ yellow vests ” marched again on Saturday.",
)
def space_inside_quotes(text: str) -> Iterator[Finding]:
    """Yield each quotation of English text padded with spaces inside its marks."""
    if "«" not in text and "“" not in text:
        return
    for match in SPACED_QUOTE_RE.finditer(text):
        if not _quotes_english(match.group(1) or match.group(2)):
            continue
        start, end = match.span()
        yield Finding("MT104", start, end, f"spaces inside quotation marks: {quote(text, start, end)!r}")


# MT105 low-quotes -----------------------------------------------------------------------------

LOW_QUOTE_RE = re.compile(rf"„(?:([^„“”\"]{{1,{MAX_QUOTE}}})[“”\"]|(?=\w))|‚([^‚‘’]{{1,200}})[‘’]")


@paragraph_rule(
    "MT105", "low-quotes",
    summary="Low opening quotation marks „ ‚ in English text.",
    rationale=("German, Polish, Czech and other Central and Eastern European languages open quotations low "
               "(„…“); English never does. A quoted sentence in one of those languages keeps its marks and "
               "is not counted; nor is a „ that neither closes nor opens a word (a character table), nor a "
               "‚ without a closing ‘ or ’ (it may be a comma)."),
    example="The chancellor spoke of „a new beginning“ for Europe.",
)
def low_quotes(text: str) -> Iterator[Finding]:
    """Yield each quotation opened with a low mark, unless it quotes a foreign-language text."""
    if "„" not in text and "‚" not in text:
        return
    for match in LOW_QUOTE_RE.finditer(text):
        content = match.group(1) or match.group(2)
        if content and is_foreign_phrase(content):
            continue
        start, end = match.span()
        yield Finding("MT105", start, end, f"low opening quotation mark: {quote(text, start, end)!r}")


# MT106 space-before-percent ----------------------------------------------------------------

SPACE_PERCENT_RE = re.compile(rf"(?<![\w.,])\d+(?:[.,]\d+)?[{SPACES}]+%(?![\w(])(?!\s*\d)")


@paragraph_rule(
    "MT106", "space-before-percent",
    summary="A space between a number and its percent sign ('25 %').",
    rationale=("French, German, Italian, Spanish and Russian put a space before %; English writes 25%. Not "
               "counted: format strings and the modulo operator (10 % 3), and lines of code."),
    example="Unemployment fell to 7,1 % in the third quarter.",
)
def space_before_percent(text: str) -> Iterator[Finding]:
    """Yield each number separated from its % by a space."""
    if "%" not in text:
        return
    for match in SPACE_PERCENT_RE.finditer(text):
        start, end = match.span()
        if not _in_code(text, start):
            yield Finding("MT106", start, end, f"space before '%': {quote(text, start, end)!r}")
