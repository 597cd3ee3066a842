"""The cached language model decides exactly as py3langid's own loader, and a bad cache is never an error."""

from __future__ import annotations

import io
import lzma
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.inputs import langid_cache
from mtdetect.inputs.langid_cache import (ARRAY_NAMES, CACHE_DIR_ENV, NO_CACHE_ENV, cache_entry, load_identifier,
                                          model_path)

TEXTS = [
    "The council met on Tuesday to discuss the new budget for the harbour.",
    "Le chat dort sur la table de la cuisine depuis ce matin.",
    "Der Bundestag hat am Donnerstag über das neue Gesetz abgestimmt.",
    "El gobierno anunció nuevas medidas para la economía.",
    "Москва заявила о новых санкциях против Украины.",
    "東京で新しい展示会が開かれました。",
    "BREAKING NEWS FROM THE HARBOUR",
    "",
    "12 345 678",
    "« To see in video » : the minister declared ?",
]


@pytest.fixture(scope="module")
def reference() -> Any:
    """py3langid's identifier, loaded by py3langid itself."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(root))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    return root


def _ranks(identifier: Any) -> list[list[tuple[str, float]]]:
    return [identifier.rank(text) for text in TEXTS]


def test_stored_then_mapped_and_identical(reference: Any, cache: Path) -> None:
    stored = load_identifier()
    entry = cache_entry(model_path(), cache)
    assert sorted(p.name for p in entry.iterdir()) == sorted(f"{name}.npy" for name in ARRAY_NAMES)
    assert isinstance(np.load(entry / "ptc.npy", mmap_mode="r"), np.memmap)
    mapped = load_identifier()
    assert _ranks(stored) == _ranks(mapped) == _ranks(reference)
    assert mapped.classify(TEXTS[1])[0] == "fr"


@pytest.fixture(scope="module")
def mapped() -> Any:
    """An identifier mapped from the test session's cache (stored first if this session has not yet)."""
    load_identifier()
    return load_identifier()


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_ranks_as_py3langid(reference: Any, mapped: Any, text: str) -> None:
    assert mapped.rank(text) == reference.rank(text)


def test_broken_entry_is_replaced(reference: Any, cache: Path) -> None:
    load_identifier()
    entry = cache_entry(model_path(), cache)
    ptc = entry / "ptc.npy"
    ptc.write_bytes(ptc.read_bytes()[:1000])  # truncated: mapping it fails
    assert _ranks(load_identifier()) == _ranks(reference)
    assert np.load(ptc, mmap_mode="r").shape == np.load(ptc).shape == reference.nb_ptc.shape


@pytest.mark.parametrize("name", ["nextmove_row", "nextmove", "out_feat"])
def test_entry_pointing_outside_its_arrays_is_replaced(reference: Any, cache: Path, name: str) -> None:
    load_identifier()
    path = cache_entry(model_path(), cache) / f"{name}.npy"
    values = np.load(path)
    values[len(values) // 2] = np.iinfo(values.dtype).max  # well-formed file, impossible index
    np.save(path, values)
    assert _ranks(load_identifier()) == _ranks(reference)
    assert int(np.load(path).max()) < np.iinfo(values.dtype).max


def test_unwritable_cache_is_not_an_error(reference: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    assert _ranks(load_identifier()) == _ranks(reference)
    assert blocker.read_text() == "not a folder"


def test_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert langid_cache.cache_root() is None
    assert load_identifier().classify(TEXTS[2])[0] == "de"
    assert not cache.exists()


def test_default_location_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert langid_cache.cache_root() == tmp_path / "mtdetect"


def test_unknown_layout_is_left_to_py3langid(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, weights=np.zeros(3))
    other = tmp_path / "other.npz.xz"
    other.write_bytes(lzma.compress(buffer.getvalue()))
    monkeypatch.setattr(langid_cache, "model_path", lambda: other)
    assert load_identifier().classify(TEXTS[1])[0] == "fr"  # py3langid's own model, loaded its own way
    assert not cache.exists()


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in (CACHE_DIR_ENV, NO_CACHE_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert langid_cache.cache_root() is None


def test_description_says_where_and_whether_filled(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert langid_cache.describe_cache() == f"{cache} (empty: filled by the first paragraph that needs language " \
                                            "identification)"
    assert not cache.exists()  # describing decompresses nothing
    load_identifier()
    assert langid_cache.describe_cache() == f"{cache_entry(model_path(), cache)} (filled)"
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert langid_cache.describe_cache() == "off"


# Under CI (which has a C compiler) these tests run, and fail, where the module is missing.
needs_ngrams = pytest.mark.skipif(langid_cache._compiled_visits is None and not os.environ.get("CI"),
                                  reason="mtdetect._ngrams not built")


@needs_ngrams
@settings(max_examples=300, deadline=None)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_compiled_walk_counts_as_py3langid(reference: Any, mapped: Any, data: bytes) -> None:
    from py3langid.langid import visit_counts

    expected = visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, data)
    found = langid_cache._compiled_visits(*mapped.automaton, data)
    assert found is expected is None or list(found.items()) == list(expected.items())  # the same order too


@needs_ngrams
def test_compiled_walk_refuses_arrays_it_would_leave() -> None:
    visits = langid_cache._compiled_visits
    moves, rows, outputs = np.zeros(256, np.uint32), np.zeros(1, np.uint32), np.zeros(1, np.int32)
    assert visits(moves, rows, outputs, b"ab") == {0: 2}
    assert visits(moves, rows, outputs - 1, b"ab") is None  # no state has a feature
    assert visits(moves, rows, outputs, b"") is None
    moves[ord("b")] = 5  # a state that does not exist
    with pytest.raises(ValueError, match="outside"):
        visits(moves, rows, outputs, b"ab")
    with pytest.raises(ValueError, match="outside"):
        visits(np.zeros(256, np.uint32), rows + 1, outputs, b"a")  # a row that does not exist
    with pytest.raises(ValueError, match="uint32"):
        visits(moves, rows, np.zeros(2, np.int32), b"a")


def test_without_the_module_py3langid_walks_its_automaton(monkeypatch: pytest.MonkeyPatch, reference: Any,
                                                          cache: Path) -> None:
    from py3langid.langid import LanguageIdentifier

    monkeypatch.setattr(langid_cache, "_compiled_visits", None)
    langid_cache._identifier_class.cache_clear()
    try:
        identifier = load_identifier()
        assert type(identifier) is LanguageIdentifier
        assert _ranks(identifier) == _ranks(reference)
    finally:
        langid_cache._identifier_class.cache_clear()


def test_an_entry_stored_meanwhile_is_kept(cache: Path) -> None:
    load_identifier()
    entry = cache_entry(model_path(), cache)
    before = {path.name: path.stat().st_ino for path in entry.iterdir()}
    langid_cache._store(langid_cache._decompressed(model_path()), entry)  # as a process that started at once would
    assert {path.name: path.stat().st_ino for path in entry.iterdir()} == before
    assert [path.name for path in cache.iterdir()] == [entry.name]  # its own copy removed
