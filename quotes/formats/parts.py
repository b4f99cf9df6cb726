"""Reading a large ``.bz2`` source by parts on a pool of processes, for importers of JSON Lines.

The file is cut at its bzip2 blocks as ``quotes validate`` cuts it
(:mod:`quotes.io.blocks`): each process decompresses a part and parses its whole lines; the
line cut at each part's edge is joined and parsed in the parent, in order. Batches come out in
file order, one per line, numbered as a reader of the whole file numbers them. A file that
cannot be cut, or a part that does not decode, is read on from the first line not given, by the
importer's own reader (``rest``), so the output is the same as reading the file whole.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import TypeVar

from quotes.formats.build import ImportResult
from quotes.io import files
from quotes.io.blocks import NotSplit, Part, cut, decompress, whole_lines
from quotes.io.files import LongLine

__all__ = ["Parse", "Parts", "pooled"]

Parse = Callable[[bytes, str, str], ImportResult]
"""An importer's parser of one line: ``(line, where, file)`` to its batch (picklable: a
module-level function)."""

_PartResult = tuple[bytes, "bytes | None", list[ImportResult]]
BLOCKS_PER_PART = 1
"""Blocks a process decompresses and parses at a time: a part's batches (records, not lines)
come back whole, and ``2 * jobs`` are in flight, so parts stay small (one block: up to 900 kB
of lines)."""
T = TypeVar("T")


def pooled(
    pool: Executor,
    jobs: int,
    work: Callable[[list[T]], list[ImportResult]],
    items: Iterator[T],
    size: int,
) -> Iterator[ImportResult]:
    """``work`` on ``size`` items at a time on the pool, its batches in order; at most
    ``2 * jobs`` tasks in flight."""
    pending: deque[Future[list[ImportResult]]] = deque()
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            pending.append(pool.submit(work, chunk))
            chunk = []
            while len(pending) > 2 * jobs:
                yield from pending.popleft().result()
    if chunk:
        pending.append(pool.submit(work, chunk))
    while pending:
        yield from pending.popleft().result()


class Parts:
    """A ``.bz2`` file's batches from its parts, decompressed and parsed by the processes; the
    line cut at each part's edge is joined and parsed here. If the file cannot be cut (or a part
    does not decode), ``rest(given, counted)`` gives the batches of the lines after the first
    ``given`` (whose ``counted`` compressed bytes are counted)."""

    def __init__(
        self,
        pool: Executor,
        jobs: int,
        path: Path,
        relative: str,
        parse: Parse,
        rest: Callable[[int, int], Iterator[ImportResult]],
    ) -> None:
        self.pool, self.jobs, self.path, self.relative = pool, jobs, path, relative
        self.parse, self.rest = parse, rest
        self.given = 0  # lines given so far
        self.counted = 0  # compressed bytes given to batches so far
        self.unfinished: list[bytes] = []  # the pieces of the line cut at the edges
        self.length = 0  # its length: past the limit, its pieces are no longer kept
        self.last: ImportResult | None = None  # held back, to take the file's last bytes

    def batches(self) -> Iterator[ImportResult]:
        """The file's batches, in order."""
        pending: deque[tuple[Part, Future[_PartResult]]] = deque()
        try:
            for part in cut(str(self.path), BLOCKS_PER_PART):
                args = (str(self.path), part, self.relative, self.parse)
                pending.append((part, self.pool.submit(_part, *args)))
                while len(pending) > 2 * self.jobs:
                    yield from self._take(*pending.popleft())
            while pending:
                yield from self._take(*pending.popleft())
        except NotSplit:
            for _, future in pending:
                future.cancel()
            if self.last is not None:
                yield self.last
            yield from self.rest(self.given, self.counted)
            return
        if self.length:  # the last line, without a line end
            yield from self._give([self._joined()], 0)
        if self.last is not None:
            self.last.nbytes += self.path.stat().st_size - self.counted
            yield self.last

    def _take(self, part: Part, future: Future[_PartResult]) -> Iterator[ImportResult]:
        head, tail, results = future.result()
        nbytes = (part.end + 7) // 8 - self.counted
        self._add(head)
        if tail is None:  # no line ends in this part
            yield from self._give([], nbytes)
            return
        joined = self._joined()
        self._add(tail)
        unnumbered = _where(self.relative)
        for number, result in enumerate(results, self.given + 1):
            where = f"{self.relative}:{number}"
            result.examples = {
                reason: where + at[len(unnumbered) :] if at.startswith(unnumbered) else at
                for reason, at in result.examples.items()
            }
        self.given += len(results)
        yield from self._give([joined, *results], nbytes)

    def _give(self, batches: list[ImportResult], nbytes: int) -> Iterator[ImportResult]:
        """Give the batches (the last held back), the last one counting ``nbytes`` more."""
        if not batches:
            if self.last is not None:
                self.last.nbytes += nbytes
                self.counted += nbytes
            return  # else counted with the next batch
        self.counted += nbytes
        batches[-1].nbytes += nbytes
        if self.last is not None:
            yield self.last
        yield from batches[:-1]
        self.last = batches[-1]

    def _add(self, piece: bytes) -> None:
        """Go on with the line cut at the edges: kept up to the line limit, then only counted."""
        self.length += len(piece)
        if self.length > files.MAX_LINE_BYTES:
            self.unfinished = []
        else:
            self.unfinished.append(piece)

    def _joined(self) -> ImportResult:
        self.given += 1
        line = b"".join(self.unfinished)
        if self.length > files.MAX_LINE_BYTES:
            line = LongLine(self.length)
        self.unfinished, self.length = [], 0
        return self.parse(line, f"{self.relative}:{self.given}", self.relative)


def _where(relative: str) -> str:
    """Where a line of a part is, before the parent numbers it (a file name holds no NUL)."""
    return f"{relative}:\0"


def _part(path: str, part: Part, relative: str, parse: Parse) -> _PartResult:
    """A part's bytes before its first line end and after its last (None when it has none),
    and the batches of the whole lines between (the parent numbers them)."""
    edges: list[bytes | None] = []
    where = _where(relative)
    limit = files.MAX_LINE_BYTES
    results = [
        parse(line if len(line) <= limit else LongLine(len(line)), where, relative)
        for lines in whole_lines(decompress(path, part), edges)
        for line in lines
    ]
    head, tail = edges
    assert head is not None
    return head, tail, results
