"""The CLI contract: exit codes, one-line errors, jsonl records, every bad input (issue 4).

Table-driven cases run the *installed* ``mtdetect`` entry point as a subprocess;
a few more use Typer's CliRunner in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtdetect.cli import app
from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FLAGGED

FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera présentée "
          "au Parlement dans les prochaines semaines, selon le ministre du Travail.")


def _mtdetect() -> list[str]:
    found = shutil.which("mtdetect", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "mtdetect"]


def run(*args: str, model: Path | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MTDETECT_MODEL": str(model)} if model else dict(os.environ)
    result = subprocess.run([*_mtdetect(), *args], input=stdin, capture_output=True, env=env, timeout=120)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def test_exit_codes_are_pinned() -> None:
    assert (EXIT_CLEAN, EXIT_FLAGGED, EXIT_ERROR) == (0, 1, 2)


Make = Callable[[Path, dict[str, str]], list[str]]

CASES: list[tuple[str, Make, int, str]] = [
    ("empty file", lambda d, ex: [_write(d / "e.txt", b"")], 0, ""),
    ("whitespace only", lambda d, ex: [_write(d / "w.txt", b"  \n\n\t\n")], 0, ""),
    ("binary", lambda d, ex: [_write(d / "b.bin", b"\x00\x01\x02PK\x03\x04" * 200)], 2, "not text"),
    ("utf-8 then invalid bytes", lambda d, ex: [_write(d / "u.txt", "Café crème. ".encode() + b"\xff\xfe\x81")],
     2, "cannot decode byte 14"),
    ("latin-1 text", lambda d, ex: [_write(d / "l1.txt", (ex["native"] + " Café.").encode("latin-1"))], None, ""),
    ("utf-16 with BOM", lambda d, ex: [_write(d / "u16.txt", ex["native"].encode("utf-16"))], 0, ""),
    ("missing path", lambda d, ex: [str(d / "absent.txt")], 2, "absent.txt"),
    ("directory without --recursive", lambda d, ex: [str(_dir(d))], 2, "directory"),
    ("directory with --recursive", lambda d, ex: ["--recursive", str(_dir(d))], None, ""),
    ("good and bad files", lambda d, ex: [_write(d / "g.txt", ex["native"].encode()), str(d / "nope.txt")],
     2, "nope.txt"),
    ("threshold above 1", lambda d, ex: ["--threshold", "1.5", _write(d / "t.txt", b"text")], 2, "threshold"),
    ("unknown format", lambda d, ex: ["--format", "yaml", _write(d / "f.txt", b"text")], 2, "format"),
    ("unknown input format", lambda d, ex: ["--input-format", "pdf", _write(d / "i.txt", b"t")], 2,
     "input-format"),
    ("french text", lambda d, ex: [_write(d / "fr.txt", FRENCH.encode())], 0, ""),
    ("tampered model", lambda d, ex: ["--model", _tampered(d, ex), _write(d / "m.txt", b"text")], 2, "sha256"),
]


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _dir(root: Path) -> Path:
    folder = root / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("Short.\n")
    return folder


def _tampered(root: Path, ex: dict[str, str]) -> str:
    source = Path(ex["model"])
    copy = root / "bad.joblib"
    copy.write_bytes(source.read_bytes() + b"tampered")
    shutil.copy(source.with_suffix(".json"), copy.with_suffix(".json"))
    return str(copy)


@pytest.mark.parametrize(("case", "make", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_inputs_get_one_line_and_an_exit_code(case: str, make: Make, code: int | None, message: str,
                                                  tmp_path: Path, tiny_model: Path,
                                                  examples: dict[str, str]) -> None:
    args = make(tmp_path, {**examples, "model": str(tiny_model)})
    result = run("score", *args, model=tiny_model)
    assert "Traceback" not in result.stderr + result.stdout
    if code is None:
        assert result.returncode in (EXIT_CLEAN, EXIT_FLAGGED), result.stderr
    else:
        assert result.returncode == code, result.stderr
    if message:
        assert message in result.stderr.lower() or message in result.stderr
    if result.returncode == EXIT_ERROR and "usage" not in result.stderr.lower():
        errors = [line for line in result.stderr.splitlines() if line.startswith("mtdetect: error:")]
        assert errors and all(len(line) < 400 for line in errors)


def test_jsonl_contract_paragraphs_and_document(tmp_path: Path, tiny_model: Path,
                                                examples: dict[str, str]) -> None:
    text = f"{examples['native']}\n\nToo short.\n\n{examples['machine']}\n"
    path = _write(tmp_path / "doc.txt", text.encode())
    result = run("score", "--format", "jsonl", path, model=tiny_model)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    paragraphs = [r for r in records if r["paragraph"] is not None]
    (document,) = [r for r in records if r["paragraph"] is None]
    assert [r["paragraph"] for r in paragraphs] == [0, 1, 2]
    assert paragraphs[1]["score"] is None and "too short" in paragraphs[1]["reason"]
    assert paragraphs[2]["score"] > paragraphs[0]["score"]
    assert paragraphs[2]["label"] == "machine" and paragraphs[0]["label"] == "human"
    assert {"file", "paragraph", "score", "label"} <= set(document)
    assert result.returncode == (EXIT_FLAGGED if document["label"] == "machine" else EXIT_CLEAN)


def test_french_paragraph_is_reported_not_scored(tmp_path: Path, tiny_model: Path) -> None:
    path = _write(tmp_path / "fr.txt", FRENCH.encode())
    result = run("score", "--format", "jsonl", path, model=tiny_model)
    first = json.loads(result.stdout.splitlines()[0])
    assert first["score"] is None and first["reason"] == "language: fr"


def test_a_document_mostly_in_another_language_is_not_judged(tmp_path: Path, tiny_model: Path) -> None:
    english = "The minister said on Tuesday that the reform of the pension system would be presented soon."
    path = _write(tmp_path / "fr.txt", "\n\n".join([FRENCH, english, FRENCH]).encode())
    result = run("score", "--format", "jsonl", path, model=tiny_model)
    document = json.loads(result.stdout.splitlines()[-1])
    assert result.returncode == EXIT_CLEAN and document["score"] is None
    assert document["reason"] == "not an English document: 2 of 3 paragraphs are in other languages"


def test_empty_stdin_gives_a_document_record_with_a_reason(tiny_model: Path) -> None:
    result = run("score", "--format", "jsonl", "-", model=tiny_model, stdin=b"")
    assert result.returncode == EXIT_CLEAN
    (document,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert document["paragraph"] is None and document["score"] is None and "empty" in document["reason"]


def test_flagged_machine_text_exits_1_and_clean_text_exits_0(tmp_path: Path, tiny_model: Path,
                                                              examples: dict[str, str]) -> None:
    runner = CliRunner()
    machine = _write(tmp_path / "m.txt", examples["machine"].encode())
    native = _write(tmp_path / "n.txt", examples["native"].encode())
    flagged = runner.invoke(app, ["score", "--model", str(tiny_model), machine])
    clean = runner.invoke(app, ["score", "--model", str(tiny_model), native])
    assert flagged.exit_code == EXIT_FLAGGED, flagged.output
    assert clean.exit_code == EXIT_CLEAN, clean.output
    assert flagged.stderr == clean.stderr == ""  # score says nothing on stderr unless something is wrong
    assert "m.txt:0:" in flagged.output


def test_info_prints_a_readable_card(tiny_model: Path) -> None:
    result = CliRunner().invoke(app, ["info", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert "threshold" in result.output and "evidence, not proof" in result.output


def test_info_says_whether_the_c_modules_are_compiled(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtdetect import _compiled
    from mtdetect.features._text import stats
    from mtdetect.model import inference

    info = ["info", "--model", str(tiny_model)]
    compiled = "compiled (mtdetect._ngrams)" if inference._ngrams is not None else "Python path"
    assert f"n-gram blocks and tokenizers: {compiled}" in CliRunner().invoke(app, info).output
    compiled = "compiled (mtdetect._counts)" if stats._counts is not None else "Python path"
    assert f"feature counts: {compiled}" in CliRunner().invoke(app, info).output
    assert "language model cache: " in CliRunner().invoke(app, info).output
    monkeypatch.setattr(_compiled, "ngrams", None)  # as built without a C compiler
    monkeypatch.setattr(_compiled, "counts", None)
    output = CliRunner().invoke(app, info).output
    assert "n-gram blocks and tokenizers: Python path" in output and "feature counts: Python path" in output


def test_info_names_the_model_file_and_both_versions(tiny_model: Path, tmp_path: Path) -> None:
    from mtdetect import __version__

    card = json.loads(tiny_model.with_suffix(".json").read_text())
    older = tmp_path / "older.joblib"
    for suffix in (".joblib", ".npz"):
        shutil.copy(tiny_model.with_suffix(suffix), older.with_suffix(suffix))
    older.with_suffix(".json").write_text(json.dumps({**card, "mtdetect_version": "0.9.0"}))
    result = CliRunner().invoke(app, ["info", "--model", str(older)])
    assert result.exit_code == 0, result.output
    assert f"model file:  {older.resolve()}" in result.output
    assert "trained by:  mtdetect 0.9.0, scikit-learn" in result.output
    assert f"running:     mtdetect {__version__}" in result.output


def test_info_reads_the_card_without_loading_the_model(tiny_model: Path) -> None:
    """``info`` took 2-4 s importing evaluation (SciPy) and loading the model; it needs only the card."""
    heavy = {"sklearn", "scipy", "joblib", "textstat", "dask", "wordfreq", "mmh3"}
    assert _heavy_modules_loaded_by(["info", "--model", str(tiny_model)], heavy) == []


def test_info_on_a_tampered_model_is_an_error(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["info", "--model", _tampered(tmp_path, {**examples, "model": str(tiny_model)})])
    assert result.exit_code == EXIT_ERROR and "sha256" in result.output


def test_every_command_has_an_example_in_its_help() -> None:
    for command in ("score", "train", "eval", "info", "batch"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, command


def test_help_shows_the_pip_extra_it_names() -> None:
    result = CliRunner().invoke(app, ["train", "--help"])
    assert "'mtdetect[lm]'" in result.output, result.output  # neither eaten as rich markup nor shown escaped


def test_eval_runs_on_a_built_corpus(tmp_path: Path, tiny_model: Path, tiny_records: list[dict]) -> None:
    import gzip

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "paragraphs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in tiny_records)
    result = CliRunner().invoke(app, ["eval", "--corpus", str(corpus), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert "native vs machine" in result.output
    assert result.stderr.splitlines()[0] == f"model {tiny_model.resolve()}"  # which model, once, on stderr
    assert sum(str(tiny_model.resolve()) in line for line in result.stderr.splitlines()) == 1


def test_eval_logo_retrains_without_each_generator(tmp_path: Path, tiny_records: list[dict]) -> None:
    import gzip

    second = [{**r, "id": r["id"] + "/x", "system": "apertium-xx"} for r in tiny_records if r["origin"] == "spun"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "paragraphs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in tiny_records + second)
    out = tmp_path / "logo.json"
    result = CliRunner().invoke(app, ["eval", "--logo", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    folds = json.loads(out.read_text())["folds"]
    assert set(folds) == {"apertium-xx", "synonym"}
    assert all(fold["n_generated"] > 0 and fold["auroc_native_vs_generator"] > 0.5 for fold in folds.values())
    assert "held-out generator" in result.output


def test_train_with_the_language_model_records_it_and_scores_from_arrays(
        tmp_path: Path, tiny_records: list[dict], examples: dict[str, str]) -> None:
    import gzip

    import numpy as np

    from mtdetect.model.load import load_detector

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "paragraphs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in tiny_records)
    model = tmp_path / "lm.joblib"
    result = CliRunner().invoke(app, ["train", "--lm", "--corpus", str(corpus), "--out", str(model)])
    assert result.exit_code == 0, result.output
    detector = load_detector(model)
    assert detector.card["options"]["families"][-1] == "lm"
    texts = list(examples.values())
    assert np.abs(detector.scorer.predict_proba(texts) - detector.estimator.predict_proba(texts)[:, 1]).max() < 1e-9


def test_train_reports_progress_and_says_how_to_use_the_model(tmp_path: Path, tiny_records: list[dict]) -> None:
    import gzip

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "paragraphs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in tiny_records)
    model = tmp_path / "my model.joblib"
    result = CliRunner().invoke(app, ["train", "--corpus", str(corpus), "--out", str(model)])
    assert result.exit_code == 0, result.output
    stages = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert 6 <= len(stages) <= 12, stages  # a line per stage, each with its time, not one per paragraph
    assert all(re.match(r"\[ *\d+ s\] \w", line) for line in stages), stages
    assert any("fitting features" in line for line in stages)
    assert f"use it: mtdetect score --model '{model}' FILE..." in result.stdout
    assert model.is_file() and model.with_suffix(".npz").is_file()


def test_version_prints_the_package_version() -> None:
    from mtdetect import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == EXIT_CLEAN and result.output == f"mtdetect {__version__}\n", result.output


def _heavy_modules_loaded_by(argv: list[str], heavy: set[str]) -> list[str]:
    """The packages of ``heavy`` that ``mtdetect *argv`` imports, run in a fresh interpreter (exit 0 expected)."""
    probe = ("import sys; from mtdetect.cli import main\n"
             f"sys.argv = ['mtdetect', *{argv!r}]\n"
             "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(heavy)!r})), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["score", "--help"]])
def test_help_and_version_load_no_heavy_module(argv: list[str]) -> None:
    heavy = {"numpy", "sklearn", "scipy", "joblib", "textstat", "dask", "wordfreq", "rich", "markdown_it"}
    assert _heavy_modules_loaded_by(argv, heavy) == []


def test_the_first_batch_is_small_and_batches_do_not_change_scores(tiny_model: Path,
                                                                    examples: dict[str, str]) -> None:
    from types import SimpleNamespace

    from mtdetect.model.load import load_detector
    from mtdetect.scoring.paragraphs import score_paragraphs

    texts = [f"{examples[('native', 'machine')[k % 2]]} That was number {k}." for k in range(30)]
    read: list[int] = []

    def paragraphs():  # score_paragraphs reads only these attributes of mtdetect.inputs.text.Paragraph
        for k, text in enumerate(texts):
            read.append(k)
            yield SimpleNamespace(index=k, text=text, start_line=1 + 2 * k)

    detector = load_detector(tiny_model)
    streamed = score_paragraphs(detector, paragraphs(), threshold=0.5, batch_size=8, first_batch_size=3)
    first = next(streamed)
    assert first.index == 0 and len(read) == 3  # the first result after three paragraphs, not eight
    batched = [first, *streamed]
    whole = list(score_paragraphs(detector, [SimpleNamespace(index=k, text=t, start_line=1 + 2 * k)
                                             for k, t in enumerate(texts)], threshold=0.5))
    assert [p.index for p in batched] == list(range(30))
    assert [p.raw_score for p in batched] == pytest.approx([p.raw_score for p in whole], abs=1e-12)
    assert [p.label for p in batched] == [p.label for p in whole]


def _paragraphs_file(path: Path, examples: dict[str, str], n: int) -> str:
    """``n`` scorable paragraphs, each a little different."""
    texts = [f"{examples[('native', 'machine')[k % 2]]} That was item {k}." for k in range(n)]
    return _write(path, "\n\n".join(texts).encode())


@pytest.mark.parametrize("output_format", ["text", "jsonl"])
def test_a_closed_output_pipe_ends_the_run_quietly(output_format: str, tmp_path: Path, tiny_model: Path,
                                                   examples: dict[str, str]) -> None:
    """``mtdetect score ... | head -1``: no error per input, no traceback, exit 141 (SIGPIPE's)."""
    # Far more output than a pipe holds (64 KiB), so the writer must hit the closed pipe.
    files = [_paragraphs_file(tmp_path / f"in{k}.txt", examples, 500) for k in range(4)]
    process = subprocess.Popen([*_mtdetect(), "score", "--format", output_format, *files],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "MTDETECT_MODEL": str(tiny_model)})
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does after its line
    _, stderr = process.communicate(timeout=120)
    assert first.startswith(b"{" if output_format == "jsonl" else files[0].encode())
    assert stderr.decode() == ""
    assert process.returncode == 141


