"""The findings on the command line: every document names its findings, --select/--ignore, mtdetect rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtdetect.cli import app
from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FLAGGED

ARTICLE = """The minister said the situation was « very worrying » for the families of the region, and that the
government would meet the unions again next week to discuss the plan.

To see in video

The talks, which began last month, are expected to last until the end of the year, officials said."""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_text_output_names_the_findings_of_a_document_even_unflagged(article: Path) -> None:
    code, out = _run("score", "--threshold", "1.0", str(article))
    assert code == EXIT_CLEAN
    document = [line for line in out.splitlines() if ": document " in line][0]
    assert " human — no clear sign of machine translation (but: foreign typography, pasted teaser" in document
    counted = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert counted[0].startswith(f"{article}:0: MT101 ") and counted[0].endswith(")")
    assert any(f"{article}:1: MT301 " in line and "'To see in video'" in line for line in counted)


def test_findings_decide_the_default_verdict(article: Path) -> None:
    code, out = _run("score", "-f", "jsonl", str(article))
    rows = [json.loads(line) for line in out.splitlines()]
    document = rows[-1]
    assert code == EXIT_FLAGGED and document["label"] == "machine"
    assert document["verdict"].startswith("machine-translated or spun: foreign typography")
    assert [c["code"] for c in document["counted"]][:2] == ["MT101", "MT301"]
    assert all(c["weight"] > 0 for c in document["counted"])
    teaser = rows[1]
    assert teaser["score"] is None and teaser["findings"][0]["code"] == "MT301"
    assert ARTICLE.split("\n\n")[1][teaser["findings"][0]["start"]:teaser["findings"][0]["end"]] == "To see in video"


def test_ignore_and_select_choose_the_rules(article: Path) -> None:
    _, out = _run("score", "-f", "jsonl", "--ignore", "MT1,MT3", str(article))
    codes = {f["code"] for row in map(json.loads, out.splitlines()) for f in row.get("findings", [])}
    assert not {c for c in codes if c.startswith(("MT1", "MT3"))}
    _, out = _run("score", "-f", "jsonl", "--select", "MT301", str(article))
    codes = {f["code"] for row in map(json.loads, out.splitlines()) for f in row.get("findings", [])}
    assert codes == {"MT301"}


def test_an_unknown_code_is_a_usage_error(article: Path) -> None:
    result = CliRunner().invoke(app, ["score", "--select", "XY9", str(article)])
    assert result.exit_code == EXIT_ERROR and "no finding code starts with 'XY9'" in result.output


def test_rules_lists_the_catalogue_and_explains_one_rule() -> None:
    code, out = _run("rules")
    assert code == EXIT_CLEAN and out.splitlines()[0].startswith("MT101 guillemets")
    code, out = _run("rules", "mt701")
    assert code == EXIT_CLEAN and out.startswith("MT701 name-spelled-two-ways (names, document rule)")
    assert "Weight: +" in out and "Turn off: --ignore MT701" in out
    assert CliRunner().invoke(app, ["rules", "MT999"]).exit_code == EXIT_ERROR


def test_explain_lists_every_finding_with_span_and_weight(article: Path) -> None:
    _, out = _run("score", "--explain", str(article))
    listed = [line.strip() for line in out.splitlines() if line.startswith("    * ") or line.startswith("      ")]
    counted = [line for line in listed if line.startswith("* ")]
    assert any(f"{article}:1:0-15: MT301 " in line for line in counted)
    span = next(line for line in listed if ": MT101 " in line).split(": MT101")[0].rsplit(":", 1)[1]
    start, end = map(int, span.split("-"))
    assert ARTICLE.split("\n\n")[0][start:end] == "« very worrying »"
    assert all(line.endswith(")") and "(+" in line for line in listed)


def test_batch_takes_select_and_ignore_as_score_does(article: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": ARTICLE}) + "\n", encoding="utf-8")
    for extra, expected in ((["--ignore", "MT1"], {"MT301"}), (["--select", "MT101"], {"MT101"})):
        out = tmp_path / "out.jsonl"
        result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), *extra])
        assert result.exit_code in (EXIT_CLEAN, EXIT_FLAGGED), result.output
        [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {c["code"] for c in row["counted"]} == expected
