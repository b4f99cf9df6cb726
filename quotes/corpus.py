"""The bundled corpus, loaded as typed objects with simple lookups."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .io import RecordError, read
from .models import Article, Kind, Quote

__all__ = ["Corpus", "data_path", "load"]


@contextlib.contextmanager
def data_path(name: str) -> Iterator[Path]:
    """A real filesystem path to a bundled data file (``articles.jsonl`` or ``quotes.jsonl``)."""
    resource = importlib.resources.files("quotes") / "data" / name
    with importlib.resources.as_file(resource) as path:
        yield path


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
        if kind is not None and kind not in ("direct", "mixed", "indirect"):
            raise ValueError(f"kind must be 'direct', 'mixed' or 'indirect', not {kind!r}")
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


def load(folder: str | os.PathLike[str] | None = None) -> Corpus:
    """Load the bundled dataset, or ``folder/articles.jsonl`` and ``folder/quotes.jsonl`` (as
    ``quotes import`` writes them), fully validated (each article's sha256 included).

    Raises :class:`~quotes.RecordError` if any record is invalid or a quote does not match its
    article's text, so a corrupted installation is reported, never silently used.

    >>> corpus = load()
    >>> corpus.articles["004"].outlet
    'United Press International (UPI)'
    """
    from .validation import validate

    if folder is not None:
        paths = {name: Path(folder) / f"{name}.jsonl" for name in ("articles", "quotes")}
        report = validate([paths["quotes"]], articles=[paths["articles"]])
        if not report.ok:
            raise RecordError(report.problems[0])
        articles = {a.id: a for a in read(paths["articles"], Article)}
        return Corpus(articles, list(read(paths["quotes"], Quote)))
    report = validate()
    if not report.ok:
        raise RecordError(report.problems[0])
    with data_path("articles.jsonl") as path:
        articles = {a.id: a for a in read(path, Article)}
    with data_path("quotes.jsonl") as path:
        quotes = list(read(path, Quote))
    return Corpus(articles, quotes)
