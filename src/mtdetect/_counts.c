/* Compiled counting for the dense feature families, and numpy's float64 sum, bit for bit.
 *
 * The references are the Python paths in mtdetect/features/stats.py (numpy_sum, std) and
 * mtdetect/features/style.py (_python_counts); tests/test_compiled_counts.py compares both on
 * random texts. Everything here returns integers or numpy's own sums, so the feature values
 * do not depend on which path ran. Building this module is optional: without it, the Python
 * paths run.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* numpy's pairwise summation of contiguous float64 (numpy/_core/src/umath/loops_utils.h.src):
 * fewer than 8 values in order; up to PW_BLOCKSIZE values in 8 interleaved partial sums combined
 * as a tree, then the remainder in order; longer runs split in two at a multiple of 8. */
#define PW_BLOCKSIZE 128

static double pairwise_sum(const double *a, Py_ssize_t n) {
    if (n < 8) {
        double res = -0.0;
        for (Py_ssize_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= PW_BLOCKSIZE) {
        double r[8];
        Py_ssize_t i;
        for (int j = 0; j < 8; j++) r[j] = a[j];
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    Py_ssize_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/* The values of a list or tuple of numbers as a fresh float64 array (NULL with an exception set). */
static double *as_doubles(PyObject *values, Py_ssize_t *n) {
    PyObject *seq = PySequence_Fast(values, "expected a list or tuple of numbers");
    if (seq == NULL) return NULL;
    *n = PySequence_Fast_GET_SIZE(seq);
    double *out = PyMem_Malloc(((size_t)*n + 1) * sizeof(double));
    if (out == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < *n; i++) {
        out[i] = PyFloat_AsDouble(items[i]);
        if (out[i] == -1.0 && PyErr_Occurred()) {
            PyMem_Free(out);
            Py_DECREF(seq);
            return NULL;
        }
    }
    Py_DECREF(seq);
    return out;
}

PyDoc_STRVAR(numpy_sum_doc, "numpy_sum(values) -> float\n\nnumpy.add.reduce of the values as float64, bit for bit.");

static PyObject *numpy_sum(PyObject *self, PyObject *values) {
    (void)self;
    Py_ssize_t n;
    double *a = as_doubles(values, &n);
    if (a == NULL) return NULL;
    double total = pairwise_sum(a, n);
    PyMem_Free(a);
    return PyFloat_FromDouble(total);
}

/* numpy.std (population) of n > 0 values; overwrites them with their squared deviations. */
static double population_std(double *a, Py_ssize_t n) {
    double centre = pairwise_sum(a, n) / (double)n;
    for (Py_ssize_t i = 0; i < n; i++) {
        double deviation = a[i] - centre;
        a[i] = deviation * deviation;
    }
    return sqrt(pairwise_sum(a, n) / (double)n);
}

PyDoc_STRVAR(std_doc, "std(values) -> float\n\nnumpy.std (population) of non-empty float64 values, bit for bit.");

static PyObject *std(PyObject *self, PyObject *values) {
    (void)self;
    Py_ssize_t n;
    double *a = as_doubles(values, &n);
    if (a == NULL) return NULL;
    if (n == 0) {
        PyMem_Free(a);
        PyErr_SetString(PyExc_ValueError, "std of no values");
        return NULL;
    }
    double spread = population_std(a, n);
    PyMem_Free(a);
    return PyFloat_FromDouble(spread);
}

static inline int ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* Distinct strings numbered in order of first appearance: an open-addressing table of borrowed str
 * objects (the caller's tuple keeps them alive), compared as Python's dict compares them. */
typedef struct {
    PyObject **keys;
    Py_hash_t *hashes;
    Py_ssize_t *ids;
    Py_ssize_t mask, size;
} Numbering;

static int numbering_init(Numbering *t, Py_ssize_t expected) {
    Py_ssize_t capacity = 16;
    while (capacity < 2 * expected + 2) capacity *= 2;
    t->keys = PyMem_Calloc((size_t)capacity, sizeof(PyObject *));
    t->hashes = PyMem_Malloc((size_t)capacity * sizeof(Py_hash_t));
    t->ids = PyMem_Malloc((size_t)capacity * sizeof(Py_ssize_t));
    t->mask = capacity - 1;
    t->size = 0;
    if (!t->keys || !t->hashes || !t->ids) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void numbering_free(Numbering *t) {
    PyMem_Free(t->keys);
    PyMem_Free(t->hashes);
    PyMem_Free(t->ids);
}

/* The number of `key` (a str); a new one when `add`, else -1 when absent; -2 on error. */
static Py_ssize_t numbering_find(Numbering *t, PyObject *key, int add) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -2;
    size_t slot = (size_t)hash & (size_t)t->mask;
    for (;;) {
        PyObject *held = t->keys[slot];
        if (held == NULL) break;
        if (held == key) return t->ids[slot];
        if (t->hashes[slot] == hash && PyUnicode_Compare(held, key) == 0) return t->ids[slot];
        if (PyErr_Occurred()) return -2;
        slot = (slot + 1) & (size_t)t->mask;
    }
    if (!add) return -1;
    t->keys[slot] = key;
    t->hashes[slot] = hash;
    t->ids[slot] = t->size;
    return t->size++;
}

/* A set of 64-bit keys (word-number pairs), for counting distinct bigrams. */
static Py_ssize_t count_distinct_pairs(const Py_ssize_t *numbers, Py_ssize_t n) {
    if (n < 2) return 0;
    Py_ssize_t capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    uint64_t *slots = PyMem_Malloc((size_t)capacity * sizeof(uint64_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memset(slots, 0xFF, (size_t)capacity * sizeof(uint64_t)); /* all ones: empty (numbers are < 2**31) */
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        uint64_t key = ((uint64_t)numbers[i] << 32) | (uint64_t)numbers[i + 1];
        size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (size_t)(capacity - 1);
        while (slots[slot] != UINT64_MAX && slots[slot] != key) slot = (slot + 1) & (size_t)(capacity - 1);
        if (slots[slot] == UINT64_MAX) {
            slots[slot] = key;
            distinct++;
        }
    }
    PyMem_Free(slots);
    return distinct;
}

/* The tuple's items, checked to be str. */
static int all_str(PyObject *tuple, const char *name) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(tuple, i))) {
            PyErr_Format(PyExc_TypeError, "%s must be a tuple of str", name);
            return -1;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(PyTuple_GET_ITEM(tuple, i)) < 0) return -1;
#endif
    }
    return 0;
}

static inline Py_UCS4 first_char(PyObject *s) {
    return PyUnicode_GET_LENGTH(s) ? PyUnicode_READ_CHAR(s, 0) : (Py_UCS4)-1;
}

/* Whitespace-separated pieces of a str, as len(s.split()) counts them. */
static Py_ssize_t count_pieces(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), pieces = 0;
    int kind = PyUnicode_KIND(s), inside = 0;
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < n; i++) {
        int space = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        if (!space && !inside) pieces++;
        inside = !space;
    }
    return pieces;
}

