"""Shared fixtures: a tiny synthetic corpus and a tiny model trained on it.

The corpus is generated from hand-written templates (no WMT text): 'native'
paragraphs are plain English; 'machine' paragraphs carry translation tells
(French spacing, guillemets, literal boilerplate, flatter vocabulary); 'spun'
paragraphs are native ones with odd dictionary swaps, as a synonym spinner makes
them. Enough for a model to learn something real in a second.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

SUBJECTS = ["The council", "Our reporter", "The committee", "A spokeswoman", "The old bakery",
            "Local farmers", "The museum", "Two students", "The harbour master", "Her neighbour"]
NATIVE_VERBS = ["reckoned", "grumbled", "insisted", "quipped", "conceded", "mused", "noted", "argued"]
NATIVE_TAILS = ["that the rain had wrecked the fair, though nobody seemed to mind much",
                "it was a bit of a long shot, but worth a punt all the same",
                "the queue snaked round the block well before the doors opened",
                "the whole affair had been blown out of proportion by a handful of critics",
                "they'd muddle through somehow, as they always had"]
MACHINE_VERBS = ["declared", "indicated", "specified", "underlined", "affirmed", "estimated"]
MACHINE_TAILS = ["that the situation is « very worrying » for the population of the region",
                 "that it is necessary to put in place measures to face the crisis",
                 "that the project will make it possible to reinforce the cooperation between actors",
                 "that the decision was taken at the level of the ministry ?",
                 "that to see in video the declarations of the responsible of the sector"]

SPINNER_SWAPS = {"rain": "precipitation", "queue": "line up", "block": "square", "doors": "entryways",
                 "nobody": "no individual", "fair": "carnival", "critics": "pundits", "long": "extended",
                 "shot": "attempt", "whole": "entire", "affair": "undertaking", "neighbour": "adjacent"}


def _spin(text: str) -> str:
    return " ".join(SPINNER_SWAPS.get(word, word) for word in text.split(" "))


def _paragraph(rng: random.Random, verbs: list[str], tails: list[str]) -> str:
    sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(verbs)} {rng.choice(tails)}." for _ in range(4)]
    return " ".join(sentences)


def make_records(n_docs: int = 40, seed: int = 7) -> list[dict]:
    """Corpus records in the built-corpus schema: 3 paragraphs per document and origin."""
    rng = random.Random(seed)
    records = []
    for doc in range(n_docs):
        split = ("train", "train", "train", "val", "test")[doc % 5]
        for origin, verbs, tails, system in (("native", NATIVE_VERBS, NATIVE_TAILS, "source"),
                                              ("machine", MACHINE_VERBS, MACHINE_TAILS, "sys-a")):
            for k in range(3):
                text = _paragraph(rng, verbs, tails)
                variants = [(origin, system, text)]
                if origin == "native":
                    variants.append(("spun", "synonym", _spin(text)))
                for kind, producer, body in variants:
                    records.append({
                        "id": f"fixture/{kind}/{doc}/{k}", "text": body, "origin": kind, "system": producer,
                        "pair": "xx-en" if kind == "machine" else "en-xx", "year": 2024, "testset": "fixture",
                        "doc_id": f"d{doc}", "group": f"fixture:d{doc}", "domain": "news", "split": split,
                        "n_words": len(body.split()), "source": "fixture",
                    })
    return records


@pytest.fixture(scope="session")
def tiny_records() -> list[dict]:
    return make_records()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, tiny_records: list[dict]) -> Path:
    """A model trained and saved from the synthetic corpus (seeded, a few seconds); two heads, so that
    the paths of a model whose strongest head decides (arrays, C, explanations) are exercised."""
    from mtdetect.model.load import ModelOptions, save_detector
    from mtdetect.lab.training import SelectionOptions, train

    detector, _ = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=3, heads=("translation", "spin")),
                        selection=SelectionOptions(seed=3))
    path = tmp_path_factory.mktemp("model") / "tiny.joblib"
    save_detector(detector, path)
    return path


@pytest.fixture(scope="session")
def examples() -> dict[str, str]:
    rng = random.Random(11)
    return {"native": _paragraph(rng, NATIVE_VERBS, NATIVE_TAILS),
            "machine": _paragraph(rng, MACHINE_VERBS, MACHINE_TAILS)}


@pytest.fixture(scope="session", autouse=True)
def language_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the decompressed language model (mtdetect.inputs.langid_cache) out of the user's own cache."""
    from mtdetect.inputs.langid_cache import CACHE_DIR_ENV

    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get(CACHE_DIR_ENV)
    os.environ[CACHE_DIR_ENV] = str(folder)
    yield folder
    if before is None:
        del os.environ[CACHE_DIR_ENV]
    else:
        os.environ[CACHE_DIR_ENV] = before
