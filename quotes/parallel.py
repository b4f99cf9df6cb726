"""Validate quote files on every core, in flat memory, with the same report whatever the core count.

How the work is split:

* A regular file is cut into byte ranges of about :data:`CHUNK_BYTES`, each ending just after a
  line end, so each line belongs to one range. A worker process reads its range itself (nothing
  but the range's offsets crosses process boundaries) and numbers its lines from 1; the parent
  adds the number of lines of the ranges before it, so every problem carries its global line.
* Compressed files are decompressed once, in the parent, and sent to the workers in batches of
  lines. Standard input is first copied to a temporary file, then read like a regular file.
* Results come back in file and line order; the parent holds at most ``2 * jobs`` ranges in flight.

Each worker runs the fast validator (:mod:`quotes.fast`), the corpus-level checks when articles are
given, and returns its problems plus, per line, 8 bytes (the xxHash3 hash of a valid quote's id,
0 otherwise) and 1 byte (what the line counted as). Duplicate ids across ranges and files are then
found in the parent by sorting the hashes: 9 bytes per line (45 MB for 5M lines) rather than every
id as a Python string (about 80 bytes each). Hashes that occur more than once are checked exactly:
the lines holding them are read again and their ids compared, so a hash collision never produces
a false report. The report lists problems in line order and, with ``max_errors``, is cut at
exactly the same problem as a run on one core: output is identical for any ``jobs``.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import itertools
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .fast import derive, fast_parse_line
from .io import _OPENERS, RecordError, iter_lines
from .models import Article, Quote
from .report import Problem, Report

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from .progress import Progress

__all__ = [
    "CHUNK_BYTES",
    "Engine",
    "EngineFactory",
    "Result",
    "Task",
    "default_jobs",
    "run_task",
    "validate_quote_files",
]

CHUNK_BYTES = 8 * 1024 * 1024
"""Size of the byte ranges (and line batches) given to one worker at a time."""

_BOM = b"\xef\xbb\xbf"
_KIND_CODES = {"direct": 1, "mixed": 2, "indirect": 3}
_ARTICLE = 4
_KIND_NAMES = {code: name for name, code in _KIND_CODES.items()}


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Task:
    """One unit of work: a byte range of a file, or a batch of numbered lines."""

    file: int
    name: str
    path: str | None = None
    start: int = 0
    end: int = 0
    lines: list[tuple[int, bytes]] | None = None
    """Batch mode: ``(line number relative to base, line)``."""
    base: int = 0
    """Batch mode: the global number of the line before the batch."""
    count: int = 0
    """Batch mode: lines covered (blank ones included)."""
    errors: tuple[Problem, ...] = ()
    """Batch mode: the error that ended reading the file (global line numbers)."""
    whole: bool = False
    """Read the whole file at ``path`` with :func:`quotes.io.iter_lines` (compressed shards)."""


@dataclass
class Result:
    """What a worker found in one task; line numbers are relative to the task's first line."""

    count: int
    problems: list[Problem]
    hashes: bytes
    kinds: bytes
    articles: list[tuple[int, str]] = field(default_factory=list)


# Per-process context of the workers: the articles that quotes are checked against.
_CONTEXT: dict[str, Any] = {"articles": None}


def _init(articles: dict[str, Article] | None) -> None:
    _CONTEXT["articles"] = articles


def split_lines(data: bytes, first: bool) -> tuple[int, Iterator[tuple[int, bytes]]]:
    """Number the lines of a byte range as :func:`quotes.io.iter_lines` does the whole file."""
    pieces = data.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    if first and pieces and pieces[0].startswith(_BOM):
        pieces[0] = pieces[0][3:]

    def numbered() -> Iterator[tuple[int, bytes]]:
        for number, raw in enumerate(pieces, start=1):
            if raw.strip():
                yield number, raw.rstrip(b"\r")

    return len(pieces), numbered()


