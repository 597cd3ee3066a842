"""Build, fit, calibrate, save and load the detector.

The estimator is a scikit-learn pipeline: dense stylometric/fluency/readability/synonym
features (standardised) next to hashed n-grams of content-masked text, fed to specialist
*heads*: one logistic regression per kind of machine processing (translation: people's text
vs MT and round trips; spin: native text vs its spun copies), each fitted only on the origins
it concerns. By default (``combine="max"``, :mod:`mtdetect.model.heads`) each head is
calibrated on a held-out split and the score is the strongest head's; ``combine="fold"``
combines them instead by a logistic regression on their log-odds, which folds into one
coefficient vector. Either way every head is linear, so each feature's contribution stays
exact for explanations. A model is saved as a joblib file, the same
model as plain arrays (``.npz``, :mod:`mtdetect.model.inference`) and a JSON card carrying both files'
sha256, which are checked before anything is read: unpickling a joblib file runs code. Scoring
reads only the arrays; the pickle is opened when a pipeline is needed (explanations, evaluation).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mtdetect import __version__
from mtdetect.errors import ModelError
from mtdetect.features import DEFAULT_FAMILIES, dense_columns

if TYPE_CHECKING:
    from mtdetect.model.inference import LinearScorer
    from mtdetect.model.lengths import LengthBand

CARD_FORMAT = 1
MODEL_ENV = "MTDETECT_MODEL"
DEFAULT_MODEL_NAME = "mtdetect-en"


# Which origins each specialist head is fitted on. One head over every origin
# ("all") is the ablation: spun copies share their originals' words, so mixing
# them with translation costs the translation head accuracy (docs/validation.md, heads_all).
HEAD_ORIGINS: dict[str, tuple[str, ...]] = {
    "translation": ("native", "human", "machine", "roundtrip"),
    "spin": ("native", "spun"),
    "all": ("native", "human", "machine", "roundtrip", "spun"),
}
COMBINER_C = 100.0  # a handful of parameters fitted on thousands of paragraphs: barely regularised


@dataclass(frozen=True)
class LabelledTexts:
    """Paragraphs with their binary labels and origins (``native``, ``machine``, ...)."""

    texts: list[str]
    labels: np.ndarray
    origins: np.ndarray


@dataclass(frozen=True)
class ModelOptions:
    """Hyper-parameters of the pipeline; stored in the card."""

    families: tuple[str, ...] = DEFAULT_FAMILIES
    masked_ngrams: bool = True
    lexical_ngrams: bool = True
    ngram_max: int = 3
    hash_bits: int = 18
    dense_weight: float = 0.1
    C: float = 3.0
    # The translation head alone by default: a spin head trained on news and its spun copies scores
    # manual pages and API references as spun (docs/validation.md, "1.9.0").
    heads: tuple[str, ...] = ("translation",)
    # "max": heads calibrated apart, the score is the strongest (mtdetect.model.heads);
    # "fold": one linear combination of the heads fitted on the calibration split.
    combine: str = "max"
    # With "max", the heads' log-odds are shifted to agree at this quantile of val natives: else the
    # spin head, whose log-odds spread wider, would own the native tail and make most false alarms.
    # Not higher: val holds a few hundred natives, and a higher quantile of so few is nearly their maximum.
    align_quantile: float = 0.99
    # Dense columns the combiner reads directly next to the heads' log-odds (``--spinner-prior``: a
    # likelihood ratio that needs no training, weighted on val; docs/experiments/results-1.7.md,
    # "Spinner prior").
    combiner_columns: tuple[str, ...] = ()
    seed: int = 13


@dataclass
class Detector:
    """A fitted, calibrated detector with its card.

    Scores come from ``scorer`` (plain arrays, see :mod:`mtdetect.model.inference`) when the
    model has one, else from the scikit-learn ``pipeline``; the pipeline itself is
    unpickled only when something needs it (explanations, evaluation).
    """

    card: dict[str, Any] = field(default_factory=dict)
    pipeline: Any = None
    scorer: LinearScorer | None = None
    path: Path | None = None
    trusted: bool = False

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", {}).get("value", 0.5))

    def threshold_or(self, override: float | None) -> float:
        """``--threshold`` when given, else the card's."""
        return self.threshold if override is None else override

    @property
    def estimator(self) -> Any:
        """The scikit-learn pipeline (features, folded classifier), loaded on first use."""
        if self.pipeline is None:
            if self.path is None:
                raise ModelError("this detector has no pipeline and no model file to load it from")
            self.pipeline = _unpickle(self.path, self.card, trust=self.trusted)
        return self.pipeline

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probability that each paragraph is machine-translated or spun (length-calibrated)."""
        from mtdetect.model.lengths import word_counts

        return self.length_calibrated(self.raw_proba(texts), word_counts(texts))

    def raw_proba(self, texts: list[str]) -> np.ndarray:
        """The classifier's probabilities before length calibration (what documents pool)."""
        if self.scorer is not None:
            return self.scorer.predict_proba(texts)
        return self.estimator.predict_proba(texts)[:, 1]

    @property
    def length_bands(self) -> tuple[LengthBand, ...]:
        """The card's length calibration (none for a model trained before it)."""
        from mtdetect.model.lengths import bands_from_card

        return tuple(bands_from_card(self.card))

    def length_calibrated(self, probabilities: np.ndarray, n_words: Sequence[int]) -> np.ndarray:
        """``probabilities`` of paragraphs ``n_words`` long, with the card's length bands applied."""
        from mtdetect.model.lengths import adjust

        bands = self.length_bands
        return adjust(probabilities, n_words, bands) if bands else probabilities


