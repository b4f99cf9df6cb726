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
    the verbatim text, white space collapsed). The speaker is its
    :attr:`~quotes.Speaker.label` (the name, ``anonymous: ...`` or ``unresolved: ...``) and
    the role the record gives."""
    if chars < 0:
        raise ValueError(f"chars must be 0 or more, not {chars}")
    out = []
    for q in quotes:
        who, role = q.speaker.label, q.speaker.description
        if role and q.speaker.state != "anonymous":  # an anonymous label is its description
            who += f", {role}"
        out.append(f"{q.id}  {q.kind}  {who}  {q.outlet or '(outlet unknown)'}, {q.date}\n")
        out.append(f"  {corpus.context(q, chars)}\n\n")
    return "".join(out)
