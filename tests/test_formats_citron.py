"""citron: reading citron's JSON (fixtures written here in its documented format), writing it,
the round trip of the bundled data, and scoring citron-shaped output against our gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from quotes.cli import main
from quotes.core.models import Quote
from quotes.engine.corpus import Corpus, load
from quotes.engine.pipeline import validate
from quotes.evaluate import evaluate
from quotes.formats import import_corpus, wikinews_de
from quotes.formats.build import ImportResult, SourceError
from quotes.formats.citron import read, write
from quotes.io.jsonl import read as read_records

FIXTURE = Path(__file__).parent / "data" / "formats" / "citron"


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return read(FIXTURE)


@pytest.fixture(scope="module")
def bundled() -> Corpus:
    return load()


def test_contents_become_spans_inside_the_marks_with_the_kind_they_show(
    result: ImportResult,
) -> None:
    article = next(a for a in result.articles if a.id == "a")
    assert article.text == (FIXTURE / "a.txt").read_text(encoding="utf-8")
    assert (article.published.isoformat(), article.outlet) == ("2021-05-03", "Springfield Gazette")
    quotes = {q.quote: q for q in result.quotes if q.article_id == "a"}
    assert quotes["We will build the bridge next year,"].kind == "direct"
    assert quotes["that the costs would be shared with the county"].kind == "indirect"
    # the mixed quote stands after an emoji: code points, not UTF-16 units
    mixed = quotes['that "nothing" would change']
    assert mixed.kind == "mixed" and article.text[slice(*mixed.spans[0])] == mixed.quote
    # two contents given out of order become two ordered segments
    two = quotes["It is a good day, for everyone."]
    assert two.segments(article) == ["It is a good day,", "for everyone."]


def test_speaker_is_the_mention_in_place_and_the_resolved_name(result: ImportResult) -> None:
    quotes = {q.quote: q for q in result.quotes}
    resolved = quotes["It is a good day, for everyone."]
    assert resolved.speaker.mention is not None and resolved.speaker.mention.text == "she"
    assert resolved.speaker.name == "Mayor Jane Doe"
    assert resolved.cue is not None and resolved.cue.text == "said"
    assert (resolved.annotation.method, resolved.annotation.confidence) == ("model", 0.7)
    plain = quotes["We will build the bridge next year,"]
    assert plain.speaker.mention is not None and plain.speaker.mention.text == "Mayor Jane Doe"
    assert plain.speaker.name is None


def test_what_cannot_be_mapped_is_counted_by_reason(result: ImportResult) -> None:
    assert result.lost == {
        "content offsets do not give the source's text": 1,
        "quote without contents": 1,
        "no text: neither a 'text' key nor a .txt file beside it": 1,
    }
    assert result.examples["quote without contents"] == "b.json:2"
    assert len(result.quotes) == 5


def test_round_trip_of_the_bundled_data_keeps_every_record(bundled: Corpus, tmp_path: Path) -> None:
    written = write(bundled.articles.values(), bundled.quotes, tmp_path / "citron")
    assert len(written) == 2 * len(bundled.articles) + 1
    back = read(tmp_path / "citron")
    assert not back.lost and not back.adjusted
    assert {a.id: a.model_copy(update={"source": None}) for a in back.articles} == bundled.articles
    again = {q.id: q for q in back.quotes}
    assert len(again) == len(bundled.quotes)
    for quote in bundled.quotes:
        copy = again[quote.id]
        assert (copy.spans, copy.kind, copy.speaker.mention) == (
            quote.spans,
            quote.kind,
            quote.speaker.mention,
        )
        assert copy.model_copy(update={"source": None}) == quote


def test_the_written_json_is_citrons_annotation_format(bundled: Corpus, tmp_path: Path) -> None:
    write(bundled.articles.values(), bundled.quotes, tmp_path)
    document = json.loads((tmp_path / "000_49a0f48f2e7f7fe1.json").read_text(encoding="utf-8"))
    text = document["text"]
    assert text == bundled.articles["000_49a0f48f2e7f7fe1"].text
    for quote in document["quotes"]:
        spans = [*quote["contents"], *quote["sources"], *([quote["cue"]] if quote["cue"] else [])]
        assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)


def test_citron_output_on_our_texts_is_scored_against_the_gold(
    bundled: Corpus, tmp_path: Path
) -> None:
    # citron-extract output: no text (it stands beside), no kind, contents with their marks
    write(bundled.articles.values(), bundled.quotes, tmp_path / "gold")
    predicted = tmp_path / "predicted"
    predicted.mkdir()
    shutil.copy(tmp_path / "gold" / "metadata.tsv", predicted)
    for article in bundled.articles.values():
        shutil.copy(tmp_path / "gold" / f"{article.id}.txt", predicted)
        text, quotes = article.text, []
        for quote in (q for q in bundled.quotes if q.article_id == article.id):
            contents = []
            for start, end in quote.spans:
                if (
                    quote.kind == "direct"
                    and text[start - 1] in '\u201c"'
                    and text[end] in '\u201d"'
                ):
                    start, end = start - 1, end + 1
                contents.append({"start": start, "end": end, "text": text[start:end]})
            mention = quote.speaker.mention
            quotes.append(
                {
                    "sources": [mention.model_dump()] if mention else [],
                    "coreferences": [],
                    "cue": quote.cue.model_dump() if quote.cue else None,
                    "contents": contents,
                    "confidence": "0.5000",
                }
            )
        output = {"quotes": quotes, "source": {}}
        (predicted / f"{article.id}.json").write_text(json.dumps(output), encoding="utf-8")
    summary = import_corpus("citron", [predicted], tmp_path / "records")
    assert summary.quotes == len(bundled.quotes) and not summary.lost
    imported = read(predicted)
    scores = evaluate(bundled.quotes, imported.quotes, bundled.articles)
    assert scores.exact["all"].f1 == 1.0  # every span found exactly, marks left out
    assert scores.exact["all"].cue_accuracy == 1.0
    report = validate(
        [tmp_path / "records" / "quotes.jsonl"], articles=[tmp_path / "records" / "articles.jsonl"]
    )
    assert report.ok
    # metadata.tsv carried the regions: quotes in sidebars stand there again
    regions = {q.id: q.region for q in bundled.quotes}
    assert "sidebar" in regions.values()
    assert {q.id: q.region for q in imported.quotes} == regions
    assert main(["evaluate", "bundled", str(tmp_path / "records" / "quotes.jsonl")]) == 0


def test_cli_export_then_import_gives_the_bundled_records_back(
    bundled: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, back = str(tmp_path / "citron"), str(tmp_path / "back")
    assert main(["export", "--format", "citron", "--out", out, "--quiet"]) == 0
    assert main(["export", "--format", "citron", "--out", out, "--quiet"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["import", "citron", out, "--out", back, "--quiet"]) == 0
    quotes = list(read_records(tmp_path / "back" / "quotes.jsonl", Quote))
    assert [q.model_copy(update={"source": None}) for q in quotes] == bundled.quotes
    given = [str(tmp_path / "back" / "quotes.jsonl"), "--articles"]
    given.append(str(tmp_path / "back" / "articles.jsonl"))
    again = str(tmp_path / "again")
    assert main(["export", *given, "--format", "citron", "--out", again, "--quiet"]) == 0
    assert (tmp_path / "again" / "000_49a0f48f2e7f7fe1.json").read_bytes() == (
        tmp_path / "citron" / "000_49a0f48f2e7f7fe1.json"
    ).read_bytes()


def test_unreadable_inputs_are_counted_or_stop_the_import(tmp_path: Path) -> None:
    shutil.copy(FIXTURE / "a.json", tmp_path)
    (tmp_path / "a.txt").write_bytes(b"\xff not UTF-8")
    (tmp_path / "folder.json").mkdir()  # a folder is not a file to read
    shutil.copy(FIXTURE / "metadata.tsv", tmp_path)
    result = read(tmp_path)
    assert result.lost == {
        "unreadable text file beside it (UTF-8 expected)": 1,
        "its article was left out": 4,
    }
    (tmp_path / "metadata.tsv").write_bytes(b"filename\tpublication_date\na\t\xff\n")
    with pytest.raises(SourceError, match=r"metadata\.tsv: not UTF-8"):
        read(tmp_path)
    (tmp_path / "metadata.tsv").write_text("name\tdate\na\t2020-01-01\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no filename column"):
        read(tmp_path)


def test_an_unreadable_confidence_is_counted(tmp_path: Path) -> None:
    text = "She said it would rain.\n"
    quote: dict[str, Any] = {"contents": [{"start": 9, "end": 22}], "confidence": "high"}
    quote["sources"] = [{"start": 0, "end": 3}]
    (tmp_path / "d.json").write_text(json.dumps({"text": text, "quotes": [quote]}))
    (tmp_path / "metadata.tsv").write_text("filename\tpublication_date\nd\t2020-01-01\n")
    result = read(tmp_path)
    assert [q.quote for q in result.quotes] == ["it would rain"]
    assert result.quotes[0].annotation.confidence is None
    assert result.adjusted == {"unreadable confidence: left out": 1}


def test_quotes_without_a_cue_travel_beside_citrons_list(tmp_path: Path) -> None:
    german = wikinews_de.read(Path(__file__).parent / "data" / "formats" / "wikinews-de")
    assert any(q.cue is None for q in german.quotes)
    write(german.articles, german.quotes, tmp_path)
    for path in tmp_path.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert all(q["cue"] is not None for q in document["quotes"])  # citron needs a cue
    back = read(tmp_path)
    assert not back.lost
    strip = {"source": None}
    assert {q.id: q.model_copy(update=strip) for q in back.quotes} == {
        q.id: q.model_copy(update=strip) for q in german.quotes
    }
