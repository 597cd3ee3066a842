"""Explain a score: which signals pushed it up or down, in plain words, with the spans of the tells.

The classifier is linear, so the decision value of a paragraph is exactly
``intercept + sum_j coef_j * x_j`` over the transformed features ``x``, and
Platt calibration maps it linearly to the log-odds of the score
(``logit(p) = slope * decision + offset``). The contribution of feature ``j``
is therefore ``slope * coef_j * x_j``, in log-odds of the score: positive
pushes towards "machine", negative towards "human".

Standardised blocks (the dense features) are centred on the training mean, so
each column is its own item, read as "higher/lower than usual". Blocks without
per-column names (the hashed, content-masked n-grams) are one item each: their
sum, with the intercept folded into the first one so that, like the dense
items, it reads relative to a typical paragraph rather than to zero.

The same numbers come from either form of a model: its plain arrays
(:class:`mtdetect.model.inference.LinearScorer`, read without scikit-learn or pickle, so a
scikit-learn upgrade cannot break explanations) or its scikit-learn pipeline. With the
arrays a dense column's contribution is ``coef_j * (x_j - mean_j) / scale_j`` (the
union's weight is already in ``coef``) and a hashed block's is the block's share of the
decision, which :class:`~mtdetect.model.inference.LinearScorer` computes; the folded model
needs no calibration step (slope 1, offset 0). A model of several heads whose strongest
decides (:mod:`mtdetect.model.heads`) is explained, paragraph by paragraph, from the head
that decided it, so the contributions still add up to the score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from mtdetect.errors import ModelError
from mtdetect.features.fluency import RARE_ZIPF, zipf
from mtdetect.features.synonyms import word_gaps, word_spin_odds

TOP_K = 5
MAX_ITEMISED = 2000  # a block with more columns than this is shown as one item
MAX_WORDS_NAMED = 3
WORD_RE = re.compile(r"\b[^\W\d_]+(?:'[^\W\d_]+)?\b")

SYNONYM_TELL = "uncommon synonyms where a commoner word exists (spinner tell)"
# Column name (without the ``<family>__`` prefix) -> (reason when higher than usual, when lower).
PLAIN_WORDS: dict[str, tuple[str, str]] = {
    "sentence_len_mean": ("long sentences", "short sentences"),
    "sentence_len_std": ("sentence lengths vary a lot", "uniform sentence lengths"),
    "word_len_mean": ("long words", "short words"),
    "word_len_std": ("word lengths vary a lot", "uniform word lengths"),
    "function_word_share": ("many function words (the, of, to...)", "few function words (the, of, to...)"),
    "capitalised_share": ("many capitalised words", "few capitalised words"),
    "digit_token_share": ("many numbers", "few numbers"),
    "type_token_mattr": ("varied vocabulary", "repetitive vocabulary"),
    "hapax_share": ("many words used only once", "few words used only once"),
    "repeated_content_share": ("content words repeated", "content words rarely repeated"),
    "repeated_bigram_share": ("word pairs repeated", "word pairs rarely repeated"),
    "zipf_mean": ("mostly common words", "many uncommon words"),
    "zipf_std": ("common and rare words mixed", "evenly common vocabulary"),
    "zipf_content_mean": ("frequent, safe content words", "uncommon content words"),
    "zipf_content_min": ("not one rare content word", "at least one rare content word"),
    "rare_share": ("many rare words", "few rare words"),
    "oov_share": ("words unknown in English", "no words unknown in English"),
    "very_common_share": ("many very common words", "few very common words"),
    "zipf_p10": ("even the rarest words are common", "some rare words"),
    "zipf_p25": ("even the rarer words are common", "a good share of rarer words"),
    "flesch_reading_ease": ("easy to read (Flesch)", "hard to read (Flesch)"),
    "flesch_kincaid_grade": ("high reading grade (Flesch-Kincaid)", "low reading grade (Flesch-Kincaid)"),
    "gunning_fog": ("foggy prose (Gunning fog)", "plain prose (Gunning fog)"),
    "coleman_liau": ("high reading grade (Coleman-Liau)", "low reading grade (Coleman-Liau)"),
    "dale_chall": ("many words outside the Dale-Chall easy list", "mostly Dale-Chall easy words"),
    "syllables_per_word": ("many-syllable words", "short, few-syllable words"),
    "difficult_word_share": ("many difficult words", "few difficult words"),
    "gap_mean": (SYNONYM_TELL, "plain, common word choices"),
    "gap1_share": (SYNONYM_TELL, "plain, common word choices"),
    "gap2_share": (SYNONYM_TELL, "no rare synonyms"),
    "gap_top3": (SYNONYM_TELL, "no rare synonyms"),
    "phrase_gap_max": ("a fixed expression swapped for a rarer one (spinner tell)", "no odd fixed expressions"),
    "odds_top3": (SYNONYM_TELL, "no words typical of spinners"),
    "odds_positive_share": (SYNONYM_TELL, "few words typical of spinners"),
    "odds_over_half_count": (SYNONYM_TELL, "few words typical of spinners"),
    "log_ratio": (SYNONYM_TELL, "few words typical of spinners"),  # the opt-in spinner prior
}
SYNONYM_TELL_GAP = 1.0  # a word is named as a spinner tell from this synonym gap ...
SYNONYM_TELL_ODDS = 0.5  # ... or these spin odds (log10) up
# Blocks shown as one item -> (reason when it pushes towards machine, towards human).
BLOCK_WORDS: dict[str, tuple[str, str]] = {
    "masked": ("function-word pattern typical of translation", "function-word pattern typical of native writing"),
}
PUNCTUATION_WORDS = {"paren": "brackets", "quote": "quotation marks", "dash": "dashes",
                     "exclamation": "exclamation marks", "question": "question marks"}
# Features whose tells are words worth marking: column -> (Zipf bound at or below which a
# lower-case word is one, whether the words explain a high value (True) or a low one).
WORD_TELLS = {"oov_share": (0.0, True), "rare_share": (RARE_ZIPF, True), "zipf_content_min": (RARE_ZIPF, False)}


@dataclass(frozen=True)
class Contribution:
    """One signal behind a score.

    ``weight`` is its contribution to the log-odds of the score (positive:
    towards machine); ``None`` for document-level evidence that the model does
    not see. ``spans`` are ``(start, end)`` character offsets of its tells in
    the paragraph.
    """

    name: str
    reason: str
    weight: float | None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Block:
    name: str
    transformer: Any
    weight: float
    columns: slice
    feature_names: tuple[str, ...] | None  # None: shown as one item


@dataclass(frozen=True)
class LinearView:
    """The linear pieces of a calibrated detector: ``logit(p) = slope * (X @ coef + intercept) + offset``."""

    blocks: tuple[_Block, ...]
    coef: np.ndarray
    intercept: float
    slope: float
    offset: float


def _feature_names(transformer: Any, n_columns: int) -> tuple[str, ...] | None:
    try:
        names = transformer.get_feature_names_out()
    except (AttributeError, TypeError, ValueError):
        return None
    if len(names) != n_columns or n_columns > MAX_ITEMISED:
        return None
    return tuple(str(n) for n in names)


def _n_columns(transformer: Any) -> int | None:
    """Output width of a fitted transformer, without transforming anything, when it can be known."""
    parts = getattr(transformer, "transformer_list", None)
    if parts is not None:  # a FeatureUnion: the sum of its parts
        widths = [_n_columns(part) for _, part in parts if part != "drop"]
        return None if None in widths else sum(widths)  # type: ignore[arg-type]
    steps = getattr(transformer, "steps", None)
    if steps is not None:  # a Pipeline: the last step that can tell
        for _, step in steps[::-1]:
            width = _n_columns(step)
            if width is not None:
                return width
        return None
    for attr in ("n_features", "n_features_out_"):
        if isinstance(getattr(transformer, attr, None), int):
            return getattr(transformer, attr)
    idf = getattr(transformer, "idf_", None)
    if idf is not None:
        return len(idf)
    if hasattr(transformer, "get_feature_names_out"):
        try:
            return len(transformer.get_feature_names_out())
        except (AttributeError, TypeError, ValueError):
            return None
    return None


def _unwrap(estimator: Any) -> tuple[Any, float, float]:
    """The fitted pipeline inside a calibrated detector, and the calibration's slope and offset."""
    calibrated = getattr(estimator, "calibrated_classifiers_", None)
    if calibrated is None:
        return estimator, 1.0, 0.0
    if len(calibrated) != 1 or len(calibrated[0].calibrators) != 1:
        raise ModelError("explanations need a model calibrated on one held-out split")
    calibrator = calibrated[0].calibrators[0]
    if not hasattr(calibrator, "a_"):
        raise ModelError("explanations need a sigmoid-calibrated (Platt) model")
    inner = calibrated[0].estimator
    inner = getattr(inner, "estimator", inner)  # FrozenEstimator
    # sklearn's sigmoid calibration: p = 1 / (1 + exp(a * decision + b))
    return inner, -float(calibrator.a_), -float(calibrator.b_)


