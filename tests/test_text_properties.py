"""Properties of the splitters on arbitrary text (hypothesis)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtdetect.inputs import decoding, text
from mtdetect.inputs.text import iter_paragraphs, split_sentences

# Any text a text file can hold: no surrogates, no control characters other
# than tab, newlines and form feed (those make the input "binary").
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r\x0c"))
PIECES = ["Mr.", "Dr.", "U.S.", "e.g.", "3.5", "word", "Word", ".", "!", "?", "…", "”",
          " ", "  ", "\n", "\n\n", "\r\n", "é", "x"]
PROSE = st.lists(st.sampled_from(PIECES)).map("".join)


def non_space(s: str) -> str:
    return "".join(s.split())


def paragraph_list(data: str, max_chars: int = 20_000) -> list[text.Paragraph]:
    stream = io.BytesIO(data.encode())
    return list(iter_paragraphs(stream, name="x.txt", input_format="text",
                                max_paragraph_chars=max_chars))


def paragraph_texts(data: str, max_chars: int = 20_000) -> list[str]:
    return [p.text for p in paragraph_list(data, max_chars)]


@given(st.one_of(TEXT, PROSE))
def test_split_sentences_preserves_characters(source):
    sentences = split_sentences(source)
    assert non_space("".join(sentences)) == non_space(source)
    assert all(s and s == s.strip() for s in sentences)
    assert split_sentences(source) == sentences
    assert split_sentences(source + " \n\t") == sentences


@given(st.one_of(TEXT, PROSE))
def test_paragraphs_preserve_characters(source):
    result = paragraph_texts(source)
    assert non_space("".join(result)) == non_space(source)
    assert all(p and p == " ".join(p.split()) for p in result)
    assert paragraph_texts(source) == result
    assert paragraph_texts(source + "\n \r\n\t  ") == result


@given(st.one_of(TEXT, PROSE), st.integers(min_value=2, max_value=40),
       st.integers(min_value=1, max_value=9))
def test_small_chunks_and_pieces_preserve_characters(source, max_chars, chunk):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(decoding, "CHUNK_BYTES", chunk)
        patch.setattr(decoding, "SNIFF_BYTES", chunk)
        pieces = list(iter_paragraphs(io.BytesIO(source.encode()), name="x.txt",
                                      max_paragraph_chars=max_chars))
    assert non_space("".join(p.text for p in pieces)) == non_space(source)
    assert all(len(p.text) <= max_chars for p in pieces)
    assert pieces == paragraph_list(source, max_chars)
    indices = [p.index for p in pieces]
    assert indices == sorted(indices) and (not indices or indices[0] == 0)
