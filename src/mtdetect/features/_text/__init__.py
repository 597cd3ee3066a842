"""Tokenising helpers the feature families share: tokens, parses, exact sums, word tables, plain typography."""
