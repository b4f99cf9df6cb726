"""Escaping, and markup built from a sorted list of boundaries.

Where highlights overlap without nesting (a quote crossing a region's edge, two machine-made
quotes overlapping), an element is closed and reopened, and each piece carries its own
``data-start``/``data-end`` offsets (code points into the article text, end-exclusive).
"""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Mark", "attr", "attrs", "markup", "text"]

Attributes = dict[str, str | int | float | None]


def text(value: str) -> str:
    """Escape text content. A carriage return is written as a reference: browsers would
    otherwise turn CR LF into LF while parsing and the offsets would drift."""
    return html.escape(value, quote=False).replace("\r", "&#13;")


def attr(value: str | int | float) -> str:
    """Escape an attribute value (quotes included)."""
    return html.escape(str(value), quote=True).replace("\r", "&#13;")


def attrs(attributes: Mapping[str, str | int | float | None]) -> str:
    """`` name="value"`` for each attribute that is not None, escaped."""
    return "".join(f' {k}="{attr(v)}"' for k, v in attributes.items() if v is not None)


@dataclass
class Mark:
    """An element to wrap around ``[start, end)`` of the text; lower layers are outermost."""

    start: int
    end: int
    layer: int
    tag: str
    attrs: Attributes
    first: Attributes = field(default_factory=dict)
    """Attributes only the first piece gets (``id``, ``tabindex``, label)."""
    seq: int = 0


@dataclass
class _Open:
    """One piece of a mark: an element opened at ``start`` and closed at ``end`` (the ``first``
    piece is the one that gets the mark's ``first`` attributes)."""

    mark: Mark
    start: int
    end: int = -1
    first: bool = False


def markup(source: str, marks: Sequence[Mark]) -> str:
    """``source`` escaped, with every mark wrapped around its stretch, nesting kept valid.

    Between two consecutive boundaries the open elements are the marks covering that stretch,
    outermost first by (layer, start, longest, order given). At each boundary the elements that
    stop being a prefix of the new stack are closed and the rest reopened, so overlapping marks
    are split into pieces instead of producing crossed tags.
    """
    for seq, m in enumerate(marks):
        m.seq = seq
    points = sorted({0, len(source)} | {m.start for m in marks} | {m.end for m in marks})
    by_start: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        by_start[m.start].append(m)
    tokens: list[str | _Open] = []
    stack: list[_Open] = []
    live: list[Mark] = []
    opened: set[int] = set()
    for a, b in itertools.pairwise(points):
        live = [m for m in live if m.end > a] + by_start.get(a, [])
        active = sorted(live, key=lambda m: (m.layer, m.start, -m.end, m.seq))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep].mark is active[keep]:
            keep += 1
        for piece in reversed(stack[keep:]):
            piece.end = a
            tokens.append(f"</{piece.mark.tag}>")
        del stack[keep:]
        for m in active[keep:]:
            piece = _Open(m, a, first=m.seq not in opened)
            opened.add(m.seq)
            stack.append(piece)
            tokens.append(piece)
        tokens.append(text(source[a:b]))
    for piece in reversed(stack):
        piece.end = len(source)
        tokens.append(f"</{piece.mark.tag}>")
    return "".join(token if isinstance(token, str) else _opening_tag(token) for token in tokens)


def _opening_tag(piece: _Open) -> str:
    """The tag opening one piece of a mark: the first piece gets the mark's ``first``
    attributes, the others ``data-cont``; each names the stretch it covers."""
    m = piece.mark
    attributes: Attributes = dict(m.attrs)
    if piece.first:
        attributes.update(m.first)
    else:
        attributes["data-cont"] = "1"
    attributes["data-start"] = piece.start
    attributes["data-end"] = piece.end
    return f"<{m.tag}{attrs(attributes)}>"
