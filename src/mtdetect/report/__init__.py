"""One module per output format (text, json/jsonl, csv, html, sarif) and the registry that picks one."""
