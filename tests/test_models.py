"""Record-level rules of the models: what a single record must satisfy on its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import DATA
from pydantic import ValidationError

from quotes import Article, Quote, quote_id

QUOTE_LINES = (DATA / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
ARTICLE_LINE = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]


def quote_with(**change: Any) -> str:
    record = json.loads(QUOTE_LINES[0])
    record.update(change)
    return json.dumps(record)


def error_types(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e["type"] for e in exc.value.errors()}


def test_fixture_records_are_valid() -> None:
    assert Article.model_validate_json(ARTICLE_LINE).id == "900"
    assert [Quote.model_validate_json(line).kind for line in QUOTE_LINES] == [
        "direct",
        "indirect",
        "mixed",
        "indirect",
    ]


def test_id_rule() -> None:
    assert quote_id("003", 1234) == "003-1234"
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(quote_with(id="900-102"))
    assert error_types(exc) == {"id-rule"}


@pytest.mark.parametrize(
    ("spans", "quote"),
    [
        ([[5, 5]], ""),
        ([[9, 5]], "x"),
        ([[5, 9], [7, 12]], "abcd abcde"),
        ([[10, 12], [5, 7]], "ab cd"),
    ],
)
def test_spans_must_be_proper_ordered_and_disjoint(spans: list[list[int]], quote: str) -> None:
    with pytest.raises(ValidationError):
        record = quote_with(spans=spans, quote=quote, id=quote_id("900", spans[0][0]))
        Quote.model_validate_json(record)


def test_negative_offsets_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Quote.model_validate_json(quote_with(spans=[[-1, 3]], quote="abcd", id=quote_id("900", -1)))


def test_quote_length_must_fit_the_spans() -> None:
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(quote_with(quote="too short"))
    assert error_types(exc) == {"quote-length"}


@pytest.mark.parametrize("date", ["2010-02-30", "2010-13-01", "20100201", "2010-2-1", 20100201])
def test_dates_must_be_real_iso_dates(date: object) -> None:
    with pytest.raises(ValidationError):
        Quote.model_validate_json(quote_with(date=date))


def test_unknown_and_missing_keys_are_rejected() -> None:
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(quote_with(extra=1))
    assert error_types(exc) == {"extra_forbidden"}
    record = json.loads(QUOTE_LINES[0])
    del record["via"]
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(json.dumps(record))
    assert error_types(exc) == {"missing"}


def test_strings_are_not_coerced_to_numbers() -> None:
    record = json.loads(QUOTE_LINES[0])
    record["spans"][0][0] = str(record["spans"][0][0])
    with pytest.raises(ValidationError):
        Quote.model_validate_json(json.dumps(record))


def test_uttered_fields_go_together() -> None:
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(quote_with(uttered="2020-05-01"))
    assert error_types(exc) == {"inconsistent-record"}
    quote = Quote.model_validate_json(
        quote_with(
            uttered="2020-05-01",
            uttered_precision="day",
            uttered_confidence="stated",
            uttered_evidence="The text says so.",
        )
    )
    assert str(quote.uttered) == "2020-05-01"


def test_confidence_is_a_probability() -> None:
    bad = {"method": "rule", "tool": "x 1", "confidence": 1.5}
    with pytest.raises(ValidationError):
        Quote.model_validate_json(quote_with(annotation=bad))


def test_article_sha256_must_match_text() -> None:
    record = json.loads(ARTICLE_LINE)
    record["text"] = record["text"].replace("Oslo", "Bergen")
    with pytest.raises(ValidationError) as exc:
        Article.model_validate_json(json.dumps(record))
    assert error_types(exc) == {"sha256-mismatch"}


def test_article_regions_must_lie_inside_the_text_in_order() -> None:
    record = json.loads(ARTICLE_LINE)
    record["regions"] = [{"start": 0, "end": 10_000, "kind": "furniture"}]
    with pytest.raises(ValidationError):
        Article.model_validate_json(json.dumps(record))
    record["regions"] = [
        {"start": 20, "end": 30, "kind": "headline"},
        {"start": 0, "end": 10, "kind": "furniture"},
    ]
    with pytest.raises(ValidationError):
        Article.model_validate_json(json.dumps(record))


def test_corrections_sit_beside_the_verbatim_text() -> None:
    record = json.loads(ARTICLE_LINE)
    start = record["text"].index("Oslo")
    record["corrections"] = [
        {"start": start, "end": start + 4, "original": "Oslo", "corrected": "OSLO", "reason": "x"}
    ]
    article = Article.model_validate_json(json.dumps(record))
    assert "Oslo" in article.text
    assert article.corrected_text == article.text.replace("Oslo", "OSLO", 1)
    record["corrections"][0]["original"] = "Bergen"
    with pytest.raises(ValidationError):
        Article.model_validate_json(json.dumps(record))


def test_region_at_tells_body_from_furniture() -> None:
    article = Article.model_validate_json(ARTICLE_LINE)
    furniture = article.text.index("Share this page")
    body = article.text.index("Ministers met")
    region = article.region_at(furniture)
    assert region is not None and region.kind == "furniture"
    assert article.region_at(body) is None


def test_records_are_immutable() -> None:
    quote = Quote.model_validate_json(QUOTE_LINES[0])
    with pytest.raises(ValidationError):
        quote.kind = "mixed"  # type: ignore[misc]


def test_segments_and_context_come_from_the_article() -> None:
    article = Article.model_validate_json(ARTICLE_LINE)
    quote = Quote.model_validate_json(QUOTE_LINES[0])
    assert quote.segments(article) == ["We are ready to talk,", "But not at any price."]
    # from 10 code points before the first span to 10 after the last, the marks and the cue
    # between the segments included
    assert quote.context(article, chars=10) == (
        'r plan.\n\n"We are ready to talk," said Foreign Minister Kari Holm. '
        '"But not at any price."\n\nHolm sa'
    )
    assert quote.context(article, chars=0) == article.text[101:179]
    assert quote.context(article, chars=len(article.text)) == article.text  # clipped at the ends
    with pytest.raises(ValueError, match="chars must be 0 or more"):
        quote.context(article, chars=-1)


def test_a_quote_of_an_article_takes_its_id_text_date_and_outlet_from_it() -> None:
    """``Quote.of_article``, which the extractor, the importers and the curation script all
    build records with: the same record as the fixture, from the article, spans and the rest."""
    article = Article.model_validate_json(ARTICLE_LINE)
    fixture = Quote.model_validate_json(QUOTE_LINES[0])
    given = fixture.model_dump(
        include={"speaker", "annotation", "cue", "addressee", "via", "region", "source"}
    )
    rebuilt = Quote.of_article(
        article,
        [tuple(span) for span in fixture.spans],
        quoted=[tuple(span) for span in fixture.quoted],
        **{k: getattr(fixture, k) for k in given},
        uttered=fixture.uttered,
        uttered_precision=fixture.uttered_precision,
        uttered_confidence=fixture.uttered_confidence,
        uttered_evidence=fixture.uttered_evidence,
    )
    assert rebuilt == fixture
    (start, end), *_ = fixture.spans
    with pytest.raises(ValidationError):  # a span beyond the first one's end, out of order
        Quote.of_article(article, [(end + 1, end + 3), (start, end)], quoted=[], **{
            k: getattr(fixture, k) for k in ("speaker", "annotation")
        })  # fmt: skip


def test_field_descriptions_cite_only_files_the_repository_holds() -> None:
    """A description may send the reader to a document (docs/annotation.md); it must be there."""
    import re

    from conftest import ROOT

    from quotes import Annotation, Correction, Region, Speaker, TextSpan
    from quotes.core.models import Source, SpeakerCandidate

    models = (Quote, Article, Speaker, Annotation, TextSpan, Region, Correction, Source)
    cited = {
        (model.__name__, name, document)
        for model in (*models, SpeakerCandidate)
        for name, field in model.model_fields.items()
        for document in re.findall(r"[\w./-]+\.md\b", field.description or "")
    }
    missing = {c for c in cited if not (ROOT / c[2]).is_file()}
    assert cited and not missing


def mixed_with(**change: Any) -> str:
    """The fixture's mixed quote, changed."""
    record = json.loads(QUOTE_LINES[2])
    record.update(change)
    return json.dumps(record)


