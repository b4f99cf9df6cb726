"""The quotation marks: which characters open and close a quotation, and what stands inside them.

One set of marks for every tool. The importers (:func:`quoted_regions`, :func:`extent`), the
extractor (``quotes.extract.text.marks``, which adds rules of context for web copy) and the
curation build read the same characters as marks:

* double marks (:data:`PAIRS`): curly ``“…”``, straight ``"…"``, doubled apostrophes ``''…''``
  (some New York Times texts), German ``„…“`` (and ``„…”``, seen in the wild), guillemets
  ``«…»`` and, in German order, ``»…«``, and the mis-decoded curly marks ``ì…î``;
* single marks (:data:`SINGLE_PAIRS`): ``‘…’``, ``'…'``, German ``‚…‘`` and ``‹…›`` either way.
  They are mostly apostrophes, so only the extractor reads them, and only as the outer marks of
  a paragraph that has no double ones.

A mark of :data:`SYMMETRIC` opens and closes alike; a mark that is not a key of its map only
closes. Offsets are code points into the text, as everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from quotes.core.kinds import inside, letters

__all__ = [
    "CLOSING",
    "CURLY_CLOSE",
    "CURLY_OPEN",
    "DOUBLED_APOSTROPHE",
    "MARK",
    "OPENING",
    "PAIRS",
    "PLAIN",
    "SINGLE_CLOSING",
    "SINGLE_CLOSING_PLAIN",
    "SINGLE_OPENING",
    "SINGLE_PAIRS",
    "SYMMETRIC",
    "UNAMBIGUOUS",
    "closes",
    "extent",
    "quoted_regions",
    "unmarked",
]

Spans = Sequence[tuple[int, int]]

CURLY_OPEN = "\u201c"
"""``“``: opens an English quotation and closes a German ``„``."""
CURLY_CLOSE = "\u201d"
"""``”``: closes a quotation."""
DOUBLED_APOSTROPHE = "''"
"""Two apostrophes standing for a double mark (``''so,''`` in some wire copy): one mark."""
MISDECODED_OPEN = "\u00ec"
"""``ì``: a curly ``“`` mis-decoded (seen in a factbox of the bundled data). A mark only where a
word begins after it and none ends before it (otherwise it is the letter, ``così``)."""
MISDECODED_CLOSE = "\u00ee"
"""``î``: a curly ``”`` mis-decoded. A mark only after a non-space and before a non-letter."""

PAIRS: dict[str, tuple[str, ...]] = {
    CURLY_OPEN: (CURLY_CLOSE,),
    '"': ('"',),
    DOUBLED_APOSTROPHE: (DOUBLED_APOSTROPHE,),
    "\u201e": (CURLY_OPEN, CURLY_CLOSE),  # „ “ (German), „ ” (seen in the wild)
    "\u00ab": ("\u00bb",),  # « »
    "\u00bb": ("\u00ab",),  # » « (German order)
    MISDECODED_OPEN: (MISDECODED_CLOSE,),
}
"""Each opening double mark and the marks that close it."""

SINGLE_PAIRS: dict[str, tuple[str, ...]] = {
    "\u2018": ("\u2019",),  # ‘ ’
    "'": ("'",),
    "\u201a": ("\u2018",),  # ‚ ‘ (German)
    "\u2039": ("\u203a",),  # ‹ ›
    "\u203a": ("\u2039",),  # › ‹ (German order)
}
"""Each opening single mark and the marks that close it (apostrophes too, mostly)."""

OPENING = frozenset(PAIRS)
"""The double marks that open a quotation."""
CLOSING = frozenset(c for closers in PAIRS.values() for c in closers)
"""The double marks that close one."""
SINGLE_OPENING = frozenset(SINGLE_PAIRS)
"""The single marks that open a quotation."""
SINGLE_CLOSING = frozenset(c for closers in SINGLE_PAIRS.values() for c in closers)
"""The single marks that close one."""
SYMMETRIC = frozenset(m for m, closers in {**PAIRS, **SINGLE_PAIRS}.items() if closers == (m,))
"""The marks that open and close alike (straight quotes, doubled and single apostrophes)."""

PLAIN = "".join(
    sorted((OPENING | CLOSING) - {DOUBLED_APOSTROPHE, MISDECODED_OPEN, MISDECODED_CLOSE})
)
"""The characters that are double marks wherever they stand (``“ ” " „ « »``): for a regular
expression's character class."""
SINGLE_CLOSING_PLAIN = "".join(sorted(SINGLE_CLOSING))
"""The single closing marks as one string (``‘ ’ ' ‹ ›``): for a character class."""
UNAMBIGUOUS = frozenset(PLAIN) | (SINGLE_OPENING | SINGLE_CLOSING) - {"'"}
"""The mark characters that are marks wherever they stand, double or single: all but the
apostrophe (and so the doubled one) and the mis-decoded pair, which may be letters. What may be
taken off the ends of a quotation without looking at its neighbours (the Wikinews importer's
``Direct`` segments, whose ``''Identioten''`` is wiki markup for italics, not a quotation)."""

_LETTER_CLASS = r"[^\W\d_]"
MARK = re.compile(
    "|".join(
        [
            re.escape(DOUBLED_APOSTROPHE),
            f"[{re.escape(PLAIN)}]",
            rf"(?<!{_LETTER_CLASS}){MISDECODED_OPEN}(?={_LETTER_CLASS})",
            rf"(?<=\S){MISDECODED_CLOSE}(?!{_LETTER_CLASS})",
        ]
    )
)
"""A double mark in a text (the doubled apostrophe as one mark; ``ì`` and ``î`` only where
they stand as marks, see :data:`MISDECODED_OPEN`)."""

_MARK_BEFORE = re.compile(rf"(?:{MARK.pattern})$")
"""A double mark that ends a stretch (searched with an end position, ``$`` is that end)."""
_PARAGRAPH = re.compile(r"\n\s*\n")


def closes(opening: str, mark: str) -> bool:
    """Whether ``mark`` closes a quotation opened by ``opening`` (double or single)."""
    return mark in PAIRS.get(opening, SINGLE_PAIRS.get(opening, ()))


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` strictly inside double quotation marks, in order.

    An opening mark pairs with the next mark that :func:`closes` it; marks between are text. A
    paragraph (text between blank lines) that ends inside a quotation closes it there (news
    style opens each paragraph of a long quotation again and closes only the last). Single
    quotes do not count (they are mostly apostrophes)."""
    regions: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        opener: re.Match[str] | None = None
        for mark in MARK.finditer(text, start, end):
            if opener is None:
                if mark.group() in OPENING:
                    opener = mark
            elif closes(opener.group(), mark.group()):
                if mark.start() > opener.end():
                    regions.append((opener.end(), mark.start()))
                opener = None
        if opener is not None and opener.end() < end:
            regions.append((opener.end(), end))
    return regions


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for gap in _PARAGRAPH.finditer(text):
        yield position, gap.start()
        position = gap.end()
    yield position, len(text)


def _stripped(text: str, spans: Spans) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def extent(
    text: str, spans: Spans, regions: list[tuple[int, int]] | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """A source's content in our convention, and its quoted parts by the marks: ``(spans,
    quoted)``, whose kind is :func:`quotes.core.kinds.kind_from`.

    ``spans`` are the content as the source annotates it, in order. The quoted parts are the
    content's stretches strictly inside quotation marks (white space stripped, those without a
    letter or digit dropped). When they hold every letter and digit of the content the quote is
    direct and its spans become the quoted parts; otherwise each span is trimmed of the white
    space and quotation marks at its ends (a span never begins or ends with a mark). ``regions``
    are :func:`quoted_regions` of ``text``, computed when not given (pass them when reading many
    quotes of one text)."""
    regions = quoted_regions(text) if regions is None else regions
    content = unmarked(text, spans)
    quoted = [
        (s, e) for s, e in _stripped(text, inside(regions, content)) if letters(text, [(s, e)])
    ]
    if quoted and letters(text, quoted) == letters(text, content):
        return quoted, quoted
    return content, quoted


def unmarked(text: str, spans: Spans) -> list[tuple[int, int]]:
    """``spans`` without the white space and double quotation marks at their ends."""
    out = []
    for start, end in spans:
        while start < end:
            edge = MARK.match(text, start)
            if text[start].isspace():
                start += 1
            elif edge is not None and edge.end() <= end:
                start = edge.end()
            else:
                break
        while end > start:
            edge = _MARK_BEFORE.search(text, start, end)
            if text[end - 1].isspace():
                end -= 1
            elif edge is not None:
                end = edge.start()
            else:
                break
        if start < end:
            out.append((start, end))
    return out
