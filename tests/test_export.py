"""quotes.export: all or nothing, never a half-written file."""

from __future__ import annotations

import csv
import errno
import io
import subprocess
import sys
from pathlib import Path

import pytest

import quotes
import quotes.export
from quotes.export import EXPORTERS, Exporter, NoStreamForm, Records, export, export_stream
from quotes.io.hub import features


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_an_export_that_fails_midway_leaves_no_partial_file(fmt: str, tmp_path: Path) -> None:
    """The disk refuses the largest file part of the way through (a file size limit, as a full
    disk would): the folder keeps the old export and gets nothing new, not even a temporary."""
    sizes = {p.name: p.stat().st_size for p in export(fmt, tmp_path / "whole")}
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / next(iter(sizes))
    old.write_text("the old export\n")
    code = f"""
import resource, signal
from quotes.export import export
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, ({max(sizes.values()) - 1}, resource.RLIM_INFINITY))
try:
    export({fmt!r}, {str(folder)!r}, force=True)
except OSError as e:
    print(e.errno)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == [str(errno.EFBIG)], done.stderr
    assert [p.name for p in folder.iterdir()] == [old.name]
    assert old.read_text() == "the old export\n"


def test_existing_outputs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text("keep me\n")
    with pytest.raises(FileExistsError):
        export("jsonl", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl"]
    assert (tmp_path / "articles.jsonl").read_text() == "keep me\n"


@pytest.mark.parametrize("config", ["quotes", "articles"])
def test_parquet_loads_with_declared_features(config: str, tmp_path: Path) -> None:
    import datasets

    export("parquet", tmp_path / "out")
    path = tmp_path / "out" / f"{config}.parquet"
    loaded = datasets.load_dataset(
        "parquet", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert loaded.features == features(config)  # type: ignore[arg-type]
    corpus = quotes.load()
    expected = corpus.quotes if config == "quotes" else list(corpus.articles.values())
    assert quotes.from_dataset(loaded) == expected


def test_csv_is_flat_for_spreadsheets(tmp_path: Path) -> None:
    export("csv", tmp_path)
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    corpus = quotes.load()
    assert len(rows) == len(corpus.quotes)
    for row, q in zip(rows, corpus.quotes, strict=True):
        assert not any(cell.startswith(("{", "[")) for cell in row.values()), row
        assert row["speaker_name"] == (q.speaker.name or "")
        assert row["speaker_type"] == q.speaker.type
        assert row["cue_text"] == (q.cue.text if q.cue else "")
        assert row["annotation_method"] == q.annotation.method
        segments = [tuple(int(x) for x in s.split("-")) for s in row["spans"].split(";")]
        assert segments == [tuple(s) for s in q.spans]
    with (tmp_path / "articles_regions.csv").open(encoding="utf-8", newline="") as f:
        regions = list(csv.DictReader(f))
    assert len(regions) == sum(len(a.regions) for a in corpus.articles.values())
    first = next(iter(corpus.articles.values())).regions[0]
    assert regions[0]["start"] == str(first.start) and regions[0]["kind"] == first.kind


def test_any_records_export_and_unknown_formats_are_refused(tmp_path: Path) -> None:
    corpus = quotes.load()
    mine = Records(corpus.quotes[:2], [corpus.article(corpus.quotes[0])])
    export("jsonl", tmp_path, mine)
    assert list(quotes.read(tmp_path / "quotes.jsonl")) == corpus.quotes[:2]
    with pytest.raises(ValueError, match="unknown format"):
        export("xml", tmp_path / "x", mine)
    stream = io.StringIO()
    export_stream("csv", stream, mine)
    assert stream.getvalue().count("\n") == 3
    with pytest.raises(NoStreamForm, match="parquet cannot be written to one stream"):
        export_stream("parquet", stream, mine)


def test_a_new_format_is_one_table_entry_and_refused_files_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_pages(records: Records, folder: Path) -> None:
        for article in records.articles:
            (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
        (folder / "notes.txt").write_text("not declared\n")

    pages = Exporter(
        "one text per article", lambda r: [f"{a.id}.txt" for a in r.articles], write_pages
    )
    monkeypatch.setitem(quotes.export.EXPORTERS, "pages", pages)
    corpus = quotes.load()
    written = export("pages", tmp_path / "a")
    assert [p.name for p in written] == [*(f"{i}.txt" for i in corpus.articles), "notes.txt"]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine\n")
    with pytest.raises(FileExistsError):  # found only once written: nothing is moved
        export("pages", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["notes.txt"]
    assert (tmp_path / "b" / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://example.com","click")', "+1 for the plan", "-5 degrees", "@SUM(A1)"],
)
def test_csv_cells_a_spreadsheet_would_evaluate_get_a_leading_quote(
    text: str, tmp_path: Path
) -> None:
    corpus = quotes.load()
    first = corpus.quotes[0]
    article = corpus.article(first)
    hostile = first.model_copy(update={"quote": text})
    hostile = hostile.model_copy(
        update={"speaker": first.speaker.model_copy(update={"description": "\tTab"})}
    )
    titled = article.model_copy(update={"title": "=1+1"})
    export("csv", tmp_path, Records([hostile, corpus.quotes[1]], [titled]))
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["quote"] == "'" + text
    assert rows[0]["speaker_description"] == "'\tTab"
    assert rows[0]["spans"] == f"{first.spans[0][0]}-{first.spans[0][1]}"  # numbers unchanged
    assert rows[1]["quote"] == corpus.quotes[1].quote  # a normal cell is unchanged
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as f:
        (row,) = csv.DictReader(f)
    assert row["title"] == "'=1+1"
    assert row["text"] == article.text
    stream = io.StringIO()
    export_stream("csv", stream, Records([hostile], [titled]))
    assert "'" + text.replace('"', '""') in stream.getvalue()