PyDoc_STRVAR(style_counts_doc,
"style_counts(lowered, words, tokens, sentences, function_words, profile_words, marks, window) -> tuple\n\n"
"The counts mtdetect.features.style reads from one parse, as its _python_counts gives them:\n"
"(content words, distinct content words, words seen once, distinct bigrams, moving type-token total,\n"
"capitalised words after the first, tokens opening with a digit, mean and spread of the words per\n"
"sentence, mean and spread of the word lengths (numpy's, to the bit), share of each profile word\n"
"among the words and of each one-character mark among the tokens, in percent).");

static PyObject *style_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *lowered, *words, *tokens, *sentences, *function_words, *profile, *marks;
    Py_ssize_t window;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO!O!n", &PyTuple_Type, &lowered, &PyTuple_Type, &words, &PyTuple_Type,
                          &tokens, &PyTuple_Type, &sentences, &function_words, &PyTuple_Type, &profile,
                          &PyTuple_Type, &marks, &window))
        return NULL;
    if (!PyAnySet_Check(function_words)) {
        PyErr_SetString(PyExc_TypeError, "function_words must be a set or frozenset");
        return NULL;
    }
    if (all_str(lowered, "lowered") || all_str(words, "words") || all_str(tokens, "tokens") ||
        all_str(sentences, "sentences") || all_str(profile, "profile_words") || all_str(marks, "marks"))
        return NULL;
    if (window < 1) {
        PyErr_SetString(PyExc_ValueError, "window must be positive");
        return NULL;
    }
    Py_ssize_t n_marks = PyTuple_GET_SIZE(marks);
    for (Py_ssize_t k = 0; k < n_marks; k++) {
        if (PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(marks, k)) != 1) {
            PyErr_SetString(PyExc_ValueError, "marks must be one character each");
            return NULL;
        }
    }
    Py_ssize_t n = PyTuple_GET_SIZE(lowered);
    if (n >= ((Py_ssize_t)1 << 31)) {
        PyErr_SetString(PyExc_OverflowError, "too many words");
        return NULL;
    }
    PyObject *result = NULL;
    Numbering table = {NULL, NULL, NULL, 0, 0};
    Py_ssize_t *numbers = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_ssize_t));
    /* per distinct word: its count, whether it is a function word, its count in the window */
    Py_ssize_t *counts = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    Py_ssize_t *in_window = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    char *function = PyMem_Calloc((size_t)n + 1, 1);
    if (!numbers || !counts || !in_window || !function) {
        PyErr_NoMemory();
        goto done;
    }
    if (numbering_init(&table, n) < 0) goto done;
    Py_ssize_t content = 0, distinct_content = 0, hapax = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyTuple_GET_ITEM(lowered, i);
        Py_ssize_t before = table.size, number = numbering_find(&table, word, 1);
        if (number < 0) goto done;
        if (number == before) {
            int is_function = PySet_Contains(function_words, word);
            if (is_function < 0) goto done;
            function[number] = (char)is_function;
            distinct_content += !is_function;
        }
        numbers[i] = number;
        counts[number]++;
        content += !function[number];
    }
    for (Py_ssize_t k = 0; k < table.size; k++) hapax += counts[k] == 1;
    Py_ssize_t bigrams = count_distinct_pairs(numbers, n);
    if (bigrams < 0) goto done;
    /* style._mattr's total: distinct words of the first window, then of each window after a step */
    Py_ssize_t mattr_total = 0, distinct = 0, first = n < window ? n : window;
    for (Py_ssize_t i = 0; i < first; i++) distinct += in_window[numbers[i]]++ == 0;
    mattr_total = distinct;
    for (Py_ssize_t i = window; i < n; i++) {
        distinct += in_window[numbers[i]]++ == 0;
        distinct -= --in_window[numbers[i - window]] == 0;
        mattr_total += distinct;
    }
    Py_ssize_t capitalised = 0, digits = 0;
    for (Py_ssize_t i = 1; i < PyTuple_GET_SIZE(words); i++) {
        Py_UCS4 c = first_char(PyTuple_GET_ITEM(words, i));
        capitalised += c != (Py_UCS4)-1 && Py_UNICODE_ISUPPER(c);
    }
    /* mean and spread of the words' lengths ([0] without words) and of the sentences' lengths in words */
    Py_ssize_t n_sentences = PyTuple_GET_SIZE(sentences), n_lengths = n ? n : 1;
    double *lengths = PyMem_Malloc(((size_t)(n_lengths > n_sentences ? n_lengths : n_sentences) + 1) * sizeof(double));
    if (lengths == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    lengths[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) lengths[i] = (double)PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(lowered, i));
    double word_mean = pairwise_sum(lengths, n_lengths) / (double)n_lengths;
    double word_std = population_std(lengths, n_lengths), sentence_mean = 0.0, sentence_std = 0.0;
    if (n_sentences) {
        for (Py_ssize_t k = 0; k < n_sentences; k++) lengths[k] = (double)count_pieces(PyTuple_GET_ITEM(sentences, k));
        sentence_mean = pairwise_sum(lengths, n_sentences) / (double)n_sentences;
        sentence_std = population_std(lengths, n_sentences);
    }
    PyMem_Free(lengths);
    PyObject *profile_counts = PyList_New(PyTuple_GET_SIZE(profile));
    PyObject *mark_counts = PyList_New(n_marks);
    if (!profile_counts || !mark_counts) goto lists_failed;
    Py_ssize_t *marks_seen = PyMem_Calloc((size_t)n_marks + 1, sizeof(Py_ssize_t));
    if (marks_seen == NULL) {
        PyErr_NoMemory();
        goto lists_failed;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tokens); i++) {
        PyObject *token = PyTuple_GET_ITEM(tokens, i);
        Py_UCS4 c = first_char(token);
        digits += c != (Py_UCS4)-1 && Py_UNICODE_ISDIGIT(c);
        if (PyUnicode_GET_LENGTH(token) == 1)
            for (Py_ssize_t k = 0; k < n_marks; k++)
                if (PyUnicode_READ_CHAR(PyTuple_GET_ITEM(marks, k), 0) == c) marks_seen[k]++;
    }
    /* shares in percent, as style._row writes them: count * 100.0 / max(len, 1) */
    double per_token = (double)(PyTuple_GET_SIZE(tokens) ? PyTuple_GET_SIZE(tokens) : 1);
    double per_word = (double)(n ? n : 1);
    for (Py_ssize_t k = 0; k < n_marks; k++)
        PyList_SET_ITEM(mark_counts, k, PyFloat_FromDouble((double)marks_seen[k] * 100.0 / per_token));
    PyMem_Free(marks_seen);
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(profile); k++) {
        Py_ssize_t number = numbering_find(&table, PyTuple_GET_ITEM(profile, k), 0);
        if (number == -2) goto lists_failed;
        double count = (double)(number < 0 ? 0 : counts[number]);
        PyList_SET_ITEM(profile_counts, k, PyFloat_FromDouble(count * 100.0 / per_word));
    }
    if (PyErr_Occurred()) goto lists_failed; /* a failed PyFloat_FromDouble */
    result = Py_BuildValue("nnnnnnnddddNN", content, distinct_content, hapax, bigrams, mattr_total, capitalised, digits,
                           sentence_mean, sentence_std, word_mean, word_std, profile_counts, mark_counts);
    goto done;
