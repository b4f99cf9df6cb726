"""The fast validator accepts and rejects what the pydantic models do, with the same problems."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import quotes

from quotes import Article, Quote
from quotes.engine.fast import derive, fast_parse_line
from quotes.io.jsonl import parse_line

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values that break some field: wrong JSON types, edge numbers, bad dates and strings.
ODD_VALUES: list[Any] = [
    None, "", " ", "x", "x\n", "Q0", "Q12", "000", "a b", "\u00e9", -1, 0, 1, 2**63, 1.0, 0.5,
    1.5, True, False, [], [0], [0, 1], [1, 0], [0, 1, 2], ["a"], [[0, 1]], [[1, 0]], {},
    "2001-02-29", "2001-01-01T00:00:00", "2001-1-1", "direct", "person", "day", "body",
    "manual", "inferred", {"text": "x", "start": 0, "end": 1}, {"text": "x", "start": 1, "end": 1},
]  # fmt: skip

# Raw text edits that JSON-level mutation cannot express.
RAW_EDITS: list[tuple[bytes, bytes]] = [
    (b'{"id":', b'{"id":"dup","id":'),
    (b'"kind":', b'"kind":"direct","kind":'),
    (b'"text":', b'"text":"x","text":'),
    (b'"method":', b'"method":"rule","method":'),
    (b'"kind":', b'"kind" :'),
    (b"null", b"NaN"),
    (b"null", b"Infinity"),
    (b"0.", b"1e400"),
    (b":", b"\\u003a"),
    (b'"quote":"', b'"quote":"\\u003a'),
    (b'"quote":"', b'"quote":"\\ud800'),
    (b'"quote":"', b'"quote":"\\\\u003a'),
    (b"}", b"} x"),
    (b"}", b"}}"),
    (b"]", b",]"),
    (b",", b", "),
    (b'"article_id"', b'"article\\u005fid"'),
]


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, sub in value.items():
            found += paths_of(sub, (*prefix, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found += paths_of(sub, (*prefix, i))
    return found


@st.composite
def mutated_lines(draw: st.DrawFn) -> bytes:
    record = json.loads(draw(quotes()).model_dump_json())
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(paths_of(record)))
        *parents, last = path
        holder = record
        for key in parents:
            holder = holder[key]
        action = draw(st.sampled_from(["set", "set", "delete", "extra"]))
        if action == "set":
            holder[last] = draw(st.sampled_from(ODD_VALUES))
        elif action == "delete" and isinstance(holder, dict):
            del holder[last]
        elif action == "extra" and isinstance(holder, dict):
            holder["extra"] = 1
    line = json.dumps(record, ensure_ascii=draw(st.booleans()), separators=(",", ":")).encode()
    if draw(st.booleans()):
        old, new = draw(st.sampled_from(RAW_EDITS))
        line = line.replace(old, new, 1)
    return line


def as_json(record: Any) -> Any:
    """A record's values as plain JSON data, for a struct and a pydantic model alike."""
    if isinstance(record, msgspec.Struct):
        return json.loads(msgspec.json.encode(record))
    return json.loads(record.model_dump_json())


def same_outcome(line: bytes) -> None:
    slow = parse_line(line, path="f.jsonl", number=7)
    fast = fast_parse_line(line, path="f.jsonl", number=7)
    if isinstance(slow, list):
        assert fast == slow
        assert derive(Quote).accept(line) is None
    else:
        assert not isinstance(fast, list)
        assert as_json(fast) == as_json(slow)
        if type(slow) is Quote and b'"article_id"' in line:
            assert derive(Quote).accept(line) is not None, "the fast path must accept it too"


@pytest.mark.slow
@SETTINGS
@given(quotes())
def test_valid_records_are_accepted_by_the_fast_path_with_the_same_values(quote: Quote) -> None:
    line = quote.model_dump_json().encode()
    record = derive(Quote).accept(line)
    assert record is not None
    assert as_json(record) == as_json(quote)


