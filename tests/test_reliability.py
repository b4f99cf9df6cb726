"""Issue 12's defects, each with a test: one-pass inputs, bounded memory, no leftovers, no raise."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT

from quotes import Article, Quote, check_quote, quote_id, read, validate, write
from quotes.io.files import MAX_LINE_BYTES, iter_lines

LINES = (DATA / "quotes.jsonl").read_bytes().splitlines(keepends=True)
ARTICLES = DATA / "articles.jsonl"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def feed(fifo: Path, content: bytes) -> threading.Thread:
    """Write ``content`` into a FIFO from a thread (the open blocks until a reader comes)."""

    def write_all() -> None:
        with open(fifo, "wb") as f:
            f.write(content)

    thread = threading.Thread(target=write_all, daemon=True)
    thread.start()
    return thread


def in_time(function: Any, seconds: float = 60) -> Any:
    """``function()``, failing the test (instead of hanging) if it takes more than ``seconds``."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"no result within {seconds} s: the reader hangs"
    return result[0]


# -- 1. pipes and FIFOs are read once -----------------------------------------------------------
def test_a_fifo_with_a_bad_first_line_is_not_reported_ok(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    feed(fifo, b'{"bad":1}\n' + b"".join(LINES))
    report = in_time(lambda: validate([fifo], jobs=1))
    assert not report.ok
    assert report.problems and {p.line for p in report.problems} == {1}
    assert report.quotes == len(LINES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_duplicates_in_a_fifo_are_found_though_it_cannot_be_read_again(
    tmp_path: Path, jobs: int
) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    feed(fifo, b"".join(LINES) + b"\n" + b"".join(LINES))
    report = in_time(lambda: validate([fifo], articles=[ARTICLES], jobs=jobs))
    assert [(p.line, p.type) for p in report.problems] == [
        (len(LINES) + 1 + i, "duplicate-id") for i in range(1, len(LINES) + 1)
    ]
    assert report.corpus_level and report.quotes == len(LINES)


def test_a_fifo_of_articles_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "a"
    os.mkfifo(fifo)
    feed(fifo, ARTICLES.read_bytes())
    report = in_time(lambda: validate([DATA / "quotes.jsonl"], articles=[fifo]))
    assert report.ok and report.corpus_level and report.articles == 1


# -- 2. a line is never read into memory past the limit -----------------------------------------
# VmHWM, the peak of this process's own memory (ru_maxrss would also count the memory of pytest,
# the parent it was forked from, as Linux keeps the larger across exec)
PEAK = """
import sys, threading, os
{body}
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
"""


def peak_mib(body: str) -> tuple[int, str]:
    """Run ``body`` in a fresh interpreter; its peak memory (MiB) and its other output."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK.format(body=textwrap.dedent(body))],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    *output, peak = done.stdout.splitlines()
    return int(peak), "\n".join(output)


LONG = 3 * MAX_LINE_BYTES  # 192 MiB: without the bound, reading it takes at least that much


def test_a_long_line_in_a_plain_file_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "sparse.jsonl"
    with path.open("wb") as f:  # a sparse file: gigabytes of zeros cost no disk
        f.truncate(LONG)
        f.seek(LONG)
        f.write(b"\n" + LINES[0])
    peak, output = peak_mib(
        f"""
        import quotes
        report = quotes.validate([{str(path)!r}], jobs=1)
        print([(p.line, p.type) for p in report.problems], report.quotes)
        """
    )
    assert output == "[(1, 'line-too-long')] 1"
    assert peak < 300


def test_a_long_line_from_a_pipe_or_a_compressed_file_is_skipped_in_bounded_memory(
    tmp_path: Path,
) -> None:
    packed = tmp_path / "bomb.jsonl.gz"
    with gzip.open(packed, "wb", compresslevel=1) as f:
        zeros = bytes(1 << 20)
        for _ in range(LONG >> 20):
            f.write(zeros)
        f.write(b"\n" + LINES[0])
    peak, output = peak_mib(
        f"""
        import quotes
        from quotes.cli import main
        read, write = os.pipe()
        def produce():
            with os.fdopen(write, "wb") as f:
                zeros = bytes(1 << 20)
                for _ in range({LONG >> 20}):
                    f.write(zeros)
                f.write(b"\\n" + {LINES[0]!r})
        threading.Thread(target=produce, daemon=True).start()
        report = quotes.validate([f"/dev/fd/{{read}}"], jobs=2)
        print([(p.line, p.type) for p in report.problems], report.quotes)
        report = quotes.validate([{str(packed)!r}], jobs=2)
        print([(p.line, p.type) for p in report.problems], report.quotes)
        try:
            list(quotes.read({str(packed)!r}))
        except quotes.RecordError as e:
            print(e.problem.type)
        print(main(["stats", {str(packed)!r}]))
        print(main(["extract", "--articles", {str(packed)!r}]))
        print(main(["view", {str(packed)!r}, "--out", {str(tmp_path / "view")!r}]))
        """
    )
    assert output.splitlines() == [
        "[(1, 'line-too-long')] 1",
        "[(1, 'line-too-long')] 1",
        "line-too-long",
        "1",
        "1",
        "1",
    ]
    assert peak < 300


def test_over_long_lines_are_numbered_and_whitespace_ones_stay_blank() -> None:
    import io

    from conftest import read_lines

    from quotes.io.files import LongLine

    data = b"ab\n" + b"x" * 25 + b"\n" + b" " * 30 + b"\ncd" + b"y" * 20
    lines = list(read_lines(io.BytesIO(data), limit=10))
    assert lines[0] == b"ab" and lines[2] == b""
    assert isinstance(lines[1], LongLine) and lines[1].length == 25
    assert isinstance(lines[3], LongLine) and lines[3].length == 22
    assert len(lines) == 4


# -- 3. a duplicate bomb does not grow memory ---------------------------------------------------
def test_repeated_duplicate_ids_are_not_kept_past_max_errors(tmp_path: Path) -> None:
    def peak_for(copies: int) -> int:
        path = tmp_path / f"bomb{copies}.jsonl"
        path.write_bytes(LINES[0] * copies)
        peak, output = peak_mib(
            f"""
            import quotes
            report = quotes.validate([{str(path)!r}], jobs=1, max_errors=10)
            print(len(report.problems), report.truncated, report.quotes)
            """
        )
        assert output == "10 True 1"
        return peak

    # 200,000 duplicates kept as problems would take over 100 MiB more than 2,000 do
    assert peak_for(200_000) - peak_for(2_000) < 40


def test_a_file_of_countless_bad_lines_is_not_kept_past_max_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"x\n" * 2_000_000)  # 2 million problems would take a gigabyte or more
    peak, output = peak_mib(
        f"""
        import quotes
        report = quotes.validate([{str(path)!r}], jobs=1, max_errors=10)
        print(len(report.problems), report.truncated)
        """
    )
    assert output == "10 True"
    assert peak < 300


# -- 4. validate() reports, never raises --------------------------------------------------------
def test_a_file_that_cannot_be_opened_for_planning_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.engine.parallel import planning

    path = tmp_path / "q.jsonl"
    path.write_bytes(b"".join(LINES))
    plan = planning.plan

    def denied(given: Path, chunk_bytes: int = planning.CHUNK_BYTES) -> list[tuple[int, int]]:
        if given == path:  # the tests run as root, for whom no file mode denies reading
            raise PermissionError(13, "Permission denied", str(given))
        return plan(given, chunk_bytes)

    monkeypatch.setattr(planning, "plan", denied)
    report = validate([path, DATA / "quotes.jsonl"])
    assert [(p.path, p.type) for p in report.problems] == [(str(path), "unreadable-file")]
    assert report.quotes == len(LINES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cut_off_compressed_file_with_duplicates_is_reported(tmp_path: Path, jobs: int) -> None:
    packed = tmp_path / "q.jsonl.gz"
    packed.write_bytes(gzip.compress(b"".join(LINES) * 3)[:-12])
    report = validate([packed], jobs=jobs)
    types = [p.type for p in report.problems]
    assert "duplicate-id" in types and types[-1] == "compression-error"


def test_validate_json_report_for_a_cut_off_compressed_file_with_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quotes.cli import main

    packed = tmp_path / "q.jsonl.gz"
    packed.write_bytes(gzip.compress(b"".join(LINES) * 3)[:-12])
    assert main(["validate", str(packed), "--format", "json", "--quiet"]) == 2
    assert not json.loads(capsys.readouterr().out)["ok"]


# -- 7. the region lookup is a binary search ----------------------------------------------------
class Counting(list[Any]):
    """A list that counts how many of its items are looked at."""

    seen = 0

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            Counting.seen += 1
            yield item

    def __getitem__(self, index: Any) -> Any:
        Counting.seen += 1
        return super().__getitem__(index)


def test_checking_a_quote_looks_at_few_of_many_regions() -> None:
    from quotes.core.models import Region

    article = next(read(ARTICLES, Article))
    quote = next(q for q in read(DATA / "quotes.jsonl", Quote) if q.region == "body")
    regions = Counting(
        Region.model_construct(start=2 * i + 100_000, end=2 * i + 100_001, kind="furniture")
        for i in range(300_000)
    )
    many = article.model_copy(update={"regions": regions})
    Counting.seen = 0
    assert check_quote(quote, many) == check_quote(quote, article) == []
    assert Counting.seen < 200


# -- 8. no temporary file is left behind --------------------------------------------------------
def records() -> list[Quote]:
    return list(read(DATA / "quotes.jsonl", Quote))


def test_writing_onto_a_folder_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(OSError):
        write(records(), tmp_path / "out", overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_temporary_file_of_a_killed_writer_is_swept(tmp_path: Path) -> None:
    stale = tmp_path / ".q.jsonl.999999999.abcd.tmp"  # no process has this id
    stale.write_bytes(b"half")
    mine = tmp_path / f".q.jsonl.{os.getpid()}.efgh.tmp"  # a live process's: left alone
    mine.write_bytes(b"busy")
    write(records(), tmp_path / "q.jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "q.jsonl"]


SLOW_WRITE = """
import sys, time
import quotes
records = list(quotes.read({source!r}, quotes.Quote))
def slowly():
    for r in records:
        print("writing", flush=True)
        time.sleep(0.2)
        yield r
quotes.write(slowly(), {target!r})
"""


def _as_at_a_terminal() -> None:
    """Let Ctrl-C reach the child as it does at a terminal: a suite started in the background
    ignores SIGINT, and a child inherits that (Python then installs no KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_write_stopped_by_a_signal_leaves_nothing(tmp_path: Path, sig: int) -> None:
    code = SLOW_WRITE.format(source=str(DATA / "quotes.jsonl"), target=str(tmp_path / "q.jsonl"))
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        preexec_fn=_as_at_a_terminal,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert list(tmp_path.iterdir()) == []
    if sig == signal.SIGTERM:
        assert process.returncode == 128 + signal.SIGTERM and b"Traceback" not in stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_validate_stopped_by_a_signal_leaves_no_spill_files(tmp_path: Path, sig: int) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    stale = spool / "quotes-999999999-xyz"  # left by a killed run: swept
    stale.mkdir()
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    script = "from quotes.cli import run; run()"
    process = subprocess.Popen(
        [sys.executable, "-c", script, "validate", str(fifo), "--jobs", "2", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**ENV, "TMPDIR": str(spool)},
        preexec_fn=_as_at_a_terminal,
    )
    with open(fifo, "wb") as f:  # lines come, but the input never ends until the signal
        f.write(b"".join(LINES) * 2000)
        f.flush()
        for _ in range(600):
            if [p for p in spool.iterdir() if p != stale] and not stale.exists():
                break
            time.sleep(0.1)
        time.sleep(0.5)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    assert list(spool.iterdir()) == []
    assert b"Traceback" not in stderr
    assert process.returncode == (128 + signal.SIGTERM if sig == signal.SIGTERM else 130)


# -- 9. no-clobber is exclusive -----------------------------------------------------------------
def test_a_file_created_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "q.jsonl"

    def racing() -> Iterator[Quote]:
        yield from records()
        target.write_text("the other writer's\n")  # appears after the first check

    with pytest.raises(FileExistsError):
        write(racing(), target)
    assert target.read_text() == "the other writer's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.jsonl"]


# -- 13. offsets fit the int32 that Arrow stores ------------------------------------------------
def test_offsets_beyond_int32_are_invalid(tmp_path: Path) -> None:
    record = json.loads(LINES[1])
    big = 2**31
    record.update(id=quote_id(record["article_id"], big), spans=[[big, big + len(record["quote"])]])
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert [(p.field, p.type) for p in validate([path]).problems] == [
        ("spans.0.0", "invalid-value"),
        ("spans.0.1", "invalid-value"),
    ]


# -- 15. smaller ones -----------------------------------------------------------------------------
def test_a_month_precision_date_must_be_the_first_of_the_month(tmp_path: Path) -> None:
    article = json.loads(ARTICLES.read_text())
    article.update(published="2020-06-15", published_precision="month")
    quote = json.loads(LINES[1])
    quote.update(uttered="2019-03-02", uttered_precision="year")
    quote.update(uttered_confidence="inferred", uttered_evidence="the text")
    articles, quotes = tmp_path / "a.jsonl", tmp_path / "q.jsonl"
    articles.write_text(json.dumps(article) + "\n")
    quotes.write_text(json.dumps(quote) + "\n")
    assert [(p.field, p.type) for p in validate([quotes], articles=[articles]).problems] == [
        ("published", "inconsistent-record"),
        ("uttered", "inconsistent-record"),
    ]


def test_a_newline_in_a_file_name_cannot_forge_a_line_of_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quotes.cli import main

    path = tmp_path / "x\nok: 50 quotes.jsonl"
    path.write_text("{\n")
    assert main(["validate", str(path), "--quiet"]) == 1
    out = capsys.readouterr()
    assert not any(line.startswith("ok:") for line in (out.out + out.err).splitlines())
    assert "x\\nok: 50 quotes.jsonl:1:" in out.out


def test_from_dataset_accepts_iso_date_strings() -> None:
    from quotes import from_dataset

    rows = [json.loads(line) for line in LINES]
    assert [q.date for q in from_dataset(rows)] == [q.date for q in records()]


def test_the_dataset_cache_follows_content_even_with_the_same_size_and_mtime(
    tmp_path: Path,
) -> None:
    from quotes import to_dataset

    path = tmp_path / "q.jsonl"
    path.write_bytes(b"".join(LINES))
    stat = path.stat()
    first = to_dataset(path, ARTICLES, cache_dir=tmp_path / "cache")["quotes"]["kind"]
    # one kind changed, the size kept by a final blank line
    path.write_bytes(b"".join(LINES).replace(b'"kind":"direct"', b'"kind":"mixed"', 1) + b" ")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    second = to_dataset(path, ARTICLES, cache_dir=tmp_path / "cache")["quotes"]["kind"]
    assert second.count("mixed") == first.count("mixed") + 1


def test_iter_lines_keeps_blank_line_numbers_with_long_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_bytes(b"\n" + b"a\n\nb")
    assert list(iter_lines(path)) == [(2, b"a"), (4, b"b")]


def test_extract_reads_no_more_of_a_huge_text_than_a_record_can_hold(tmp_path: Path) -> None:
    path = tmp_path / "huge_story.txt"
    with path.open("wb") as f:  # sparse: 192 MiB of zeros cost no disk
        f.truncate(LONG)
    peak, output = peak_mib(
        f"""
        from quotes.cli import main
        print(main(["extract", {str(path)!r}, "--date", "2012-03-01", "--out", "-"]))
        """
    )
    assert output.splitlines()[-1] == "2"
    assert peak < 300
