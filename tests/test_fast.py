"""The fast validator accepts and rejects what the pydantic models do, with the same problems."""

from __future__ import annotations

import copy
import json
from typing import Any

import msgspec
import pytest
from conftest import made_source
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import quotes

from quotes import Article, Quote
from quotes.engine.fast import derive, escaped_quotes, fast_parse_line
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
            # a copy: a later mutation may reach inside it, and the shared list must not change
            holder[last] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
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
    """:func:`same_verdict`, and a valid quote written whole is accepted by the fast path too."""
    slow = same_verdict(line)
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
    assert derive(Quote).accept(twice + b"\n") is None
    assert derive(Quote).accept(older + b"\n") == derive(Quote).accept(good + b"\n") == record
    problems = fast_parse_line(twice)
    assert isinstance(problems, list) and [p.type for p in problems] == ["duplicate-key"]


# Any JSON formatting of a record: white space between tokens, escapes, key order, duplicates.

WHITE_SPACE = " \t\r"  # JSON's white space; a line feed ends a JSON Lines line
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}


FORMATS = settings(SETTINGS, max_examples=200)


class Writer:
    """Writes JSON the way some writer might: ``wild`` also escapes keys (a defaulted key
    escaped is not found by ``has_key``, which sends the line to the slow path)."""

    def __init__(self, rng: Any, wild: bool) -> None:
        self.rng, self.wild = rng, wild
        self.spacing = rng.choice(["none", "dumps", "any"])

    def space(self) -> str:
        if self.spacing == "any":
            return "".join(self.rng.choice(WHITE_SPACE) for _ in range(self.rng.randint(0, 3)))
        return ""

    def after(self, separator: str) -> str:
        return separator + (" " if self.spacing == "dumps" else self.space())

    def char(self, c: str, key: bool) -> str:
        code = ord(c)
        may = self.wild or not key
        if c in SHORT_ESCAPES or code < 0x20:
            if (may and self.rng.random() < 0.3) or c not in SHORT_ESCAPES:
                return f"\\u{code:04x}"
            return SHORT_ESCAPES[c]
        if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: UTF-8 cannot hold it
            return f"\\u{code:04x}"
        if not may or self.rng.random() < (0.2 if code < 0x80 else 0.5):
            return "\\/" if c == "/" and may and self.rng.random() < 0.5 else c
        if code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04X}"
        return f"\\u{code:04x}" if self.rng.random() < 0.5 else f"\\u{code:04X}"

    def string(self, s: str, key: bool = False) -> str:
        return '"' + "".join(self.char(c, key) for c in s) + '"'

    def value(self, v: Any) -> str:
        if isinstance(v, str):
            return self.string(v)
        if isinstance(v, Pairs):
            items = [
                self.space() + self.string(k, key=True) + self.space() + self.after(":")
                + self.value(x) + self.space()
                for k, x in v
            ]  # fmt: skip
            return "{" + self.after(",").join(items) + "}" if items else "{" + self.space() + "}"
        if isinstance(v, list):
            items = [self.space() + self.value(x) + self.space() for x in v]
            return "[" + self.after(",").join(items) + "]" if items else "[" + self.space() + "]"
        return json.dumps(v)


class Pairs(list[tuple[str, Any]]):
    """A JSON object as its key, value pairs in order (duplicates allowed)."""


def as_pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return Pairs((k, as_pairs(v)) for k, v in value.items())
    if isinstance(value, list):
        return [as_pairs(v) for v in value]
    return value


def objects_in(value: Any) -> list[Pairs]:
    found = [value] if isinstance(value, Pairs) else []
    for sub in value if isinstance(value, (list, Pairs)) else []:
        found += objects_in(sub[1] if isinstance(value, Pairs) else sub)
    return found


