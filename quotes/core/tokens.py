"""The token rule shared by evaluation (``quotes evaluate``'s overlap scores) and BIO export.

A token is a maximal run of word characters (``\\w+``: letters, digits, the underscore) or a
single other character that is not white space (punctuation, a quotation mark). Offsets are code
points, end-exclusive.

A span's tokens are those of its own text, ``tokenize(text, start, end)``: a token never crosses
the span's edge. BIO export tokenizes the whole article text and tags each token a span
overlaps. The two give the same tokens for every span that starts and ends at a token's edge (a
span cut inside a word is the only case where they differ: evaluation counts the part inside, BIO
tags the whole word).
"""

from __future__ import annotations

import re

__all__ = ["TOKEN", "tokenize"]

TOKEN = re.compile(r"\w+|[^\w\s]")
"""One token."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``text[start:end]``, in ``text``'s offsets."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
