"""Run src/mtdetect/_counts.c, built with AddressSanitizer and UBSan, against the feature families' Python paths.

Usage (from .ci/run): python .ci/sanitize-counts.py PATH_TO_SANITIZED_SO
Random texts (multi-byte characters, marks, thesaurus words, long and empty texts) through every
compiled count; any memory error or undefined behaviour aborts the process, any difference from
the Python path fails the check.
"""

import importlib.util
import random
import sys

spec = importlib.util.spec_from_file_location("mtdetect._counts", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.modules["mtdetect._counts"] = module  # the families below import this build, not the installed one

from mtdetect.features import fluency, readability, style, synonyms  # noqa: E402
from mtdetect.features._text import stats  # noqa: E402
from mtdetect.features._text.parsed import parse  # noqa: E402

assert stats._counts is module and style._counts is module, "the families did not load the sanitized build"
rng = random.Random(0)
PIECES = ["the", "The", "of", "old", "age", "curative", "remedy", "in", "fact", "Paris", "it's", "a=b", "état",
          "theNorth", "monday", "1", "234", "%", "„", "\u202f", "٣",
          "İ", "ﬁ", "3", "4.5", ",", ";", "(", '"', "“", "'", "-", "—", "!", "?", ".", "...", " ", "\n", "\x1c",
          "\u00a0", "_", "漢", "🙂", "\u0301", "«", "»"]
texts = ["".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(0, 300))) for _ in range(3000)]
texts += ["", " ", "a", ".", "x" * 100_000, "word " * 5000, "old age " * 2000]
for text in texts:
    p = parse(text)
    ok = style._counts_of(p) == style._python_counts(p) and synonyms._row(text) == synonyms._python_row(p.tokens)
    ok = ok and (not p.lowered or fluency._row(text) == fluency._python_row(p.lowered))
    ok = ok and readability.Counts.of(text) == readability.Counts.python_of(text)
    ok = ok and readability._row(text) == readability._python_row(readability.Counts.python_of(text))
    values = [rng.uniform(-1e6, 1e6) for _ in range(rng.randint(1, 700))]
    ok = ok and module.numpy_sum(values) == float(stats.np.add.reduce(stats.np.array(values)))
    ok = ok and module.std(values) == float(stats.np.std(stats.np.array(values)))
    if not ok:
        sys.exit(f"sanitized _counts differs from the Python paths on {text[:80]!r}")
hyphenator = readability._hyphenator()
for word in ["", "a", "hyphenation", "x" * 80, "İstanbul", "straße", "supercalifragilistic"] + [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyzé") for _ in range(rng.randint(1, 40))) for _ in range(3000)]:
    points = module.hyphenation_points(word, hyphenator.hd.patterns, hyphenator.hd.maxlen, hyphenator.left,
                                       hyphenator.right)
    if points != len(hyphenator.positions(word)):
        sys.exit(f"sanitized _counts hyphenation differs from pyphen on {word!r}")

from mtdetect.findings.drift import _python_pairs_by_deletions  # noqa: E402

for size in (0, 1, 2, 30, 300):
    names = ["".join(rng.choice("abkeloinrsİσ") for _ in range(rng.randint(1, 12))).lower() for _ in range(size)]
    if module.deletion_pairs(names, 64) != _python_pairs_by_deletions(names):
        sys.exit(f"sanitized _counts deletion pairs differ from the Python index for {size} names")
print("sanitized _counts: no memory errors, no undefined behaviour, same counts and rows as the Python paths")
