"""The parallel ``.bz2`` reader (the fast-compressed extra) gives exactly the standard library's
lines and problems, and is only an optional speed-up."""

from __future__ import annotations

import bz2
import gzip
import importlib.util
import itertools
import json
import lzma
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, require

from quotes import RecordError, quote_id, validate
from quotes.cli import main
from quotes.io import blocks, files
from quotes.io.files import iter_lines, open_binary

require(importlib.util.find_spec("indexed_bzip2"), "needs indexed_bzip2: pip install '.[test]'")

# Lines shaped like the bundled quotes, different from one another (so they do not compress to
# nothing): about 3 MB, many 100 kB bzip2 blocks at compresslevel=1.
BUNDLED = (DATA / "quotes.jsonl").read_bytes().splitlines()
LINES = [
    BUNDLED[i % len(BUNDLED)].replace(b'"text": "', f'"text": "{i * 7919 % 100003} ü '.encode(), 1)
    for i in range(3000)
]
RAW = b"\n".join(LINES) + b"\n"


@pytest.fixture(autouse=True)
def parallel_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "PARALLEL_BZ2_MIN_BYTES", 0)


def _read(path: Path) -> tuple[list[tuple[int, bytes]], object]:
    """Every numbered line of ``path`` and the problem that ended the reading (or None)."""
    lines: list[tuple[int, bytes]] = []
    try:
        for item in iter_lines(path):
            lines.append(item)
    except RecordError as e:
        return lines, e.problem
    return lines, None


def _read_standard(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[int, bytes]], object]:
    with monkeypatch.context() as m:
        m.setattr(files, "_parallel_bz2", lambda p: None)
        assert isinstance(open_binary(path), files._Streams)
        return _read(path)


def _threads() -> int:
    """This process's threads, native ones too (Linux)."""
    return len(os.listdir("/proc/self/task"))


def _uses_parallel_reader(path: Path) -> bool:
    with open_binary(path) as stream:
        return not isinstance(stream, files._Streams)


def test_parallel_reader_gives_byte_identical_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(RAW, compresslevel=1))
    assert _uses_parallel_reader(path)
    lines, error = _read(path)
    assert error is None
    assert lines == list(enumerate(LINES, start=1))


def test_concatenated_streams_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl.bz2"
    half = len(RAW) // 2
    path.write_bytes(bz2.compress(RAW[:half], 1) + bz2.compress(RAW[half:], 1))
    assert _uses_parallel_reader(path)
    assert b"\n".join(line for _, line in _read(path)[0]) + b"\n" == RAW


@pytest.mark.parametrize("damage", ["truncated", "corrupt-block", "trailing-garbage", "empty"])
def test_damaged_files_give_the_standard_readers_lines_and_problem(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bz2.compress(RAW, compresslevel=1)
    middle = len(data) // 2
    damaged = {
        "truncated": data[:middle],
        "corrupt-block": data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :],
        "trailing-garbage": data + b"garbage",
        "empty": b"",
    }[damage]
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(damaged)
    if damage == "corrupt-block":  # looks complete: the parallel reader starts, then fails
        assert _uses_parallel_reader(path)
    expected = _read_standard(path, monkeypatch)
    assert _read(path) == expected
    assert expected[1] is not None
    assert expected[1].type == "compression-error"  # type: ignore[attr-defined]


def test_without_the_extra_the_standard_library_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(RAW, compresslevel=1))
    monkeypatch.setitem(sys.modules, "indexed_bzip2", None)  # import fails
    assert not _uses_parallel_reader(path)
    assert _read(path) == (list(enumerate(LINES, start=1)), None)


def test_validate_reports_are_the_same_with_and_without_the_parallel_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bz2.compress(RAW, compresslevel=1)
    path = tmp_path / "q.jsonl.bz2"
    cut = len(data) * 3 // 4  # a damaged block that the parallel reader reaches
    path.write_bytes(data[:cut] + bytes([data[cut] ^ 0xFF]) + data[cut + 1 :])
    assert _uses_parallel_reader(path)
    fast = [str(validate(path, jobs=jobs)) for jobs in (1, 2)]
    monkeypatch.setattr(files, "_parallel_bz2", lambda p: None)
    standard = str(validate(path, jobs=2))
    assert fast == [standard, standard]
    assert "compression-error" in standard


def test_the_parallel_readers_threads_are_native_and_end_when_it_is_closed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(RAW, compresslevel=1))
    listed, before = threading.active_count(), _threads()
    with open_binary(path) as stream:
        stream.read(1)
        assert threading.active_count() == listed
        assert _threads() > before
    assert _threads() == before


FORKS = """
import os, sys
from quotes import validate
from quotes.io import files
from quotes.engine.parallel import planning
files.PARALLEL_BZ2_MIN_BYTES = 0
planning.BATCH_BYTES = 1 << 16  # many tasks, read while the workers run
alone = validate(sys.argv[1], jobs=1)
threads = lambda: len(os.listdir("/proc/self/task"))
before, forked, real_fork = threads(), [], os.fork
def fork():
    forked.append(threads())
    return real_fork()
os.fork = fork
assert validate(sys.argv[1], jobs=2) == alone
print(before, *forked)
"""


