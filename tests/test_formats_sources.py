"""Each importer checks what its source states: offsets against the annotated text a brat or
PolNeAR ``T`` line carries (line ends and UTF-16 offsets by a stated rule), metadata that comes
back as written, and hostile folders (BOMs, non-UTF-8, deep JSON, symlinks, ``../``) counted,
never read outside the given folder."""

from __future__ import annotations

import bz2
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_formats_polnear import checkout

from quotes.core.models import Article
from quotes.formats import brat, citron, polnear, quotebank, wikinews_de
from quotes.formats.build import (
    TOO_DEEP,
    SourceError,
    Unmappable,
    check_stated,
    make_article,
    make_quote,
)
from quotes.io.files import staged

TEXT = 'Ann said "we will win" today.\nBob added that "it is over" now.\n'
METADATA = "filename\tpublication_date\na1\t2020-01-02\n"


def ann(text: str) -> str:
    """A brat .ann with two attributions of ``text`` (offsets in code points, LF line ends)."""
    article = make_article(
        id="a1",
        text=text,
        corpus="t",
        file="a1.txt",
        published=dt.date(2020, 1, 2),
        published_evidence="t",
        rights="t",
    )
    quotes = []
    for speaker, cue, words in (("Ann", "said", "we will win"), ("Bob", "added", "it is over")):
        start = text.index(words)
        s, c = text.index(speaker), text.index(cue)
        quotes.append(
            make_quote(
                article,
                [(start, start + len(words))],
                corpus="t",
                file="a1.ann",
                mention=_span(text, s, s + len(speaker)),
                cue=_span(text, c, c + len(cue)),
            )
        )
    return brat.ann_for(article, quotes)


def _span(text: str, start: int, end: int):  # type: ignore[no-untyped-def]
    from quotes.core.models import TextSpan

    return TextSpan(text=text[start:end], start=start, end=end)


def folder(tmp_path: Path, text: bytes, annotations: str | bytes) -> Path:
    root = tmp_path / "brat"
    root.mkdir()
    (root / "a1.txt").write_bytes(text)
    raw = annotations.encode("utf-8") if isinstance(annotations, str) else annotations
    (root / "a1.ann").write_bytes(raw)
    (root / "metadata.tsv").write_text(METADATA)
    return root


def words(result: object) -> list[tuple[str, str | None, str | None]]:
    return [
        (q.quote, q.speaker.mention and q.speaker.mention.text, q.cue and q.cue.text)
        for q in result.quotes  # type: ignore[attr-defined]
    ]


EXPECTED = [("we will win", "Ann", "said"), ("it is over", "Bob", "added")]


# ------------------------------------------------------------- item 2: offsets against the text


def test_a_crlf_brat_text_is_read_with_the_line_ends_its_offsets_count(tmp_path: Path) -> None:
    text = "Headline\n\n" + TEXT
    root = folder(tmp_path, text.replace("\n", "\r\n").encode(), ann(text))
    result = brat.read(root)
    assert words(result) == EXPECTED
    assert result.articles[0].text == text
    assert result.adjusted == {"CRLF line ends read as LF (the offsets count LF)": 1}


