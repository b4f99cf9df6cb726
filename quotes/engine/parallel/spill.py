"""The duplicate-id check's spill files: hashes and line kinds on disk, not in memory.

* The byte per line saying what it counted as is appended to a file (:class:`Kinds`), read back
  in chunks at the end to count the records of each kind.
* Each nonzero hash is written with its line's position, a 16-byte pair, to one of up to 256
  partition files chosen by the top bits of the hash (:class:`Ids`). Their number is chosen
  from the input's size so that each should hold at most :data:`SORT_BUDGET` bytes; one that
  holds more anyway is split again by the next bits when it is read. Equal ids have equal
  hashes, so every duplicate lies within one partition: the partitions are loaded and sorted
  one at a time, which takes about twice the budget of memory at most.

The files live in one temporary directory (:func:`spool`), removed at the end, also on errors,
interrupts and SIGTERM; a directory left by a killed process is removed by the next run.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from quotes.io.files import sweep, terminate_cleanly

__all__ = ["SORT_BUDGET", "Ids", "Kinds", "Partitions", "pair_bytes", "spool"]

SORT_BUDGET = 16 * 1024 * 1024
"""Bytes of (hash, line) pairs the duplicate-id check sorts at once (one partition)."""

HELD = 8 * 1024 * 1024
"""Bytes of hashes (8 a line: about a million lines) first held in memory and checked at the end,
without a file; a larger input spills them all."""

IN_SET = 4 * 1024 * 1024
"""Held bytes of hashes (half a million lines) up to which the check is a set, not a sort (the
import of numpy costs more than the set)."""

_SPILL_SLICE = 4 * 1024 * 1024  # held hashes spilled at a time: splitting takes 6 times its size

_PAIR_BYTES = 16
_PAIRS_PER_INPUT_BYTE = (
    _PAIR_BYTES / 256
)  # a 16-byte pair for each quote line of at least 256 bytes
_COMPRESSION_GUESS = 10  # bytes of JSON Lines per byte of a compressed file
_MAX_SPLIT_BITS = 8  # at most 256 partition files open at once
_PREFIX = "quotes-"


@contextlib.contextmanager
def spool() -> Iterator[Path]:
    """A temporary directory (``quotes-<pid>-...`` in ``TMPDIR``), removed on exit and on SIGTERM;
    ones left by processes that are gone (SIGKILL) are removed first."""
    sweep(Path(tempfile.gettempdir()), _PREFIX)
    with terminate_cleanly(), tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as d:
        yield Path(d)


def pair_bytes(path: str, splittable: bool) -> int:
    """A guess, on the high side, of the bytes of (hash, line) pairs a file's quotes need
    (``splittable``: a plain regular file; compressed ones expand; a pipe's size is unknown, and
    a partition that outgrows the budget is split when it is read)."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return 0
    if not splittable:
        size *= _COMPRESSION_GUESS
    return int(size * _PAIRS_PER_INPUT_BYTE)


def _partition_bits(expected: int, budget: int) -> int:
    """How many top bits of the hash split ``expected`` bytes of pairs into parts of ``budget``."""
    bits = 0
    while bits < _MAX_SPLIT_BITS and expected >> bits > budget:
        bits += 1
    return bits


class Partitions:
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


