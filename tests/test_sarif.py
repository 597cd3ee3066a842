"""``--format sarif``: a valid SARIF 2.1.0 log locating flagged paragraphs by file and line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from mtdetect.cli import app
from mtdetect.report.records import OutputFormat
from mtdetect.run.runner import ScoreOptions, score_inputs
from mtdetect.report.sarif import RULES, artifact_uri
from mtdetect.report.writers import make_writer


def _log(tmp_path: Path, model: Path, examples: dict[str, str]) -> dict:
    path = tmp_path / "article.md"
    path.write_text(f"{examples['native']}\n\n\n{examples['machine']}\n", encoding="utf-8")
    out = io.StringIO()
    score_inputs([str(path)], ScoreOptions(model=str(model)), make_writer(OutputFormat.sarif, out), print)
    return json.loads(out.getvalue())


def test_log_shape(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    log = _log(tmp_path, tiny_model, examples)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "mtdetect"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r["id"] for r in RULES]
    assert len(run["properties"]["documents"]) == 1
    for result in run["results"]:
        assert result["ruleId"] == RULES[result["ruleIndex"]]["id"]
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1


def test_flagged_paragraph_points_at_its_first_line(tmp_path: Path, tiny_model: Path,
                                                     examples: dict[str, str]) -> None:
    results = _log(tmp_path, tiny_model, examples)["runs"][0]["results"]
    paragraphs = [r for r in results if r["ruleId"] == "MTD001"]
    assert [r["properties"]["paragraph"] for r in paragraphs] == [1]  # only the machine paragraph
    location = paragraphs[0]["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 4  # native on line 1, two blank lines, then machine
    assert location["artifactLocation"]["uri"].endswith("article.md")


def test_uris() -> None:
    assert artifact_uri("docs/my file.md") == ("docs/my%20file.md", "%SRCROOT%")
    assert artifact_uri("/abs/a.md")[0] == "file:///abs/a.md"
    assert artifact_uri("-") == ("stdin", None)


def test_cli_sarif_and_exit_code(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(examples["machine"] + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(path), "--format", "sarif", "--model", str(tiny_model)])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["runs"][0]["results"]
    relaxed = CliRunner().invoke(app, ["score", str(path), "--model", str(tiny_model), "--fail-above", "1"])
    assert relaxed.exit_code == 0, relaxed.output
