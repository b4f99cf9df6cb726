"""The test oracle: a plain one-record-at-a-time validator, on one core, for comparing reports.

It reads each file in order with :func:`quotes.io.jsonl.parse_line` (no fast path, no parallel
planning, no spill files, no hashes) and keeps every id in memory: slow and simple, so that the
package's parallel validation can be checked against it. It is a second implementation of the
checking pipeline (:class:`quotes.engine.check.Checker`), kept apart from it on purpose; it
shares only the rules and the problem makers of :mod:`quotes.core`, which say what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from quotes import Article, Quote, Report
from quotes.core.corpus_rules import quote_problems
from quotes.core.problems import Problem, duplicate_id
from quotes.io.files import RecordError, iter_lines
from quotes.io.jsonl import parse_line


def sequential(
    paths: list[Path], max_errors: int | None = None, articles: dict[str, Article] | None = None
) -> Report:
    """The report of validating ``paths`` one record at a time (record level unless
    ``articles`` are given)."""
    run = _Run(max_errors, articles)
    for path in paths:
        if not run.file(path):
            break
    order = {str(p): i for i, p in enumerate(paths)}
    run.report.problems = sorted(run.problems, key=lambda pr: (order.get(pr.path, 0), pr.line or 0))
    return run.report


class _Run:
    """One sequential validation: its report so far, its problems and every id seen."""

    def __init__(self, max_errors: int | None, articles: dict[str, Article] | None) -> None:
        self.max_errors = max_errors
        self.articles = articles
        self.report = Report(corpus_level=articles is not None)
        self.quote_ids: set[str] = set()
        self.article_ids: set[str] = set()
        self.problems: list[Problem] = []

    def add(self, found: list[Problem]) -> bool:
        """Keep the problems up to ``max_errors``; False (the report truncated) past it."""
        for p in found:
            if self.max_errors is not None and len(self.problems) >= self.max_errors:
                self.report.truncated = True
                return False
            self.problems.append(p)
        return True

    def file(self, path: Path) -> bool:
        """Validate one file's records (a read error ends the file); False when the report
        is full."""
        name = str(path)
        self.report.files.append(name)
        try:
            for number, line in iter_lines(path):
                if not self.add(self.line(line, name, number)):
                    return False
        except RecordError as e:
            return self.add([e.problem])
        return True

    def line(self, line: bytes, name: str, number: int) -> list[Problem]:
        """The problems of one line, counting its record when it has none."""
        result = parse_line(line, None, path=name, number=number)
        if isinstance(result, list):
            return result
        if isinstance(result, Article):
            return self.article(result, name, number)
        assert isinstance(result, Quote)
        return self.quote(result, name, number)

    def article(self, article: Article, name: str, number: int) -> list[Problem]:
        """A repeated id, or the article counted."""
        found: list[Problem] = []
        if article.id in self.article_ids:
            found = [duplicate_id(name, number, "article", article.id)]
        else:
            self.report.articles += 1
        self.article_ids.add(article.id)
        return found

    def quote(self, quote: Quote, name: str, number: int) -> list[Problem]:
        """A repeated id and, given the articles, the corpus-level problems; or the quote
        counted."""
        found: list[Problem] = []
        if quote.id in self.quote_ids:
            found.append(duplicate_id(name, number, "quote", quote.id))
        self.quote_ids.add(quote.id)
        if self.articles is not None:
            found += quote_problems(quote, self.articles, path=name, line=number)
        if not found:
            self.report.quotes += 1
            self.report.kinds[quote.kind] += 1
        return found
