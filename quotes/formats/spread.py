"""A large JSON Lines import spread over an engine (Spark): its files cut into parts, each part
imported where it runs and written as one shard, the parts taken on the driver in order.

The plan (:class:`Spread`, made on the driver before the job) cuts each file as the process pool
cuts it (:mod:`quotes.engine.parallel.planning`, :mod:`quotes.formats.parts`):

* a regular ``.bz2`` file of :data:`~quotes.io.blocks.BLOCKS_MIN_BYTES` or more: parts of
  :data:`~quotes.io.blocks.BLOCKS_PER_PART` bzip2 blocks (:class:`~quotes.formats.parts.PartTask`),
  each decompressed where it runs (finding the blocks reads the compressed file once, here);
* a plain file: byte ranges of about :data:`~quotes.engine.parallel.planning.CHUNK_BYTES`, each
  ending after a line end (:class:`Lines`), each read where it runs;
* any other file (``.gz``, ``.xz``, a small ``.bz2``, a ``.bz2`` that cannot be cut): whole
  (:class:`Lines` with no ``end``), read where it runs by the format's own reader, its output
  held whole by that executor and by the driver; so one of :data:`WHOLE_HERE_BYTES` or more is
  read on the driver instead (``here``), as a local import reads it, in bounded memory.

Each part is one job of the engine and one shard of each output file. Its records come back
built, serialised and checked (:class:`~quotes.formats.written.Written`). The driver takes them
in order, as the local parent does (:class:`~quotes.formats.parts.Parts`): it joins the line
cut at each edge of a ``.bz2`` part and imports that line itself, numbers the lines, and
imports a part again, itself, when its article ids meet those written before it
(:func:`~quotes.formats.written.fresh`: the driver holds every article id written, in flat
memory, as a local import does: :class:`~quotes.io.seen.Seen`). A part that does not decode
alone leaves the rest of its file to the format's reader, on the driver; a file that cannot be
read raises the error a local import raises. So the shards, joined in order, are the bytes of a
local import.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from quotes.core.problems import Problem
from quotes.engine.mapping import Mapper
from quotes.engine.parallel import planning
from quotes.formats.build import ImportResult
from quotes.formats.parts import Parse, PartResult, Parts, PartTask, renumbered, unnumbered_place
from quotes.formats.written import Output, Written, fresh, serialise
from quotes.io.blocks import NotSplit, Part, cut, cuttable
from quotes.io.files import RecordError, read_blocks
from quotes.io.seen import StringSet

__all__ = [
    "WHOLE_HERE_BYTES",
    "Lines",
    "Reading",
    "Rest",
    "Spread",
    "Whole",
    "range_written",
    "run",
]


@dataclass(frozen=True)
class Lines:
    """Lines of one file to import where the task runs: bytes ``start`` to ``end`` of a plain
    file (a range that ends after a line end), or, with no ``end``, the whole file, read by the
    format's reader. ``used``: the article ids written before it (none, unless made again: then
    those its ids met)."""

    path: str
    relative: str
    output: Output
    start: int = 0
    end: int | None = None
    used: Container[str] = frozenset()
    here: bool = False
    """Read on the driver (a whole file of :data:`WHOLE_HERE_BYTES` or more)."""


WHOLE_HERE_BYTES = 64 * 1024 * 1024
"""Size from which a file that cannot be cut is read on the driver, as locally, in bounded
memory: an executor that imported it would send its whole output back at once."""

Task = PartTask | Lines
"""One part of a file, imported where it runs."""
Whole = Callable[[Lines], Written]
"""A format's import of a whole file (a :class:`Lines` with no ``end``), as it reads it
locally (picklable: a module-level function)."""
Rest = Callable[[Path, str, Output, StringSet, int, int], Iterator[Written]]
"""A format's import, here, of a file's lines after the first ``given`` (whose ``counted``
compressed bytes are counted): ``rest(path, relative, output, ids, given, counted)``."""


@dataclass(frozen=True)
class Reading:
    """A format's imports of the parts, where they run (module-level functions, so that they
    pickle by name)."""

    work: Callable[[PartTask], PartResult]
    """A part of a ``.bz2`` file (:func:`~quotes.formats.parts.part_written` with ``parse``)."""
    parse: Parse
    """One line to its batch (also for the ranges of plain files, and the lines cut at the
    edges of ``.bz2`` parts, imported on the driver)."""
    whole: Whole
    """A whole file."""


@dataclass(frozen=True)
class Failed:
    """A part whose file could not be read: the problem the driver raises again, as the
    :class:`~quotes.io.files.RecordError` a local import raises (an exception would come back
    as the engine's own)."""

    problem: Problem


Outcome = PartResult | Failed | None
"""A part imported; None: a ``.bz2`` part that does not decode alone, or a file left to the
driver (``here``): the driver reads on from there."""


def range_written(task: Lines, parse: Parse) -> PartResult:
    """Bytes ``start`` to ``end`` of a plain file: its lines parsed, built, serialised and
    checked, numbered from the range's first line (the driver numbers them in the file)."""
    size = (task.end or 0) - task.start
    lines = [0]

    def batches() -> Iterator[ImportResult]:
        where = unnumbered_place(task.relative)
        with open(task.path, "rb") as f:
            f.seek(task.start)
            for block in read_blocks(f, size):
                for line in block:
                    lines[0] += 1
                    yield parse(line, f"{where}{lines[0]}\0", task.relative)

    written = serialise(batches(), task.output, task.used)
    written.nbytes = size
    return PartResult(b"", b"", lines[0], written)


def run(reading: Reading, tasks: list[Task]) -> list[Outcome]:
    """Import each task where it runs (the engine's function, with the format's ``reading``
    given: ``functools.partial(run, reading)``)."""
    return [_outcome(reading, task) for task in tasks]


def _outcome(reading: Reading, task: Task) -> Outcome:
    try:
        if isinstance(task, PartTask):
            return reading.work(task)
        if task.here:
            return None  # left to the driver, which reads it as it reads a part's rest
        if task.end is None:
            return PartResult(b"", b"", 0, reading.whole(task))
        return range_written(task, reading.parse)
    except NotSplit:
        return None
    except RecordError as e:
        return Failed(e.problem)


def _tasks(path: Path, relative: str, output: Output) -> list[Task]:
    """The parts of one file (none for an empty plain file)."""
    name = str(path)
    if cuttable(path):
        try:
            return [PartTask(name, part, relative, output) for part in cut(name)]
        except NotSplit:
            return [Lines(name, relative, output, here=path.stat().st_size >= WHOLE_HERE_BYTES)]
    if planning.splittable(planning.InputFile(relative, name, regular=True)):
        ranges = planning.plan(path, planning.CHUNK_BYTES)
        return [Lines(name, relative, output, start, end) for start, end in ranges]
    return [Lines(name, relative, output, here=path.stat().st_size >= WHOLE_HERE_BYTES)]


class Spread:
    """The parts of ``files`` (``(path, name in the records)``, in order) for an engine: one
    shard each (:attr:`count`), imported where they run by the format's ``work`` (a ``.bz2``
    part: :func:`~quotes.formats.parts.part_written` with its ``parse``), ``parse`` (a range of
    lines) and ``whole`` (a whole file), taken in order by :meth:`shards`; ``rest`` reads on
    here when a part does not decode alone."""

    def __init__(
        self,
        files: Iterable[tuple[Path, str]],
        output: Output,
        reading: Reading,
        rest: Rest,
    ) -> None:
        self.output, self.reading, self.rest = output, reading, rest
        self.tasks: list[Task] = []
        self.files: list[int] = []  # the index of each task's file
        for index, (path, relative) in enumerate(files):
            found = _tasks(path, relative, output)
            self.tasks += found
            self.files += [index] * len(found)

    @property
    def count(self) -> int:
        """The parts: the shards of each output file."""
        return len(self.tasks)

    def shards(self, engine: Mapper, ids: StringSet) -> Iterator[Iterator[Written]]:
        """The records of each part as written, a shard at a time, in order (each shard read
        to its end before the next). ``ids`` are the article ids written before each part is
        given (the consumer adds each part's as it writes it)."""
        outcomes = engine.map(functools.partial(run, self.reading), [[t] for t in self.tasks])
        file: _File | None = None
        for index, (task, [outcome]) in enumerate(zip(self.tasks, outcomes, strict=True)):
            if file is None or file.index != self.files[index]:
                file = _File(self, index, ids)
            last = index + 1 == len(self.tasks) or self.files[index + 1] != self.files[index]
            yield file.take(task, outcome, last)


class _File:
    """One file's parts taken in order on the driver: a ``.bz2`` part's result as the local
    parent takes it from its processes (:class:`~quotes.formats.parts.Parts`), a range's
    renumbered, any part made again here when its article ids meet earlier ones."""

    def __init__(self, spread: Spread, first: int, ids: StringSet) -> None:
        self.spread, self.ids = spread, ids
        self.index = spread.files[first]
        task = spread.tasks[first]
        self.path, self.relative = Path(task.path), task.relative
        head = PartTask(task.path, Part(0, 0, 0), task.relative, spread.output)
        rest = functools.partial(spread.rest, self.path, self.relative, spread.output, ids)
        reading = spread.reading
        self.parts = Parts(Executor(), 1, head, reading.work, reading.parse, ids, rest)
        self.read_here = False  # the rest of the file was read here

    def take(self, task: Task, outcome: Outcome, last: bool) -> Iterator[Written]:
        """The part's records as written (and, after the file's last ``.bz2`` part, the line
        left without a line end)."""
        if self.read_here:
            return
        if isinstance(outcome, Failed):
            raise RecordError(outcome.problem)
        parts = self.parts
        if outcome is None:  # a part that does not decode alone: read on here, as locally
            self.read_here = True
            yield from parts.rest(parts.given, parts.counted)
            return
        if isinstance(task, Lines):
            yield self._lines(task, outcome)
            return
        yield from parts.take(task, _done(outcome))
        if last:
            yield from parts.finished()

    def _lines(self, task: Lines, outcome: PartResult) -> Written:
        reading = self.spread.reading
        if task.end is None:
            return fresh(outcome.written, self.ids, functools.partial(_whole_again, reading, task))
        redo = functools.partial(_range_again, task, reading.parse)
        written = fresh(outcome.written, self.ids, redo)
        written.examples = renumbered(written.examples, task.relative, self.parts.given)
        self.parts.given += outcome.lines
        return written


def _range_again(task: Lines, parse: Parse, used: frozenset[str]) -> Written:
    """A range made again with the article ids ``used`` before it known."""
    return range_written(dataclasses.replace(task, used=used), parse).written


def _whole_again(reading: Reading, task: Lines, used: frozenset[str]) -> Written:
    """A whole file made again with the article ids ``used`` before it known."""
    return reading.whole(dataclasses.replace(task, used=used))


def _done(outcome: PartResult) -> Future[PartResult]:
    """A part's result as the future :class:`~quotes.formats.parts.Parts` takes it."""
    future: Future[PartResult] = Future()
    future.set_result(outcome)
    return future
