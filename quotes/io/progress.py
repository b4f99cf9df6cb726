"""A progress bar for long runs: bytes and records per second, on a terminal only.

The bar is drawn on standard error with ``tqdm`` (already installed with ``datasets``), and only
when standard error is a terminal, ``--quiet`` was not given, and the run has lasted more than
:data:`DELAY` seconds: short runs, pipes, CI logs and redirected output stay clean.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

__all__ = ["DELAY", "Progress"]

DELAY = 1.0
"""Seconds before the bar appears; a run that ends sooner shows nothing."""


class Progress:
    """Counts bytes and records; draws a bar when ``enabled`` (default: stderr is a terminal)."""

    def __init__(
        self,
        total_bytes: int | None = None,
        *,
        description: str = "",
        enabled: bool | None = None,
        stream: TextIO | None = None,
        delay: float = DELAY,
        interval: float = 0.2,
    ) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty()
        self.enabled = enabled
        self.bytes = 0
        self.records = 0
        self.started = time.monotonic()
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total_bytes or None,
                desc=description or None,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                delay=delay,
                mininterval=interval,
                file=self.stream,
                leave=False,
                dynamic_ncols=True,
            )

    def update(self, nbytes: int, records: int) -> None:
        """Add ``nbytes`` bytes and ``records`` records read."""
        self.bytes += nbytes
        self.records += records
        if self.bar is not None:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            rate = self.records / elapsed
            self.bar.set_postfix_str(f"{self.records:,} records, {rate:,.0f} records/s", False)
            self.bar.update(nbytes)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
