"""The bundled corpus, loaded as typed objects with simple lookups."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from .checks import quote_problems
from .data import data_path
from .files import RecordError, iter_lines
from .io import parse_line
from .models import KINDS, Article, Kind, Quote
from .problems import problem

__all__ = ["Corpus", "load"]

R = TypeVar("R", Quote, Article)


@dataclass(frozen=True)
class Corpus:
    """Articles and their quotes. Build one with :func:`load`."""

    articles: dict[str, Article]
    """Articles by id."""
    quotes: list[Quote]
    """Quotes in document order (article, then first offset)."""

    def article(self, quote: Quote) -> Article:
        """The article a quote is taken from."""
        return self.articles[quote.article_id]

    def context(self, quote: Quote, chars: int = 200) -> str:
        """The quote with up to ``chars`` code points of its article on either side."""
        return quote.context(self.article(quote), chars)

    def filter(
        self,
        *,
        article: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        kind: Kind | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> list[Quote]:
        """Quotes matching every criterion given.

        ``speaker`` matches, case-insensitively, a part of the canonical name, of the description
        or of a member's name; ``outlet`` a part of the outlet; ``since``/``until`` bound ``date``
        (inclusive; a ``datetime.date`` or an ISO ``"YYYY-MM-DD"`` string). An unknown ``kind``
        raises ``ValueError``.
        """
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, not {kind!r}")
        if isinstance(since, str):
            since = dt.date.fromisoformat(since)
        if isinstance(until, str):
            until = dt.date.fromisoformat(until)

        def has(haystack: str | None, needle: str) -> bool:
            return haystack is not None and needle.casefold() in haystack.casefold()

        result = []
        for q in self.quotes:
            s = q.speaker
            if article is not None and q.article_id != article:
                continue
            if kind is not None and q.kind != kind:
                continue
            if outlet is not None and not has(q.outlet, outlet):
                continue
            if speaker is not None and not (
                has(s.name, speaker)
                or has(s.description, speaker)
                or any(has(m, speaker) for m in s.members)
            ):
                continue
            if since is not None and q.date < since:
                continue
            if until is not None and q.date > until:
                continue
            result.append(q)
        return result


def load() -> Corpus:
    """Load the bundled dataset, fully validated (each article's sha256 included).

    Each bundled file is read once. Raises :class:`~quotes.RecordError` at the first invalid
    record, duplicate id or quote that does not match its article's text, so a corrupted
    installation is reported, never silently used.

    >>> corpus = load()
    >>> corpus.articles["004"].outlet
    'United Press International (UPI)'
    """
    with data_path("articles.jsonl") as path:
        articles: dict[str, Article] = {}
        for number, article in read_numbered(path, Article):
            if article.id in articles:
                hint = "give each article its own id"
                found = problem(
                    "duplicate-id",
                    str(path),
                    number,
                    "id",
                    record="article",
                    id=article.id,
                    hint=hint,
                )
                raise RecordError(found)
            articles[article.id] = article
    with data_path("quotes.jsonl") as path:
        quotes: list[Quote] = []
        ids: set[str] = set()
        for number, quote in read_numbered(path, Quote):
            if quote.id in ids:
                found = problem(
                    "duplicate-id", str(path), number, "id", record="quote", id=quote.id
                )
                raise RecordError(found)
            ids.add(quote.id)
            for found in quote_problems(quote, articles, path=str(path), line=number):
                raise RecordError(found)
            quotes.append(quote)
    return Corpus(articles, quotes)


def read_numbered(path: str | os.PathLike[str], model: type[R]) -> Iterator[tuple[int, R]]:
    """``(line number, record)`` for each record of a JSONL file; raises
    :class:`~quotes.RecordError` at the first invalid line."""
    for number, line in iter_lines(path):
        result = parse_line(line, model, path=str(path), number=number)
        if isinstance(result, list):
            raise RecordError(result[0])
        yield number, result  # type: ignore[misc]
