"""quotebank: Quotebank's article-centric JSON Lines, read from a fixture written here in the
layout of EPFL's export code (no real Quotebank file can be downloaded in tests)."""

from __future__ import annotations

import bz2
import dataclasses
import gzip
import itertools
import json
import lzma
import os
import re
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cli import main
from quotes.core.models import Article
from quotes.engine.pipeline import validate
from quotes.formats import (
    ImportFailed,
    ImportSummary,
    SplitNotFound,
    import_corpus,
    quotebank,
)
from quotes.formats.build import ImportResult, collect
from quotes.formats.quotebank import (
    PHASES,
    candidates,
    iter_batches,
    iter_written,
    qids,
    read,
    white_tokens,
)
from quotes.formats.written import Output
from quotes.io.files import RecordError

FIXTURE = Path(__file__).parent / "data" / "formats" / "quotebank" / "quotebank-fixture.json.bz2"


def space_tokens(content: str) -> list[tuple[int, int]]:
    """The rule: ``(start, end)`` of each token of ``content.split(" ")`` (Quootstrap's tokens,
    which ``quotationOffset`` counts, empty ones included)."""
    spans, start = [], 0
    for token in content.split(" "):
        spans.append((start, start + len(token)))
        start += len(token) + 1
    return spans


def closing_index(tokens: list[str], first: int) -> int | None:
    """The rule: the index of the token closing the quotation whose first token is ``first``,
    or None when a token opening another quotation, or the end, comes first."""
    for i in range(first, len(tokens)):
        if tokens[i] in ("''", "</q>", "</blockquote>"):
            return i
        if tokens[i].startswith(("``", "<q", "<blockquote")):
            return None
    return None


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return read(FIXTURE)


def test_quotations_map_from_tokens_to_code_points_inside_the_marks(result: ImportResult) -> None:
    article = next(a for a in result.articles if a.id == "2015010100_00000001_W")
    with bz2.open(FIXTURE, "rt", encoding="utf-8") as f:
        line = json.loads(f.readline())
    assert article.text == line["content"]  # the tokenised text, verbatim
    quotes = [q for q in result.quotes if q.article_id == article.id]
    assert [q.quote for q in quotes] == [
        "We will not raise taxes this year ,",
        "The budget is balanced and the city is in good shape .",
        "This is an election promise and nothing more ,",
    ]
    for quote in quotes:
        start, end = quote.spans[0]
        assert article.text[start - 3 : start] == "`` " and article.text[end : end + 3] == " ''"
        assert quote.kind == "direct"


def test_speaker_probabilities_qids_and_nearest_mention_are_kept(result: ImportResult) -> None:
    first, second, third = (q for q in result.quotes if q.article_id == "2015010100_00000001_W")
    assert (first.speaker.name, first.speaker.wikidata, first.speaker.type) == (
        "Jane Doe",
        "Q1000001",
        "person",
    )
    assert first.speaker.mention is not None and first.speaker.mention.text == "Jane Doe"
    assert first.annotation.method == "model" and first.annotation.confidence == 0.9102
    assert first.source is not None and first.source.record == "2015-01-01-000001"
    assert [(c.name, c.probability) for c in first.source.candidates] == [
        ("Jane Doe", 0.9102),
        ("None", 0.0898),
    ]
    # the nearest occurrence of the name: "Doe added: ..." before the second quotation
    assert second.speaker.mention is not None and second.speaker.mention.text == "Doe"
    assert second.source is not None and "localTopSpeaker: John Roe" in second.source.notes
    # an ambiguous name keeps every QID among the candidates, none on the speaker
    assert third.speaker.wikidata is None
    assert third.source is not None
    assert third.source.candidates[0].wikidata == ["Q1000002", "Q1000003"]


def test_damaged_phases_are_flagged_and_string_layouts_are_read(result: ImportResult) -> None:
    article = next(
        a for a in result.articles if a.source and a.source.record == "2011-06-07_00000002_N"
    )
    assert article.id == "2011-06-07_00000002_N"
    assert article.source is not None and article.source.notes == [PHASES["C"]]
    quotes = [q for q in result.quotes if q.article_id == article.id]
    assert len(quotes) == 2
    assert all(q.source and PHASES["C"] in q.source.notes for q in quotes)
    assert quotes[0].speaker.name is None and quotes[0].speaker.type == "unknown"
    assert quotes[0].source is not None
    assert [(c.name, c.probability) for c in quotes[0].source.candidates] == [
        ("None", 0.6),
        ("Minister Smith", 0.4),
    ]
    assert result.adjusted == {
        "damaged text (phase C): kept, with a note": 1,
        # John Roe's offsets include [0, 1), the token "<p>": not his name, not used
        "speaker name offsets that do not give the name: not used": 1,
    }


