"""A file of another format given where JSON Lines are expected is told for what it is
(``wrong-format``, once, exit 2), not reported line by line as text to re-encode."""

from __future__ import annotations

import bz2
import gzip
import lzma
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, Run

from quotes import RecordError, read, validate
from quotes.engine.parallel import planning
from quotes.io import blocks
from quotes.io.signatures import SIGNATURES, recognize

RAW = (DATA / "quotes.jsonl").read_bytes()


def _parquet(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = [f"line {i}\nof {i * 7919}" for i in range(2000)]
    pq.write_table(pa.table({"quote": lines}), path, compression="none")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("quotes.jsonl", RAW)


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("create table quotes (line text)")
        db.executemany("insert into quotes values (?)", [(line,) for line in RAW.splitlines()])
    db.close()


MAKERS: dict[str, tuple[Callable[[Path], object], str]] = {
    "parquet": (_parquet, "a Parquet file"),
    "zip": (_zip, "a zip archive"),
    "sqlite": (_sqlite, "an SQLite database"),
    "gzip": (lambda p: p.write_bytes(gzip.compress(RAW)), "gzip-compressed data"),
    "bzip2": (lambda p: p.write_bytes(bz2.compress(RAW)), "bzip2-compressed data"),
    "xz": (lambda p: p.write_bytes(lzma.compress(RAW)), "xz-compressed data"),
    "utf-16": (lambda p: p.write_bytes(RAW.decode().encode("utf-16")), "UTF-16 text"),
}


@pytest.fixture(params=sorted(MAKERS))
def other(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    make, what = MAKERS[request.param]
    path = tmp_path / "quotes.jsonl"
    make(path)
    return path, what


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_of_another_format_is_one_wrong_format_problem(
    other: tuple[Path, str], jobs: int
) -> None:
    path, what = other
    report = validate(path, jobs=jobs)
    assert [(p.type, p.line) for p in report.problems] == [("wrong-format", 1)]
    assert report.problems[0].message.startswith(f"this looks like {what}")
    assert ", not UTF-8 JSON Lines; " in report.problems[0].message
    assert "re-encode" not in report.problems[0].message or what.startswith("UTF-")
    assert report.unreadable and (report.quotes, report.articles) == (0, 0)
    with pytest.raises(RecordError) as caught:
        list(read(path))
    assert caught.value.problem == report.problems[0]


def test_every_reader_finds_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut into many ranges, cut at its blocks, compressed, or read from a pipe's copy, a
    file is still one problem."""
    monkeypatch.setattr(planning, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    plain = tmp_path / "plain.jsonl"
    _parquet(plain)
    assert plain.stat().st_size > 3000
    inner = tmp_path / "inner.jsonl.gz"  # the right suffix, of another format inside
    inner.write_bytes(gzip.compress(plain.read_bytes()))
    cut = tmp_path / "cut.jsonl.bz2"
    cut.write_bytes(bz2.compress(plain.read_bytes()))
    assert planning.by_blocks(planning.InputFile(str(cut), str(cut), True))
    articles = tmp_path / "articles.jsonl"
    _zip(articles)
    for jobs in (1, 2):
        report = validate([plain, inner, cut], articles=[articles], jobs=jobs)
        assert [(p.path, p.type) for p in report.problems] == [
            (str(articles), "wrong-format"),
            (str(plain), "wrong-format"),
            (str(inner), "wrong-format"),
            (str(cut), "wrong-format"),
        ]


def test_the_command_line_says_what_to_do_and_exits_2(tmp_path: Path, run_cli: Run) -> None:
    path = tmp_path / "quotes.jsonl"
    _parquet(path)
    for args in (("validate", str(path)), ("stats", str(path)), ("validate", "-")):
        done = run_cli(*args, stdin=path.read_bytes() if "-" in args else None)
        assert done.returncode == 2, done
        out = done.stdout + done.stderr
        assert "this looks like a Parquet file" in out and "export it to JSON Lines" in out
        assert "encoding-error" not in out and "re-encode" not in out
    renamed = tmp_path / "quotes.jsonl"
    renamed.write_bytes(gzip.compress(RAW))
    done = run_cli("validate", str(renamed))
    assert "rename it to end in .gz" in done.stdout and done.returncode == 2


def test_no_json_lines_file_begins_with_a_signature() -> None:
    """A JSON Lines file begins with white space, a byte order mark or a JSON value: never with
    any signature, so no valid file is refused."""
    starts = b' \t\r\n{["-0123456789tfn\xef'
    for signature in SIGNATURES:
        assert all(magic[:1] not in starts for magic in signature.magic), signature.what
    assert recognize(RAW) is None
    assert recognize(b"\xef\xbb\xbf" + RAW) is None
