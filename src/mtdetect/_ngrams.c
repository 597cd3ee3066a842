/* Compiled scoring of one hashed n-gram block for one paragraph, the tokenizers and the text views (at the end).
 *
 * The reference is HashedBlock.python_decision in mtdetect/inference.py, which
 * reproduces scikit-learn's HashingVectorizer (MurmurHash3_x86_32, seed 0, over
 * the UTF-8 bytes of each n-gram; bucket |h| mod n_features) followed by
 * sublinear TF-IDF, l2 normalisation and a dot product with the coefficients.
 * Buckets are summed and weighted in ascending order, as numpy's bincount does
 * over np.unique's sorted keys, so both paths give the same floating-point sums.
 * Building this module is optional: without it, mtdetect runs the Python path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

/* MurmurHash3_x86_32 with seed 0; blocks read little-endian, as on the machines that trained the model. */
static int32_t murmur3_32(const unsigned char *data, Py_ssize_t len) {
    const uint32_t c1 = 0xcc9e2d51u, c2 = 0x1b873593u;
    uint32_t h1 = 0, k1;
    Py_ssize_t nblocks = len / 4, i;
    for (i = 0; i < nblocks; i++) {
        const unsigned char *b = data + 4 * i;
        k1 = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
        k1 *= c1;
        k1 = rotl32(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl32(h1, 13);
        h1 = h1 * 5 + 0xe6546b64u;
    }
    const unsigned char *tail = data + 4 * nblocks;
    k1 = 0;
    switch (len & 3) {
        case 3: k1 ^= (uint32_t)tail[2] << 16; /* fall through */
        case 2: k1 ^= (uint32_t)tail[1] << 8; /* fall through */
        case 1:
            k1 ^= tail[0];
            k1 *= c1;
            k1 = rotl32(k1, 15);
            k1 *= c2;
            h1 ^= k1;
    }
    h1 ^= (uint32_t)len;
    h1 ^= h1 >> 16;
    h1 *= 0x85ebca6bu;
    h1 ^= h1 >> 13;
    h1 *= 0xc2b2ae35u;
    h1 ^= h1 >> 16;
    return (int32_t)h1;
}

/* A growable array of bucket numbers. */
typedef struct {
    uint32_t *items;
    Py_ssize_t size, capacity;
} Buckets;

static int buckets_push(Buckets *b, int32_t hash, uint32_t n_features) {
    if (b->size == b->capacity) {
        Py_ssize_t capacity = b->capacity ? 2 * b->capacity : 256;
        uint32_t *grown = PyMem_Realloc(b->items, (size_t)capacity * sizeof(uint32_t));
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        b->items = grown;
        b->capacity = capacity;
    }
    int64_t magnitude = hash < 0 ? -(int64_t)hash : (int64_t)hash;
    b->items[b->size++] = (uint32_t)(magnitude % n_features);
    return 0;
}

/* A growable byte buffer for padded words and joined n-grams. */
typedef struct {
    unsigned char *bytes;
    Py_ssize_t capacity;
} Scratch;

static int scratch_reserve(Scratch *s, Py_ssize_t needed) {
    if (needed <= s->capacity) return 0;
    Py_ssize_t capacity = needed > 2 * s->capacity ? needed : 2 * s->capacity;
    unsigned char *grown = PyMem_Realloc(s->bytes, (size_t)capacity);
    if (!grown) {
        PyErr_NoMemory();
        return -1;
    }
    s->bytes = grown;
    s->capacity = capacity;
    return 0;
}

/* Appends the bucket numbers held in a bytes object (native uint32s) to `out`. */
static int buckets_extend(Buckets *out, PyObject *held) {
    Py_ssize_t n = PyBytes_GET_SIZE(held) / (Py_ssize_t)sizeof(uint32_t);
    if (out->size + n > out->capacity) {
        Py_ssize_t capacity = out->capacity ? out->capacity : 256;
        while (capacity < out->size + n) capacity *= 2;
        uint32_t *grown = PyMem_Realloc(out->items, (size_t)capacity * sizeof(uint32_t));
        if (!grown) {
            PyErr_NoMemory();
            return -1;
        }
        out->items = grown;
        out->capacity = capacity;
    }
    memcpy(out->items + out->size, PyBytes_AS_STRING(held), (size_t)n * sizeof(uint32_t));
    out->size += n;
    return 0;
}

/* Character n-grams (low..high code points) of each space-padded word, as analyzer="char_wb". With a
 * `cache` dict, each word's bucket numbers are kept there as bytes (the dict emptied when it reaches
 * `cache_size` words) and a word seen before is not hashed again. */
static int char_wb_buckets(PyObject *words, Py_ssize_t low, Py_ssize_t high, uint32_t n_features,
                           Buckets *out, Scratch *scratch, PyObject *cache, Py_ssize_t cache_size) {
    Py_ssize_t n_words = PyList_GET_SIZE(words), w;
    Py_ssize_t *starts = NULL, starts_capacity = 0;
    int status = -1;
    for (w = 0; w < n_words; w++) {
        PyObject *word = PyList_GET_ITEM(words, w);
        Py_ssize_t first = out->size;
        if (cache != NULL) {
            PyObject *held = PyDict_GetItemWithError(cache, word); /* borrowed */
            if (held != NULL && PyBytes_Check(held)) {
                if (buckets_extend(out, held) < 0) goto done;
                continue;
            }
            if (PyErr_Occurred()) goto done;
        }
        Py_ssize_t n_bytes, n_chars = PyUnicode_GET_LENGTH(word), i, n;
        const char *utf8 = PyUnicode_AsUTF8AndSize(word, &n_bytes);
        if (!utf8) goto done;
        Py_ssize_t size = n_chars + 2; /* the padded word, in code points */
        if (scratch_reserve(scratch, n_bytes + 2) < 0) goto done;
        scratch->bytes[0] = ' ';
        memcpy(scratch->bytes + 1, utf8, (size_t)n_bytes);
        scratch->bytes[n_bytes + 1] = ' ';
        if (size + 1 > starts_capacity) {
            Py_ssize_t *grown = PyMem_Realloc(starts, (size_t)(size + 1) * sizeof(Py_ssize_t));
            if (!grown) {
                PyErr_NoMemory();
                goto done;
            }
            starts = grown;
            starts_capacity = size + 1;
        }
        /* starts[k]: byte offset of code point k of the padded word; starts[size]: its byte length. */
        Py_ssize_t k = 0, pos;
        for (pos = 0; pos < n_bytes + 2; pos++)
            if ((scratch->bytes[pos] & 0xC0) != 0x80) starts[k++] = pos;
        starts[size] = n_bytes + 2;
        for (n = low; n <= high; n++) {
            if (size <= n) { /* the whole padded word is the only n-gram, and no longer ones exist */
                if (buckets_push(out, murmur3_32(scratch->bytes, n_bytes + 2), n_features) < 0) goto done;
                break;
            }
            for (i = 0; i + n <= size; i++) {
                int32_t h = murmur3_32(scratch->bytes + starts[i], starts[i + n] - starts[i]);
                if (buckets_push(out, h, n_features) < 0) goto done;
            }
        }
        if (cache != NULL) {
            if (PyDict_GET_SIZE(cache) >= cache_size) PyDict_Clear(cache);
            PyObject *held = PyBytes_FromStringAndSize((const char *)(out->items + first),
                                                       (out->size - first) * (Py_ssize_t)sizeof(uint32_t));
            int stored = held == NULL ? -1 : PyDict_SetItem(cache, word, held);
            Py_XDECREF(held);
            if (stored < 0) goto done;
        }
    }
    status = 0;
done:
    PyMem_Free(starts);
    return status;
}

/* Token n-grams (low..high tokens joined by one space), as analyzer="word". */
static int word_buckets(PyObject *tokens, Py_ssize_t low, Py_ssize_t high, uint32_t n_features,
                        Buckets *out, Scratch *scratch) {
    Py_ssize_t n_tokens = PyList_GET_SIZE(tokens), i, j, n;
    const char **utf8 = PyMem_Malloc((size_t)(n_tokens ? n_tokens : 1) * sizeof(char *));
    Py_ssize_t *sizes = PyMem_Malloc((size_t)(n_tokens ? n_tokens : 1) * sizeof(Py_ssize_t));
    int status = -1;
    if (!utf8 || !sizes) {
        PyErr_NoMemory();
        goto done;
    }
    for (i = 0; i < n_tokens; i++) {
        utf8[i] = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(tokens, i), &sizes[i]);
        if (!utf8[i]) goto done;
    }
    if (low == 1)
        for (i = 0; i < n_tokens; i++)
            if (buckets_push(out, murmur3_32((const unsigned char *)utf8[i], sizes[i]), n_features) < 0) goto done;
    for (n = low > 2 ? low : 2; n <= high && n <= n_tokens; n++) {
        for (i = 0; i + n <= n_tokens; i++) {
            Py_ssize_t length = n - 1;
            for (j = i; j < i + n; j++) length += sizes[j];
            if (scratch_reserve(scratch, length) < 0) goto done;
            Py_ssize_t pos = 0;
            for (j = i; j < i + n; j++) {
                if (j > i) scratch->bytes[pos++] = ' ';
                memcpy(scratch->bytes + pos, utf8[j], (size_t)sizes[j]);
                pos += sizes[j];
            }
            if (buckets_push(out, murmur3_32(scratch->bytes, length), n_features) < 0) goto done;
        }
    }
    status = 0;
done:
    PyMem_Free(utf8);
    PyMem_Free(sizes);
    return status;
}

