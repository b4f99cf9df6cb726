"""PolNeAR and brat import on small checkouts written here in PolNeAR's layout (no PolNeAR text
is shipped), the import command's all-or-nothing writing, and the brat round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes import from_dataset, load, to_dataset, validate
from quotes.cli import main
from quotes.formats import ImportFailed, SourceError, brat, import_corpus, polnear, reader
from quotes.io.progress import Progress

HEADER = (
    "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle"
    "\ttrump_count\tclinton_count\tcredit\twire\n"
)
TEXT_A = (
    "Senator Holm said on Monday that the talks would resume. "
    "\u201cWe are ready,\u201d she told reporters.\n\n"
    "Aides called the plan \u201ca first step\u201d toward peace."
)
TEXT_B = "The mayor said ''it will be fine,'' and left. Critics believe the plan\nwill fail."


def span(text: str, needle: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return f"{start} {start + len(needle)}"


def ann_a() -> str:
    t = TEXT_A
    content2 = f"{span(t, 'We are')};{span(t, 'ready,')}"
    return (
        f"T1\tSource {span(t, 'Senator Holm')}\tSenator Holm\n"
        f"T2\tCue {span(t, 'said')}\tsaid\n"
        f"T3\tContent {span(t, 'that the talks would resume')}\tthat the talks would resume\n"
        f"T4\tAttribution {span(t, 'said')}\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        f"T5\tSource {span(t, 'she')}\tshe\n"
        f"T6\tCue {span(t, 'told')}\ttold\n"
        f"T7\tContent {content2}\tWe are ready,\n"
        f"T8\tAttribution {span(t, 'told')}\ttold\n"
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
        f"T9\tSource {span(t, 'Aides')}\tAides\n"
        f"T10\tCue {span(t, 'called')}\tcalled\n"
        f"T11\tContent {span(t, 'the plan')}\tthe plan\n"
        f"T12\tContent {span(t, '“a first step” toward peace')}\t“a first step” toward peace\n"
        f"T13\tAttribution {span(t, 'called')}\tcalled\n"
        "E3\tAttribution:T13 Content:T11 Content2:T12 Cue:T10 Source:T9\n"
        f"T14\tAttribution-no-source {span(t, 'told')}\ttold\n"
        "E4\tAttribution-no-source:T14\n"
        "#1\tAnnotatorNotes T1\tIs this right?\n"
    )


def ann_b(annotator: str) -> str:
    t = TEXT_B
    said, fails = "''it will be fine,''", "the plan\nwill fail"
    lines = [
        f"T1\tSource {span(t, 'The mayor')}\tThe mayor",
        f"T2\tCue {span(t, 'said')}\tsaid",
        f"T3\tContent {span(t, said)}\t{said}",
        f"T4\tAttribution {span(t, 'said')}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    ]
    if annotator == "aa11":  # a second attribution whose text runs over a line break
        lines += [
            f"T5\tSource {span(t, 'Critics')}\tCritics",
            f"T6\tCue {span(t, 'believe')}\tbelieve",
            f"T7\tContent {span(t, fails)}\tthe plan",
            "will fail",
            "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5",
        ]
    return "\n".join(lines) + "\n"


def checkout(root: Path) -> Path:
    """A PolNeAR-shaped checkout: two core articles (one with two annotators), one test article,
    and quality-control compartments."""
    data = root / "data"
    rows = [
        ("train", "nyt_2016-01-05_holm-talks", "1", "bb22", "nyt", "2016-01-05", "Ann Writer",
         "Holm Talks", "0", "1", "None", "None"),
        ("dev", "wash-post_2016-10-01_mayor", "9", "aa11|bb22", "wash-post", "2016-10-01", "None",
         "Mayor", "0", "0", "h/t: Example", "AP"),
        ("parc3-replication", "parc__wsj_0001", "PARC-1A", "aa11", "parc", "", "", "", "", "",
         "", ""),
    ]  # fmt: skip
    (data / "parc3-replication" / "attributions").mkdir(parents=True)
    (data / "parc3-replication" / "attributions" / "parc__wsj_0001_aa11.ann").write_text("")
    files = {
        "train/text/nyt_2016-01-05_holm-talks.txt": TEXT_A,
        "train/attributions/nyt_2016-01-05_holm-talks_bb22.ann": ann_a(),
        "dev/text/wash-post_2016-10-01_mayor.txt": TEXT_B,
        "dev/attributions/wash-post_2016-10-01_mayor_aa11.ann": ann_b("aa11"),
        "dev/attributions/wash-post_2016-10-01_mayor_bb22.ann": ann_b("bb22"),
    }
    for name, content in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
    (data / "metadata.tsv").write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows))
    return root


def test_polnear_maps_articles_metadata_and_attributions(tmp_path: Path) -> None:
    result = polnear.read(checkout(tmp_path))
    articles = {a.id: a for a in result.articles}
    assert sorted(articles) == ["nyt_2016-01-05_holm-talks", "wash-post_2016-10-01_mayor"]
    a = articles["nyt_2016-01-05_holm-talks"]
    assert (a.outlet, a.byline, a.title, a.wire, str(a.published)) == (
        "New York Times", "Ann Writer", "Holm Talks", None, "2016-01-05"
    )  # fmt: skip
    assert a.source is not None and (a.source.split, a.source.annotator) == ("train", "bb22")
    b = articles["wash-post_2016-10-01_mayor"]
    assert (b.wire, b.byline) == ("AP", None)
    assert b.source is not None and b.source.notes == ["credit: h/t: Example"]
    assert b.source.annotator == "aa11"  # the first listed annotator
    got = {(q.article_id, q.kind, q.quote) for q in result.quotes}
    assert got == {
        (a.id, "indirect", "that the talks would resume"),
        (a.id, "direct", "We are ready,"),
        (a.id, "mixed", "the plan “a first step” toward peace"),
        (b.id, "direct", "it will be fine,"),
        (b.id, "indirect", "the plan\nwill fail"),
    }
    by_quote = {q.quote: q for q in result.quotes}
    holm = by_quote["that the talks would resume"]
    assert holm.speaker.mention is not None and holm.speaker.mention.text == "Senator Holm"
    assert holm.speaker.type == "unknown" and holm.cue is not None and holm.cue.text == "said"
    assert holm.source is not None and holm.source.record == "E1"
    assert holm.source.file == "data/train/attributions/nyt_2016-01-05_holm-talks_bb22.ann"
    assert result.lost == {
        "another annotator's attribution (first listed annotator kept)": 1,
        "attribution without a content span": 1,
        "quality-control article, not imported (parc3-replication)": 1,
    }


def test_import_writes_valid_files_that_load_and_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = import_corpus("polnear", [checkout(tmp_path / "src")], out)
    assert (summary.articles, summary.quotes) == (2, 5)
    assert summary.kinds == {"direct": 2, "mixed": 1, "indirect": 2}
    assert validate(out / "quotes.jsonl", articles=out / "articles.jsonl").ok
    corpus = load(out)
    assert len(corpus.articles) == 2 and len(corpus.quotes) == 5
    dataset = to_dataset(out / "quotes.jsonl", out / "articles.jsonl", cache_dir=tmp_path / "c")
    quotes, articles = dataset["quotes"], dataset["articles"]  # each by split: dev is validation
    assert list(articles) == list(quotes) == ["train", "validation"]
    assert [row["source"]["split"] for row in articles["validation"]] == ["dev"]
    assert sum(split.num_rows for split in quotes.values()) == 5
    assert sorted(r for split in articles.values() for r in split["language"]) == ["en", "en"]
    by_id = {q.id: q for split in quotes.values() for q in from_dataset(split)}
    assert [by_id[q.id] for q in corpus.quotes] == corpus.quotes  # provenance survives Arrow
    read_back = {a.id: a for split in articles.values() for a in from_dataset(split)}
    assert read_back == corpus.articles


def test_stats_and_view_work_on_an_imported_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    import_corpus("polnear", [checkout(tmp_path / "src")], out)
    assert main(["stats", str(out / "quotes.jsonl"), "--by", "kind"]) == 0
    assert "5 quotes" in capsys.readouterr().out
    pages = tmp_path / "view"
    args = ["view", str(out / "quotes.jsonl"), "--articles", str(out / "articles.jsonl")]
    assert main([*args, "--out", str(pages)]) == 0
    assert (pages / "index.html").is_file()
    assert len(list(pages.rglob("*.html"))) == 3


def test_import_reports_progress_in_bytes_and_records(tmp_path: Path) -> None:
    src = checkout(tmp_path / "src")
    with Progress(enabled=False) as progress:
        import_corpus("polnear", [src], tmp_path / "out", progress=progress)
    assert progress.records == 2 + 5
    total = polnear.total_bytes([src])
    assert total is not None and 0 < progress.bytes <= total


def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    src = checkout(tmp_path / "src")
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.jsonl").write_text("precious\n")
    with pytest.raises(FileExistsError):
        import_corpus("polnear", [src], out)
    assert (out / "quotes.jsonl").read_text() == "precious\n"
    assert not (out / "articles.jsonl").exists()
    import_corpus("polnear", [src], out, force=True)
    assert len((out / "quotes.jsonl").read_text().splitlines()) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]  # no temporary left


def test_records_that_do_not_validate_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = checkout(tmp_path / "src")
    real = polnear.iter_batches

    def twice(sources: list[Path]):  # type: ignore[no-untyped-def]
        for batch in real(sources):
            batch.quotes += batch.quotes  # duplicate ids: invalid output
            yield batch

    monkeypatch.setattr(polnear, "iter_batches", twice)
    with pytest.raises(ImportFailed, match="nothing was written"):
        import_corpus("polnear", [src], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_cli_prints_what_came_through_and_what_was_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = checkout(tmp_path / "src")
    out = tmp_path / "out"
    assert main(["import", "polnear", str(src), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "imported 2 articles and 5 quotes (2 direct, 1 mixed, 2 indirect)" in printed
    assert "articles by split: train 1, dev 1" in printed
    assert "not imported: 3" in printed
    assert "1  attribution without a content span  (first: data/train/attributions/" in printed
    assert main(["import", "polnear", str(src), "--out", str(out), "--quiet"]) == 2
    assert "already exists; --force replaces it" in capsys.readouterr().err
    assert main(["import", "polnear", str(tmp_path), "--out", str(out), "--quiet"]) == 2
    assert "not a PolNeAR checkout" in capsys.readouterr().err


def test_split_keeps_the_articles_of_that_split_and_counts_the_others(tmp_path: Path) -> None:
    src = checkout(tmp_path / "src")
    summary = import_corpus("polnear", [src], tmp_path / "dev", split="dev")
    assert (summary.articles, summary.quotes, summary.splits) == (1, 2, {"dev": 1})
    assert summary.left_out == {"train": 1}
    # the train article's own losses are not this import's; the dev article's are
    assert "attribution without a content span" not in summary.lost
    assert summary.lost["another annotator's attribution (first listed annotator kept)"] == 1
    corpus = load(tmp_path / "dev")
    assert [a.id for a in corpus.articles.values()] == ["wash-post_2016-10-01_mayor"]
    assert {q.article_id for q in corpus.quotes} == {"wash-post_2016-10-01_mayor"}
    both = import_corpus("polnear", [src], tmp_path / "both", split=["dev", "train"])
    assert (both.articles, both.quotes, both.left_out) == (2, 5, {})


def test_a_split_with_no_article_names_the_splits_found_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = checkout(tmp_path / "src")
    out = tmp_path / "out"
    args = ["import", "polnear", str(src), "--out", str(out), "--quiet", "--split", "tset"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "no article is in split 'tset'" in err
    assert "dev (1 articles), train (1 articles)" in err
    assert not out.exists()
    assert main([*args[:-1], "dev", "--split", "test"]) == 0
    printed = capsys.readouterr().out
    assert "imported 1 articles and 2 quotes" in printed
    assert "left out, in splits not asked for (articles with their quotes): train 1" in printed


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="polnear, brat"):
        reader("conll")


def test_brat_round_trip_of_the_bundled_data_keeps_spans_kinds_and_mentions(
    tmp_path: Path,
) -> None:
    corpus = load()
    brat.write(corpus.articles.values(), corpus.quotes, tmp_path)
    back = brat.read(tmp_path)
    assert not back.lost and not back.adjusted
    assert {a.id: a.text for a in back.articles} == {a.id: a.text for a in corpus.articles.values()}
    key = lambda q: (q.id, q.kind, q.spans, q.speaker.mention, q.cue)  # noqa: E731
    assert sorted(map(key, back.quotes)) == sorted(map(key, corpus.quotes))
    dates = {a.id: a.published for a in back.articles}
    assert dates == {a.id: a.published for a in corpus.articles.values()}


def test_brat_without_a_kind_attribute_uses_the_quotation_marks(tmp_path: Path) -> None:
    (tmp_path / "s1.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "s1.ann").write_text(ann_b("bb22"), encoding="utf-8")
    (tmp_path / "s2.txt").write_text("No date for this one.", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "filename\tpublisher\tpublication_date\ns1\tThe Daily\t2020-02-03\n", encoding="utf-8"
    )
    result = brat.read(tmp_path)
    assert [(q.kind, q.quote) for q in result.quotes] == [("direct", "it will be fine,")]
    assert result.articles[0].outlet == "The Daily"
    assert result.lost == {"no publication date (give it in metadata.tsv)": 1}


def test_brat_writes_what_brat_needs(tmp_path: Path) -> None:
    corpus = load()
    written = brat.write(corpus.articles.values(), corpus.quotes, tmp_path)
    assert {p.name for p in written} >= {
        "annotation.conf",
        "metadata.tsv",
        "000_49a0f48f2e7f7fe1.txt",
        "000_49a0f48f2e7f7fe1.ann",
    }
    ann = (tmp_path / "000_49a0f48f2e7f7fe1.ann").read_text(encoding="utf-8").splitlines()
    assert all(line.split("\t")[0][0] in "TEA#" for line in ann)
    first = json.loads(corpus.quotes[0].model_dump_json())
    assert any(line.endswith(f"Kind E1 {first['kind']}") for line in ann)


def test_broken_parts_of_a_checkout_are_counted_not_raised(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    data = root / "data"
    (data / "dev" / "text" / "wash-post_2016-10-01_mayor.txt").write_bytes(b"caf\xe9 said")
    rows = (data / "metadata.tsv").read_text().splitlines()
    rows[1] = rows[1].replace("\t2016-01-05\t", "\t2016-02-30\t")  # no such date
    rows += ["train\t\t1", "train"]  # a row without a filename, a row cut short
    (data / "metadata.tsv").write_text("\n".join(rows) + "\n")
    result = polnear.read(root)
    assert not result.articles and not result.quotes
    assert result.lost["bad publication_date in metadata.tsv"] == 1
    assert result.lost["not UTF-8 text"] == 1
    assert result.lost["metadata.tsv row without a filename"] == 2


def test_a_metadata_table_without_its_columns_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = checkout(tmp_path / "src")
    (root / "data" / "metadata.tsv").write_text("name\tdate\nx\t2016-01-01\n")
    with pytest.raises(SourceError, match="no compartment, filename, annotators"):
        polnear.read(root)
    out = str(tmp_path / "out")
    assert main(["import", "polnear", str(root), "--out", out, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "metadata.tsv: no compartment" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_quote_that_disagrees_with_its_article_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each quote is checked against its article's text as it is written (flat memory)."""
    src = checkout(tmp_path / "src")
    real = polnear.iter_batches

    def wrong_outlet(sources: list[Path]):  # type: ignore[no-untyped-def]
        for batch in real(sources):
            batch.quotes = [q.model_copy(update={"outlet": "Elsewhere"}) for q in batch.quotes]
            yield batch

    monkeypatch.setattr(polnear, "iter_batches", wrong_outlet)
    with pytest.raises(ImportFailed) as failed:
        import_corpus("polnear", [src], tmp_path / "out")
    assert {p.type for p in failed.value.report.problems} == {"outlet-mismatch"}
    assert [p.line for p in failed.value.report.problems] == [1, 2, 3, 4, 5]
    assert not (tmp_path / "out").exists()
