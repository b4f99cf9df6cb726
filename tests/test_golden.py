"""The catalogue of inputs, good and bad: one folder per case under ``tests/golden/``.

Each folder holds the input, ``args`` (the command line, run inside the folder) and
``expected.txt``: the exact exit code, standard output and standard error a user gets.
Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.

The cases run in this process (``quotes.cli.main``, see ``conftest.run_in_process``); two of
them also run through the installed console script, to prove the two agree.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from conftest import TESTS, Run

GOLDEN = TESTS / "golden"
CASES = sorted(p.parent for p in GOLDEN.glob("*/args"))


def render(code: int, stdout: str, stderr: str) -> str:
    return f"exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"


def check(case: Path, run: Run) -> None:
    args = shlex.split((case / "args").read_text())
    done = run(*args, cwd=case)
    actual = render(done.returncode, done.stdout, done.stderr)
    expected_file = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, run_cli: Run) -> None:
    check(case, run_cli)


@pytest.mark.parametrize("name", ["bad-enum", "bad-usage"])
def test_golden_through_the_console_script(name: str, run_cli_subprocess: Run) -> None:
    """The installed ``quotes`` script prints exactly what the in-process runs above check: a
    report on both streams, and an argparse usage error, which exits through ``SystemExit``."""
    check(GOLDEN / name, run_cli_subprocess)


def test_every_case_has_expected_output() -> None:
    assert len(CASES) >= 30
    assert all((case / "expected.txt").is_file() for case in CASES)