lists_failed:
    Py_XDECREF(profile_counts);
    Py_XDECREF(mark_counts);
done:
    numbering_free(&table);
    PyMem_Free(numbers);
    PyMem_Free(counts);
    PyMem_Free(in_window);
    PyMem_Free(function);
    return result;
}

/* The float `table` holds for `word`, or None (*found = 0); on a miss, what `fill(word)` returns (fill stores
 * it in the table). */
static int cached_optional(PyObject *table, PyObject *word, PyObject *fill, double *out, int *found) {
    PyObject *value = PyDict_GetItemWithError(table, word), *made = NULL; /* borrowed */
    if (value == NULL) {
        if (PyErr_Occurred()) return -1;
        value = made = PyObject_CallOneArg(fill, word);
        if (made == NULL) return -1;
    }
    *found = value != Py_None;
    *out = *found ? PyFloat_AsDouble(value) : 0.0;
    Py_XDECREF(made);
    return *found && *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* cached_optional for a table that holds a float for every word. */
static int cached_double(PyObject *table, PyObject *word, PyObject *fill, double *out) {
    int found;
    if (cached_optional(table, word, fill, out, &found) < 0) return -1;
    if (!found) {
        PyErr_SetString(PyExc_TypeError, "expected a float, not None");
        return -1;
    }
    return 0;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* stats.percentile: numpy's linear percentile of sorted, non-empty values */
static double percentile(const double *ordered, Py_ssize_t n, double q) {
    Py_ssize_t last = n - 1;
    double index = (double)last * (q / 100.0);
    if (index >= (double)last) return ordered[last];
    double below = floor(index), gamma = index - below;
    double low = ordered[(Py_ssize_t)below], high = ordered[(Py_ssize_t)below + 1];
    if (gamma >= 0.5) return high - (high - low) * (1.0 - gamma);
    return low + (high - low) * gamma;
}

PyDoc_STRVAR(fluency_row_doc,
"fluency_row(lowered, zipfs, fill, function_words, rare, very_common) -> list of 9 floats\n\n"
"mtdetect.features.fluency's row of a non-empty tuple of lower-cased words, to the bit; ``zipfs`` maps\n"
"words to their Zipf values and ``fill(word)`` gives (and stores) a value the table lacks.");

static PyObject *fluency_row(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *lowered, *zipfs, *fill, *function_words;
    double rare, very_common;
    if (!PyArg_ParseTuple(args, "O!O!OOdd", &PyTuple_Type, &lowered, &PyDict_Type, &zipfs, &fill, &function_words,
                          &rare, &very_common))
        return NULL;
    if (!PyAnySet_Check(function_words) || !PyCallable_Check(fill)) {
        PyErr_SetString(PyExc_TypeError, "function_words must be a set and fill callable");
        return NULL;
    }
    if (all_str(lowered, "lowered")) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(lowered), n_content = 0, n_rare = 0, n_unknown = 0, n_common = 0;
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "no words");
        return NULL;
    }
    PyObject *result = NULL;
    double *values = PyMem_Malloc(3 * (size_t)n * sizeof(double));
    if (values == NULL) return PyErr_NoMemory();
    double *content = values + n, *ordered = values + 2 * n;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyTuple_GET_ITEM(lowered, i);
        if (cached_double(zipfs, word, fill, &values[i]) < 0) goto done;
        int is_function = PySet_Contains(function_words, word);
        if (is_function < 0) goto done;
        if (!is_function) content[n_content++] = values[i];
        n_rare += values[i] < rare;
        n_unknown += values[i] <= 0.0;
        n_common += values[i] >= very_common;
    }
    if (n_content == 0) content[n_content++] = 0.0;
    double lowest = content[0];
    for (Py_ssize_t i = 1; i < n_content; i++)
        if (content[i] < lowest) lowest = content[i];
    double centre = pairwise_sum(values, n) / (double)n;
    double content_mean = pairwise_sum(content, n_content) / (double)n_content;
    for (Py_ssize_t i = 0; i < n; i++) {
        double deviation = values[i] - centre;
        ordered[i] = deviation * deviation;
    }
    double spread = sqrt(pairwise_sum(ordered, n) / (double)n);
    memcpy(ordered, values, (size_t)n * sizeof(double));
    qsort(ordered, (size_t)n, sizeof(double), compare_doubles);
    result = Py_BuildValue("[ddddddddd]", centre, spread, content_mean, lowest, (double)n_rare / (double)n,
                           (double)n_unknown / (double)n, (double)n_common / (double)n, percentile(ordered, n, 10.0),
                           percentile(ordered, n, 25.0));
done:
    PyMem_Free(values);
    return result;
}

/* str.lower(), without a call where the text has no capital to lower (a new reference). */
static PyObject *lowered_str(PyObject *s) {
    if (PyUnicode_IS_ASCII(s)) {
        const unsigned char *data = PyUnicode_1BYTE_DATA(s);
        Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0;
        while (i < n && !ascii_upper(data[i])) i++;
        if (i == n) return Py_NewRef(s);
    }
    return PyObject_CallMethod(s, "lower", NULL);
}

/* str.islower(), without a call on ASCII text */
static int is_lower_str(PyObject *s) {
    if (PyUnicode_IS_ASCII(s)) {
        const unsigned char *data = PyUnicode_1BYTE_DATA(s);
        int cased = 0;
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s); i++) {
            if (ascii_upper(data[i])) return 0;
            cased |= ascii_lower(data[i]);
        }
        return cased;
    }
    PyObject *answer = PyObject_CallMethod(s, "islower", NULL);
    if (answer == NULL) return -1;
    int lower = answer == Py_True;
    Py_DECREF(answer);
    return lower;
}