def run_task(task: Task) -> Result:
    """Validate one task (in a worker, or in the parent with ``jobs=1``)."""
    from xxhash import xxh3_64_intdigest

    from .validation import quote_problems

    extra: list[Problem] = []
    if task.whole:
        assert task.path is not None
        lines: list[tuple[int, bytes]] = []
        try:
            lines.extend(iter_lines(task.path))
        except RecordError as e:
            extra.append(dataclasses.replace(e.problem, path=task.name))
        count, numbered = (lines[-1][0] if lines else 0), iter(lines)
    elif task.lines is not None:
        count, numbered = task.count, iter(task.lines)
    else:
        assert task.path is not None
        with open(task.path, "rb") as f:
            f.seek(task.start)
            data = f.read(task.end - task.start)
        count, numbered = split_lines(data, task.start == 0)
    articles = _CONTEXT["articles"]
    name = task.name
    problems: list[Problem] = []
    found: list[tuple[int, str]] = []
    hashes = array("Q", bytes(8 * count))
    kinds = bytearray(count)
    fast = derive(Quote)
    accept, struct = fast.accept, fast.struct
    for number, line in numbered:
        # the fast path inlined for quote lines (see fast_parse_line, which handles the rest)
        record: Any = accept(line) if b'"article_id"' in line else None
        if record is None:
            record = fast_parse_line(line, path=name, number=number)
            if isinstance(record, list):
                problems += record
                continue
            if type(record) is not struct and not isinstance(record, Quote):
                found.append((number, record.id))
                kinds[number - 1] = _ARTICLE
                continue
        hashes[number - 1] = xxh3_64_intdigest(record.id.encode()) or 1
        if articles is not None:
            more = quote_problems(record, articles, path=name, line=number)
            if more:
                problems += more
                continue
        kinds[number - 1] = _KIND_CODES[record.kind]
    return Result(count, problems + extra, hashes.tobytes(), bytes(kinds), found)


def plan(path: Path, chunk_bytes: int = CHUNK_BYTES) -> list[tuple[int, int]]:
    """Cut a regular file into byte ranges that each end just after a line end (or at EOF)."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as f:
        while bounds[-1] + chunk_bytes < size:
            f.seek(bounds[-1] + chunk_bytes)
            position = f.tell()
            while True:
                block = f.read(1 << 16)
                if not block:
                    position = size
                    break
                newline = block.find(b"\n")
                if newline >= 0:
                    position += newline + 1
                    break
                position += len(block)
            bounds.append(position)
    if bounds[-1] != size:
        bounds.append(size)
    return list(itertools.pairwise(bounds))


def _seekable(path: str) -> bool:
    if path == "-" or Path(path).suffix.lower() in _OPENERS:
        return False
    try:
        return Path(path).is_file()
    except OSError:
        return False


@dataclass
class _File:
    name: str
    path: str | None  # what to read again for the exact duplicate check (None: not re-readable)
    lines: int = 0


class Engine(Protocol):
    """Runs tasks (anywhere) and hands their results back in task order."""

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Call ``consume(task, result)`` in task order; stop when it returns False."""


EngineFactory = Callable[[dict[str, Article] | None], Engine]
"""Makes an engine given the articles quotes are checked against (None: record level only)."""


