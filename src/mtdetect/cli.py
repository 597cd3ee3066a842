"""The ``mtdetect`` command: argument handling and wiring only.

Exit codes (pinned by tests, documented in the README): 0 nothing flagged,
1 something flagged, 2 usage or input error. Every error is one line on
stderr, ``mtdetect: error: <message>``; a traceback only with ``--debug``.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR, EXIT_FLAGGED, MtdetectError
from mtdetect.report.records import OutputFormat

# Plain click help, not rich's panels: typer's rich help imports rich and markdown-it, which took
# `mtdetect --help` from 0.11-0.18 s to 0.30-0.42 s on the benchmark machine (target: 0.3 s).
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Tell machine-translated or spun English from text written or translated by people.")
T = TypeVar("T")
_debug = {"on": False}


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE: what `yes | head -1` reports for `yes`
# Scoring makes millions of short-lived objects and next to no reference cycles: at Python's default
# threshold (700 allocations) the cycle collector ran 330 times in a 20,000-paragraph run, 0.14 s (3% of it)
# that found almost nothing to free; at this one, 28 times in 0.05 s.
GC_THRESHOLD = 20_000


def _error(message: str) -> None:
    typer.echo(f"mtdetect: error: {message}", err=True)


def _warning(message: str) -> None:
    typer.echo(f"mtdetect: warning: {message}", err=True)


class _ClosedPipe(Exception):
    """Whoever read stdout went away (``mtdetect score ... | head -1``): end the run quietly.

    Not an OSError, so the per-input error handling of the library does not report it once per
    input and go on scoring: it passes through to :func:`main`.
    """


class _PipeWatch:
    """stdout for the writers, turning a broken pipe into :class:`_ClosedPipe`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise _ClosedPipe from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise _ClosedPipe from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _guarded(action: Callable[[], T]) -> T:
    """Run ``action``; turn any failure into one stderr line and exit code 2."""
    try:
        return action()
    except _ClosedPipe:
        raise
    except (MtdetectError, OSError, UnicodeDecodeError, ValueError) as error:
        if _debug["on"]:
            raise
        _error(str(error))
    except Exception as error:  # noqa: BLE001 - the CLI boundary: never show a traceback
        if _debug["on"]:
            raise
        _error(f"internal error ({type(error).__name__}: {error}); rerun with --debug for details")
    raise typer.Exit(EXIT_ERROR)


def _print_version(asked: bool) -> None:
    if asked:
        from mtdetect import __version__

        typer.echo(f"mtdetect {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    _debug["on"] = debug


ModelOption = Annotated[Optional[Path], typer.Option(
    "--model", "-m", envvar="MTDETECT_MODEL", help="Model file (.joblib with its .json card beside it). "
    "Default: the shipped model.")]
SelectOption = Annotated[list[str], typer.Option(
    help="Finding codes or prefixes to use, comma-separated (e.g. MT1,MT701; default: all; see mtdetect rules).")]
IgnoreOption = Annotated[list[str], typer.Option(
    help="Finding codes or prefixes to leave out, comma-separated (e.g. MT601).")]
TrustOption = Annotated[bool, typer.Option(
    "--trust-model", help="Load the model even if its sha256 or versions do not match its card.")]
# Training options shared by train and eval (which trains with --lopo, --logo and --folds).
LanguageModelOption = Annotated[bool, typer.Option(
    "--lm", help="Train with the language-model fluency features (needs pocketsphinx: pip install "
    "'mtdetect[lm]'): better on spun text, worse on round trips; see the README.")]
SpinnerPriorOption = Annotated[bool, typer.Option(
    "--spinner-prior", help="Train with the spinner prior (a likelihood ratio that needs no training) in the "
    "combiner and no head on synonym-spun text: better on translations, worse on synonym spinning and "
    "technical prose; see the README.")]


@app.command(epilog="Example: mtdetect score article.txt --format jsonl > scores.jsonl")
def score(
    inputs: Annotated[list[str], typer.Argument(metavar="FILE", help="Files, globs or directories; '-' reads stdin.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
    = OutputFormat.text,
    threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Flag paragraphs and documents scoring strictly above this "
        "(default: the model card's).")] = None,
    model: ModelOption = None,
    trust_model: TrustOption = False,
    input_format: Annotated[str, typer.Option(
        help="auto|text|markdown|html (auto: by file extension).")] = "auto",
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Walk directories.")] = False,
    explain: Annotated[bool, typer.Option(
        help="Show the top signals behind every score, with the spans of the tells.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the results to this file instead of stdout (e.g. -f html -o report.html).")]
    = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes over files (0: one per CPU). Output order is kept.")] = 1,
    fail_above: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Exit 1 only if a document's score is above this (default: --threshold); "
        "see docs/ci.md.")] = None,
    select: SelectOption = [],  # noqa: B006 - typer needs a list default
    ignore: IgnoreOption = [],  # noqa: B006
) -> None:
    """Score paragraphs and documents: probability of machine translation or spinning, with the findings behind it."""
    from mtdetect.run.runner import ScoreOptions, score_inputs
    from mtdetect.report.writers import make_writer

    if input_format not in ("auto", "text", "markdown", "html"):
        raise typer.BadParameter("choose one of auto, text, markdown, html", param_hint="--input-format")
    options = ScoreOptions(threshold=threshold, model=str(model) if model else None,
                           trust_model=trust_model, input_format=input_format, recursive=recursive,
                           jobs=jobs, codes=_codes(select, ignore))
    stream = _guarded(lambda: open(output, "w", encoding="utf-8", newline="")) if output else _PipeWatch(sys.stdout)
    try:
        writer = make_writer(output_format, stream, explain=explain)
        run = _guarded(lambda: score_inputs(inputs, options, writer, on_error=_error))
        _guarded(stream.flush)  # a reader gone after the last line is a closed pipe too, seen here
    finally:
        if output:
            stream.close()
    if run.errors:
        raise typer.Exit(EXIT_ERROR)
    flagged = run.flagged if fail_above is None else run.exceeds(fail_above)
    raise typer.Exit(EXIT_FLAGGED if flagged else EXIT_CLEAN)


