"""Build the optional compiled modules (n-gram scorer, feature counts); metadata lives in pyproject.toml.

``optional=True``: where no C compiler is available the build goes on without it
and mtdetect scores with its pure-Python path (same results, slower).
"""

import sys

from setuptools import Extension, setup

# No fused multiply-adds: the compiled sums must round exactly as the Python path's do.
FLAGS = [] if sys.platform == "win32" else ["-O2", "-ffp-contract=off"]

setup(ext_modules=[
    Extension("mtdetect._ngrams", ["src/mtdetect/_ngrams.c"], extra_compile_args=FLAGS, optional=True),
    Extension("mtdetect._counts", ["src/mtdetect/_counts.c"], extra_compile_args=FLAGS, optional=True),
])
