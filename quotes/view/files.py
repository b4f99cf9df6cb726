"""``quotes view`` from files: read the records with their line numbers, check that they fit
together, write the pages."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from ..corpus import data_path
from ..io import RecordError, iter_lines, parse_line
from ..models import Article, Quote
from ..report import Problem
from .pages import write_view

__all__ = ["read_numbered", "view_files"]

R = TypeVar("R", Quote, Article)


def read_numbered(path: str | os.PathLike[str], model: type[R]) -> list[tuple[int, R]]:
    """Every record of a JSONL file with its line number; :class:`~quotes.RecordError` at the
    first invalid line."""
    name = str(path)
    records: list[tuple[int, R]] = []
    for number, line in iter_lines(path):
        result = parse_line(line, model, path=name, number=number)
        if isinstance(result, list):
            raise RecordError(result[0])
        assert isinstance(result, model)
        records.append((number, result))
    return records


def _unique_articles(files: Sequence[tuple[str, list[tuple[int, Article]]]]) -> list[Article]:
    seen: dict[str, tuple[str, int]] = {}
    articles: list[Article] = []
    for name, records in files:
        for number, a in records:
            if a.id in seen:
                where, line = seen[a.id]
                at = f"line {line}" + ("" if where == name else f" of {where}")
                raise RecordError(
                    Problem(
                        name,
                        number,
                        "id",
                        "duplicate-id",
                        f"article id {a.id!r} is already on {at}; the view shows each article "
                        "once: remove one of them, or give it its own id",
                    )
                )
            seen[a.id] = (name, number)
            articles.append(a)
    return articles


def _unknown_article(name: str, number: int, q: Quote) -> RecordError:
    return RecordError(
        Problem(
            name,
            number,
            "article_id",
            "unknown-article",
            f"no article with id {q.article_id!r} in the articles given; "
            "pass its file with --articles",
        )
    )


def view_files(
    quotes: str | os.PathLike[str] | None,
    out: str | os.PathLike[str],
    *,
    articles: Sequence[str | os.PathLike[str]] = (),
    compare: str | os.PathLike[str] | None = None,
    article: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the view of the quotes in ``quotes`` (default: the bundled ones) into ``out``.

    ``articles`` are the articles' JSONL files (default: the bundled articles); ``compare`` a
    JSONL file of predicted quotes to show beside ``quotes``; ``article`` an article id to show
    alone (quotes of other articles are then left out). Everything is read and checked before
    anything is written.

    Raises :class:`~quotes.RecordError` (its ``problem`` names file, line and field) for an
    unreadable file, an invalid record, two articles with one id (``duplicate-id``) and a quote
    whose article is not given (``unknown-article``); ``ValueError`` for an ``article`` id that
    no article has, and for standard input (``-``) given more than once (it can be read only
    once); otherwise as :func:`write_view`. Returns the paths written, the index first.
    """
    if [str(p) for p in (quotes, compare, *articles)].count("-") > 1:
        raise ValueError("standard input (-) can be read only once: give '-' for one file at most")
    with contextlib.ExitStack() as stack:
        if not articles:
            articles = [stack.enter_context(data_path("articles.jsonl"))]
        if quotes is None:
            quotes = stack.enter_context(data_path("quotes.jsonl"))
        read_articles = [(str(path), read_numbered(path, Article)) for path in articles]
        gold = read_numbered(quotes, Quote)
        predicted = None if compare is None else read_numbered(compare, Quote)
    chosen = _unique_articles(read_articles)
    if article is not None:
        chosen = [a for a in chosen if a.id == article]
        if not chosen:
            raise ValueError(f"no article with id {article!r} in the articles given")
    known = {a.id for a in chosen}
    if article is None:
        for name, records in ((str(quotes), gold), (str(compare), predicted or [])):
            for number, q in records:
                if q.article_id not in known:
                    raise _unknown_article(name, number, q)
    pred = None if predicted is None else [q for _, q in predicted if q.article_id in known]
    return write_view(
        chosen,
        [q for _, q in gold if q.article_id in known],
        out,
        compare=pred,
        force=force,
    )
