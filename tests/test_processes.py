"""Worker processes: the quiet pool the validation engine runs its tasks on."""

from __future__ import annotations

import multiprocessing
from multiprocessing.pool import Pool
from typing import Any

import pytest

from quotes.io.processes import quiet_pool

RESULT_BYTES = 300_000  # several times what a pipe holds at once (64 KiB on Linux)


def _big(i: int) -> bytes:
    return bytes([i]) * RESULT_BYTES


def _nothing() -> None:
    pass


def _pool(processes: int) -> Pool:
    return quiet_pool(multiprocessing.get_context(), processes, _nothing, ())


def test_the_worker_handler_sleeps_while_results_come_in(monkeypatch: pytest.MonkeyPatch) -> None:
    wakes: list[None] = []
    original = Pool._wait_for_updates  # type: ignore[attr-defined]

    def counted(*args: Any, **kwargs: Any) -> Any:
        wakes.append(None)
        return original(*args, **kwargs)

    monkeypatch.setattr(Pool, "_wait_for_updates", staticmethod(counted))
    pool = _pool(2)
    results = [pool.apply_async(_big, (i,)) for i in range(20)]
    pool.close()  # with every task still in flight: the handler must wake when the last is done
    pool.join()
    assert [r.get(timeout=0) for r in results] == [_big(i) for i in range(20)]
    # woken when the pool is closed and when its last task is done, not once or more a result
    assert len(wakes) < 10