def _codes(select: list[str], ignore: list[str]) -> frozenset[str]:
    """The finding rules chosen by ``--select`` and ``--ignore`` (comma-separated, repeatable)."""
    from mtdetect.findings import selected_codes

    def split(values: list[str]) -> list[str]:
        return [code.strip() for value in values for code in value.split(",") if code.strip()]

    try:
        return selected_codes(split(select), split(ignore))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--select/--ignore") from None


@app.command(epilog="Example: mtdetect rules MT101")
def rules(
    code: Annotated[Optional[str], typer.Argument(help="A finding code (MT101); without one, list them all.")] = None,
) -> None:
    """List the findings catalogue, or explain one rule: why it points to a machine, an example, its measured rates."""
    from mtdetect.findings import RULES, rule_page, rule_table

    if code is None:
        typer.echo(rule_table())
        return
    if code.upper() not in RULES:
        raise typer.BadParameter(f"no rule {code!r}; `mtdetect rules` lists them", param_hint="CODE")
    typer.echo(rule_page(code.upper()))


@app.command(epilog="Example: mtdetect batch data/*.jsonl.gz --text-field body --id-field url "
             "-o scores.parquet --dask-local 4")
def batch(
    ctx: typer.Context,
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="JSONL(.gz) or Parquet files; '-' reads JSONL on stdin.")],
    output: Annotated[str, typer.Option(
        "--output", "-o", help="JSONL(.gz) or Parquet file, by extension; '-' writes JSONL to stdout.")] = "-",
    text_field: Annotated[str, typer.Option(help="Field (column) holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field copied to each output row, to join results back.")]
    = "id",
    paragraphs: Annotated[bool, typer.Option(
        "--paragraphs", help="Also write one row per paragraph, before its record's row.")] = False,
    threshold: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Flag records scoring strictly above this (default: the model card's).")] = None,
    model: ModelOption = None,
    trust_model: TrustOption = False,
    input_format: Annotated[str, typer.Option(help="How to split each text: text|markdown|html.")] = "text",
    chunk_size: Annotated[int, typer.Option(min=1, help="Records per task (one Dask task each).")] = 1000,
    scheduler: Annotated[Optional[str], typer.Option(
        help="Score on the Dask cluster at this address (tcp://host:8786); needs mtdetect[dask].")] = None,
    dask_local: Annotated[int, typer.Option(
        min=0, help="Score on a local Dask cluster of this many worker processes.")] = 0,
    select: SelectOption = [],  # noqa: B006 - typer needs a list default
    ignore: IgnoreOption = [],  # noqa: B006
) -> None:
    """Score the text field of every record in JSONL or Parquet files, on one machine or a Dask cluster."""
    from mtdetect.run.batch import BatchOptions, run_batch

    if input_format not in ("text", "markdown", "html"):
        raise typer.BadParameter("choose one of text, markdown, html", param_hint="--input-format")
    if scheduler and dask_local:
        raise typer.BadParameter("give --scheduler or --dask-local, not both", param_hint="--scheduler")
    options = BatchOptions(text_field=text_field, id_field=id_field, per_paragraph=paragraphs,
                           threshold=threshold, model=str(model) if model else None, trust_model=trust_model,
                           input_format=input_format, chunk_size=chunk_size, scheduler=scheduler,
                           dask_local=dask_local, codes=_codes(select, ignore))
    # Records without the id field (``id`` unless --id-field names another) get one warning: their ids are null.
    run = _guarded(lambda: run_batch(inputs, output, options, on_warning=_warning))
    typer.echo(f"scored {run.n_records} records ({run.n_paragraphs} paragraphs); "
               f"{run.n_flagged} flagged", err=True)
    raise typer.Exit(EXIT_FLAGGED if run.flagged else EXIT_CLEAN)