/* Sort bucket numbers below ``limit`` in place: least-significant-digit radix sort, as few passes of at
 * most 11 bits as the width needs (two of 9 bits for 2**18 buckets). */
#define RADIX_MAX_BITS 11
static int sort_buckets(Buckets *b, uint32_t limit) {
    if (b->size < 2) return 0;
    int width = 0;
    while (width < 32 && (limit - 1) >> width) width++;
    int passes = (width + RADIX_MAX_BITS - 1) / RADIX_MAX_BITS, bits = passes ? (width + passes - 1) / passes : 0;
    uint32_t *spare = PyMem_Malloc((size_t)b->size * sizeof(uint32_t));
    if (!spare) {
        PyErr_NoMemory();
        return -1;
    }
    uint32_t *from = b->items, *to = spare, mask = (1u << bits) - 1;
    for (int shift = 0; shift < width; shift += bits) {
        Py_ssize_t offsets[1 << RADIX_MAX_BITS], total = 0, i;
        memset(offsets, 0, ((size_t)mask + 1) * sizeof(Py_ssize_t));
        for (i = 0; i < b->size; i++) offsets[(from[i] >> shift) & mask]++;
        for (i = 0; i <= (Py_ssize_t)mask; i++) {
            Py_ssize_t count = offsets[i];
            offsets[i] = total;
            total += count;
        }
        for (i = 0; i < b->size; i++) to[offsets[(from[i] >> shift) & mask]++] = from[i];
        uint32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != b->items) memcpy(b->items, from, (size_t)b->size * sizeof(uint32_t));
    PyMem_Free(spare);
    return 0;
}