def test_a_crlf_polnear_checkout_imports_as_the_lf_one(tmp_path: Path) -> None:
    lf = polnear.read(checkout(tmp_path / "lf"))
    root = checkout(tmp_path / "crlf")
    for path in (root / "data").rglob("*.txt"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    crlf = polnear.read(root)
    assert [(q.id, q.kind, q.quote) for q in crlf.quotes] == [
        (q.id, q.kind, q.quote) for q in lf.quotes
    ]
    assert crlf.adjusted["CRLF line ends read as LF (the offsets count LF)"] == 2


def test_utf16_offsets_are_refused_saying_what_to_do(tmp_path: Path) -> None:
    text = "\U0001f600\U0001f600 " + TEXT
    units = ann(text)
    # the same annotations counted in UTF-16 units: two more units before every span
    shifted = "".join(
        line if not line.startswith("T") else _shift(line, 2) for line in units.splitlines(True)
    )
    result = brat.read(folder(tmp_path, text.encode(), shifted))
    assert result.quotes == []
    assert result.lost == {"content offsets count UTF-16 units, not characters (convert them)": 2}


def _shift(line: str, by: int) -> str:
    ident, rest = line.split("\t", 1)
    label, rest = rest.split(" ", 1)
    offsets, stated = rest.split("\t", 1)
    moved = ";".join(
        " ".join(str(int(n) + by) for n in piece.split()) for piece in offsets.split(";")
    )
    return f"{ident}\t{label} {moved}\t{stated}"


def test_a_t_line_whose_offsets_do_not_give_its_text_is_counted(tmp_path: Path) -> None:
    lines = ann(TEXT).replace("\twe will win\n", "\twe will lose\n")
    result = brat.read(folder(tmp_path, TEXT.encode(), lines))
    assert words(result) == EXPECTED[1:]
    assert result.lost == {"content offsets do not give the source's text": 1}


def test_source_and_cue_past_the_end_are_counted_not_clamped(tmp_path: Path) -> None:
    end = len(TEXT)
    lines = [
        line.replace("\tSource 0 3\tAnn", f"\tSource {end - 2} {end + 5}\tAnn")
        for line in ann(TEXT).splitlines(True)
    ]
    result = brat.read(folder(tmp_path, TEXT.encode(), "".join(lines)))
    assert words(result) == [("we will win", None, "said"), EXPECTED[1]]
    assert result.adjusted == {"speaker mention span outside the text: left out": 1}


def test_content_past_the_end_is_counted(tmp_path: Path) -> None:
    end = len(TEXT)
    lines = ann(TEXT).replace("\tContent 10 21\t", f"\tContent 10 {end + 3}\t")
    result = brat.read(folder(tmp_path, TEXT.encode(), lines))
    assert words(result) == EXPECTED[1:]
    assert result.lost == {"content span outside the text": 1}


@pytest.mark.parametrize(
    ("spans", "stated", "reason"),
    [
        ([(0, 3)], "Ann", None),
        ([(0, 3), (4, 8)], "Ann\nsaid", None),  # line breaks compare as spaces
        ([(0, 3)], None, None),  # the source states no text
        ([(0, 99)], "Ann", "x span outside the text"),
        ([(3, 3)], "", "x span outside the text"),
        ([(0, 3)], "Bob", "x offsets do not give the source's text"),
        ([(0, 3)], 3, "x offsets do not give the source's text"),
    ],
)
def test_check_stated_is_one_rule(spans, stated, reason) -> None:  # type: ignore[no-untyped-def]
    if reason is None:
        check_stated(TEXT, spans, stated, "x")
    else:
        with pytest.raises(Unmappable) as e:
            check_stated(TEXT, spans, stated, "x")
        assert e.value.reason == reason


def test_citron_and_wikinews_de_follow_the_same_rule(tmp_path: Path) -> None:
    span = {"start": 10, "end": 21, "text": "we will lose"}
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a1.json").write_text(
        json.dumps({"text": TEXT, "quotes": [{"contents": [span], "cue": None}]})
    )
    (tmp_path / "c" / "metadata.tsv").write_text(METADATA)
    assert citron.read(tmp_path / "c").lost == {"content offsets do not give the source's text": 1}
    role = {"spans": [{"charBegin": 10, "charEnd": 21}], "text": "we will lose"}
    data = {"originalText": TEXT, "annotations": [{"type": "Direct", "quote": role}]}
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "1 - T (2020-01-01).pretty.json").write_text(json.dumps(data))
    lost = wikinews_de.read(tmp_path / "w").lost
    assert lost == {"quote offsets do not give the source's text": 1}


# ------------------------------------------------------------------ item 8: exact round trips

value = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def odd_articles(draw: st.DrawFn) -> Article:
    fields = {
        k: draw(st.sampled_from(['"', '"x', "None", "NA", " a ", "a\tb", "a\nb", ""]) | value)
        for k in ("title", "byline", "outlet", "wire")
    }
    text = draw(st.sampled_from(['"quoted" text', "None", "a\r\nb"]) | value)
    try:
        return make_article(
            id="a1",
            text=text,
            corpus="t",
            file="a1.txt",
            published=dt.date(2020, 1, 2),
            published_evidence="t",
            rights=draw(st.sampled_from(["None", '"r"']) | value.filter(bool)),
            language=draw(st.sampled_from(["en", "de"])),
            **fields,
        )
    except Unmappable:
        assume(False)
        raise


KEPT = ("id", "title", "byline", "outlet", "wire", "url", "language", "rights", "text")


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(odd_articles(), min_size=1, max_size=3))
def test_brat_and_citron_exports_read_back_every_article_field(articles: list[Article]) -> None:
    import tempfile

    articles = [a.model_copy(update={"id": f"a{i}"}) for i, a in enumerate(articles)]
    for module in (brat, citron):
        with tempfile.TemporaryDirectory() as out:
            module.write(articles, [], out)
            back = module.read(out)
            assert not back.lost, back.lost
            got = {a.id: [getattr(a, k) for k in KEPT] for a in back.articles}
            assert got == {a.id: [getattr(a, k) for k in KEPT] for a in articles}
            assert [a.published for a in back.articles] == [a.published for a in articles]


def test_metadata_values_come_back_from_brat(tmp_path: Path) -> None:
    article = make_article(
        id="a1",
        text=TEXT,
        corpus="t",
        file="a1.txt",
        published=dt.date(2020, 1, 2),
        published_evidence="t",
        rights="None",
        title='"Quoted" title',
        byline="NA",
    )
    other = article.model_copy(update={"id": "a2", "title": "second"})
    brat.write([article, other], [], tmp_path)
    back = {a.id: a for a in brat.read(tmp_path).articles}
    assert (back["a1"].title, back["a1"].byline, back["a1"].rights) == (
        '"Quoted" title',
        "NA",
        "None",
    )
    assert back["a2"].title == "second"


def test_polnear_style_tables_keep_none_and_na_as_unknown(tmp_path: Path) -> None:
    table = "filename\tpublication_date\ttitle\tauthor\na1\t2020-01-02\tNone\tNA\n"
    root = folder(tmp_path, TEXT.encode(), ann(TEXT))
    (root / "metadata.tsv").write_text(table)
    article = brat.read(root).articles[0]
    assert (article.title, article.byline) == (None, None)


# ---------------------------------------------------------------- item 9: deeply nested JSON

DEEP = "[" * 100_000 + "]" * 100_000


def test_deep_json_is_a_counted_record_not_an_aborted_import(tmp_path: Path) -> None:
    good = {"originalText": TEXT, "annotations": []}
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "1 - T (2020-01-01).pretty.json").write_text(json.dumps(good))
    (tmp_path / "w" / "2 - U (2020-01-01).pretty.json").write_text(
        '{"originalText": "x", "annotations": ' + DEEP + "}"
    )
    result = wikinews_de.read(tmp_path / "w")
    assert (len(result.articles), result.lost) == (1, {TOO_DEEP: 1})

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a1.json").write_text(json.dumps({"text": TEXT, "quotes": []}))
    (tmp_path / "c" / "a2.json").write_text('{"quotes": ' + DEEP + "}")
    (tmp_path / "c" / "metadata.tsv").write_text(METADATA)
    result = citron.read(tmp_path / "c")
    assert (len(result.articles), result.lost) == (1, {TOO_DEEP: 1})

    line = {"articleID": "x", "content": TEXT, "date": "2015-01-01 00:00:00", "phase": "E"}
    path = tmp_path / "q.json.bz2"
    path.write_bytes(bz2.compress((json.dumps(line) + "\n" + DEEP + "\n").encode()))
    result = quotebank.read(path)
    assert (len(result.articles), result.lost) == (1, {TOO_DEEP: 1})


