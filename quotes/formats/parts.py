"""Importing a large JSON Lines source on a pool of processes, its output joined in order.

A ``.bz2`` file is cut at its bzip2 blocks as ``quotes validate`` cuts it
(:mod:`quotes.io.blocks`): each process decompresses a part, parses its whole lines and builds,
serialises and checks their records (:func:`part_written`, one :class:`PartTask` in, one
:class:`PartResult` out: picklable, for any engine that runs them); the parent (:class:`Parts`)
only joins the line cut at each part's edge and imports that one line itself, renumbers, checks
that article ids are new (:func:`quotes.formats.written.fresh`) and passes the bytes on, in
order. A file that cannot be cut, or a part that does not decode, is read on from the first line
not given, by the importer's own reader (``rest``), so the output is the same as reading the
file whole. Other files go to the processes a chunk of lines at a time (:func:`pooled`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import deque
from collections.abc import Callable, Container, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from quotes.formats.build import ImportResult
from quotes.formats.written import Output, Written, fresh, serialise
from quotes.io import files
from quotes.io.blocks import NotSplit, Part, cut, decompress, whole_lines
from quotes.io.files import LongLine
from quotes.io.seen import StringSet

__all__ = [
    "Parse",
    "PartResult",
    "PartTask",
    "Parts",
    "part_written",
    "pooled",
    "renumbered",
    "unnumbered_place",
]

Parse = Callable[[bytes, str, str], ImportResult]
"""An importer's parser of one line: ``(line, where, file)`` to its batch (picklable: a
module-level function)."""

BLOCKS_PER_PART = 1
"""Blocks a process decompresses and imports at a time (one block: up to 900 kB of lines); its
output comes back whole, and ``2 * jobs`` parts are in flight."""
T = TypeVar("T")


@dataclass(frozen=True)
class PartTask:
    """One part of a ``.bz2`` file to import: the file, its bits, the file's name as the records
    give it, where the import writes, and the article ids already used (none, unless the part
    is made again because its ids met earlier ones: then those it met, all it asks about)."""

    path: str
    part: Part
    relative: str
    output: Output
    used: Container[str] = frozenset()


@dataclass
class PartResult:
    """A part imported: its bytes before its first line end and after its last (None when it
    has no line end), the number of whole lines between, and their records as written (their
    places, in ``written.examples``, numbered from the part's first whole line)."""

    head: bytes
    tail: bytes | None
    lines: int
    written: Written


def part_written(task: PartTask, parse: Parse) -> PartResult:
    """Decompress a part, and parse, build, serialise and check its whole lines."""
    edges: list[bytes | None] = []
    counted = [0]

    def batches() -> Iterator[ImportResult]:
        where, limit = unnumbered_place(task.relative), files.MAX_LINE_BYTES
        for lines in whole_lines(decompress(task.path, task.part), edges):
            for line in lines:
                counted[0] += 1
                line = line if len(line) <= limit else LongLine(len(line))
                yield parse(line, f"{where}{counted[0]}\0", task.relative)

    written = serialise(batches(), task.output, task.used)
    head, tail = edges
    assert head is not None
    return PartResult(head, tail, counted[0], written)


def _again(work: Callable[[PartTask], PartResult], task: PartTask, used: frozenset[str]) -> Written:
    """A part made again with the article ids ``used`` before it known."""
    return work(dataclasses.replace(task, used=used)).written


def unnumbered_place(relative: str) -> str:
    """Where a line of a part is, before the parent numbers it (a file name holds no NUL)."""
    return f"{relative}:\0"


def renumbered(examples: dict[str, str], relative: str, before: int) -> dict[str, str]:
    """Places numbered from a part's first line, numbered in the file (``before`` lines
    precede the part)."""
    unnumbered = unnumbered_place(relative)
    found = {}
    for reason, at in examples.items():
        if at.startswith(unnumbered):
            number, rest = at[len(unnumbered) :].split("\0", 1)
            at = f"{relative}:{before + int(number)}{rest}"
        found[reason] = at
    return found


Chunk = Callable[[list[T], Output, Container[str]], Written]
"""An importer's work on a chunk of items: ``(items, output, used)`` to their records as
written (picklable: a module-level function)."""


def pooled(
    pool: Executor,
    jobs: int,
    work: Chunk[T],
    items: Iterator[T],
    size: int,
    output: Output,
    ids: StringSet,
) -> Iterator[Written]:
    """``work`` on ``size`` items at a time on the pool, in order, each chunk made again here
    when its article ids meet ``ids`` (those written before it); at most ``2 * jobs`` tasks in
    flight."""
    pending: deque[tuple[list[T], Future[Written]]] = deque()
    chunk: list[T] = []

    def take() -> Written:
        items, future = pending.popleft()
        return fresh(future.result(), ids, lambda met: work(items, output, met))

    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            pending.append((chunk, pool.submit(work, chunk, output, frozenset())))
            chunk = []
            while len(pending) > 2 * jobs:
                yield take()
    if chunk:
        pending.append((chunk, pool.submit(work, chunk, output, frozenset())))
    while pending:
        yield take()


class Parts:
    """A ``.bz2`` file imported by parts on the processes (``work``: :func:`part_written` with
    the importer's parser); the line cut at each part's edge is joined and imported here
    (``parse``). ``ids`` are the article ids written before each part is given (the consumer
    adds them as it writes). If the file cannot be cut (or a part does not decode),
    ``rest(given, counted)`` gives the records of the lines after the first ``given`` (whose
    ``counted`` compressed bytes are counted)."""

    def __init__(
        self,
        pool: Executor,
        jobs: int,
        task: PartTask,
        work: Callable[[PartTask], PartResult],
        parse: Parse,
        ids: StringSet,
        rest: Callable[[int, int], Iterator[Written]],
    ) -> None:
        self.pool, self.jobs, self.task, self.work, self.parse = pool, jobs, task, work, parse
        self.ids, self.rest = ids, rest
        self.given = 0  # lines given so far
        self.counted = 0  # compressed bytes given so far
        self.unfinished: list[bytes] = []  # the pieces of the line cut at the edges
        self.length = 0  # its length: past the limit, its pieces are no longer kept

    def written(self) -> Iterator[Written]:
        """The file's records as written, in order."""
        pending: deque[tuple[PartTask, Future[PartResult]]] = deque()
        try:
            for part in cut(self.task.path, BLOCKS_PER_PART):
                task = dataclasses.replace(self.task, part=part)
                pending.append((task, self.pool.submit(self.work, task)))
                while len(pending) > 2 * self.jobs:
                    yield from self.take(*pending.popleft())
            while pending:
                yield from self.take(*pending.popleft())
        except NotSplit:
            for _, future in pending:
                future.cancel()
            yield from self.rest(self.given, self.counted)
            return
        yield from self.finished()

    def finished(self) -> Iterator[Written]:
        """After the file's last part: its last line if it has no line end, and the bytes
        left to count."""
        if self.length:
            yield self.joined()
        yield Written(nbytes=Path(self.task.path).stat().st_size - self.counted)

    def take(self, task: PartTask, future: Future[PartResult]) -> Iterator[Written]:
        """A part's records as written, once its result is in (the line cut at its first edge
        imported first)."""
        result = future.result()
        nbytes = (task.part.end + 7) // 8 - self.counted
        self.counted += nbytes
        self._add(result.head)
        if result.tail is None:  # no line ends in this part
            yield Written(nbytes=nbytes)
            return
        yield self.joined()
        self._add(result.tail)
        again = functools.partial(_again, self.work, task)
        written = fresh(result.written, self.ids, again)
        written.examples = renumbered(written.examples, task.relative, self.given)
        written.nbytes = nbytes
        self.given += result.lines
        yield written

    def _add(self, piece: bytes) -> None:
        """Go on with the line cut at the edges: kept up to the line limit, then only counted."""
        self.length += len(piece)
        if self.length > files.MAX_LINE_BYTES:
            self.unfinished = []
        else:
            self.unfinished.append(piece)

    def joined(self) -> Written:
        """The line cut at the edges, imported here."""
        self.given += 1
        line = b"".join(self.unfinished)
        if self.length > files.MAX_LINE_BYTES:
            line = LongLine(self.length)
        self.unfinished, self.length = [], 0
        relative = self.task.relative
        batch = self.parse(line, f"{relative}:{self.given}", relative)
        return serialise([batch], self.task.output, self.ids)