PyDoc_STRVAR(block_decision_doc,
"block_decision(items, char_wb, low, high, idf, coef[, cache, cache_size]) -> float or tuple\n\n"
"One paragraph's share of the log-odds from one hashed n-gram block. ``items`` is the\n"
"list of the paragraph's words (``char_wb=True``) or tokens (``char_wb=False``);\n"
"``idf`` is a contiguous float64 buffer of the block's width, ``coef`` one of ``heads`` times\n"
"that (row-major: each bucket's coefficients for every head in turn). One head gives a float,\n"
"several a tuple of floats, one per head. With ``char_wb``,\n"
"a ``cache`` dict keeps each word's bucket numbers (for this block only), emptied at ``cache_size`` words.");

static PyObject *block_decision(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *items;
    int char_wb;
    Py_ssize_t low, high;
    Py_buffer idf, coef;
    PyObject *cache = NULL;
    Py_ssize_t cache_size = 0;
    if (!PyArg_ParseTuple(args, "O!pnny*y*|O!n", &PyList_Type, &items, &char_wb, &low, &high, &idf, &coef,
                          &PyDict_Type, &cache, &cache_size))
        return NULL;
    PyObject *result = NULL;
    Buckets buckets = {NULL, 0, 0};
    Scratch scratch = {NULL, 0};
    double *dots = NULL;
    Py_ssize_t n_features = idf.len / (Py_ssize_t)sizeof(double);
    if (idf.len % (Py_ssize_t)sizeof(double) || n_features == 0 || n_features > UINT32_MAX ||
        coef.len == 0 || coef.len % idf.len || low < 1 || high < low) {
        PyErr_SetString(PyExc_ValueError,
                        "idf must be a float64 buffer and coef a whole number of its width; 1 <= low <= high");
        goto done;
    }
    Py_ssize_t heads = coef.len / idf.len;
    dots = PyMem_Calloc((size_t)heads, sizeof(double));
    if (dots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        if (!PyUnicode_Check(PyList_GET_ITEM(items, i))) {
            PyErr_SetString(PyExc_TypeError, "items must be a list of str");
            goto done;
        }
    }
    int status = char_wb ? char_wb_buckets(items, low, high, (uint32_t)n_features, &buckets, &scratch, cache,
                                           cache_size)
                         : word_buckets(items, low, high, (uint32_t)n_features, &buckets, &scratch);
    if (status < 0) goto done;
    if (sort_buckets(&buckets, (uint32_t)n_features) < 0) goto done;
    const double *idf_values = idf.buf, *coef_values = coef.buf;
    double squares = 0.0;
    for (Py_ssize_t i = 0; i < buckets.size;) {
        uint32_t bucket = buckets.items[i];
        double count = 0.0;
        for (; i < buckets.size && buckets.items[i] == bucket; i++) count += 1.0;
        double weight = (count == 1.0 ? 1.0 : log(count) + 1.0) * idf_values[bucket]; /* log(1) + 1 is 1 exactly */
        double square = weight * weight;
        squares += square;
        const double *row = coef_values + (Py_ssize_t)bucket * heads;
        for (Py_ssize_t h = 0; h < heads; h++) {
            double product = weight * row[h];
            dots[h] += product;
        }
    }
    double norm = sqrt(squares);
    if (heads == 1) {
        result = PyFloat_FromDouble(norm > 0.0 ? dots[0] / norm : 0.0);
        goto done;
    }
    result = PyTuple_New(heads);
    if (result == NULL) goto done;
    for (Py_ssize_t h = 0; h < heads; h++) {
        PyObject *share = PyFloat_FromDouble(norm > 0.0 ? dots[h] / norm : 0.0);
        if (share == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyTuple_SET_ITEM(result, h, share);
    }
done:
    PyMem_Free(dots);
    PyMem_Free(buckets.items);
    PyMem_Free(scratch.bytes);
    PyBuffer_Release(&idf);
    PyBuffer_Release(&coef);
    return result;
}

/* The tokenizers of mtdetect/features/lexicon.py (and language.py's letter runs), as re.findall runs them:
 *   TOKEN_RE  [^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]
 *   WORD_RE   [^\W\d_]+(?:['’-][^\W\d_]+)*
 * For str patterns, re tests \d with Py_UNICODE_ISDECIMAL, \w with Py_UNICODE_ISALNUM or '_'
 * and \s with Py_UNICODE_ISSPACE, so a letter ([^\W\d_]) is alphanumeric but not decimal. Each
 * alternative is a run followed by repeated (joiner, run) pairs and nothing after it, so its
 * greedy match is the longest such chain, which is what the scan below takes. */
enum { LETTER = 1, DECIMAL = 2, ALNUM = 4, SPACE = 8 };
static unsigned char ascii_classes[128]; /* unicode_classes of each ASCII character, filled at import */

static int unicode_classes(Py_UCS4 c) {
    int alnum = Py_UNICODE_ISALNUM(c), decimal = Py_UNICODE_ISDECIMAL(c);
    return (alnum && !decimal ? LETTER : 0) | (decimal ? DECIMAL : 0) | (alnum ? ALNUM : 0) |
           (Py_UNICODE_ISSPACE(c) ? SPACE : 0);
}

static inline int classes_of(Py_UCS4 c) { return c < 128 ? ascii_classes[c] : unicode_classes(c); }

static const Py_UCS4 TOKEN_JOINERS[] = {'\'', 0x2019};
static const Py_UCS4 WORD_JOINERS[] = {'\'', 0x2019, '-'};
static const Py_UCS4 NUMBER_JOINERS[] = {'.', ',', ':'};

static int is_one_of(Py_UCS4 c, const Py_UCS4 *set, int size) {
    for (int k = 0; k < size; k++)
        if (c == set[k]) return 1;
    return 0;
}

/* End of the chain of runs of `accept` characters starting at `i` (where one stands). */
static Py_ssize_t chain_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, int accept,
                            const Py_UCS4 *joiners, int n_joiners) {
    for (;;) {
        while (i < n && (classes_of(PyUnicode_READ(kind, data, i)) & accept)) i++;
        if (i + 1 < n && is_one_of(PyUnicode_READ(kind, data, i), joiners, n_joiners) &&
            (classes_of(PyUnicode_READ(kind, data, i + 1)) & accept)) {
            i++;
            continue;
        }
        return i;
    }
}