/* f"{a} {b}" */
static PyObject *joined_pair(PyObject *a, PyObject *b) {
    if (!PyUnicode_IS_ASCII(a) || !PyUnicode_IS_ASCII(b)) return PyUnicode_FromFormat("%U %U", a, b);
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
    PyObject *key = PyUnicode_New(na + 1 + nb, 127);
    if (key == NULL) return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(key);
    memcpy(out, PyUnicode_1BYTE_DATA(a), (size_t)na);
    out[na] = ' ';
    memcpy(out + na + 1, PyUnicode_1BYTE_DATA(b), (size_t)nb);
    return key;
}

static int ascending_top3_mean(double *values, Py_ssize_t n, double *mean) {
    qsort(values, (size_t)n, sizeof(double), compare_doubles);
    Py_ssize_t first = n > 3 ? n - 3 : 0;
    double total = -0.0;
    for (Py_ssize_t i = first; i < n; i++) total += values[i];
    *mean = total / (double)(n - first);
    return 0;
}

PyDoc_STRVAR(synonyms_row_doc,
"synonyms_row(tokens, function_words, gaps, fill_gap, odds, fill_odds, phrases, openers) -> list\n\n"
"mtdetect.features.synonyms's row of one paragraph's tokens, to the bit, except that the last item is\n"
"the count of words with spin odds over 0.5 (the row holds its log1p). ``gaps`` and ``odds`` map words\n"
"to a float or None, ``fill_gap(word)`` and ``fill_odds(word)`` give (and store) what they lack;\n"
"``phrases`` maps two-word expressions to their gaps, ``openers`` holds their first words.");

static PyObject *synonyms_row(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *tokens, *function_words, *gaps_table, *fill_gap, *odds_table, *fill_odds, *phrases, *openers;
    if (!PyArg_ParseTuple(args, "O!OO!OO!OO!O", &PyTuple_Type, &tokens, &function_words, &PyDict_Type, &gaps_table,
                          &fill_gap, &PyDict_Type, &odds_table, &fill_odds, &PyDict_Type, &phrases, &openers))
        return NULL;
    if (!PyAnySet_Check(function_words) || !PyAnySet_Check(openers) || !PyCallable_Check(fill_gap) ||
        !PyCallable_Check(fill_odds)) {
        PyErr_SetString(PyExc_TypeError, "function_words and openers must be sets, the fills callable");
        return NULL;
    }
    if (all_str(tokens, "tokens")) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(tokens), n_gaps = 0, n_odds = 0;
    PyObject *result = NULL;
    double *gaps = PyMem_Malloc(2 * ((size_t)n + 1) * sizeof(double));
    if (gaps == NULL) return PyErr_NoMemory();
    double *odds = gaps + n + 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *token = PyTuple_GET_ITEM(tokens, i);
        Py_UCS4 c = first_char(token);
        if (c == (Py_UCS4)-1 || !Py_UNICODE_ISALPHA(c) || (i > 0 && Py_UNICODE_ISUPPER(c))) continue;
        PyObject *lower = lowered_str(token);
        if (lower == NULL) goto done;
        int found_gap = 0, found_odds = 0, status = PySet_Contains(function_words, lower); /* 1: a function word */
        if (status == 0) status = cached_optional(gaps_table, lower, fill_gap, &gaps[n_gaps], &found_gap);
        if (status == 0) status = cached_optional(odds_table, lower, fill_odds, &odds[n_odds], &found_odds);
        Py_DECREF(lower);
        if (status < 0) goto done;
        n_gaps += found_gap;
        n_odds += found_odds;
    }
    /* the largest gap of a two-word expression among adjacent words; 0 when some pair is no expression */
    double phrase_max = 0.0;
    int any_phrase = 0, any_other = 0;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        PyObject *a = PyTuple_GET_ITEM(tokens, i), *b = PyTuple_GET_ITEM(tokens, i + 1);
        Py_UCS4 ca = first_char(a), cb = first_char(b);
        if (ca == (Py_UCS4)-1 || cb == (Py_UCS4)-1 || !Py_UNICODE_ISALPHA(ca) || !Py_UNICODE_ISALPHA(cb)) continue;
        int b_lower = is_lower_str(b);
        if (b_lower < 0) goto done;
        if (!b_lower) continue;
        PyObject *lower = lowered_str(a), *value = NULL;
        if (lower == NULL) goto done;
        int opener = PySet_Contains(openers, lower);
        if (opener > 0) {
            PyObject *key = joined_pair(lower, b);
            if (key == NULL) opener = -1;
            else {
                value = PyDict_GetItemWithError(phrases, key); /* borrowed */
                if (value == NULL && PyErr_Occurred()) opener = -1;
                Py_DECREF(key);
            }
        }
        Py_DECREF(lower);
        if (opener < 0) goto done;
        if (value == NULL) {
            any_other = 1;
            continue;
        }
        double gap = PyFloat_AsDouble(value);
        if (gap == -1.0 && PyErr_Occurred()) goto done;
        phrase_max = any_phrase ? (gap > phrase_max ? gap : phrase_max) : gap;
        any_phrase = 1;
    }
    if (any_phrase && any_other && phrase_max < 0.0) phrase_max = 0.0;
    double gap_mean = 0.0, gap1 = 0.0, gap2 = 0.0, gap_top3 = 0.0, odds_top3 = 0.0, odds_positive = 0.0;
    Py_ssize_t odds_over_half = 0;
    if (n_gaps) {
        Py_ssize_t over1 = 0, over2 = 0;
        gap_mean = pairwise_sum(gaps, n_gaps) / (double)n_gaps;
        for (Py_ssize_t i = 0; i < n_gaps; i++) {
            over1 += gaps[i] >= 1.0;
            over2 += gaps[i] >= 2.0;
        }
        gap1 = (double)over1 / (double)n_gaps;
        gap2 = (double)over2 / (double)n_gaps;
        ascending_top3_mean(gaps, n_gaps, &gap_top3);
    }
    if (n_odds) {
        Py_ssize_t positive = 0;
        for (Py_ssize_t i = 0; i < n_odds; i++) {
            positive += odds[i] > 0.0;
            odds_over_half += odds[i] > 0.5;
        }
        odds_positive = (double)positive / (double)n_odds;
        ascending_top3_mean(odds, n_odds, &odds_top3);
    }
    result = Py_BuildValue("[ddddddd n]", gap_mean, gap1, gap2, gap_top3, phrase_max, odds_top3, odds_positive,
                           odds_over_half);
done:
    PyMem_Free(gaps);
    return result;
}

/* textstat's counts (mtdetect/features/readability.py, Counts.python_of): re's \w is Py_UNICODE_ISALNUM or
 * '_', \s and str.split()'s white space are Py_UNICODE_ISSPACE. Lower-casing never makes or removes white
 * space and looks no further than the white space around a character (final sigma), so the lower-cased
 * text's pieces are the pieces lower-cased one by one: ASCII ones here, others by str.lower(). */
