"""The importers (polnear, brat, wikinews-de, quotebank, citron) never crash on bad input: whatever
a source file or folder holds, each record either comes through valid against its text or is
counted by reason, and nothing outside the given folder is read."""

from __future__ import annotations

import bz2
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.core.corpus_rules import check_quote
from quotes.formats import brat, citron, polnear, quotebank, wikinews_de
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


# ------------------------------------------------- hostile folders: every importer, one rule
# Whatever a folder holds (byte order marks, CRLF, non-UTF-8 bytes, deep JSON, symlinks out of
# it), an importer never raises but a SourceError, reads nothing outside the folder, and every
# source record (an attribution event, an annotation, a quotation) is imported or counted.

DEEP = "[" * 50_000 + "]" * 50_000
SECRET = "SECRET TEXT OUTSIDE"


def hostile_bytes(text: str) -> st.SearchStrategy[bytes]:
    """``text`` as a source might hold it: as is, with a BOM, CRLF, or a byte that is not UTF-8."""
    raw = text.encode("utf-8")
    return st.sampled_from(
        [raw, b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n"), raw[:3] + b"\xff" + raw[3:]]
    )


T_LINE = st.builds(
    lambda n, label, a, b, stated: f"T{n}\t{label} {a} {b}{stated}",
    st.integers(1, 6),
    st.sampled_from(["Source", "Cue", "Content", "Attribution"]),
    st.integers(-1, 70),
    st.integers(-1, 90),
    st.sampled_from(["", "\tsaid", "\tWir kommen", "\tx\ny", ";3 9\tx"]) | st.text(max_size=6),
)
E_LINE = st.builds(
    lambda n, roles: f"E{n}\tAttribution:T1 {roles}",
    st.integers(1, 6),
    st.sampled_from(["Content:T2 Source:T3 Cue:T4", "Content:T5", "Content:T9", "Source:T1", ""]),
)
ANN = st.lists(T_LINE | E_LINE | st.text(max_size=10), max_size=12).map("\n".join)


def events_in(ann: bytes) -> int:
    try:
        text = ann.decode("utf-8")
    except UnicodeDecodeError:
        return 1  # an unreadable file is one record at least
    return sum(1 for line in text.lstrip("\ufeff").split("\n") if re.match(r"E[0-9]*\t", line))


def assert_accounted(result: ImportResult, records: int) -> None:
    """Every source record came through or was counted; nothing outside was read."""
    assert_sound(result)
    assert all(SECRET not in a.text for a in result.articles)
    assert records - len(result.quotes) <= sum(result.lost.values())


def outside(folder: Path, name: str) -> Path:
    """A file outside ``folder`` holding :data:`SECRET`, and a symlink to it in ``folder``."""
    target = folder.parent / f"outside-{name}"
    target.write_text(json.dumps({"originalText": SECRET, "text": SECRET, "quotes": []}))
    (folder / name).symlink_to(target)
    return target


@FUZZ
@given(ANN, ANN, hostile_bytes(TEXT), st.booleans(), st.booleans())
def test_brat_hostile_folders(ann: str, lone: str, text: bytes, meta_bom: bool, link: bool) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "in"
        folder.mkdir()
        anns = {"d.ann": ann.encode("utf-8"), "lone.ann": lone.encode("utf-8")}
        if text.startswith(b"\xef\xbb\xbf"):
            anns["d.ann"] = b"\xef\xbb\xbf" + anns["d.ann"]
        (folder / "d.txt").write_bytes(text)
        for file, raw in anns.items():
            (folder / file).write_bytes(raw)
        bom = b"\xef\xbb\xbf" if meta_bom else b""
        (folder / "metadata.tsv").write_bytes(bom + b"filename\tpublication_date\nd\t2020-01-02\n")
        if link:
            outside(folder, "e.txt")
        result = brat.read(folder)
        assert_accounted(result, sum(events_in(raw) for raw in anns.values()) + link)


@FUZZ
@given(ANN, hostile_bytes(TEXT), st.sampled_from(["d", "../../../outside", "a/../d", ""]))
def test_polnear_hostile_checkouts(ann: str, text: bytes, filename: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "PolNeAR"
        data = root / "data"
        (data / "train" / "text").mkdir(parents=True)
        (data / "train" / "attributions").mkdir()
        (Path(name) / "outside.txt").write_text(SECRET)
        (Path(name) / "outside_aa.ann").write_text(
            "T1\tContent 0 6\tSECRET\nE1\tAttribution Content:T1\n"
        )
        (data / "train" / "text" / "d.txt").write_bytes(text)
        raw = ann.encode("utf-8")
        (data / "train" / "attributions" / "d_aa.ann").write_bytes(raw)
        (data / "metadata.tsv").write_text(
            "compartment\tfilename\tannotators\tpublication_date\n"
            f"train\t{filename}\taa\t2016-01-02\n"
        )
        result = polnear.read(root)
        assert_accounted(result, events_in(raw) if filename == "d" else 1)


@FUZZ
@given(st.lists(annotation, max_size=3), st.sampled_from(["bom", "bytes", "deep", "link", "ok"]))
def test_wikinews_de_hostile_folders(annotations: list[Any], hostile: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "in"
        folder.mkdir()
        good = json.dumps({"originalText": TEXT, "annotations": annotations}).encode()
        (folder / "1 - T (2020-01-01).pretty.json").write_bytes(good)
        bad = folder / "2 - U (2020-01-02).pretty.json"
        if hostile == "link":
            outside(folder, bad.name)
        else:
            bad.write_bytes(_hostile_json(hostile))
        result = wikinews_de.read(folder)
        assert_accounted(result, len(annotations) + (hostile != "ok"))


@FUZZ
@given(st.lists(citron_quote, max_size=3), st.sampled_from(["bom", "bytes", "deep", "link", "ok"]))
def test_citron_hostile_folders(quotes: list[Any], hostile: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "in"
        folder.mkdir()
        (folder / "a.json").write_text(json.dumps({"text": TEXT, "quotes": quotes}))
        (folder / "metadata.tsv").write_text("filename\tpublication_date\na\t2020-01-01\n")
        if hostile == "link":
            outside(folder, "b.json")
        else:
            (folder / "b.json").write_bytes(_hostile_json(hostile))
        result = citron.read(folder)
        assert_accounted(result, len(quotes) + (hostile != "ok"))


@FUZZ
@given(st.lists(quotation, max_size=3), st.sampled_from(["bom", "bytes", "deep", "ok"]))
def test_quotebank_hostile_lines(quotations: list[Any], hostile: str) -> None:
    line = {
        "articleID": "x",
        "content": "said A B : `` a b '' x y",
        "date": "2015-01-01 00:00:00",
        "phase": "E",
        "quotations": quotations,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.json.bz2"
        raw = json.dumps(line).encode() + b"\n" + _hostile_json(hostile) + b"\n"
        path.write_bytes(bz2.compress(raw))
        result = quotebank.read(path)
        assert_accounted(result, len(quotations) + (hostile != "ok"))


def _hostile_json(kind: str) -> bytes:
    value = {"originalText": TEXT, "annotations": [], "text": TEXT, "quotes": []}
    return {
        "bom": b"\xef\xbb\xbf" + json.dumps(value).encode(),
        "bytes": b'{"originalText": "\xff\xfe", "annotations": []}',
        "deep": ('{"annotations": ' + DEEP + ', "quotes": ' + DEEP + "}").encode(),
        "ok": b"",
    }[kind]
