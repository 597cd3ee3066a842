"""Score with the folded linear model from plain arrays, without scikit-learn or pickle.

A trained detector is one or more linear heads over standardised dense features and
sublinear-TF-IDF, l2-normalised hashed n-gram blocks (:mod:`mtdetect.model.load`); the
log-odds is the largest head's (:mod:`mtdetect.model.heads`; one head for a folded model).
All of it is numbers: the scaler's means and scales, each block's idf vector, one column of
coefficients per head, and each head's intercept. :func:`scorer_from_pipeline` extracts them,
:func:`save_scorer` writes them as an ``.npz`` (read by :func:`load_scorer` with
``allow_pickle=False``, so reading it cannot run code) and
:class:`LinearScorer` recomputes the pipeline's probabilities from them: the same
n-grams, the same MurmurHash3 buckets (``mmh3``), the same weighting. The optional
compiled module :mod:`mtdetect._ngrams` does the n-gram blocks' work in C with the same
sums in the same order; without a C compiler at install time the Python path runs. Scoring
therefore skips importing scikit-learn and SciPy (most of a cold start) and never
unpickles. Tests check it against the scikit-learn pipeline to 1e-9.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.features import as_texts, plain_dense_matrix
from mtdetect.features._text.lexicon import lexical_text, lexical_tokens, masked_text, masked_tokens
from mtdetect.inputs.text import without_surrogates
from mtdetect.inputs.twins import TwinPattern

# None without a C compiler: HashedBlock's Python path gives the same numbers
from mtdetect._compiled import ngrams as _ngrams

ARRAYS_FORMAT = 2  # 2: one coefficient column and intercept per head (format 1: one head)
READABLE_FORMATS = (1, 2)
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default
DEFAULT_TOKENS = TwinPattern.compile(TOKEN_PATTERN, r"\b[A-Za-z0-9_][A-Za-z0-9_]+\b")
TEXT_VIEWS: dict[str, Callable[[str], str]] = {"masked": masked_text, "lexical": lexical_text, "raw": str}
# The views whose texts are token lists joined by single spaces, as those lists.
TOKEN_VIEWS: dict[str, Callable[[str], list[str]]] = {"masked": masked_tokens, "lexical": lexical_tokens}
WHITESPACE_PATTERN = r"\S+"  # the word blocks' pattern: over a joined view, it finds the view's tokens
_WHITE_SPACES = re.compile(r"\s\s+")
WORD_CACHE_SIZE = 100_000  # words whose character n-gram buckets are kept (a few tens of MB)


def word_ngrams(text: str, pattern: re.Pattern[str], low: int, high: int) -> list[str]:
    """What scikit-learn's ``analyzer="word"`` yields (no lower-casing, no stop words)."""
    tokens = pattern.findall(text)
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """What scikit-learn's ``analyzer="char_wb"`` yields: n-grams inside space-padded words."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:  # the whole padded word is the only n-gram, and no longer ones exist
                grams.append(padded)
                break
            grams.extend(padded[i:i + n] for i in range(size - n + 1))
    return grams


@dataclass(frozen=True)
class HashedBlock:
    """One hashed n-gram block: how to get its n-grams and how to weight them."""

    view: str
    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: str | None
    idf: np.ndarray
    coef: np.ndarray  # (width, heads)

    buckets_by_word: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    compiled_buckets_by_word: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if np.ndim(self.coef) == 1:  # one head
            object.__setattr__(self, "coef", np.asarray(self.coef).reshape(-1, 1))
        if self.coef.shape[0] != len(self.idf):
            raise ValueError(f"{self.coef.shape[0]} coefficient rows for a block {len(self.idf)} buckets wide")

    def buckets(self, viewed: str) -> tuple[np.ndarray, np.ndarray]:
        """Hash buckets of the n-grams of an already-viewed text, and how often each occurs."""
        import mmh3

        n_features = len(self.idf)
        low, high = self.ngram_range
        if self.analyzer == "char_wb":  # n-grams never cross words: hash each word once, then reuse
            counted = Counter(viewed.split())
            cache = self.buckets_by_word
            if len(cache) > WORD_CACHE_SIZE:
                cache.clear()
            parts = []
            for word in counted:
                if word not in cache:
                    grams = char_wb_ngrams(word, low, high)
                    cache[word] = np.abs(np.fromiter(map(mmh3.hash, grams), np.int64, len(grams))) % n_features
                parts.append(cache[word])
            sizes = [len(part) for part in parts]
            counts = np.repeat(np.fromiter(counted.values(), np.float64, len(counted)), sizes)
            return (np.concatenate(parts) if parts else np.zeros(0, np.int64)), counts
        pattern = re.compile(self.token_pattern or TOKEN_PATTERN)
        counted = Counter(word_ngrams(viewed, pattern, low, high))
        hashes = np.fromiter(map(mmh3.hash, counted), np.int64, len(counted))
        return np.abs(hashes) % n_features, np.fromiter(counted.values(), np.float64, len(counted))

    def decision(self, viewed_texts: Sequence[str]) -> np.ndarray:
        """This block's share of each paragraph's log-odds per head, ``(texts, heads)`` (texts already in its view)."""
        if _ngrams is not None:
            return self.compiled_decision(viewed_texts)
        return self.python_decision(viewed_texts)

    def python_decision(self, viewed_texts: Sequence[str]) -> np.ndarray:
        """:meth:`decision` in Python and numpy (the reference for the compiled path)."""
        n_texts, n_features = len(viewed_texts), len(self.idf)
        if not n_texts:
            return np.zeros((0, self.coef.shape[1]))
        rows, buckets, counts = [], [], []
        for row, viewed in enumerate(viewed_texts):
            bucket, count = self.buckets(viewed)
            buckets.append(bucket)
            counts.append(count)
            rows.append(np.full(len(bucket), row, dtype=np.int64))
        keys, inverse = np.unique(np.concatenate(rows) * n_features + np.concatenate(buckets), return_inverse=True)
        summed = np.bincount(inverse.ravel(), weights=np.concatenate(counts))  # repeats and collisions add up
        row_of, bucket = np.divmod(keys, n_features)
        weight = (np.log(summed) + 1.0) * self.idf[bucket]
        norm = np.sqrt(np.bincount(row_of, weights=weight * weight, minlength=n_texts))
        dot = np.column_stack([np.bincount(row_of, weights=weight * column[bucket], minlength=n_texts)
                               for column in self.coef.T])
        return np.divide(dot, norm[:, None], out=np.zeros(dot.shape), where=norm[:, None] > 0)

    @property
    def splits_on_white_space(self) -> bool:
        """Whether the block's items are its view's white-space-separated pieces (then a token view's list)."""
        return self.analyzer == "char_wb" or self.token_pattern == WHITESPACE_PATTERN

    def compiled_decision(self, viewed_texts: Sequence[str]) -> np.ndarray:
        """:meth:`decision` by :mod:`mtdetect._ngrams`: the same n-grams, buckets and sums, in C."""
        if self.splits_on_white_space:
            split = str.split
        elif (self.token_pattern or TOKEN_PATTERN) == TOKEN_PATTERN:
            split = DEFAULT_TOKENS.findall
        else:
            split = re.compile(self.token_pattern).findall
        return self.compiled_decision_on_items([split(text) for text in viewed_texts])

    def compiled_decision_on_items(self, items: Sequence[list[str]]) -> np.ndarray:
        """:meth:`compiled_decision` of each paragraph's items (words for ``char_wb``, else tokens), already split."""
        low, high = self.ngram_range
        char_wb, cache = self.analyzer == "char_wb", self.compiled_buckets_by_word
        idf, coef = np.ascontiguousarray(self.idf, np.float64), np.ascontiguousarray(self.coef, np.float64)
        shares = [_ngrams.block_decision(found, char_wb, low, high, idf, coef, cache, WORD_CACHE_SIZE)
                  for found in items]  # a float per text for one head, a tuple of floats for several
        return np.array(shares, dtype=np.float64).reshape(len(items), coef.shape[1])


def reads_token_lists(block: HashedBlock) -> bool:
    """Whether the scorer hands ``block`` its view as token lists (:data:`TOKEN_VIEWS`) rather than as text."""
    return _ngrams is not None and block.splits_on_white_space and block.view in TOKEN_VIEWS


@dataclass(frozen=True)
class LinearScorer:
    """The detector's probabilities from arrays alone (see the module docstring)."""

    families: tuple[str, ...]
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    dense_coef: np.ndarray  # (columns, heads), already multiplied by the union's dense weight
    blocks: tuple[HashedBlock, ...]
    intercept: np.ndarray  # one per head
    heads: tuple[str, ...] = ("folded",)

    def head_logits(self, texts: Sequence[str]) -> np.ndarray:
        """Each head's log-odds, ``(texts, heads)``."""
        texts = as_texts(texts)  # plain typography, as the pipeline's transformers read it
        logits = np.tile(self.intercept, (len(texts), 1))
        if self.families and texts:
            standardised = (plain_dense_matrix(texts, self.families) - self.dense_mean) / self.dense_scale
            logits += standardised @ self.dense_coef
        for share in self._ngram_shares(texts).values():
            logits += share
        return logits

    def ngram_shares(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per view (a FeatureUnion part), its blocks' share of each head's log-odds, ``(texts, heads)``."""
        return self._ngram_shares(as_texts(texts))

    def _ngram_shares(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        shares: dict[str, np.ndarray] = {}
        views: dict[str, list[str]] = {}
        token_views: dict[str, list[list[str]]] = {}
        # No lone surrogates: UTF-8, which the n-grams are hashed in, cannot encode them.
        encodable = [without_surrogates(text) for text in texts] if self.blocks else texts
        for block in self.blocks:
            if reads_token_lists(block):
                if block.view not in token_views:  # the view's tokens as lists: no joining and splitting again
                    token_views[block.view] = [TOKEN_VIEWS[block.view](text) for text in encodable]
                share = block.compiled_decision_on_items(token_views[block.view])
            else:
                if block.view not in views:
                    views[block.view] = [TEXT_VIEWS[block.view](text) for text in encodable]
                share = block.decision(views[block.view])
            shares[block.view] = shares[block.view] + share if block.view in shares else share
        return shares

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """The log-odds: the largest head's."""
        return self.head_logits(texts).max(axis=1)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of the positive class (machine-translated or spun) per paragraph."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(texts)))


def _hashed_block(view: str, pipeline: Any, coef: np.ndarray) -> HashedBlock:
    hashing, tfidf = pipeline.named_steps["hash"], pipeline.named_steps["tfidf"]
    if hashing.alternate_sign or hashing.norm is not None or hashing.lowercase or not tfidf.sublinear_tf \
            or tfidf.norm != "l2" or hashing.analyzer not in ("word", "char_wb") or hashing.preprocessor \
            or hashing.tokenizer or hashing.strip_accents:
        raise ValueError("only the hashed n-gram blocks that mtdetect builds can be exported")
    return HashedBlock(view=view, analyzer=hashing.analyzer, ngram_range=tuple(hashing.ngram_range),
                       token_pattern=hashing.token_pattern, idf=np.asarray(tfidf.idf_, dtype=np.float64),
                       coef=coef)


def scorer_from_pipeline(pipeline: Any) -> LinearScorer:
    """The :class:`LinearScorer` equal to a fitted pipeline from :func:`mtdetect.model.load.fit_detector`."""
    union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    coef = np.asarray(classifier.coef_, dtype=np.float64).T  # (columns, heads)
    weights = union.transformer_weights or {}
    families: tuple[str, ...] = ()
    mean = scale = np.zeros(0)
    dense_coef = np.zeros((0, coef.shape[1]))
    blocks: list[HashedBlock] = []
    start = 0
    for name, part in union.transformer_list:
        first, rest = part.steps[0][1], part.steps[1][1]
        if name == "dense":
            families = tuple(first.families)
            mean, scale = np.asarray(rest.mean_, dtype=np.float64), np.asarray(rest.scale_, dtype=np.float64)
            dense_coef = coef[start:start + len(mean)] * weights.get(name, 1.0)
            start += len(mean)
            continue
        inner = rest.transformer_list if hasattr(rest, "transformer_list") else [(name, rest)]
        for _, hashed in inner:
            width = hashed.named_steps["hash"].n_features
            blocks.append(_hashed_block(name, hashed, coef[start:start + width] * weights.get(name, 1.0)))
            start += width
    if start != len(coef):
        raise ValueError(f"exported {start} columns but the classifier has {len(coef)}")
    heads = tuple(getattr(classifier, "names", ("folded",)))
    return LinearScorer(families, mean, scale, dense_coef, tuple(blocks),
                        np.asarray(classifier.intercept_, dtype=np.float64).ravel(), heads)


def save_scorer(scorer: LinearScorer, path: Path) -> None:
    """Write ``scorer`` as a compressed ``.npz``: plain arrays and a JSON spec, no Python objects."""
    spec = {"format": ARRAYS_FORMAT, "families": list(scorer.families), "heads": list(scorer.heads),
            "intercept": [float(x) for x in scorer.intercept],
            "blocks": [{"view": b.view, "analyzer": b.analyzer, "ngram_range": list(b.ngram_range),
                        "token_pattern": b.token_pattern} for b in scorer.blocks]}
    arrays = {"spec": np.array(json.dumps(spec)), "dense_mean": scorer.dense_mean,
              "dense_scale": scorer.dense_scale, "dense_coef": scorer.dense_coef}
    for k, block in enumerate(scorer.blocks):
        arrays[f"block{k}_idf"], arrays[f"block{k}_coef"] = block.idf, block.coef
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)


def load_scorer(path: Path) -> LinearScorer:
    """Read a scorer written by :func:`save_scorer` (either format); raises ValueError if it is not one."""
    with np.load(path, allow_pickle=False) as data:
        spec = json.loads(str(data["spec"]))
        if spec.get("format") not in READABLE_FORMATS:
            raise ValueError(f"unsupported arrays format {spec.get('format')!r}")
        intercept = np.atleast_1d(np.asarray(spec["intercept"], dtype=np.float64))
        heads = tuple(spec.get("heads", ("folded",)))
        if len(heads) != len(intercept):
            raise ValueError(f"{len(heads)} heads but {len(intercept)} intercepts")
        blocks = tuple(HashedBlock(view=b["view"], analyzer=b["analyzer"], ngram_range=tuple(b["ngram_range"]),
                                   token_pattern=b["token_pattern"], idf=data[f"block{k}_idf"],
                                   coef=_per_head(data[f"block{k}_coef"], len(data[f"block{k}_idf"]), heads))
                       for k, b in enumerate(spec["blocks"]))
        return LinearScorer(tuple(spec["families"]), data["dense_mean"], data["dense_scale"],
                            _per_head(data["dense_coef"], len(data["dense_mean"]), heads), blocks, intercept, heads)


def _per_head(values: np.ndarray, rows: int, heads: tuple[str, ...]) -> np.ndarray:
    """Stored coefficients as ``(rows, heads)``; ValueError when their size says otherwise."""
    if values.size != rows * len(heads):
        raise ValueError(f"{values.size} coefficients for {rows} columns and {len(heads)} heads")
    return np.asarray(values, dtype=np.float64).reshape(rows, len(heads))