static inline int word_char(Py_UCS4 c) {
    if (c >= 128) return Py_UNICODE_ISALNUM(c) != 0;
    return ascii_upper((unsigned char)c) || ascii_lower((unsigned char)c) || (c >= '0' && c <= '9') || c == '_';
}
static inline int space_char(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c); }
static inline int sentence_end(Py_UCS4 c) { return c == '.' || c == '!' || c == '?'; }
static inline int difficult_char(Py_UCS4 c) {
    return word_char(c) || c == '=' || c == '\'' || c == 0x2018 || c == 0x2019;
}

/* Whitespace-separated pieces of text[start:end] holding a word character, and those word characters:
 * what len(PUNCTUATION_RE.sub("", piece).split()) and sum(map(len, ...)) count. */
static Py_ssize_t lexicon_count(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *letters) {
    Py_ssize_t pieces = 0;
    int counted = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (space_char(c)) {
            counted = 0;
        } else if (word_char(c)) {
            if (letters) ++*letters;
            if (!counted) pieces++;
            counted = 1;
        }
    }
    return pieces;
}

/* Per-word syllables and difficulty of ASCII words, keyed by their bytes, so that a word met before costs
 * no Python object. Values come from Python callables the first time a word is met (and are pure functions
 * of the word); the table is emptied when full. No pointer into it is held across a call into Python,
 * which may run another thread that fills or empties it. */
#define WORD_TABLE_SLOTS (1 << 17)
#define WORD_TABLE_WORDS (1 << 16)
#define WORD_TABLE_ARENA (1 << 21)
#define WORD_TABLE_LONGEST 48 /* longer words are looked up in Python each time */
enum WordValue { SYLLABLES, DIFFICULTY };

typedef struct {
    uint64_t hash;
    uint32_t offset, length; /* the key's bytes: arena[offset:offset + length]; length 0: an empty slot */
    int32_t values[2];       /* by WordValue; -1: not known yet */
} WordEntry;

static WordEntry *word_entries;
static char *word_arena;
static size_t word_arena_used;
static Py_ssize_t word_count;

static uint64_t fnv1a(const char *bytes, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ull;
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ (unsigned char)bytes[i]) * 1099511628211ull;
    return h;
}

static int word_table_ready(void) {
    if (word_entries != NULL) return 0;
    word_entries = PyMem_Calloc(WORD_TABLE_SLOTS, sizeof(WordEntry));
    word_arena = PyMem_Malloc(WORD_TABLE_ARENA);
    if (word_entries == NULL || word_arena == NULL) {
        PyMem_Free(word_entries);
        PyMem_Free(word_arena);
        word_entries = NULL;
        word_arena = NULL;
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* The entry of `bytes`, added (with unknown values) if absent; NULL if it cannot be held. */
static WordEntry *word_entry(const char *bytes, Py_ssize_t n) {
    if (n == 0 || n > WORD_TABLE_LONGEST) return NULL;
    uint64_t hash = fnv1a(bytes, n);
    size_t slot = (size_t)hash & (WORD_TABLE_SLOTS - 1);
    for (;;) {
        WordEntry *e = &word_entries[slot];
        if (e->length == 0) break;
        if (e->hash == hash && e->length == (uint32_t)n && memcmp(word_arena + e->offset, bytes, (size_t)n) == 0)
            return e;
        slot = (slot + 1) & (WORD_TABLE_SLOTS - 1);
    }
    if (word_count >= WORD_TABLE_WORDS || word_arena_used + (size_t)n > WORD_TABLE_ARENA) {
        memset(word_entries, 0, WORD_TABLE_SLOTS * sizeof(WordEntry));
        word_count = 0;
        word_arena_used = 0;
        return word_entry(bytes, n);
    }
    WordEntry *e = &word_entries[slot];
    memcpy(word_arena + word_arena_used, bytes, (size_t)n);
    e->hash = hash;
    e->offset = (uint32_t)word_arena_used;
    e->length = (uint32_t)n;
    e->values[SYLLABLES] = e->values[DIFFICULTY] = -1;
    word_arena_used += (size_t)n;
    word_count++;
    return e;
}

/* The value of an ASCII word (its bytes), from the table or from `fill(word)`; -1 on error. */
static long word_value(const char *bytes, Py_ssize_t n, enum WordValue which, PyObject *fill) {
    WordEntry *e = word_entry(bytes, n);
    if (e != NULL && e->values[which] >= 0) return e->values[which];
    PyObject *word = PyUnicode_DecodeASCII(bytes, n, NULL);
    PyObject *made = word == NULL ? NULL : PyObject_CallOneArg(fill, word);
    Py_XDECREF(word);
    if (made == NULL) return -1;
    long number = PyLong_AsLong(made);
    Py_DECREF(made);
    if (number == -1 && PyErr_Occurred()) return -1;
    if (number < 0 || number > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "a word's count must be a non-negative int32");
        return -1;
    }
    e = word_entry(bytes, n); /* again: the call may have run code that emptied the table */
    if (e != NULL) e->values[which] = (int32_t)number;
    return number;
}

PyDoc_STRVAR(readability_counts_doc,
"readability_counts(text, syllables, difficulty)\n"
"-> (words, letters, sentences, short_sentences, syllables, difficulties)\n\n"
"What mtdetect.features.readability.Counts.python_of counts: the words and letters left once punctuation\n"
"is dropped; SENTENCE_RE's sentences and those of at most two words; the syllables of the lower-cased\n"
"words; the sorted difficulties of the distinct lower-cased DIFFICULT_WORD_RE words. ``syllables(word)``\n"
"and ``difficulty(word)`` give a word's integers; the module remembers those of 65,536 ASCII words.");

typedef struct {
    uint64_t hash;
    Py_ssize_t offset, length; /* length 0: an empty slot */
} SeenWord;

static int compare_longs(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* What one paragraph's difficult words have gathered: their difficulties, and the distinct ASCII ones by
 * their bytes (`kept`) or, for the others, as str in `others`. */
typedef struct {
    char *kept;
    Py_ssize_t kept_used, kept_capacity;
    SeenWord *seen;
    size_t seen_mask;
    long *difficulties;
    Py_ssize_t n_difficulties, capacity;
    PyObject *others;
} Difficult;

/* Adds the difficulty of one lower-cased difficult word: ASCII bytes, or a str `word` that is not ASCII. */
static int add_difficult(Difficult *d, const char *bytes, Py_ssize_t size, PyObject *word, PyObject *fill) {
    long difficulty;
    if (word == NULL) {
        uint64_t hash = fnv1a(bytes, size);
        size_t slot = (size_t)hash & d->seen_mask;
        for (; d->seen[slot].length; slot = (slot + 1) & d->seen_mask)
            if (d->seen[slot].hash == hash && d->seen[slot].length == size &&
                memcmp(d->kept + d->seen[slot].offset, bytes, (size_t)size) == 0)
                return 0;
        if (d->kept_used + size > d->kept_capacity || d->n_difficulties >= d->capacity) {
            PyErr_SetString(PyExc_RuntimeError, "readability_counts: more words than the text holds");
            return -1;
        }
        memcpy(d->kept + d->kept_used, bytes, (size_t)size);
        d->seen[slot] = (SeenWord){hash, d->kept_used, size};
        d->kept_used += size;
        difficulty = word_value(bytes, size, DIFFICULTY, fill);
    } else {
        int known = PySet_Contains(d->others, word);
        if (known) return known < 0 ? -1 : 0;
        if (PySet_Add(d->others, word) < 0) return -1;
        if (d->n_difficulties >= d->capacity) {
            PyErr_SetString(PyExc_RuntimeError, "readability_counts: more words than the text holds");
            return -1;
        }
        PyObject *made = PyObject_CallOneArg(fill, word);
        difficulty = made == NULL ? -1 : PyLong_AsLong(made);
        Py_XDECREF(made);
    }
    if (difficulty < 0) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a word's count must be a non-negative int32");
        return -1;
    }
    d->difficulties[d->n_difficulties++] = difficulty;
    return 0;
}

/* The syllables and difficult words of a white-space piece that is not ASCII, lower-cased by str.lower(). */
static int other_piece(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *fill_syllables,
                       Difficult *d, PyObject *fill_difficulty, Py_ssize_t *syllables) {
    PyObject *piece = PyUnicode_Substring(text, start, end);
    PyObject *lowered = piece == NULL ? NULL : PyObject_CallMethod(piece, "lower", NULL);
    Py_XDECREF(piece);
    if (lowered == NULL) return -1;
    int kind = PyUnicode_KIND(lowered), status = -1;
    const void *data = PyUnicode_DATA(lowered);
    Py_ssize_t n = PyUnicode_GET_LENGTH(lowered), kept = 0;
    Py_UCS4 *chars = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_UCS4));
    if (chars == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) { /* the word without punctuation */
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (word_char(c)) chars[kept++] = c;
    }
    if (kept) {
        PyObject *word = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, kept);
        if (word == NULL) goto done;
        long count;
        if (PyUnicode_IS_ASCII(word)) {
            count = word_value((const char *)PyUnicode_1BYTE_DATA(word), kept, SYLLABLES, fill_syllables);
        } else {
            PyObject *made = PyObject_CallOneArg(fill_syllables, word);
            count = made == NULL ? -1 : PyLong_AsLong(made);
            Py_XDECREF(made);
            if (count < 0 && !PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "negative syllables");
        }
        Py_DECREF(word);
        if (count < 0) goto done;
        *syllables += count;
    }
    for (Py_ssize_t i = 0; i < n;) { /* the runs of difficult-word characters */
        if (!difficult_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t run_end = i;
        while (run_end < n && difficult_char(PyUnicode_READ(kind, data, run_end))) run_end++;
        PyObject *word = PyUnicode_Substring(lowered, i, run_end);
        if (word == NULL) goto done;
        int added = PyUnicode_IS_ASCII(word)
                        ? add_difficult(d, (const char *)PyUnicode_1BYTE_DATA(word), run_end - i, NULL, fill_difficulty)
                        : add_difficult(d, NULL, 0, word, fill_difficulty);
        Py_DECREF(word);
        if (added < 0) goto done;
        i = run_end;
    }
    status = 0;
done:
    PyMem_Free(chars);
    Py_DECREF(lowered);
    return status;
}

