"""Workers: validating one task, and the engine that runs tasks on a pool of processes.

Each task is validated by the fast validator (:mod:`quotes.engine.fast`) and, when articles are
given,
the corpus-level checks (:mod:`quotes.core.corpus_rules`). A task's result holds its problems and,
per
line, 8 bytes (the xxHash3 hash of a valid quote's id, 0 otherwise) and 1 byte (what the line
counted as, see :data:`KIND_CODES`). Results come back in task order; the engine holds at most
``2 * jobs`` tasks in flight.
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing
import signal
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from quotes.core.problems import Problem
from quotes.core.record_rules import KINDS
from quotes.engine.fast import derive, fast_parse_line
from quotes.engine.parallel.planning import Batch, BlockPart, Range, Shard, Task
from quotes.io.blocks import decompress, whole_lines
from quotes.io.files import RecordError, clean_line, iter_blocks, read_blocks
from quotes.io.processes import die_with_parent, quiet_pool

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from quotes.core.models import Article, QuoteLike

__all__ = [
    "ARTICLE",
    "KIND_CODES",
    "STOP_SECONDS",
    "Engine",
    "EngineFactory",
    "PoolEngine",
    "Result",
    "init",
    "run_task",
]

KIND_CODES = {kind: code for code, kind in enumerate(KINDS, start=1)}
"""The byte a valid quote line counts as, by kind (0: a line with no valid record)."""
ARTICLE = len(KINDS) + 1
"""The byte a valid article line counts as."""
STOP_SECONDS = 10.0
"""Longest wait, after an error or Ctrl-C, for the tasks in flight before the workers are
killed."""


@dataclass
class Result:
    """What a worker found in one task; line numbers are relative to the task's first line."""

    count: int
    problems: list[Problem]
    hashes: bytes
    kinds: bytes
    articles: list[tuple[int, str]] = field(default_factory=list)
    edges: tuple[bytes, bytes | None] | None = None
    """Blocks mode: the part's bytes before its first line end and after its last (None when it
    has no line end: then the first holds it all). The parent joins them into lines."""


# Per-process context of the workers: the articles that quotes are checked against.
_CONTEXT: dict[str, Any] = {"articles": None}


def init(articles: dict[str, Article] | None) -> None:
    """Set the articles that this process checks quotes against (None: record level only)."""
    _CONTEXT["articles"] = articles


def _init_worker(articles: dict[str, Article] | None) -> None:
    die_with_parent()
    # Ctrl-C reaches the whole process group: the parent stops the workers itself, quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    init(articles)


def _blocks(task: Task, extra: list[Problem], edges: list[bytes | None]) -> Iterator[list[bytes]]:
    """The lines of a task as read, a list at a time (a whole file's read error goes to
    ``extra``, after the lines read before it; a part's edges to ``edges``)."""
    match task:
        case Batch(lines=lines):
            yield lines
        case BlockPart(path=path, part=part):
            yield from whole_lines(decompress(path, part), edges)
        case Shard(path=path, name=name):
            try:
                yield from iter_blocks(path)
            except RecordError as e:
                extra.append(dataclasses.replace(e.problem, path=name))
        case Range(path=path, start=start, end=end):
            with open(path, "rb") as f:
                f.seek(start)
                yield from read_blocks(f, end - start, ends=True)


def run_task(task: Task) -> Result:
    """Validate one task (in a worker, or in the parent with ``jobs=1``)."""
    extra: list[Problem] = []
    edges: list[bytes | None] = []
    check = _TaskCheck(task)
    # A block at a time (about 64 KiB), as read: the lines and their structs stay in the cache.
    blocks = _blocks(task, extra, edges)
    for block in blocks:
        if not check.block(block):
            # the report stops in this block: the lines after it are counted, not checked, so
            # that the task's line count and a part's edges are whole (a Shard, a whole file, is
            # not read on)
            if not isinstance(task, Shard):
                check.count(blocks)
            break
    return check.result(extra, edges)


class _TaskCheck:
    """What the lines of one task read so far hold: problems, articles, and per line its
    quote's hash and what it counted as."""

    def __init__(self, task: Task) -> None:
        self.task = task
        self.articles: dict[str, Article] | None = _CONTEXT["articles"]
        self.problems: list[Problem] = []
        self.found: list[tuple[int, str]] = []
        self.hashes = array("Q")
        self.kinds = bytearray()
        self.number = 0
        """The number in the task of the last line read."""
        fast = derive("Quote")
        self.accept, self.struct = fast.accept, fast.struct

    def full(self) -> bool:
        """Whether the report stops here: more problems than the task's limit."""
        return self.task.limit is not None and len(self.problems) > self.task.limit

    def block(self, block: list[bytes]) -> bool:
        """Check the lines of a block; False when the report stops in it."""
        from xxhash import xxh3_64_intdigest

        articles, problems, hashes, kinds = self.articles, self.problems, self.hashes, self.kinds
        if articles is not None:
            from quotes.core.corpus_rules import quote_problems
        accept, number = self.accept, self.number
        hashes.frombytes(bytes(8 * len(block)))
        kinds += bytes(len(block))
        for line in block:
            number += 1
            # The fast path for quote lines first, on the line as read: it accepts a line only
            # when the line, cleaned, would be accepted too (JSON allows the white space
            # clean_line drops, and a blank line, a byte order mark or an over-long line is never
            # accepted).
            record: QuoteLike | None = accept(line)
            if record is None:
                record = self.parse(line, number)
                if record is None:  # blank, an article, or problems
                    if self.full():
                        return False
                    continue
            hashes[number - 1] = xxh3_64_intdigest(record.id.encode()) or 1
            if articles is not None:
                more = quote_problems(record, articles, path=self.task.name, line=number)
                if more:
                    problems += more
                    if self.full():
                        return False
                    continue
            kinds[number - 1] = KIND_CODES[record.kind]
        self.number = number
        return True

    def count(self, blocks: Iterator[list[bytes]]) -> None:
        """Read the rest of the task's lines, only to count them (no id, no kind)."""
        for block in blocks:
            self.hashes.frombytes(bytes(8 * len(block)))
            self.kinds += bytes(len(block))

    def parse(self, line: bytes, number: int) -> QuoteLike | None:
        """The quote on a line the fast path did not accept, read by the slow path; None when
        the line is blank, an article (noted) or has problems (noted)."""
        kept = clean_line(line, self.task.first and number == 1)
        if kept is None:
            return None
        parsed = fast_parse_line(kept, path=self.task.name, number=number)
        if isinstance(parsed, list):
            self.problems += parsed
            return None
        if type(parsed) is not self.struct and type(parsed).__name__ == "Article":
            self.found.append((number, parsed.id))
            self.kinds[number - 1] = ARTICLE
            return None
        record: QuoteLike = parsed
        return record

    def result(self, extra: list[Problem], edges: list[bytes | None]) -> Result:
        """The task's result, with the problems found reading it (``extra``) after the lines'
        and, for a part of a compressed file, its edges."""
        count = len(self.kinds)
        result = Result(
            count, self.problems + extra, self.hashes.tobytes(), bytes(self.kinds), self.found
        )
        if edges:
            head, tail = edges
            assert head is not None
            result.edges = (head, tail)
        return result


