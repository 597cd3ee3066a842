"""Document verdicts on held-out news and native English of other genres; choose the default threshold.

Scores every held-out document (``val`` and ``test`` splits of ``corpus/build``: news written
in English, human translations, machine translations, round trips, spun copies) and every
document of the native-genre corpus (``corpus/build/genres``: Python and Perl documentation,
GNU standards, manual pages, licences) with the code ``mtdetect score`` runs: paragraph
scores pooled by :class:`mtdetect.scoring.paragraphs.DocumentScore`, plus the findings' weights.

The default threshold is the lowest document score that flags at most ``--max-native``
(default 1%) of the native documents of *every* native genre of at least 100 documents
(news written in English, Python and Perl documentation, manual pages; the smaller genres
and the human translations are reported, not used). ``--write`` stores it in the
model card. Prints, per genre, the share of documents flagged at that threshold and the
document AUROC against news written in English, with findings and with the style score alone.

Usage::

    python -m benchmarks.verdict [--model models/mtdetect-en.joblib] [--write]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.finding_rates import MIN_GENRE_DOCUMENTS, corpus_documents, genre_documents
from mtdetect.model.load import card_path, load_detector, resolve_model_path
from mtdetect.scoring.paragraphs import DocumentScore, score_paragraphs
from mtdetect.inputs.text import Paragraph

ROOT = Path(__file__).resolve().parents[1]
PEOPLE_PREFIXES = ("news-native", "news-human-translation")
# Professional translations into English are people's work but not native English: they keep the
# source's number formats and spellings ("4,6 billion", "70 thousand"). The threshold is set on
# native English of every genre; the share of human translations flagged is reported beside it.
NOT_NATIVE = frozenset({"news-human-translation"})


def document_scores(detector, documents: Sequence[tuple[str, list[str]]]) -> dict[str, list[tuple[float, float]]]:
    """Per genre, each document's (verdict score, style-only score), scored as ``mtdetect score`` does."""
    paragraphs = [Paragraph(i, text, 1) for _, texts in documents for i, text in enumerate(texts)]
    scored = iter(score_paragraphs(detector, paragraphs, threshold=1.0))
    by_genre: dict[str, list[tuple[float, float]]] = {}
    for genre, texts in documents:
        document = DocumentScore(name=genre, threshold=1.0, bands=detector.length_bands)
        for _ in texts:
            document.add(next(scored))
        document.finish({i: [text] for i, text in enumerate(texts)})
        if document.score is None:
            continue
        style = document.style_logit
        style_score = 0.5 if style is None else 1.0 / (1.0 + math.exp(-style))
        by_genre.setdefault(genre, []).append((document.score, style_score))
    return by_genre


def auroc(negative: Sequence[float], positive: Sequence[float]) -> float:
    """Probability that a positive outscores a negative (ties count half)."""
    neg, pos = np.sort(np.asarray(negative)), np.asarray(positive)
    below = np.searchsorted(neg, pos, side="left")
    ties = np.searchsorted(neg, pos, side="right") - below
    return float((below + 0.5 * ties).sum() / (len(neg) * len(pos)))


def people_made(genre: str) -> bool:
    return genre.startswith(PEOPLE_PREFIXES) or not (genre in ("machine", "roundtrip") or genre.startswith("spun:"))


def choose_threshold(by_genre: dict[str, list[tuple[float, float]]], max_share: float) -> float:
    """The lowest threshold flagging at most ``max_share`` of every large native genre's documents."""
    cut = 0.0
    for genre, scores in by_genre.items():
        if people_made(genre) and genre not in NOT_NATIVE and len(scores) >= MIN_GENRE_DOCUMENTS:
            values = np.sort([s for s, _ in scores])
            allowed = int(math.floor(max_share * len(values)))
            cut = max(cut, float(values[len(values) - allowed - 1]))
    return cut


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--genres", type=Path, default=ROOT / "corpus" / "build" / "genres")
    parser.add_argument("--max-native", type=float, default=0.01)
    parser.add_argument("--write", action="store_true", help="store the threshold in the model card")
    args = parser.parse_args(argv)
    detector = load_detector(args.model)
    held_out = [(g, t) for g, t in corpus_documents(args.corpus, splits=("val", "test"))]
    by_genre = document_scores(detector, [*held_out, *genre_documents(args.genres)])
    threshold = choose_threshold(by_genre, args.max_native)
    native = [s for s, _ in by_genre.get("news-native", [])]
    native_style = [s for _, s in by_genre.get("news-native", [])]
    print(f"threshold {threshold:.4f}: at most {args.max_native:.1%} of every large native genre's documents flagged")
    print(f"{'genre':28} {'docs':>6} {'flagged':>8} {'AUROC vs news-native: verdict':>30} {'style alone':>12}")
    summary = {}
    for genre, scores in sorted(by_genre.items()):
        verdicts = [s for s, _ in scores]
        flagged = float(np.mean([s > threshold for s in verdicts]))
        row = {"documents": len(scores), "flagged": round(flagged, 4)}
        if genre != "news-native" and native:
            row["auroc_verdict"] = round(auroc(native, verdicts), 4)
            row["auroc_style"] = round(auroc(native_style, [s for _, s in scores]), 4)
        summary[genre] = row
        print(f"{genre:28} {len(scores):6d} {flagged:8.1%} {row.get('auroc_verdict', float('nan')):30.3f} "
              f"{row.get('auroc_style', float('nan')):12.3f}")
    if args.write:
        path = card_path(resolve_model_path(args.model))
        card = json.loads(path.read_text(encoding="utf-8"))
        card["threshold"] = {
            "value": threshold,
            "how": f"lowest document verdict score flagging at most {args.max_native:.1%} of the native documents of "
                   "every native genre of at least 100 documents (held-out news written in English, Python and "
                   "Perl documentation, manual pages); style log-odds plus the findings' weights, as mtdetect "
                   "score computes them (python -m benchmarks.verdict --write)",
            "documents": summary,
        }
        path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        print(f"wrote the threshold to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