# -------------------------------------------- item 10: BOMs, encodings, lone files, symlinks


def test_an_ann_with_a_byte_order_mark_keeps_its_first_annotation(tmp_path: Path) -> None:
    result = brat.read(folder(tmp_path, TEXT.encode(), "\ufeff" + ann(TEXT)))
    assert words(result) == EXPECTED
    assert not result.lost


def test_a_non_utf8_ann_leaves_its_article_out_counted(tmp_path: Path) -> None:
    raw = ann(TEXT).encode("utf-8") + b"\xff\n"
    result = brat.read(folder(tmp_path, TEXT.encode(), raw))
    assert (result.articles, result.quotes) == ([], [])
    assert result.lost == {".ann file not UTF-8 text: its article left out with it": 1}


def test_a_lone_ann_is_counted(tmp_path: Path) -> None:
    root = folder(tmp_path, TEXT.encode(), ann(TEXT))
    (root / "b2.ann").write_text(ann(TEXT))
    result = brat.read(root)
    assert len(result.quotes) == 2
    assert result.lost == {".ann file without its .txt": 2}
    assert result.examples[".ann file without its .txt"] == "b2.ann"


def test_a_metadata_table_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    root = folder(tmp_path, TEXT.encode(), ann(TEXT))
    (root / "metadata.tsv").write_bytes(b"\xef\xbb\xbf" + METADATA.encode())
    assert [str(a.published) for a in brat.read(root).articles] == ["2020-01-02"]


def test_polnear_metadata_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    table = root / "data" / "metadata.tsv"
    table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    assert len(polnear.read(root).articles) == 2


OUTSIDE = "symlink or path leading outside the given folder: not read"


def test_nothing_outside_the_given_folder_is_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "b2.txt").write_text(TEXT)
    (elsewhere / "sub" / "c3.txt").write_text(TEXT)
    root = folder(tmp_path, TEXT.encode(), ann(TEXT))
    os.symlink(elsewhere / "b2.txt", root / "b2.txt")
    os.symlink(elsewhere / "sub", root / "sub")
    os.symlink(root / "a1.txt", root / "d4.txt")  # inside the folder: read
    (root / "metadata.tsv").write_text(METADATA + "d4\t2020-01-02\n")
    result = brat.read(root)
    assert sorted(a.id for a in result.articles) == ["a1", "d4"]
    assert result.lost == {OUTSIDE: 2}

    for module, name in ((wikinews_de, "1 - T (2020-01-01).pretty.json"), (citron, "a1.json")):
        source = tmp_path / module.NAME
        source.mkdir()
        (elsewhere / name).write_text(json.dumps({"originalText": TEXT, "text": TEXT}))
        os.symlink(elsewhere / name, source / name)
        os.symlink(elsewhere / "sub", source / "sub")
        result = module.read(source)
        assert (result.articles, result.lost) == ([], {OUTSIDE: 2})


def test_a_metadata_table_leading_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = folder(tmp_path, TEXT.encode(), ann(TEXT))
    (tmp_path / "elsewhere.tsv").write_text(METADATA)
    (root / "metadata.tsv").unlink()
    os.symlink(tmp_path / "elsewhere.tsv", root / "metadata.tsv")
    with pytest.raises(SourceError, match="leads outside"):
        brat.read(root)


def test_a_polnear_filename_cannot_lead_outside_the_checkout(tmp_path: Path) -> None:
    root = checkout(tmp_path / "c")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret text")
    table = root / "data" / "metadata.tsv"
    rows = table.read_text().replace("nyt_2016-01-05_holm-talks", "../../../../secret", 1)
    table.write_text(rows)
    result = polnear.read(root)
    assert all(a.text != "secret text" for a in result.articles)
    assert result.lost["metadata.tsv filename leads outside the checkout: not read"] == 1


def test_a_broken_symlink_output_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    os.symlink(tmp_path / "nowhere", out)
    with pytest.raises(NotADirectoryError, match="symlink to nothing"), staged(out, ["a"]):
        raise AssertionError("not reached")