def test_what_cannot_be_mapped_is_counted_by_reason(result: ImportResult) -> None:
    assert result.lost == {
        "quotationOffset does not follow an opening quotation mark": 1,
        "the tokens at quotationOffset do not give the quotation": 1,
        "unreadable JSON line": 1,
    }
    assert result.examples["unreadable JSON line"] == "quotebank-fixture.json.bz2:4"


def test_streams_one_batch_per_line_and_counts_the_compressed_bytes() -> None:
    batches = list(iter_batches([FIXTURE]))
    assert [len(b.articles) for b in batches] == [1, 1, 1, 0]
    assert sum(b.nbytes for b in batches) == FIXTURE.stat().st_size


class _Bytes:
    """A progress bar that sums what it is told."""

    def __init__(self) -> None:
        self.nbytes = self.records = 0

    def update(self, nbytes: int, records: int = 0) -> None:
        self.nbytes += nbytes
        self.records += records


def _imported(
    source: Path, jobs: int, out: Path, split: str | None = None
) -> tuple[ImportSummary, bytes, bytes, int]:
    """An import of ``source`` on ``jobs`` processes: its summary, its two files and the bytes
    its progress bar was told of."""
    progress = _Bytes()
    summary = import_corpus(
        "quotebank", [source], out, jobs=jobs, split=split, progress=cast(Any, progress)
    )
    assert progress.records == summary.articles + summary.quotes
    articles, quotes = ((out / name).read_bytes() for name in ("articles.jsonl", "quotes.jsonl"))
    return summary, articles, quotes, progress.nbytes


def _same_with_jobs(source: Path, tmp_path: Path, split: str | None = None) -> ImportSummary:
    """Import ``source`` on one process and on two: the same files, summary and bytes told."""
    one = _imported(source, 1, tmp_path / "one", split)
    two = _imported(source, 2, tmp_path / "two", split)
    assert two[1:] == one[1:]
    assert dataclasses.replace(two[0], files=[]) == dataclasses.replace(one[0], files=[])
    assert one[3] == source.stat().st_size
    return one[0]


def test_several_processes_write_the_same_files(tmp_path: Path) -> None:
    big = tmp_path / "quotebank-big.json.bz2"
    with bz2.open(big, "wb") as f:
        f.writelines(fixture_lines() * 50)  # 200 lines: several chunks of lines per process
    summary = _same_with_jobs(big, tmp_path)
    assert (summary.articles, summary.lost["article id already used"]) == (3, 147)
    with pytest.raises(ValueError, match="at least 1"):
        next(iter_written([big], Output("a", "q"), set(), jobs=0))


PIECES = ["a", "b", "`", "'", ".", " ", "\t", "\n", "\x0b", "\x1c", "\u00a0", "\u2003", "\u00e9"]
PIECES += ["``", "''", "<q>", "</q>", "<p>", "<", ">", "<blockquote>", "</blockquote>", "<b"]
TOKENS = ["", "a", "b\tc", "``", "''", "<q>", "</q>", "<p>", "<", "x>", "\u00a0", "\u00e9", "''x"]
CONTENT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.lists(
    st.sampled_from(TOKENS), max_size=20
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(CONTENT)
def test_token_offsets_give_the_tokens_of_any_content(content: str) -> None:
    from quotes.formats.quotebank import _Text

    assert [content[s:e] for s, e in space_tokens(content)] == content.split(" ")  # the rule
    words = white_tokens(content)
    assert [content[s:e] for s, e in words] == content.split()
    assert _Text(content).words == words  # the shortcut for space-only text
    text, n = _Text(content), len(words)
    for a in range(-1, n + 2):
        for b in range(a, n + 2):  # the shortcut when the tokens are the words
            expected = (words[a][0], words[b - 1][1]) if 0 <= a < b <= n else None
            assert text.words_span(a, b) == expected


@given(CONTENT | st.text() | st.text(st.sampled_from(["a", " ", "\ud800", "\U0001d7d8", "\u00e9"])))
def test_token_starts_are_where_the_tokens_of_any_content_start(content: str) -> None:
    from quotes.formats.quotebank import token_starts

    starts = token_starts(content)  # lone surrogates and astral characters count one each
    assert [content[s : e - 1] for s, e in itertools.pairwise(starts)] == content.split(" ")
    assert all(type(s) is int for s in starts)  # Python ints, as the models take them


def reference_segments(content: str, first: int, end: int) -> list[tuple[int, int]]:
    """Tokens ``first`` to ``end`` in runs between HTML tags: each run from the start of its
    first non-empty token to the end of its last."""
    tokens, spans = content.split(" "), space_tokens(content)
    runs: list[list[int]] = [[]]
    for i in range(first, end):
        if tokens[i].startswith("<") and tokens[i].endswith(">"):
            runs.append([])
        elif tokens[i]:
            runs[-1].append(i)
    return [(spans[run[0]][0], spans[run[-1]][1]) for run in runs if run]


@settings(max_examples=300, deadline=None)
@given(CONTENT)
def test_the_closing_mark_and_the_runs_of_a_quotation_in_any_content(content: str) -> None:
    from quotes.formats.quotebank import _segments, _Text

    text, tokens = _Text(content), content.split(" ")
    for first in range(len(tokens)):
        end = closing_index(tokens, first)
        assert text.closing(first) == end
        if end is not None:
            assert _segments(text, first, end) == reference_segments(content, first, end)


def test_white_space_other_than_the_space_is_never_printable() -> None:
    """What the shortcut of a printable content (spaces are its only white space) rests on."""
    import sys

    from quotes.formats.quotebank import _space_only

    white = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " "]
    assert len(white) > 20 and not any(c.isprintable() for c in white)
    assert all(not _space_only(f"\u00e9 {c}") for c in white)