enum Tokenizer { WORDS, TOKENS, LETTERS };

/* A str argument, ready to read (a TypeError otherwise). */
static int check_str(PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return -1;
#endif
    return 0;
}

/* The spans (start, end) of what re.findall finds for `tokenizer`, into a growable array. */
typedef struct {
    Py_ssize_t *bounds; /* start, end, start, end, ... */
    Py_ssize_t size, capacity;
} Spans;

static int scan_spans(int kind, const void *data, Py_ssize_t n, enum Tokenizer tokenizer, Spans *out) {
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int classes = classes_of(c);
        Py_ssize_t end;
        if (classes & LETTER)
            end = tokenizer == TOKENS  ? chain_end(kind, data, n, i, LETTER, TOKEN_JOINERS, 2)
                  : tokenizer == WORDS ? chain_end(kind, data, n, i, LETTER, WORD_JOINERS, 3)
                                       : chain_end(kind, data, n, i, LETTER, NULL, 0); /* bare runs */
        else if (tokenizer == TOKENS && (classes & DECIMAL))
            end = chain_end(kind, data, n, i, DECIMAL, NUMBER_JOINERS, 3);
        else if (tokenizer == TOKENS && !(classes & (ALNUM | SPACE)) && c != '_')
            end = i + 1;
        else {
            i++;
            continue;
        }
        if (out->size + 2 > out->capacity) {
            Py_ssize_t capacity = out->capacity ? 2 * out->capacity : 256;
            Py_ssize_t *grown = PyMem_Realloc(out->bounds, (size_t)capacity * sizeof(Py_ssize_t));
            if (grown == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            out->bounds = grown;
            out->capacity = capacity;
        }
        out->bounds[out->size++] = i;
        out->bounds[out->size++] = end;
        i = end;
    }
    return 0;
}

