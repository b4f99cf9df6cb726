"""An import's records as the bytes it writes: built, serialised and checked where they are read.

:func:`serialise` turns batches (whole articles, each with its quotes) into the lines of
``articles.jsonl`` and ``quotes.jsonl`` (:func:`quotes.io.jsonl.encode`), each record checked by a
:class:`~quotes.engine.check.Checker` of its own as it is written, and counts them: a
:class:`Written`, small and picklable, so that a pool's processes do all of it and the process
that writes the files only joins their bytes in order (:class:`Writer`). Line numbers in a
:class:`Written` count from its own first line; the writer renumbers them. The one rule that
spans batches made in different processes, that an article id is used once, the writer checks
against every id written (:attr:`Writer.ids`, a :class:`~quotes.io.seen.Seen` for an import: flat
memory): a part whose ids meet earlier ones is made again with those it met known
(:func:`fresh`), so that duplicates are found exactly as in one process.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from quotes.core.problems import Problem
from quotes.core.splits import counted_split, hub_name, source_split
from quotes.engine.check import Checker
from quotes.formats.build import ImportResult
from quotes.io.jsonl import encode
from quotes.io.seen import StringSet

__all__ = ["MAX_PROBLEMS", "Output", "Writer", "Written", "fresh", "serialise"]

MAX_PROBLEMS = 100
"""Problems an import's report keeps (its ``max_errors``: the import fails anyway)."""


@dataclass(frozen=True)
class Output:
    """Where an import writes (the names its problems give) and which splits it keeps."""

    articles: str
    """The articles file, as problems name it."""
    quotes: str
    """The quotes file, as problems name it."""
    wanted: frozenset[str] | None = None
    """The splits kept, by :func:`~quotes.core.splits.hub_name` (None: every article)."""


Counts = tuple[int, int, Counter[str]]
"""Records that passed a checker: articles, quotes, and quotes by kind."""


@dataclass
class Written:
    """Batches serialised and checked: the bytes to append to each file, and their counts."""

    articles: bytes = b""
    quotes: bytes = b""
    ids: list[str] = field(default_factory=list)
    """The ids of the articles written, in order."""
    quote_count: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    splits: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)
    lost: Counter[str] = field(default_factory=Counter)
    adjusted: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """The checker's problems, numbered from this part's first article and quote lines (one more
    than a report keeps, so that the writer knows where its report stops)."""
    checked: Counts = field(default_factory=lambda: (0, 0, Counter()))
    """The checker's counts: articles, quotes and quotes by kind that passed."""
    checked_before: list[Counts] = field(default_factory=list)
    """For each problem, the counts of the records that passed before it."""
    nbytes: int = 0
    """Bytes of source read for these batches (for progress bars)."""


def serialise(
    batches: Iterable[ImportResult], output: Output, used: Container[str] = frozenset()
) -> Written:
    """The lines and counts of ``batches`` (each whole articles with their quotes), as
    ``quotes import`` writes them: articles outside ``output.wanted`` left out (counted by
    split), an article whose id is in ``used`` or earlier in the batches lost, with its quotes,
    every record checked on the line it is written to (counted from 1)."""
    checker = Checker(max_errors=MAX_PROBLEMS + 1)
    written = Written()
    articles: list[bytes] = []
    quotes: list[bytes] = []
    for batch in batches:
        written.nbytes += batch.nbytes
        if output.wanted is not None and not _keep_splits(batch, written, output.wanted):
            continue  # a batch of other splits: its quotes and losses are not this import's
        _articles(batch, checker, used, articles, output.articles, written)
        _quotes(batch, checker, quotes, output.quotes, written)
        checker.end_batch()  # a batch is whole articles: memory stays flat
        written.lost.update(batch.lost)
        written.adjusted.update(batch.adjusted)
        for reason, where in batch.examples.items():
            written.examples.setdefault(reason, where)
    written.articles = b"".join(articles)
    written.quotes = b"".join(quotes)
    report = checker.report
    written.problems = report.problems
    written.checked = (report.articles, report.quotes, report.kinds)
    return written


def _keep_splits(batch: ImportResult, written: Written, wanted: frozenset[str]) -> bool:
    """Keep the batch's articles in the ``wanted`` splits and their quotes, counting the other
    articles in ``written.left_out``; False (the batch unchanged) when it has articles and none
    is wanted."""
    chosen = []
    for article in batch.articles:
        split = counted_split(article)
        if hub_name(split) in wanted:
            chosen.append(article)
        else:
            written.left_out[split] += 1
    if batch.articles and not chosen:
        return False
    batch.articles = chosen
    left = {a.id for a in batch.articles}
    batch.quotes = [q for q in batch.quotes if q.article_id in left]
    return True