static PyObject *readability_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *text, *fill_syllables, *fill_difficulty;
    if (!PyArg_ParseTuple(args, "UOO", &text, &fill_syllables, &fill_difficulty)) return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL;
#endif
    if (word_table_ready() < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), letters = 0, sentences = 0, short_sentences = 0, syllables = 0;
    /* Lower-casing may lengthen a piece (one character into three at most), so the buffers allow for
     * three times the text; runs of difficult-word characters end before another starts. */
    Py_ssize_t room = 3 * n + 1;
    Difficult d = {NULL, 0, room, NULL, 1, NULL, 0, room / 2 + 1, NULL};
    while (d.seen_mask < (size_t)room + 1) d.seen_mask <<= 1;
    char *scratch = PyMem_Malloc((size_t)n + 1);
    d.kept = PyMem_Malloc((size_t)room);
    d.seen = PyMem_Calloc(d.seen_mask--, sizeof(SeenWord));
    d.difficulties = PyMem_Malloc((size_t)d.capacity * sizeof(long));
    d.others = PySet_New(NULL);
    PyObject *ordered = NULL;
    if (scratch == NULL || d.kept == NULL || d.seen == NULL || d.difficulties == NULL || d.others == NULL) {
        if (d.others != NULL) PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t words = lexicon_count(kind, data, 0, n, &letters);
    /* SENTENCE_RE = \b[^.!?]+[.!?]* : a match starts at a word boundary before a non-end character */
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int before = i > 0 && word_char(PyUnicode_READ(kind, data, i - 1)), after = word_char(c);
        if (before == after || sentence_end(c)) {
            i++;
            continue;
        }
        Py_ssize_t end = i;
        while (end < n && !sentence_end(PyUnicode_READ(kind, data, end))) end++;
        while (end < n && sentence_end(PyUnicode_READ(kind, data, end))) end++;
        sentences++;
        short_sentences += lexicon_count(kind, data, i, end, NULL) <= 2;
        i = end;
    }
    /* each white-space piece, lower-cased: its syllables (punctuation dropped) and its difficult words */
    for (Py_ssize_t i = 0; i < n;) {
        if (space_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t end = i;
        int ascii = 1;
        for (; end < n; end++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, end);
            if (space_char(c)) break;
            ascii &= c < 128;
        }
        if (!ascii) {
            if (other_piece(text, i, end, fill_syllables, &d, fill_difficulty, &syllables) < 0) goto done;
            i = end;
            continue;
        }
        Py_ssize_t size = 0;
        for (Py_ssize_t k = i; k < end; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (word_char(c)) scratch[size++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        }
        if (size) {
            long count = word_value(scratch, size, SYLLABLES, fill_syllables);
            if (count < 0) goto done;
            syllables += count;
        }
        for (Py_ssize_t k = i; k < end;) {
            if (!difficult_char(PyUnicode_READ(kind, data, k))) {
                k++;
                continue;
            }
            Py_ssize_t run = 0;
            for (; k < end && difficult_char(PyUnicode_READ(kind, data, k)); k++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, k);
                scratch[run++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
            }
            if (add_difficult(&d, scratch, run, NULL, fill_difficulty) < 0) goto done;
        }
        i = end;
    }
    qsort(d.difficulties, (size_t)d.n_difficulties, sizeof(long), compare_longs);
    ordered = PyTuple_New(d.n_difficulties);
    for (Py_ssize_t k = 0; ordered != NULL && k < d.n_difficulties; k++) {
        PyObject *number = PyLong_FromLong(d.difficulties[k]);
        if (number == NULL) Py_CLEAR(ordered);
        else PyTuple_SET_ITEM(ordered, k, number);
    }
done:
    PyMem_Free(scratch);
    PyMem_Free(d.kept);
    PyMem_Free(d.seen);
    PyMem_Free(d.difficulties);
    Py_XDECREF(d.others);
    if (ordered == NULL) return NULL;
    return Py_BuildValue("nnnnnN", words, letters, sentences, short_sentences, syllables, ordered);
}