/* re.findall over `text` of WORD_RE, TOKEN_RE or the letter runs [^\W\d_]+ (mtdetect/language.py), as a list. */
static PyObject *find_tokens(PyObject *text, enum Tokenizer tokenizer) {
    if (check_str(text) < 0) return NULL;
    Spans spans = {NULL, 0, 0};
    if (scan_spans(PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text), tokenizer, &spans) < 0) {
        PyMem_Free(spans.bounds);
        return NULL;
    }
    PyObject *found = PyList_New(spans.size / 2);
    for (Py_ssize_t k = 0; found != NULL && k < spans.size / 2; k++) {
        PyObject *piece = PyUnicode_Substring(text, spans.bounds[2 * k], spans.bounds[2 * k + 1]);
        if (piece == NULL) Py_CLEAR(found);
        else PyList_SET_ITEM(found, k, piece);
    }
    PyMem_Free(spans.bounds);
    return found;
}

PyDoc_STRVAR(tokens_doc, "tokens(text) -> list of str\n\nWhat TOKEN_RE.findall(text) gives (mtdetect.features.lexicon).");
PyDoc_STRVAR(letter_runs_doc, "letter_runs(text) -> list of str\n\nWhat re.findall(r\"[^\\W\\d_]+\", text) gives.");
PyDoc_STRVAR(words_doc, "words(text) -> list of str\n\nWhat WORD_RE.findall(text) gives (mtdetect.features.lexicon).");

static PyObject *tokens(PyObject *self, PyObject *text) {
    (void)self;
    return find_tokens(text, TOKENS);
}

static PyObject *words(PyObject *self, PyObject *text) {
    (void)self;
    return find_tokens(text, WORDS);
}

static PyObject *letter_runs(PyObject *self, PyObject *text) {
    (void)self;
    return find_tokens(text, LETTERS);
}

PyDoc_STRVAR(english_evidence_doc,
"english_evidence(text, markers, longest) -> (letters, runs, marker_runs)\n\n"
"What mtdetect.language._looks_english counts: the letters of the lower-cased letter runs (as\n"
"letter_runs finds them), the runs, and the runs whose lower-cased form is in ``markers`` (a set of\n"
"ASCII words of at most ``longest`` letters).");

static PyObject *english_evidence(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *markers;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "UOn", &text, &markers, &longest)) return NULL;
    if (!PyAnySet_Check(markers)) {
        PyErr_SetString(PyExc_TypeError, "markers must be a set");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, letters = 0, runs = 0, found = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    char lowered[64];
    if (longest < 0 || longest > (Py_ssize_t)sizeof(lowered)) longest = sizeof(lowered);
    while (i < n) {
        if (!(classes_of(PyUnicode_READ(kind, data, i)) & LETTER)) {
            i++;
            continue;
        }
        Py_ssize_t end = chain_end(kind, data, n, i, LETTER, NULL, 0), size = end - i, k;
        int ascii = 1;
        for (k = i; k < end && ascii; k++) ascii = PyUnicode_READ(kind, data, k) < 128;
        runs++;
        if (ascii) {
            letters += size;
            if (size > longest) {
                i = end;
                continue;
            }
            for (k = 0; k < size; k++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, i + k);
                lowered[k] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            }
            PyObject *word = PyUnicode_DecodeASCII(lowered, size, NULL);
            int member = word == NULL ? -1 : PySet_Contains(markers, word);
            Py_XDECREF(word);
            if (member < 0) return NULL;
            found += member;
        } else { /* str.lower() may change a run's length: count what Python counts */
            PyObject *run = PyUnicode_Substring(text, i, end);
            PyObject *word = run == NULL ? NULL : PyObject_CallMethod(run, "lower", NULL);
            Py_XDECREF(run);
            int member = word == NULL ? -1 : PySet_Contains(markers, word);
            if (word != NULL) letters += PyUnicode_GET_LENGTH(word);
            Py_XDECREF(word);
            if (member < 0) return NULL;
            found += member;
        }
        i = end;
    }
    return Py_BuildValue("nnn", letters, runs, found);
}

