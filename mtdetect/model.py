"""Build, fit, calibrate, save and load the detector.

The estimator is a scikit-learn pipeline: dense stylometric/fluency/artifact
features (standardised) next to hashed n-grams of content-masked text, fed to a
logistic regression, then calibrated (Platt scaling) on a held-out split so the
score reads as a probability. A model is saved as a joblib file plus a JSON
card; the card carries the file's sha256, which is checked *before* unpickling,
because unpickling a joblib file runs code.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect import __version__
from mtdetect.errors import ModelError

CARD_FORMAT = 1
MODEL_ENV = "MTDETECT_MODEL"
DEFAULT_MODEL_NAME = "mtdetect-en"


@dataclass(frozen=True)
class ModelOptions:
    """Hyper-parameters of the pipeline; stored in the card."""

    families: tuple[str, ...] = ("style", "fluency", "artifacts", "readability")
    masked_ngrams: bool = True
    lexical_ngrams: bool = True
    ngram_max: int = 3
    hash_bits: int = 18
    dense_weight: float = 0.1
    C: float = 3.0
    seed: int = 13


@dataclass
class Detector:
    """A fitted, calibrated estimator with its card."""

    estimator: Any
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", {}).get("value", 0.5))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probability that each paragraph is machine-translated or spun."""
        return self.estimator.predict_proba(texts)[:, 1]


def _hashed(analyzer: str, ngrams: tuple[int, int], bits: int) -> Any:
    """Hashed n-gram counts re-weighted by sublinear TF-IDF (no vocabulary to store)."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import Pipeline

    pattern = r"\S+" if analyzer == "word" else None
    hashing = HashingVectorizer(analyzer=analyzer, token_pattern=pattern, lowercase=False,
                                ngram_range=ngrams, n_features=2**bits, alternate_sign=False, norm=None)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_pipeline(options: ModelOptions) -> Any:
    """The uncalibrated scikit-learn pipeline for ``options``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import StandardScaler

    from mtdetect.features import DenseFeatures, LexicalText, MaskedText

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
    union = FeatureUnion(parts, transformer_weights={"dense": options.dense_weight})
    classifier = LogisticRegression(C=options.C, max_iter=3000, random_state=options.seed)
    return Pipeline([("features", union), ("classifier", classifier)])


def fit_detector(options: ModelOptions, train: tuple[list[str], np.ndarray, np.ndarray],
                 calibration: tuple[list[str], np.ndarray, np.ndarray]) -> Any:
    """Fit on ``train`` (texts, labels, sample weights), then Platt-calibrate on ``calibration`` (same)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.frozen import FrozenEstimator

    texts, labels, weights = train
    pipeline = build_pipeline(options)
    pipeline.fit(texts, labels, classifier__sample_weight=weights)
    calibrated = CalibratedClassifierCV(FrozenEstimator(pipeline), method="sigmoid")
    calibration_texts, calibration_labels, calibration_weights = calibration
    with warnings.catch_warnings():  # the weights are meant for the calibrator only, as sklearn warns
        warnings.filterwarnings("ignore", message="Since FrozenEstimator does not appear to accept")
        calibrated.fit(calibration_texts, calibration_labels, sample_weight=calibration_weights)
    return calibrated


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def save_detector(detector: Detector, path: Path) -> dict[str, Any]:
    """Write ``path`` (joblib) and its card beside it; return the card."""
    import joblib
    import sklearn

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(detector.estimator, path, compress=3)
    card = {
        **detector.card,
        "format": CARD_FORMAT,
        "mtdetect_version": __version__,
        "sklearn_version": sklearn.__version__,
        "model_file": path.name,
        "sha256": sha256_of(path),
        "size_bytes": path.stat().st_size,
    }
    card_path(path).write_text(json.dumps(card, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return card


def shipped_model_path() -> Path:
    """The model installed with the package (package data ``mtdetect.models``)."""
    return Path(str(resources.files("mtdetect.models") / f"{DEFAULT_MODEL_NAME}.joblib"))


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


def verify(path: Path, card: dict[str, Any]) -> None:
    """Refuse a model whose bytes or library versions do not match its card."""
    import sklearn

    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    if sha256_of(path) != card.get("sha256"):
        raise ModelError(f"{path}: sha256 does not match its card: corrupted or tampered model "
                         "(use --trust-model only if you made it yourself)")
    trained_with = str(card.get("sklearn_version", "")).split(".")[:2]
    if trained_with != sklearn.__version__.split(".")[:2]:
        raise ModelError(f"{path}: trained with scikit-learn {card.get('sklearn_version')}, "
                         f"installed {sklearn.__version__}; retrain or use --trust-model")


def load_detector(path: str | os.PathLike[str] | None = None, *, trust: bool = False) -> Detector:
    """Load a verified model; ``trust`` skips the checks (never for files from elsewhere)."""
    import joblib

    model_path = resolve_model_path(path)
    if not model_path.is_file():
        raise ModelError(f"{model_path}: model file not found")
    card = read_card(model_path)
    if not trust:
        verify(model_path, card)
    try:
        estimator = joblib.load(model_path)
    except Exception as error:  # a pickle can fail in any way; report it in one line
        raise ModelError(f"{model_path}: cannot load model ({type(error).__name__}: {error})") from None
    if not hasattr(estimator, "predict_proba"):
        raise ModelError(f"{model_path}: not an mtdetect model")
    return Detector(estimator=estimator, card=card)


def options_to_card(options: ModelOptions) -> dict[str, Any]:
    return asdict(options)