@given(st.text(alphabet=st.sampled_from(list("aZ9_ .,<>/b\u00e9\u0130\u00df\u0663"))) | st.text())
def test_letters_of_any_text_are_its_letters_and_digits_case_folded(text: str) -> None:
    from quotes.formats.quotebank import letters

    untagged = re.sub(r"<[^<>\s]*>", " ", text)
    assert letters(text) == "".join(c for c in untagged if c.isalnum()).casefold()


def test_token_layouts() -> None:
    from quotes.formats.quotebank import _Text, token_starts

    content = "`` a\u00a0b  c '' d"
    # quotationOffset counts split(" ") tokens (empty ones too); names count split() tokens
    starts = token_starts(content)
    assert [content[s : e - 1] for s, e in itertools.pairwise(starts)] == content.split(" ")
    assert [content[s:e] for s, e in white_tokens(content)] == content.split()
    assert _Text(content).closing(1) == 4
    assert _Text("`` a `` b ''").closing(1) is None  # an inner quotation opens
    assert qids("[Q76, Q1]") == ["Q76", "Q1"] == qids([["Q76", "Barack Obama"], "Q1"])
    assert candidates([["X", "0.25"], {"speaker": "Y", "probability": 1, "qids": ["Q2"]}]) == [
        ("X", 0.25, []),
        ("Y", 1.0, ["Q2"]),
    ]
    with pytest.raises(ValueError, match="outside"):
        candidates([["X", "1.5"]])


def test_import_writes_files_that_validate(tmp_path: Path) -> None:
    summary = import_corpus("quotebank", [FIXTURE], tmp_path / "out")
    assert (summary.articles, summary.quotes) == (3, 5)
    report = validate(
        [tmp_path / "out" / "quotes.jsonl"], articles=[tmp_path / "out" / "articles.jsonl"]
    )
    assert report.ok and report.corpus_level


