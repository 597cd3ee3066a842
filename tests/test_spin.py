"""Spinners: deterministic under a seed, change content words and names, never the wrong tokens."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from mtdetect.lab import spin
from mtdetect.findings.entities import name_tokens

PLAIN = (
    "Officials said the meeting would take place in Geneva next week. "
    "The government announced new measures to help families struggling with rising energy bills."
)
NEWS = (
    "Foreign Minister Dmytro Kuleba met Antony Blinken in Kyiv, while Kremlin spokesman Dmitry Peskov "
    "said the talks had failed. President Volodymyr Zelensky thanked Blinken's team."
)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+|[^\w\s]", text)


def test_synonym_spin_is_deterministic_and_changes_content_words():
    first = spin.synonym_spin(PLAIN, rate=0.5, seed=3)
    assert first == spin.synonym_spin(PLAIN, rate=0.5, seed=3)
    assert first != PLAIN
    assert first != spin.synonym_spin(PLAIN, rate=0.5, seed=4)


def test_synonym_spin_keeps_names_function_words_and_punctuation():
    spun = spin.synonym_spin(PLAIN, rate=1.0, seed=0)
    assert "Geneva" in spun
    assert [w for w in _words(spun) if not w.isalpha()] == [w for w in _words(PLAIN) if not w.isalpha()]
    for function_word in (" the ", " would ", " in ", " to "):
        assert function_word in spun
    assert spun[0].isupper() and spun.endswith(".")


def test_synonym_spin_rate_zero_and_empty_change_nothing():
    assert spin.synonym_spin(PLAIN, rate=0.0, seed=1) == PLAIN
    assert spin.synonym_spin("", seed=1) == ""


def test_synonym_spin_inflects_like_the_original():
    spun = spin.synonym_spin("The meetings were long.", rate=1.0, seed=0)
    noun = spun[len("The ") : spun.index(" were")]
    assert noun != "meetings" and noun.endswith("s")


def test_add_suffix_regular_forms():
    assert [spin._add_suffix(w, s) for w, s in [("box", "s"), ("try", "ed"), ("make", "ing"), ("play", "s")]] == [
        "boxes", "tried", "making", "plays"]


def test_mangle_names_is_deterministic_and_only_touches_names():
    mangled = spin.mangle_names(NEWS, rate=1.0, seed=5)
    assert mangled == spin.mangle_names(NEWS, rate=1.0, seed=5)
    assert mangled != NEWS
    before, after = _words(NEWS), _words(mangled)
    assert len(before) == len(after)
    for old, new in zip(before, after):
        if old != new:
            assert old[0].isupper() and new[0].isupper() and old not in {"Foreign", "Minister", "President"}


def test_mangle_names_is_consistent_within_a_text_and_keeps_possessives():
    mangled = spin.mangle_names(NEWS, rate=1.0, seed=5)
    blinkens = [t.text for t in name_tokens(mangled) if t.text[:2] == "Bl"]
    assert len(set(blinkens)) == 1
    assert f"{blinkens[0]}'s team" in mangled


def test_mangle_names_rate_zero_and_sentence_start():
    assert spin.mangle_names(NEWS, rate=0.0, seed=1) == NEWS
    assert spin.mangle_names("Peskov spoke.", rate=1.0, seed=1) == "Peskov spoke."


def test_spin_records_keep_group_split_and_label_spun():
    record = {"id": "doc/0", "text": PLAIN, "origin": "native", "system": "source", "pair": "en-de",
              "year": 2020, "testset": "t", "doc_id": "d", "group": "t:d", "domain": "news", "split": "test",
              "n_words": 27, "source": "wmt"}
    (out,) = spin.spin_records([record], "synonym", seed=13, rate=0.5)
    assert out["origin"] == "spun" and out["system"] == "synonym" and out["id"] == "doc/0/synonym"
    assert (out["group"], out["doc_id"], out["split"]) == ("t:d", "d", "test")
    assert out == spin.spin_records([record], "synonym", seed=13, rate=0.5)[0]


def test_glued_number_filter():
    assert spin.GLUED_NUMBER_RE.findall("a hombrede51años was held") == ["hombrede51años"]
    assert spin.GLUED_NUMBER_RE.findall("a 51-year-old man") == []


QUOTED = 'Officials said on Monday: "We will not give up." Why now? The North Atlantic council met in January.'


def test_pipeline_tells_are_deterministic_and_leave_the_words_alone():
    outputs = {spin.pipeline_tells(QUOTED, seed=seed) for seed in range(40)}
    assert spin.pipeline_tells(QUOTED, seed=7) == spin.pipeline_tells(QUOTED, seed=7)
    assert QUOTED not in outputs and len(outputs) > 10
    for out in outputs:
        bare = re.sub(r"[«»\"\s]+", "", out).lower()  # \s covers the no-break spaces too
        for line in sorted(spin.TRANSLATED_BOILERPLATE, key=len, reverse=True):
            bare = bare.replace(re.sub(r"\s+", "", line).lower(), "")
        assert bare == re.sub(r"[\"\s]+", "", QUOTED.lower())  # only quotes, spacing, case and glue differ


def test_each_pipeline_tell_is_found_by_the_findings_catalogue():
    """What the pipeline spinner plants is what the findings report (MT101...MT401), not a tell of its own.

    Three plants are left out, as the rules intend: "See also:" is plain English (no finding), MT302
    counts 'With AFP' only where a credit line ends a paragraph, and a glue after 'on' ('onMonday')
    reads like an identifier (onClick), which MT201 leaves alone; so the text here glues only after 'in'.
    """
    from mtdetect.findings import paragraph_findings, selected_codes

    text = 'Officials said in Paris: "We will not give up." Why now? The North Atlantic council met in January.'
    expected = {"_french_spacing": {"MT103"}, "_guillemets": {"MT101"}, "_glued_word": {"MT201"},
                "_lowercase_names": {"MT401"}, "_boilerplate": {"MT301", "MT302"}}
    codes = selected_codes()
    assert not paragraph_findings(text, codes)
    rng = __import__("random").Random(0)
    for _ in range(20):
        for tell in spin.PIPELINE_TELLS:
            planted = tell(text, rng)
            if "See also:" in planted or planted.startswith("With AFP."):
                continue
            found = {f.code for f in paragraph_findings(planted, codes)}
            assert found & expected[tell.__name__], (tell.__name__, planted)


def test_pipeline_tells_change_text_with_nothing_to_quote_or_glue():
    plain = "the results were published today and nobody was surprised by them at all"
    assert spin.pipeline_tells(plain, seed=1) != plain  # the boilerplate line always applies


def apertium_listing() -> str | None:
    """What ``apertium -l`` prints (its installed pairs), or None without the program."""
    if shutil.which("apertium") is None:
        return None
    return subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout


def apertium_missing(listing: str | None, via: str | None = None) -> str | None:
    """What a round trip via ``via`` lacks, given ``apertium -l``'s ``listing``; None if nothing (or ``via`` is None)."""
    if listing is None:
        return "apertium is not installed: apt-get install apertium apertium-eng-spa apertium-eng-cat"
    pairs = listing.split()
    lacking = [pair for pair in (f"eng-{via}", f"{via}-eng") if via is not None and pair not in pairs]
    return f"apertium has no {' and '.join(lacking)} pair: apt-get install apertium-eng-{via}" if lacking else None


