"""Parallel validation: global line numbers, the same report for any --jobs, exact duplicates."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, Run, read_lines
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import sequential

from quotes import Report, quote_id, validate
from quotes.engine.parallel import Engine, Result, Task, plan
from quotes.engine.parallel.spill import Ids
from quotes.io.files import clean_line, iter_lines

GOOD = (DATA / "quotes.jsonl").read_bytes().splitlines()
ARTICLES = DATA / "articles.jsonl"


def renumbered(line: bytes, n: int) -> bytes:
    """A valid quote record with a new id (its article id changed so the id rule holds)."""
    record = json.loads(line)
    record["article_id"] = f"{record['article_id']}x{n}"
    record["id"] = quote_id(record["article_id"], record["spans"][0][0])
    return json.dumps(record, separators=(",", ":")).encode()


def messy_file(path: Path, n: int = 400) -> Path:
    """Valid records with errors of every kind scattered through, including duplicate ids."""
    lines = []
    for i in range(n):
        line = renumbered(GOOD[i % len(GOOD)], i)
        if i % 37 == 5:
            line = line.replace(b'"kind":"', b'"kind":"x', 1)
        if i % 53 == 7:
            line = b"{not json"
        if i % 61 == 9:
            line = b"   "
        if i % 71 == 11:
            line = line.replace(b'"kind":', b'"kind":"direct","kind":', 1)
        if i % 97 == 13:
            line = renumbered(GOOD[0], 1)  # the id of line 2 again
        lines.append(line)
    path.write_bytes(b"\n".join(lines) + b"\r\n")
    return path


def parallel(paths: list[Path], jobs: int, sort_budget: int | None = None, **kw: Any) -> Report:
    from quotes.engine.parallel import planning, spill

    original = planning.CHUNK_BYTES, spill.SORT_BUDGET
    planning.CHUNK_BYTES = 2000  # many small ranges, so lines and ids cross them
    if sort_budget is not None:  # a tiny budget: the duplicate check uses many partitions
        spill.SORT_BUDGET = sort_budget
    try:
        return validate(paths, jobs=jobs, **kw)
    finally:
        planning.CHUNK_BYTES, spill.SORT_BUDGET = original


@pytest.mark.parametrize("max_errors", [None, 3, 10])
def test_report_is_identical_for_one_and_two_jobs_and_equals_the_reference(
    tmp_path: Path, max_errors: int | None
) -> None:
    files = [messy_file(tmp_path / "a.jsonl"), messy_file(tmp_path / "b.jsonl", 150)]
    one = parallel(files, 1, max_errors=max_errors)
    two = parallel(files, 2, max_errors=max_errors)
    assert one.to_dict() == two.to_dict()
    assert one.to_dict() == sequential(files, max_errors).to_dict()
    types = {p.type for p in one.problems}
    if max_errors is None:
        assert {"duplicate-id", "duplicate-key", "invalid-json", "invalid-value"} <= types
        assert one.quotes > 300


def test_duplicates_across_ranges_and_files_are_found_at_their_exact_lines(
    tmp_path: Path,
) -> None:
    lines = [renumbered(GOOD[0], i) for i in range(60)]
    a = tmp_path / "a.jsonl"
    a.write_bytes(b"\n".join([*lines, lines[3]]) + b"\n")
    b = tmp_path / "b.jsonl"
    b.write_bytes(b"\n\n" + lines[59] + b"\n")
    report = parallel([a, b], 2)
    assert [(p.path, p.line, p.type) for p in report.problems] == [
        (str(a), 61, "duplicate-id"),
        (str(b), 3, "duplicate-id"),
    ]
    assert report.quotes == 60


def test_an_early_stop_lets_the_tasks_in_flight_finish_instead_of_killing_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker killed while it sends a result leaves the result queue's lock held, and
    # Pool.terminate then waits for it for ever (seen once in CI: a --max-errors run hung).
    import multiprocessing.pool

    killed: list[object] = []
    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", lambda pool: killed.append(pool))
    files = [messy_file(tmp_path / "a.jsonl"), messy_file(tmp_path / "b.jsonl", 150)]
    for max_errors in (3, None):
        report = parallel(files, 2, max_errors=max_errors)
        assert report.to_dict() == sequential(files, max_errors).to_dict()
    assert killed == []


@pytest.mark.parametrize("sort_budget", [16, 100, 1000])
def test_duplicates_are_found_exactly_when_the_hashes_are_spread_over_many_partitions(
    tmp_path: Path, sort_budget: int
) -> None:
    # b repeats the first 150 ids of a (other files, other ranges); a repeats line 2's id
    files = [messy_file(tmp_path / "a.jsonl"), messy_file(tmp_path / "b.jsonl", 150)]
    reference = sequential(files).to_dict()
    assert sum(p["type"] == "duplicate-id" for p in reference["problems"]) > 100  # type: ignore[union-attr]
    for jobs in (1, 2):
        assert parallel(files, jobs, sort_budget=sort_budget).to_dict() == reference


def test_a_hash_collision_is_not_reported_as_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xxhash

    # every id of the same length gets the same hash: hundreds of collisions, few true duplicates
    monkeypatch.setattr(xxhash, "xxh3_64_intdigest", lambda data: len(data))
    files = [messy_file(tmp_path / "a.jsonl"), messy_file(tmp_path / "b.jsonl", 150)]
    for sort_budget in (None, 100):
        assert parallel(files, 1, sort_budget).to_dict() == sequential(files).to_dict()


def a_hash(top: int, low: int) -> int:
    """A nonzero 64-bit hash from its top 16 bits and its low bits."""
    return (top << 48 | low) or 1


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.just(0),  # a line without a quote
                st.builds(a_hash, st.integers(0, 3), st.integers(0, 5)),  # shared top bits
                st.builds(a_hash, st.integers(0, 2**16 - 1), st.integers(0, 2**48 - 1)),
            )
        )
    ),
    st.integers(0, 10_000),
    st.integers(1, 300),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_the_spilled_partitions_find_exactly_the_repeated_hashes(
    tasks: list[list[int]], expected: int, budget: int, in_memory: int, in_set: int
) -> None:
    # in_memory: bytes of hashes first held in memory (0: every task spilled at once), checked
    # with a set up to in_set bytes and a sort beyond
    import collections
    import tempfile

    import numpy as np

    counts = collections.Counter(h for task in tasks for h in task if h)
    lines = [h for task in tasks for h in task]
    base = 7  # the position of the first line: the lines of earlier inputs
    repeated = [base + i for i, h in enumerate(lines) if h and counts[h] > 1]
    with tempfile.TemporaryDirectory() as folder:
        ids = Ids(Path(folder) / "ids", expected, budget, in_memory, in_set)
        first = base
        for task in tasks:
            ids.add(np.array(task, dtype=np.uint64).tobytes(), first)
            first += len(task)
        assert [int(p) for p in ids.repeated()] == repeated


class Interrupted:
    """An engine that validates the first task, then is interrupted (Ctrl-C)."""

    def run(self, tasks: Iterator[Task], consume: Callable[[Task, Result], bool]) -> None:
        from quotes.engine.parallel import run_task

        task = next(tasks)
        consume(task, run_task(task))
        raise KeyboardInterrupt


def test_temporary_files_are_removed_after_a_run_and_after_an_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    files = [messy_file(tmp_path / "a.jsonl")]
    assert parallel(files, 2, sort_budget=100).problems
    assert list(spool.iterdir()) == []

    def interrupted(articles: Any) -> Engine:
        return Interrupted()

    with pytest.raises(KeyboardInterrupt):
        parallel(files, 1, sort_budget=100, engine=interrupted)
    assert list(spool.iterdir()) == []


def test_corpus_level_checks_run_in_the_workers(tmp_path: Path) -> None:
    files = [messy_file(tmp_path / "a.jsonl", 200)]
    one = parallel(files, 1, articles=[ARTICLES])
    two = parallel(files, 2, articles=[ARTICLES])
    assert one.to_dict() == two.to_dict()
    assert one.corpus_level
    assert "unknown-article" in {p.type for p in one.problems}
    plain = validate([DATA / "quotes.jsonl"], articles=[ARTICLES], jobs=2)
    assert plain.to_dict() == validate([DATA / "quotes.jsonl"], articles=[ARTICLES]).to_dict()


def test_compressed_files_are_sent_in_batches_with_the_same_report(tmp_path: Path) -> None:
    plain = messy_file(tmp_path / "a.jsonl")
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    expected = parallel([plain], 1).to_dict()
    got = parallel([packed], 2).to_dict()
    for problem in got["problems"]:  # type: ignore[union-attr]
        problem["path"] = str(plain)
    got["files"] = [str(plain)]
    assert got == expected


def test_a_cut_off_compressed_file_reports_its_valid_lines_and_the_error(tmp_path: Path) -> None:
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(b"\n".join(renumbered(GOOD[0], i) for i in range(50)))[:-30])
    one, two = parallel([packed], 1), parallel([packed], 2)
    assert one.to_dict() == two.to_dict()
    assert [p.type for p in one.problems] == ["compression-error"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([b"\n", b"\r\n", b"\r", b" ", b"\t", b"\xef\xbb\xbf", b"{}", b"x"])),
    st.integers(1, 12),
)
def test_ranges_number_lines_exactly_as_the_reader_does(
    pieces: list[bytes], chunk_bytes: int
) -> None:
    import tempfile

    content = b"".join(pieces)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(content)
        expected = list(iter_lines(path))
        got, base = [], 0
        for start, end in plan(path, chunk_bytes):  # each range read as a worker reads it
            with path.open("rb") as f:
                f.seek(start)
                pieces = list(read_lines(f, end - start))
            for number, piece in enumerate(pieces, start=1):
                kept = clean_line(piece, start == 0 and number == 1)
                if kept is not None:
                    got.append((base + number, kept))
            base += len(pieces)
        assert got == expected
        assert b"".join(content[s:e] for s, e in plan(path, chunk_bytes)) == content


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([b"", b" ", b"\t", b"\xef\xbb\xbf", b"\r"]),
            st.integers(0, len(GOOD) - 1),
            st.sampled_from([b"", b"\r", b" ", b"\t", b" \r", b"\r\r", b"x"]),
            st.sampled_from([b"\n", b"\n\n", b"\n \n", b"\r\n"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
def test_records_with_white_space_a_bom_or_cr_around_them_count_as_in_the_reference(
    lines: list[tuple[bytes, int, bytes, bytes]], bom: bool
) -> None:
    # the workers try the fast path on each line as read, before it is cleaned
    import tempfile

    content = b"\xef\xbb\xbf" if bom else b""
    for i, (before, which, after, end) in enumerate(lines):
        content += before + renumbered(GOOD[which], i) + after + end
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(content)
        assert parallel([path], 1).to_dict() == sequential([path], None).to_dict()


def test_standard_input_is_validated_like_a_file(tmp_path: Path, run_cli: Run) -> None:
    path = messy_file(tmp_path / "a.jsonl", 100)
    from_file = run_cli("validate", str(path), "--max-errors", "0", "--jobs", "2")
    from_stdin = run_cli(
        "validate", "-", "--max-errors", "0", "--jobs", "2", stdin=path.read_bytes()
    )
    assert from_stdin.returncode == from_file.returncode == 1
    assert from_stdin.stdout == from_file.stdout.replace(str(path), "-")


def test_cli_output_is_identical_for_jobs_1_and_2_on_a_file_of_several_ranges(
    tmp_path: Path, run_cli: Run
) -> None:
    from quotes.engine.parallel import CHUNK_BYTES

    path = messy_file(tmp_path / "big.jsonl", 2 * CHUNK_BYTES // 400 + 500)
    assert path.stat().st_size > 2 * CHUNK_BYTES
    one = run_cli("validate", str(path), "--max-errors", "0", "--jobs", "1", "--format", "json")
    two = run_cli("validate", str(path), "--max-errors", "0", "--jobs", "2", "--format", "json")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert json.loads(one.stdout)["problems"]


def test_jobs_must_be_a_positive_number_or_all(run_cli: Run) -> None:
    done = run_cli("validate", str(DATA / "quotes.jsonl"), "--jobs", "0")
    assert done.returncode == 2
    assert "--jobs" in done.stderr and "Traceback" not in done.stderr
    assert run_cli("validate", str(DATA / "quotes.jsonl"), "--jobs", "all").returncode == 0


def test_every_kind_of_task_survives_pickling_and_knows_its_size(tmp_path: Path) -> None:
    import pickle

    from quotes.engine.parallel.planning import Batch, BlockPart, Range, Shard
    from quotes.io.blocks import Part

    shard = tmp_path / "shard.jsonl.gz"
    shard.write_bytes(b"x" * 33)
    kinds: list[Task] = [
        Range(0, "a.jsonl", "a.jsonl", 100, 160),
        Batch(1, "b.jsonl.gz", [b"one", b"three"], 7, limit=2),
        Shard(2, "shard.jsonl.gz", str(shard)),
        BlockPart(3, "d.jsonl.bz2", "d.jsonl.bz2", Part(80, 880, 12345), limit=0),
    ]
    assert [pickle.loads(pickle.dumps(task)) for task in kinds] == kinds
    assert [task.size for task in kinds] == [60, 8, 33, 100]
    assert [task.first for task in kinds] == [False, False, True, False]