def linear_view(estimator: Any) -> LinearView:
    """Split a detector's estimator into feature blocks, coefficients and calibration."""
    from sklearn.pipeline import FeatureUnion

    pipeline, slope, offset = _unwrap(estimator)
    steps = getattr(pipeline, "steps", None)
    if not steps or not hasattr(steps[-1][1], "coef_") or not isinstance(steps[0][1], FeatureUnion):
        raise ModelError("explanations need a FeatureUnion followed by a linear classifier")
    union, classifier = steps[0][1], steps[-1][1]
    coef = np.asarray(classifier.coef_, dtype=float).ravel()
    weights = union.transformer_weights or {}
    blocks, start = [], 0
    for name, transformer in union.transformer_list:
        if transformer == "drop":
            continue
        width = _n_columns(transformer)
        if width is None:
            raise ModelError(f"explanations cannot tell how many columns block '{name}' has")
        blocks.append(_Block(name, transformer, float(weights.get(name, 1.0)), slice(start, start + width),
                             _feature_names(transformer, width)))
        start += width
    if start != coef.size:
        raise ModelError(f"feature blocks give {start} columns but the classifier has {coef.size}")
    return LinearView(tuple(blocks), coef, float(np.ravel(classifier.intercept_)[0]), slope, offset)


def _column(name: str) -> tuple[str, str]:
    """``dense__style__fw_of`` -> (``style``, ``fw_of``)."""
    parts = name.split("__")
    return (parts[-2] if len(parts) > 1 else ""), parts[-1]