class _Engine:
    def __init__(self, jobs: int, articles: dict[str, Article] | None) -> None:
        self.jobs = max(1, jobs)
        self.articles = articles
        self.pool: Pool | None = None

    def _pool(self) -> Pool:
        if self.pool is None:
            # fork is fastest and safe while this process runs one thread; otherwise forkserver.
            methods = multiprocessing.get_all_start_methods()
            method = "fork" if "fork" in methods and threading.active_count() == 1 else None
            if method is None and "forkserver" in methods:
                method = "forkserver"
            context = multiprocessing.get_context(method)
            self.pool = context.Pool(self.jobs, initializer=_init, initargs=(self.articles,))
        return self.pool

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Run tasks in order, ``consume`` each result in order; stop when it returns False."""
        self._run(tasks, consume)

    def _run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        if self.jobs == 1:
            _init(self.articles)
            for task in tasks:
                if not consume(task, run_task(task)):
                    return
            return
        pending: collections.deque[tuple[Task, AsyncResult[Result] | None]] = collections.deque()
        first: Task | None = None
        try:
            for task in tasks:
                if first is None:  # start the workers only once there are two tasks
                    first = task
                    continue
                if not pending:
                    pending.append((first, self._pool().apply_async(run_task, (first,))))
                pending.append((task, self._pool().apply_async(run_task, (task,))))
                while len(pending) >= 2 * self.jobs:
                    done, future = pending.popleft()
                    assert future is not None
                    if not consume(done, future.get()):
                        return
            if first is not None and not pending:
                _init(self.articles)
                consume(first, run_task(first))
            while pending:
                done, future = pending.popleft()
                assert future is not None
                if not consume(done, future.get()):
                    return
        finally:
            if self.pool is not None:
                self.pool.terminate()
                self.pool.join()
                self.pool = None


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
) -> None:
    """Validate quote (or mixed) files into ``report``, in parallel; see the module docstring.

    ``articles`` (None: record level only) are what quotes are checked against;
    ``known_article_ids`` are ids of articles read before, for the duplicate check of articles
    met inside these files. ``max_errors`` is the number of problems still allowed.
    """
    with tempfile.TemporaryDirectory(prefix="quotes-") as spool:
        files = [_File(str(p), None) for p in paths]
        for f in files:
            if f.name == "-":
                copy = Path(spool) / "stdin.jsonl"
                with copy.open("wb") as out:
                    shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
                f.path = str(copy)
            else:
                f.path = f.name
        validation = _Validation(files, report, articles, known_article_ids, max_errors)
        validation.progress = progress
        validation.whole = engine is not None
        runner = engine(articles) if engine else _Engine(jobs or default_jobs(), articles)
        validation.run(runner, chunk_bytes or CHUNK_BYTES)


def hashes_empty() -> Any:
    import numpy as np

    return np.empty(0, dtype=np.uint64)


class _Pieces:
    """One byte per line, kept in the pieces the tasks returned (no full copy)."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = [bytearray(piece) for piece in pieces]
        pieces.clear()
        self.starts = list(itertools.accumulate((len(p) for p in self.pieces), initial=0))
        self.size = self.starts[-1]

    def __setitem__(self, position: int, value: int) -> None:
        index = bisect.bisect_right(self.starts, position) - 1
        self.pieces[index][position - self.starts[index]] = value

    def counts(self, stop: int) -> Any:
        """How many of the first ``stop`` lines hold each code."""
        import numpy as np

        total = np.zeros(256, dtype=np.int64)
        for start, piece in zip(self.starts, self.pieces, strict=False):
            if start >= stop:
                break
            codes = np.frombuffer(piece, dtype=np.uint8)[: stop - start]
            total += np.bincount(codes, minlength=256)
        return total