@app.command(epilog="Example: mtdetect train --corpus corpus/build --out models/mtdetect-en.joblib")
def train(
    corpus: Annotated[Path, typer.Option(help="Built corpus folder (scripts/build_corpus.py).")]
    = Path("corpus/build"),
    out: Annotated[Path, typer.Option(help="Where to write the model; the card goes beside it.")]
    = Path("models/mtdetect-en.joblib"),
    seed: Annotated[int, typer.Option(help="Seed for data selection and the classifier.")] = 13,
    max_systems: Annotated[int, typer.Option(min=1, help="MT systems kept per document.")] = 4,
    heads: Annotated[str, typer.Option(
        help="Comma-separated specialist heads: translation (people's text vs MT and round trips), spin "
        "(native vs spun copies; the strongest head decides, but a spin head trained on news fires on "
        "technical prose), or 'all' (one head for every origin, the ablation).")] = "translation",
    no_content: Annotated[bool, typer.Option(
        "--no-content", help="Ablation: keep only topic-blind features (drop word-frequency "
        "statistics and the word/character n-grams; keep style, readability and "
        "content-masked n-grams).")] = False,
    language_model: LanguageModelOption = False,
    spinner_prior: SpinnerPriorOption = False,
) -> None:
    """Train and calibrate a model on a built corpus; evaluate it on the test split."""
    from mtdetect.lab.workflows import train_and_evaluate

    card = _guarded(lambda: train_and_evaluate(corpus, out, seed=seed, max_systems=max_systems,
                                               heads=tuple(h.strip() for h in heads.split(",") if h.strip()),
                                               no_content=no_content, language_model=language_model,
                                               spinner_prior=spinner_prior, progress=_progress))
    import shlex

    typer.echo(f"wrote {out} ({card['size_bytes']} bytes), its plain-array copy and its card; threshold "
               f"{card['threshold']['value']:.3f}")
    typer.echo(f"use it: mtdetect score --model {shlex.quote(str(out))} FILE...  "
               f"(or set MTDETECT_MODEL={shlex.quote(str(out))})")


def _progress(message: str) -> None:
    typer.echo(message, err=True)


@app.command(name="eval", epilog="Example: mtdetect eval --corpus corpus/build --split test --out eval.json\n\n"
             "Example: mtdetect eval --lopo --out lopo.json  (retrains once per language pair)\n\n"
             "Example: mtdetect eval --logo --out logo.json  (retrains once per spinner or round-trip engine)\n\n"
             "Example: mtdetect eval --folds temporal,family:online --out folds.json  (retrains once per fold)")
