"""Quotes printed with the article text around them (``quotes show``)."""

from __future__ import annotations

from collections.abc import Iterable

from quotes.core.models import Quote
from quotes.engine.corpus import Corpus

__all__ = ["render"]


def render(corpus: Corpus, quotes: Iterable[Quote], chars: int = 120) -> str:
    """Each quote as a header line (id, kind, speaker, outlet, date) and its text in context:
    up to ``chars`` code points either side, as :meth:`Corpus.context` writes it
    (:func:`quotes.core.marking.marked_context`: each span in ``[[ ]]``, stored corrections beside
    the
    verbatim text, white space collapsed)."""
    if chars < 0:
        raise ValueError(f"chars must be 0 or more, not {chars}")
    out = []
    for q in quotes:
        who = q.speaker.name or f"({q.speaker.type})"
        role = f", {q.speaker.description}" if q.speaker.description else ""
        out.append(f"{q.id}  {q.kind}  {who}{role}  {q.outlet or '(outlet unknown)'}, {q.date}\n")
        out.append(f"  {corpus.context(q, chars)}\n\n")
    return "".join(out)
