"""The library side of ``mtdetect train``, ``eval`` and ``info``: load, run, summarise."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.lab.corpus import load_corpus
from mtdetect.lab.evaluation import evaluate, format_report
from mtdetect.features import CONTENT_FAMILIES, DEFAULT_FAMILIES
from mtdetect.model.lengths import word_counts
from mtdetect.model.load import HEAD_ORIGINS, Detector, ModelOptions, load_detector, save_detector
from mtdetect.lab.training import SelectionOptions, train

Progress = Callable[[str], None]


def score_records(detector: Detector, records: Sequence[dict], batch_size: int = 2048, *,
                  length_calibrated: bool = True) -> np.ndarray:
    """Scores for corpus records, in batches; ``length_calibrated=False``: as documents pool them."""
    texts = [r["text"] for r in records]
    score = detector.predict_proba if length_calibrated else detector.raw_proba
    parts = [score(texts[i:i + batch_size]) for i in range(0, len(texts), batch_size)]
    return np.concatenate(parts) if parts else np.array([])


def _report(detector: Detector, records: Sequence[dict]) -> tuple[dict[str, Any], np.ndarray]:
    """The evaluation report on ``records`` and their paragraph scores, pooled as ``mtdetect score`` pools."""
    raw = score_records(detector, records, length_calibrated=False)
    scores = detector.length_calibrated(raw, word_counts([r["text"] for r in records]))
    report = evaluate(records, scores, threshold=detector.threshold, pooled=raw, bands=detector.length_bands)
    return report, scores


SPINNER_PRIOR_COLUMN = "spinprior__log_ratio"


def recipe_families(*, language_model: bool = False, no_content: bool = False,
                    spinner_prior: bool = False) -> tuple[str, ...]:
    """The default feature families, plus the opt-in ``lm`` and ``spinprior`` families, minus content-aware ones if asked."""
    chosen = DEFAULT_FAMILIES + (("lm",) if language_model else ()) + (("spinprior",) if spinner_prior else ())
    return tuple(f for f in chosen if not (no_content and f in CONTENT_FAMILIES))


def recipe(*, seed: int, max_systems: int, language_model: bool = False, spinner_prior: bool = False,
           no_content: bool = False, heads: tuple[str, ...] = ModelOptions.heads) -> tuple[ModelOptions, SelectionOptions]:
    """Model and selection options of the training recipe with the opt-ins asked for.

    Only the origins some head is fitted on are selected (spun text needs a spin head or the
    spinner prior), so the length calibration and the threshold see what the heads were made for.

    ``spinner_prior`` adds the ``spinprior`` column, read by the combiner next to the heads (so the
    heads are folded, not kept apart), and keeps the synonym spinner's output out of the heads'
    training (it stays in val).
    """
    prior = spinner_prior and not no_content
    options = ModelOptions(families=recipe_families(language_model=language_model, no_content=no_content,
                                                    spinner_prior=prior),
                           lexical_ngrams=not no_content, heads=heads, seed=seed,
                           combiner_columns=(SPINNER_PRIOR_COLUMN,) if prior else (),
                           combine="fold" if prior else "max")
    used = {origin for head in heads for origin in HEAD_ORIGINS.get(head, ())} | ({"spun"} if prior else set())
    selection = SelectionOptions(max_systems=max_systems, seed=seed,
                                 origins=tuple(o for o in SelectionOptions.origins if o in used),
                                 val_only_generators=("synonym",) if prior else ())
    return options, selection


def _timed(progress: Progress) -> Progress:
    """``progress`` with each line prefixed by the seconds since this call: ``[  12 s] message``."""
    started = time.perf_counter()
    return lambda message: progress(f"[{time.perf_counter() - started:5.0f} s] {message}")


def train_and_evaluate(corpus: Path, out: Path, *, seed: int, max_systems: int, no_content: bool,
                       progress: Progress, heads: tuple[str, ...] = ModelOptions.heads,
                       language_model: bool = False, spinner_prior: bool = False) -> dict[str, Any]:
    """Train on ``train``, calibrate on ``val``, measure on ``test``; save model and card.

    ``language_model`` and ``spinner_prior`` are the opt-ins of :func:`recipe`. ``progress`` gets a
    line as each stage starts, with the seconds since the start, then the test report.
    """
    started = time.perf_counter()
    say = _timed(progress)
    say(f"reading the corpus {corpus}")
    records = load_corpus(corpus)
    options, selection = recipe(seed=seed, max_systems=max_systems, language_model=language_model,
                                spinner_prior=spinner_prior, no_content=no_content, heads=heads)
    detector, _ = train(records, model_options=options, selection=selection, progress=say)
    test = [r for r in records if r["split"] == "test"]
    say(f"trained; scoring the {len(test)} paragraphs of the test split")
    report, _ = _report(detector, test)
    detector.card["evaluation"] = {"split": "test", "report": report}
    detector.card["training_seconds"] = round(time.perf_counter() - started, 1)
    progress(format_report(report))
    say(f"saving the model to {out}")
    return save_detector(detector, out)


def evaluate_model(corpus: Path, *, split: str, model: Path | None, trust: bool, out: Path | None,
                   progress: Progress, plots: Path | None = None) -> str:
    """Score one split of a built corpus and return the Markdown summary; ``plots``: also write PNGs there."""
    if plots is not None:
        from mtdetect.lab.plots import require_matplotlib

        require_matplotlib()  # before the slow part, not after it
    detector = load_detector(model, trust=trust)
    progress(f"model {detector.path.resolve() if detector.path else '(in memory)'}")
    records = [r for r in load_corpus(corpus) if r["split"] == split]
    if not records:
        raise ValueError(f"{corpus}: no records in split '{split}'")
    progress(f"scoring {len(records)} paragraphs of split '{split}'")
    report, scores = _report(detector, records)
    if out is not None:
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if plots is not None:
        from mtdetect.lab.plots import write_plots

        written = write_plots(records, scores, plots, threshold=detector.threshold)
        progress(f"wrote {len(written)} plots to {plots}")
    return format_report(report)


def leave_one_pair_out(corpus: Path, *, seed: int, max_systems: int, progress: Progress,
                       language_model: bool = False, spinner_prior: bool = False) -> dict[str, Any]:
    """Retrain without each X->en pair in turn and measure on that pair (see ``corpus.lopo_folds``).

    Each fold is calibrated on the val split minus the held-out pair and its documents.
    """
    from mtdetect.lab.corpus import fold_name, lopo_folds
    from mtdetect.lab.evaluation import PAIRED_ORIGINS, fold_metrics, summarise_lopo

    records = load_corpus(corpus)
    options, selection = recipe(seed=seed, max_systems=max_systems, language_model=language_model,
                                spinner_prior=spinner_prior)
    folds = {}
    for name, (train_idx, test_idx) in lopo_folds(records).items():
        started = time.perf_counter()
        held = [records[i] for i in test_idx]
        held_groups = {r["group"] for r in held}
        calibration = [r for r in records if r["split"] == "val" and r["group"] not in held_groups
                       and not (r["origin"] in PAIRED_ORIGINS and fold_name(r) == name)]
        detector, _ = train([records[i] for i in train_idx] + calibration, model_options=options,
                            selection=selection)
        folds[name] = fold_metrics(held, score_records(detector, held))
        progress(f"LOPO {name}: {folds[name]} ({time.perf_counter() - started:.0f} s)")
    return summarise_lopo(folds)


def generator_names(records: Sequence[dict]) -> list[str]:
    """Base generators of spun and round-trip text (``namemangle+synonym`` counts for both parts)."""
    return sorted({part for r in records if r["origin"] in ("spun", "roundtrip") for part in r["system"].split("+")})


def leave_one_generator_out(corpus: Path, *, seed: int, max_systems: int, progress: Progress,
                            language_model: bool = False, spinner_prior: bool = False) -> dict[str, Any]:
    """Retrain without every text a generator touched and measure it against native test paragraphs."""
    from mtdetect.lab.evaluation import generator_fold_metrics

    records = load_corpus(corpus)
    options, selection = recipe(seed=seed, max_systems=max_systems, language_model=language_model,
                                spinner_prior=spinner_prior)
    folds = {}
    for generator in generator_names(records):
        started = time.perf_counter()

        def made_by(record: dict) -> bool:
            return record["origin"] in ("spun", "roundtrip") and generator in record["system"].split("+")

        detector, _ = train([r for r in records if not made_by(r)], model_options=options, selection=selection)
        held = [r for r in records if r["split"] == "test" and (r["origin"] == "native" or made_by(r))]
        folds[generator] = generator_fold_metrics(held, score_records(detector, held))
        progress(f"LOGO {generator}: {folds[generator]} ({time.perf_counter() - started:.0f} s)")
    return {"folds": folds}