def _hashed(analyzer: str, ngrams: tuple[int, int], bits: int) -> Any:
    """Hashed n-gram counts re-weighted by sublinear TF-IDF (no vocabulary to store)."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import Pipeline

    pattern = r"\S+" if analyzer == "word" else None
    hashing = HashingVectorizer(analyzer=analyzer, token_pattern=pattern, lowercase=False,
                                ngram_range=ngrams, n_features=2**bits, alternate_sign=False, norm=None)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_features(options: ModelOptions) -> Any:
    """The feature union (dense families and hashed n-gram blocks) for ``options``."""
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import StandardScaler

    from mtdetect.features.transformers import DenseFeatures, LexicalText, MaskedText

    parts: list[tuple[str, Any]] = []
    if options.families:
        parts.append(("dense", Pipeline([("features", DenseFeatures(families=options.families)),
                                         ("scale", StandardScaler())])))
    if options.masked_ngrams:
        parts.append(("masked", Pipeline([("mask", MaskedText()),
                                          ("ngrams", _hashed("word", (1, options.ngram_max), options.hash_bits))])))
    if options.lexical_ngrams:
        lexical = FeatureUnion([("words", _hashed("word", (1, 2), options.hash_bits)),
                                ("chars", _hashed("char_wb", (2, 5), options.hash_bits))])
        parts.append(("lexical", Pipeline([("mask", LexicalText()), ("ngrams", lexical)])))
    if not parts:
        raise ValueError("the model needs at least one feature family or n-gram block")
    # Dense columns are standardised (unit variance each); the sparse blocks are
    # l2-normalised rows. Down-weighting dense keeps one regularisation strength fair to both.
    return FeatureUnion(parts, transformer_weights={"dense": options.dense_weight} if options.families else None)


def origin_weights(origins: np.ndarray) -> np.ndarray:
    """Sample weights giving each origin the same total weight, mean 1.

    The small native class (the one whose false positives cost most) is not drowned
    by the many machine outputs.
    """
    _, inverse, counts = np.unique(origins, return_inverse=True, return_counts=True)
    raw = 1.0 / counts[inverse]
    return raw * len(origins) / raw.sum()


def balanced_weights(labels: np.ndarray, origins: np.ndarray) -> np.ndarray:
    """Sample weights giving both classes the same total, and each origin the same share of its class, mean 1.

    Calibrating with them makes a score read as the probability of machine origin at even
    prior odds, instead of at the data's mix (mostly machine output).
    """
    labels, origins = np.asarray(labels), np.asarray(origins).astype(str)
    names, inverse, counts = np.unique(origins, return_inverse=True, return_counts=True)
    class_of = [labels[origins == name][0] for name in names]
    origins_in_class = np.array([class_of.count(label) for label in class_of])
    raw = 1.0 / (counts * origins_in_class)[inverse]
    return raw * len(raw) / raw.sum()


def _dense_column(X: Any, j: int) -> np.ndarray:
    """Column ``j`` of a (possibly sparse) feature matrix as a flat array."""
    column = X[:, [j]]
    return np.asarray(column.toarray() if hasattr(column, "toarray") else column).ravel()


def _fold(heads: list[Any], combiner: Any, n_features: int, direct: Sequence[int] = ()) -> Any:
    """One logistic regression equal to ``combiner`` applied to the heads' log-odds and the ``direct`` columns."""
    from sklearn.linear_model import LogisticRegression

    weights = combiner.coef_.ravel()
    folded = LogisticRegression()
    folded.coef_ = sum(w * head.coef_ for w, head in zip(weights, heads))
    for w, column in zip(weights[len(heads):], direct):
        folded.coef_[0, column] += w
    folded.intercept_ = combiner.intercept_ + sum(w * head.intercept_ for w, head in zip(weights, heads))
    folded.classes_ = np.array([0, 1])
    folded.n_features_in_ = n_features
    return folded