class Ids:
    """The duplicate check's hashes of quote ids with their global line positions.

    The first :data:`HELD` bytes of hashes are only held in memory: an input that small (the
    common case) is checked at the end, with a set up to :data:`IN_SET` bytes (no numpy);
    beyond, by merging runs of ``in_set`` bytes sorted as they come. Past that, pairs are
    spilled to partitions by the top bits of the hash, so that equal hashes land in the same
    partition and each partition holds about ``budget`` bytes or less; a partition that still
    outgrows the budget is split again by the next bits when it is read.
    """

    def __init__(
        self,
        folder: Path,
        expected: int,
        budget: int,
        in_memory: int | None = None,
        in_set: int = IN_SET,
    ) -> None:
        self.budget = max(budget, _PAIR_BYTES)
        self.folder, self.bits = folder, _partition_bits(expected, self.budget)
        self.partitions: Partitions | None = None
        self.held = bytearray()  # the hashes not spilled yet: consecutive lines, from ``start``
        self.start: int | None = None
        self.room = HELD if in_memory is None else in_memory
        self.in_set = in_set
        self.runs: list[Any] = []  # sorted copies of the held hashes, a run each ``in_set`` bytes
        self.sorted = 0  # bytes of held hashes in the runs

    @functools.cached_property
    def pair(self) -> Any:
        """The numpy type of a pair (numpy is imported only when pairs are spilled)."""
        import numpy as np

        return np.dtype([("hash", "<u8"), ("line", "<i8")])

    def add(self, hashes: bytes, first: int) -> None:
        """Keep the nonzero hashes of a task's lines, the first being at position ``first``."""
        if self.start is None:
            self.start = first
        if (
            self.partitions is None
            and len(hashes) <= self.room
            and first == self.start + len(self.held) // 8
        ):
            self.held += hashes
            self.room -= len(hashes)
            if len(self.held) - self.sorted >= max(self.in_set, 8):
                self._sort_run()  # while the workers run, rather than all at the end
            return
        self._spill()
        self._add(hashes, first)

    def _spill(self) -> None:
        if self.partitions is None:
            self.partitions = Partitions(self.folder, 0, self.bits)
        held, start, self.runs, self.sorted = self.held, self.start or 0, [], 0
        self.held = bytearray()
        for at in range(0, len(held), _SPILL_SLICE):
            self._add(held[at : at + _SPILL_SLICE], start + at // 8)

    def _add(self, hashes: bytes | bytearray, first: int) -> None:
        import numpy as np

        assert self.partitions is not None
        values = np.frombuffer(hashes, dtype=np.uint64)
        lines = np.flatnonzero(values)
        if len(lines):
            pairs = np.empty(len(lines), self.pair)
            pairs["hash"] = values[lines]
            pairs["line"] = lines + first
            self.partitions.add(pairs)

    def repeated(self) -> Any:
        """The positions, in order, of the lines whose hash occurs more than once (a sequence of
        integers: empty, or a numpy array)."""
        if self.partitions is None:
            return self._held_repeated()
        import numpy as np

        found: list[Any] = []
        for path in self.partitions.close():
            found += self._repeated(path, self.partitions.bits)
        return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def _sort_run(self) -> None:
        import numpy as np

        held = np.frombuffer(self.held, dtype=np.uint64, offset=self.sorted)
        self.runs.append(np.sort(held))  # a copy: the view goes, and held may grow again
        self.sorted = len(self.held)

    def _held_repeated(self) -> Any:
        held = self.held
        if len(held) <= self.in_set and not self.runs:
            some = array("Q")
            some.frombytes(held)
            if len(set(some) - {0}) == len(some) - some.count(0):
                return ()
        import numpy as np

        if len(held) > self.sorted:
            self._sort_run()
        values = np.frombuffer(held, dtype=np.uint64)
        # merging sorted runs: a stable sort finds them and merges them
        ordered = np.sort(np.concatenate(self.runs), kind="stable")
        twice = ordered[1:][(ordered[1:] == ordered[:-1]) & (ordered[1:] != 0)]
        if not len(twice):
            return ()
        return np.flatnonzero(np.isin(values, twice)) + (self.start or 0)

    def close(self) -> None:
        if self.partitions is not None:
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
            parts = Partitions(path.with_name(f"{path.name}-"), used, bits)
            try:
                for chunk in chunks:
                    parts.add(np.frombuffer(chunk, dtype=self.pair))
            finally:
                paths = parts.close()
        path.unlink()
        return [lines for part in paths for lines in self._repeated(part, used + parts.bits)]


class Kinds:
    """What each line counted as, one byte a line, in a file in line order (the codes are
    :data:`quotes.engine.parallel.workers.KIND_CODES` and ``ARTICLE``)."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("w+b")

    def append(self, kinds: bytes) -> None:
        self.file.write(kinds)

    def counts(self, stop: int, cleared: Sequence[int]) -> list[int]:
        """How many of the first ``stop`` lines hold each code (a list of 256), lines at the
        sorted positions ``cleared`` not counted."""
        total = [0] * 256
        self.file.flush()
        self.file.seek(0)
        start, skipped = 0, iter(int(p) for p in cleared)
        at = next(skipped, None)
        while start < stop:
            codes = self.file.read(min(1 << 20, stop - start))
            if not codes:
                break
            for code in set(codes):
                total[code] += codes.count(code)
            while at is not None and at < start + len(codes):
                if at >= start:
                    total[codes[at - start]] -= 1
                at = next(skipped, None)
            start += len(codes)
        return total

    def close(self) -> None:
        self.file.close()
