"""The bundled corpus, loaded as typed objects with simple lookups."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from quotes.core.bundled import data_path
from quotes.core.corpus_rules import quote_problems
from quotes.core.marking import marked_context
from quotes.core.models import Article, Quote
from quotes.core.problems import Problem, problem
from quotes.core.record_rules import KINDS, Kind
from quotes.io.files import RecordError, iter_lines
from quotes.io.jsonl import parse_line

R = TypeVar("R", Quote, Article)

__all__ = ["Corpus", "load", "read_numbered", "read_quotes"]


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

    def context(self, quote: Quote, chars: int = 200, *, corrected: bool = True) -> str:
        """The quote marked ``[[...]]`` in up to ``chars`` code points of its article on either
        side, on one line, with stored corrections beside the verbatim text
        (:func:`quotes.core.marking.marked_context`, as ``quotes show`` prints it)."""
        return marked_context(quote, self.article(quote), chars, corrected=corrected)

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


def load(
    quotes: str | os.PathLike[str] | None = None,
    articles: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = (),
    *,
    check: bool = True,
) -> Corpus:
    """Load the bundled dataset, or your files, as typed records, fully validated.

    With no arguments, the bundled data (each article's sha256 included). Given ``quotes`` (a
    JSONL file) and ``articles`` (one or more article files; left out: the bundled articles), those
    files; ``quotes`` may also be a folder holding ``quotes.jsonl`` and ``articles.jsonl`` (as
    ``quotes import`` writes them). Raises :class:`~quotes.RecordError` naming the file, line and
    field of the first problem (``quotes validate`` lists them all), so invalid data is reported,
    never silently used.
    With ``check=False`` quotes need only be valid records whose article is given (for tools that
    show a quote that does not fit its text, such as ``quotes view``). Each file is read once.

    >>> corpus = load()
    >>> corpus.articles["004"].outlet
    'United Press International (UPI)'
    """
    return _load_files(quotes, articles, check=check)


def read_numbered(path: str | os.PathLike[str], model: type[R]) -> Iterator[tuple[int, R]]:
    """``(line number, record)`` for each record of a JSONL file; raises
    :class:`~quotes.RecordError` at the first invalid line."""
    for number, line in iter_lines(path):
        result = parse_line(line, model, path=str(path), number=number)
        if isinstance(result, list):
            raise RecordError(result[0])
        yield number, result  # type: ignore[misc]


def _load_files(
    quotes: str | os.PathLike[str] | None,
    articles: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    check: bool,
) -> Corpus:
    paths = [articles] if isinstance(articles, str | os.PathLike) else list(articles)
    if quotes is not None and not paths and Path(quotes).is_dir():
        quotes, paths = Path(quotes) / "quotes.jsonl", [Path(quotes) / "articles.jsonl"]
    if [str(p) for p in (quotes, *paths)].count("-") > 1:
        raise ValueError("standard input (-) can be read only once; name it once")
    with contextlib.ExitStack() as stack:
        if not paths:
            paths = [stack.enter_context(data_path("articles.jsonl"))]
        if quotes is None:
            quotes = stack.enter_context(data_path("quotes.jsonl"))
        by_id: dict[str, Article] = {}
        for path in paths:
            for number, article in read_numbered(path, Article):
                if article.id in by_id:
                    raise RecordError(_duplicate(path, number, "article", article.id))
                by_id[article.id] = article
        records = read_quotes(quotes, by_id, check=check)
    return Corpus(by_id, records)


def read_quotes(
    path: str | os.PathLike[str], articles: dict[str, Article], *, check: bool = True
) -> list[Quote]:
    """The quotes of a file, checked against ``articles`` (by id) as :func:`load` checks them.

    Raises :class:`~quotes.RecordError` at the first problem, naming file, line and field."""
    records: list[Quote] = []
    seen: set[str] = set()
    for number, quote in read_numbered(path, Quote):
        if quote.id in seen:
            raise RecordError(_duplicate(path, number, "quote", quote.id))
        seen.add(quote.id)
        problems = quote_problems(quote, articles, path=str(path), line=number)
        if not check:
            problems = [p for p in problems if p.type == "unknown-article"]
        if problems:
            raise RecordError(problems[0])
        records.append(quote)
    return records


def _duplicate(path: str | os.PathLike[str], line: int, record: str, id_: str) -> Problem:
    hint = f"give each {record} its own id"
    return problem("duplicate-id", str(path), line, "id", record=record, id=id_, hint=hint)
