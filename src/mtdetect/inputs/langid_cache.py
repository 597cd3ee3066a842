"""py3langid's language model, decompressed once into a cache directory and memory-mapped afterwards.

py3langid ships its model LZMA-compressed (4.6 MB; 68 MB of arrays), and decompressing it takes
0.4-0.5 s in every process that identifies a language: the largest part of a scoring process's
start-up, paid again by every ``--jobs`` or Dask worker that is not forked and every crawl process.
The first load decompresses the model exactly as py3langid does and also writes the arrays,
uncompressed, to :func:`cache_root`; later loads map those files (a few milliseconds), and all
processes of a machine share their pages. The identifier is built from the very same arrays as
py3langid's ``from_model_file`` builds it from, so every decision and probability is identical.

The entry is named after the SHA-256 of the compressed model, so an upgraded py3langid gets a new
one. A cache that cannot be written (read-only home, full disk) or read back (truncated files) is
not an error: the model is then decompressed as before. ``MTDETECT_NO_CACHE=1`` turns the cache
off. Like the installed packages, the cache is trusted: it lives in the user's own directory.

Where mtdetect/_ngrams.c is built, the identifier walks py3langid's byte automaton in C
(``automaton_visits``): the same feature counts in the same order, 74 -> 20 µs for a 700-byte
paragraph, 186 -> 106 µs for its whole ranking; the scores are still computed by py3langid.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect._compiled import ngrams_function

# py3langid's automaton walked in C (mtdetect/_ngrams.c): the same counts, about 4 times faster; None without a compiler
_compiled_visits = ngrams_function("automaton_visits")

CACHE_DIR_ENV = "MTDETECT_CACHE_DIR"
NO_CACHE_ENV = "MTDETECT_NO_CACHE"
ARRAY_NAMES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "Q"}


def turned_off() -> bool:
    """Whether ``MTDETECT_NO_CACHE`` is set (to anything but ``0``)."""
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def cache_root() -> Path | None:
    """``$MTDETECT_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtdetect``, else ``~/.cache/mtdetect``; None if turned off."""
    if turned_off():
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (some containers): no cache
            return None
    return Path(base) / "mtdetect"


def model_path() -> Path:
    """The compressed model that py3langid loads by default."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return MODEL_DIR / MODEL_FILE


def cache_entry(source: Path, root: Path) -> Path:
    """The folder holding the decompressed arrays of ``source``."""
    return root / f"langid-{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}"


def load_identifier() -> Any:
    """py3langid's ``LanguageIdentifier`` with calibrated probabilities (``norm_probs``), from the cache if it can."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    source, root = model_path(), cache_root()
    entry = cache_entry(source, root) if root is not None else None
    arrays = _mapped(entry) if entry is not None else None
    if arrays is None:
        arrays = _decompressed(source)
        if arrays is None:  # a layout this module does not know: let py3langid load it its own way
            return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        if entry is not None:
            _store(arrays, entry)
    identifier_class = _identifier_class()
    tables = np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist()
    rows = _to_array(arrays["nextmove_row"])
    if identifier_class is LanguageIdentifier:  # py3langid walks: its stdlib array and list, as it builds them
        return identifier_class(*tables, _to_array(arrays["nextmove"]), arrays["out_feat"].tolist(), norm_probs=True,
                                tk_row=rows)
    # Walked in C, and by py3langid only where C finds no feature: the mapped arrays serve both, uncopied.
    moves, outputs = np.asarray(arrays["nextmove"], np.uint32), np.asarray(arrays["out_feat"], np.int32)
    identifier = identifier_class(*tables, moves, outputs, norm_probs=True, tk_row=rows)
    identifier.automaton = moves, np.asarray(rows, np.uint32), outputs
    return identifier


@lru_cache(maxsize=1)
def _identifier_class() -> type:
    """py3langid's ``LanguageIdentifier``, its automaton walked in C where the module is built."""
    from py3langid.langid import LanguageIdentifier

    overridable = all(hasattr(LanguageIdentifier, name) for name in ("_raw_score", "_sparse_score"))
    if _compiled_visits is None or not overridable:  # not built, or a py3langid whose internals moved
        return LanguageIdentifier

    class CompiledWalkIdentifier(LanguageIdentifier):  # type: ignore[misc, valid-type]
        """Counts the features with :func:`mtdetect._ngrams.automaton_visits` instead of py3langid's Python loop."""

        __slots__ = ("automaton",)

        def _raw_score(self, text: bytes) -> Any:
            visits = _compiled_visits(*self.automaton, text)
            return self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)

    return CompiledWalkIdentifier


