"""The checking pipeline's sequential engine: records in, a :class:`~quotes.core.report.Report` out.

A :class:`Checker` takes records one at a time, in the order they are read, and applies every
rule above the single record: an id appears once (among the articles, among the quotes, across
every file), a quote fits its article's text (:func:`quotes.core.corpus_rules.quote_problems`),
the counts and ``max_errors``. Records come from files (:meth:`Checker.read`, which also reports
each line's record-level problems), from an importer or from memory (:meth:`Checker.article`,
:meth:`Checker.quote`).

:func:`quotes.engine.corpus.load` is a strict run (it raises at the first problem), ``quotes
import`` feeds a checker each batch it writes, ``quotes evaluate`` with articles checks each file
with one, and :func:`quotes.engine.pipeline.validate` reads article files with one. Quote files,
which may hold hundreds of millions of records, ``validate`` checks on the parallel engine
(:mod:`quotes.engine.parallel`: every core, flat memory), which applies the same rules with the
same problem makers; ``tests/test_pipeline.py`` feeds one file with every kind of problem to all
of them and compares.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from quotes.core.problems import Problem, duplicate_id
from quotes.core.report import Report
from quotes.io.files import RecordError, iter_lines

if TYPE_CHECKING:
    from quotes.core.models import Article, Quote

# The models (pydantic) and the corpus rules are imported only when a record is checked:
# ``validate`` makes a checker for every run, and a run over valid quote files alone needs
# neither (see quotes.engine.fast).

__all__ = ["Checker"]

R = TypeVar("R", "Quote", "Article")


class Checker:
    """Checks the records fed to it, one at a time in reading order, into :attr:`report`.

    ``articles`` are known before any record is fed (by id; not counted). With ``corpus_level``
    each quote is checked against the text of its article (fed before it, or known); without,
    only its record and its id are. ``texts=False`` asks only that a quote's article be known
    (for tools that show quotes which do not fit their text). ``max_errors`` caps the problems
    kept: the first one left out sets ``report.truncated`` (:attr:`stopped`), and records fed
    after it are still checked but no longer counted. ``strict`` raises
    :class:`~quotes.RecordError` at the first problem instead of reporting it.
    """

    def __init__(
        self,
        *,
        articles: Mapping[str, Article] | None = None,
        corpus_level: bool = True,
        texts: bool = True,
        max_errors: int | None = None,
        strict: bool = False,
    ) -> None:
        self.report = Report(corpus_level=corpus_level)
        """What was checked and every problem found."""
        self.articles: dict[str, Article] = dict(articles or {})
        """The articles quotes are checked against, by id."""
        self.article_ids: set[str] = set(self.articles)
        """Every article id met, also those of articles :meth:`end_batch` forgot."""
        self.quote_ids: set[str] = set()
        self.texts = texts
        self.max_errors = max_errors
        self.strict = strict

    @property
    def stopped(self) -> bool:
        """Whether a problem was left out (``max_errors``): reading on cannot change the report's
        problems or counts."""
        return self.report.truncated

    def add(self, problems: Iterable[Problem]) -> list[Problem]:
        """Report problems found elsewhere (a line's record-level problems); returns them."""
        found = list(problems)
        if found and self.strict:
            raise RecordError(found[0])
        report = self.report
        for one in found:
            if self.max_errors is not None and len(report.problems) >= self.max_errors:
                report.truncated = True
                break
            report.problems.append(one)
        return found

    def article(self, record: Article, path: str, line: int | None) -> list[Problem]:
        """Check an article (its id must be new) and keep it for the quotes fed after it;
        returns its problems."""
        if record.id in self.article_ids:
            return self.add([duplicate_id(path, line, "article", record.id)])
        self.article_ids.add(record.id)
        self.articles[record.id] = record
        if not self.stopped:
            self.report.articles += 1
        return []

    def quote(
        self, record: Quote, path: str, line: int | None, fits: Article | None = None
    ) -> list[Problem]:
        """Check a quote: its id must be new and, at corpus level, it must fit its article's
        text; returns its problems (the repeated id first). ``fits`` is an article the quote
        was found to fit by the same rules (:func:`quotes.core.corpus_rules.check_quote`):
        when it is the very article the checker holds for the quote, they are not run again."""
        found = []
        if record.id in self.quote_ids:
            found.append(duplicate_id(path, line, "quote", record.id))
        self.quote_ids.add(record.id)
        fitted = fits is not None and self.articles.get(record.article_id) is fits
        if self.report.corpus_level and not fitted:  # both are frozen: nothing to find again
            from quotes.core.corpus_rules import quote_problems

            more = quote_problems(record, self.articles, path=path, line=line)
            found += more if self.texts else [p for p in more if p.type == "unknown-article"]
        if found:
            return self.add(found)
        if not self.stopped:
            self.report.quotes += 1
            self.report.kinds[record.kind] += 1
        return []

    def read(self, path: str | os.PathLike[str], model: type[R]) -> list[R]:
        """Check every line of a JSONL file of ``model`` records: its record-level problems, then
        the record as fed to :meth:`article` or :meth:`quote`. Returns the records without a
        problem. Stops once a problem is left out (:attr:`stopped`). A file that cannot be read
        (to its end) is a problem like any other."""
        from quotes.core.models import Article
        from quotes.io.jsonl import parse_line

        name = str(path)
        self.report.files.append(name)
        kept: list[R] = []
        try:
            for number, line in iter_lines(path):
                result = parse_line(line, model, path=name, number=number)
                if isinstance(result, list):
                    found = self.add(result)
                elif isinstance(result, Article):
                    found = self.article(result, name, number)
                else:
                    found = self.quote(result, name, number)
                if not found:
                    kept.append(cast(R, result))
                if self.stopped:
                    break
        except RecordError as e:
            if self.strict:
                raise
            self.add([e.problem])
        return kept

    def end_batch(self) -> None:
        """Forget the texts and the quote ids of the records fed so far; keep the article ids
        (about 100 bytes an article). For records fed in batches of whole articles (an
        importer's: each article with all its quotes), memory then stays flat: a later quote
        cannot repeat an earlier one's id, which starts with its article's id (and a later
        quote of an earlier article would be reported as naming an unknown one)."""
        self.articles.clear()
        self.quote_ids.clear()
