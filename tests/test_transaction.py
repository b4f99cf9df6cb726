"""An output is a transaction (issue 27): all files or none, one writer at a time, staging on
the output's file system, nothing left behind by a killed run, no import of nothing, and no
worker process outliving its parent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, Run

import quotes.io.files
from quotes.formats import NothingImported, OutputInsideSource, import_corpus, sniff
from quotes.io.files import NotSameFileSystem, OutputBusy, OutputExists, staged

FORMATS = DATA / "formats"
QUOTEBANK = FORMATS / "quotebank" / "quotebank-fixture.json.bz2"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _hidden(*folders: Path) -> list[str]:
    return [p.name for f in folders if f.is_dir() for p in f.iterdir() if p.name.startswith(".")]


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_failure_between_two_moves_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").write_text("old a\n")
    (tmp_path / "keep").write_text("mine\n")
    before = _contents(tmp_path)
    real = quotes.io.files._place
    moves: list[Path] = []

    def fail_on_the_third(tmp: Path, target: Path, overwrite: object) -> None:
        moves.append(target)
        if len(moves) == 3:
            raise OSError(28, "No space left on device", str(target))
        real(tmp, target, overwrite)  # type: ignore[arg-type]

    monkeypatch.setattr(quotes.io.files, "_place", fail_on_the_third)
    with (
        pytest.raises(OSError, match="No space"),
        staged(tmp_path, ["a", "b", "c"], overwrite=True) as stage,
    ):
        for name in ("a", "b", "c"):
            stage.write_text(name, f"new {name}\n")
    assert len(moves) == 3  # a replaced and b added before c failed: both undone
    assert _contents(tmp_path) == before
    assert _hidden(tmp_path) == []


def test_a_fresh_folder_appears_whole_in_one_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[str, str]] = []
    real = os.rename

    def spy(src: str, dst: str) -> None:
        renames.append((os.fspath(src), os.fspath(dst)))
        real(src, dst)

    monkeypatch.setattr(os, "rename", spy)
    out = tmp_path / "out"
    with staged(out, ["a", "sub/b"]) as stage:
        stage.write_text("a", "a\n")
        stage.write_text("sub/b", "b\n")
    assert [dst for _, dst in renames] == [str(out)]
    assert (out / "a").read_text() == "a\n" and (out / "sub/b").read_text() == "b\n"
    assert _hidden(tmp_path, out) == []


@pytest.mark.parametrize("exists", [True, False])
def test_a_second_writer_into_the_same_folder_fails_at_once(tmp_path: Path, exists: bool) -> None:
    out = tmp_path / "out"
    if exists:
        out.mkdir()
    inside, tried = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def first() -> None:
        with staged(out, ["a"]) as stage:
            stage.write_text("a", "first\n")
            inside.set()
            tried.wait(30)
        outcomes["first"] = "ok"

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(30)
    try:
        with staged(out, ["a"]) as stage:
            stage.write_text("a", "second\n")
        outcomes["second"] = "ok"
    except OutputBusy as busy:
        outcomes["second"] = busy
    finally:
        tried.set()
        thread.join(30)
    assert outcomes["first"] == "ok"
    assert isinstance(outcomes["second"], OutputBusy)
    assert outcomes["second"].filename == str(out) and "--" not in str(outcomes["second"])
    assert (out / "a").read_text() == "first\n"
    assert _hidden(tmp_path, out) == []
    with pytest.raises(OutputExists):  # the lock is gone: the usual rule answers
        staged(out, ["a"]).__enter__()


HOLD = """
import sys, time
from quotes.io.files import staged
with staged(sys.argv[1], ["articles.jsonl", "quotes.jsonl"], overwrite=True) as stage:
    stage.write_text("articles.jsonl", "half")
    print("holding", flush=True)
    time.sleep(600)
"""


@pytest.mark.parametrize("exists", [True, False])
def test_two_imports_at_once_cannot_both_succeed_and_a_killed_one_leaves_nothing(
    tmp_path: Path, run_cli: Run, exists: bool
) -> None:
    out = tmp_path / "out"
    if exists:
        out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, env=ENV
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        args = ["import", "quotebank", str(QUOTEBANK), "--out", str(out), "--quiet"]
        busy = run_cli(*args)
        assert busy.returncode == 2
        assert "another run is writing into this folder" in busy.stderr
        assert "Traceback" not in busy.stderr
    finally:
        holder.kill()
        holder.wait(30)
    assert _hidden(tmp_path, out)  # what SIGKILL left: a lock file, a staging folder
    assert run_cli(*args).returncode == 0
    assert _hidden(tmp_path, out) == []
    assert sorted(p.name for p in out.iterdir()) == ["articles.jsonl", "quotes.jsonl"]


def test_a_run_killed_among_its_moves_is_rolled_back_by_the_next(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("old a\n")
    (tmp_path / "b").write_text("old b\n")
    script = """
import os, sys
import quotes.io.files as files
real, moves = files._place, []
def place(tmp, target, overwrite):
    moves.append(target)
    if len(moves) == 2:
        os.kill(os.getpid(), 9)
    real(tmp, target, overwrite)
files._place = place
with files.staged(sys.argv[1], ["a", "b", "c"], overwrite=True) as stage:
    for name in "abc":
        stage.write_text(name, "new " + name + "\\n")
