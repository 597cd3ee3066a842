"""Run src/mtdetect/_ngrams.c, built with AddressSanitizer and UBSan, against the Python path and the tokenizers' patterns.

Usage (from .ci/run): python .ci/sanitize-ngrams.py PATH_TO_SANITIZED_SO
Random Unicode texts (multi-byte characters, combining marks, long words, empty texts) through
every analyzer and n-gram range the exporter allows, 2 to 2**18 buckets; any memory error or
undefined behaviour aborts the process, any difference from the Python path fails the check.
"""

import importlib.util
import random
import sys

import numpy as np

from mtdetect.model import inference
from mtdetect.model.inference import HashedBlock

spec = importlib.util.spec_from_file_location("mtdetect._ngrams", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
rng = random.Random(0)
ALPHABET = "abc XYZ é漢🙂\u0301\t\n'’-.,«»0123"
for bits in (1, 4, 10, 18):
    idf = np.random.default_rng(0).uniform(1, 9, 1 << bits)
    coef = np.random.default_rng(1).normal(0, 1, (1 << bits, 1 + bits % 3))  # one head, or several
    for analyzer, ranges in (("word", [(1, 1), (1, 2), (1, 3), (2, 2), (2, 4)]),
                             ("char_wb", [(1, 1), (2, 5), (3, 3), (1, 6)])):
        for ngram_range in ranges:
            block = HashedBlock("raw", analyzer, ngram_range, None, idf, coef)
            texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 400))) for _ in range(200)]
            texts += ["", " ", "a", "x" * 5000, "word " * 3000]
            inference._ngrams = module
            compiled = block.compiled_decision(texts)
            if not np.array_equal(compiled, block.python_decision(texts)):
                sys.exit(f"sanitized _ngrams differs from the Python path: {analyzer} {ngram_range} {bits} bits")
from mtdetect.features._text.lexicon import TOKEN_RE, WORD_RE  # noqa: E402 - after the sanitized module is loaded
from mtdetect.inputs.language import WORD_RE as LETTERS_RE  # noqa: E402

texts = ["".join(rng.choice(ALPHABET + "²٣_\ud800") for _ in range(rng.randint(0, 400))) for _ in range(2000)]
for text in texts + ["", "'", "a'", "1,", "x" * 100_000]:
    if (module.tokens(text) != TOKEN_RE.unicode.findall(text) or module.words(text) != WORD_RE.unicode.findall(text)
            or module.letter_runs(text) != LETTERS_RE.unicode.findall(text)):
        sys.exit(f"sanitized _ngrams tokenizers differ from the patterns on {text[:80]!r}")
from mtdetect.features._text import lexicon  # noqa: E402

for text in texts[:500] + ["", "The Paris (X) 3 İstanbul ΣΑΣ iPhone"]:
    tokens = tuple(TOKEN_RE.unicode.findall(text))
    masked = module.mapped_tokens(tokens, lexicon.mask_token, lexicon.mask_token.fill)
    lexical = module.lexical_tokens(tokens, lexicon.SENTENCE_OPENERS, "<num>", "<cap>")
    python_lexical = ["<num>" if t[0].isdigit() else "<cap>" if t[0].isupper() and i > 0
                      and tokens[i - 1] not in lexicon.SENTENCE_OPENERS else t.lower() for i, t in enumerate(tokens)]
    if masked != [lexicon.mask_token(t) for t in tokens] or lexical != python_lexical:
        sys.exit(f"sanitized _ngrams views differ from the Python views on {text[:80]!r}")
from mtdetect.findings.entities import python_name_spans  # noqa: E402

for text in texts[:500] + ["O'Brien Blinken's NATO's Ab’", "Ab's", "Cd'", "ǅemal"]:
    if module.name_spans(text) != python_name_spans(text):
        sys.exit(f"sanitized _ngrams name spans differ from the pattern on {text[:80]!r}")
from mtdetect.inputs import language  # noqa: E402

for text in texts[:500] + ["İSTANBUL THE ǅ Straße", "THE AND OF That " * 20]:
    words = [w.lower() for w in LETTERS_RE.unicode.findall(text)]
    expected = sum(map(len, words)), len(words), sum(map(language.ENGLISH_MARKERS.__contains__, words))
    if module.english_evidence(text, language.ENGLISH_MARKERS, language.LONGEST_MARKER) != expected:
        sys.exit(f"sanitized _ngrams English evidence differs from the Python count on {text[:80]!r}")
for text in texts[:500] + ["The Paris (X) 3 İstanbul ΣΑΣ iPhone e-mail don’t", ""]:
    found = WORD_RE.unicode.findall(text)
    expected = tuple(TOKEN_RE.unicode.findall(text)), tuple(found), tuple(w.lower() for w in found)
    if module.parse_pieces(text) != expected:
        sys.exit(f"sanitized _ngrams parse pieces differ from the patterns on {text[:80]!r}")
from py3langid.langid import visit_counts  # noqa: E402

from mtdetect.inputs.langid_cache import load_identifier  # noqa: E402

identifier = load_identifier()
automaton = identifier.automaton if hasattr(identifier, "automaton") else None
if automaton is None:
    sys.exit("sanitized _ngrams: the language identifier does not walk its automaton in C")
for text in texts[:1000] + ["", "x" * 100_000, "Le gouvernement a présenté hier un projet de loi."]:
    data = text.encode("utf-8", "surrogatepass")
    expected = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
    found = module.automaton_visits(*automaton, data)
    if not (found is expected is None or list(found.items()) == list(expected.items())):
        sys.exit(f"sanitized _ngrams automaton counts differ from py3langid's on {text[:80]!r}")
print("sanitized _ngrams: no memory errors, no undefined behaviour, same numbers, tokens, views and language counts "
      "as the Python paths")