class _Validation:
    """The parent's side: numbering, collecting, the duplicate check and the final report."""

    def __init__(
        self,
        files: list[_File],
        report: Report,
        articles: dict[str, Article] | None,
        known_article_ids: set[str],
        max_errors: int | None,
    ) -> None:
        self.files = files
        self.report = report
        self.articles = articles
        self.known_article_ids = known_article_ids
        self.max_errors = max_errors
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.hashes: list[bytes] = []
        self.kinds: list[bytes] = []
        self.found: list[tuple[int, int, str]] = []  # (file, line, article id)
        self.progress: Progress | None = None
        self.whole = False  # compressed files as one task each, read where the task runs

    # -- collecting ------------------------------------------------------------------------------
    def tasks(self, chunk_bytes: int) -> Iterator[Task]:
        for index, f in enumerate(self.files):
            assert f.path is not None
            if _seekable(f.path):
                for start, end in plan(Path(f.path), chunk_bytes):
                    yield Task(index, f.name, path=f.path, start=start, end=end)
                continue
            if self.whole and f.name != "-":
                yield Task(index, f.name, path=f.path, whole=True)
                continue
            yield from self._batches(index, f, chunk_bytes)

    def _batches(self, index: int, f: _File, chunk_bytes: int) -> Iterator[Task]:
        batch: list[tuple[int, bytes]] = []
        size, base, last = 0, 0, 0
        errors: tuple[Problem, ...] = ()
        try:
            for number, line in iter_lines(f.path or f.name):
                batch.append((number - base, line))
                size += len(line)
                last = number
                if size >= chunk_bytes:
                    yield Task(index, f.name, lines=batch, base=base, count=last - base)
                    batch, size, base = [], 0, last
        except RecordError as e:
            errors = (e.problem,)
        if batch or errors or base == 0:
            yield Task(index, f.name, lines=batch, base=base, count=last - base, errors=errors)

    def consume(self, task: Task, result: Result) -> bool:
        f = self.files[task.file]
        base = f.lines
        f.lines += result.count
        for problem in result.problems:
            line = base + (problem.line or 0)
            self._add(task.file, line, 1, dataclasses.replace(problem, line=line))
        for number, article_id in result.articles:
            self.found.append((task.file, base + number, article_id))
        self.hashes.append(result.hashes)
        self.kinds.append(result.kinds)
        if self.progress is not None:
            if task.lines is not None:
                size = sum(len(x) for _, x in task.lines)
            elif task.whole:
                size = Path(task.path or "").stat().st_size
            else:
                size = task.end - task.start
            self.progress.update(size, result.count)
        for problem in task.errors:
            self._add(task.file, problem.line or 0, 1, problem)
        return self.max_errors is None or len(self.problems) <= self.max_errors

    def _add(self, file: int, line: int, rank: int, problem: Problem) -> None:
        self.problems.append(((file, line, rank), problem))

    # -- finishing -------------------------------------------------------------------------------
    def run(self, engine: Engine, chunk_bytes: int) -> None:
        engine.run(self.tasks(chunk_bytes), self.consume)
        import numpy as np

        offsets = np.cumsum([0] + [f.lines for f in self.files])
        hashes = [np.frombuffer(piece, dtype=np.uint64) for piece in self.hashes]
        kinds = _Pieces(self.kinds)
        for position in self._duplicate_quotes(hashes, offsets):
            kinds[position] = 0
        self._duplicate_articles(kinds, offsets)
        self.problems.sort(key=lambda item: item[0])
        stop = kinds.size
        report = self.report
        last_file = len(self.files) - 1
        if self.max_errors is not None and len(self.problems) > self.max_errors:
            file, line, _ = self.problems[self.max_errors][0]
            stop = int(offsets[file]) + max(line - 1, 0)
            last_file = file
            self.problems = self.problems[: self.max_errors]
            report.truncated = True
        report.files += [f.name for i, f in enumerate(self.files) if i <= last_file]
        report.problems += [problem for _, problem in self.problems]
        counts = kinds.counts(stop)
        for code, name in _KIND_NAMES.items():
            if counts[code]:
                report.kinds[name] += int(counts[code])
                report.quotes += int(counts[code])
        report.articles += int(counts[_ARTICLE])

    def _duplicate_quotes(self, hashes: Any, offsets: Any) -> list[int]:
        """Report every later occurrence of a quote id; returns their line positions."""
        import numpy as np

        # The hashes stay in their per-range pieces (never one more full copy); they are sorted
        # in 16 slices by their top 4 bits, so the sort's extra memory is 1/16 of theirs.
        shift = np.uint64(60)
        repeated = []
        for bucket in range(16):
            part = np.concatenate([p[(p >> shift) == bucket] for p in hashes] or [hashes_empty()])
            part = part[part != 0]
            part.sort()
            repeated.append(part[1:][part[1:] == part[:-1]])
        candidates = np.unique(np.concatenate(repeated))
        if not len(candidates):
            return []
        positions: list[int] = []
        start = 0
        for piece in hashes:
            positions += (np.flatnonzero(np.isin(piece, candidates)) + start).tolist()
            start += len(piece)
        wanted: dict[int, dict[int, int]] = collections.defaultdict(dict)
        for position in positions:
            file = int(np.searchsorted(offsets, position, side="right")) - 1
            wanted[file][position - int(offsets[file]) + 1] = position
        seen: set[str] = set()
        duplicates = []
        for file in sorted(wanted):
            f = self.files[file]
            for number, quote_id in self._ids(f, wanted[file]):
                if quote_id in seen:
                    message = (
                        f"quote id {quote_id!r} appears twice; ids must be unique across files"
                    )
                    self._add(
                        file, number, 0, Problem(f.name, number, "id", "duplicate-id", message)
                    )
                    duplicates.append(wanted[file][number])
                seen.add(quote_id)
        return duplicates

    def _ids(self, f: _File, lines: dict[int, int]) -> Iterator[tuple[int, str]]:
        """The ids of the quotes on the given lines, read again from the file."""
        assert f.path is not None
        for number, line in iter_lines(f.path):
            if number in lines:
                record = fast_parse_line(line, path=f.name, number=number)
                yield number, record.id

    def _duplicate_articles(self, kinds: Any, offsets: Any) -> None:
        seen = set(self.known_article_ids)
        for file, number, article_id in self.found:
            if article_id in seen:
                message = f"article id {article_id!r} appears twice; give each article its own id"
                problem = Problem(self.files[file].name, number, "id", "duplicate-id", message)
                self._add(file, number, 0, problem)
                kinds[int(offsets[file]) + number - 1] = 0
            seen.add(article_id)
