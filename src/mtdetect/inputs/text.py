"""Read input safely and split it into paragraphs, sentences and words.

Plain text streams: bytes are read in chunks, decoded incrementally and cut at
blank lines, so a 1 GB file costs a few megabytes of memory and a paragraph
with no blank line in it is cut into pieces of at most ``max_paragraph_chars``
(at a sentence end where one is near). The checks on the bytes (binary,
encoding; in ``mtdetect.inputs.decoding``) run here, at the edge, so the stages after
it can trust their text.
"""

from __future__ import annotations

import glob
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from mtdetect.inputs.decoding import decoded_chunks
from mtdetect.errors import InputError

MAX_PARAGRAPH_CHARS = 20_000
MAX_MARKUP_CHARS = 50_000_000
INPUT_FORMATS = ("auto", "text", "markdown", "html")
INPUT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html"}
BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
NON_SPACE_RE = re.compile(r"\S")
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
CANDIDATE_RE = re.compile(r"([.!?…]+)[\"'”’»)\]]*\s+")
WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Never the end of a sentence: titles and Latin abbreviations that a name or a
# clause always follows.
TITLES = frozenset("mr mrs ms dr prof sr jr st mt gen sen rep gov lt col capt sgt rev hon "
                   "e.g i.e cf vs viz".split())
# End a sentence only when a capitalised word follows ("in the U.S. The").
ABBREVIATIONS = frozenset("etc inc ltd co corp no nos fig figs vol vols approx dept est al "
                          "jan feb mar apr jun jul aug sep sept oct nov dec".split())
ACRONYM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?$")
SURROGATE_RE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (JSON's ``"\\ud800"`` can carry one; UTF-8 cannot) as U+FFFD."""
    return text if text.isascii() else SURROGATE_RE.sub("\ufffd", text)


@dataclass(frozen=True)
class Paragraph:
    """One blank-line-separated paragraph, whitespace-normalised.

    ``index`` counts the paragraphs of the input from 0; the pieces of a
    paragraph too long to keep whole share its index and differ in ``part``.
    ``start_line`` is the 1-based line of its first character.
    """

    index: int
    text: str
    start_line: int
    part: int = 0


@contextmanager
def read_source(path_or_dash: str) -> Iterator[BinaryIO]:
    """Open a path (or ``-`` for stdin) for binary reading, with one-sentence errors.

    Stdin is not closed on exit; a file is.
    """
    if path_or_dash == "-":
        # A replaced sys.stdin (io.StringIO in tests) has no byte buffer: read its text.
        yield getattr(sys.stdin, "buffer", sys.stdin)
        return
    path = Path(path_or_dash)
    if path.is_dir():
        raise InputError(f"{path_or_dash}: is a directory (use --recursive)")
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path_or_dash}: no such file") from None
    except OSError as error:
        raise InputError(f"{path_or_dash}: cannot open ({error.strerror or error})") from None
    with stream:
        yield stream


def expand_inputs(args: list[str], *, recursive: bool) -> list[str]:
    """Expand globs and (with ``recursive``) directories into a sorted list of inputs.

    A glob that matches nothing, a missing path and a directory without
    ``recursive`` are kept as given, so that reading them reports the problem
    instead of skipping it silently. Hidden directories (``.git``) are not
    walked. Duplicates are dropped, first occurrence wins.
    """
    expanded: list[str] = []
    for arg in args:
        is_glob = arg != "-" and glob.has_magic(arg)
        matches = sorted(glob.glob(arg, recursive=True)) if is_glob else []
        for item in matches or [arg]:
            if recursive and item != "-" and os.path.isdir(item):
                expanded.extend(_walk(item))
            else:
                expanded.append(item)
    return list(dict.fromkeys(expanded))


def _walk(directory: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files
                  if Path(f).suffix.lower() in INPUT_SUFFIXES]
    return sorted(found)