/* mtdetect/names.py's name_spans: the matches of NAME_CANDIDATE_RE,
 *   (?<![\w'’])([^\W\d_a-z][^\W\d_]+)(?:['’]s?)?(?!\w)
 * whose word is capitalised (first letter upper case, the word not all upper case). The group is a
 * whole run of letters: a shorter one would be followed by a letter, which (?!\w) refuses. The run
 * matches when a non-word character follows it, or an apostrophe (and an optional s) and then one. */
static int is_word_char(Py_UCS4 c) { return (classes_of(c) & ALNUM) || c == '_'; }

static int is_apostrophe(Py_UCS4 c) { return c == '\'' || c == 0x2019; }

/* str.isupper() of text[start:end] */
static int span_isupper(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    int cased = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        cased |= Py_UNICODE_ISUPPER(c) != 0;
    }
    return cased;
}

PyDoc_STRVAR(name_spans_doc, "name_spans(text) -> list of (word, start, end)\n\nWhat mtdetect.names.name_spans finds.");

static PyObject *name_spans(PyObject *self, PyObject *text) {
    (void)self;
    if (check_str(text) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *found = PyList_New(0);
    if (found == NULL) return NULL;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!(classes_of(c) & LETTER) || (c >= 'a' && c <= 'z') ||
            (i > 0 && (is_word_char(PyUnicode_READ(kind, data, i - 1)) ||
                       is_apostrophe(PyUnicode_READ(kind, data, i - 1))))) {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        while (end < n && (classes_of(PyUnicode_READ(kind, data, end)) & LETTER)) end++;
        Py_ssize_t after = end; /* where the match ends */
        int matched = 0;
        if (end - i >= 2) {
            if (end < n && is_apostrophe(PyUnicode_READ(kind, data, end))) {
                if (end + 1 < n && PyUnicode_READ(kind, data, end + 1) == 's' &&
                    (end + 2 >= n || !is_word_char(PyUnicode_READ(kind, data, end + 2)))) {
                    matched = 1, after = end + 2;
                } else if (end + 1 >= n || !is_word_char(PyUnicode_READ(kind, data, end + 1))) {
                    matched = 1, after = end + 1;
                }
            }
            if (!matched && (end >= n || !is_word_char(PyUnicode_READ(kind, data, end)))) matched = 1;
        }
        if (!matched) {
            i++;
            continue;
        }
        if (Py_UNICODE_ISUPPER(c) && !span_isupper(kind, data, i, end)) {
            PyObject *span = Py_BuildValue("(Nnn)", PyUnicode_Substring(text, i, end), i, end);
            if (span == NULL || PyList_Append(found, span) < 0) {
                Py_XDECREF(span);
                Py_DECREF(found);
                return NULL;
            }
            Py_DECREF(span);
        }
        i = after;
    }
    return found;
}

/* The text views of mtdetect/features/lexicon.py as token lists (the views' texts are these, joined by spaces). */

/* str.lower() (a new reference): an ASCII token without a capital is itself, one with capitals is lowered here,
 * as str.lower lowers ASCII (A-Z only), without the method call that cost a seventh of parse_pieces. */
static PyObject *lower_token(PyObject *token) {
    if (!PyUnicode_IS_ASCII(token)) return PyObject_CallMethod(token, "lower", NULL);
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(token);
    Py_ssize_t n = PyUnicode_GET_LENGTH(token), i = 0;
    while (i < n && !(data[i] >= 'A' && data[i] <= 'Z')) i++;
    if (i == n) return Py_NewRef(token);
    PyObject *lowered = PyUnicode_New(n, 127);
    if (lowered == NULL) return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(lowered);
    for (Py_ssize_t k = 0; k < n; k++) out[k] = data[k] >= 'A' && data[k] <= 'Z' ? data[k] + ('a' - 'A') : data[k];
    return lowered;
}

static int check_tokens(PyObject *tokens) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tokens); i++) {
        PyObject *token = PyTuple_GET_ITEM(tokens, i);
        if (!PyUnicode_Check(token) || PyUnicode_GET_LENGTH(token) == 0) {
            PyErr_SetString(PyExc_TypeError, "tokens must be a tuple of non-empty str");
            return -1;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(token) < 0) return -1;
#endif
    }
    return 0;
}

PyDoc_STRVAR(parse_pieces_doc,
"parse_pieces(text) -> (tokens, words, lowered)\n\n"
"tuple(tokens(text)), tuple(words(text)) and each word lower-cased, as tuples: a word that is also a\n"
"token, or already lower case, is the same object, not a copy (mtdetect.features.parsed).");

