"""Worker processes that never outlive their parent.

:func:`die_with_parent` is every process pool's initializer (or called by it): on Linux the
kernel sends the worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so a parent
killed with SIGKILL leaves no orphaned workers; elsewhere a thread of the worker watches its
parent and ends the worker when the parent is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["WATCH_SECONDS", "die_with_parent"]

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
