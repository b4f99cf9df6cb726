"""What the field's scoring protocols (:mod:`~quotes.evaluate.cofenet`,
:mod:`~quotes.evaluate.citron`, :mod:`~quotes.evaluate.ggt`) share: the token spans of a record's
roles, and the table of scores they return.

A span's tokens are those of its own text (:mod:`quotes.core.tokens`), each named by its
``(start, end)`` code-point offsets in the article, so two spans share a token exactly when they
share a token of the article text; a span is the tuple of its tokens, in order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from quotes.core.models import Article, Quote, TextSpan
from quotes.core.tokens import tokenize

__all__ = [
    "Scores",
    "TokenSpan",
    "by_article",
    "content_characters",
    "content_spans",
    "mention_span",
    "prf",
]

TokenSpan = tuple[Hashable, ...]
"""A span as the tuple of its tokens (``(start, end)`` offsets, or token indices of an
instance), in order."""

Value = int | float | None


def content_spans(quote: Quote, article: Article | None = None) -> list[TokenSpan]:
    """The tokens of each segment of ``quote``'s content, one span per segment (text from
    ``article`` when given, else from ``quote.quote``); a segment without tokens is left out."""
    result: list[TokenSpan] = []
    position = 0  # where the segment starts in quote.quote
    for start, end in quote.spans:
        if article is not None:
            found = tokenize(article.text, start, end)
        else:
            shift = start - position
            local = tokenize(quote.quote, position, position + end - start)
            found = [(s + shift, e + shift) for s, e in local]
            position += end - start + 1
        if found:
            result.append(tuple(found))
    return result


def mention_span(span: TextSpan | None) -> TokenSpan | None:
    """The tokens of a cue or a speaker mention (``None`` for none, or one without tokens)."""
    if span is None:
        return None
    found = tuple((span.start + s, span.start + e) for s, e in tokenize(span.text))
    return found or None


def content_characters(quote: Quote) -> set[int]:
    """The offsets of the characters of ``quote``'s content (every segment of ``spans``)."""
    return {i for start, end in quote.spans for i in range(start, end)}


def by_article(quotes: Iterable[Quote]) -> dict[str, list[Quote]]:
    """``quotes`` grouped by ``article_id``, each group in document order (first span)."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        groups[q.article_id].append(q)
    return {k: sorted(v, key=lambda q: (q.spans[0], q.id)) for k, v in groups.items()}


@dataclass
class Scores:
    """A protocol's scores: one row per thing scored (``"source exact"``, ``"quotes 0.3"``),
    each a mapping from a column (``gold``, ``precision``, ...) to its value (null when
    undefined)."""

    protocol: str
    rows: dict[str, dict[str, Value]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (``{"protocol": ..., "rows": {...}}``)."""
        return {"protocol": self.protocol, "rows": self.rows}

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2)

    def table(self, markdown: bool = False) -> str:
        """The scores as a table for people (``markdown=True``: a Markdown table)."""
        columns: list[str] = []
        for row in self.rows.values():
            columns += [c for c in row if c not in columns]
        head = [self.protocol, *columns]
        body = [[name, *(_cell(row.get(c)) for c in columns)] for name, row in self.rows.items()]
        if markdown:
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in body)]) + "\n"
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        return "".join(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
            + "\n"
            for r in [head, *body]
        )


def _cell(value: Value) -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def prf(matched_pred: int, n_pred: int, matched_gold: int, n_gold: int) -> dict[str, Value]:
    """Precision, recall and F1 (a ratio with a zero denominator is 0.0, as the protocols'
    code has it)."""
    p = matched_pred / n_pred if n_pred else 0.0
    r = matched_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
