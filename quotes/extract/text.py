"""Text structure for the rules: paragraphs, quotation marks, sentences and word tokens.

Every function returns code-point offsets into the article text; none changes the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

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
        c = text[i]
        w = 2 if text.startswith(rules.DOUBLED_APOSTROPHE, i) and i + 1 < end else 1
        before = text[i - 1] if i > start else " "
        after = text[i + w] if i + w < end else " "
        if (
            c == "“"
            and opened is not None
            and (text[opened] == "„" or (before in ",.?!" and after.isspace()))
        ):
            # German „…“, or an opening mark typed for a closing one (',“ said X'): an
            # opening mark never follows a comma inside a quotation
            marks.append(Mark(opened, opened + width, i, i, 1))
            opened = None
        elif c in rules.QUOTE_OPEN or (c == "ì" and not before.isalpha() and after.isalpha()):
            if opened is None:
                opened, width = i, 1
        elif c in rules.QUOTE_CLOSE or (c == "î" and not before.isspace() and not after.isalpha()):
            if opened is not None:
                marks.append(Mark(opened, opened + width, i, i, width))
                opened = None
        elif c == '"' or w == 2:
            if opened is None:
                if not after.isspace():
                    opened, width = i, w
            else:
                marks.append(Mark(opened, opened + width, i, i, w))
                opened = None
        i += w
    if opened is not None:
        marks.append(Mark(opened, opened + width, end, None, width))
    return marks


def _single_marks(text: str, start: int, end: int) -> list[Mark]:
    marks: list[Mark] = []
    opened: int | None = None
    for i in range(start, end):
        c = text[i]
        if c not in "‘’'":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opening = c in "‘'" and (before.isspace() or before in "([—–-") and after.isalnum()
        closing = c in "’'" and not before.isspace() and (after.isspace() or after in ",.;:!?)—–")
        if opened is None and opening:
            opened = i
        elif opened is not None and closing:
            marks.append(Mark(opened, opened + 1, i, i))
            opened = None
    return marks


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
            if j >= end or (j > boundary and (text[j].isupper() or text[j] in "\"“‘'«ì(")):
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
