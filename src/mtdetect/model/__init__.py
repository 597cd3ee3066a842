"""The model: load and verify (sha256 against the card), the plain-array scorer, length calibration, the card."""
