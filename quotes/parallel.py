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
0 otherwise) and 1 byte (what the line counted as). The parent keeps neither in memory, so its
memory does not grow with the number of lines:

* The byte per line is appended to a temporary file, read back in chunks at the end to count
  the records of each kind.
* Each nonzero hash is written with its line's position, a 16-byte pair, to one of up to 256
  temporary partition files chosen by the top bits of the hash. Their number is chosen from the
  input's size so that each should hold at most :data:`SORT_BUDGET` bytes (16 MiB); one that
  holds more anyway (a compressed file that expands more than guessed, more than 4 GiB of pairs
  in all) is split again by the next bits when it is read. Equal ids have equal hashes, so every
  duplicate lies within one partition: the partitions are loaded and sorted one at a time, which
  takes about twice the budget of memory at most.
* Hashes that occur more than once are checked exactly: the lines holding them are read again
  and their ids compared, so a hash collision never produces a false report. Only this part
  grows with the input, with the number of repeated ids, as the report itself does.

The temporary files (17 bytes per quote line: about 4 GB for Quotebank's 235M quotes, in
``TMPDIR``) live in one temporary directory, removed at the end, also on errors and interrupts.
The report lists problems in line order and, with ``max_errors``, is cut at exactly the same
problem as a run on one core: output is identical for any ``jobs``.
"""

from __future__ import annotations

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
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

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

SORT_BUDGET = 16 * 1024 * 1024
"""Bytes of (hash, line) pairs the duplicate-id check sorts at once (one partition)."""

_PAIRS_PER_INPUT_BYTE = 16 / 256  # a 16-byte pair for each quote line of at least 256 bytes
_COMPRESSION_GUESS = 10  # bytes of JSON Lines per byte of a compressed file
_MAX_SPLIT_BITS = 8  # at most 256 partition files open at once

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
    sort_budget: int | None = None,
) -> None:
    """Validate quote (or mixed) files into ``report``, in parallel; see the module docstring.

    ``articles`` (None: record level only) are what quotes are checked against;
    ``known_article_ids`` are ids of articles read before, for the duplicate check of articles
    met inside these files. ``max_errors`` is the number of problems still allowed.
    ``sort_budget`` (default :data:`SORT_BUDGET`) bounds the bytes of hashes the duplicate-id
    check sorts at once.
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
        expected = sum(_pair_bytes(f.path) for f in files if f.path is not None)
        ids = _Ids(Path(spool) / "ids", expected, sort_budget or SORT_BUDGET)
        kinds = _Kinds(Path(spool) / "kinds")
        try:
            validation = _Validation(
                files, report, articles, known_article_ids, max_errors, ids, kinds
            )
            validation.progress = progress
            validation.whole = engine is not None
            runner = engine(articles) if engine else _Engine(jobs or default_jobs(), articles)
            validation.run(runner, chunk_bytes or CHUNK_BYTES)
        finally:
            ids.close()
            kinds.close()


