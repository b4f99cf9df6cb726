"""Worker processes that never outlive their parent, and a pool of them that stays quiet.

:func:`die_with_parent` is every process pool's initializer (or called by it): on Linux the
kernel sends the worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so a parent
killed with SIGKILL leaves no orphaned workers; elsewhere a thread of the worker watches its
parent and ends the worker when the parent is gone.

:func:`quiet_pool` is a ``multiprocessing`` pool whose worker-handling thread sleeps while
results come in (see its docstring).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

__all__ = ["WATCH_SECONDS", "die_with_parent", "quiet_pool"]

WATCH_SECONDS = 0.5
"""How often a worker without ``prctl`` looks for its parent."""

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """End this process when its parent process ends (call it first thing in a worker)."""
    parent = os.getppid()
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the rule was set
        os._exit(1)


def _death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent dies; whether that rule is set."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    return False


def _watch(parent: int) -> None:  # pragma: no cover - not Linux
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def quiet_pool(
    context: BaseContext,
    processes: int,
    initializer: Callable[..., object],
    initargs: tuple[Any, ...],
) -> Pool:
    """``context.Pool(processes, initializer, initargs)``, except that its worker-handling thread
    wakes only when a worker ends or the pool's state changes (closed, terminated, no task
    left), not whenever a result is waiting to be read.

    CPython's handler also waits on the results' pipe, so while a result larger than the pipe
    holds is being read by the result thread it wakes again and again (some thirty times a
    64 KiB result): a tenth of a second of the parent's CPU, and its GIL, a million lines
    validated. Workers that end are still replaced and the pool still shuts down: the handler
    is woken for those by the workers' own sentinels and by the pool's change notifier.
    """
    pool: Pool = _quiet_pool_type()(processes, initializer, initargs, context=context)
    return pool


@functools.cache
def _quiet_pool_type() -> type[Pool]:
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list[Any]:
            sentinels: list[Any] = super()._get_sentinels()  # type: ignore[misc]
            results = getattr(getattr(self, "_outqueue", None), "_reader", None)
            return [sentinel for sentinel in sentinels if sentinel is not results]

    return QuietPool