def test_ctrl_c_exits_130_and_says_so(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    import signal

    big = _paragraphs_file(tmp_path / "big.txt", examples, 40_000)  # minutes of scoring: still running below
    process = subprocess.Popen([*_mtdetect(), "score", big], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "MTDETECT_MODEL": str(tiny_model)})
    assert process.stdout.readline().startswith(big.encode())  # it is scoring now
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "mtdetect: interrupted\n"


def test_threshold_help_says_strictly_above() -> None:
    for command in ("score", "batch"):
        words = " ".join(CliRunner().invoke(app, [command, "--help"]).output.split())  # help wraps lines
        assert "strictly above this" in words and "at or above" not in words, words


@pytest.mark.parametrize("doc", ["docs/ci.md", "docs/github-actions.yml"])
def test_ci_docs_install_this_version_from_the_repository(doc: str) -> None:
    """No registry serves mtdetect: the docs install it from its repository, at this version's tag."""
    from mtdetect import __version__

    text = (Path(__file__).resolve().parent.parent / doc).read_text(encoding="utf-8")
    assert not re.search(r"pip install mtdetect\b(?!\[)", text)
    assert f'pip install "git+https://github.com/OWNER/mtdetect@v{__version__}"' in text
    versions = set(re.findall(r"\bv?(\d+\.\d+\.\d+)\b", text.replace("SARIF 2.1.0", "")))
    assert versions == {__version__}, versions  # the pre-commit rev and the install tag too