/* textstat's rounding (readability._legacy_round): half away from zero at `points` decimals */
static double legacy_round(double number, int points) {
    double p = points == 1 ? 10.0 : 100.0;
    return floor(number * p + copysign(0.5, number)) / p;
}

static double clipped(double value, double low, double high) {
    if (!isfinite(value)) return 0.0;
    value = low > value ? low : value; /* Python's max(value, low) and min(value, high) */
    return high < value ? high : value;
}

PyDoc_STRVAR(readability_row_doc,
"readability_row(words, sentences, syllables, letters, difficulties, low, high) -> list of 7 floats\n\n"
"mtdetect.features.readability's row from its Counts, to the bit: textstat's Flesch, Flesch-Kincaid,\n"
"Gunning fog, Coleman-Liau and Dale-Chall with its rounding, syllables per word and the difficult-word\n"
"share, clipped to [low, high] (0 where not finite).");

static PyObject *readability_row(PyObject *self, PyObject *args) {
    (void)self;
    Py_ssize_t words, sentences, syllables, letters, fog_words = 0, hard_words = 0, share_words = 0;
    PyObject *difficulties;
    double low, high;
    if (!PyArg_ParseTuple(args, "nnnnO!dd", &words, &sentences, &syllables, &letters, &PyTuple_Type, &difficulties,
                          &low, &high))
        return NULL;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(difficulties); k++) { /* Counts.difficult_words(3), (0), (2) */
        long difficulty = PyLong_AsLong(PyTuple_GET_ITEM(difficulties, k));
        if (difficulty == -1 && PyErr_Occurred()) return NULL;
        fog_words += difficulty > 3;
        hard_words += difficulty > 0;
        share_words += difficulty > 2;
    }
    if (sentences < 1) {
        PyErr_SetString(PyExc_ValueError, "sentences must be positive");
        return NULL;
    }
    double w = (double)words, sentence_length = legacy_round(w / (double)sentences, 1), values[7];
    if (words == 0) {
        values[0] = legacy_round(206.835 - 1.015 * sentence_length, 2);
        values[1] = legacy_round(0.39 * sentence_length - 15.59, 1);
        values[2] = 0.0;
        values[3] = legacy_round(-15.8, 2);
        values[4] = 0.0;
    } else {
        double syllables_per_word = legacy_round((double)syllables / w, 1);
        values[0] = legacy_round(206.835 - 1.015 * sentence_length - 84.6 * syllables_per_word, 2);
        values[1] = legacy_round(0.39 * sentence_length + 11.8 * syllables_per_word - 15.59, 1);
        values[2] = legacy_round(0.4 * (sentence_length + (double)fog_words / w * 100), 2);
        double letters_per = legacy_round(legacy_round((double)letters / w, 2) * 100, 2);
        double sentences_per = legacy_round(legacy_round((double)sentences / w, 2) * 100, 2);
        values[3] = legacy_round(0.058 * letters_per - 0.296 * sentences_per - 15.8, 2);
        double share = 100 - (double)(words - hard_words) / w * 100;
        values[4] = legacy_round(0.1579 * share + 0.0496 * sentence_length + (share > 5 ? 3.6365 : 0.0), 2);
    }
    double per_word = (double)(words > 1 ? words : 1);
    values[5] = (double)syllables / per_word;
    values[6] = (double)share_words / per_word;
    PyObject *row = PyList_New(7);
    for (int k = 0; row != NULL && k < 7; k++) {
        PyObject *value = PyFloat_FromDouble(clipped(values[k], low, high));
        if (value == NULL) Py_CLEAR(row);
        else PyList_SET_ITEM(row, k, value);
    }
    return row;
}

/* Candidate pairs for entity drift (mtdetect/drift.py, _pairs_by_deletions): names that share a string
 * reached by deleting up to two letters from each. Strings are compared by a 64-bit hash of their code
 * points: a collision can only add a candidate pair, which drift's exact test then rejects. */
typedef struct {
    uint64_t hash;
    Py_ssize_t name;
} Reached;

static int compare_reached(const void *a, const void *b) {
    const Reached *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return (x->name > y->name) - (x->name < y->name);
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* FNV-1a over the code points of `s` except positions `skip1` and `skip2` (-1: none). */
static uint64_t hash_without(int kind, const void *data, Py_ssize_t n, Py_ssize_t skip1, Py_ssize_t skip2) {
    uint64_t h = 1469598103934665603ull;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i == skip1 || i == skip2) continue;
        uint32_t c = (uint32_t)PyUnicode_READ(kind, data, i);
        for (int b = 0; b < 4; b++) h = (h ^ ((c >> (8 * b)) & 0xFF)) * 1099511628211ull;
    }
    return h ^ (uint64_t)(n - (skip1 >= 0) - (skip2 >= 0)); /* the length, so "ab" and "a\0b" differ */
}

PyDoc_STRVAR(deletion_pairs_doc,
"deletion_pairs(names, longest) -> list of (i, j)\n\n"
"The index pairs i < j, in ascending order, of the names (lower-cased str, at most ``longest`` code\n"
"points each) that share a string reached by deleting up to two code points from each; a superset\n"
"only where 64-bit hashes collide (mtdetect.drift._pairs_by_deletions).");