def test_a_quoted_part_outside_the_content_is_a_problem() -> None:
    record = json.loads(QUOTE_LINES[2])
    (start, end), *_ = record["spans"]
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(mixed_with(quoted=[[start - 3, start + 2]]))
    assert error_types(exc) == {"quoted-outside-content"}
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(mixed_with(quoted=[[end - 2, end + 1]]))
    assert error_types(exc) == {"quoted-outside-content"}


@pytest.mark.parametrize(
    ("line", "quoted"),
    [
        (0, []),  # a direct quote without quoted parts
        (0, "first span only"),  # a direct quote's quoted parts are all its spans
        (1, "its span"),  # an indirect quote has no quoted parts
        (2, []),  # a mixed quote has some
    ],
)
def test_quoted_parts_that_contradict_the_kind_are_inconsistent(line: int, quoted: Any) -> None:
    record = json.loads(QUOTE_LINES[line])
    if quoted == "first span only":
        quoted = record["spans"][:1]
    elif quoted == "its span":
        quoted = record["spans"]
    record["quoted"] = quoted
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate_json(json.dumps(record))
    assert error_types(exc) == {"inconsistent-record"}


def test_a_kind_the_quoted_parts_contradict_is_a_corpus_problem() -> None:
    from quotes import check_quote

    article = Article.model_validate_json(ARTICLE_LINE)
    mixed = Quote.model_validate_json(QUOTE_LINES[2])
    assert check_quote(mixed, article) == []
    # the quoted parts hold every letter of the content, so it is direct, not mixed
    record = json.loads(QUOTE_LINES[2])
    record["quoted"] = record["spans"]
    problems = check_quote(Quote.model_validate_json(json.dumps(record)), article)
    assert [(p.type, p.field) for p in problems] == [("kind-mismatch", "kind")]
    assert "'direct'" in problems[0].message


@pytest.mark.parametrize("written", ["0", "000", "86400", "172800"])
def test_a_date_written_as_seconds_is_refused_as_the_schema_refuses_it(written: str) -> None:
    # pydantic alone reads such a string as seconds since 1970 ("86400": 1970-01-02)
    from quotes.io.jsonl import parse_line

    record = json.loads(quote_with())
    record |= {"uttered": "2020-01-01", "uttered_precision": "day"}
    record |= {"uttered_confidence": "stated", "uttered_evidence": "said so"}
    assert Quote.model_validate_json(json.dumps(record)).uttered is not None
    for field in ("date", "uttered"):
        line = json.dumps(record | {field: written}).encode()
        problems = parse_line(line)
        assert isinstance(problems, list)
        assert [(p.field, p.type) for p in problems] == [(field, "invalid-date")]
    article = json.loads(ARTICLE_LINE) | {"published": written}
    with pytest.raises(ValidationError) as raised:
        Article.model_validate_json(json.dumps(article))
    assert error_types(raised) == {"invalid-date"}