def _word_spans(text: str, below: float) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in WORD_RE.finditer(text)
                 if m.group()[:1].islower() and zipf(m.group().lower()) <= below)


def _with_words(reason: str, text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``reason: 'word', 'word', ...`` naming the words at ``spans`` in text order (just ``reason`` without spans)."""
    return f"{reason}: {_quoted(text, sorted(spans))}" if spans else reason


def _quoted(text: str, spans: Sequence[tuple[int, int]]) -> str:
    shown = list(dict.fromkeys(text[s:e] for s, e in spans))
    more = ", ..." if len(shown) > MAX_WORDS_NAMED else ""
    return ", ".join(f"'{w}'" for w in shown[:MAX_WORDS_NAMED]) + more


Spans = tuple[tuple[int, int], ...]


def describe(name: str, value: float, text: str) -> tuple[str, Spans]:
    """Plain-words reason and tell spans for one feature of one paragraph.

    ``value`` is the transformed (standardised) value: above 0 means higher
    than in a typical training paragraph.
    """
    family, column = _column(name)
    high = value > 0
    if column.startswith("fw_"):
        return f"'{column[3:]}' used {'more' if high else 'less'} often than usual", ()
    if column.startswith("punct_"):
        mark = column[6:]
        label = PUNCTUATION_WORDS.get(mark, f"{mark.replace('_', ' ')}s")
        return f"{'more' if high else 'fewer'} {label} than usual", ()
    if family in ("synonyms", "spinprior") and column != "phrase_gap_max" and high:
        by_odds = column.startswith("odds_") or family == "spinprior"
        words, cut = (word_spin_odds, SYNONYM_TELL_ODDS) if by_odds else (word_gaps, SYNONYM_TELL_GAP)
        spans = tuple((start, end) for start, end, value in words(text) if value >= cut)
        return _with_words(PLAIN_WORDS[column][0], text, spans), spans
    if column in WORD_TELLS and WORD_TELLS[column][1] == high:
        spans = _word_spans(text, WORD_TELLS[column][0])
        reason = PLAIN_WORDS[column][0 if high else 1]
        return (f"{reason}: {_quoted(text, spans)}" if spans else reason), spans
    if column in PLAIN_WORDS:
        return PLAIN_WORDS[column][0 if high else 1], ()
    label = f"{family} {column}".strip().replace("_", " ")
    return f"{label}: {'higher' if high else 'lower'} than usual", ()


@dataclass(frozen=True)
class _Part:
    """One block's contributions for a batch: per column (``columns``), or as one item (``columns`` None).

    Per column: a row's weights are ``coef * values[row]``. One item: ``share[row]``, in log-odds.
    """

    name: str
    columns: tuple[str, ...] | None
    values: Any = None
    coef: np.ndarray | None = None  # one row of weights, or one per paragraph (its deciding head's)
    share: np.ndarray | None = None


def _with_intercept(parts: list[_Part], intercept: float | np.ndarray) -> list[_Part]:
    """Fold ``intercept`` (one, or one per paragraph) into the first one-item part (see the module docstring)."""
    for k, part in enumerate(parts):
        if part.columns is None:
            return [*parts[:k], replace(part, share=part.share + intercept), *parts[k + 1:]]
    return parts


def _linear_source(model: Any) -> Any:
    """What to explain ``model`` from: a :class:`LinearScorer` (plain arrays) when there is one, else a :class:`LinearView`.

    ``model`` is a :class:`~mtdetect.model.load.Detector` (its arrays if it has them: its pickle is
    never read), a :class:`~mtdetect.model.inference.LinearScorer` or a fitted scikit-learn estimator.
    """
    from mtdetect.model.inference import LinearScorer, scorer_from_pipeline
    from mtdetect.model.load import Detector

    if isinstance(model, Detector):
        model = model.scorer if model.scorer is not None else model.estimator
    last = getattr(model, "steps", [(None, None)])[-1][1]
    if np.ndim(getattr(last, "coef_", None)) == 2 and last.coef_.shape[0] > 1:
        return scorer_from_pipeline(model)  # several heads: explained per paragraph from the deciding one
    return model if isinstance(model, LinearScorer) else linear_view(model)


def _scorer_parts(scorer: Any, texts: list[str]) -> tuple[list[_Part], np.ndarray]:
    """The parts and the log-odds of ``texts`` from a model's plain arrays, each paragraph's from its deciding head."""
    from mtdetect.features import dense_columns, dense_matrix

    rows = np.arange(len(texts))
    logits = np.tile(scorer.intercept, (len(texts), 1))
    standardised = dense_share = None
    if scorer.families:
        standardised = (dense_matrix(texts, scorer.families) - scorer.dense_mean) / scorer.dense_scale
        dense_share = standardised @ scorer.dense_coef
        logits += dense_share
    ngram_shares = scorer.ngram_shares(texts)  # a FeatureUnion part (one view) each
    for share in ngram_shares.values():
        logits += share
    head = logits.argmax(axis=1)
    parts: list[_Part] = []
    if dense_share is not None:
        names = dense_columns(scorer.families)
        parts.append(_Part("dense", names if len(names) <= MAX_ITEMISED else None, standardised,
                           scorer.dense_coef.T[head], dense_share[rows, head]))
    parts.extend(_Part(view, None, share=share[rows, head]) for view, share in ngram_shares.items())
    return _with_intercept(parts, scorer.intercept[head]), logits[rows, head]


def _view_parts(view: LinearView, texts: list[str]) -> tuple[list[_Part], np.ndarray]:
    """The parts and the log-odds of ``texts`` from a scikit-learn pipeline's linear view."""
    decision = np.full(len(texts), view.intercept)
    parts: list[_Part] = []
    for block, matrix in zip(view.blocks, _block_values(view, texts)):
        block_sum = np.asarray(matrix @ view.coef[block.columns]).ravel()
        decision += block_sum
        parts.append(_Part(block.name, block.feature_names, matrix, view.slope * view.coef[block.columns],
                           view.slope * block_sum))
    return _with_intercept(parts, view.slope * view.intercept), view.slope * decision + view.offset


def _block_values(view: LinearView, texts: list[str]) -> list[Any]:
    """Each block's transformed matrix, times its FeatureUnion weight."""
    values = []
    for block in view.blocks:
        matrix = block.transformer.transform(texts)
        values.append(matrix * block.weight if block.weight != 1.0 else matrix)
    return values


def _row_contributions(parts: list[_Part], row: int, text: str, top_k: int | None) -> tuple[Contribution, ...]:
    items: list[Contribution] = []
    for part in parts:
        if part.columns is None:
            weight = float(part.share[row])
            up, down = BLOCK_WORDS.get(part.name, (f"{part.name} pattern typical of translation",
                                                   f"{part.name} pattern typical of native writing"))
            items.append(Contribution(part.name, up if weight > 0 else down, weight))
            continue
        matrix = part.values
        x = np.asarray(matrix[row].todense() if hasattr(matrix, "todense") else matrix[row]).ravel()
        weights = (part.coef[row] if part.coef.ndim == 2 else part.coef) * x
        for j in np.flatnonzero(weights):
            name = f"{part.name}__{part.columns[j]}"
            reason, spans = describe(name, float(x[j]), text)
            items.append(Contribution(name, reason, float(weights[j]), spans))
    merged = _merge_same_reason(items, text)
    merged.sort(key=lambda c: -abs(c.weight or 0.0))
    return tuple(merged if top_k is None else merged[:top_k])


def _merge_same_reason(items: list[Contribution], text: str) -> list[Contribution]:
    """One item per reason: columns that say the same thing add up.

    The synonym-gap and spin-odds columns share the spinner-tell reason but each names the
    words it saw, so they are merged on the reason alone and then name the union of their words.
    """
    by_reason: dict[str, Contribution] = {}
    for item in items:
        key = SYNONYM_TELL if item.reason.startswith(SYNONYM_TELL) else item.reason
        seen = by_reason.get(key)
        by_reason[key] = item if seen is None else Contribution(
            seen.name, seen.reason, (seen.weight or 0.0) + (item.weight or 0.0),
            tuple(dict.fromkeys(seen.spans + item.spans)))
    if SYNONYM_TELL in by_reason:
        tell = by_reason[SYNONYM_TELL]
        spans = tuple(sorted(tell.spans))
        by_reason[SYNONYM_TELL] = replace(tell, reason=_with_words(SYNONYM_TELL, text, spans), spans=spans)
    return list(by_reason.values())


def explain_batch(model: Any, texts: Sequence[str], *,
                  top_k: int | None = TOP_K) -> tuple[np.ndarray, list[tuple[Contribution, ...]]]:
    """Scores and their top ``top_k`` contributions (all with ``None``) for a batch of paragraphs.

    ``model`` is a :class:`~mtdetect.model.load.Detector` (explained from its plain arrays when it
    has them, so its pickle is never read), a :class:`~mtdetect.model.inference.LinearScorer` or a
    fitted pipeline. The features are computed once per batch, and the scores are the
    detector's ``raw_proba`` recomputed from the same linear pieces, so ``--explain`` costs
    no second feature pass.
    """
    if isinstance(texts, str):
        raise TypeError("expected a sequence of paragraphs, got a single string")
    texts = list(texts)
    source = _linear_source(model)
    if not texts:
        return np.zeros(0), []
    parts, logit = _view_parts(source, texts) if isinstance(source, LinearView) else _scorer_parts(source, texts)
    contributions = [_row_contributions(parts, row, text, top_k) for row, text in enumerate(texts)]
    return 1.0 / (1.0 + np.exp(-logit)), contributions


def baseline(model: Any) -> float:
    """Log-odds of the score when every contribution is zero: ``logit(p) = baseline + sum(weights)``.

    ``model`` as for :func:`explain_batch`.
    """
    source = _linear_source(model)
    if isinstance(source, LinearView):
        folded = any(block.feature_names is None for block in source.blocks)
        return source.offset + (0.0 if folded else source.slope * source.intercept)
    from mtdetect.features import dense_columns

    folded = bool(source.blocks) or len(dense_columns(source.families)) > MAX_ITEMISED
    if not folded and len(source.heads) > 1:
        raise ModelError("a model of several heads without n-gram blocks has no single baseline")
    return 0.0 if folded else float(source.intercept[0])


def drift_contributions(findings: Sequence[Any], paragraph: int) -> tuple[Contribution, ...]:
    """Entity-drift findings (:class:`mtdetect.findings.drift.DriftFinding`) touching one paragraph, as contributions.

    Drift is document-level evidence the paragraph model does not see, so its
    weight is ``None``; the spans are the variant spelling's occurrences.
    """
    return tuple(Contribution("drift__entity", f.reason, None,
                              tuple((start, end) for p, start, end in f.spans if p == paragraph))
                 for f in findings if paragraph in f.paragraphs)


def contribution_record(contribution: Contribution) -> dict[str, Any]:
    """The JSON form of one contribution (stable keys: name, reason, weight, spans)."""
    weight = None if contribution.weight is None else round(contribution.weight, 4)
    return {"name": contribution.name, "reason": contribution.reason, "weight": weight,
            "spans": [list(span) for span in contribution.spans]}
