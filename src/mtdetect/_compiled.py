"""The optional compiled modules, in one place: each is the C extension, or None where it was not built.

``_ngrams`` (n-gram blocks, tokenizers, name spans, py3langid's automaton) and ``_counts``
(feature counts, numpy-exact sums, drift's deletion index) are built by ``setup.py`` with
``optional=True``: where no C compiler is found the install goes on without them, and every
caller runs its pure-Python path instead, with the same numbers (``tests/test_compiled_*.py``
check each pair). Callers take the module or one of its functions from here and test for None;
a test can set a caller's copy to None to run the Python path.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any


def _optional(name: str) -> ModuleType | None:
    try:
        return import_module(f"mtdetect.{name}")
    except ImportError:  # built without a C compiler
        return None


ngrams: ModuleType | None = _optional("_ngrams")
counts: ModuleType | None = _optional("_counts")


def ngrams_function(name: str) -> Callable[..., Any] | None:
    """The compiled ``_ngrams`` function ``name``, or None where the module was not built."""
    return None if ngrams is None else getattr(ngrams, name)
