"""The progress bar: drawn on a terminal only, with bytes and records per second."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import DATA, Run

from quotes import validate
from quotes.io.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_bytes_and_records_per_second() -> None:
    screen = Terminal()
    with Progress(2048, stream=screen, delay=0, interval=0) as progress:
        progress.update(1024, 10)
        progress.update(1024, 10)
    shown = screen.getvalue()
    assert "records/s" in shown
    assert "20 records" in shown
    assert "B/s" in shown or "B [" in shown


def test_no_bar_when_not_a_terminal_or_when_disabled() -> None:
    piped = io.StringIO()
    with Progress(10, stream=piped, delay=0) as progress:
        progress.update(10, 1)
    assert piped.getvalue() == ""
    screen = Terminal()
    with Progress(10, stream=screen, delay=0, enabled=False) as progress:
        progress.update(10, 1)
    assert screen.getvalue() == ""


def test_validation_reports_every_byte_and_line_to_the_progress(tmp_path: Path) -> None:
    path = DATA / "quotes.jsonl"
    progress = Progress(enabled=False)
    validate([path], jobs=1, progress=progress)
    assert progress.bytes == path.stat().st_size
    assert progress.records == len(path.read_bytes().splitlines())


def test_cli_stays_quiet_when_stderr_is_not_a_terminal(run_cli: Run) -> None:
    done = run_cli("validate", str(DATA / "quotes.jsonl"))
    assert "records/s" not in done.stderr
    done = run_cli("validate", str(DATA / "quotes.jsonl"), "--quiet")
    assert done.returncode == 0 and "records/s" not in done.stderr
