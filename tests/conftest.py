"""Shared fixtures. ``HF_HUB_OFFLINE`` is set before anything imports ``datasets``."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
# a fresh datasets cache for every test session: nothing is reused from, or left in, the user's
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="quotes-tests-hf-")
atexit.register(shutil.rmtree, os.environ["HF_DATASETS_CACHE"], ignore_errors=True)

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"


def require(available: object, why: str) -> None:
    """Skip a test that needs a tool this machine lacks, saying why, when run by hand; in CI (the
    ``CI`` variable set, as ``.ci/run`` runs) fail instead, since CI must run every test."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must run this test)", pytrace=False)
    pytest.skip(why, allow_module_level=True)


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
        done = subprocess.run(
            [*quotes_command(), *args],
            cwd=cwd,
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            env=env,
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
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
