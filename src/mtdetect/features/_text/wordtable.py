"""A bounded memo of one function of a word (or any string): a dict that compiled code reads directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Value = TypeVar("Value")


class WordTable(dict[str, Value]):
    """``table[word]`` (or ``table(word)``) is ``compute(word)``, remembered; emptied whenever it reaches ``size``.

    A hit is a plain dict lookup, in C, with no Python call; a miss goes through :meth:`__missing__`.
    Compiled code reads the dict itself and calls :meth:`fill` on a miss. Emptying all at once instead
    of evicting the least recently used word keeps lookups that cheap; the values never depend on what
    is remembered.

    >>> lengths = WordTable(len, size=2)
    >>> lengths("cat"), lengths["horse"], lengths("cat"), len(lengths)
    (3, 5, 3, 2)
    """

    def __init__(self, compute: Callable[[str], Value], size: int) -> None:
        super().__init__()
        self.compute, self.size = compute, size

    def fill(self, word: str) -> Value:
        """Compute and remember ``word``'s value."""
        return self.remember(word, self.compute(word))

    def remember(self, word: str, value: Value) -> Value:
        """Remember ``value`` (``compute(word)``, found some other way) for ``word``."""
        if len(self) >= self.size:
            self.clear()
        self[word] = value
        return value

    __missing__ = fill
    __call__ = dict.__getitem__