static PyObject *parse_pieces(PyObject *self, PyObject *text) {
    (void)self;
    if (check_str(text) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Spans token_spans = {NULL, 0, 0}, word_spans = {NULL, 0, 0};
    PyObject *tokens = NULL, *words = NULL, *lowered = NULL, *result = NULL;
    if (scan_spans(kind, data, n, TOKENS, &token_spans) < 0 || scan_spans(kind, data, n, WORDS, &word_spans) < 0)
        goto done;
    Py_ssize_t n_tokens = token_spans.size / 2, n_words = word_spans.size / 2, t = 0;
    tokens = PyTuple_New(n_tokens);
    words = PyTuple_New(n_words);
    lowered = PyTuple_New(n_words);
    if (tokens == NULL || words == NULL || lowered == NULL) goto done;
    for (Py_ssize_t k = 0; k < n_tokens; k++) {
        PyObject *piece = PyUnicode_Substring(text, token_spans.bounds[2 * k], token_spans.bounds[2 * k + 1]);
        if (piece == NULL) goto done;
        PyTuple_SET_ITEM(tokens, k, piece);
    }
    for (Py_ssize_t k = 0; k < n_words; k++) {
        Py_ssize_t start = word_spans.bounds[2 * k], end = word_spans.bounds[2 * k + 1];
        while (t < n_tokens && token_spans.bounds[2 * t] < start) t++;
        PyObject *word;
        if (t < n_tokens && token_spans.bounds[2 * t] == start && token_spans.bounds[2 * t + 1] == end)
            word = Py_NewRef(PyTuple_GET_ITEM(tokens, t));
        else if ((word = PyUnicode_Substring(text, start, end)) == NULL)
            goto done;
        PyTuple_SET_ITEM(words, k, word);
        PyObject *lower = lower_token(word);
        if (lower == NULL) goto done;
        PyTuple_SET_ITEM(lowered, k, lower);
    }
    result = PyTuple_Pack(3, tokens, words, lowered);
done:
    PyMem_Free(token_spans.bounds);
    PyMem_Free(word_spans.bounds);
    Py_XDECREF(tokens);
    Py_XDECREF(words);
    Py_XDECREF(lowered);
    return result;
}

PyDoc_STRVAR(lexical_tokens_doc,
"lexical_tokens(tokens, openers, num, cap) -> list of str\n\n"
"lexicon.lexical_tokens: ``num`` for a token opening with a digit, ``cap`` for a capitalised token\n"
"not after one of ``openers``, the lower-cased token otherwise.");

static PyObject *lexical_tokens(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *tokens, *openers, *num, *cap;
    if (!PyArg_ParseTuple(args, "O!OUU", &PyTuple_Type, &tokens, &openers, &num, &cap)) return NULL;
    if (!PyAnySet_Check(openers)) {
        PyErr_SetString(PyExc_TypeError, "openers must be a set");
        return NULL;
    }
    if (check_tokens(tokens) < 0) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(tokens);
    PyObject *out = PyList_New(n);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *token = PyTuple_GET_ITEM(tokens, i), *viewed;
        Py_UCS4 c = PyUnicode_READ_CHAR(token, 0);
        int after_opener = 1;
        if (Py_UNICODE_ISDIGIT(c)) {
            viewed = Py_NewRef(num);
        } else if (Py_UNICODE_ISUPPER(c) && i > 0 &&
                   (after_opener = PySet_Contains(openers, PyTuple_GET_ITEM(tokens, i - 1))) == 0) {
            viewed = Py_NewRef(cap);
        } else {
            viewed = after_opener < 0 ? NULL : lower_token(token);
        }
        if (viewed == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, viewed);
    }
    return out;
}

PyDoc_STRVAR(mapped_tokens_doc,
"mapped_tokens(tokens, values, fill) -> list of str\n\n"
"[values[t] if t in values else fill(t) for t in tokens]: a WordTable (mtdetect.features.wordtable) applied.");

static PyObject *mapped_tokens(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *tokens, *values, *fill;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyTuple_Type, &tokens, &PyDict_Type, &values, &fill)) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(tokens);
    PyObject *out = PyList_New(n);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *token = PyTuple_GET_ITEM(tokens, i);
        PyObject *value = PyDict_GetItemWithError(values, token); /* borrowed */
        if (value != NULL) {
            Py_INCREF(value);
        } else if (!PyErr_Occurred()) {
            value = PyObject_CallOneArg(fill, token);
        }
        if (value == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, value);
    }
    return out;
}

/* py3langid's feature counts (its visit_counts): the byte automaton walked in C. */

