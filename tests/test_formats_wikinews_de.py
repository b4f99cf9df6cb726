"""wikinews-de: the German news quotation attribution corpus 2024, read from fixtures written in
its layout (tests/data/formats/wikinews-de; the corpus itself is CC BY-NC-SA and not shipped)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quotes.engine.pipeline import validate
from quotes.formats import import_corpus
from quotes.formats.build import ImportResult, Unmappable
from quotes.formats.wikinews_de import LABELS, parse_name, read

FIXTURE = Path(__file__).parent / "data" / "formats" / "wikinews-de"
RADWEG = "data/train/101 - Stadtrat beschließt neuen Radweg (2021-03-04).pretty.json"
HOCHWASSER = "data/dev/202 - Hochwasser - Lage entspannt sich (2021-07-20).pretty.json"


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return read(FIXTURE)


def test_articles_take_id_title_date_and_split_from_the_file_name(result: ImportResult) -> None:
    by_id = {a.id: a for a in result.articles}
    assert sorted(by_id) == ["101", "202", "303"]
    radweg = by_id["101"]
    assert radweg.title == "Stadtrat beschließt neuen Radweg"
    assert radweg.published.isoformat() == "2021-03-04"
    assert radweg.language == "de"
    assert radweg.source is not None
    assert (radweg.source.split, radweg.source.file) == ("train", RADWEG)
    source = json.loads((FIXTURE / RADWEG).read_text(encoding="utf-8"))
    assert radweg.text == source["originalText"]
    assert by_id["202"].title == "Hochwasser - Lage entspannt sich"


def test_offsets_are_code_points_even_after_a_character_outside_the_bmp(
    result: ImportResult,
) -> None:
    # The fixture has an emoji before "gab es keine Zwischenfälle": UTF-16 offsets would be off
    # by one there; every record must still give its text.
    quote = next(q for q in result.quotes if q.quote == "gab es keine Zwischenfälle")
    article = next(a for a in result.articles if a.id == "101")
    assert "\U0001f6b2" in article.text[: quote.spans[0][0]]
    assert article.text[slice(*quote.spans[0])] == quote.quote
    assert quote.speaker.mention is not None
    assert quote.speaker.mention.text == "der Polizei"


def test_labels_map_onto_kinds_and_are_kept(result: ImportResult) -> None:
    kinds = {q.quote: (q.kind, q.source.label if q.source else None) for q in result.quotes}
    assert kinds["Das ist ein guter Tag für alle Radfahrer"] == ("direct", "Direct")
    # Indirect with a quoted fragment is a mixed quote
    assert kinds["der Weg sei „viel zu teuer“ und komme zu spät"] == ("mixed", "Indirect")
    assert kinds["gab es keine Zwischenfälle"] == ("indirect", "Reported")
    assert kinds["Es gebe keinen Grund zur Panik."] == ("indirect", "FreeIndirect")
    assert kinds["man habe zu spät gewarnt"] == ("indirect", "IndirectFreeIndirect")
    assert set(LABELS) == {"Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"}


def test_direct_segments_stand_inside_the_quotation_marks(result: ImportResult) -> None:
    quote = next(q for q in result.quotes if q.id.startswith("101-") and len(q.spans) == 2)
    article = next(a for a in result.articles if a.id == "101")
    assert quote.segments(article) == ["Wir werden das prüfen", "und dann entscheiden."]
    assert quote.quoted == quote.spans  # all of a direct quote is quoted
    for start, end in quote.spans:
        assert article.text[start - 1] == "„" and article.text[end] == "“"


def test_speaker_cue_addressee_medium_and_nesting_are_kept(result: ImportResult) -> None:
    quote = next(q for q in result.quotes if q.quote == "Das ist ein guter Tag für alle Radfahrer")
    assert quote.speaker.mention is not None and quote.cue is not None
    assert quote.speaker.mention.text == "Bürgermeisterin Anna Schmidt"
    assert (quote.speaker.name, quote.speaker.type) == (None, "unknown")
    assert quote.cue.text == "sagte"
    assert quote.addressee == "den Journalisten"
    assert quote.source is not None and quote.source.notes == ["medium: Speech"]
    nested = next(q for q in result.quotes if q.quote == "Die Pegel sinken.")
    assert nested.source is not None
    assert "nested: stands inside another quote of the source" in nested.source.notes
    unattributed = next(q for q in result.quotes if q.quote == "Es gebe keinen Grund zur Panik.")
    assert unattributed.speaker.mention is None and unattributed.cue is None


def test_a_discontinuous_cue_keeps_its_first_part_and_lists_all(result: ImportResult) -> None:
    quote = next(q for q in result.quotes if q.quote == "man habe zu spät gewarnt")
    assert quote.cue is not None and quote.cue.text == "wies"
    assert quote.source is not None
    assert any("'wies'" in n and "'zurück'" in n for n in quote.source.notes)
    assert result.adjusted["discontinuous cue: first part kept, all parts in notes"] == 1


def test_what_cannot_be_mapped_is_counted_by_reason(result: ImportResult) -> None:
    assert result.lost == {
        "unreadable JSON file": 1,
        "impossible date in the file name": 1,
        "quote offsets do not give the source's text": 1,
        "another quote starts at the same offset": 1,
    }
    assert result.examples["another quote starts at the same offset"] == f"{HOCHWASSER}:3"
    assert result.adjusted["frame span left out (no field for it)"] == 1
    assert len(result.quotes) == 7


def test_parse_name_rejects_names_outside_the_pattern() -> None:
    assert parse_name("7 - A (B) (2005-01-02).pretty.json")[1] == "A (B)"
    with pytest.raises(Unmappable, match="NUMBER - TITLE"):
        parse_name("notes.json")


def test_import_writes_files_that_validate(tmp_path: Path) -> None:
    source = tmp_path / "corpus"
    shutil.copytree(FIXTURE, source)
    (source / ".vscode").mkdir()
    (source / ".vscode" / "launch.json").write_text("{}", encoding="utf-8")  # not under data/
    summary = import_corpus("wikinews-de", [source], tmp_path / "out")
    assert (summary.articles, summary.quotes) == (3, 7)
    assert summary.kinds == {"direct": 3, "mixed": 1, "indirect": 3}
    report = validate(
        [tmp_path / "out" / "quotes.jsonl"], articles=[tmp_path / "out" / "articles.jsonl"]
    )
    assert report.ok and report.corpus_level


def test_split_keeps_one_split_of_the_corpus(tmp_path: Path) -> None:
    summary = import_corpus("wikinews-de", [FIXTURE], tmp_path / "dev", split="dev")
    assert summary.splits == {"dev": summary.articles} and summary.articles >= 1
    assert set(summary.left_out) == {"train", "test"}
    report = validate(
        [tmp_path / "dev" / "quotes.jsonl"], articles=[tmp_path / "dev" / "articles.jsonl"]
    )
    assert report.ok
    dev_ids = {json.loads(line)["id"] for line in (tmp_path / "dev" / "articles.jsonl").open()}
    quote_ids = {
        json.loads(line)["article_id"] for line in (tmp_path / "dev" / "quotes.jsonl").open()
    }
    assert quote_ids <= dev_ids
