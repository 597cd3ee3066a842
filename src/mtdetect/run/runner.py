"""Score a list of inputs, one after another or on worker processes (``--jobs``), into one writer.

Per-file input errors do not stop the run: the other files are still scored and
the run reports the failures, so a CI job sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable

from mtdetect.errors import InputError
from mtdetect.model.load import load_detector
from mtdetect.report.records import Writer
from mtdetect.run.serial import ScoreOptions, ScoreRun, input_error_message, score_one
from mtdetect.inputs.text import expand_inputs


def score_inputs(inputs: list[str], options: ScoreOptions, writer: Writer,
                 on_error: Callable[[str], None]) -> ScoreRun:
    """Score every input; report per-input failures through ``on_error`` and go on."""
    if options.jobs != 1:
        from mtdetect.run.parallel import score_inputs_parallel

        names = list(expand_inputs(inputs, recursive=options.recursive))
        return score_inputs_parallel(names, options, writer, on_error)
    detector = load_detector(options.model, trust=options.trust_model)
    threshold = detector.threshold_or(options.threshold)
    run = ScoreRun()
    for name in expand_inputs(inputs, recursive=options.recursive):
        try:
            run.documents.append(score_one(detector, name, threshold=threshold, input_format=options.input_format,
                                           writer=writer, codes=options.codes))
        except (InputError, OSError, UnicodeDecodeError) as error:
            message = input_error_message(name, error)
            run.errors.append(message)
            on_error(message)
    writer.close()
    return run
