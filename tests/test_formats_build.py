"""The record-building helpers every importer shares: spans in our convention, provenance, and
counting what could not be mapped (the kind rule is tested in test_marks.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quotes.core.corpus_rules import check_quote
from quotes.core.models import Article
from quotes.formats.build import (
    ImportResult,
    Unmappable,
    article_key,
    collect,
    make_article,
    make_quote,
    text_span,
    trim,
)

TEXT = (
    'Holm said: "We are ready to talk." Aides said the talks were "a first step" for both.\n\n'
    "Officials said the plan would wait. „Wir sind bereit“, sagte sie."
)


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def article(**fields: Any) -> Article:
    """The test article, with any field of :func:`make_article` given instead."""
    made: dict[str, Any] = {
        "id": article_key("nyt_2016-03-21_x"),
        "text": TEXT,
        "corpus": "test",
        "file": "data/train/text/nyt_2016-03-21_x.txt",
        "published": dt.date(2016, 3, 21),
        "published_evidence": "test metadata",
        "rights": "test",
        "outlet": "nyt",
        "split": "train",
    }
    return make_article(**(made | fields))


def test_article_key_replaces_what_an_id_cannot_hold() -> None:
    assert article_key("nyt 2016/03/21") == "nyt.2016.03.21"
    assert article_key("nyt_2016-03-21_x") == "nyt_2016-03-21_x"
    with pytest.raises(Unmappable):
        article_key("--")


def test_made_article_is_valid_and_carries_its_provenance() -> None:
    a = make_article(
        id="x1",
        text="Some text.",
        corpus="test",
        file="dir/x1.txt",
        published=dt.date(2016, 1, 2),
        published_evidence="metadata",
        rights="r",
        wire="",
        annotator="ab12",
        split="dev",
    )
    assert a.file == "x1.txt" and a.wire is None and a.outlet is None
    assert a.source is not None and (a.source.file, a.source.split) == ("dir/x1.txt", "dev")
    with pytest.raises(Unmappable, match="empty article text"):
        article(text="")


def test_trim_strips_space_drops_empty_and_merges() -> None:
    text = "  ab  cd  "
    assert trim(text, [(6, 10), (0, 4), (3, 6), (8, 9)]) == [(2, 4), (6, 8)]
    assert trim(text, [(0, 2)]) == []


def test_made_quote_is_valid_with_mention_and_cue() -> None:
    a = article()
    result = ImportResult()
    mention = text_span(TEXT, [at("Holm")], "speaker mention", result, "f")
    cue = text_span(TEXT, [at("said"), at("said:")], "cue", result, "f")
    q = make_quote(
        a, [at('"We are ready to talk."')], corpus="test", file="f.ann", mention=mention, cue=cue
    )
    assert (q.kind, q.quote, q.speaker.type) == ("direct", "We are ready to talk.", "unknown")
    assert q.speaker.mention is not None and q.speaker.mention.text == "Holm"
    assert q.source is not None and q.source.file == "f.ann"
    assert check_quote(q, a) == []
    assert not result.adjusted  # overlapping pieces merge into one: nothing lost


def test_discontinuous_cue_is_one_span_and_counted() -> None:
    result = ImportResult()
    cue = text_span(TEXT, [at("Holm"), at("ready")], "cue", result, "f.ann:E1")
    assert cue is not None and cue.text == TEXT[at("Holm")[0] : at("ready")[1]]
    assert result.adjusted == {"discontinuous cue: one span": 1}
    assert result.examples["discontinuous cue: one span"] == "f.ann:E1"


def test_stated_quoted_parts_keep_the_spans_and_give_the_kind() -> None:
    q = make_quote(article(), [at("We are ready")], corpus="t", file="f", quoted=[])
    assert (q.kind, q.quote, q.quoted) == ("indirect", "We are ready", [])
    q = make_quote(article(), [at("We are ready")], corpus="t", file="f")  # by the marks
    assert (q.kind, q.quoted) == ("direct", q.spans)


def test_unmappable_records_are_counted_by_reason_never_dropped_silently() -> None:
    a = article()
    result = ImportResult(articles=[a])
    with result.attempt("f.ann:E1"):
        result.add_quote(make_quote(a, [(0, 0)], corpus="t", file="f"), a, "f.ann:E1")
    q = make_quote(a, [at("the plan would wait")], corpus="t", file="f")
    result.add_quote(q, a, "f.ann:E2")
    result.add_quote(q, a, "f.ann:E3")
    assert result.lost == {"empty content span": 1, "another quote starts at the same offset": 1}
    assert result.examples["empty content span"] == "f.ann:E1"
    merged = collect([result, ImportResult(lost=result.lost.copy())])
    assert len(merged.quotes) == 1 and merged.lost["empty content span"] == 2


def test_a_quote_given_its_parts_as_fields_is_the_quote_given_them_as_records() -> None:
    from quotes.core.models import SpeakerCandidate, TextSpan

    a, content = article(), [at("We are ready to talk.")]
    mention = {"text": "Holm", "start": 0, "end": 4}
    candidate = {"name": "Holm", "probability": 0.5, "wikidata": ["Q1"]}
    as_fields = make_quote(
        a, content, corpus="t", file="f", mention=mention, candidates=[candidate]
    )
    as_records = make_quote(
        a,
        content,
        corpus="t",
        file="f",
        mention=TextSpan.model_validate(mention),
        candidates=[SpeakerCandidate.model_validate(candidate)],
    )
    assert as_fields == as_records and as_fields.speaker.mention == as_records.speaker.mention


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"speaker_name": "\ud800"}, "name: string_unicode"),
        ({"record": "\ud800"}, "record: string_unicode"),
        ({"notes": ["ok", "\ud800"]}, "notes.1: string_unicode"),
        ({"confidence": 2.0}, "confidence: less_than_equal"),
        ({"record": "\ud800", "speaker_name": "\ud800"}, "name: string_unicode"),
        ({"record": "\ud800", "confidence": 2.0}, "confidence: less_than_equal"),
        ({"mention": {"text": "Holm", "start": 1, "end": 4}}, "mention: text-mismatch"),
        (
            {"candidates": [{"name": "\ud800", "probability": 0.5, "wikidata": []}]},
            "candidates.0.name: string_unicode",
        ),
    ],
)
def test_an_invalid_part_of_a_quote_is_named_as_its_own_record_names_it(
    fields: dict[str, object], reason: str
) -> None:
    """The speaker, the annotation and the source are validated with the quote, and reported as
    when each was made first, in that order: located in the part, the first part first."""
    with pytest.raises(Unmappable) as raised:
        make_quote(article(), [at("We are ready to talk.")], corpus="t", file="f", **fields)
    assert raised.value.reason == f"invalid quote ({reason})"


def test_an_attempt_counts_text_that_is_not_utf8_and_lets_other_errors_through() -> None:
    result = ImportResult()
    with result.attempt("f.ann"):
        b"\xff".decode("utf-8")
    with pytest.raises(KeyError), result.attempt("f.ann:T2"):
        raise KeyError("T2")
    with result.attempt("f.ann:T3"):
        pass
    assert result.lost == {"not UTF-8 text": 1} and result.examples == {"not UTF-8 text": "f.ann"}


def test_a_kept_quote_is_checked_against_its_article_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotes.core import corpus_rules
    from quotes.formats import build
    from quotes.formats.written import Output, serialise

    a = article()
    result = ImportResult(articles=[a])
    calls: list[str] = []

    def counted(quote: object, *args: object, **kwargs: object) -> list[object]:
        calls.append(str(getattr(quote, "id", "")))
        return check_quote(quote, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "check_quote", counted)
    monkeypatch.setattr(corpus_rules, "check_quote", counted)
    q = make_quote(a, [at("the plan would wait")], corpus="t", file="f")
    result.add_quote(q, a, "f.ann:E1")
    assert result.fitted(q) is a and result.fitted(q.model_copy()) is None
    written = serialise([result], Output("a.jsonl", "q.jsonl"))
    assert (len(written.ids), written.quote_count, written.problems) == (1, 1, [])
    assert calls == [q.id]  # by add_quote, which decides whether it is kept; not again


def test_a_checker_checks_a_quote_against_any_other_article_than_the_one_it_fits() -> None:
    from quotes.engine.check import Checker

    a = article()
    q = make_quote(a, [at("the plan would wait")], corpus="t", file="f")
    other = a.model_copy(update={"outlet": "wapo"})  # the same id, another record
    checker = Checker()
    checker.article(other, "a.jsonl", 1)
    problems = checker.quote(q, "q.jsonl", 1, fits=a)
    assert [p.type for p in problems] == ["outlet-mismatch"]
    checker = Checker()
    checker.article(a, "a.jsonl", 1)
    assert checker.quote(q, "q.jsonl", 1, fits=a) == []


def test_an_article_made_and_validated_hashes_its_text_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hashlib

    from quotes.core import record_rules

    hashed: list[bytes] = []
    sha256 = hashlib.sha256

    def counted(data: bytes) -> object:
        hashed.append(data)
        return sha256(data)

    monkeypatch.setattr(record_rules.hashlib, "sha256", counted)
    text = "A text hashed once. " * 3  # not the text another test hashed last
    a = article(text=text)
    assert a.sha256 == sha256(text.encode()).hexdigest()
    assert hashed == [text.encode()]  # by make_article; the validator's check is answered


def test_an_article_whose_digest_is_wrong_is_refused_right_after_its_text_was_hashed() -> None:
    from pydantic import ValidationError

    a = article()
    fields = a.model_dump()
    fields["sha256"] = "0" * 64
    with pytest.raises(ValidationError, match="sha256-mismatch"):
        Article.model_validate({**fields, "text": a.text})
    fields["text"] = a.text[:-1] + "!"  # another text, its own digest: refused
    fields["sha256"] = a.sha256
    with pytest.raises(ValidationError, match="sha256-mismatch"):
        Article.model_validate(fields)


def test_the_kind_of_a_kept_quote_is_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotes.core import kinds

    found: list[object] = []
    inside = kinds.inside

    def counted(regions: kinds.Spans, spans: kinds.Spans) -> list[tuple[int, int]]:
        found.append(spans)  # once for each kind found from quoted parts (kinds.kind_from)
        return inside(regions, spans)

    monkeypatch.setattr(kinds, "inside", counted)
    a = article()
    result = ImportResult(articles=[a])
    q = make_quote(a, [at("We are ready to talk.")], corpus="t", file="f")
    result.add_quote(q, a, "f.ann:E1")
    assert result.quotes == [q] and len(found) == 1  # by make_quote; add_quote's is answered


def test_a_quote_whose_kind_is_wrong_is_refused_right_after_one_was_made() -> None:
    a = article()
    q = make_quote(a, [at("We are ready to talk.")], corpus="t", file="f")
    assert q.kind == "direct"
    wrong = q.model_copy(update={"kind": "indirect"})  # the same spans, a wrong kind
    assert [p.type for p in check_quote(wrong, a)] == ["kind-mismatch"]
    other = q.model_copy(update={"quoted": []})  # other quoted parts: found afresh
    assert [p.type for p in check_quote(other, a)] == ["kind-mismatch"]
    text = "".join(a.text)  # an equal text: found afresh, the same answer
    assert check_quote(q, a.model_copy(update={"text": text})) == []


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"record": "\ud800"}, "record: string_unicode"),
        ({"record": "\ud800", "title": "\ud800"}, "record: string_unicode"),
        ({"notes": ["ok", "\ud800"]}, "notes.1: string_unicode"),
        ({"title": "\ud800"}, "title: string_unicode"),
    ],
)
def test_an_invalid_source_of_an_article_is_named_as_its_own_record_names_it(
    fields: dict[str, object], reason: str
) -> None:
    """The source is validated with the article, and reported as when it was made first."""
    with pytest.raises(Unmappable) as raised:
        article(**fields)
    assert raised.value.reason == f"invalid article ({reason})"
