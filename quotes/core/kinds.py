"""The kind of a quote from its extent: the one rule, for every corpus.

A quote's content (``Quote.spans``) and its quoted parts (``Quote.quoted``, the parts of the
content inside quotation marks) decide its kind (:func:`kind_from`); the models' constructor,
the importers, the extractor and the curation build take it from here, and the corpus rules
report a record whose kind disagrees. Only letters and digits count: punctuation and spaces
beside the marks do not make a quote mixed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from quotes.core.record_rules import Kind

__all__ = ["alnum_bytes", "inside", "kind_from", "letters"]

Spans = Sequence[tuple[int, int]]

_LETTER = re.compile(r"[^\W_]")  # a letter or digit
_ASCII_OTHER = bytes(c for c in range(128) if not _LETTER.match(chr(c)))
"""The ASCII characters that are not letters or digits (deleted to count the rest)."""


def inside(regions: Spans, spans: Spans) -> list[tuple[int, int]]:
    """The parts of ``spans`` inside ``regions`` (both in order and non-overlapping)."""
    parts = []
    starts = [r_start for r_start, _ in regions]
    for start, end in spans:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        while i < len(regions) and regions[i][0] < end:
            s, e = max(start, regions[i][0]), min(end, regions[i][1])
            if s < e:
                parts.append((s, e))
            i += 1
    return parts


def alnum_bytes(text: str) -> bytes:
    """The letters and digits of an ASCII ``text``, as bytes: its other characters deleted at
    once (a pattern would look at each)."""
    return text.encode("ascii").translate(None, _ASCII_OTHER)


def letters(text: str, spans: Spans) -> int:
    """How many letters and digits ``text`` has within ``spans``."""
    count = 0
    for s, e in spans:
        piece = text[max(s, 0) : max(e, 0)]  # as a pattern's pos and endpos read them
        if piece.isascii():
            count += len(alnum_bytes(piece))
        else:
            count += len(_LETTER.findall(piece))
    return count


def kind_from(text: str, spans: Spans, quoted: Spans) -> Kind:
    """The kind of a quote from its content (``spans``) and its ``quoted`` parts: the one rule.

    ``indirect`` when there are no quoted parts, ``direct`` when they hold every letter and
    digit of the content, ``mixed`` when they hold some."""
    if not quoted:
        return "indirect"
    parts = inside(quoted, spans)
    if parts == [(s, e) for s, e in spans]:
        return "direct"  # the quoted parts are the content: they hold all of it
    held = letters(text, parts)
    return "direct" if held == letters(text, spans) else "mixed"
