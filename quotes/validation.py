"""Validation: record level (each line against the models) and corpus level (quotes against
their articles' texts). :func:`validate` never raises on bad input: it returns a
:class:`~quotes.report.Report` listing every problem, in file order and line order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .io import RecordError, detect, iter_lines, parse_line
from .models import Article, Quote, TextSpan
from .report import Problem, Report

if TYPE_CHECKING:
    from .parallel import EngineFactory
    from .progress import Progress

__all__ = ["check_quote", "validate"]

PathLike = str | os.PathLike[str]
_UNREAD = {"unreadable-file", "compression-error"}


class _Limit(Exception):
    """Raised internally when ``max_errors`` problems have been collected."""


@dataclass
class _Run:
    report: Report
    max_errors: int | None
    articles: dict[str, Article] = field(default_factory=dict)
    quote_ids: set[str] = field(default_factory=set)

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if self.max_errors is not None and len(self.report.problems) >= self.max_errors:
                self.report.truncated = True
                raise _Limit
            self.report.problems.append(problem)


def _file_kind(path: PathLike) -> type[Quote | Article] | None:
    """The record type of a file's first record line (None when unknown or unreadable).

    Standard input cannot be read twice, so it is not peeked at: its lines are detected one by
    one, and it cannot supply the articles that other files' quotes are checked against."""
    if str(path) == "-":
        return None
    try:
        for _, line in iter_lines(path):
            return detect(line)
    except RecordError:
        return None
    return None


def _read_file(run: _Run, path: PathLike, model: type[Quote | Article] | None) -> None:
    name = str(path)
    run.report.files.append(name)
    try:
        for number, line in iter_lines(path):
            result = parse_line(line, model, path=name, number=number)
            if isinstance(result, list):
                run.add(result)
            elif isinstance(result, Article):
                _add_article(run, result, name, number)
            else:
                _add_quote(run, result, name, number)
    except RecordError as e:
        run.add([e.problem])


def _add_article(run: _Run, article: Article, path: str, line: int) -> None:
    if article.id in run.articles:
        message = f"article id {article.id!r} appears twice; give each article its own id"
        run.add([Problem(path, line, "id", "duplicate-id", message)])
        return
    run.articles[article.id] = article
    run.report.articles += 1


def _add_quote(run: _Run, quote: Quote, path: str, line: int) -> None:
    problems = []
    if quote.id in run.quote_ids:
        message = f"quote id {quote.id!r} appears twice; ids must be unique across files"
        problems.append(Problem(path, line, "id", "duplicate-id", message))
    run.quote_ids.add(quote.id)
    if run.report.corpus_level:
        problems += quote_problems(quote, run.articles, path=path, line=line)
    run.add(problems)
    if not problems:
        run.report.quotes += 1
        run.report.kinds[quote.kind] += 1


def quote_problems(
    quote: Quote, articles: dict[str, Article], *, path: str, line: int | None
) -> list[Problem]:
    """Corpus-level problems of one quote given the articles by id (its article may be absent)."""
    article = articles.get(quote.article_id)
    if article is None:
        message = (
            f"no article with id {quote.article_id!r} in the articles given; "
            "add it or pass its file with --articles"
        )
        return [Problem(path, line, "article_id", "unknown-article", message)]
    return check_quote(quote, article, path=path, line=line)


def _check_text_span(
    span: TextSpan | None, name: str, article: Article, path: str, line: int | None
) -> list[Problem]:
    if span is None:
        return []
    if span.end > len(article.text):
        message = f"end {span.end} is past the end of the article text ({len(article.text)})"
        return [Problem(path, line, f"{name}.end", "span-out-of-range", message)]
    actual = article.text[span.start : span.end]
    if actual != span.text:
        message = (
            f"text[{span.start}:{span.end}] is {actual!r}, not {span.text!r}; "
            "fix the offsets or the text"
        )
        return [Problem(path, line, f"{name}.text", "text-mismatch", message)]
    return []


_REGION_OF = {None: "body", "sidebar": "sidebar", "caption": "caption"}