def formatted(record: dict[str, Any], rng: Any, *, wild: bool, duplicates: int) -> bytes:
    """``record`` as one JSON line written by some writer: keys in any order, the optional
    ``source`` left out when null, and ``duplicates`` keys written twice, at any depth."""
    tree = as_pairs(record)
    for pairs in objects_in(tree):
        if rng.random() < 0.2:
            rng.shuffle(pairs)
    if record.get("source", 0) is None and rng.random() < 0.3:
        tree[:] = [pair for pair in tree if pair[0] != "source"]
    for _ in range(duplicates):
        pairs = rng.choice([o for o in objects_in(tree) if o])
        key, value = rng.choice(pairs)
        twice = (key, rng.choice([value, value, rng.choice(ODD_VALUES), pairs[0][1]]))
        pairs.insert(rng.randint(0, len(pairs)), twice)
    writer = Writer(rng, wild)
    return (writer.space() + writer.value(tree) + writer.space()).encode()


def same_verdict(line: bytes) -> object:
    """The fast path and the slow path say the same of ``line``: the same problems, or records
    with the same values; the slow path's verdict."""
    slow = parse_line(line, path="f.jsonl", number=7)
    fast = fast_parse_line(line, path="f.jsonl", number=7)
    if isinstance(slow, list):
        assert fast == slow
        assert derive(Quote).accept(line) is None
    else:
        assert not isinstance(fast, list)
        assert as_json(fast) == as_json(slow)
    return slow


@pytest.mark.slow
@FORMATS
@given(quotes(), st.randoms(use_true_random=True))
def test_a_valid_record_however_written_takes_the_fast_path(quote: Quote, rng: Any) -> None:
    record = json.loads(quote.model_dump_json())
    line = formatted(record, rng, wild=False, duplicates=0)
    assert {**record, **json.loads(line)} == record  # the writer wrote the record
    accepted = derive(Quote).accept(line)
    assert accepted is not None, line
    assert as_json(accepted) == as_json(quote)
    assert derive(Quote).accept(line + b"\n") == accepted  # read with its line end
    same_verdict(line)


@pytest.mark.slow
@FORMATS
@given(quotes(), st.randoms(use_true_random=True), st.integers(1, 3), st.booleans())
def test_a_duplicate_key_at_any_depth_is_never_accepted_however_written(
    quote: Quote, rng: Any, duplicates: int, wild: bool
) -> None:
    line = formatted(json.loads(quote.model_dump_json()), rng, wild=wild, duplicates=duplicates)
    assert derive(Quote).accept(line) is None, line
    assert derive(Quote).accept(line + b"\n") is None, line
    same_verdict(line)


@pytest.mark.slow
@FORMATS
@given(mutated_lines(), st.randoms(use_true_random=True), st.integers(0, 1))
def test_mutated_records_however_written_get_the_same_verdict(
    line: bytes, rng: Any, duplicates: int
) -> None:
    try:
        record = json.loads(line)
    except ValueError:
        return
    if isinstance(record, dict):
        same_verdict(formatted(record, rng, wild=True, duplicates=duplicates))


def test_spaced_escaped_lines_are_accepted_without_the_slow_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import quotes.io.jsonl
    from quotes.engine.corpus import load

    slow: list[bytes] = []
    parse = quotes.io.jsonl.parse_line

    def counted(line: bytes, *args: Any, **kwargs: Any) -> Any:
        slow.append(line)
        return parse(line, *args, **kwargs)

    records = [q.model_dump(mode="json") for q in load().quotes]  # with non-ASCII text
    monkeypatch.setattr(quotes.io.jsonl, "parse_line", counted)
    written = [json.dumps(record).encode() for record in records]  # json.dumps' defaults
    written += [json.dumps(record, separators=(" , ", " :\t")).encode() for record in records]
    assert any(b"\\u" in line for line in written)
    assert not any(b'"id":"' in line for line in written)  # none written compactly
    for line in written:
        assert not isinstance(fast_parse_line(line), list)
    assert slow == []
    assert fast_parse_line(written[0].replace(b'"kind": ', b'"kind": "mixed", "kind": ', 1))
    assert len(slow) == 1  # a duplicate goes to the slow path


