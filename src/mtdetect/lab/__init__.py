"""Corpus building, spinners, training, evaluation, validation, plots: for train/eval and scripts/, never scoring."""