def fit_head(X: Any, labels: np.ndarray, origins: np.ndarray, head: str, *, C: float, seed: int) -> Any:
    """One specialist head: a logistic regression on the rows of ``head``'s origins, each origin weighted equally."""
    from sklearn.linear_model import LogisticRegression

    rows = np.isin(origins, HEAD_ORIGINS[head])
    if len(set(labels[rows])) < 2:
        raise ValueError(f"head '{head}' needs both classes among {HEAD_ORIGINS[head]} in the training data")
    classifier = LogisticRegression(C=C, max_iter=3000, random_state=seed)
    return classifier.fit(X[rows], labels[rows], sample_weight=origin_weights(origins[rows]))


def fit_detector(options: ModelOptions, train: LabelledTexts, calibration: LabelledTexts,
                 calibration_weights: np.ndarray) -> tuple[Any, dict[str, Any]]:
    """Fit the heads on ``train``, calibrate (and with ``combine="fold"`` combine) them on ``calibration``.

    ``calibration_weights`` weigh the fold's combiner (both classes equal). Returns the pipeline
    (features, combined classifier) and a summary of the heads for the card.
    """
    from sklearn.pipeline import Pipeline

    unknown = set(options.heads) - set(HEAD_ORIGINS)
    if not options.heads or unknown:
        raise ValueError(f"unknown heads {sorted(unknown)}; choose from {list(HEAD_ORIGINS)}")
    if options.combine not in ("max", "fold"):
        raise ValueError(f"unknown combine {options.combine!r}; choose 'max' or 'fold'")
    if options.combiner_columns and options.combine != "fold":
        raise ValueError("combiner columns need combine='fold'")
    features = build_features(options)
    X = features.fit_transform(train.texts)
    heads = [fit_head(X, train.labels, train.origins, name, C=options.C, seed=options.seed) for name in options.heads]
    rows_per_head = {name: int(np.isin(train.origins, HEAD_ORIGINS[name]).sum()) for name in options.heads}
    X_calibration = features.transform(calibration.texts)
    if options.combine == "max":
        classifier, summary = _max_of_heads(options, heads, X_calibration, calibration)
    else:
        classifier, summary = _folded_heads(options, heads, X_calibration, calibration, calibration_weights)
    for name, head in summary["heads"].items():
        head.update(origins=list(HEAD_ORIGINS[name]), training_paragraphs=rows_per_head[name])
    return Pipeline([("features", features), ("classifier", classifier)]), summary


