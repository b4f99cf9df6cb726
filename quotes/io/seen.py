"""The strings a long run has seen (an import's article ids), exactly, in flat memory.

A :class:`Seen` answers as a ``set`` of strings does (``in``, ``len``, :meth:`~Seen.add`,
:meth:`~Seen.update`, :meth:`~Seen.intersection`), but holds at most
:data:`MEMORY_STRINGS` of them in memory, the most recent: past that, they go to an SQLite table
in a file of its own (made only then, in the folder given), removed when the run ends, on an
error or Ctrl-C too (used as a context manager; at exit otherwise). Every answer is exact: a
string is in it when it is in memory or in the table. A set of Quotebank's 196M article ids
would take about 20 GB of memory; a :class:`Seen` of them, tens of MB, and its table about 28
bytes an id on disk (measured on 2M ids of 18 to 24 characters: 53 MB), some 5 to 6 GB.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import sqlite3  # imported when a table is made: most runs never need one

__all__ = ["MEMORY_STRINGS", "Seen", "StringSet"]

MEMORY_STRINGS = 200_000
"""Strings a :class:`Seen` keeps in memory before it moves them to its table (article ids of
about 100 bytes each in a set: about 20 MB)."""

_QUERY = 500
"""Strings looked up in the table per query (SQLite allows at least 999 parameters)."""

_CACHE_KIB = 8192
"""The table's page cache (KiB): the upper levels of its index stay in memory."""


class StringSet(Protocol):
    """What a run asks of the strings it has seen: a ``set[str]`` or a :class:`Seen`."""

    def __contains__(self, item: object, /) -> bool: ...

    def update(self, items: Iterable[str], /) -> None: ...

    def intersection(self, items: Iterable[str], /) -> set[str]: ...


class Seen:
    """A set of strings whose memory stays flat: the most recent ``limit`` (default
    :data:`MEMORY_STRINGS`) in memory, the others in an SQLite file made in ``folder`` (default:
    the system's temporary folder) when memory is full, removed by :meth:`close`. Not picklable:
    a process that needs some answers gets them as a set (:meth:`intersection`)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, limit: int | None = None):
        self.folder = folder
        self.limit = MEMORY_STRINGS if limit is None else limit
        self.recent: set[str] = set()
        """The strings added since the last move to the table (some may be in it too)."""
        self.stored = 0
        """Strings in the table."""
        self.path: Path | None = None
        """The table's file, once made."""
        self._db: sqlite3.Connection | None = None
        self._removal: weakref.finalize[..., Seen] | None = None

    def __enter__(self) -> Seen:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Seen is not sent to another process: send its intersection() instead")

    def __contains__(self, item: object) -> bool:
        if item in self.recent:
            return True
        return isinstance(item, str) and self._db is not None and bool(self._stored([item]))

    def __len__(self) -> int:
        return self.stored + len(self.recent) - len(self._stored(self.recent))

    def add(self, item: str) -> None:
        """Add one string."""
        self.recent.add(item)
        if len(self.recent) > self.limit:
            self._move()

    def update(self, items: Iterable[str]) -> None:
        """Add every string of ``items``."""
        self.recent.update(items)
        if len(self.recent) > self.limit:
            self._move()

    def intersection(self, items: Iterable[str]) -> set[str]:
        """The strings of ``items`` that are in this set (looked up in the table a batch at a
        time)."""
        given = set(items)
        found = given & self.recent
        return found | self._stored(given - found)

    def close(self) -> None:
        """Forget every string and remove the table's file (it may be used again: it starts
        empty)."""
        if self._removal is not None:
            self._removal()
        self.recent, self.stored, self.path, self._db, self._removal = set(), 0, None, None, None

    def _stored(self, items: Iterable[str]) -> set[str]:
        """The strings of ``items`` that are in the table."""
        found: set[str] = set()
        if self._db is None:
            return found
        batches = iter(items)
        while batch := list(islice(batches, _QUERY)):
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT id FROM seen WHERE id IN ({marks})", batch)
            found.update(row[0] for row in rows)
        return found

    def _move(self) -> None:
        """Move the strings in memory to the table (made on the first move)."""
        db = self._db if self._db is not None else self._made()
        with db:  # one transaction
            added = db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?)", _rows(sorted(self.recent))
            )
        self.stored += added.rowcount
        self.recent = set()

    def _made(self) -> sqlite3.Connection:
        """The table, in a new file of ``folder`` (removed at exit if not before)."""
        import sqlite3

        handle, name = tempfile.mkstemp(prefix="quotes-seen-", suffix=".sqlite", dir=self.folder)
        os.close(handle)
        self.path = Path(name)
        db = sqlite3.connect(name, isolation_level="DEFERRED")
        self._removal = weakref.finalize(self, _remove, db, self.path, os.getpid())
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE"):
            db.execute(f"PRAGMA {pragma}")
        db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db = db
        return db


def _rows(items: Iterable[str]) -> Iterator[tuple[str]]:
    return ((item,) for item in items)


def _remove(db: sqlite3.Connection, path: Path, owner: int) -> None:
    """Close the table and remove its file (in the process that made it only: a forked one
    leaves it)."""
    if os.getpid() != owner:
        return
    db.close()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
