"""A ``.bz2`` file cut at its bzip2 blocks decompresses, and validates, exactly as a whole.

Reports are compared with those of the same file read whole by the standard library (the path
taken without blocks), so nothing here depends on the optional ``indexed_bzip2``.
"""

from __future__ import annotations

import bz2
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes import quote_id, validate
from quotes.engine.parallel import planning
from quotes.engine.parallel.planning import BlockPart, InputFile, tasks
from quotes.io import blocks
from quotes.io.blocks import NotSplit, cut, decompress, whole_lines
from quotes.io.files import MAX_LINE_BYTES

# Lines shaped like the bundled quotes, different from one another (so that they do not compress
# to nothing): about 3 MB, some 30 blocks of 100 kB at compresslevel=1.
BUNDLED = [json.loads(line) for line in (DATA / "quotes.jsonl").read_bytes().splitlines()]


def _renamed(record: dict[str, Any], i: int) -> bytes:
    """The record under an article id of its own (so that its id is new too)."""
    article_id = f"{record['article_id']}_{i * 7919 % 100003}"
    ids = {"id": quote_id(article_id, record["spans"][0][0]), "article_id": article_id}
    return json.dumps({**record, **ids}, ensure_ascii=False, separators=(",", ":")).encode()


LINES = [_renamed(BUNDLED[i % len(BUNDLED)], i) for i in range(3000)]
RAW = b"\n".join(LINES) + b"\n"


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``.bz2`` file is cut, into parts of two blocks: many edges to join."""
    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    monkeypatch.setattr(blocks, "BLOCKS_PER_PART", 2)


def whole(monkeypatch: pytest.MonkeyPatch, paths: list[Path], **options: Any) -> dict[str, Any]:
    """The report of reading the files whole, without cutting them at their blocks."""
    with monkeypatch.context() as m:
        m.setattr(planning, "by_blocks", lambda f: False)
        return validate(paths, **options).to_dict()


def test_the_parts_of_a_file_decompress_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl.bz2"
    # three streams, as pbzip2 writes and cat makes: of two levels, one of them empty
    path.write_bytes(bz2.compress(RAW[:1_000_000], 1) + bz2.compress(b"") + bz2.compress(RAW, 9))
    for size in (1, 2, 9):
        parts = list(cut(str(path), size))
        assert len(parts) > 1
        whole = b"".join(piece for part in parts for piece in decompress(str(path), part))
        assert whole == RAW[:1_000_000] + RAW


def test_a_part_is_decompressed_ahead_of_its_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(RAW, 9))
    part = next(cut(str(path), 9))
    made: list[int] = []  # bytes decompressed so far
    real = bz2.BZ2Decompressor

    class Counted:
        def __init__(self) -> None:
            self.real = real()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

        def decompress(self, data: bytes, max_length: int = -1) -> bytes:
            piece = self.real.decompress(data, max_length)
            made.append(len(piece))
            return piece

    monkeypatch.setattr(blocks.bz2, "BZ2Decompressor", Counted)
    monkeypatch.setattr(blocks, "PIECE", 10_000)
    monkeypatch.setattr(blocks, "AHEAD", 100_000)
    pieces = decompress(str(path), part)
    first = next(pieces)
    assert len(first) == 10_000 and sum(made) >= 100_000
    assert first + b"".join(pieces) == RAW


@pytest.mark.parametrize(
    "damage", ["trailing bytes", "cut off", "not bzip2", "a stream's CRC", "no end"]
)
def test_a_file_that_is_not_exactly_complete_streams_is_not_cut(
    damage: str, tmp_path: Path
) -> None:
    data = bz2.compress(RAW, 1)
    # a stream ends with a 48-bit marker, its 32-bit CRC and up to 7 bits of padding: the last
    # byte but one lies inside the CRC, and the marker inside the last 11 bytes
    damaged = {
        "trailing bytes": data + b"\0\0",
        "cut off": data[: len(data) // 2],
        "not bzip2": RAW,
        "a stream's CRC": data[:-2] + bytes([data[-2] ^ 1]) + data[-1:],
        "no end": data[:-11],
    }[damage]
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(damaged)
    with pytest.raises(NotSplit):
        list(cut(str(path)))


def test_a_damaged_block_does_not_decompress(tmp_path: Path) -> None:
    data = bytearray(bz2.compress(RAW, 1))
    data[len(data) // 2] ^= 0x10
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bytes(data))
    with pytest.raises(NotSplit):
        for part in cut(str(path)):
            list(decompress(str(path), part))


def messy() -> bytes:
    """A byte order mark, CRLF line ends, blank lines, broken and repeated records, a line
    spanning several parts, and no line end at the end."""
    lines = list(LINES[:1500])
    lines[0] = b"\xef\xbb\xbf" + lines[0]
    lines[10] = lines[10] + b"\r"
    lines[20:20] = [b"", b"   ", b"{not json"]
    lines[700] = lines[700].replace(b'"kind":"', b'"kind":"x', 1)
    lines[900] = lines[899]
    long_quote = " ".join(str(i * 31337 % 1000003) for i in range(60_000))  # ~400 kB
    lines[1000] = f'{{"quote": "{long_quote}"}}'.encode()
    return b"\n".join(lines) + b"\n" + LINES[1600]


@pytest.mark.parametrize("jobs", [1, 2])
def test_validating_by_parts_gives_the_report_of_the_whole_file(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(messy(), 1))
    files = [InputFile(str(path), str(path), True)]
    assert sum(isinstance(t, BlockPart) for t in tasks(files, 1 << 20, False, blocks=True)) > 5
    report = validate([path], jobs=jobs).to_dict()
    assert report == whole(monkeypatch, [path], jobs=jobs)
    assert report["problems"] and report["quotes"] > 1000
    for cut_at in (3, 30):
        short = validate([path], jobs=jobs, max_errors=cut_at).to_dict()
        assert short == whole(monkeypatch, [path], jobs=jobs, max_errors=cut_at)


def test_files_of_both_kinds_in_one_run_keep_their_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the last line of each .bz2 file has no line end: it must stay in its own file
    first, plain, second = tmp_path / "a.jsonl.bz2", tmp_path / "b.jsonl", tmp_path / "c.jsonl.bz2"
    first.write_bytes(bz2.compress(messy(), 1))
    plain.write_bytes(b"\n".join(LINES[:50]))
    second.write_bytes(bz2.compress(b"{oops\n" + messy(), 1))
    # a byte order mark is dropped from a file's first line only, not from one joined later
    marked = tmp_path / "d.jsonl.bz2"
    marked.write_bytes(bz2.compress(b"\n".join(b"\xef\xbb\xbf" + line for line in LINES), 1))
    paths = [first, plain, second, first, marked]
    assert validate(paths, jobs=2).to_dict() == whole(monkeypatch, paths, jobs=2)


@pytest.mark.parametrize("damage", ["a damaged block", "cut off", "trailing bytes"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_not_cut_is_read_whole_and_reported_as_the_standard_library_does(
    damage: str, jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # found by a worker (a part that does not decode), or by the parent after the parts before
    data = bytearray(bz2.compress(RAW, 1))
    if damage == "a damaged block":
        data[len(data) // 2] ^= 0x10
    elif damage == "cut off":
        data = data[: len(data) * 3 // 4]
    else:
        data += b"\0" * 100
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bytes(data))
    report = validate([path], jobs=jobs).to_dict()
    assert [p["type"] for p in report["problems"]] == ["compression-error"]
    assert report["quotes"] > 100
    assert report == whole(monkeypatch, [path], jobs=jobs)


def test_a_line_over_the_limit_across_parts_is_skipped_unread(tmp_path: Path) -> None:
    # runs of one byte: bzip2 packs 64 MiB into a few hundred bytes, yet they decompress into
    # parts of some 10 MB each, so each line crosses several parts
    long_line = b"x" * (MAX_LINE_BYTES + 1)
    blank_line = b" " * (MAX_LINE_BYTES + 1)
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(b"\n".join([LINES[0], long_line, blank_line, LINES[1]]), 1))
    assert len(list(cut(str(path)))) > 4
    report = validate([path], jobs=1).to_dict()
    assert [(p["type"], p["line"]) for p in report["problems"]] == [("line-too-long", 2)]
    assert str(len(long_line)) in report["problems"][0]["message"].replace(",", "")
    assert report["quotes"] == 2


def test_a_part_that_expands_too_far_leaves_its_file_to_be_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(messy(), 1))
    monkeypatch.setattr(blocks, "MAX_PART_BYTES", 1000)  # as a run of one character can
    with pytest.raises(NotSplit):
        list(decompress(str(path), next(cut(str(path)))))
    assert validate([path], jobs=2).to_dict() == whole(monkeypatch, [path], jobs=2)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).map(lambda b: b.replace(b"\0", b"\n")), st.data())
def test_whole_lines_and_edges_give_back_the_bytes(data: bytes, draw: st.DataObject) -> None:
    cuts = sorted(draw.draw(st.lists(st.integers(0, len(data)), max_size=8)))
    pieces = [data[a:b] for a, b in itertools.pairwise([0, *cuts, len(data)])]
    edges: list[bytes | None] = []
    lines = [line for block in whole_lines(pieces, edges) for line in block]
    head, tail = edges
    assert head is not None
    if tail is None:
        assert b"\n" not in data and head == data and not lines
    else:
        assert b"\n".join([head, *lines, tail]) == data


def test_quotes_joined_at_the_edges_are_checked_against_the_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.jsonl.bz2"
    path.write_bytes(bz2.compress(messy(), 1))
    articles = DATA / "articles.jsonl"
    report = validate([path], articles=articles, jobs=2).to_dict()
    assert report == whole(monkeypatch, [path], articles=articles, jobs=2)
    assert report["corpus_level"] and report["problems"]


@pytest.mark.parametrize("at", [700, 1500])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_part_with_more_problems_than_the_limit_keeps_the_numbering_of_the_plain_file(
    at: int, jobs: int, tmp_path: Path
) -> None:
    # the part stops early: it must still give its edges and its line count, or the lines
    # after it are numbered one too small and the duplicate at its first line is not seen
    lines = list(LINES)
    lines[at - 1] = lines[10]  # a duplicate id, then more problems than the limit
    lines[at : at + 30] = [b"{oops"] * 30
    raw = b"\n".join(lines) + b"\n"
    plain, packed = tmp_path / "q.jsonl", tmp_path / "q.jsonl.bz2"
    plain.write_bytes(raw)
    packed.write_bytes(bz2.compress(raw, 1))
    assert (
        sum(isinstance(t, BlockPart) for t in tasks([_file(packed)], 1 << 20, False, blocks=True))
        > 5
    )
    for limit in (3, 10, 40):
        expected = validate([plain], jobs=1, max_errors=limit).to_dict()
        report = validate([packed], jobs=jobs, max_errors=limit).to_dict()
        assert report["problems"][0]["type"] == "duplicate-id"
        assert _numbered(report) == _numbered(expected)
        assert (report["quotes"], report["truncated"]) == (
            expected["quotes"],
            expected["truncated"],
        )


def _file(path: Path) -> InputFile:
    return InputFile(str(path), str(path), True)


def _numbered(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(p["type"], p["line"], p["message"]) for p in report["problems"]]
