"""The shipped model: installed as package data ``mtdetect.models``."""