def describe_cache() -> str:
    """Where the cache is and whether it holds the installed model (for ``mtdetect info``); decompresses nothing."""
    root = cache_root()
    if root is None:
        return "off" if turned_off() else "off (no home directory)"
    entry = cache_entry(model_path(), root)
    if _mapped(entry) is not None:
        return f"{entry} (filled)"
    return f"{root} (empty: filled by the first paragraph that needs language identification)"


def _to_array(values: np.ndarray) -> array:
    """An unsigned integer array as the stdlib ``array`` py3langid walks its automaton over."""
    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


def _mapped(entry: Path) -> dict[str, np.ndarray] | None:
    """The cached arrays, memory-mapped; None if the entry is missing, unreadable or inconsistent."""
    try:
        arrays = {name: np.load(entry / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in ARRAY_NAMES}
    except (OSError, ValueError):
        return None
    return arrays if _consistent(arrays) else None


def _consistent(arrays: dict[str, np.ndarray]) -> bool:
    """Whether every index the automaton and the scores follow stays inside its array (a damaged file fails)."""
    ptc, pc, classes = arrays["ptc"], arrays["pc"], arrays["classes"]
    nextmove, rows, outputs = arrays["nextmove"], arrays["nextmove_row"], arrays["out_feat"]
    integers = all(a.dtype.kind in "ui" for a in (nextmove, rows, outputs))
    if not integers or ptc.ndim != 2 or pc.shape != (ptc.shape[1],) or classes.shape != pc.shape:
        return False
    if nextmove.ndim != 1 or nextmove.size % 256 or rows.ndim != 1 or rows.shape != outputs.shape or not rows.size:
        return False
    return bool(int(rows.min()) >= 0 and int(rows.max()) < nextmove.size // 256
                and int(nextmove.min()) >= 0 and int(nextmove.max()) < rows.size
                and int(outputs.min()) >= -1 and int(outputs.max()) < ptc.shape[0])


def _decompressed(source: Path) -> dict[str, np.ndarray] | None:
    """The model's arrays, decompressed as py3langid's ``load_model`` does; None for another layout."""
    with tempfile.TemporaryFile(suffix=".npz") as scratch:  # streamed: the npz is never twice in memory
        with lzma.open(source) as compressed:
            shutil.copyfileobj(compressed, scratch, length=1 << 20)
        scratch.seek(0)
        with np.load(scratch, allow_pickle=False) as data:
            if not set(ARRAY_NAMES) <= set(data.files):
                return None
            return {name: data[name] for name in ARRAY_NAMES}


def _store(arrays: dict[str, np.ndarray], entry: Path) -> None:
    """Write ``arrays`` to ``entry`` (a broken entry is replaced); any failure leaves no cache, not an error."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    except OSError:
        return
    try:
        for name, values in arrays.items():
            np.save(scratch / f"{name}.npy", values, allow_pickle=False)
        if _mapped(entry) is not None:  # another process, starting at the same time, stored it first
            return
        shutil.rmtree(entry, ignore_errors=True)  # a broken entry; open maps of it stay valid on POSIX
        scratch.rename(entry)  # atomic: readers see a whole entry or none
    except OSError:  # a full disk, or another process that stored the same entry in between
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
