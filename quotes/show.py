"""Quotes printed with the article text around them (``quotes show``)."""

from __future__ import annotations

from collections.abc import Iterable

from .corpus import Corpus
from .models import Quote

__all__ = ["render"]


def render(corpus: Corpus, quotes: Iterable[Quote], chars: int = 120) -> str:
    """Each quote as a header line (id, kind, speaker, outlet, date) and its text in context:
    up to ``chars`` code points either side, white space collapsed, each span in ``[[ ]]``."""
    if chars < 0:
        raise ValueError(f"chars must be 0 or more, not {chars}")
    out = []
    for q in quotes:
        text = corpus.article(q).text
        start = max(0, q.spans[0][0] - chars)
        end = min(len(text), q.spans[-1][1] + chars)
        pieces, position = [], start
        for s, e in q.spans:
            pieces += [text[position:s], "[[", text[s:e], "]]"]
            position = e
        pieces.append(text[position:end])
        who = q.speaker.name or f"({q.speaker.type})"
        role = f", {q.speaker.description}" if q.speaker.description else ""
        out.append(f"{q.id}  {q.kind}  {who}{role}  {q.outlet or '(outlet unknown)'}, {q.date}\n")
        out.append("  ..." + " ".join("".join(pieces).split()) + "...\n\n")
    return "".join(out)