def test_cli_import_with_jobs_writes_the_same_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["import", "quotebank", str(FIXTURE), "--out", str(one), "--quiet"]) == 0
    args = ["import", "quotebank", str(FIXTURE), "--out", str(two), "--quiet", "--jobs", "2"]
    assert main(args) == 0
    for name in ("articles.jsonl", "quotes.jsonl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_a_file_cut_off_is_a_compression_error(tmp_path: Path) -> None:
    cut = tmp_path / "cut.json.bz2"
    data = FIXTURE.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(RecordError) as raised:
        read(cut)
    assert raised.value.problem.type == "compression-error"
    assert f"the file ends at byte {len(data) // 2}" in str(raised.value)


def test_unreadable_candidates_are_counted(tmp_path: Path) -> None:
    content = "`` a b c d '' said X ."
    quotation = {"quotationOffset": 1, "quotation": "a b c d", "globalTopSpeaker": "X"}
    quotation["globalProbas"] = [["X", "0.5"], 7]
    line = {"articleID": "a", "content": content, "date": "2015-01-01", "quotations": [quotation]}
    path = tmp_path / "q.json"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = read(path)
    assert len(result.quotes) == 1
    assert result.quotes[0].source is not None
    assert [c.name for c in result.quotes[0].source.candidates] == ["X"]
    assert result.adjusted == {"unreadable speaker candidates: left out": 1}


def test_a_candidate_the_models_refuse_loses_its_quote_counted(tmp_path: Path) -> None:
    content = "`` a b c d '' said X ."
    quotation = {"quotationOffset": 1, "quotation": "a b c d", "globalTopSpeaker": "X"}
    quotation["globalProbas"] = [["X", "0.5"], ["\ud800", "0.2"]]  # a lone surrogate
    line = {"articleID": "a", "content": content, "date": "2015-01-01", "quotations": [quotation]}
    path = tmp_path / "q.json"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = read(path)
    assert len(result.articles) == 1 and not result.quotes
    assert result.lost == {"invalid quote (candidates.1.name: string_unicode)": 1}


@pytest.mark.parametrize("damage", [None, "no line end"])
@pytest.mark.parametrize("repeated", [0, 37])
def test_a_large_bz2_imported_by_parts_writes_the_files_of_one_process(
    damage: str | None, repeated: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.io import blocks

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    text = b"".join(copies(150, repeated))  # several 100 kB blocks at compresslevel=1
    data = bz2.compress(text[:-1] if damage == "no line end" else text, 1)
    big = tmp_path / "quotebank-big.json.bz2"
    big.write_bytes(data)
    assert len(list(blocks.cut(str(big), 1))) > 3
    summary = _same_with_jobs(big, tmp_path)
    duplicates = 3 * (len(range(0, 150, repeated)) - 1) if repeated else 0
    assert summary.articles == 450 - duplicates
    assert summary.lost["article id already used"] == duplicates


def test_the_parent_only_imports_the_lines_cut_at_the_parts_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.formats import written
    from quotes.io import blocks

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    big = tmp_path / "quotebank-big.json.bz2"
    big.write_bytes(bz2.compress(b"".join(copies(150)), 1))
    parts = len(list(blocks.cut(str(big), 1)))
    parent, here = os.getpid(), []
    real = written.encode

    def encode(record: Any) -> bytes:  # the processes are forked: they have this one too
        if os.getpid() == parent:
            here.append(record)
        return real(record)

    monkeypatch.setattr(written, "encode", encode)
    summary = _imported(big, 2, tmp_path / "out")[0]
    assert summary.articles == 450
    assert 0 < len([r for r in here if isinstance(r, Article)]) < parts


def test_problems_found_by_the_processes_name_the_lines_one_process_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.io import blocks

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    monkeypatch.setattr(  # every quote twice: the checker finds each second one
        ImportResult, "add_quote", lambda self, quote, *_: self.quotes.extend([quote, quote])
    )
    big = tmp_path / "quotebank-big.json.bz2"
    big.write_bytes(bz2.compress(b"".join(copies(150)), 1))
    reports = []
    for jobs in (1, 2):
        with pytest.raises(ImportFailed) as failed:
            import_corpus("quotebank", [big], tmp_path / f"out{jobs}", jobs=jobs)
        reports.append(failed.value.report)
        report = failed.value.report
        report.problems = [dataclasses.replace(p, path=Path(p.path).name) for p in report.problems]
        report.files = []
    assert reports[1] == reports[0]
    assert reports[0].truncated and len(reports[0].problems) == 100
    assert reports[0].problems[-1].line == 200  # the 100th second copy


def test_a_split_is_kept_by_parts_as_by_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.io import blocks

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    big = tmp_path / "quotebank-big.json.bz2"
    big.write_bytes(bz2.compress(b"".join(copies(150)), 1))
    assert _same_with_jobs(big, tmp_path, split="none").articles == 450
    for jobs in (1, 2):
        with pytest.raises(SplitNotFound):
            import_corpus("quotebank", [big], tmp_path / f"none{jobs}", jobs=jobs, split="test")


COMPRESS = {
    ".bz2": lambda data: bz2.compress(data, 1),
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".xz": lzma.compress,
}
# Where a stream is damaged: its header (the standard library took the rest for trailing
# garbage), its compressed data, its last bytes (a bzip2 stream's CRC, a gzip member's length).
DAMAGES = ["header", "data", "end"]


def fixture_lines() -> list[bytes]:
    """The fixture's lines (one of them not JSON)."""
    with bz2.open(FIXTURE) as f:
        return f.readlines()


def copies(count: int, repeated: int = 0, first: int = 0) -> list[bytes]:
    """``count`` copies of the fixture's lines, each with article ids of its own (numbered from
    ``first``) but every ``repeated``-th (when given), which has the first copy's; the line that
    is not JSON kept."""
    lines = []
    for copy in range(count):
        for line in fixture_lines():
            try:
                article = json.loads(line)
            except json.JSONDecodeError:
                lines.append(line)
                continue
            same = repeated and copy % repeated == 0
            article["articleID"] += f"_{first + (0 if same else copy)}"
            lines.append(json.dumps(article).encode() + b"\n")
    return lines


def _three_streams(suffix: str, damage: str | None, copies: int = 1) -> bytes:
    """The fixture's lines three times, each time as a stream of its own; the middle one
    damaged as ``damage`` says."""
    text = b"".join(fixture_lines() * copies)
    streams = [bytearray(COMPRESS[suffix](text)) for _ in range(3)]
    middle = streams[1]
    if damage is not None:
        middle[{"header": 0, "data": len(middle) // 2, "end": len(middle) - 2}[damage]] ^= 0x41
    return b"".join(streams)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("damage", [*DAMAGES, "trailing garbage", "trailing zeros"])
@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_an_import_of_a_damaged_compressed_file_fails_and_writes_nothing(
    suffix: str, damage: str, jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _three_streams(suffix, None if damage.startswith("trailing") else damage)
    if damage.startswith("trailing"):
        data += b"garbage!" if damage == "trailing garbage" else b"\0" * 8
    source = tmp_path / f"quotebank{suffix}".replace(".", ".json.", 1)
    source.write_bytes(data)
    out = tmp_path / "out"
    args = ["import", "quotebank", str(source), "--out", str(out), "--quiet", "--jobs", jobs]
    assert main(args) == 2
    assert "[compression-error]" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_stream_of_a_large_bz2_read_by_parts_is_an_error(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.io import blocks

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    big = tmp_path / "quotebank-big.json.bz2"
    big.write_bytes(_three_streams(".bz2", damage, copies=150))
    for jobs in (1, 2):
        with pytest.raises(RecordError) as raised:
            import_corpus("quotebank", [big], tmp_path / f"out{jobs}", jobs=jobs)
        assert raised.value.problem.type == "compression-error"
        assert "the stream at byte " in str(raised.value)


@pytest.mark.parametrize("suffix", [".bz2", ".gz", ".xz"])
def test_every_compressed_suffix_imports_as_the_plain_file(suffix: str, tmp_path: Path) -> None:
    plain = tmp_path / "quotebank.json"
    plain.write_bytes(b"".join(fixture_lines()))
    compressed = tmp_path / f"quotebank.json{suffix}"
    compressed.write_bytes(_three_streams(suffix, None))  # several streams, as cat makes them
    expected = read(plain)
    got = collect(iter_batches([compressed]))
    assert len(got.articles) == 3 * len(expected.articles) == 9
    assert [q.spans for q in got.quotes] == [q.spans for q in expected.quotes] * 3
    assert got.lost == {reason: 3 * n for reason, n in expected.lost.items()}
    summary = _same_with_jobs(compressed, tmp_path)
    assert summary.lost["article id already used"] == 6


@pytest.mark.parametrize("suffix", ["", ".bz2"])
def test_a_line_over_the_limit_is_skipped_unread_and_counted(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.io import blocks, files

    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    lines = fixture_lines()
    limit = max(map(len, lines)) + 10
    monkeypatch.setattr(files, "MAX_LINE_BYTES", limit)
    # a line a bit over the limit, and one over many bzip2 blocks (joined across parts)
    article = json.loads(lines[0])
    long_line = json.dumps({**article, "content": article["content"] + " x" * 20}).encode()
    longer = b" ".join(str(i * 7919 % 100003).encode() for i in range(100_000))
    text = b"".join([*lines, long_line + b"\n", longer + b"\n", *lines] * 20)
    source = tmp_path / f"quotebank.json{suffix}"
    source.write_bytes(bz2.compress(text, 1) if suffix else text)
    if suffix:
        assert len(list(blocks.cut(str(source)))) > 3
    reading = monkeypatch.context()
    with reading as m:  # what reading the lines keeps is bounded by the limit
        kept: list[int] = []
        real = quotebank._article_batch
        m.setattr(
            quotebank, "_article_batch", lambda line, *a: kept.append(len(line)) or real(line, *a)
        )
        result = collect(iter_batches([source]))
    assert max(kept) <= limit
    assert result.lost[f"line over {limit:,} bytes: not read"] == 40
    assert len(result.articles) == 40 * 3
    summary = _same_with_jobs(source, tmp_path)
    assert summary.lost[f"line over {limit:,} bytes: not read"] == 40
