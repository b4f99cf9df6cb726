"""The wikinews-de, quotebank and citron readers never crash on bad input: whatever a source file
holds, each record either comes through valid against its text or is counted by reason."""

from __future__ import annotations

import bz2
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.core.corpus_rules import check_quote
from quotes.formats import citron, quotebank, wikinews_de
from quotes.formats.build import ImportResult

TEXT = '„Wir kommen“, sagte er. "We will," she said, "come." `` a b \'\' x'
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 80) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def role(draw: st.DrawFn) -> Any:
    """A role's spans, whose text is mostly the text they give (so that records come through)."""
    pairs = draw(st.lists(st.tuples(st.integers(-2, 70), st.integers(-2, 70)), max_size=3))
    spans: list[Any] = [{"charBegin": a, "charEnd": b} for a, b in pairs]
    if draw(st.booleans()):
        spans.append(draw(json_values))
    text = " ".join(TEXT[a:b] for a, b in pairs) if draw(st.booleans()) else draw(st.text())
    return {"spans": spans, "text": text}


@st.composite
def citron_span(draw: st.DrawFn) -> Any:
    start, end = draw(st.integers(-2, 70)), draw(st.integers(-2, 70))
    text = TEXT[start:end] if draw(st.booleans()) else draw(st.text(max_size=5))
    return {"start": start, "end": end, "text": text}


annotation = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["Direct", "Indirect", "Reported", "Other"]) | json_values,
        "quote": role() | json_values,
        "speaker": role() | json_values,
        "cue": role() | json_values,
        "addressee": role() | json_values,
        "frame": role() | json_values,
        "medium": json_values,
        "isNested": json_values,
        "id": json_values,
    },
)
citron_quote = st.fixed_dictionaries(
    {},
    optional={
        "contents": st.lists(citron_span(), max_size=3) | json_values,
        "sources": st.lists(citron_span(), max_size=2) | json_values,
        "coreferences": st.lists(citron_span(), max_size=2) | json_values,
        "cue": citron_span() | json_values,
        "confidence": json_values,
        "kind": st.sampled_from(["direct", "mixed", "indirect"]) | json_values,
        "speaker": json_values,
        "annotation": json_values,
        "addressee": json_values,
    },
)
quotation = st.fixed_dictionaries(
    {},
    optional={
        "quotationOffset": st.integers(-1, 20) | json_values,
        "quotation": st.sampled_from(["a b", "x"]) | json_values,
        "globalTopSpeaker": st.sampled_from(["A B", "None"]) | json_values,
        "globalProbas": st.lists(
            st.fixed_dictionaries({"speaker": st.text(max_size=4), "proba": json_values})
            | json_values,
            max_size=3,
        )
        | json_values,
        "quoteID": json_values,
        "localTopSpeaker": json_values,
    },
)


def assert_sound(result: ImportResult) -> None:
    articles = {a.id: a for a in result.articles}
    for quote in result.quotes:
        assert check_quote(quote, articles[quote.article_id]) == []


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(annotation, max_size=4), json_values)
def test_wikinews_de_never_crashes(annotations: list[Any], junk: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "1 - T (2020-01-01).pretty.json"
        path.write_text(json.dumps({"originalText": TEXT, "annotations": annotations}))
        (Path(folder) / "2 - U (2020-01-02).pretty.json").write_text(json.dumps(junk))
        assert_sound(wikinews_de.read(folder))


@FUZZ
@given(st.lists(citron_quote, max_size=4), json_values)
def test_citron_never_crashes(quotes: list[Any], junk: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.json").write_text(json.dumps({"text": TEXT, "quotes": quotes}))
        (Path(folder) / "b.json").write_text(json.dumps(junk))
        (Path(folder) / "metadata.tsv").write_text("filename\tpublication_date\na\t2020-01-01\n")
        assert_sound(citron.read(folder))


@FUZZ
@given(st.lists(quotation, max_size=4), json_values, json_values)
def test_quotebank_never_crashes(quotations: list[Any], names: Any, junk: Any) -> None:
    content = "said A B : `` a b '' x y"
    article = {
        "articleID": "x",
        "content": content,
        "date": "2015-01-01 00:00:00",
        "phase": "E",
        "names": names,
        "quotations": quotations,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.json.bz2"
        with bz2.open(path, "wt", encoding="utf-8") as f:
            f.write(json.dumps(article) + "\n" + json.dumps(junk) + "\n")
        assert_sound(quotebank.read(path))