def check_quote(
    quote: Quote, article: Article, *, path: str = "<input>", line: int | None = None
) -> list[Problem]:
    """Corpus-level checks of one quote against its article; an empty list when it is right."""
    problems: list[Problem] = []
    text = article.text
    for i, (_, end) in enumerate(quote.spans):
        if end > len(text):
            message = f"end {end} is past the end of the article text ({len(text)})"
            problems.append(Problem(path, line, f"spans.{i}", "span-out-of-range", message))
    if not problems:
        joined = " ".join(quote.segments(article))
        if joined != quote.quote:
            message = (
                f"the spans' text joined by single spaces is {joined!r}, not the quote "
                f"{quote.quote!r}; fix the offsets or the quote"
            )
            problems.append(Problem(path, line, "quote", "quote-mismatch", message))
        kinds = {_region_kind(article, start, end) for start, end in quote.spans}
        if len(kinds) != 1 or _REGION_OF.get(next(iter(kinds))) != quote.region:
            where = ", ".join(sorted(str(k or "body") for k in kinds))
            message = (
                f"the spans stand in {where} but region is {quote.region!r}; quotes are "
                "body, sidebar or caption, never headline, dateline or furniture"
            )
            problems.append(Problem(path, line, "region", "region-mismatch", message))
    problems += _check_text_span(quote.cue, "cue", article, path, line)
    problems += _check_text_span(quote.speaker.mention, "speaker.mention", article, path, line)
    if quote.date != article.published or quote.date_precision != article.published_precision:
        message = (
            f"date {quote.date} ({quote.date_precision}) must equal the article's published "
            f"{article.published} ({article.published_precision})"
        )
        problems.append(Problem(path, line, "date", "date-mismatch", message))
    if quote.outlet != article.outlet:
        message = f"outlet {quote.outlet!r} must equal the article's outlet {article.outlet!r}"
        problems.append(Problem(path, line, "outlet", "outlet-mismatch", message))
    return problems


def _region_kind(article: Article, start: int, end: int) -> str | None:
    region = article.region_at(start)
    if region is not None and end > region.end:
        return "mixed regions"
    if region is None:
        nxt = next((r for r in article.regions if start < r.start < end), None)
        if nxt is not None:
            return "mixed regions"
    return None if region is None else region.kind


def validate(
    paths: PathLike | Sequence[PathLike] = (),
    *,
    articles: PathLike | Sequence[PathLike] = (),
    max_errors: int | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    engine: EngineFactory | None = None,
) -> Report:
    """Validate JSONL files and return a :class:`~quotes.report.Report`; never raises on bad input.

    With no ``paths`` and no ``articles``, validates the bundled dataset. Each file's record type
    is detected from its first record. Article files (positional or ``articles``) are read first;
    quotes are then checked against their texts (corpus level). Given quote files alone, only
    record-level checks run, and the report says so.

    Quote files are validated on ``jobs`` processes (default: every core; see
    :mod:`quotes.parallel`); the report is the same for any ``jobs``. ``progress`` (a
    :class:`quotes.progress.Progress`) is told how many bytes and lines were read. ``engine``
    makes an engine that runs the quote files elsewhere instead (see :mod:`quotes.spark`).

    If an articles file cannot be read, quotes are checked at record level only (instead of
    reporting every quote's article as unknown). Bad *arguments* raise ``ValueError``:
    ``max_errors`` or ``jobs`` below 1, or standard input (``-``) named twice.

    >>> validate().ok
    True
    """
    paths = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    articles = [articles] if isinstance(articles, str | os.PathLike) else list(articles)
    if max_errors is not None and max_errors < 1:
        raise ValueError(f"max_errors must be at least 1, or None for no limit (got {max_errors})")
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, or None for every core (got {jobs})")
    if [str(p) for p in (*articles, *paths)].count("-") > 1:
        raise ValueError("standard input (-) can be read only once; name it once")
    if not paths and not articles:
        from .corpus import data_path

        with data_path("articles.jsonl") as a, data_path("quotes.jsonl") as q:
            return validate([q], articles=[a], max_errors=max_errors, jobs=jobs)
    run = _Run(Report(), max_errors)
    kinds = {p: _file_kind(p) for p in paths}
    article_files = list(articles) + [p for p in paths if kinds[p] is Article]
    other_files = [p for p in paths if kinds[p] is not Article]
    order = {str(p): i for i, p in enumerate([*articles, *paths])}
    try:
        for p in article_files:
            _read_file(run, p, Article)
        unread = {pr.path for pr in run.report.problems if pr.type in _UNREAD}
        run.report.corpus_level = bool(article_files) and not unread & set(map(str, article_files))
        if other_files:
            from .parallel import validate_quote_files

            left = None if max_errors is None else max_errors - len(run.report.problems)
            validate_quote_files(
                other_files,
                run.report,
                articles=run.articles if run.report.corpus_level else None,
                known_article_ids=set(run.articles),
                max_errors=left,
                jobs=jobs,
                progress=progress,
                engine=engine,
            )
    except _Limit:
        pass
    run.report.problems.sort(key=lambda pr: (order.get(pr.path, 0), pr.line or 0))
    return run.report
