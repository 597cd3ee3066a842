"""Reading input safely: bytes and encoding, markup, the language check, JSONL/Parquet records, paragraphs."""