def _pair_bytes(path: str) -> int:
    """A guess, on the high side, of the bytes of (hash, line) pairs a file's quotes need."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return 0
    if not _seekable(path):
        size *= _COMPRESSION_GUESS
    return int(size * _PAIRS_PER_INPUT_BYTE)


def _partition_bits(expected: int, budget: int) -> int:
    """How many top bits of the hash split ``expected`` bytes of pairs into parts of ``budget``."""
    bits = 0
    while bits < _MAX_SPLIT_BITS and expected >> bits > budget:
        bits += 1
    return bits


class _Partitions:
    """Writes (hash, line) pairs to one file per value of ``bits`` bits of the hash.

    The bits taken are those just below the top ``used`` bits (which all the pairs share).
    """

    def __init__(self, folder: Path, used: int, bits: int) -> None:
        folder.mkdir()
        self.folder, self.used, self.bits = folder, used, bits
        self.files: dict[int, BinaryIO] = {}

    def add(self, pairs: Any) -> None:
        import numpy as np

        if not self.bits:
            self._file(0).write(pairs.tobytes())
            return
        keys = (pairs["hash"] << np.uint64(self.used)) >> np.uint64(64 - self.bits)
        order = np.argsort(keys)
        pairs, keys = pairs[order], keys[order]
        bounds = np.searchsorted(keys, np.arange((1 << self.bits) + 1, dtype=np.uint64))
        for key in np.flatnonzero(bounds[1:] > bounds[:-1]).tolist():
            self._file(key).write(pairs[bounds[key] : bounds[key + 1]].tobytes())

    def _file(self, key: int) -> BinaryIO:
        if key not in self.files:
            self.files[key] = (self.folder / str(key)).open("wb")
        return self.files[key]

    def close(self) -> list[Path]:
        """Close the files; the paths of the non-empty ones, in key order."""
        for f in self.files.values():
            f.close()
        paths = [self.folder / str(key) for key in sorted(self.files)]
        self.files.clear()
        return paths


class _Ids:
    """The duplicate check's hashes of quote ids with their global line positions, on disk.

    Pairs are spilled to partitions by the top bits of the hash, so that equal hashes land in the
    same partition and each partition holds about ``budget`` bytes or less; a partition that
    still outgrows the budget is split again by the next bits when it is read.
    """

    def __init__(self, folder: Path, expected: int, budget: int) -> None:
        import numpy as np

        self.pair = np.dtype([("hash", "<u8"), ("line", "<i8")])
        self.budget = max(budget, self.pair.itemsize)
        self.partitions = _Partitions(folder, 0, _partition_bits(expected, self.budget))

    def add(self, hashes: bytes, first: int) -> None:
        """Keep the nonzero hashes of a task's lines, the first being at position ``first``."""
        import numpy as np

        values = np.frombuffer(hashes, dtype=np.uint64)
        lines = np.flatnonzero(values)
        if len(lines):
            pairs = np.empty(len(lines), self.pair)
            pairs["hash"] = values[lines]
            pairs["line"] = lines + first
            self.partitions.add(pairs)

    def repeated(self) -> Any:
        """The positions, in order, of the lines whose hash occurs more than once."""
        import numpy as np

        found: list[Any] = []
        for path in self.partitions.close():
            found += self._repeated(path, self.partitions.bits)
        return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def close(self) -> None:
        self.partitions.close()

    def _repeated(self, path: Path, used: int) -> list[Any]:
        """Positions in a partition whose hash occurs twice; its hashes share ``used`` top bits."""
        import numpy as np

        if path.stat().st_size <= self.budget:
            pairs = np.fromfile(path, dtype=self.pair)
            hashes = np.sort(pairs["hash"])
            twice = hashes[1:][hashes[1:] == hashes[:-1]]
            if not len(twice):
                return []
            index = np.searchsorted(twice, pairs["hash"]).clip(max=len(twice) - 1)
            return [pairs["line"][twice[index] == pairs["hash"]]]
        # read a quarter of the budget at a time: splitting a chunk takes about 3 times its size
        step = max(self.budget // 4 // self.pair.itemsize, 1) * self.pair.itemsize
        with path.open("rb") as f:
            chunks = iter(lambda: f.read(step), b"")
            if used == 64:  # one hash on every line of a partition bigger than the budget
                return [np.frombuffer(chunk, dtype=self.pair)["line"].copy() for chunk in chunks]
            bits = min(_partition_bits(path.stat().st_size, self.budget), 64 - used)
            parts = _Partitions(path.with_name(f"{path.name}-"), used, bits)
            try:
                for chunk in chunks:
                    parts.add(np.frombuffer(chunk, dtype=self.pair))
            finally:
                paths = parts.close()
        path.unlink()
        return [lines for part in paths for lines in self._repeated(part, used + parts.bits)]


class _Kinds:
    """What each line counted as, one byte a line (see ``_KIND_CODES``), in a file in line order."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("w+b")

    def append(self, kinds: bytes) -> None:
        self.file.write(kinds)

    def counts(self, stop: int, cleared: Any) -> Any:
        """How many of the first ``stop`` lines hold each code, lines at ``cleared`` not counted."""
        import numpy as np

        total = np.zeros(256, dtype=np.int64)
        self.file.flush()
        self.file.seek(0)
        start = 0
        while start < stop:
            # chunks of 1 MiB: bincount makes an 8-byte integer of each byte
            codes = np.frombuffer(self.file.read(min(1 << 20, stop - start)), dtype=np.uint8)
            if not len(codes):
                break
            codes = codes.copy()
            inside = cleared[(cleared >= start) & (cleared < start + len(codes))]
            codes[inside - start] = 0
            total += np.bincount(codes, minlength=256)
            start += len(codes)
        return total

    def close(self) -> None:
        self.file.close()


class _Validation:
    """The parent's side: numbering, collecting, the duplicate check and the final report."""

    def __init__(
        self,
        files: list[_File],
        report: Report,
        articles: dict[str, Article] | None,
        known_article_ids: set[str],
        max_errors: int | None,
        ids: _Ids,
        kinds: _Kinds,
    ) -> None:
        self.files = files
        self.report = report
        self.articles = articles
        self.known_article_ids = known_article_ids
        self.max_errors = max_errors
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.ids = ids  # hashes of the quote ids, for the duplicate check
        self.kinds = kinds  # what each line counted as
        self.lines = 0  # lines of all the results consumed so far
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
        self.ids.add(result.hashes, self.lines)
        self.kinds.append(result.kinds)
        self.lines += result.count
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
        report.problems += [problem for _, problem in self.problems]
        counts = self.kinds.counts(stop, np.array(duplicates, dtype=np.int64))
        for code, name in _KIND_NAMES.items():
            if counts[code]:
                report.kinds[name] += int(counts[code])
                report.quotes += int(counts[code])
        report.articles += int(counts[_ARTICLE])

    def _duplicate_quotes(self, offsets: Any) -> list[int]:
        """Report every later occurrence of a quote id; returns their line positions."""
        import numpy as np

        positions = self.ids.repeated()  # lines whose id hash is not unique, in line order
        wanted: dict[int, dict[int, int]] = collections.defaultdict(dict)
        files = np.searchsorted(offsets, positions, side="right") - 1
        for position, file in zip(positions.tolist(), files.tolist(), strict=True):
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

    def _duplicate_articles(self, offsets: Any) -> list[int]:
        """Report every later occurrence of an article id; returns their line positions."""
        seen = set(self.known_article_ids)
        duplicates = []
        for file, number, article_id in self.found:
            if article_id in seen:
                message = f"article id {article_id!r} appears twice; give each article its own id"
                problem = Problem(self.files[file].name, number, "id", "duplicate-id", message)
                self._add(file, number, 0, problem)
                duplicates.append(int(offsets[file]) + number - 1)
            seen.add(article_id)
        return duplicates
