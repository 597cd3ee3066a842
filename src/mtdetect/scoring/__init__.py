"""Paragraph scores and the one document verdict (style + findings), with their explanations."""