PyDoc_STRVAR(automaton_visits_doc,
"automaton_visits(nextmove, rows, outputs, data) -> dict | None\n\n"
"Walk the bytes of ``data`` through py3langid's automaton, whose move from ``state`` on a byte is\n"
"``nextmove[(rows[state] << 8) + byte]``, and count each feature ``outputs[state] >= 0`` reached,\n"
"in the order of first visit, as ``collections.Counter`` counts them; None when none is reached.\n"
"``nextmove`` and ``rows`` are uint32 buffers, ``outputs`` an int32 buffer with one entry per state.");

static uint32_t load_u32(const char *base, Py_ssize_t i) {
    uint32_t value;
    memcpy(&value, base + i * 4, 4);
    return value;
}

static PyObject *automaton_visits(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer nextmove, rows, outputs, data;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &nextmove, &rows, &outputs, &data)) return NULL;
    PyObject *result = NULL;
    int32_t *found = NULL, *keys = NULL;
    Py_ssize_t *slots = NULL, *counts = NULL;
    Py_ssize_t n_moves = nextmove.len / 4, n_states = rows.len / 4, n_found = 0, n_distinct = 0;
    if (nextmove.len % 4 || rows.len % 4 || outputs.len != rows.len || n_states == 0) {
        PyErr_SetString(PyExc_ValueError, "nextmove and rows must be uint32 buffers, outputs int32, one per state");
        goto done;
    }
    const char *moves = nextmove.buf, *row = rows.buf, *out = outputs.buf;
    const unsigned char *bytes = data.buf;
    found = PyMem_Malloc((size_t)(data.len ? data.len : 1) * sizeof(int32_t));
    if (found == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    uint32_t state = 0;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        uint64_t at = ((uint64_t)load_u32(row, state) << 8) + bytes[i];
        if (at >= (uint64_t)n_moves || (state = load_u32(moves, (Py_ssize_t)at)) >= (uint64_t)n_states) {
            PyErr_SetString(PyExc_ValueError, "the automaton leads outside its arrays");
            goto done;
        }
        int32_t feature = (int32_t)load_u32(out, state);
        if (feature >= 0) found[n_found++] = feature;
    }
    if (n_found == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* Distinct features in order of first visit, found through an open-addressing table. */
    size_t size = 16;
    while (size < 2 * (size_t)n_found) size <<= 1;
    keys = PyMem_Malloc(size * sizeof(int32_t));
    slots = PyMem_Malloc(size * sizeof(Py_ssize_t));
    counts = PyMem_Calloc((size_t)n_found, sizeof(Py_ssize_t));
    if (keys == NULL || slots == NULL || counts == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t k = 0; k < size; k++) keys[k] = -1;
    for (Py_ssize_t i = 0; i < n_found; i++) {
        int32_t feature = found[i];
        size_t k = ((uint32_t)feature * 2654435761u) & (size - 1);
        while (keys[k] >= 0 && keys[k] != feature) k = (k + 1) & (size - 1);
        if (keys[k] < 0) {
            keys[k] = feature;
            slots[k] = n_distinct;
            found[n_distinct++] = feature; /* the order of first visit, written over what is already read */
        }
        counts[slots[k]]++;
    }
    result = PyDict_New();
    for (Py_ssize_t i = 0; result != NULL && i < n_distinct; i++) {
        PyObject *key = PyLong_FromLong(found[i]), *count = PyLong_FromSsize_t(counts[i]);
        if (key == NULL || count == NULL || PyDict_SetItem(result, key, count) < 0) Py_CLEAR(result);
        Py_XDECREF(key);
        Py_XDECREF(count);
    }
done:
    PyMem_Free(found);
    PyMem_Free(keys);
    PyMem_Free(slots);
    PyMem_Free(counts);
    PyBuffer_Release(&nextmove);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&outputs);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef methods[] = {
    {"block_decision", block_decision, METH_VARARGS, block_decision_doc},
    {"tokens", tokens, METH_O, tokens_doc},
    {"words", words, METH_O, words_doc},
    {"letter_runs", letter_runs, METH_O, letter_runs_doc},
    {"name_spans", name_spans, METH_O, name_spans_doc},
    {"english_evidence", english_evidence, METH_VARARGS, english_evidence_doc},
    {"lexical_tokens", lexical_tokens, METH_VARARGS, lexical_tokens_doc},
    {"parse_pieces", parse_pieces, METH_O, parse_pieces_doc},
    {"mapped_tokens", mapped_tokens, METH_VARARGS, mapped_tokens_doc},
    {"automaton_visits", automaton_visits, METH_VARARGS, automaton_visits_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ngrams",
    "Compiled hashed n-gram scoring, tokenizers, text views and language-identification counts (optional).",
    -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ngrams(void) {
    for (Py_UCS4 c = 0; c < 128; c++) ascii_classes[c] = (unsigned char)unicode_classes(c);
    return PyModule_Create(&module);
}
