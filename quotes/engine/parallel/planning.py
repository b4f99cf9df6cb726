"""Planning: how the input files are cut into tasks for the workers.

A regular file is cut into byte ranges (:class:`Range`) of about :data:`CHUNK_BYTES`, each
ending just after a line end, so each line belongs to one range; a worker reads its range itself.
A regular ``.bz2`` file of :data:`~.blocks.BLOCKS_MIN_BYTES` or more is cut at its bzip2 blocks
(:class:`BlockPart`): a worker decompresses its part itself, and the parent joins the line cut at
each part's edges. Other compressed files are decompressed once, in the parent, and sent in
batches of lines (:class:`Batch`), or, for an engine given by the caller (Spark), sent whole
(:class:`Shard`). Inputs that can be read only once (``-``, pipes, FIFOs) are first copied, in one
read, to a spool file (:func:`spool_copy`), then read like regular files.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from quotes.core.problems import Problem, problem
from quotes.io.blocks import Part, cut, cuttable
from quotes.io.files import (
    _OPENERS,
    LongLine,
    RecordError,
    iter_blocks,
    iter_lines,
)
from quotes.io.signatures import HEAD_BYTES, wrong_format

__all__ = [
    "CHUNK_BYTES",
    "Batch",
    "BlockPart",
    "InputFile",
    "Range",
    "Shard",
    "Task",
    "by_blocks",
    "plan",
    "tasks",
]

CHUNK_BYTES = 8 * 1024 * 1024
"""Size of the byte ranges given to one worker at a time."""
BATCH_BYTES = 4 * 1024 * 1024
"""Most lines (in bytes) of a batch from a compressed file: the parent holds the lines of every
batch in flight, so smaller batches keep its memory down (130 MB instead of 163 MB at 8 MiB for
a ``.bz2`` of 1M records, as fast)."""


@dataclass(frozen=True)
class _Task:
    """What every task has: its file (by index, and the name it is reported under) and the
    problems the report may still list (it stops after one more; None: no limit)."""

    file: int
    name: str
    limit: int | None = dataclasses.field(default=None, kw_only=True)


@dataclass(frozen=True)
class Range(_Task):
    """Bytes ``start`` to ``end`` of the regular file at ``path``, read by the worker itself."""

    path: str
    start: int
    end: int

    @property
    def size(self) -> int:
        """Bytes of input the task covers (for progress)."""
        return self.end - self.start

    @property
    def first(self) -> bool:
        """Whether the task starts at its file's first line (where a byte order mark may be)."""
        return self.start == 0


@dataclass(frozen=True)
class Batch(_Task):
    """Lines read by the parent from a compressed file, passed on as read
    (:func:`quotes.io.files.read_blocks`: blank ones too, not cleaned)."""

    lines: list[bytes]
    base: int = 0
    """The global number of the line before the batch."""
    errors: tuple[Problem, ...] = ()
    """The error that ended reading the file (global line numbers)."""

    @property
    def size(self) -> int:
        """Bytes of input the task covers (for progress)."""
        return sum(map(len, self.lines))

    @property
    def first(self) -> bool:
        """Whether the task starts at its file's first line (where a byte order mark may be)."""
        return self.base == 0


@dataclass(frozen=True)
class Shard(_Task):
    """The whole (compressed) file at ``path``, read by the worker with
    :func:`quotes.io.files.iter_blocks`."""

    path: str

    @property
    def size(self) -> int:
        """Bytes of input the task covers (for progress)."""
        try:
            return Path(self.path).stat().st_size
        except OSError:
            return 0

    @property
    def first(self) -> bool:
        """Whether the task starts at its file's first line: always."""
        return True


@dataclass(frozen=True)
class BlockPart(_Task):
    """A part of the ``.bz2`` file at ``path`` cut at its blocks, decompressed by the worker: its
    lines but the first and the last, which may be cut (the result has them as ``edges``)."""

    path: str
    part: Part

    @property
    def size(self) -> int:
        """Bytes of input the task covers (for progress)."""
        return (self.part.end - self.part.start) // 8

    @property
    def first(self) -> bool:
        """Whether the task starts at its file's first line: never (its first line is an edge)."""
        return False


Task: TypeAlias = Range | Batch | Shard | BlockPart
"""One unit of work."""


@dataclass
class InputFile:
    """A file to validate: the name it is reported under and the path read (for a one-pass
    input, its spool copy: see :func:`spool_copy`)."""

    name: str
    path: str
    regular: bool
    """Whether ``path`` can be read twice (a regular file)."""
    lines: int = 0
    """Lines read so far (kept by the assembly)."""
    long: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    """Over-long lines of a one-pass input, ``(line number, length)``: blank in the copy."""
    error: Problem | None = None
    """What ended the copy of a one-pass input early (a cut-off compressed stream)."""


