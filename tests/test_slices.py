"""Byte-range slices of JSONL files: workers read exactly the records, numbers and errors of the serial reader."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtdetect.errors import InputError
from mtdetect.inputs.records import BatchOptions, Chunk, iter_chunks
from mtdetect.inputs.slices import FileSlice, file_slices, records_of, work_units

OPTIONS = BatchOptions(chunk_size=2)


def _record(k: int) -> str:
    return json.dumps({"id": k, "text": f"Record {k} says caf\u00e9."}, ensure_ascii=False)


def _flat(parts: list[Chunk]) -> list[tuple[str, int, object, str]]:
    return [(part.source, part.first + i, part.ids[i], part.texts[i]) for part in parts for i in range(len(part.texts))]


def _slices_read(path: Path, options: BatchOptions = OPTIONS) -> list[Chunk]:
    return [part.read() for part in file_slices(str(path), options)]


def test_slices_hold_the_serial_readers_records_across_every_line_end_and_blank(tmp_path: Path) -> None:
    source = tmp_path / "tricky.jsonl"
    body = (_record(0) + "\r\n" + "   \n" + _record(1) + "\r" + _record(2) + "\n" + "\x1c\u00a0\n" + "\r\n"
            + _record(3) + "\r" + "\r" + _record(4) + "\n\n" + "\u2028 \n" + _record(5))  # last line: no line end
    source.write_bytes(body.encode("utf-8"))
    serial = list(iter_chunks([str(source)], OPTIONS))
    sliced = _slices_read(source)
    assert _flat(sliced) == _flat(serial)
    assert [record_id for _, _, record_id, _ in _flat(sliced)] == [0, 1, 2, 3, 4, 5]
    parts = list(file_slices(str(source), OPTIONS))
    assert parts[0].start == 0 and parts[-1].end == len(body.encode("utf-8"))
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))


@pytest.mark.parametrize("bad, message", [
    ("not json", "not JSON"),
    ('{"body": 1}', "no field 'text'"),
    ('{"text": 3}', "not text"),
])
def test_an_error_names_the_line_the_serial_reader_names(tmp_path: Path, bad: str, message: str) -> None:
    source = tmp_path / "bad.jsonl"
    # lines 1-6: records, a blank line, a lone-CR pair; the bad record is on line 7
    source.write_text("\n".join([_record(0), _record(1), "", _record(2) + "\r" + _record(3), _record(4), bad]) + "\n",
                      encoding="utf-8", newline="")
    with pytest.raises(InputError, match=message) as serial:
        list(iter_chunks([str(source)], OPTIONS))
    with pytest.raises(InputError, match=message) as sliced:
        _slices_read(source)
    assert str(sliced.value) == str(serial.value)
    assert str(serial.value).startswith(f"{source}:7: ")


def test_bytes_that_are_not_utf8_are_reported_at_the_same_line_by_both_readers(tmp_path: Path) -> None:
    source = tmp_path / "latin.jsonl"
    source.write_bytes(("\n".join(_record(k) for k in range(4)) + "\r").encode("utf-8") + b'{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as serial:
        list(iter_chunks([str(source)], OPTIONS))
    with pytest.raises(InputError) as sliced:
        _slices_read(source)
    assert str(sliced.value) == str(serial.value) == f"{source}:5: not UTF-8 (invalid continuation byte); " \
                                                     "JSON lines must be UTF-8"
    bad_slice = list(file_slices(str(source), OPTIONS))[-1]
    assert isinstance(records_of(bad_slice), InputError)  # returned, for a Dask worker not to log a traceback


def test_work_units_slice_plain_jsonl_and_leave_compressed_and_parquet_to_the_client(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_text("".join(_record(k) + "\n" for k in range(5)), encoding="utf-8")
    packed = tmp_path / "b.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(_record(9) + "\n")
    parts = list(work_units([str(plain), str(packed)], OPTIONS))
    assert [type(part) for part in parts] == [FileSlice, FileSlice, FileSlice, Chunk]
    assert [part.first for part in parts] == [0, 2, 4, 0]
    assert _flat([records_of(part) for part in parts]) == _flat(list(iter_chunks([str(plain), str(packed)], OPTIONS)))


def test_a_file_of_blank_lines_has_no_slices(tmp_path: Path) -> None:
    source = tmp_path / "blank.jsonl"
    source.write_text("\n \n\t\r\n", encoding="utf-8")
    assert list(file_slices(str(source), OPTIONS)) == list(iter_chunks([str(source)], OPTIONS)) == []


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
BLANKS = st.text(alphabet=" \t\x0b\x0c\x1c\x1f\x85\u00a0\u2028\u3000", max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.one_of(st.integers(0, 99).map(_record), BLANKS), LINE_ENDS), max_size=25),
       st.integers(min_value=1, max_value=4))
def test_slices_equal_the_serial_reader_on_any_mix_of_records_blanks_and_line_ends(
        tmp_path: Path, lines: list[tuple[str, str]], chunk_size: int) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_bytes("".join(line + end for line, end in lines).encode("utf-8"))
    options = BatchOptions(chunk_size=chunk_size)
    assert _flat(_slices_read(source, options)) == _flat(list(iter_chunks([str(source)], options)))
