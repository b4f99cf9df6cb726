"""Engines that run one function over parts of a job, results back in part order.

A feature cuts its work into parts (lists of picklable items, e.g. articles or source files),
hands them with a module-level function to a :class:`Mapper`, and reads the results in the order
of the parts, whichever engine ran them: :class:`PoolMapper` on processes of this machine,
:class:`quotes.engine.spark.SparkMapper` on a Spark cluster (one partition a part). The function
is the same code a one-process run calls, so the results are the same.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from quotes.io.processes import die_with_parent

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Mapper", "PoolMapper", "parts"]

T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    """Runs ``func`` on each part, anywhere, and gives the results in part order."""

    @property
    def slots(self) -> int:
        """How many parts run at once (a feature cuts its work into a few times as many)."""

    def map(self, func: Callable[[list[T]], R], parts: Sequence[list[T]]) -> Iterator[R]:
        """``func(part)`` for every part, in part order."""


def parts(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` cut into at most ``count`` contiguous parts of near-equal length (none empty),
    in order: joined, they are ``items``."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    cut, start = [], 0
    for i in range(count):
        end = start + size + (i < extra)
        cut.append(list(items[start:end]))
        start = end
    return [part for part in cut if part]


class PoolMapper:
    """Runs the parts on ``jobs`` processes of this machine (in this process when ``jobs`` is 1),
    at most ``2 * jobs`` parts in flight; every worker dies with its parent
    (:func:`quotes.io.processes.die_with_parent`)."""

    def __init__(self, jobs: int) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1 (got {jobs})")
        self.jobs = jobs

    @property
    def slots(self) -> int:
        """The processes: ``jobs``."""
        return self.jobs

    def map(self, func: Callable[[list[T]], R], parts: Sequence[list[T]]) -> Iterator[R]:
        """``func(part)`` for every part, in part order."""
        if self.jobs == 1 or len(parts) < 2:
            for part in parts:
                yield func(part)
            return
        from concurrent.futures import ProcessPoolExecutor

        pending: collections.deque[Future[R]] = collections.deque()
        with ProcessPoolExecutor(self.jobs, initializer=die_with_parent) as pool:
            try:
                for part in parts:
                    pending.append(pool.submit(func, part))
                    if len(pending) >= 2 * self.jobs:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()
