"""Shared fixtures. ``HF_HUB_OFFLINE`` is set before anything imports ``datasets``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"


def quotes_command() -> list[str]:
    """The installed ``quotes`` console script (as a user runs it), else ``python -m quotes``."""
    script = shutil.which("quotes", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "quotes"]


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> Run:
    """Run ``quotes ARGS...`` in a subprocess and return the completed process (text mode)."""

    def run(
        *args: str,
        cwd: Path | None = None,
        stdin: str | bytes | None = None,
    ) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
        if isinstance(stdin, bytes):
            done = subprocess.run(
                [*quotes_command(), *args],
                cwd=cwd,
                input=stdin,
                capture_output=True,
                env=env,
                check=False,
            )
            return subprocess.CompletedProcess(
                done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
            )
        return subprocess.run(
            [*quotes_command(), *args],
            cwd=cwd,
            input=stdin,
            text=True,
            capture_output=True,
            env=env,
            check=False,
        )

    return run


@pytest.fixture
def fixture_quotes() -> Path:
    """The synthetic quotes file (``tests/data/quotes.jsonl``)."""
    return DATA / "quotes.jsonl"


@pytest.fixture
def fixture_articles() -> Path:
    """The synthetic articles file (``tests/data/articles.jsonl``)."""
    return DATA / "articles.jsonl"
