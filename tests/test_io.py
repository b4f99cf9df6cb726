"""Reading and writing JSON Lines: streaming, canonical, atomic, compressed."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, Run
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes import Article, Quote, RecordError, read, write
from quotes.core.bundled import data_path

LINES = (DATA / "quotes.jsonl").read_bytes().splitlines(keepends=True)


@pytest.mark.parametrize("name", ["quotes.jsonl", "articles.jsonl"])
def test_bundled_jsonl_round_trips_byte_for_byte(name: str, tmp_path: Path) -> None:
    with data_path(name) as source:
        original = source.read_bytes()
        records = list(read(source))
    write(records, tmp_path / name)
    assert (tmp_path / name).read_bytes() == original


def test_a_record_encoded_is_its_canonical_line_in_utf8(
    fixture_quotes: Path, fixture_articles: Path
) -> None:
    from quotes.io.jsonl import dumps, encode

    records = [*read(fixture_quotes), *read(fixture_articles)]
    records.append(records[0].model_copy(update={"quote": '\u00e9t\u00e9 \U0001d7d8 "\u2028"'}))
    for record in records:
        assert encode(record) == dumps(record).encode("utf-8")


def _outcome(read: Any, line: bytes) -> tuple[str, object]:
    try:
        value = read(line)
    except Exception as e:  # the error's type is the outcome
        return "error", type(e)
    return "value", (repr(value), type(value))


def _read(line: bytes) -> Any:
    """What the importers do: :func:`~quotes.io.jsonl.shallow`, else ``json.loads``."""
    from quotes.io.jsonl import NotShallow, shallow

    try:
        return shallow(line)
    except NotShallow:
        return json.loads(line)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.sampled_from([{}, {"indent": 1}, {"ensure_ascii": False}]))
def test_shallow_gives_what_json_loads_gives_for_any_value(
    value: object, how: dict[str, Any]
) -> None:
    line = json.dumps(value, **how).encode("utf-8", "surrogatepass")
    assert _outcome(_read, line) == _outcome(json.loads, line)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=40)
    | st.text(alphabet='{}[]",: 0123456789.eE+-\\tnul\u00e9\ud800').map(
        lambda t: t.encode("utf-8", "surrogatepass")
    )
)
def test_shallow_refuses_what_json_loads_refuses(line: bytes) -> None:
    assert _outcome(_read, line) == _outcome(json.loads, line)


@pytest.mark.parametrize(
    "line",
    [
        b'{"a":1,"a":2}',
        b"NaN",
        b"[1e400]",
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",
        b"1" * 30,
        b"[1.0, -0]",
    ],
)
def test_what_msgspec_refuses_json_loads_reads(line: bytes) -> None:
    assert _outcome(_read, line) == _outcome(json.loads, line)


def test_shallow_reads_no_line_deeper_than_its_depth() -> None:
    """Deeper lines are json.loads's, to the RecursionError at the interpreter's limit (which
    msgspec alone would reach a few levels deeper)."""
    from quotes.io.jsonl import SHALLOW, NotShallow, shallow

    for line in (b"[" * SHALLOW + b"]" * SHALLOW, b'{"a":' * SHALLOW + b"1" + b"}" * SHALLOW):
        assert shallow(line) == json.loads(line)
        deeper = b"[" + line + b"]"
        with pytest.raises(NotShallow):
            shallow(deeper)


def test_every_line_has_every_key_in_model_order() -> None:
    with data_path("quotes.jsonl") as path:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert list(json.loads(line)) == list(Quote.model_fields)
    with data_path("articles.jsonl") as path:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert list(json.loads(line)) == list(Article.model_fields)


def test_read_detects_the_record_type(fixture_quotes: Path, fixture_articles: Path) -> None:
    assert all(isinstance(r, Quote) for r in read(fixture_quotes))
    assert all(isinstance(r, Article) for r in read(fixture_articles))


def test_read_is_lazy_and_reports_the_line_of_the_first_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_bytes(LINES[0] + b"\n" + LINES[1] + b'{"id": 1}\n' + LINES[2])
    records = read(path, Quote)
    assert next(records).kind == "direct"
    assert next(records).kind == "indirect"
    with pytest.raises(RecordError) as exc:
        next(records)
    problem = exc.value.problem
    assert (problem.path, problem.line) == (str(path), 4)  # blank line 2 still counts
    assert problem.field == "id" and problem.type == "wrong-type"


def test_reading_articles_as_quotes_says_so_once_per_line(fixture_articles: Path) -> None:
    with pytest.raises(RecordError) as exc:
        next(read(fixture_articles, Quote))
    assert exc.value.problem.type == "wrong-record"
    assert exc.value.problem.message.endswith("; pass article files as articles")


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)],
)
def test_compressed_files_are_read_and_written_transparently(
    suffix: str, compress: object, tmp_path: Path
) -> None:
    path = tmp_path / f"q.jsonl{suffix}"
    path.write_bytes(compress(b"".join(LINES)))  # type: ignore[operator]
    records = list(read(path))
    assert len(records) == len(LINES)
    out = tmp_path / f"out.jsonl{suffix}"
    write(records, out)
    assert out.read_bytes()[:2] != b'{"'  # really compressed
    assert list(read(out)) == records


def test_write_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    records = list(read(DATA / "quotes.jsonl"))
    target = tmp_path / "q.jsonl"
    target.write_text("precious\n")
    with pytest.raises(FileExistsError):
        write(records, target)
    assert target.read_text() == "precious\n"
    assert write(records, target, overwrite=True) == len(records)
    assert target.read_bytes() == b"".join(LINES)


def test_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    records = list(read(DATA / "quotes.jsonl"))
    target = tmp_path / "q.jsonl"
    target.write_text("old\n")

    def interrupted() -> Iterator[Quote]:
        yield records[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write(interrupted(), target, overwrite=True)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["q.jsonl"]


def test_new_file_is_not_created_by_a_failed_write(tmp_path: Path) -> None:
    def broken() -> Iterator[Quote]:
        raise RuntimeError("source failed")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        write(broken(), tmp_path / "new.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_a_ten_megabyte_line_is_read(tmp_path: Path) -> None:
    record = json.loads(LINES[0])
    record["speaker"]["evidence"] = "x" * 10_000_000
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps(record) + "\n")
    (quote,) = read(path)
    assert quote.speaker.evidence is not None and len(quote.speaker.evidence) == 10_000_000


def test_unreadable_file_is_reported_not_raised_as_oserror(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.jsonl"
    path.write_bytes(LINES[0])

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(RecordError) as exc:
        list(read(path))
    assert exc.value.problem.type == "unreadable-file"
    assert "permission" in exc.value.problem.message.lower()


def test_standard_input_is_read_with_a_dash(run_cli: Run, fixture_articles: Path) -> None:
    done = run_cli("validate", "-", "--articles", str(fixture_articles), stdin=b"".join(LINES))
    assert done.returncode == 0, done.stderr
    assert "4 quotes" in done.stdout
    done = run_cli("validate", "-", stdin=b"not json\n")
    assert done.returncode == 1
    assert done.stdout.startswith("-:1: ")


def test_write_takes_records_not_dicts(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"Quote\.model_validate"):
        write([json.loads(LINES[0])], tmp_path / "q.jsonl")  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"\n", b"\r\n", b" ", b"\t", b"{}", b"x", b"abcdefgh", b"\xff"])),
    st.integers(1, 20),
    st.booleans(),
)
def test_the_bounded_reader_splits_lines_as_split_does_and_skips_long_ones(
    pieces: list[bytes], limit: int, ends: bool
) -> None:
    import io

    from conftest import read_lines

    from quotes.io.files import LongLine

    data = b"".join(pieces)
    expected: list[tuple[bytes, int | None]] = []
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for line in lines:
        if len(line) <= limit:
            expected.append((line, None))
        else:  # skipped unread: its length, or blank when it is only whitespace
            expected.append((b"", None if not line.strip() else len(line)))
    got = [
        (bytes(line), line.length if isinstance(line, LongLine) else None)
        for line in read_lines(io.BytesIO(data), limit=limit, ends=ends)
    ]
    assert got == expected
