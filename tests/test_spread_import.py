"""Quotebank imported by an engine (here the process pool; Spark in test_spark_quotebank.py): its
files cut into parts (bzip2 blocks of a large ``.bz2``, byte ranges of a plain file, a whole
``.gz``), each imported where it runs, sharded output joined by ``concat`` into the bytes of a
local import, all or nothing."""

from __future__ import annotations

import bz2
import dataclasses
import gzip
from pathlib import Path

import pytest
from test_formats_quotebank import copies

from quotes.engine.mapping import PoolMapper
from quotes.formats import ImportFailed, ImportResult, import_corpus, quotebank
from quotes.formats.parts import PartTask
from quotes.formats.spread import Lines
from quotes.formats.written import Output
from quotes.io import blocks
from quotes.io.files import RecordError
from quotes.io.shards import concat, read_manifest

OUTPUT = Output("articles.jsonl", "quotes.jsonl")


def sources(folder: Path, line_end: bool = True) -> Path:
    """A folder of every kind of part: a ``.bz2`` cut at its blocks (ids met again across parts),
    a plain file cut into ranges (its first problem past its first range, an id of the
    ``.bz2`` again), a whole ``.gz`` (ids of the ``.bz2`` again)."""
    folder.mkdir()
    text = b"".join(copies(150, repeated=37))
    (folder / "a-big.json.bz2").write_bytes(bz2.compress(text if line_end else text[:-1], 1))
    good = [line for line in copies(60, first=1000) if line.startswith(b"{")]
    again = copies(1)[0]  # an article of the .bz2, again
    plain = [*good[:100], b"not json\n", *good[100:150], again, *good[150:], b'{"articleID": "x"}']
    (folder / "b-plain.json").write_bytes(b"".join(plain))
    (folder / "c-small.json.gz").write_bytes(gzip.compress(b"".join(copies(4)), mtime=0))
    return folder


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of one bzip2 block, ranges of 20 kB: several parts of every file."""
    from quotes.engine.parallel import planning

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    monkeypatch.setattr(blocks, "BLOCKS_PER_PART", 1)
    monkeypatch.setattr(planning, "CHUNK_BYTES", 20_000)


def same_as_local(source: Path, tmp_path: Path, engine: PoolMapper) -> None:
    local = import_corpus("quotebank", [source], tmp_path / "local")
    sharded = import_corpus("quotebank", [source], tmp_path / "sharded", engine=engine)
    for counts in ("articles", "quotes", "kinds", "lost", "adjusted", "examples", "left_out"):
        assert getattr(sharded, counts) == getattr(local, counts), counts
    concat(tmp_path / "sharded", tmp_path / "joined")
    for name in ("articles.jsonl", "quotes.jsonl"):
        assert (tmp_path / "joined" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


@pytest.mark.usefixtures("small_parts")
@pytest.mark.parametrize("line_end", [True, False])
def test_quotebank_by_parts_joins_to_the_bytes_of_a_local_import(
    tmp_path: Path, line_end: bool
) -> None:
    source = sources(tmp_path / "src", line_end)
    tasks = quotebank.spread([source], OUTPUT).tasks
    kinds = [(type(t).__name__, getattr(t, "end", 0) is None) for t in tasks]
    assert kinds.count(("PartTask", False)) > 3  # .bz2 parts
    assert kinds.count(("Lines", False)) > 3  # ranges of the plain file
    assert kinds.count(("Lines", True)) == 1  # the .gz, whole
    same_as_local(source, tmp_path, PoolMapper(2))
    manifest = read_manifest(tmp_path / "sharded")
    assert len(manifest[0]["shards"]) == len(tasks)
    summary = import_corpus("quotebank", [source], tmp_path / "again", engine=PoolMapper(2))
    assert summary.lost["article id already used"] == 3 * 4 + 1 + 3 * 4  # .bz2, plain, .gz
    assert summary.examples["unreadable JSON line"] == "a-big.json.bz2:4"
    last = len((source / "b-plain.json").read_bytes().splitlines())
    assert summary.examples["no content"] == f"b-plain.json:{last}"  # past its first range


@pytest.mark.usefixtures("small_parts")
def test_a_part_that_does_not_decode_alone_leaves_its_file_to_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.formats import parts

    source = sources(tmp_path / "src")
    third = [t for t in quotebank.spread([source], OUTPUT).tasks if isinstance(t, PartTask)][2]
    real, read_here = parts.decompress, []

    def decompress(path: str, part: blocks.Part) -> object:
        if part == third.part:
            raise blocks.NotSplit("does not decode alone")
        return real(path, part)

    monkeypatch.setattr(parts, "decompress", decompress)
    reading_on = quotebank._read_on

    def read_on(*args: object) -> object:
        read_here.append(args[-2:])
        return reading_on(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(quotebank, "_read_on", read_on)
    same_as_local(source, tmp_path, PoolMapper(1))  # in this process: it sees the patches
    given, counted = read_here[0]
    assert len(read_here) == 1 and given > 0 and counted > 0


@pytest.mark.usefixtures("small_parts")
def test_a_large_file_that_cannot_be_cut_is_read_on_the_driver_not_held_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.formats import spread

    source = sources(tmp_path / "src")
    small = [t for t in quotebank.spread([source], OUTPUT).tasks if isinstance(t, Lines)]
    assert [t.here for t in small if t.end is None] == [False]  # the .gz: an executor's
    monkeypatch.setattr(spread, "WHOLE_HERE_BYTES", (source / "c-small.json.gz").stat().st_size)
    large = [t for t in quotebank.spread([source], OUTPUT).tasks if isinstance(t, Lines)]
    assert [t.relative for t in large if t.here] == ["c-small.json.gz"]
    read_here: list[tuple[object, ...]] = []
    reading_on = quotebank._read_on

    def read_on(*args: object) -> object:
        read_here.append(args[1:2] + args[-2:])
        return reading_on(*args)  # type: ignore[arg-type]

    def import_file(task: Lines) -> object:
        raise AssertionError(f"{task.relative} imported whole by an executor")

    monkeypatch.setattr(quotebank, "_read_on", read_on)
    monkeypatch.setattr(quotebank, "import_file", import_file)
    same_as_local(source, tmp_path, PoolMapper(1))  # in this process: it sees the patches
    assert read_here == [("c-small.json.gz", 0, 0)]  # streamed from its start, on the driver


@pytest.mark.usefixtures("small_parts")
@pytest.mark.parametrize("suffix", [".bz2", ".gz"])
def test_a_file_that_cannot_be_read_fails_the_import_as_locally_and_writes_nothing(
    tmp_path: Path, suffix: str
) -> None:
    source = tmp_path / "src"
    sources(source)
    text = b"".join(copies(150))
    data = bytearray(bz2.compress(text, 1) if suffix == ".bz2" else gzip.compress(text))
    data[len(data) // 2] ^= 0x41  # a damaged block (or deflate data) past the first part
    (source / f"d-damaged.json{suffix}").write_bytes(data)
    raised = []
    for engine in (None, PoolMapper(2)):
        with pytest.raises(RecordError) as error:
            import_corpus("quotebank", [source], tmp_path / "out", engine=engine)
        raised.append(error.value.problem)
        assert not (tmp_path / "out").exists()
    assert raised[1] == raised[0]
    assert raised[0].type == "compression-error"


@pytest.mark.usefixtures("small_parts")
def test_problems_found_in_the_parts_name_the_lines_of_a_local_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(  # every quote twice: the checker finds each second one
        ImportResult, "add_quote", lambda self, quote, *_: self.quotes.extend([quote, quote])
    )
    source = sources(tmp_path / "src")
    reports = []
    for engine in (None, PoolMapper(1)):  # in this process: it sees the patch
        with pytest.raises(ImportFailed) as failed:
            import_corpus("quotebank", [source], tmp_path / "out", engine=engine)
        assert not (tmp_path / "out").exists()
        report = failed.value.report
        report.problems = [dataclasses.replace(p, path=Path(p.path).name) for p in report.problems]
        report.files = []
        reports.append(report)
    assert reports[1] == reports[0]
    assert reports[0].truncated and len(reports[0].problems) == 100


def test_a_plan_names_every_file_once_in_order(tmp_path: Path) -> None:
    source = sources(tmp_path / "src")
    tasks = quotebank.spread([source], OUTPUT).tasks  # no file large enough to cut
    assert [(type(t), t.relative) for t in tasks] == [
        (Lines, "a-big.json.bz2"),
        (Lines, "b-plain.json"),
        (Lines, "c-small.json.gz"),
    ]
    assert tasks[1] == Lines(str(source / "b-plain.json"), "b-plain.json", OUTPUT, 0, tasks[1].end)
