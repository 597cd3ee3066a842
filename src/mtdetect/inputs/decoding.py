"""Turn a byte stream into text chunks, refusing binary data and naming bad bytes.

UTF-8 is assumed, UTF-16/32 and UTF-8 are recognised by their BOM, and a legacy
encoding is detected when UTF-8 fails before any non-ASCII text was read (the
commonest case: a Latin-1 file whose first accent comes late). Decoding is
incremental, so memory does not grow with the input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from mtdetect.errors import InputError

CHUNK_BYTES = 1 << 20
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.1
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
HIGH_BYTES = bytes(range(128, 256))
ASCII_LETTERS_RE = re.compile(rb"[A-Za-z]+")
MAX_LEGACY_SHARE = 0.3
# C0 controls and DEL, less the ones plain text uses: tab, newlines, form feed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decoded_chunks(stream: BinaryIO | TextIO, name: str) -> Iterator[str]:
    """Decode the stream chunk by chunk, after rejecting binary data; never yield ``""``."""
    head = _read(stream, SNIFF_BYTES)
    if isinstance(head, str):  # an already decoded stream (io.StringIO, a text stdin)
        yield from _checked_text(head, stream, name)
        return
    bom_encoding = next((enc for bom, enc in BOMS if head.startswith(bom)), None)
    if bom_encoding is None and b"\x00" in head:
        raise InputError(f"{name}: not text (NUL bytes)")
    decoder = _Decoder(name, bom_encoding)
    chunk, checked = head + _read(stream, CHUNK_BYTES - len(head)), False
    while chunk:
        text = decoder.decode(chunk)
        chunk = _read(stream, CHUNK_BYTES)
        if text and not checked:
            _check_not_binary(text[:SNIFF_BYTES], name)
            checked = True
        if text:  # empty while only part of a multi-byte character has come
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def _checked_text(head: str, stream: TextIO, name: str) -> Iterator[str]:
    _check_not_binary(head.lstrip("\ufeff"), name)
    if head:
        yield head
    while chunk := _read(stream, CHUNK_BYTES):
        yield chunk


class _Decoder:
    """Incremental UTF-8 (or BOM-named) decoding that may switch to a detected encoding.

    The switch happens only while every byte so far was ASCII, which all the
    candidate encodings read alike; after that a bad byte is an error naming
    its offset.
    """

    def __init__(self, name: str, encoding: str | None) -> None:
        self.name, self.encoding, self.fixed = name, encoding or "utf-8", encoding is not None
        self.decoder = codecs.getincrementaldecoder(self.encoding)()
        self.offset = 0
        self.all_ascii = True
        self.previous = b""  # context for the detector when the bad byte ends a chunk

    def decode(self, chunk: bytes, final: bool = False) -> str:
        pending = self.decoder.getstate()[0]
        data, start = pending + chunk, self.offset - len(pending)
        self.offset += len(chunk)
        try:
            text = self.decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            if self.fixed or not self.all_ascii or not data[:error.start].isascii():
                raise self._error(start + error.start) from None
            sample = self.previous[-SNIFF_BYTES:] + chunk
            self.encoding = _detect_encoding(sample, self.name, start + error.start)
            self.fixed = True
            self.decoder = codecs.getincrementaldecoder(self.encoding)()
            try:
                text = self.decoder.decode(data, final)
            except UnicodeDecodeError as again:
                raise self._error(start + again.start) from None
        self.all_ascii = self.all_ascii and text.isascii()
        self.previous = chunk
        return text

    def _error(self, offset: int) -> InputError:
        return InputError(f"{self.name}: cannot decode byte {offset} as {self.encoding}")


def _detect_encoding(data: bytes, name: str, bad_offset: int) -> str:
    """Guess a legacy encoding, preferring cp1252 whenever it is plausible.

    cp1252 is by far the commonest legacy encoding of English, and on
    mostly-ASCII text a detector cannot tell the Western code pages apart
    (charset-normalizer ranks cp775 first for Latin-1 "café", EBCDIC for one
    byte). So cp1252 wins if the detector lists it, or if it decodes the bytes
    and under ``MAX_LEGACY_SHARE`` of the letters are non-ASCII; text that is
    mostly non-ASCII (Cyrillic, Greek) goes by the detector.
    """
    import charset_normalizer

    encodings = [match.encoding for match in charset_normalizer.from_bytes(data)]
    high = len(data) - len(data.translate(None, HIGH_BYTES))
    letters = high + sum(map(len, ASCII_LETTERS_RE.findall(data)))
    if "cp1252" in encodings or (high <= MAX_LEGACY_SHARE * letters and _decodes(data, "cp1252")):
        return "cp1252"
    if not encodings:
        raise InputError(f"{name}: cannot decode byte {bad_offset} as utf-8, "
                         "and no other encoding fits")
    return encodings[0]


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _check_not_binary(sample: str, name: str) -> None:
    if "\x00" in sample:
        raise InputError(f"{name}: not text (NUL bytes)")
    if sample and len(CONTROL_RE.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{name}: not text (control characters)")


def _read(stream: BinaryIO | TextIO, size: int) -> bytes | str:
    """Read up to ``size`` bytes (characters from a text stream), looping over short reads."""
    parts: list = []
    got = 0
    while got < size:
        data = stream.read(size - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return parts[0][:0].join(parts) if parts else b""
