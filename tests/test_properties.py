"""Property-based tests: round trips of any valid record; no crash on any input."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import typing
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes import PROBLEM_TYPES, Quote, RecordError, quote_id, read, validate, write
from quotes.core.models import SpeakerType
from quotes.core.regions import QUOTE_REGIONS

LINES = (DATA / "quotes.jsonl").read_bytes().splitlines(keepends=True)
ARTICLES = DATA / "articles.jsonl"
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

text = st.text(min_size=1, max_size=30)
maybe_text = st.none() | text
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@st.composite
def text_spans(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, 10_000))
    content = draw(text)
    return {"text": content, "start": start, "end": start + len(content)}


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Any]:
    """Import provenance (``Quote.source``)."""
    return {
        "corpus": draw(text),
        "file": draw(text),
        "record": draw(maybe_text),
        "annotator": draw(maybe_text),
        "split": draw(maybe_text),
        "label": draw(maybe_text),
        "candidates": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "name": text,
                        "probability": st.floats(0, 1),
                        "wikidata": st.lists(st.from_regex(r"Q[1-9][0-9]{0,8}", fullmatch=True)),
                    }
                ),
                max_size=2,
            )
        ),
        "notes": draw(st.lists(text, max_size=2)),
    }


@st.composite
def quotes(draw: st.DrawFn) -> Quote:
    article_id = draw(st.from_regex(r"[A-Za-z0-9_.]{0,7}[A-Za-z0-9]", fullmatch=True))
    cuts = sorted(draw(st.sets(st.integers(0, 5_000), min_size=2, max_size=8)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    segments = [draw(st.text(min_size=e - s, max_size=e - s)) for s, e in spans]
    uttered = draw(st.none() | dates)
    precision = draw(st.sampled_from(["day", "month", "year"]))
    date = draw(dates)  # the parts below the precision are 01
    if precision != "day":
        date = date.replace(day=1) if precision == "month" else date.replace(month=1, day=1)
    kind = draw(st.sampled_from(["direct", "mixed", "indirect"]))
    record = {
        "id": quote_id(article_id, spans[0][0]),
        "article_id": article_id,
        "kind": kind,
        "quote": " ".join(segments),
        "spans": spans,
        "quoted": {"direct": spans, "mixed": spans[:1], "indirect": []}[kind],
        "speaker": {
            "name": draw(maybe_text),
            "description": draw(maybe_text),
            "type": draw(st.sampled_from(typing.get_args(SpeakerType))),
            "members": draw(st.lists(text, max_size=3)),
            "wikidata": draw(st.none() | st.from_regex(r"Q[1-9][0-9]{0,8}", fullmatch=True)),
            "mention": draw(st.none() | text_spans()),
            "evidence": draw(maybe_text),
        },
        "cue": draw(st.none() | text_spans()),
        "addressee": draw(maybe_text),
        "via": draw(maybe_text),
        "date": date,
        "date_precision": precision,
        "uttered": uttered,
        "uttered_precision": None if uttered is None else "day",
        "uttered_confidence": None if uttered is None else "inferred",
        "uttered_evidence": None if uttered is None else draw(text),
        "outlet": draw(maybe_text),
        "region": draw(st.sampled_from(QUOTE_REGIONS)),
        "annotation": {
            "method": draw(st.sampled_from(["manual", "rule", "model"])),
            "tool": draw(maybe_text),
            "confidence": draw(st.none() | st.floats(0, 1)),
        },
        "source": draw(st.none() | sources()),
    }
    return Quote.model_validate(record)


@pytest.mark.slow
@SETTINGS
@given(st.lists(quotes(), max_size=5))
def test_any_valid_record_survives_write_then_read(records: list[Quote]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.jsonl"
        write(records, path)
        assert list(read(path, Quote)) == records
        again = Path(folder) / "again.jsonl"
        write(read(path, Quote), again)
        assert again.read_bytes() == path.read_bytes()


def check_never_crashes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        path.write_bytes(content)
        report = validate([path], articles=[ARTICLES])
        assert all(p.type in PROBLEM_TYPES and p.message for p in report.problems)
        assert all(p.line is None or p.line >= 1 for p in report.problems)
        try:
            for _ in read(path):
                pass
        except RecordError as e:
            assert e.problem.type in PROBLEM_TYPES


@SETTINGS
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    check_never_crashes(content)


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        action = draw(st.sampled_from(["flip", "cut", "insert", "value", "drop", "dup"]))
        if not line.strip() or (action == "value" and not line.startswith(b'{"id"')):
            action = "dup"
        if action == "flip":
            j = draw(st.integers(0, len(line) - 1))
            line = line[:j] + bytes([draw(st.integers(0, 255))]) + line[j + 1 :]
        elif action == "cut":
            line = line[: draw(st.integers(0, len(line)))]
        elif action == "insert":
            j = draw(st.integers(0, len(line)))
            line = line[:j] + draw(st.binary(min_size=1, max_size=5)) + line[j:]
        elif action == "value":
            try:
                record = json.loads(line)
            except ValueError:
                continue
            key = draw(st.sampled_from(sorted(record)))
            record[key] = draw(
                st.none()
                | st.integers()
                | st.text(max_size=5)
                | st.lists(st.integers(), max_size=3)
                | st.just(float("nan"))
                | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
            )
            line = json.dumps(record).encode() + b"\n"
        elif action == "drop":
            line = b""
        else:
            lines.insert(i, line)
        lines[i] = line
    return b"".join(lines)


@SETTINGS
@given(mutated_files())
def test_mutated_valid_files_never_crash(content: bytes) -> None:
    check_never_crashes(content)
