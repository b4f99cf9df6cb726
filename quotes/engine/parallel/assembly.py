"""Assembly: the parent's side. Numbering the workers' results, the duplicate-id check and the
final report, the same for any number of jobs.

Results are consumed in file and line order; each task's problems get global line numbers (the
lines of the tasks before it are added). Hashes that occur more than once are checked exactly:
the lines holding them are read again and their ids compared, so a hash collision never produces
a false report. With ``max_errors``, the report is cut at exactly the same problem as a run on
one core, and no more duplicates are kept than the report can show: memory does not grow with
the number of repeated ids.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotes.core.problems import Problem, duplicate_id, problem, wrong_record
from quotes.core.report import Report
from quotes.engine.fast import fast_parse_line
from quotes.engine.parallel import planning, spill
from quotes.engine.parallel.planning import (
    Batch,
    InputFile,
    Task,
    by_blocks,
    default_jobs,
    splittable,
    spool_copy,
    tasks,
)
from quotes.engine.parallel.spill import Ids, Kinds, pair_bytes
from quotes.engine.parallel.workers import (
    ARTICLE,
    KIND_CODES,
    EngineFactory,
    PoolEngine,
    Result,
    init,
    run_task,
)
from quotes.io.blocks import NotSplit
from quotes.io.files import MAX_LINE_BYTES, LongLine, RecordError, is_regular, iter_lines

if TYPE_CHECKING:
    from quotes.core.models import Article
    from quotes.io.progress import Progress

__all__ = ["validate_quote_files"]

_STEP = 1 << 16  # line positions handled at a time in the duplicate check


def validate_quote_files(
    paths: Sequence[str | os.PathLike[str]],
    report: Report,
    *,
    articles: dict[str, Article] | None,
    known_article_ids: set[str],
    max_errors: int | None,
    jobs: int | None = None,
    progress: Progress | None = None,
    chunk_bytes: int | None = None,
    engine: EngineFactory | None = None,
    sort_budget: int | None = None,
    quotes_only: bool = False,
) -> None:
    """Validate quote (or mixed) files into ``report``, in parallel; see
    :mod:`quotes.engine.parallel`.

    ``quotes_only``: the files were given as quote files (their articles apart), so an article
    record in one is a ``wrong-record`` problem, not counted; otherwise it is counted as an
    article (and checked for a repeated id).
    ``articles`` (None: record level only) are what quotes are checked against;
    ``known_article_ids`` are ids of articles read before, for the duplicate check of articles
    met inside these files. ``max_errors`` is the number of problems still allowed.
    ``sort_budget`` (default :data:`~quotes.engine.parallel.spill.SORT_BUDGET`) bounds the bytes of
    hashes the duplicate-id check sorts at once. A one-pass input (``-``, a pipe, a FIFO) is
    read once, into a spool copy; the lines of regular files (and copies) whose id hash repeats
    are read again.
    """
    files = [InputFile(str(p), str(p), is_regular(p)) for p in paths]
    with spill.spool() as folder:
        for i, f in enumerate(files):
            if not f.regular:
                spool_copy(f, folder / f"input-{i}")
        run = functools.partial(
            _run,
            report=report,
            articles=articles,
            known_article_ids=known_article_ids,
            max_errors=max_errors,
            jobs=jobs or default_jobs(),
            progress=progress,
            chunk_bytes=chunk_bytes or planning.CHUNK_BYTES,
            engine=engine,
            sort_budget=sort_budget or spill.SORT_BUDGET,
            quotes_only=quotes_only,
        )
        try:
            run(copy.deepcopy(files), folder / "by-blocks", blocks=engine is None)
        except NotSplit:  # a .bz2 file that is not a clean sequence of streams: read it whole
            run(files, folder / "whole", blocks=False)


def _run(
    files: list[InputFile],
    folder: Path,
    *,
    report: Report,
    articles: dict[str, Article] | None,
    known_article_ids: set[str],
    max_errors: int | None,
    jobs: int,
    progress: Progress | None,
    chunk_bytes: int,
    engine: EngineFactory | None,
    sort_budget: int,
    blocks: bool,
    quotes_only: bool,
) -> None:
    folder.mkdir()
    expected = sum(pair_bytes(f.path, splittable(f)) for f in files)
    # a compressed file: its reader may run threads, and its batches in flight take memory
    # (so no hashes held in memory besides; see spill.Ids); not one cut at its blocks
    compressed = [f for f in files if not splittable(f)]
    batched = any(not (blocks and by_blocks(f)) for f in compressed)
    ids = Ids(folder / "ids", expected, sort_budget, in_memory=0 if batched else None)
    kinds = Kinds(folder / "kinds")
    try:
        validation = _Validation(files, report, known_article_ids, max_errors, ids, kinds)
        validation.progress = progress
        validation.quotes_only = quotes_only
        runner = engine(articles) if engine else PoolEngine(jobs, articles, eager=bool(compressed))
        todo = tasks(files, chunk_bytes, engine is not None, max_errors, blocks)
        if blocks:
            init(articles)  # the lines joined at the parts' edges are validated here
            joined = _Joined(validation.consume)
            runner.run(todo, joined.consume)
            joined.flush()
        else:
            runner.run(todo, validation.consume)
        validation.finish()
    finally:
        ids.close()
        kinds.close()


class _Joined:
    """Joins the lines cut at the edges of a ``.bz2`` file's parts, in order: the line ending
    at a part's first line end (the part before it holds the start) is validated here, just
    before the part's own lines; and a file's last line, when it has no line end."""

    def __init__(self, consume: Callable[[Task, Result], bool]) -> None:
        self.numbering = consume
        self.full = False  # whether the report is full: nothing more is taken
        self.pieces: list[bytes] = []  # of the line cut at the edges, kept up to the limit
        self.length = 0  # its length
        self.blank = True  # whether it is only white space so far
        self.task: Task | None = None  # the last part consumed, while its file's last line waits
        self.started = False  # whether the file's first line is done

    def consume(self, task: Task, result: Result) -> bool:
        """Take one task's result, in task order; False once the report is full."""
        if self.task is not None and task.file != self.task.file and not self.flush():
            return False
        if result.edges is None:  # a task of another kind
            return self.take(task, result)
        head, tail = result.edges
        self._add(head)
        self.task = task
        if tail is None:  # no line ends in this part
            return self.take(task, result)
        if not self._line(task):
            return False
        self._add(tail)
        return self.take(task, result)

    def flush(self) -> bool:
        """The last line of the file of the last part, if it has no line end; False once the
        report is full."""
        if self.full or self.task is None:
            return not self.full
        task, self.task = self.task, None
        going = self._line(task) if self.length else True
        self.pieces, self.length, self.blank, self.started = [], 0, True, False
        return going

    def _add(self, piece: bytes) -> None:
        self.length += len(piece)
        self.blank = self.blank and not piece.strip()
        if self.length <= MAX_LINE_BYTES:
            self.pieces.append(piece)
        else:
            self.pieces.clear()

    def _line(self, part: Task) -> bool:
        if self.length <= MAX_LINE_BYTES:
            line = b"".join(self.pieces)
        else:
            line = b"" if self.blank else LongLine(self.length)
        self.pieces, self.length, self.blank = [], 0, True
        task = Batch(part.file, part.name, [line], int(self.started), limit=part.limit)
        self.started = True
        return self.take(task, run_task(task))

    def take(self, task: Task, result: Result) -> bool:
        """Pass a result on to the numbering; False once the report is full."""
        self.full = self.full or not self.numbering(task, result)
        return not self.full