def spool_copy(f: InputFile, target: Path) -> None:
    """Copy a one-pass input (``-``, a pipe, a FIFO) to ``target``, in one read and bounded
    memory, so that it can be cut into ranges and read again like a regular file.

    Line numbers are kept; the byte order mark and ``\\r`` line ends are dropped; over-long
    lines are written blank and listed in ``f.long`` instead; an error that ends the reading
    is kept in ``f.error``.
    """
    last = 0
    with target.open("wb") as out:
        try:
            for number, line in iter_lines(f.path):
                if number - last > 1:
                    out.write(b"\n" * (number - last - 1))
                if line.__class__ is LongLine:
                    f.long.append((number, line.length))
                    out.write(b"\n")
                else:
                    out.write(line + b"\n")
                last = number
        except RecordError as e:
            f.error = _renamed(e.problem, f.name)
    f.path, f.regular = str(target), True


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


def by_blocks(f: InputFile) -> bool:
    """Whether the file is cut at its bzip2 blocks (:func:`~quotes.io.blocks.cuttable`)."""
    return f.regular and cuttable(f.path)


def splittable(f: InputFile) -> bool:
    """Whether the file can be cut into byte ranges (a regular, uncompressed file)."""
    if not f.regular or Path(f.path).suffix.lower() in _OPENERS:
        return False
    try:
        return Path(f.path).is_file()
    except OSError:
        return False


def tasks(
    files: list[InputFile],
    chunk_bytes: int,
    whole: bool,
    limit: int | None = None,
    blocks: bool = False,
) -> Iterator[Task]:
    """The tasks of every (regular, or spooled) file in order. ``whole``: compressed files as one
    task each, read where the task runs. ``limit``: the problems the report may still list
    (each task stops after one more). ``blocks``: ``.bz2`` files cut at their blocks where
    :func:`by_blocks` (:class:`~quotes.io.blocks.NotSplit` is raised, perhaps after some
    tasks, for one that cannot be)."""
    for task in _tasks(files, chunk_bytes, whole, blocks):
        yield task if limit is None else dataclasses.replace(task, limit=limit)


def _tasks(files: list[InputFile], chunk_bytes: int, whole: bool, blocks: bool) -> Iterator[Task]:
    for index, f in enumerate(files):
        other = _other_format(f, whole, blocks)
        if other is not None:
            yield Batch(index, f.name, [], errors=(other,))
        elif splittable(f):
            try:
                ranges = plan(Path(f.path), chunk_bytes)
            except OSError as e:
                reason = e.strerror or str(e)
                error = problem("unreadable-file", f.name, None, reason=reason)
                yield Batch(index, f.name, [], errors=(error,))
                continue
            for start, end in ranges:
                yield Range(index, f.name, f.path, start, end)
            if f.error is not None:
                yield Batch(index, f.name, [], errors=(f.error,))
        elif whole:
            yield Shard(index, f.name, f.path)
        elif blocks and by_blocks(f):
            for part in cut(f.path):
                yield BlockPart(index, f.name, f.path, part)
        else:
            yield from _batches(index, f, min(chunk_bytes, BATCH_BYTES))


def _other_format(f: InputFile, whole: bool, blocks: bool) -> Problem | None:
    """The ``wrong-format`` problem of a file whose tasks read it without
    :func:`~quotes.io.files.iter_blocks` (which finds it itself): ranges of a plain file, parts
    of a ``.bz2`` one."""
    try:
        if splittable(f):
            with open(f.path, "rb") as stream:
                return wrong_format(f.name, stream.read(HEAD_BYTES))
        if not whole and blocks and by_blocks(f):
            next(iter_blocks(f.path, parallel=False), None)
    except RecordError as e:
        return _renamed(e.problem, f.name) if e.problem.type == "wrong-format" else None
    except OSError:
        return None  # planning the file reports it
    return None


def _batches(index: int, f: InputFile, chunk_bytes: int) -> Iterator[Batch]:
    batch: list[bytes] = []
    size, base = 0, 0
    errors: tuple[Problem, ...] = ()
    try:
        for block in iter_blocks(f.path):
            batch += block
            size += sum(map(len, block))
            if size >= chunk_bytes:
                yield Batch(index, f.name, batch, base)
                batch, size, base = [], 0, base + len(batch)
    except RecordError as e:
        errors = (_renamed(e.problem, f.name),)
    if batch or errors or base == 0:
        yield Batch(index, f.name, batch, base, errors)


def _renamed(found: Problem, name: str) -> Problem:
    return dataclasses.replace(found, path=name)


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