def _max_of_heads(options: ModelOptions, heads: list[Any], X: Any,
                  calibration: LabelledTexts) -> tuple[Any, dict[str, Any]]:
    """Each head Platt-calibrated on its own origins' calibration rows, aligned on the natives' tail."""
    from mtdetect.model.heads import MaxOfHeads, alignment_shifts, platt

    coef, intercept = [], []
    for name, head in zip(options.heads, heads):
        rows = np.isin(calibration.origins, HEAD_ORIGINS[name])
        slope, offset = platt(head.decision_function(X[rows]), calibration.labels[rows],
                              balanced_weights(calibration.labels[rows], calibration.origins[rows]), seed=options.seed)
        coef.append(slope * head.coef_.ravel())
        intercept.append(slope * float(head.intercept_[0]) + offset)
    classifier = MaxOfHeads.from_heads(np.array(coef), np.array(intercept), options.heads)
    native = calibration.origins == "native"
    if not native.any():
        raise ValueError("the calibration split needs native paragraphs to align the heads on")
    shifts = alignment_shifts(classifier.head_logits(X[native]), options.align_quantile)
    classifier.intercept_ = classifier.intercept_ + shifts
    summary = {"combine": "max",
               "how": "each head Platt-calibrated on the val rows of its origins (classes weighted equally), "
                      f"shifted so that every head reaches the same log-odds at the {options.align_quantile:.1%} "
                      "quantile of val native paragraphs; a paragraph's log-odds is the largest head's",
               "heads": {name: {"shift": round(float(shift), 4)} for name, shift in zip(options.heads, shifts)}}
    return classifier, summary


def _folded_heads(options: ModelOptions, heads: list[Any], X: Any, calibration: LabelledTexts,
                  calibration_weights: np.ndarray) -> tuple[Any, dict[str, Any]]:
    """The heads' log-odds (and any combiner columns) combined by one logistic regression, folded."""
    from sklearn.linear_model import LogisticRegression

    columns = dense_columns(options.families) if options.families else ()
    missing = set(options.combiner_columns) - set(columns)
    if missing:
        raise ValueError(f"combiner columns {sorted(missing)} are not among the model's dense columns")
    direct = [columns.index(name) for name in options.combiner_columns]  # the dense block comes first
    inputs = np.column_stack([head.decision_function(X) for head in heads]
                             + [_dense_column(X, j) for j in direct])
    combiner = LogisticRegression(C=COMBINER_C, max_iter=1000, random_state=options.seed)
    combiner.fit(inputs, calibration.labels, sample_weight=calibration_weights)
    weights = combiner.coef_.ravel()
    summary: dict[str, Any] = {
        "combine": "fold",
        "heads": {name: {"weight": round(float(w), 4)} for name, w in zip(options.heads, weights)},
        "intercept": round(float(combiner.intercept_[0]), 4),
    }
    if direct:
        summary["combiner_columns"] = {columns[j]: round(float(w), 4) for j, w in zip(direct, weights[len(heads):])}
    return _fold(heads, combiner, X.shape[1], direct), summary


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def arrays_path(model_path: Path) -> Path:
    """The plain-array copy of a model (:mod:`mtdetect.model.inference`), beside the joblib file."""
    return model_path.with_suffix(".npz")


def save_detector(detector: Detector, path: Path) -> dict[str, Any]:
    """Write ``path`` (joblib), its plain-array copy and its card beside it; return the card."""
    import joblib
    import sklearn

    from mtdetect.model.inference import save_scorer, scorer_from_pipeline

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(detector.estimator, path, compress=3)
    save_scorer(scorer_from_pipeline(detector.estimator), arrays_path(path))
    card = {
        **detector.card,
        "format": CARD_FORMAT,
        "mtdetect_version": __version__,
        "sklearn_version": sklearn.__version__,
        "model_file": path.name,
        "sha256": sha256_of(path),
        "size_bytes": path.stat().st_size,
        "arrays_file": arrays_path(path).name,
        "arrays_sha256": sha256_of(arrays_path(path)),
    }
    card_path(path).write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return card


def shipped_model_path() -> Path:
    """The model installed with the package (package data ``mtdetect.models``), else a source checkout's."""
    try:
        return Path(str(resources.files("mtdetect.models") / f"{DEFAULT_MODEL_NAME}.joblib"))
    except ModuleNotFoundError:  # mtdetect imported from a checkout's src/ (``PYTHONPATH=src``): models/
        return Path(__file__).resolve().parents[3] / "models" / f"{DEFAULT_MODEL_NAME}.joblib"


def resolve_model_path(path: str | os.PathLike[str] | None) -> Path:
    """``--model`` if given, else ``$MTDETECT_MODEL``, else the shipped model."""
    chosen = path or os.environ.get(MODEL_ENV)
    return Path(chosen) if chosen else shipped_model_path()