def iter_paragraphs(stream: BinaryIO | TextIO | str | os.PathLike[str], *, name: str,
                    input_format: str = "auto",
                    max_paragraph_chars: int = MAX_PARAGRAPH_CHARS) -> Iterator[Paragraph]:
    """Yield the paragraphs of a byte stream (or a path) in order, reading it in chunks.

    A text stream (``io.StringIO``) is accepted too and skips the decoding.

    Raises ``InputError`` for binary data, undecodable bytes, an unknown
    ``input_format`` or HTML/Markdown over ``MAX_MARKUP_CHARS`` (markup is
    parsed whole, so it is capped instead of streamed). Empty or
    whitespace-only input yields nothing.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"{name}: unknown input format {input_format!r} "
                         f"(choose from {', '.join(INPUT_FORMATS)})")
    if isinstance(stream, (str, os.PathLike)):
        with read_source(os.fspath(stream)) as opened:
            yield from iter_paragraphs(opened, name=name, input_format=input_format,
                                       max_paragraph_chars=max_paragraph_chars)
        return
    chunks = decoded_chunks(stream, name)
    first = next(chunks, "")
    fmt = _resolve_format(input_format, name, first)
    if fmt == "text":
        yield from _text_paragraphs(_chain(first, chunks), max_paragraph_chars)
        return
    from mtdetect.inputs import markup

    text = _read_whole(_chain(first, chunks), name, fmt)
    blocks = markup.html_blocks(text) if fmt == "html" else markup.markdown_blocks(text)
    for index, (block, line) in enumerate(blocks):
        yield from _pieces(block, index, line, max_paragraph_chars, final=True)[0]


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read_whole(chunks: Iterator[str], name: str, fmt: str) -> str:
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_MARKUP_CHARS:
            raise InputError(f"{name}: too large for {fmt} input "
                             f"(over {MAX_MARKUP_CHARS:,} characters)")
        parts.append(chunk)
    return "".join(parts)


def _resolve_format(input_format: str, name: str, head: str) -> str:
    if input_format != "auto":
        return input_format
    suffix_format = INPUT_SUFFIXES.get(Path(name).suffix.lower())
    if suffix_format:
        return suffix_format
    start = head.lstrip()[:14].lower()
    return "html" if start.startswith(("<!doctype html", "<html")) else "text"


def _text_paragraphs(chunks: Iterator[str], max_chars: int) -> Iterator[Paragraph]:
    """Cut decoded text at blank lines; keep only the unfinished paragraph in memory."""
    carry, carry_line, index, part, held_cr = "", 1, 0, 0, ""
    for chunk in _chain_end(chunks):
        text = held_cr + chunk
        held_cr = "\r" if text.endswith("\r") and chunk else ""
        text = text[:-1] if held_cr else text
        data = carry + text.replace("\r\n", "\n").replace("\r", "\n")
        start, line = 0, carry_line
        for match in BLANK_LINES_RE.finditer(data):
            block = data[start:match.start()]
            if part or NON_SPACE_RE.search(block):  # part: its start was already yielded
                yield from _pieces(block, index, line, max_chars, final=True, first_part=part)[0]
                index += 1
            part = 0
            line += data.count("\n", start, match.end())
            start = match.end()
        carry = data[start:]
        if not chunk:
            if NON_SPACE_RE.search(carry):
                yield from _pieces(carry, index, line, max_chars, final=True, first_part=part)[0]
            return
        if len(carry) > 2 * max_chars:
            done, consumed = _pieces(carry, index, line, max_chars, final=False, first_part=part)
            yield from done
            part += len(done)
            line += carry.count("\n", 0, consumed)
            carry = carry[consumed:]
            if not NON_SPACE_RE.search(carry):  # a long run of blanks: keep its one newline
                newlines = carry.count("\n")
                line += max(newlines - 1, 0)
                carry = "\n" if newlines else ""
        carry_line = line


def _chain_end(chunks: Iterator[str]) -> Iterator[str]:
    """The chunks, then one empty string to mark the end."""
    yield from chunks
    yield ""


def _pieces(raw: str, index: int, line: int, max_chars: int, *, final: bool,
            first_part: int = 0) -> tuple[list[Paragraph], int]:
    """Normalise ``raw`` into pieces of at most ``max_chars``; return them and the chars used.

    Unless ``final``, the last ``max_chars`` or so stay unused, to be joined
    with the text that follows. Each cut looks only at the window before it,
    so the work is linear in the length of ``raw``.
    """
    pieces: list[Paragraph] = []
    pos = 0
    while True:
        first = NON_SPACE_RE.search(raw, pos)
        if first is None:  # unless final, keep the trailing newline: a blank line may follow
            return pieces, len(raw) if final else pos
        line += raw.count("\n", pos, first.start())
        pos = first.start()
        if len(raw) - pos <= max_chars:
            if not final:
                return pieces, pos
            cut = len(raw)
        elif not final and len(raw) - pos <= 2 * max_chars:
            return pieces, pos
        else:
            cut = _cut(raw, pos, max_chars)
        pieces.append(Paragraph(index, " ".join(raw[pos:cut].split()), line,
                                first_part + len(pieces)))
        line += raw.count("\n", pos, cut)
        pos = cut


def _cut(raw: str, start: int, max_chars: int) -> int:
    """Where to end a piece starting at ``start``: a sentence end, else a space, else anywhere."""
    low, high = start + max_chars // 2, start + max_chars
    ends = [m.end() for m in SENTENCE_END_RE.finditer(raw, low, high)]
    if ends:
        return ends[-1]
    space = max(raw.rfind(" ", low, high), raw.rfind("\n", low, high), raw.rfind("\t", low, high))
    return space if space > start else high


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with a regex and a short list of abbreviations.

    A candidate end is ``.``, ``!``, ``?`` or ``…`` followed by a space; it is
    kept unless a lowercase word follows, or the word before is a title (Mr.,
    Dr., e.g.), or an abbreviation or dotted acronym (etc., U.S.) not followed
    by a capital. Decimals (3.5) never qualify, having no space after the dot.

    >>> split_sentences("Mr. Smith paid $3.5 million. He left the U.S. in May.")
    ['Mr. Smith paid $3.5 million.', 'He left the U.S. in May.']
    """
    sentences, start = [], 0
    for match in CANDIDATE_RE.finditer(text):
        following = text[match.end():match.end() + 1]
        if not following or following.islower():
            continue
        if match.group(1) == "." and _is_abbreviation(text, match.start(), following):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _is_abbreviation(text: str, dot: int, following: str) -> bool:
    space = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot))
    word = text[space + 1:dot].lstrip("\"'“‘([")
    lower = word.lower()
    if lower in TITLES:
        return True
    if lower in ABBREVIATIONS or ACRONYM_RE.match(word + "."):
        initial = len(word) == 1 and word.isupper() and word != "I"  # "J. K. Rowling"
        return initial or not following.isupper()
    return False


def tokenize_words(text: str) -> list[str]:
    """Words and numbers, keeping inner apostrophes and hyphens ("don't", "well-known").

    >>> tokenize_words("It's a well-known fact: 42 cats.")
    ["It's", 'a', 'well-known', 'fact', '42', 'cats']
    """
    return WORD_RE.findall(text)
