"""mtdetect: tell machine-translated or spun English from text written or translated by people."""

__version__ = "1.10.0"
