"""Writing a set of output files: quotes.io.files.staged, and the commands that write through it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, Run

import quotes
import quotes.io.files
from quotes.formats import brat
from quotes.io.files import OutputExists, staged, write_text_atomically


def _hidden(*folders: Path) -> list[str]:
    """Names starting with a dot in ``folders``: what staging would leave behind."""
    return [p.name for f in folders if f.is_dir() for p in f.iterdir() if p.name.startswith(".")]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_existing_outputs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "b").write_text("mine\n")
    (out / "c").write_text("mine too\n")
    with pytest.raises(OutputExists) as refused, staged(out, ["a", "b", "c"]) as stage:
        stage.write_text("a", "new\n")  # pragma: no cover - never reached
    assert refused.value.paths == [out / "b", out / "c"]
    assert refused.value.filename == str(out / "b")
    assert isinstance(refused.value, FileExistsError) and "--" not in str(refused.value)
    assert sorted(p.name for p in out.iterdir()) == ["b", "c"]
    assert (out / "b").read_text() == "mine\n"
    assert _hidden(tmp_path, out) == []


def test_a_function_chooses_which_existing_outputs_may_be_replaced(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("generated\n")
    (tmp_path / "b").write_text("mine\n")
    with (
        pytest.raises(OutputExists) as refused,
        staged(tmp_path, ["a", "b"], overwrite=lambda p: p.name == "a"),
    ):
        pass  # pragma: no cover - never reached
    assert refused.value.paths == [tmp_path / "b"]
    with staged(tmp_path, ["a"], overwrite=lambda p: p.name == "a") as stage:
        stage.write_text("a", "again\n")
    assert (tmp_path / "a").read_text() == "again\n"


@pytest.mark.parametrize("exists", [True, False])
def test_files_are_moved_into_place_only_on_success(tmp_path: Path, exists: bool) -> None:
    out = tmp_path / "out"
    if exists:
        out.mkdir()
    with staged(out, ["b.txt", "a/c.txt"]) as stage:
        stage.write_text("a/c.txt", "c\r\n")
        stage.write_text("b.txt", "b\n")
        stage.write_text("undeclared.txt", "u\n")
        assert stage.root.parent == (out if exists else tmp_path)
        assert stage.root.name.startswith(".quotes-staging-" if exists else ".out.quotes-staging-")
        assert not (out / "b.txt").exists()
    assert stage.written == [out / "b.txt", out / "a/c.txt", out / "undeclared.txt"]
    assert (out / "a/c.txt").read_bytes() == b"c\r\n"
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in stage.written)
    assert _hidden(tmp_path, out) == []


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_an_error_midway_leaves_existing_outputs_and_no_staging(
    tmp_path: Path, error: type[BaseException]
) -> None:
    (tmp_path / "a").write_text("old\n")
    with pytest.raises(error), staged(tmp_path, ["a", "b"], overwrite=True) as stage:
        stage.write_text("a", "new\n")
        raise error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    assert (tmp_path / "a").read_text() == "old\n"
    with pytest.raises(ValueError), staged(tmp_path / "new", ["a"]) as stage:
        stage.write_text("a", "new\n")
        raise ValueError
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]  # no folder made


def test_a_record_failing_midway_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = quotes.load()
    real = brat.ann_for
    calls = []

    def failing(article: quotes.Article, found: list[quotes.Quote]) -> str:
        calls.append(article.id)
        if len(calls) == 3:
            raise ValueError("a record that cannot be written")
        return real(article, found)

    monkeypatch.setattr(brat, "ann_for", failing)
    with pytest.raises(ValueError, match="cannot be written"):
        brat.write(corpus.articles.values(), corpus.quotes, tmp_path / "out")
    assert len(calls) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(OutputExists), staged(tmp_path, ["a", "b"]) as stage:
        stage.write_text("a", "mine\n")
        stage.write_text("b", "mine\n")
        (tmp_path / "b").write_text("theirs\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    assert (tmp_path / "b").read_text() == "theirs\n"


def test_files_placed_before_a_failing_one_are_taken_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = quotes.io.files._place

    def place(tmp: Path, target: Path, overwrite: quotes.io.files.Overwrite) -> None:
        if target.name == "b":
            raise OSError(28, "No space left on device", str(target))
        real(tmp, target, overwrite)

    monkeypatch.setattr(quotes.io.files, "_place", place)
    (tmp_path / "c").write_text("old\n")
    with pytest.raises(OSError, match="No space"), staged(tmp_path, ["a", "b"]) as stage:
        stage.write_text("a", "new\n")
        stage.write_text("b", "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


_CHILD = """
import os, signal, sys, time
from pathlib import Path
from quotes.io.files import staged

