"""Validation: record level (each line against the models) and corpus level (quotes against
their articles' texts). :func:`validate` never raises on bad input: it returns a
:class:`~quotes.core.report.Report` listing every problem, in file order and line order.

Article files are read by the checking pipeline's sequential engine
(:class:`~quotes.engine.check.Checker`, which ``load``, ``import`` and ``evaluate`` use too);
quote files are checked on the parallel engine (or one given as ``engine``), which applies the
same rules with the same problem makers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quotes.core.record_rules import detect
from quotes.core.report import UNREADABLE, Report
from quotes.engine.parallel import EngineFactory, validate_quote_files
from quotes.io.files import RecordError, is_regular, iter_lines

if TYPE_CHECKING:
    from quotes.engine.check import Checker
    from quotes.io.progress import Progress

# The models (pydantic) are imported only when a file needs them: checking a file of valid quotes
# at record level needs no pydantic (see quotes.engine.fast).
__all__ = ["validate"]


PathLike = str | os.PathLike[str]


def _file_kind(path: PathLike) -> str | None:
    """The record type of a file's first record line (None when unknown or unreadable).

    Only regular files are peeked at: standard input, pipes and FIFOs can be read only once, so
    their lines are detected one by one, and they cannot supply the articles that other files'
    quotes are checked against (unless given with ``articles``)."""
    if not is_regular(path):
        return None
    try:
        for _, line in iter_lines(path, parallel=False):  # one line: no threads for it
            return detect(line)
    except RecordError:
        return None
    return None


def _read_articles(checker: Checker, files: Sequence[PathLike]) -> None:
    """Read the article files with ``checker``; its report is then at corpus level, unless one
    of them could not be read (to its end) or the report is full."""
    if files:
        from quotes.core.models import Article

        for p in files:
            if not checker.stopped:
                checker.read(p, Article)
    if not checker.stopped:
        unread = {pr.path for pr in checker.report.problems if pr.type in UNREADABLE}
        checker.report.corpus_level = bool(files) and not unread & set(map(str, files))


def validate(
    paths: PathLike | Sequence[PathLike] = (),
    *,
    articles: PathLike | Sequence[PathLike] = (),
    max_errors: int | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    engine: EngineFactory | None = None,
) -> Report:
    """Validate JSONL files and return a :class:`~quotes.core.report.Report`; never raises on bad
    input.

    With no ``paths`` and no ``articles``, validates the bundled dataset. Each file's record type
    is detected from its first record, unless ``articles`` are given: then ``paths`` are quote
    files, and an article record in one is a ``wrong-record`` problem (an articles file given
    where quotes are expected never passes as zero quotes). Article files (``articles``, or
    positional ones without them) are read first; quotes are then checked against their texts
    (corpus level). Given quote files alone, only record-level checks run, and the report says so.

    Article files are read with a :class:`~quotes.engine.check.Checker`, the checking pipeline
    that ``load``, ``import`` and ``evaluate`` use. Quote files are validated on ``jobs``
    processes (default: every core; see :mod:`quotes.engine.parallel`), with the same rules and
    problems; the report is the same for any ``jobs``. ``progress`` (a
    :class:`quotes.io.progress.Progress`) is told how many bytes and lines were read. ``engine``
    makes an engine that runs the quote files elsewhere instead (see :mod:`quotes.engine.spark`).

    Every input is read once, except regular files (read again for the lines whose quote id
    may repeat): standard input, pipes and FIFOs work, but are not peeked at, so positional
    ones are read as quote files (with any article lines counted, not used for checks).

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
        from quotes.core.bundled import ARTICLES, QUOTES, data_path

        with data_path(ARTICLES.file) as a, data_path(QUOTES.file) as q:
            return validate(
                [q],
                articles=[a],
                max_errors=max_errors,
                jobs=jobs,
                progress=progress,
                engine=engine,
            )
    from quotes.engine.check import Checker

    checker = Checker(corpus_level=False, max_errors=max_errors)
    report = checker.report
    kinds = {p: None if articles else _file_kind(p) for p in paths}
    article_files = list(articles) + [p for p in paths if kinds[p] == "Article"]
    other_files = [p for p in paths if kinds[p] != "Article"]
    order = {str(p): i for i, p in enumerate([*articles, *paths])}
    _read_articles(checker, article_files)
    if other_files and not checker.stopped:
        validate_quote_files(
            other_files,
            report,
            articles=checker.articles if report.corpus_level else None,
            known_article_ids=checker.article_ids,
            max_errors=None if max_errors is None else max_errors - len(report.problems),
            jobs=jobs,
            progress=progress,
            engine=engine,
            quotes_only=bool(articles),
        )
    report.problems.sort(key=lambda pr: (order.get(pr.path, 0), pr.line or 0))
    return report