def walked_escaped_quotes(line: bytes) -> int:
    """The escaped quotes of a JSON line, counted by reading it a byte at a time."""
    count, at, inside = 0, 0, False
    while at < len(line):
        if inside and line[at] == ord("\\"):
            count += line[at + 1] == ord('"')
            at += 2
            continue
        inside ^= line[at] == ord('"')
        at += 1
    return count


@pytest.mark.parametrize(
    ("line", "count"),
    [
        (b'{"a":"x"}', 0),
        (b'{"a":"\\""}', 1),
        (b'{"a":"\\\\"}', 0),  # an escaped backslash ends the string
        (b'{"a":"\\\\\\""}', 1),
        (b'{"a":"\\u005c\\""}', 1),
        (b'{"a\\"":"\\n\\"\\\\", "b": ["\\"", "\\u0022"]}', 3),
    ],
)
def test_escaped_quotes_walks_the_escapes(line: bytes, count: int) -> None:
    json.loads(line)  # each is valid JSON
    assert escaped_quotes(line) == walked_escaped_quotes(line) == count


@FORMATS
@given(quotes(), st.randoms(use_true_random=True), st.booleans())
def test_escaped_quotes_however_written(quote: Quote, rng: Any, wild: bool) -> None:
    line = formatted(json.loads(quote.model_dump_json()), rng, wild=wild, duplicates=0)
    assert escaped_quotes(line) == walked_escaped_quotes(line)


def test_the_string_count_is_the_canonical_encodings(
    fixture_quotes: Any, fixture_articles: Any
) -> None:
    def strings(value: Any) -> int:
        if isinstance(value, dict):
            return sum(1 + strings(v) for v in value.values())
        if isinstance(value, list):
            return sum(strings(v) for v in value)
        return isinstance(value, str)

    for model, path in ((Quote, fixture_quotes), (Article, fixture_articles)):
        fast = derive(model)
        for line in path.read_bytes().splitlines():
            record = fast.decoder.decode(line)
            assert fast.strings(record) == strings(json.loads(msgspec.json.encode(record)))


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (b'{"a":1,"source":null}', True),
        (b'{"source" \t: null, "a": 1}', True),
        (b'{"a":"source","b":1}', False),
        (b'{"a":"\\"source","b":1}', False),
        (b'{"a":"x: \\"source\\": y"}', False),
        (b'{"a":{"source":1}}', True),  # any depth: only a top-level key may be left out
    ],
)
def test_has_key_finds_keys_not_text(line: bytes, found: bool) -> None:
    from quotes.engine.fast import has_key

    assert has_key(line, b'"source"') is found


# A duplicate key whose colon the line makes up for by escaping another.


def test_a_duplicate_key_hidden_by_an_escaped_colon_is_not_accepted() -> None:
    from quotes.engine.corpus import load

    lines = [json.dumps(q.model_dump(mode="json")).encode() for q in load().quotes]
    first = next(line for line in lines if b".md: " in line and b"\\" in line)  # escaped text
    twice = first.replace(b'"kind": ', b'"kind": "mixed", "kind": ', 1)
    hidden = twice.replace(b".md: ", b".md\\u003a ", 1)  # as many colons as ``first``
    assert hidden.count(b":") == first.count(b":")
    assert derive(Quote).accept(first) is not None
    assert derive(Quote).accept(hidden) is None
    same_verdict(hidden)


# Texts that send a spaced line down each proof: no backslash; escapes, none an escaped backslash
# before a quote (``\u201c``, ``\"``); an escaped backslash ending a string (``"C:\\"``), whose
# quote a count of ``\"`` would take for an escaped one.
PROOF_TEXTS = ["Named.", "Said \u201cyes\u201d.", 'Said "yes".', "C:\\", 'a\\"b']