def evaluate(
    corpus: Annotated[Path, typer.Option(help="Built corpus folder.")] = Path("corpus/build"),
    split: Annotated[str, typer.Option(help="Corpus split to evaluate on.")] = "test",
    model: ModelOption = None,
    trust_model: TrustOption = False,
    out: Annotated[Optional[Path], typer.Option(help="Also write the full report as JSON.")] = None,
    plots: Annotated[Optional[Path], typer.Option(
        help="Also write ROC, precision-recall, calibration and per-origin histogram PNGs into this folder "
        "(needs the plots extra).")] = None,
    lopo: Annotated[bool, typer.Option(
        "--lopo", help="Leave-one-language-pair-out: retrain the training recipe without each pair and "
        "measure on it (slow; ignores --model and --split).")] = False,
    logo: Annotated[bool, typer.Option(
        "--logo", help="Leave-one-generator-out: retrain without each spinner or round-trip engine and "
        "measure it against native text (slow; ignores --model and --split).")] = False,
    folds: Annotated[Optional[str], typer.Option(
        help="Validation that predicts unseen MT systems: retrain the training recipe on each fold and measure "
        "on what it held out. Comma-separated: temporal (WMT21 + htmt to 2015 -> WMT22 + htmt 2016-17), "
        "family (each family of MT systems left out), domain (each WMT22 domain left out), or one fold "
        "such as family:online (slow; ignores --model and --split).")] = None,
    seed: Annotated[int, typer.Option(help="With --lopo/--logo/--folds: training seed.")] = 13,
    max_systems: Annotated[int, typer.Option(
        min=1, help="With --lopo/--logo/--folds: MT systems kept per document.")] = 4,
    language_model: LanguageModelOption = False,
    spinner_prior: SpinnerPriorOption = False,
) -> None:
    """Measure a model on a corpus split: AUROC per class pair, TPR at 1% FPR, calibration.

    With --lopo, --logo or --folds it retrains the training recipe instead, with --seed,
    --max-systems, --lm and --spinner-prior as train takes them.
    """
    from mtdetect.lab.workflows import evaluate_model

    if sum((lopo, logo, folds is not None)) > 1:
        raise typer.BadParameter("give one of --lopo, --logo and --folds", param_hint="--folds")
    if folds is not None:
        typer.echo(_guarded(lambda: _validated(corpus, folds, seed=seed, max_systems=max_systems,
                                               language_model=language_model, spinner_prior=spinner_prior, out=out)))
        return
    if lopo or logo:
        typer.echo(_guarded(lambda: _held_out("lopo" if lopo else "logo", corpus, seed=seed,
                                              max_systems=max_systems, language_model=language_model,
                                              spinner_prior=spinner_prior, out=out)))
        return
    text = _guarded(lambda: evaluate_model(corpus, split=split, model=model, trust=trust_model, out=out,
                                           progress=_progress, plots=plots))
    typer.echo(text)


def _held_out(kind: str, corpus: Path, *, seed: int, max_systems: int, language_model: bool,
              spinner_prior: bool, out: Optional[Path]) -> str:
    """Leave-one-pair-out (``lopo``) or leave-one-generator-out (``logo``) retraining."""
    import json

    from mtdetect.lab.evaluation import format_logo, format_lopo
    from mtdetect.lab.workflows import leave_one_generator_out, leave_one_pair_out

    run = leave_one_pair_out if kind == "lopo" else leave_one_generator_out
    result = run(corpus, seed=seed, max_systems=max_systems, progress=_progress, language_model=language_model,
                 spinner_prior=spinner_prior)
    if out is not None:
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return format_lopo(result) if kind == "lopo" else format_logo(result["folds"])


def _validated(corpus: Path, folds: str, *, seed: int, max_systems: int, language_model: bool,
               spinner_prior: bool, out: Optional[Path]) -> str:
    """The training recipe retrained and measured on the validation folds named in ``folds``."""
    import json

    from mtdetect.lab.validation import format_runs, validate_on_folds

    results = validate_on_folds(corpus, folds.split(","), seed=seed, max_systems=max_systems, progress=_progress,
                                language_model=language_model, spinner_prior=spinner_prior)
    if out is not None:
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return format_runs({f"{name} | mtdetect": result for name, result in results.items()})


@app.command(epilog="Example: mtdetect info --json")
def info(
    model: ModelOption = None,
    trust_model: TrustOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw card.")] = False,
) -> None:
    """Show the model card: data, metrics, threshold, intended use and limits."""
    from mtdetect.model.card import describe_model

    typer.echo(_guarded(lambda: describe_model(model, trust=trust_model, as_json=as_json)))


def _interrupted(error: BaseException) -> bool:
    """Whether ``error`` ends a chain that started with Ctrl-C (typer turns it into a silent ``Exit(130)``)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def main() -> Any:
    """Console-script entry point.

    Ctrl-C exits 130 with ``mtdetect: interrupted`` on stderr. A closed stdout (``| head``) ends the
    run at once with exit 141 and nothing on stderr; stdout is pointed at /dev/null first, so the
    interpreter's final flush of what is still buffered does not complain either.
    """
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        return app()
    except _ClosedPipe:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_CLOSED_PIPE)
    except SystemExit as done:
        if done.code == EXIT_INTERRUPTED and _interrupted(done):
            typer.echo("mtdetect: interrupted", err=True)
        raise
    except KeyboardInterrupt:  # outside typer's own handling (while it starts or ends)
        typer.echo("mtdetect: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
