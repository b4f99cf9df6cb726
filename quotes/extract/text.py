"""Text structure for the rules: paragraphs, quotation marks, sentences and word tokens.

Every function returns code-point offsets into the article text; none changes the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from quotes.core import marks as core_marks
from quotes.extract import rules


@dataclass(frozen=True)
class Mark:
    """A quoted stretch: marks at ``open`` and ``close``; ``close`` is None when unclosed."""

    open: int
    inner_start: int
    inner_end: int
    close: int | None
    width: int = 1
    """Characters in each mark (2 for the doubled apostrophes ``''``)."""

    @property
    def end(self) -> int:
        """Just after the closing mark (the end of the text when unclosed)."""
        return self.close + self.width if self.close is not None else self.inner_end

    @property
    def covered(self) -> range:
        """The offsets of the marks and everything between them."""
        return range(self.open, self.end if self.close is not None else self.inner_end + 1)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, without surrounding white space."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if line.strip():
            start = m.start() + len(line) - len(line.lstrip())
            yield start, m.start() + len(line.rstrip())


def _double_marks(text: str, start: int, end: int) -> list[Mark]:
    marks: list[Mark] = []
    opened: int | None = None
    width = 1
    i = start
    while i < end:
        found = core_marks.MARK.match(text, i, end)
        if found is None:
            i += 1
            continue
        c, w = found.group(), found.end() - i
        before = text[i - 1] if i > start else " "
        after = text[i + w] if i + w < end else " "
        if opened is None:
            # a straight mark (or '') before a space is a closing one left over
            if c in core_marks.OPENING and (c not in core_marks.SYMMETRIC or not after.isspace()):
                opened, width = i, w
        elif _closes(text[opened : opened + width], c, before, after):
            marks.append(Mark(opened, opened + width, i, i, w))
            opened = None
        i += w
    if opened is not None:
        marks.append(Mark(opened, opened + width, end, None, width))
    return marks


def _closes(opening: str, mark: str, before: str, after: str) -> bool:
    """Whether ``mark`` ends the quotation ``opening`` opened. Web copy mixes its marks, so a
    mark that only closes, or opens and closes alike, ends any quotation; a mark that also
    opens ends only its own pair. An opening mark typed for a closing one (',“ said X') closes:
    an opening mark never follows a comma inside a quotation."""
    if mark not in core_marks.OPENING or mark in core_marks.SYMMETRIC:
        return True
    if core_marks.closes(opening, mark):
        return True
    return mark == core_marks.CURLY_OPEN and before in ",.?!" and after.isspace()


def _single_marks(text: str, start: int, end: int) -> list[Mark]:
    marks: list[Mark] = []
    opened: int | None = None
    for i in range(start, end):
        c = text[i]
        if c not in _SINGLE:
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opening = (
            c in core_marks.SINGLE_OPENING
            and (before.isspace() or before in "([—–-")
            and after.isalnum()
        )
        closing = (
            c in core_marks.SINGLE_CLOSING
            and not before.isspace()
            and (after.isspace() or after in ",.;:!?)—–")
        )
        if opened is None and opening:
            opened = i
        elif opened is not None and closing and _single_closes(text[opened], c):
            marks.append(Mark(opened, opened + 1, i, i))
            opened = None
    return marks


OPENING_CHARS = "".join(sorted({m[0] for m in core_marks.OPENING | core_marks.SINGLE_OPENING}))
"""The first character of every opening mark, double or single."""
OPENS_SENTENCE = frozenset(OPENING_CHARS + "(")
"""Characters that may open a sentence besides a capital: opening marks and a parenthesis."""

_SINGLE = core_marks.SINGLE_OPENING | core_marks.SINGLE_CLOSING


def _single_closes(opening: str, mark: str) -> bool:
    """As :func:`_closes`, for single marks."""
    return (
        mark not in core_marks.SINGLE_OPENING
        or mark in core_marks.SYMMETRIC
        or core_marks.closes(opening, mark)
    )


def marks(text: str, start: int, end: int) -> list[Mark]:
    """The quotation marks of one paragraph: double quotes, else single quotes as outer marks."""
    found = _double_marks(text, start, end) or _single_marks(text, start, end)
    cleaned = []
    for m in found:
        inner = text[m.inner_start : m.inner_end]
        lead, trail = len(inner) - len(inner.lstrip()), len(inner) - len(inner.rstrip())
        if inner.strip():
            cleaned.append(
                replace(m, inner_start=m.inner_start + lead, inner_end=m.inner_end - trail)
            )
    return cleaned


def _is_abbreviation(text: str, dot: int) -> bool:
    m = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower()
    return word in rules.ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def sentences(text: str, start: int, end: int, found: list[Mark]) -> list[tuple[int, int]]:
    """Sentences of a paragraph; terminators inside quotation marks end a sentence only when the
    quotation closes and a capitalised word or a new quotation follows."""
    inside = {i for m in found for i in range(m.inner_start, m.inner_end)}
    closes = {m.close: m.width for m in found if m.close is not None}
    result, s = [], start
    i = start
    while i < end:
        c = text[i]
        boundary = None
        if c in ".!?" and i not in inside and not (c == "." and _is_abbreviation(text, i)):
            boundary = i + 1
        elif i in closes and i > start and text[i - 1] in ".!?":
            boundary = i + closes[i]
        if boundary is not None:
            j = boundary
            while j < end and text[j] in rules.INLINE_SPACE:
                j += 1
            if j >= end or (j > boundary and (text[j].isupper() or text[j] in OPENS_SENTENCE)):
                result.append((s, boundary))
                s = j
                i = j
                continue
        i += 1
    if s < end:
        result.append((s, end))
    return result


def tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` with their offsets (shifted by ``offset``)."""
    return [(m.group(), offset + m.start(), offset + m.end()) for m in rules.WORD.finditer(text)]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved inwards past blanks and commas (and closing punctuation at the end)."""
    while start < end and text[start] in rules.INLINE_SPACE + ",":
        start += 1
    while end > start and text[end - 1] in rules.INLINE_SPACE + ",.;:":
        end -= 1
    return start, end