def require_apertium(listing: str | None, via: str | None = None) -> None:
    """Skip a test that needs what is missing; under CI (which installs it all: .ci/run) fail instead."""
    missing = apertium_missing(listing, via)
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(missing)


@pytest.fixture
def apertium():
    require_apertium(apertium_listing())


LISTING = "  cat-eng\n  eng-cat_valencia\n  eng-spa\n  spa-eng\n"  # `apertium -l` with eng-spa only


@pytest.mark.parametrize(("listing", "via", "missing"), [
    (LISTING, "spa", None),
    (LISTING, "cat", "apertium has no eng-cat pair: apt-get install apertium-eng-cat"),  # eng-cat_valencia is not it
    (LISTING, "ita", "apertium has no eng-ita and ita-eng pair: apt-get install apertium-eng-ita"),
    (LISTING, None, None),
    ("", "spa", "apertium has no eng-spa and spa-eng pair: apt-get install apertium-eng-spa"),
    (None, "spa", "apertium is not installed: apt-get install apertium apertium-eng-spa apertium-eng-cat"),
    (None, None, "apertium is not installed: apt-get install apertium apertium-eng-spa apertium-eng-cat"),
])
def test_apertium_missing_names_the_package(listing, via, missing):
    assert apertium_missing(listing, via) == missing


@pytest.mark.parametrize("ci", [None, "1"])
def test_a_missing_apertium_pair_skips_outside_ci_and_fails_in_it(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match="apertium-eng-cat"):
        require_apertium(LISTING, "cat")
    require_apertium(LISTING, "spa")  # installed: neither


@pytest.mark.parametrize("via", ["spa", "cat"])
def test_apertium_roundtrip_real_engine(via):
    require_apertium(apertium_listing(), via)
    texts = ["The cat sat on the mat & the dog barked.", "Mr. Blinken met Peskov in Kyiv <yesterday>.", ""]
    back = spin.apertium_roundtrip(texts, via=via)
    assert len(back) == 3 and back[2] == ""
    assert back[0] != texts[0] and "&amp;" not in back[0] and "dog" in back[0]
    assert "Blinken" in back[1] and "Peskov" in back[1] and "<yesterday>" in back[1]
    assert not re.search(r"(?<!\w)[*#@]\w", " ".join(back))


def test_apertium_missing_pair_is_a_clear_error(apertium):
    with pytest.raises(spin.ApertiumError, match="apertium-eng-xxx"):
        spin.apertium_roundtrip(["Hello."], via="xxx")