def _articles(
    batch: ImportResult,
    checker: Checker,
    used: Container[str],
    out: list[bytes],
    path: str,
    written: Written,
) -> None:
    """Serialise and check the batch's articles, counting them; an article whose id is already
    used is left out, counted as lost (not an error)."""
    for article in batch.articles:
        if article.id in checker.article_ids or article.id in used:
            where = article.source.file if article.source else article.file
            batch.lose("article id already used", where)
            continue
        out.append(encode(article))
        written.ids.append(article.id)
        _counted(checker.article(article, path, len(written.ids)), checker, written)
        split = source_split(article)
        if split is not None:
            written.splits[split] += 1


def _quotes(
    batch: ImportResult, checker: Checker, out: list[bytes], path: str, written: Written
) -> None:
    """Serialise and check the batch's quotes, counting them by kind; a quote whose article was
    left out is lost."""
    for quote in batch.quotes:
        if quote.article_id not in checker.articles:  # this batch's articles
            where = quote.source.file if quote.source else quote.id
            batch.lose("its article was left out", where)
            continue
        out.append(encode(quote))
        written.quote_count += 1
        written.kinds[quote.kind] += 1
        problems = checker.quote(quote, path, written.quote_count, batch.fitted(quote))
        _counted(problems, checker, written)


def _counted(found: list[Problem], checker: Checker, written: Written) -> None:
    """Note, for each problem found, the counts of the records that passed before it."""
    if found:
        report = checker.report
        written.checked_before += [(report.articles, report.quotes, report.kinds.copy())] * len(
            found
        )


def fresh(written: Written, ids: StringSet, again: Callable[[frozenset[str]], Written]) -> Written:
    """``written`` when none of its article ids is in ``ids`` (those written before it), else
    ``again(met)``: the same batches serialised with ``met``, its ids that are in ``ids``, known.
    That is all they ask about: every article id in them is one that ``written`` wrote (the
    repeats of an id, lost, follow it), so ``met`` gives the answers ``ids`` gives, and it is
    small enough to send to another process."""
    met = ids.intersection(written.ids)
    return again(frozenset(met)) if met else written


class Writer:
    """Appends :class:`Written` parts, in order, to an import's two files, and counts them into
    its checker's report and into the totals (``ids``: every article id written, added to as
    parts are taken)."""

    def __init__(
        self, articles: BinaryIO, quotes: BinaryIO, output: Output, checker: Checker, ids: StringSet
    ):
        self.articles, self.quotes, self.output, self.checker = articles, quotes, output, checker
        self.ids = ids
        """Every article id written so far."""
        self.article_count = 0
        self.quote_count = 0
        self.kinds: Counter[str] = Counter()
        self.splits: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()
        self.lost: Counter[str] = Counter()
        self.adjusted: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def take(self, written: Written) -> None:
        """Append a part (whose article ids must be new: :func:`fresh`) and count it."""
        self.articles.write(written.articles)
        self.quotes.write(written.quotes)
        self._problems(written)
        self.ids.update(written.ids)
        self.article_count += len(written.ids)
        self.quote_count += written.quote_count
        for total, part in (
            (self.kinds, written.kinds),
            (self.splits, written.splits),
            (self.left_out, written.left_out),
            (self.lost, written.lost),
            (self.adjusted, written.adjusted),
        ):
            if part:
                total.update(part)
        for reason, where in written.examples.items():
            self.examples.setdefault(reason, where)

    def _problems(self, written: Written) -> None:
        """Add the part's problems, renumbered to the lines they are written to, and counts."""
        checker, report = self.checker, self.checker.report
        if checker.stopped:
            return  # as a checker fed every record: nothing more is counted
        kept = len(report.problems)
        if written.problems:
            lines = {self.output.articles: self.article_count, self.output.quotes: self.quote_count}
            checker.add(
                dataclasses.replace(p, line=p.line + lines.get(p.path, 0))
                if p.line is not None
                else p
                for p in written.problems
            )
        # stopped by this part: what passed before its first problem left out counts
        stop = checker.max_errors if checker.stopped else None
        counts = written.checked if stop is None else written.checked_before[stop - kept]
        report.articles += counts[0]
        report.quotes += counts[1]
        report.kinds.update(counts[2])
