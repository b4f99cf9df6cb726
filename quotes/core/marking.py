"""A quotation in its context as one line of plain text: the one way ``quotes show``,
:meth:`quotes.Corpus.context` and the HTML view's side list write it.

* Each segment of the quotation stands between ``[[`` and ``]]``.
* With ``corrected=True``, each stored correction (``Article.corrections``) inside the window is
  written *beside* the verbatim text, never instead of it, as ``{original→corrected}``: the
  factbox's ``Rasmussenís`` reads ``Rasmussen{í→\u2019}s``. The verbatim text stays the source
  of truth (drop each ``→…}`` and its ``{`` and the article's own characters are back); a
  correction partly inside the window widens the window to hold all of it.
* ``...`` stands where the window cuts the article text (never with ``chars=0``: that asks for
  the quotation alone, from its first segment to its last), and every run of white space (line
  breaks too) is written as one space.

This module sits in the bottom layer (it needs only :mod:`quotes.core.models`), so the corpus, the
view and the CLI can all use it.
"""

from __future__ import annotations

from quotes.core.models import Article, Quote

__all__ = ["CLOSE", "OPEN", "marked_context"]

OPEN, CLOSE = "[[", "]]"
"""The markers around each segment of the quotation."""


def marked_context(
    quote: Quote, article: Article, chars: int = 200, *, corrected: bool = True
) -> str:
    """``quote`` marked in up to ``chars`` code points of ``article``'s text on either side.

    See the module documentation for the notation. Raises ``ValueError`` if ``chars`` is
    negative.

    >>> marked_context(quote, article, 20)  # doctest: +SKIP
    '...the factbox says [[Rasmussen{í→\u2019}s plan]] will take years...'
    """
    if chars < 0:
        raise ValueError(f"chars must be 0 or more, not {chars}")
    text = article.text
    start = max(0, quote.spans[0][0] - chars)
    end = min(len(text), quote.spans[-1][1] + chars)
    # (position, rank, marker): at one position a correction closes, then a segment closes, then
    # a segment opens, then a correction opens, so that equal stretches nest.
    events: list[tuple[int, int, str]] = []
    if corrected:
        for c in article.corrections:
            if c.start < end and start < c.end:
                start, end = min(start, c.start), max(end, c.end)
                events += [(c.start, 3, "{"), (c.end, 0, f"→{c.corrected}}}")]
    for s, e in quote.spans:
        events += [(s, 2, OPEN), (e, 1, CLOSE)]
    events.sort(key=lambda event: event[:2])
    cut = "..." if chars else ""
    pieces = [cut if start > 0 else ""]
    position = start
    for at, _, marker in events:
        at = min(max(at, start), end)
        pieces += [text[position:at], marker]
        position = at
    pieces += [text[position:end], cut if end < len(text) else ""]
    return " ".join("".join(pieces).split())
