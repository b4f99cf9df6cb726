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


def sequential(  # noqa: C901
    paths: list[Path], max_errors: int | None = None, articles: dict[str, Article] | None = None
) -> Report:
    """The report of validating ``paths`` one record at a time (record level unless
    ``articles`` are given)."""
    report = Report(corpus_level=articles is not None)
    quote_ids: set[str] = set()
    article_ids: set[str] = set()
    problems: list[Problem] = []

    def add(found: list[Problem]) -> bool:
        for p in found:
            if max_errors is not None and len(problems) >= max_errors:
                report.truncated = True
                return False
            problems.append(p)
        return True

    for path in paths:
        name = str(path)
        report.files.append(name)
        try:
            for number, line in iter_lines(path):
                result = parse_line(line, None, path=name, number=number)
                if isinstance(result, list):
                    found = result
                elif isinstance(result, Article):
                    found = []
                    if result.id in article_ids:
                        found = [duplicate_id(name, number, "article", result.id)]
                    else:
                        report.articles += 1
                    article_ids.add(result.id)
                else:
                    assert isinstance(result, Quote)
                    found = []
                    if result.id in quote_ids:
                        found.append(duplicate_id(name, number, "quote", result.id))
                    quote_ids.add(result.id)
                    if articles is not None:
                        found += quote_problems(result, articles, path=name, line=number)
                    if not found:
                        report.quotes += 1
                        report.kinds[result.kind] += 1
                if not add(found):
                    break
            else:
                continue
            break
        except RecordError as e:
            if not add([e.problem]):
                break
    order = {str(p): i for i, p in enumerate(paths)}
    report.problems = sorted(problems, key=lambda pr: (order.get(pr.path, 0), pr.line or 0))
    return report
