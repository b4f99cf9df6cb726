"""The token rule shared by evaluation (``quotes evaluate``'s overlap scores) and BIO export.

A token is a word or a single other character that is not white space (punctuation, a quotation
mark), each with the combining marks that follow it. A word is a maximal run of word characters
(``\\w``: letters, digits, the underscore), each with its combining marks (Unicode categories
``Mn``, ``Mc``, ``Me``: the vowel signs and virama of Devanagari, Arabic harakat, Hebrew niqqud,
the accents of decomposed Latin), and a zero width joiner or non-joiner between two of them stays
inside the word: "हिन्दी भाषा" is two tokens, and so is ``"Me\\u0301xico!"``. A combining mark
after white space, or at the start, is a token of its own (its base is not in any token). So a
base is never split from its marks, and the tokens of a text, put together, are the text without
its white space. Offsets are code points, end-exclusive.

A span's tokens are those of its own text, ``tokenize(text, start, end)``: a token never crosses
the span's edge. BIO export tokenizes the whole article text and tags each token a span
overlaps. The two give the same tokens for every span that starts and ends at a token's edge (a
span cut inside a word is the only case where they differ: evaluation counts the part inside, BIO
tags the whole word).
"""

from __future__ import annotations

import re
import sys
import unicodedata

__all__ = ["MARK_PLANES", "TOKEN", "combining_marks", "tokenize"]

MARK_PLANES = (0, 1, 14)
"""The Unicode planes that hold combining marks (``tests/test_tokens.py`` checks that no other
plane does, for the Unicode version of the running Python): scanning only these keeps the
import fast."""


def combining_marks(planes: tuple[int, ...] = MARK_PLANES) -> str:
    """A regular-expression class body (``a-bc-d...``) of the combining marks in ``planes``."""
    ranges: list[tuple[int, int]] = []
    for plane in planes:
        for code in range(plane << 16, min((plane + 1) << 16, sys.maxunicode + 1)):
            if unicodedata.category(chr(code))[0] != "M":
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
        for low, high in ranges
    )


def _pattern() -> re.Pattern[str]:
    marks = f"[{combining_marks()}]*"
    letter = rf"\w{marks}"
    word = rf"(?:{letter})+(?:[\u200c\u200d]+(?:{letter})+)*"
    return re.compile(rf"{word}|[^\w\s]{marks}")


TOKEN = _pattern()
"""One token."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each token of ``text[start:end]``, in ``text``'s offsets."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
