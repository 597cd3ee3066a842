"""Language-model fluency: how expected each word is after the two before it.

A generic English trigram model scores every word given its context. Spinners and
round trips put common words into combinations native English rarely uses ("case
in point" for *casus belli*, "disproportionate curative"): the words are frequent
but the model gains little or loses from their context. The columns measure
that *context gain* (log P(word | two previous words) - log P(word)) besides the
plain log-probabilities, so word rarity alone (fluency's job) is not counted twice.

The model is CMU Sphinx's US-English trigram model (72k words, 2.1M bigrams, 1.7M
trigrams, BSD licence) as shipped inside the ``pocketsphinx`` wheel on PyPI: no
download at run time, and a compiled lookup (under a microsecond per n-gram).
Scores depend on that exact file, so its sha256 is checked when it is first loaded.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.errors import ModelError
from mtdetect.features._text.parsed import parse
from mtdetect.features._text.stats import percentile

COLUMNS: tuple[str, ...] = (
    "logprob_mean", "logprob_std", "logprob_p10", "unigram_mean",
    "gain_mean", "gain_p10", "unexpected_share", "oov_share",
)
MODEL_SHA256 = "db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6"
UNEXPECTED_GAIN = -1.0  # natural-log gain below which a word is less likely in context than alone
_LOG_BASE = math.log(1.0001)  # pocketsphinx returns log-probabilities in base 1.0001
_UNKNOWN = -(2**28)  # scores at or below this mean the word is not in the vocabulary
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError:
        raise ModelError("this model uses the language-model features, which need pocketsphinx: "
                         "pip install 'mtdetect[lm]'") from None
    return pocketsphinx


def model_path() -> Path:
    """The trigram model file inside the installed pocketsphinx package."""
    return Path(_pocketsphinx().get_model_path()) / "en-us" / "en-us.lm.bin"


@lru_cache(maxsize=1)
def _model() -> Any:
    pocketsphinx = _pocketsphinx()
    path = model_path()
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise ModelError(f"the language model {path} cannot be read ({error.strerror})") from error
    if digest != MODEL_SHA256:
        raise ModelError(f"the language model {path} is not the one mtdetect was trained with "
                         f"(sha256 {digest[:12]}..., expected {MODEL_SHA256[:12]}...); reinstall pocketsphinx")
    pocketsphinx.set_loglevel("FATAL")
    return pocketsphinx.NGramModel.readfile(str(path))


@lru_cache(maxsize=200_000)
def _unigram(word: str) -> int:
    return _model().prob([word])


@lru_cache(maxsize=1_000_000)
def _trigram(word: str, previous: str, before: str | None) -> int:
    return _model().prob([word, previous] if before is None else [word, previous, before])


def _sentences(text: str) -> Iterator[list[str]]:
    for sentence in parse(text).sentences:
        tokens = [w.lower() for w in _WORD_RE.findall(sentence.replace("’", "'"))]
        if tokens:
            yield ["<s>", *tokens, "</s>"]


def _row(text: str) -> list[float]:
    logprobs, unigrams, n_words, n_unknown = [], [], 0, 0
    for sentence in _sentences(text):
        for i in range(1, len(sentence)):
            n_words += 1
            unigram = _unigram(sentence[i])
            if unigram <= _UNKNOWN:
                n_unknown += 1
                continue
            before = sentence[i - 2] if i >= 2 else None
            logprobs.append(_trigram(sentence[i], sentence[i - 1], before) * _LOG_BASE)
            unigrams.append(unigram * _LOG_BASE)
    if not logprobs:
        return [0.0] * (len(COLUMNS) - 1) + [float(n_unknown > 0)]
    logprob, unigram = np.array(logprobs), np.array(unigrams)
    gain = logprob - unigram
    return [
        float(logprob.mean()),
        float(logprob.std()),
        float(percentile(sorted(logprobs), 10)),
        float(unigram.mean()),
        float(gain.mean()),
        float(percentile(np.sort(gain), 10)),
        float((gain < UNEXPECTED_GAIN).mean()),
        n_unknown / n_words,
    ]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    _model()  # checks the model file once, even when every n-gram is already cached
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