"""
    killed = subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=ENV, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert (tmp_path / "a").read_text() == "new a\n"  # killed between two moves
    with staged(tmp_path, ["d"]) as stage:  # the next run into the folder
        stage.write_text("d", "d\n")
    assert (tmp_path / "a").read_text() == "old a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "d"]


def test_a_folder_on_another_file_system_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    (out / "pages").mkdir(parents=True)
    real = quotes.io.files._device
    monkeypatch.setattr(
        quotes.io.files,
        "_device",
        lambda path: real(path) + 1 if Path(path) == out / "pages" else real(path),
    )
    entered = False
    with pytest.raises(NotSameFileSystem) as refused, staged(out, ["pages/a.html"]):
        entered = True  # pragma: no cover - never reached
    assert not entered
    assert refused.value.filename == str(out / "pages")
    assert _hidden(tmp_path, out, out / "pages") == []


def test_an_import_onto_another_file_system_fails_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = quotes.io.files._device
    monkeypatch.setattr(
        quotes.io.files, "_device", lambda path: real(path) + (1 if Path(path) == out else 0)
    )
    monkeypatch.setattr("quotes.formats.quotebank.iter_batches", pytest.fail)
    monkeypatch.setattr("quotes.formats.quotebank.iter_written", pytest.fail)
    with pytest.raises(NotSameFileSystem):
        import_corpus("quotebank", [QUOTEBANK], out)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("format", "source", "looks"),
    [
        ("wikinews-de", "citron", "citron"),
        ("citron", "wikinews-de", "wikinews-de"),
        ("brat", "quotebank", "quotebank"),
        ("quotebank", "citron", "citron"),
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_an_import_of_nothing_fails_and_keeps_the_old_outputs(
    tmp_path: Path, run_cli: Run, format: str, source: str, looks: str, force: bool
) -> None:
    out = tmp_path / "out"
    import_corpus("quotebank", [QUOTEBANK], out)
    before = _contents(out)
    args = ["import", format, str(FORMATS / source), "--out", str(out), "--quiet"]
    if force:
        args.append("--force")
    if not force:
        shutil.rmtree(out)
    done = run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert "no article was read" in done.stderr and f"looks like {looks}" in done.stderr
    assert "Traceback" not in done.stderr
    if force:
        assert _contents(out) == before
    else:
        assert not out.exists()
    assert _hidden(tmp_path) == []


def test_nothing_imported_is_a_source_error_holding_what_was_lost(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing to import\n")
    with pytest.raises(NothingImported) as nothing:
        import_corpus("citron", [empty], tmp_path / "out")
    assert nothing.value.looks_like is None and "looks like" not in str(nothing.value)
    assert not (tmp_path / "out").exists()


def test_sniff_tells_the_formats_apart(tmp_path: Path) -> None:
    assert sniff(FORMATS / "citron") == "citron"
    assert sniff(FORMATS / "citron" / "a.json") == "citron"
    assert sniff(FORMATS / "wikinews-de") == "wikinews-de"
    assert sniff(QUOTEBANK) == "quotebank"
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text("text")
    (brat / "a.ann").write_text("")
    assert sniff(brat) == "brat"
    polnear = tmp_path / "polnear" / "data"
    polnear.mkdir(parents=True)
    (polnear / "metadata.tsv").write_text("compartment\tfilename\tannotators\n")
    assert sniff(polnear.parent) == "polnear"
    assert sniff(tmp_path / "missing") is None
    (tmp_path / "other.txt").write_text("hello")
    assert sniff(tmp_path / "other.txt") is None


@pytest.mark.parametrize("where", ["inside", "same", "output-file"])
def test_an_output_inside_a_source_is_refused_before_reading(
    tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    source = tmp_path / "src"
    shutil.copytree(FORMATS / "quotebank", source)
    given: Path = source
    out = {"inside": source / "out", "same": source, "output-file": tmp_path / "o"}[where]
    if where == "output-file":
        out.mkdir()
        given = out / "articles.jsonl"
        shutil.copy(QUOTEBANK, given)
    monkeypatch.setattr("quotes.formats.quotebank.iter_batches", pytest.fail)
    monkeypatch.setattr("quotes.formats.quotebank.iter_written", pytest.fail)
    with pytest.raises(OutputInsideSource):
        import_corpus("quotebank", [given], out, force=True)
    done = run_cli("import", "quotebank", str(given), "--out", str(out), "--quiet", "--force")
    assert done.returncode == 2 and "inside the source" in done.stderr
    assert not (source / "out").exists() and not (source / "quotes.jsonl").exists()


IMPORT_AND_STALL = """
import sys, time
from quotes.formats import import_corpus
class Stall:
    def update(self, *counts):
        print("working", flush=True)
        time.sleep(600)
import_corpus("quotebank", [sys.argv[1]], sys.argv[2], jobs=2, progress=Stall())
"""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def _freed(lock: Path, seconds: float) -> bool:
    """Whether the lock its killed holders held is free within ``seconds`` (the kernel frees it
    as the last of them exits, which can come a little after they show as ended)."""
    import fcntl

    deadline = time.monotonic() + seconds
    with lock.open("rb") as f:
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.05)
                continue
            fcntl.flock(f, fcntl.LOCK_UN)
            return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_import_leaves_no_worker_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    importing = subprocess.Popen(
        [sys.executable, "-c", IMPORT_AND_STALL, str(QUOTEBANK), str(out)],
        stdout=subprocess.PIPE,
        env=ENV,
    )
    assert importing.stdout is not None and importing.stdout.readline() == b"working\n"
    os.kill(importing.pid, signal.SIGSTOP)  # stopped, it starts no worker while we look
    workers = _children(importing.pid)
    assert len(workers) >= 2
    importing.kill()
    importing.wait(30)
    deadline = time.monotonic() + 20
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert _hidden(tmp_path)  # the killed run's staging folder and lock
    assert _freed(tmp_path / ".out.quotes-lock", seconds=20)
    import_corpus("quotebank", [QUOTEBANK], out, jobs=2)
    assert _hidden(tmp_path, out) == []
