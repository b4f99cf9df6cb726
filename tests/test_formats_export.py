"""``quotes export --format brat|bio``: on the bundled data and on files given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from quotes import TextSpan, load
from quotes.cli import main
from quotes.export import export
from quotes.formats import bio, brat


def test_bio_tags_every_article_and_marks_each_role() -> None:
    corpus = load()
    records = [
        bio.tag_article(a, [q for q in corpus.quotes if q.article_id == a.id])
        for a in corpus.articles.values()
    ]
    assert [r["id"] for r in records] == list(corpus.articles)
    for record, article in zip(records, corpus.articles.values(), strict=True):
        tokens, tags = record["tokens"], record["tags"]
        assert isinstance(tokens, list) and isinstance(tags, list)
        assert len(tokens) == len(tags) > 0 and set(tags) <= set(bio.TAGS)
        starts, ends = record["starts"], record["ends"]
        assert isinstance(starts, list) and isinstance(ends, list)
        assert [article.text[s:e] for s, e in zip(starts, ends, strict=True)] == tokens
        for previous, tag in zip(["O", *tags], tags, strict=False):
            if tag.startswith("I-"):  # an I- tag continues a span of its own role
                assert previous[2:] == tag[2:]
    first = corpus.quotes[
        0
    ]  # 000_49a0f48f2e7f7fe1-279: NATO officials characterized ... as "broad, ..."
    record = records[0]
    by_start = dict(zip(record["starts"], record["tags"], strict=True))  # type: ignore[call-overload]
    assert by_start[first.spans[0][0]] == "B-QUOTE"
    assert first.speaker.mention is not None and first.cue is not None
    assert by_start[first.speaker.mention.start] == "B-SPEAKER"
    assert by_start[first.cue.start] == "B-CUE"


def test_bio_content_wins_where_roles_meet_and_segments_open_with_b() -> None:
    corpus = load()
    article = corpus.articles["000_49a0f48f2e7f7fe1"]
    quote = corpus.quotes[0]  # spans [[279, 375]]: "broad, lacking any mention ..."
    text = article.text
    assert text[279:286] == "broad, "
    overlapping = TextSpan(text="broad", start=279, end=284)
    two = quote.model_copy(
        update={
            "spans": [(279, 284), (286, 375)],
            "speaker": quote.speaker.model_copy(update={"mention": overlapping}),
        }
    )
    record = bio.tag_article(article, [two])
    by_start = dict(zip(record["starts"], record["tags"], strict=True))  # type: ignore[call-overload]
    assert by_start[279] == "B-QUOTE"  # content over the speaker mention
    assert by_start[284] == "O"  # the comma between the segments
    assert by_start[286] == "B-QUOTE"  # the second segment opens again
    assert "B-SPEAKER" not in record["tags"]  # type: ignore[operator]


def test_bio_export_loads_with_datasets(tmp_path: Path) -> None:
    import datasets

    (path,) = export("bio", tmp_path / "out")
    loaded = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert loaded.num_rows == len(load().articles)
    assert set(loaded.column_names) == {"id", "split", "tokens", "starts", "ends", "tags"}


def test_export_of_given_files_and_refusal_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = load()
    brat.write(corpus.articles.values(), corpus.quotes, tmp_path / "brat")
    assert main(["import", "brat", str(tmp_path / "brat"), "--out", str(tmp_path / "in")]) == 0
    given = [
        str(tmp_path / "in" / "quotes.jsonl"),
        "--articles",
        str(tmp_path / "in" / "articles.jsonl"),
    ]
    out = str(tmp_path / "out")
    assert main(["export", *given, "--format", "brat", "--out", out]) == 0
    assert main(["export", *given, "--format", "brat", "--out", out]) == 2
    assert "already exists" in capsys.readouterr().err
    for name in ("000_49a0f48f2e7f7fe1.ann", "metadata.tsv", "annotation.conf"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "brat" / name).read_bytes()
    assert main(["export", *given, "--format", "bio", "--out", out]) == 0
    lines = (tmp_path / "out" / "bio.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == list(corpus.articles)


def test_csv_export_of_imported_records_keeps_their_provenance(tmp_path: Path) -> None:
    import csv
    import datetime as dt

    from quotes.core.models import SpeakerCandidate
    from quotes.export import Records
    from quotes.formats.build import make_article, make_quote

    a = make_article(
        id="x",
        text='He said "yes".',
        corpus="quotebank",
        file="f.json",
        published=dt.date(2020, 1, 1),
        published_evidence="e",
        rights="r",
        split="train",
    )
    candidate = SpeakerCandidate(name="Al", probability=0.5, wikidata=["Q1"])
    q = make_quote(a, [(8, 13)], corpus="quotebank", file="f.json", candidates=[candidate])
    bundled = load()
    records = Records([q, *bundled.quotes], [a, *bundled.articles.values()])
    export("csv", tmp_path, records)  # one split (train, the bundled articles' too): one folder
    with (tmp_path / "train" / "quotes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["source_corpus"] == "quotebank" and rows[0]["quote"] == "yes"
    assert json.loads(rows[0]["source_candidates"]) == [candidate.model_dump()]
    assert rows[1]["source_corpus"] == ""  # bundled records have no provenance
    with (tmp_path / "train" / "articles.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["source_split"] == "train"


def test_csv_ids_read_as_the_docs_say_stay_text(tmp_path: Path) -> None:
    import datetime as dt
    import re

    import pandas as pd

    from quotes.export import Records
    from quotes.extract import extract_files

    story = tmp_path / "2016.txt"  # an all-digit id, which pandas would make a number
    story.write_text('"We are here," said Ann Bell.\n', encoding="utf-8")
    result = extract_files([story], date=dt.date(2016, 1, 1))
    export("csv", tmp_path / "csv", Records(result.quotes, result.articles))
    assert pd.read_csv(tmp_path / "csv" / "articles.csv")["id"].tolist() == [2016]
    docs = (ROOT / "docs" / "formats" / "export.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [dtype] = re.findall(r'pd\.read_csv\("csv/quotes\.csv", dtype=(\{[^}]*\})\)', docs)
    assert f"dtype={dtype}" in readme
    kept = eval(dtype, {"str": str})  # the docs' own words
    quotes = pd.read_csv(tmp_path / "csv" / "quotes.csv", dtype=kept)
    articles = pd.read_csv(tmp_path / "csv" / "articles.csv", dtype=kept)
    assert articles["id"].tolist() == ["2016"]
    assert quotes["article_id"].tolist() == ["2016"] and quotes["id"].tolist() == ["2016-1"]
