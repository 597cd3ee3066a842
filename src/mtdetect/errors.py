"""Exit codes and the exceptions the library raises; the CLI maps them to one stderr line."""

EXIT_CLEAN = 0
EXIT_FLAGGED = 1
EXIT_ERROR = 2


class MtdetectError(Exception):
    """Base class: a one-sentence message naming the file or option at fault."""


class InputError(MtdetectError):
    """An input file or stream cannot be read as English text."""


class ModelError(MtdetectError):
    """A model file is missing, corrupted, tampered with or incompatible."""


class CorpusError(MtdetectError):
    """A corpus file is missing or malformed."""