@pytest.mark.parametrize("text", PROOF_TEXTS)
@pytest.mark.parametrize("source", [True, False])
def test_each_proof_accepts_a_spaced_line_and_never_one_with_a_duplicate(
    fixture_quotes: Any, text: str, source: bool
) -> None:
    record = json.loads(fixture_quotes.read_bytes().splitlines()[0])
    record["speaker"]["members"] = [text, text]
    if not source:
        del record["source"]
    line = json.dumps(record).encode()
    assert derive(Quote).accept(line) is not None
    for old, new in (
        (b'"kind": ', b'"kind": "mixed", "kind": '),
        (b'"start": ', b'"start": 1, "start": '),  # one string more: a key
    ):
        twice = line.replace(old, new, 1)
        assert derive(Quote).accept(twice) is None, twice
        same_verdict(twice)


@pytest.mark.slow
@FORMATS
@given(
    quotes(),
    st.lists(st.text('"\\:a\u201c\n', min_size=1, max_size=6), max_size=4),
    st.randoms(use_true_random=True),
    st.integers(0, 2),
)
def test_a_line_full_of_escapes_is_accepted_exactly_when_it_has_no_duplicate(
    quote: Quote, members: list[str], rng: Any, duplicates: int
) -> None:
    record = json.loads(quote.model_dump_json())
    record["speaker"]["members"] = members  # quotes, backslashes, colons: every proof's case
    line = formatted(record, rng, wild=False, duplicates=duplicates)
    assert (derive(Quote).accept(line) is None) is (duplicates > 0), line
    same_verdict(line)


def _with(line: bytes, *changes: tuple[tuple[Any, ...], Any]) -> bytes:
    """``line`` with the value at each path (keys and indexes) set, written as the canonical
    encoding writes it."""
    record = json.loads(line)
    for path, value in changes:
        holder = record
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


CANDIDATE = {"name": "A", "probability": 0.5, "wikidata": ["Q1"]}


@pytest.mark.parametrize(
    ("path", "good", "bad"),
    [
        (("speaker", "wikidata"), "Q7747", "Q0"),  # nullable
        (("speaker", "wikidata"), "Q12", "Q12\n"),
        (("source", "candidates", 0, "wikidata", 0), "Q42", "Q042"),  # in an array
    ],
)
def test_patterns_are_checked_wherever_the_value_sits(
    fixture_quotes: Any, path: tuple[Any, ...], good: str, bad: str
) -> None:
    line = fixture_quotes.read_bytes().splitlines()[0]
    source = json.loads(made_source(None).model_dump_json()) | {"candidates": [CANDIDATE]}
    base = _with(line, (("source",), source))
    fast = derive(Quote)
    assert fast.accept(_with(base, (path, good))) is not None
    for _ in range(2):  # a value that did not match is never remembered as one that did
        assert fast.accept(_with(base, (path, bad))) is None
    assert [p.type for p in parse_line(_with(base, (path, bad)))] == ["invalid-value"]
    assert fast.accept(_with(base, (path, good))) is not None


def test_a_pattern_remembers_a_bounded_number_of_matched_values(
    fixture_quotes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.engine import fast

    monkeypatch.setattr(fast, "_REMEMBERED", 3)
    line = fixture_quotes.read_bytes().splitlines()[0]
    model = fast.FastModel("Quote")  # its own sets, empty
    for n in range(1, 10):
        article_id = f"a{n}"
        changed = _with(line, (("article_id",), article_id), (("id",), f"a{n}-{_start(line)}"))
        assert model.accept(changed) is not None
    (remembered,) = [p.matched for p in model.patterns if p.matched]
    assert 0 < len(remembered) <= 3
    assert "a9" in remembered


def _start(line: bytes) -> int:
    start: int = json.loads(line)["spans"][0][0]
    return start