def read_card(path: Path) -> dict[str, Any]:
    """The JSON card beside a model file."""
    card_file = card_path(path)
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{card_file}: model card not found (every model needs its card)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{card_file}: unreadable model card ({error})") from None
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise ModelError(f"{card_file}: unsupported model card format (expected {CARD_FORMAT})")
    return card


def _check_sha(path: Path, expected: object) -> None:
    if sha256_of(path) != expected:
        raise ModelError(f"{path}: sha256 does not match its card: corrupted or tampered model "
                         "(use --trust-model only if you made it yourself)")


def verify(path: Path, card: dict[str, Any]) -> None:
    """Refuse a model whose files do not match the sha256 recorded in its card."""
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    _check_sha(path, card.get("sha256"))
    arrays = _arrays_beside(path, card)
    if arrays is not None:
        _check_sha(arrays, card.get("arrays_sha256"))


def _arrays_beside(path: Path, card: dict[str, Any]) -> Path | None:
    """The plain-array copy named by the card, if it is there (copying only the joblib still works)."""
    name = card.get("arrays_file")
    arrays = path.with_name(str(name)) if name else None
    return arrays if arrays is not None and arrays.is_file() else None


def _unpickle(path: Path, card: dict[str, Any], *, trust: bool) -> Any:
    """The scikit-learn pipeline, after checking the library version it was pickled with."""
    import joblib
    import sklearn

    trained_with = str(card.get("sklearn_version", "")).split(".")[:2]
    if not trust and trained_with != sklearn.__version__.split(".")[:2]:
        raise ModelError(f"{path}: trained with scikit-learn {card.get('sklearn_version')}, "
                         f"installed {sklearn.__version__}; retrain or use --trust-model")
    try:
        estimator = joblib.load(path)
    except Exception as error:  # a pickle can fail in any way; report it in one line
        raise ModelError(f"{path}: cannot load model ({type(error).__name__}: {error})") from None
    if not hasattr(estimator, "predict_proba"):
        raise ModelError(f"{path}: not an mtdetect model")
    return estimator


def load_detector(path: str | os.PathLike[str] | None = None, *, trust: bool = False) -> Detector:
    """Load a verified model; ``trust`` skips the checks (never for files from elsewhere).

    The plain-array copy is preferred: reading it runs no code and needs no scikit-learn.
    """
    model_path = resolve_model_path(path)
    if not model_path.is_file():
        raise ModelError(f"{model_path}: model file not found")
    card = read_card(model_path)
    if not trust:
        verify(model_path, card)
    detector = Detector(card=card, path=model_path, trusted=trust)
    arrays = _arrays_beside(model_path, card)
    if arrays is None:
        check_columns(model_path, card, card.get("options", {}).get("families", DEFAULT_FAMILIES), None)
        detector.pipeline = _unpickle(model_path, card, trust=trust)
        return detector
    from mtdetect.model.inference import load_scorer

    try:
        detector.scorer = load_scorer(arrays)
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ModelError(f"{arrays}: cannot load model arrays ({type(error).__name__}: {error})") from None
    check_columns(model_path, card, detector.scorer.families, len(detector.scorer.dense_mean))
    return detector


def check_columns(path: Path, card: dict[str, Any], families: Sequence[str], n_columns: int | None) -> None:
    """Refuse a model fitted on other dense feature columns than this mtdetect computes for ``families``.

    A model trained by another mtdetect version may expect columns that were since added,
    removed or reordered; scoring with it would fail deep inside, or worse, not at all.
    The card's column names are compared when it has them, and ``n_columns`` (the plain
    arrays' width) when given.
    """
    from mtdetect.features import FAMILIES

    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        raise ModelError(f"{path}: model uses feature families this mtdetect does not have: {', '.join(unknown)}")
    expected = dense_columns(families)
    recorded = card.get("features", {}).get("dense_columns")
    if recorded is not None and n_columns is None:
        n_columns = len(recorded)
    if (recorded is not None and list(recorded) != list(expected)) or n_columns not in (None, len(expected)):
        raise ModelError(f"{path}: model was trained on other feature columns ({n_columns}) than this mtdetect "
                         f"{__version__} computes ({len(expected)}); it comes from mtdetect "
                         f"{card.get('mtdetect_version', '?')}: retrain it with `mtdetect train`")


def options_to_card(options: ModelOptions) -> dict[str, Any]:
    return asdict(options)