@pytest.mark.slow
@SETTINGS
@given(mutated_lines())
def test_mutated_records_get_the_same_verdict_and_problems(line: bytes) -> None:
    same_outcome(line)


@pytest.mark.parametrize(
    "line",
    [
        # a duplicate key whose two values are equal still counts as a duplicate
        b'{"a":1,"a":1,"article_id":"x"}',
        b"[]",
        b"",
        b"\xff",
        b'"article_id"',
    ],
)
def test_odd_lines_get_the_slow_paths_problems(line: bytes) -> None:
    same_outcome(line)


def test_duplicate_keys_are_rejected_even_when_the_fast_decoder_keeps_the_last(
    fixture_quotes: Any,
) -> None:
    good = fixture_quotes.read_bytes().splitlines()[0]
    assert derive(Quote).accept(good) is not None
    twice = good.replace(b'"kind":', b'"kind":"mixed","kind":', 1)
    assert derive(Quote).accept(twice) is None
    problems = fast_parse_line(twice)
    assert isinstance(problems, list)
    assert [p.type for p in problems] == ["duplicate-key"]


def test_the_trailing_newline_is_not_allowed_in_patterns_by_the_fast_path(
    fixture_quotes: Any,
) -> None:
    good = fixture_quotes.read_bytes().splitlines()[0]
    record = json.loads(good)
    record["article_id"] += "\n"
    line = json.dumps(record).encode()
    assert derive(Quote).accept(line) is None
    assert isinstance(parse_line(line), list)


def test_articles_are_derived_too(fixture_articles: Any) -> None:
    line = fixture_articles.read_bytes().splitlines()[0]
    record = derive(Article).accept(line)
    assert record is not None
    assert as_json(record) == as_json(Article.model_validate_json(line))
    broken = line.replace(b'"sha256":"', b'"sha256":"0', 1).replace(b'0"', b'"', 1)
    assert derive(Article).accept(broken) is None


def test_fast_records_work_with_corpus_checks(fixture_quotes: Any, fixture_articles: Any) -> None:
    from quotes import check_quote

    article = Article.model_validate_json(fixture_articles.read_bytes().splitlines()[0])
    for line in fixture_quotes.read_bytes().splitlines():
        fast = derive(Quote).accept(line)
        slow = Quote.model_validate_json(line)
        if slow.article_id == article.id:
            assert check_quote(fast, article) == check_quote(slow, article)


def test_fast_records_and_models_are_both_quote_like(
    fixture_quotes: Any, fixture_articles: Any
) -> None:
    from quotes.core.models import QuoteLike, SpeakerLike, TextSpanLike, segments

    article = Article.model_validate_json(fixture_articles.read_bytes().splitlines()[0])
    lines = fixture_quotes.read_bytes().splitlines()
    mentioned = 0
    for line in lines:
        for record in (derive(Quote).accept(line), Quote.model_validate_json(line)):
            assert isinstance(record, QuoteLike)
            assert isinstance(record.speaker, SpeakerLike)
            for span in (record.cue, record.speaker.mention):
                assert span is None or isinstance(span, TextSpanLike)
            mentioned += record.speaker.mention is not None
    assert mentioned  # the nested spans were checked at least once
    for line in lines:
        fast, slow = derive(Quote).accept(line), Quote.model_validate_json(line)
        if slow.article_id == article.id:
            assert segments(fast, article) == segments(slow, article) == slow.segments(article)


def test_a_line_without_the_optional_source_key_is_accepted_and_duplicates_still_caught(
    fixture_quotes: Any,
) -> None:
    good = fixture_quotes.read_bytes().splitlines()[0]
    assert good.endswith(b',"source":null}')
    older = good.removesuffix(b',"source":null}') + b"}"  # a file written before imports
    record = derive(Quote).accept(older)
    assert record is not None and record.source is None
    assert parse_line(older) == parse_line(good)
    twice = older.replace(b'"kind":', b'"kind":"mixed","kind":', 1)
    assert derive(Quote).accept(twice) is None
    problems = fast_parse_line(twice)
    assert isinstance(problems, list) and [p.type for p in problems] == ["duplicate-key"]