with staged(Path(sys.argv[1]), ["a"]) as stage:
    stage.write_text("a", "half\\n")
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
"""


@pytest.mark.parametrize("exists", [True, False])
def test_sigterm_removes_the_staging_folder(tmp_path: Path, exists: bool) -> None:
    out = tmp_path / "out"
    if exists:
        out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD), str(out)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert _hidden(tmp_path, out) == []
    assert not (out / "a").exists()


def test_a_later_run_removes_the_staging_of_a_dead_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    stale = [
        tmp_path / f".out.quotes-staging-{dead}.x1",
        out / f".quotes-staging-{dead}.x2",
    ]
    running = out / f".quotes-staging-{alive}.x3"
    for folder in [*stale, running]:
        folder.mkdir()
        (folder / "a").write_text("half\n")
    with staged(out, ["a"]) as stage:
        stage.write_text("a", "whole\n")
    assert not any(folder.exists() for folder in stale)
    assert running.exists()  # its process may still be writing
    assert (out / "a").read_text() == "whole\n"


def test_one_file_follows_the_same_rule(tmp_path: Path) -> None:
    target = tmp_path / "a.jsonl"
    target.write_text("mine\n")
    with pytest.raises(OutputExists) as refused:
        write_text_atomically(target, "new\n", overwrite=False)
    assert refused.value.paths == [target]
    with pytest.raises(OutputExists):
        quotes.write([], target)
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def _outputs(run_cli: Run, tmp_path: Path, command: str) -> tuple[list[str], Path]:
    """The arguments of ``command`` writing into ``tmp_path``, and one file it writes."""
    data = ROOT / "tests" / "data"
    out = tmp_path / "out"
    if command == "import":
        src = tmp_path / "src"
        assert run_cli("export", "--format", "citron", "--out", str(src)).returncode == 0
        return ["import", "citron", str(src), "--out", str(out), "--quiet"], out / "quotes.jsonl"
    if command == "export":
        return ["export", "--format", "jsonl", "--out", str(out)], out / "quotes.jsonl"
    if command == "view":
        args = ["view", str(data / "quotes.jsonl"), "--articles", str(data / "articles.jsonl")]
        return [*args, "--out", str(out)], out / "index.html"
    text = tmp_path / "a.txt"
    text.write_text('"We will win," said Jane Doe.\n', encoding="utf-8")
    return ["extract", str(text), "--date", "2019", "--out", str(tmp_path / "q.jsonl")], (
        tmp_path / "q.jsonl"
    )


@pytest.mark.parametrize("command", ["import", "export", "view", "extract"])
def test_the_cli_names_force_for_an_existing_output(
    run_cli: Run, tmp_path: Path, command: str
) -> None:
    args, written = _outputs(run_cli, tmp_path, command)
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    before = written.read_bytes()
    again = run_cli(*args)
    assert again.returncode == 2
    assert f"quotes {command}: " in again.stderr
    assert "already exists; --force replaces it" in again.stderr
    assert written.read_bytes() == before
    assert _hidden(tmp_path, written.parent) == []
    assert run_cli(*args, "--force").returncode == 0