class Engine(Protocol):
    """Runs tasks (anywhere) and hands their results back in task order."""

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Call ``consume(task, result)`` in task order; stop when it returns False."""


EngineFactory: TypeAlias = "Callable[[dict[str, Article] | None], Engine]"
"""Makes an engine given the articles quotes are checked against (None: record level only)."""


class PoolEngine:
    """Runs tasks on ``jobs`` processes of this machine (in this process when ``jobs`` is 1)."""

    def __init__(
        self, jobs: int, articles: dict[str, Article] | None, *, eager: bool = False
    ) -> None:
        self.jobs = max(1, jobs)
        self.articles = articles
        self.pool: Pool | None = None
        # Start the workers before reading the first task: the reader of a compressed file may
        # run native threads (indexed_bzip2's), which threading does not list, and a fork taken
        # while they run could leave a lock held in the workers for ever.
        self.eager = eager and self.jobs > 1

    def _pool(self) -> Pool:
        if self.pool is None:
            derive("Quote")  # once, before the fork, rather than once in each worker
            import xxhash  # noqa: F401  (likewise)

            # fork is fastest and safe while this process runs one thread; otherwise forkserver.
            methods = multiprocessing.get_all_start_methods()
            method = "fork" if "fork" in methods and threading.active_count() == 1 else None
            if method is None and "forkserver" in methods:
                method = "forkserver"
            context = multiprocessing.get_context(method)
            self.pool = quiet_pool(context, self.jobs, _init_worker, (self.articles,))
        return self.pool

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Run tasks in order, ``consume`` each result in order; stop when it returns False."""
        if self.jobs == 1:
            self._run_here(tasks, consume)
            return
        pending: collections.deque[tuple[Task, AsyncResult[Result]]] = collections.deque()
        if self.eager:
            self._pool()
        interrupted = True  # until the loop ends, or stops early, by itself
        try:
            if self._submit(tasks, consume, pending):
                self._drain(pending, consume)
            interrupted = False
        finally:
            self._stop(pending, interrupted)

    def _run_here(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        """Run the tasks one after the other in this process."""
        init(self.articles)
        for task in tasks:
            if not consume(task, run_task(task)):
                return

    def _submit(
        self,
        tasks: Iterator[Task],
        consume: Callable[[Task, Result], bool],
        pending: collections.deque[tuple[Task, AsyncResult[Result]]],
    ) -> bool:
        """Send the tasks to the workers, consuming the oldest results whenever ``2 * jobs``
        are in flight; a lone task runs in this process. False when ``consume`` stopped."""
        first: Task | None = None
        for task in tasks:
            if first is None:  # start the workers only once there are two tasks
                first = task
                continue
            if not pending:
                pending.append((first, self._pool().apply_async(run_task, (first,))))
            pending.append((task, self._pool().apply_async(run_task, (task,))))
            while len(pending) >= 2 * self.jobs:
                done, future = pending.popleft()
                if not consume(done, future.get()):
                    return False
        if first is not None and not pending:
            init(self.articles)
            consume(first, run_task(first))
        return True

    @staticmethod
    def _drain(
        pending: collections.deque[tuple[Task, AsyncResult[Result]]],
        consume: Callable[[Task, Result], bool],
    ) -> None:
        """Consume the results still in flight, in order, until ``consume`` stops."""
        while pending:
            done, future = pending.popleft()
            if not consume(done, future.get()):
                break

    def _stop(
        self, pending: collections.deque[tuple[Task, AsyncResult[Result]]], kill: bool
    ) -> None:
        """Stop the workers once the tasks in flight (at most ``2 * jobs``, each bounded) are
        done: a worker killed while it sends a result leaves the result queue's lock held, and
        ``Pool.terminate`` then waits for that lock for ever. Unless ``kill`` (an error or
        Ctrl-C), the workers then exit by themselves; with it, after at most
        :data:`STOP_SECONDS` of waiting, they are terminated."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        pool.close()
        deadline = time.monotonic() + STOP_SECONDS
        for _, future in pending:
            future.wait(max(0.0, deadline - time.monotonic()) if kill else None)
        if kill:
            pool.terminate()
        pool.join()