class _Validation:
    """Numbering, collecting, the duplicate check and the final report."""

    def __init__(
        self,
        files: list[InputFile],
        report: Report,
        known_article_ids: set[str],
        max_errors: int | None,
        ids: Ids,
        kinds: Kinds,
    ) -> None:
        self.files = files
        self.report = report
        self.known_article_ids = known_article_ids
        self.max_errors = max_errors
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.ids = ids  # hashes of the quote ids, for the duplicate check
        self.kinds = kinds  # what each line counted as
        self.lines = 0  # lines of all the results consumed so far
        self.found: list[tuple[int, int, str]] = []  # (file, line, article id)
        self.progress: Progress | None = None
        self.quotes_only = False  # an article line is then a wrong-record problem

    def consume(self, task: Task, result: Result) -> bool:
        """Take one task's result (in task order); False once ``max_errors`` is passed."""
        f = self.files[task.file]
        base = f.lines
        f.lines += result.count
        while f.long and f.long[0][0] <= f.lines:  # a one-pass input's over-long lines
            number, length = f.long.pop(0)
            skipped = problem("line-too-long", f.name, number, length=length, limit=MAX_LINE_BYTES)
            self._add(task.file, number, 1, skipped)
        for found in result.problems:
            line = base + (found.line or 0)
            self._add(task.file, line, 1, dataclasses.replace(found, line=line))
        for number, article_id in result.articles:
            if self.quotes_only:
                self._add(
                    task.file, base + number, 1, wrong_record(f.name, base + number, "article")
                )
            else:
                self.found.append((task.file, base + number, article_id))
        self.ids.add(result.hashes, self.lines)
        self.kinds.append(result.kinds)
        self.lines += result.count
        if self.progress is not None:
            self.progress.update(task.size, result.count)
        if isinstance(task, Batch):  # the error that ended reading the file, if any
            for error in task.errors:
                self._add(task.file, error.line or 0, 1, error)
        return self.max_errors is None or len(self.problems) <= self.max_errors

    def _add(self, file: int, line: int, rank: int, found: Problem) -> None:
        self.problems.append(((file, line, rank), found))

    def finish(self) -> None:
        """The duplicate checks, then the report: problems in order, cut at ``max_errors``."""
        offsets = list(itertools.accumulate([0] + [f.lines for f in self.files]))
        duplicates = self._duplicate_quotes(offsets) + self._duplicate_articles(offsets)
        self.problems.sort(key=lambda item: item[0])
        stop = self.lines
        report = self.report
        last_file = len(self.files) - 1
        if self.max_errors is not None and len(self.problems) > self.max_errors:
            file, line, _ = self.problems[self.max_errors][0]
            stop = int(offsets[file]) + max(line - 1, 0)
            last_file = file
            self.problems = self.problems[: self.max_errors]
            report.truncated = True
        report.files += [f.name for i, f in enumerate(self.files) if i <= last_file]
        report.problems += [found for _, found in self.problems]
        counts = self.kinds.counts(stop, sorted(duplicates))
        for name, code in KIND_CODES.items():
            if counts[code]:
                report.kinds[name] += int(counts[code])
                report.quotes += int(counts[code])
        if not self.quotes_only:
            report.articles += int(counts[ARTICLE])

    def _duplicate_quotes(self, offsets: list[int]) -> list[int]:
        """Report every later occurrence of a quote id; returns their line positions.

        With ``max_errors``, stops after ``max_errors + 1`` duplicates: the report is cut at or
        before the last of them, so later ones could change neither its problems nor its counts.
        """
        positions = self.ids.repeated()  # lines whose id hash is not unique, in line order
        if not len(positions):
            return []
        import numpy as np

        files = np.searchsorted(np.asarray(offsets), positions, side="right") - 1
        limit = None if self.max_errors is None else self.max_errors + 1
        seen: set[str] = set()
        duplicates: list[int] = []
        for file in np.unique(files).tolist():
            f = self.files[file]
            here = positions[files == file]
            base = int(offsets[file])
            for position, quote_id in self._ids(f, here, base):
                if quote_id in seen:
                    number = position - base + 1
                    self._add(file, number, 0, duplicate_id(f.name, number, "quote", quote_id))
                    duplicates.append(position)
                    if limit is not None and len(duplicates) >= limit:
                        return duplicates
                seen.add(quote_id)
        return duplicates

    def _ids(self, f: InputFile, positions: Any, base: int) -> Iterator[tuple[int, str]]:
        """``(position, id)`` of the quotes at the given sorted positions, read again from the
        file (a one-pass input from its spool copy). A file that can no longer be read to the end
        gives what it can: its error is already in the report."""
        if not len(positions):
            return
        wanted = (
            p for at in range(0, len(positions), _STEP) for p in positions[at : at + _STEP].tolist()
        )
        target = next(wanted)
        try:
            for number, line in iter_lines(f.path):
                position = base + number - 1
                if position < target:
                    continue
                if position == target:
                    record = fast_parse_line(line, path=f.name, number=number)
                    if not isinstance(record, list):
                        yield position, record.id
                while target <= position:
                    target = next(wanted, -1)
                    if target < 0:
                        return
        except RecordError:
            return

    def _duplicate_articles(self, offsets: list[int]) -> list[int]:
        """Report every later occurrence of an article id; returns their line positions."""
        seen = set(self.known_article_ids)
        duplicates = []
        for file, number, article_id in self.found:
            if article_id in seen:
                found = duplicate_id(self.files[file].name, number, "article", article_id)
                self._add(file, number, 0, found)
                duplicates.append(int(offsets[file]) + number - 1)
            seen.add(article_id)
        return duplicates