def test_validate_starts_its_workers_before_the_parallel_reader_runs(tmp_path: Path) -> None:
    # in a fresh interpreter, with no other thread: the pool forks (with another thread running
    # it would use forkserver); at each fork no more threads run than before the run (OpenBLAS,
    # under numpy, ends its own at a fork), so the reader's threads were not running
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(RAW, compresslevel=1))
    done = subprocess.run(
        [sys.executable, "-c", FORKS, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    before, *forked = map(int, done.stdout.split())
    assert forked and max(forked) <= before


COMPRESS = {
    ".bz2": lambda data: bz2.compress(data, 1),
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".xz": lzma.compress,
}


def _unique(i: int) -> bytes:
    """A bundled quote under an article id of its own (so that its id is new too)."""
    record = json.loads(BUNDLED[i % len(BUNDLED)])
    article_id = f"{record['article_id']}_{i}"
    ids = {"id": quote_id(article_id, record["spans"][0][0]), "article_id": article_id}
    return json.dumps({**record, **ids}, separators=(",", ":")).encode()


UNIQUE = [_unique(i) for i in range(len(LINES))]
"""Lines of distinct ids: no duplicate-id problem hides the one looked for."""
UNIQUE_RAW = b"\n".join(UNIQUE) + b"\n"


def _three_streams(suffix: str, damage: str | None) -> tuple[bytes, int]:
    """UNIQUE_RAW as three streams (as ``cat`` or pbzip2 make them), the middle one damaged as
    ``damage`` says: at its header (the standard library took the rest for trailing garbage),
    in its data, or in its last bytes (a bzip2 stream's CRC, a gzip member's length); and the
    byte where the middle stream starts."""
    raw = UNIQUE_RAW
    third = len(raw) // 3
    cut_at = [0, raw.index(b"\n", third) + 1, raw.index(b"\n", 2 * third) + 1, len(raw)]
    streams = [bytearray(COMPRESS[suffix](raw[a:b])) for a, b in itertools.pairwise(cut_at)]
    middle = streams[1]
    if damage is not None:
        middle[{"header": 0, "data": len(middle) // 2, "end": len(middle) - 2}[damage]] ^= 0x41
    return b"".join(streams), len(streams[0])


def _reports(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """validate's reports of ``path`` with jobs 1 and 2 (cut at its bzip2 blocks), with and
    without the parallel reader."""
    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    monkeypatch.setattr(blocks, "BLOCKS_PER_PART", 2)
    reports = [validate(path, jobs=jobs).to_dict() for jobs in (1, 2)]
    with monkeypatch.context() as m:
        m.setattr(files, "_parallel_bz2", lambda p: None)
        reports += [validate(path, jobs=jobs).to_dict() for jobs in (1, 2)]
    return reports


@pytest.mark.parametrize("damage", ["header", "data", "end"])
@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_a_damaged_middle_stream_is_a_compression_error_in_every_reader(
    suffix: str, damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, middle = _three_streams(suffix, damage)
    path = tmp_path / f"q.jsonl{suffix}"
    path.write_bytes(data)
    reports = _reports(path, monkeypatch)
    assert all(report == reports[0] for report in reports)
    problems = reports[0]["problems"]
    # damaged data decodes to bytes that the check at the end of the bzip2 block (its CRC is
    # checked after the block is output), gzip member or xz block finds wrong: they may be read
    # as lines first, but the report always ends with the stream that does not decode
    if damage != "data":
        assert [p["type"] for p in problems] == ["compression-error"]
    assert problems[-1]["type"] == "compression-error"
    assert f"the stream at byte {middle} does not decode" in problems[-1]["message"]
    assert main(["validate", str(path), "--quiet", "--max-errors", "0"]) == 2


@pytest.mark.parametrize("trailing", [b"garbage!", b"\0" * 8, b"BZh9", b"\x1f\x8b"])
@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_bytes_after_the_last_stream_are_a_compression_error_in_every_reader(
    suffix: str, trailing: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _ = _three_streams(suffix, None)
    path = tmp_path / f"q.jsonl{suffix}"
    path.write_bytes(data + trailing)
    reports = _reports(path, monkeypatch)
    assert all(report == reports[0] for report in reports)
    assert reports[0]["quotes"] == len(UNIQUE)
    problems = reports[0]["problems"]
    assert [p["type"] for p in problems] == ["compression-error"]
    assert f"byte {len(data)}" in problems[0]["message"]


@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_valid_streams_one_after_another_pass_in_every_reader(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _ = _three_streams(suffix, None)
    path = tmp_path / f"q.jsonl{suffix}"
    path.write_bytes(data + COMPRESS[suffix](b""))  # an empty stream is a complete one
    if suffix == ".bz2":
        assert _uses_parallel_reader(path)
    reports = _reports(path, monkeypatch)
    assert all(report == reports[0] for report in reports)
    assert reports[0]["problems"] == [] and reports[0]["quotes"] == len(UNIQUE)
    assert b"\n".join(line for _, line in _read(path)[0]) + b"\n" == UNIQUE_RAW


def test_a_wrong_stream_crc_is_reported_by_every_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the stream's CRC only: every block decodes and checks, as indexed_bzip2 sees it
    data = bytearray(bz2.compress(UNIQUE_RAW, 1))
    data[-2] ^= 1
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bytes(data))
    assert not _uses_parallel_reader(path)
    lines, error = _read(path)
    assert error is not None and error.type == "compression-error"  # type: ignore[attr-defined]
    assert _read_standard(path, monkeypatch) == (lines, error)
    reports = _reports(path, monkeypatch)
    assert all(report == reports[0] for report in reports)
    assert [p["type"] for p in reports[0]["problems"]] == ["compression-error"]