static PyObject *deletion_pairs(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *names;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &names, &longest)) return NULL;
    Py_ssize_t n_names = PyList_GET_SIZE(names), total = 0;
    if (longest < 0 || longest > 64) {
        PyErr_SetString(PyExc_ValueError, "longest must be 0..64");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n_names; k++) {
        PyObject *name = PyList_GET_ITEM(names, k);
        if (!PyUnicode_Check(name) || PyUnicode_GET_LENGTH(name) > longest || n_names >= ((Py_ssize_t)1 << 31)) {
            PyErr_SetString(PyExc_ValueError, "names must be fewer than 2**31 str of at most `longest` code points");
            return NULL;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(name) < 0) return NULL;
#endif
        Py_ssize_t n = PyUnicode_GET_LENGTH(name);
        total += 1 + n + n * (n - 1) / 2;
    }
    PyObject *result = NULL;
    Reached *reached = PyMem_Malloc(((size_t)total + 1) * sizeof(Reached));
    uint64_t *pairs = NULL;
    Py_ssize_t n_reached = 0, n_pairs = 0, pairs_capacity = 0;
    if (reached == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_names; k++) {
        PyObject *name = PyList_GET_ITEM(names, k);
        int kind = PyUnicode_KIND(name);
        const void *data = PyUnicode_DATA(name);
        Py_ssize_t n = PyUnicode_GET_LENGTH(name);
        reached[n_reached++] = (Reached){hash_without(kind, data, n, -1, -1), k};
        for (Py_ssize_t i = 0; i < n; i++) {
            reached[n_reached++] = (Reached){hash_without(kind, data, n, i, -1), k};
            for (Py_ssize_t j = i + 1; j < n; j++)
                reached[n_reached++] = (Reached){hash_without(kind, data, n, i, j), k};
        }
    }
    qsort(reached, (size_t)n_reached, sizeof(Reached), compare_reached);
    for (Py_ssize_t start = 0; start < n_reached;) {
        Py_ssize_t end = start;
        while (end < n_reached && reached[end].hash == reached[start].hash) end++;
        for (Py_ssize_t a = start; a < end; a++) {
            if (a > start && reached[a].name == reached[a - 1].name) continue; /* one name, one string */
            for (Py_ssize_t b = a + 1; b < end; b++) {
                if (reached[b].name == reached[b - 1].name) continue;
                if (n_pairs == pairs_capacity) {
                    Py_ssize_t capacity = pairs_capacity ? 2 * pairs_capacity : 1024;
                    uint64_t *grown = PyMem_Realloc(pairs, (size_t)capacity * sizeof(uint64_t));
                    if (grown == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    pairs = grown;
                    pairs_capacity = capacity;
                }
                pairs[n_pairs++] = ((uint64_t)reached[a].name << 32) | (uint64_t)reached[b].name;
            }
        }
        start = end;
    }
    if (n_pairs) qsort(pairs, (size_t)n_pairs, sizeof(uint64_t), compare_u64);
    result = PyList_New(0);
    for (Py_ssize_t k = 0; result != NULL && k < n_pairs; k++) {
        if (k > 0 && pairs[k] == pairs[k - 1]) continue;
        Py_ssize_t i = (Py_ssize_t)(pairs[k] >> 32), j = (Py_ssize_t)(pairs[k] & 0xFFFFFFFFu);
        PyObject *pair = Py_BuildValue("(nn)", i, j);
        if (pair == NULL || PyList_Append(result, pair) < 0) Py_CLEAR(result);
        Py_XDECREF(pair);
    }
done:
    PyMem_Free(reached);
    PyMem_Free(pairs);
    return result;
}

PyDoc_STRVAR(hyphenation_points_doc,
"hyphenation_points(word, patterns, maxlen, left, right) -> int\n\n"
"len(pyphen.Pyphen(...).positions(word)) for a HyphDict's ``patterns`` (str -> (offset, tuple of int))\n"
"and ``maxlen``, and the Pyphen's ``left`` and ``right``: Liang's algorithm as pyphen runs it, without\n"
"pyphen's per-word cache (mtdetect.features.readability).");

static PyObject *hyphenation_points(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *word, *patterns;
    Py_ssize_t maxlen, left, right;
    if (!PyArg_ParseTuple(args, "UO!nnn", &word, &PyDict_Type, &patterns, &maxlen, &left, &right)) return NULL;
    PyObject *lowered = lowered_str(word), *pointed = NULL;
    if (lowered == NULL) return NULL;
    pointed = PyUnicode_FromFormat(".%U.", lowered);
    Py_DECREF(lowered);
    if (pointed == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(pointed), count = 0;
    long *references = PyMem_Calloc((size_t)n + 1, sizeof(long));
    if (references == NULL) {
        Py_DECREF(pointed);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        Py_ssize_t stop = (i + maxlen < n ? i + maxlen : n) + 1;
        for (Py_ssize_t j = i + 1; j < stop; j++) {
            PyObject *piece = PyUnicode_Substring(pointed, i, j);
            PyObject *pattern = piece == NULL ? NULL : PyDict_GetItemWithError(patterns, piece); /* borrowed */
            Py_XDECREF(piece);
            if (pattern == NULL) {
                if (PyErr_Occurred()) goto failed;
                continue;
            }
            PyObject *values;
            Py_ssize_t offset;
            if (!PyTuple_Check(pattern) || PyTuple_GET_SIZE(pattern) != 2 ||
                !PyTuple_Check(values = PyTuple_GET_ITEM(pattern, 1))) {
                PyErr_SetString(PyExc_TypeError, "patterns must map str to (offset, tuple of int)");
                goto failed;
            }
            offset = PyLong_AsSsize_t(PyTuple_GET_ITEM(pattern, 0));
            if (offset == -1 && PyErr_Occurred()) goto failed;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(values) && i + offset + k <= n; k++) {
                long value = PyLong_AsLong(PyTuple_GET_ITEM(values, k));
                if (value == -1 && PyErr_Occurred()) goto failed;
                if (value > references[i + offset + k]) references[i + offset + k] = value;
            }
        }
    }
    Py_ssize_t last = PyUnicode_GET_LENGTH(word) - right; /* Pyphen.positions keeps left <= point <= last */
    for (Py_ssize_t index = 0; index <= n; index++)
        count += references[index] % 2 != 0 && left <= index - 1 && index - 1 <= last;
    PyMem_Free(references);
    Py_DECREF(pointed);
    return PyLong_FromSsize_t(count);
failed:
    PyMem_Free(references);
    Py_DECREF(pointed);
    return NULL;
}

static PyMethodDef methods[] = {
    {"numpy_sum", numpy_sum, METH_O, numpy_sum_doc},
    {"std", std, METH_O, std_doc},
    {"style_counts", style_counts, METH_VARARGS, style_counts_doc},
    {"fluency_row", fluency_row, METH_VARARGS, fluency_row_doc},
    {"synonyms_row", synonyms_row, METH_VARARGS, synonyms_row_doc},
    {"deletion_pairs", deletion_pairs, METH_VARARGS, deletion_pairs_doc},
    {"readability_counts", readability_counts, METH_VARARGS, readability_counts_doc},
    {"readability_row", readability_row, METH_VARARGS, readability_row_doc},
    {"hyphenation_points", hyphenation_points, METH_VARARGS, hyphenation_points_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_counts",
    "Compiled counting and numpy-exact sums for the dense features (optional; see mtdetect/_counts.c).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__counts(void) { return PyModule_Create(&module); }
