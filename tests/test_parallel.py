"""``score --jobs``: same bytes as the serial run, input order kept, errors reported per file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mtdetect.run.parallel import resolve_jobs
from mtdetect.report.records import OutputFormat
from mtdetect.run.runner import ScoreOptions, ScoreRun, score_inputs
from mtdetect.report.writers import make_writer


def _files(tmp_path: Path, examples: dict[str, str], n: int = 6) -> list[str]:
    paths = []
    for k in range(n):
        path = tmp_path / f"doc{k}.txt"
        order = ("native", "machine") if k % 2 else ("machine", "native", "native")
        path.write_text("\n\n".join(examples[o] for o in order) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _run(names: list[str], model: Path, jobs: int, fmt: OutputFormat = OutputFormat.jsonl) -> tuple[str, ScoreRun, list[str]]:
    out, errors = io.StringIO(), []
    run = score_inputs(names, ScoreOptions(model=str(model), jobs=jobs), make_writer(fmt, out), errors.append)
    return out.getvalue(), run, errors


@pytest.mark.parametrize("fmt", [OutputFormat.jsonl, OutputFormat.text, OutputFormat.sarif])
def test_jobs_output_is_identical_to_serial(tiny_model: Path, examples: dict[str, str], tmp_path: Path,
                                             fmt: OutputFormat) -> None:
    names = _files(tmp_path, examples)
    serial, serial_run, _ = _run(names, tiny_model, 1, fmt)
    parallel, parallel_run, _ = _run(names, tiny_model, 2, fmt)
    assert parallel == serial
    assert [d.score for d in parallel_run.documents] == [d.score for d in serial_run.documents]


def test_jobs_scores_match_serial_within_1e9(tiny_model: Path, examples: dict[str, str], tmp_path: Path) -> None:
    names = _files(tmp_path, examples, n=5)
    _, serial, _ = _run(names, tiny_model, 1)
    _, parallel, _ = _run(names, tiny_model, 0)
    assert [d.name for d in parallel.documents] == names
    for a, b in zip(serial.documents, parallel.documents):
        assert a.score == pytest.approx(b.score, abs=1e-9)


def test_missing_file_is_reported_and_the_rest_scored(tiny_model: Path, examples: dict[str, str],
                                                      tmp_path: Path) -> None:
    names = _files(tmp_path, examples, n=3)
    names.insert(1, str(tmp_path / "missing.txt"))
    serial, serial_run, serial_errors = _run(names, tiny_model, 1)
    parallel, run, errors = _run(names, tiny_model, 2)
    assert len(run.documents) == 3 and len(errors) == 1 and "missing.txt" in errors[0]
    assert (parallel, errors) == (serial, serial_errors)


def test_stdin_is_scored_in_place(tiny_model: Path, examples: dict[str, str], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    names = _files(tmp_path, examples, n=3)
    monkeypatch.setattr("sys.stdin", io.StringIO(examples["machine"] + "\n"))
    _, run, errors = _run([names[0], "-", names[1]], tiny_model, 2)
    assert not errors
    assert [d.name for d in run.documents] == [names[0], "-", names[1]]


def test_resolve_jobs() -> None:
    assert resolve_jobs(3) == 3
    assert resolve_jobs(0) >= 1


def test_exceeds_is_the_fail_above_rule(tiny_model: Path, examples: dict[str, str], tmp_path: Path) -> None:
    _, run, _ = _run(_files(tmp_path, examples, n=2), tiny_model, 1)
    top = max(d.score for d in run.documents)
    assert run.exceeds(top - 1e-6) and not run.exceeds(top) and not run.exceeds(1.0)
