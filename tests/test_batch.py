"""``mtdetect batch``: JSONL(.gz) and Parquet in and out, per-record pooling, strict input checks."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtdetect.run.batch import BatchOptions, file_kind, run_batch
from mtdetect.cli import app
from mtdetect.errors import InputError
from mtdetect.model.load import load_detector


def _records(examples: dict[str, str], n: int = 10) -> list[dict]:
    records = []
    for k in range(n):
        origin = ("native", "machine")[k % 2]
        text = f"{examples[origin]}\n\n{examples[origin]}" if k % 3 else examples[origin]
        records.append({"doc": 1000 + k, "body": text})
    records.append({"doc": 2000, "body": "Too short."})
    records.append({"doc": 2001, "body": None})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


OPTIONS = BatchOptions(text_field="body", id_field="doc", per_paragraph=True, chunk_size=4)


def test_rows_per_record_and_paragraph(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    records = _records(examples)
    source = write_jsonl(tmp_path / "in.jsonl.gz", records)
    out = tmp_path / "out.jsonl"
    run = run_batch([str(source)], str(out), BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model)}))
    rows = read_jsonl(out)
    summaries = [r for r in rows if r["paragraph"] is None]
    assert [r["doc"] for r in summaries] == [r["doc"] for r in records]
    assert [r["record"] for r in summaries] == list(range(len(records)))
    assert run.n_records == len(records) and run.flagged
    assert summaries[-1]["score"] is None and summaries[-1]["reason"].startswith("empty input")
    assert summaries[-2]["score"] is None and "too short" in rows[-3]["reason"]
    # the record's pooled style score equals the detector's probability of its (repeated) paragraph,
    # and its score adds the counted findings' weights to those log-odds
    detector = load_detector(tiny_model)
    expected = detector.predict_proba([examples["native"], examples["machine"]])
    for row in summaries[:4]:
        style = float(expected[(row["doc"] - 1000) % 2])
        assert row["style_score"] == pytest.approx(style, abs=1e-6)
        logit = math.log(style / (1 - style)) + sum(c["weight"] for c in row["counted"])
        assert row["score"] == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-5)


def test_parquet_round_trip_matches_jsonl(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    records = _records(examples)
    source = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(records), source, row_group_size=3)
    options = BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model)})
    run_batch([str(source)], str(tmp_path / "out.parquet"), options)
    run_batch([str(source)], str(tmp_path / "out.jsonl"), options)
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("doc").type == pa.int64()
    from_parquet = table.to_pylist()
    from_jsonl = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["doc"], r["paragraph"], r["score"], r["label"]) for r in from_parquet] == \
        [(r["doc"], r["paragraph"], r["score"], r["label"]) for r in from_jsonl]


def test_chunk_size_does_not_change_rows(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", _records(examples))
    outputs = []
    for chunk_size in (1, 5, 1000):
        out = tmp_path / f"out{chunk_size}.jsonl"
        run_batch([str(source)], str(out), BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model),
                                                           "chunk_size": chunk_size}))
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('{"text": "x"}', "no field 'body'"),
    ('{"body": 3}', "not text"),
])
def test_bad_records_name_file_and_line(tmp_path: Path, tiny_model: Path, line: str, message: str) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"body": "fine"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        run_batch([str(source)], str(tmp_path / "o.jsonl"), BatchOptions(text_field="body", model=str(tiny_model)))
    assert "bad.jsonl:3" in str(error.value)


def test_file_kind() -> None:
    assert file_kind("a.jsonl.gz") == file_kind("a.ndjson") == file_kind("-") == "jsonl"
    assert file_kind("a.parquet") == "parquet"
    with pytest.raises(InputError):
        file_kind("a.csv")


def test_cli_batch(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": examples["native"]}])
    runner = CliRunner()
    ok = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--model", str(tiny_model)])
    assert ok.exit_code == 0, ok.output
    assert read_jsonl(tmp_path / "o.jsonl")[0]["id"] == "a"
    missing = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "--model", str(tiny_model)])
    assert missing.exit_code == 2 and "nope.jsonl" in missing.output
    bad_out = runner.invoke(app, ["batch", str(source), "-o", "x.csv", "--model", str(tiny_model)])
    assert bad_out.exit_code == 2 and "unknown format" in bad_out.output


def test_batch_weighs_findings_as_score_does(tmp_path: Path, tiny_model: Path) -> None:
    """A record's summary carries the same counted findings and score as `mtdetect score` on its text."""
    from typer.testing import CliRunner

    from mtdetect.cli import app

    text = "\n\n".join([
        "President Volodymyr Zelensky met Secretary of State Antony Blinken in Kyiv on Monday to discuss "
        "the next steps of the programme with his advisers and several ministers.",
        "Kremlin spokesman Dmitry Peskov said Moscow was not impressed by the visit and would not change "
        "its position on the talks planned for the end of the month in Geneva.",
        "Later, Mr. Blinker flew on to Warsaw, where he was expected to meet the Polish prime minister and "
        "the defence minister before returning to Washington on Thursday evening.",
    ])
    source = write_jsonl(tmp_path / "in.jsonl", [{"doc": 1, "body": text}])
    out = tmp_path / "out.jsonl"
    run_batch([str(source)], str(out), BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model)}))
    [batch_row] = [r for r in read_jsonl(out) if r["paragraph"] is None]
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", "-f", "jsonl", "--model", str(tiny_model),
                                      str(tmp_path / "article.txt")])
    [score_row] = [json.loads(line) for line in result.stdout.splitlines() if json.loads(line)["paragraph"] is None]
    assert [(f["code"], f["paragraph"]) for f in batch_row["counted"]] == [("MT701", 2)]
    assert "'Blinker'" in batch_row["counted"][0]["reason"]
    assert batch_row["counted"] == score_row["counted"] and batch_row["verdict"] == score_row["verdict"]
    assert batch_row["score"] == pytest.approx(score_row["score"], abs=1e-9)
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    run_batch([str(source)], str(tmp_path / "out.parquet"), BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model)}))
    [parquet_row] = [r for r in pq.read_table(tmp_path / "out.parquet").to_pylist() if r["paragraph"] is None]
    assert parquet_row["counted"] == batch_row["counted"]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_lone_surrogates_in_json_are_scored_as_replacement_characters(tmp_path: Path, tiny_model: Path,
                                                                     examples: dict[str, str], suffix: str) -> None:
    """JSON may escape a lone surrogate ("\\ud800") that UTF-8 cannot encode: it becomes U+FFFD."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    broken = examples["native"].replace(" ", " \ud800 ", 1)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"doc": 1, "body": broken}) + "\n", encoding="ascii")
    out = tmp_path / f"out{suffix}"
    run = run_batch([str(source)], str(out), BatchOptions(**{**OPTIONS.__dict__, "model": str(tiny_model)}))
    assert run.n_records == 1
    expected = load_detector(tiny_model).predict_proba([broken.replace("\ud800", "\ufffd")])
    if suffix == ".jsonl":
        [row] = [r for r in read_jsonl(out) if r["paragraph"] is None]
        assert row["score"] == pytest.approx(float(expected[0]), abs=1e-6)


def _warnings(tmp_path: Path, tiny_model: Path, source: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--model",
                                      str(tiny_model), "--text-field", "body", *args])
    assert result.exit_code in (0, 1), result.output
    return [line for line in result.stderr.splitlines() if line.startswith("mtdetect: warning:")]


def test_records_without_the_id_field_get_one_warning(tmp_path: Path, tiny_model: Path,
                                                      examples: dict[str, str]) -> None:
    records = _records(examples)  # ids under "doc"
    source = write_jsonl(tmp_path / "in.jsonl", records)
    assert _warnings(tmp_path, tiny_model, source, "--id-field", "url", "--chunk-size", "4") == [
        f"mtdetect: warning: {source}: no field 'url' in record 0 (see --id-field); ids will be null"]
    assert all(row["url"] is None for row in read_jsonl(tmp_path / "o.jsonl"))
    assert _warnings(tmp_path, tiny_model, source, "--id-field", "doc") == []
    assert _warnings(tmp_path, tiny_model, source) == [  # the default id field, 'id', is missing too
        f"mtdetect: warning: {source}: no field 'id' in record 0 (see --id-field); ids will be null"]
    records[5] = {"body": records[5]["body"]}  # one record without its id, in the second chunk of four
    records[6] = {"doc": None, "body": records[6]["body"]}  # an id that is null is the record's own: no warning
    gappy = write_jsonl(tmp_path / "gappy.jsonl.gz", records)
    assert _warnings(tmp_path, tiny_model, gappy, "--id-field", "doc", "--chunk-size", "4") == [
        f"mtdetect: warning: {gappy}: no field 'doc' in record 5 (see --id-field); ids will be null"]


def test_parquet_without_the_id_column_gets_the_warning(tmp_path: Path, tiny_model: Path,
                                                        examples: dict[str, str]) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(_records(examples)), source)
    assert _warnings(tmp_path, tiny_model, source, "--id-field", "url") == [
        f"mtdetect: warning: {source}: no field 'url' in record 0 (see --id-field); ids will be null"]


def test_file_slices_read_by_workers_are_checked_on_their_first_record(tmp_path: Path,
                                                                      examples: dict[str, str]) -> None:
    """--dask-local workers read slices of plain JSONL themselves; the client looks at each file's first record."""
    from mtdetect.run.batch import _warning_once
    from mtdetect.inputs.slices import file_slices

    source = write_jsonl(tmp_path / "in.jsonl", _records(examples))
    for id_field, expected in (("url", [f"{source}: no field 'url' in record 0 (see --id-field); ids will be null"]),
                               ("doc", [])):
        options = BatchOptions(text_field="body", id_field=id_field, chunk_size=4)
        heard: list[str] = []
        parts = list(_warning_once(file_slices(str(source), options), options, heard.append))
        assert len(parts) == 3 and heard == expected
