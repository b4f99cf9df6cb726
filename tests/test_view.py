"""HTML views: structural checks with html.parser, the CLI, one rendering in headless Chromium."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import made_quote, quoted_parts, require
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes import (
    Annotation,
    Article,
    Correction,
    Quote,
    Region,
    Speaker,
    TextSpan,
    load,
    write,
)
from quotes.core.bundled import data_path
from quotes.core.corpus_rules import check_quote
from quotes.core.marking import marked_context
from quotes.core.record_rules import KINDS
from quotes.evaluate import evaluate
from quotes.extract import extract_all
from quotes.io.files import OutputExists
from quotes.io.jsonl import read
from quotes.view.compare import match
from quotes.view.markup import Mark, markup
from quotes.view.pages import page_name, render_article, render_index, title_of, write_view

Run = Callable[..., subprocess.CompletedProcess[str]]  # the run_cli fixture (conftest.py)

# --------------------------------------------------------------------------------------------
# A synthetic article that exercises every hard case: markup-like text, CR LF, a character
# outside the BMP before the quotes (code points != UTF-16 units), regions of every kind, a quote
# in a sidebar, a quote nested in another with its mention inside, a two-segment quote, a
# correction.

TEXT = (
    "Menu | Share \U0001f600 this\r\n"
    "Leaders <b>Meet</b> & Talk\n"
    "BRUSSELS (Wire) -\n"
    '"We will <script>alert(1)</script> respond," said Jane Doe, the minister. '
    '"It is fine & calm."\n'
    'Officials said the talks were useful, as Mary Major put it, "a good start" for all.\n'
    'FACTBOX: "Sidebar words here," a spokesman said.\n'
    "Photo: a caption.\n"
    "Caf\u00e9 teh end.\n"
)


def _at(needle: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(needle, after)
    return start, start + len(needle)


def _span(needle: str, after: int = 0) -> TextSpan:
    start, end = _at(needle, after)
    return TextSpan(text=needle, start=start, end=end)


def make_article(text: str = TEXT, article_id: str = "900", regions: bool = True) -> Article:
    def region(needle: str, kind: str) -> Region:
        start, end = (text.index(needle), text.index(needle) + len(needle))
        return Region.model_validate({"start": start, "end": end, "kind": kind})

    regs = (
        [
            region("Menu | Share \U0001f600 this", "furniture"),
            region("Leaders <b>Meet</b> & Talk", "headline"),
            region("BRUSSELS (Wire) -", "dateline"),
            region('FACTBOX: "Sidebar words here," a spokesman said.', "sidebar"),
            region("Photo: a caption.", "caption"),
        ]
        if regions
        else []
    )
    corrections = []
    if "teh" in text:
        start = text.index("teh")
        corrections = [
            Correction(start=start, end=start + 3, original="teh", corrected="the", reason="typo")
        ]
    return Article(
        id=article_id,
        file=f"{article_id}_synthetic.txt",
        title="Leaders <b>Meet</b> & Talk",
        outlet="The Example Times",
        outlet_confidence="stated",
        outlet_evidence="Masthead <em>in</em> the text.",
        url="https://example.org/story?a=1&b=<2>",
        wire=None,
        wire_confidence=None,
        wire_evidence="Original reporting: no agency credit.",
        byline=None,
        published=dt.date(2001, 2, 23),
        published_precision="day",
        published_confidence="inferred",
        published_evidence="The text says Thursday; the handover was on Tuesday.",
        language="en",
        rights="Synthetic text written for the tests.",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        regions=regs,
        corrections=corrections,
    )


def make_quote(
    spans: list[tuple[int, int]],
    *,
    kind: str = "direct",
    quoted: list[tuple[int, int]] | None = None,
    name: str | None = "Jane Doe",
    description: str | None = "the minister",
    type_: str = "person",
    mention: TextSpan | None = None,
    cue: TextSpan | None = None,
    region: str = "body",
    confidence: float | None = None,
    article: Article | None = None,
) -> Quote:
    text = article.text if article else TEXT
    article_id = article.id if article else "900"
    machine = confidence is not None
    speaker = Speaker.model_validate(
        {
            "name": name,
            "description": description,
            "type": type_,
            "members": [],
            "wikidata": None,
            "mention": mention,
            "evidence": "Named in the sentence." if name else None,
        }
    )
    annotation = Annotation.model_validate(
        {
            "method": "model" if machine else "manual",
            "tool": "toy-extractor 0.1" if machine else None,
            "confidence": confidence,
        }
    )
    return made_quote(
        text,
        spans,
        kind=kind,
        quoted=quoted_parts(kind, spans, quoted),
        speaker=speaker,
        cue=cue,
        article_id=article_id,
        date=dt.date(2001, 2, 23),
        outlet="The Example Times",
        region=region,
        annotation=annotation,
    )


ARTICLE = make_article()
JANE = make_quote(
    [_at("We will <script>alert(1)</script> respond,"), _at("It is fine & calm.")],
    mention=_span("Jane Doe"),
    cue=_span("said", TEXT.index("respond")),
)
OUTER = make_quote(
    [_at('the talks were useful, as Mary Major put it, "a good start" for all')],
    kind="indirect",
    name=None,
    description="officials",
    type_="group",
    mention=_span("Officials"),
    cue=_span("said", TEXT.index("Officials")),
)
INNER = make_quote(
    [_at('a good start" for all')],
    kind="mixed",
    quoted=[_at("a good start")],
    name="Mary Major",
    description=None,
    mention=_span("Mary Major"),
    cue=_span("put it"),
)
SIDEBAR = make_quote(
    [_at("Sidebar words here,")],
    name=None,
    description="a spokesman",
    type_="anonymous",
    mention=_span("a spokesman"),
    cue=_span("said", TEXT.index("spokesman")),
    region="sidebar",
)
QUOTES = [SIDEBAR, JANE, OUTER, INNER]


# --------------------------------------------------------------------------------------------
# A small DOM built with html.parser


VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.text = ""

    def get(self, name: str) -> str:
        value = self.attrs.get(name)
        assert value is not None, f"<{self.tag}> has no {name}"
        return value

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> list[Element]:
        out = [self]
        for child in self.children:
            out += child.iter()
        return out

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()[1:]
            if (tag is None or e.tag == tag)
            and all(e.attrs.get(_attr_name(k)) == v for k, v in attrs.items())
        ]


def _attr_name(keyword: str) -> str:
    return "class" if keyword == "class_" else keyword.replace("_", "-")


class Tree(HTMLParser):
    """Parses a page and fails on crossed or unclosed tags."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.stack = [self.root]
        self.feed(page)
        self.close()
        assert self.stack == [self.root], f"unclosed: {[e.tag for e in self.stack[1:]]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def text_container(tree: Tree, prefix: str = "q") -> Element:
    (column,) = tree.root.find_all("section", data_prefix=prefix)
    (container,) = [e for e in column.iter() if "text" in e.classes()]
    return container


def check_quotes_drawn(container: Element, text: str, quotes: list[Quote], prefix: str) -> None:
    """Every quotation has its spans, each highlight's text is text[start:end], numbered once."""
    marks = container.find_all("mark")
    assert {m.get("data-quote") for m in marks} == {q.id for q in quotes}
    for q in quotes:
        mine = [m for m in marks if m.get("data-quote") == q.id]
        assert len({m.get("data-q") for m in mine}) == 1, "one number per quotation"
        assert len([m for m in mine if "data-first" in m.attrs]) == 1
        first = next(m for m in mine if "data-first" in m.attrs)
        assert first.get("tabindex") == "0"
        assert first.get("id").startswith(prefix)
        for seg, (start, end) in enumerate(q.spans, start=1):
            pieces = sorted(
                (m for m in mine if m.get("data-seg") == str(seg)),
                key=lambda m: int(m.get("data-start")),
            )
            assert pieces, f"{q.id} segment {seg} missing"
            for piece in pieces:
                assert piece.text == text[int(piece.get("data-start")) : int(piece.get("data-end"))]
            assert int(pieces[0].get("data-start")) == start
            assert int(pieces[-1].get("data-end")) == end
            assert "".join(p.text for p in pieces) == text[start:end]
            assert all(p.get("data-kind") == q.kind for p in pieces)


# --------------------------------------------------------------------------------------------
# Structure


def test_page_shows_every_quotation_with_exact_text() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    container = text_container(tree)
    assert container.text == ARTICLE.text
    check_quotes_drawn(container, ARTICLE.text, QUOTES, "q")


def test_article_text_is_escaped_never_markup() -> None:
    page = render_article(ARTICLE, QUOTES)
    tree = Tree(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    scripts = tree.root.find_all("script")
    assert len(scripts) == 1 and "alert(1)" not in scripts[0].text
    assert not text_container(tree).find_all("b")
    # metadata is escaped too: the evidence "Masthead <em>in</em> the text." stays text
    assert all(e.text != "in" for e in tree.root.find_all("em"))
    (link,) = [a for a in tree.root.find_all("a") if a.attrs.get("rel")]
    assert link.get("href") == "https://example.org/story?a=1&b=<2>"


def test_carriage_returns_survive_in_the_markup() -> None:
    page = render_article(ARTICLE, QUOTES)
    assert "\r" not in page and "&#13;" in page


def test_multi_segment_quote_is_one_linked_quotation() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    marks = [m for m in text_container(tree).find_all("mark") if m.get("data-quote") == JANE.id]
    firsts = [m for m in marks if "data-cont" not in m.attrs]
    # numbered in document order: Jane Doe's quotation comes first in the text
    assert [m.get("data-label") for m in firsts] == ["1D 1/2", "1D 2/2"]
    assert [m.get("id") for m in firsts] == ["q1", "q1-2"]
    (info,) = tree.root.find_all("li", id="info-q1")
    assert [a.get("href") for a in info.find_all("a")] == ["#q1", "#q1", "#q1-2"]


def test_speaker_cue_and_mention_are_shown() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    container = text_container(tree)
    (first,) = container.find_all("mark", id="q1")
    assert "Jane Doe" in first.get("title") and "the minister" in first.get("title")
    assert "person" in first.get("title")
    for q in QUOTES:
        key = next(
            m.get("data-q") for m in container.find_all("mark") if m.get("data-quote") == q.id
        )
        assert q.cue is not None and q.speaker.mention is not None
        for cls, ts in (("cue", q.cue), ("mention", q.speaker.mention)):
            (el,) = [
                e
                for e in container.find_all("span")
                if cls in e.classes() and key in e.get("data-q").split()
            ]
            assert (int(el.get("data-start")), int(el.get("data-end"))) == (ts.start, ts.end)
            assert el.text == ts.text
        (info,) = tree.root.find_all("li", id=f"info-{key}")
        assert q.speaker.label in info.text
        assert q.speaker.type in info.text and q.kind in info.text


def test_a_speaker_is_shown_by_its_state() -> None:
    """A mention-only (imported) speaker reads "unresolved", an unnamed source "anonymous":
    never the one word for both."""
    unresolved = make_quote(
        [_at("the talks were useful")],
        kind="indirect",
        name=None,
        description=None,
        type_="unknown",
        mention=_span("Officials"),
    )
    tree = Tree(render_article(ARTICLE, [unresolved, SIDEBAR]))
    container = text_container(tree)
    infos = {li.get("data-q"): li.text for li in tree.root.find_all("li") if "info" in li.classes()}
    titles = {key: container.find_all("mark", id=key)[0].get("title") for key in ("q1", "q2")}
    assert "unresolved: “Officials”" in infos["q1"] and "unresolved" in titles["q1"]
    assert "anonymous: a spokesman" in infos["q2"] and "anonymous" in titles["q2"]
    assert "unnamed" not in "".join(infos.values()) + "".join(titles.values())


def test_nested_highlights_nest() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    container = text_container(tree)
    (outer,) = [m for m in container.find_all("mark") if m.get("data-quote") == OUTER.id]
    inner = [m for m in outer.find_all("mark") if m.get("data-quote") == INNER.id]
    assert len(inner) == 1 and inner[0].text == 'a good start" for all'
    assert [q.text for q in inner[0].find_all("span", class_="quoted")] == ["a good start"]
    mentions = [e for e in outer.find_all("span") if "mention" in e.classes()]
    assert [e.text for e in mentions] == ["Mary Major"]
    (sidebar,) = container.find_all("span", data_region="sidebar")
    assert [m.get("data-quote") for m in sidebar.find_all("mark")] == [SIDEBAR.id]


def test_regions_and_corrections_are_set_apart() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    container = text_container(tree)
    for region in ARTICLE.regions:
        (el,) = container.find_all("span", data_region=region.kind)
        assert el.get("data-label") == region.kind.upper()
        assert el.text == ARTICLE.text[region.start : region.end]
    (corr,) = [e for e in container.find_all("span") if "corr" in e.classes()]
    assert corr.text == "teh" and "the" in corr.get("title")


def test_crossing_highlights_are_split_into_pieces() -> None:
    """A machine-made quote that runs out of the sidebar into the caption is split, not crossed."""
    start = TEXT.index("spokesman said.")
    end = TEXT.index("a caption") + 1
    crossing = make_quote([(start, end)], kind="indirect", confidence=0.4, region="sidebar")
    tree = Tree(render_article(ARTICLE, [crossing]))  # Tree fails on crossed tags
    container = text_container(tree)
    pieces = container.find_all("mark")
    assert len(pieces) > 1
    assert [("data-cont" in p.attrs) for p in pieces] == [False] + [True] * (len(pieces) - 1)
    check_quotes_drawn(container, TEXT, [crossing], "q")
    (info,) = tree.root.find_all("li", id="info-q1")
    assert "region-mismatch" in info.text
    assert "confidence 0.40" in info.text and "toy-extractor 0.1" in info.text


def test_metadata_with_evidence() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    (meta,) = tree.root.find_all("section", class_="meta")
    for fact in (
        "The Example Times",
        "Masthead <em>in</em> the text.",
        "2001-02-23 (precision: day)",
        "(inferred)",
        ARTICLE.published_evidence,
        "Original reporting: no agency credit.",
        "'teh'",
        "'the'",
        ARTICLE.sha256,
    ):
        assert fact in meta.text


def test_out_of_range_quote_is_listed_not_drawn() -> None:
    short = make_article(text="Short text here.", regions=False)
    bad = make_quote([_at("We will")], article=None)
    page = render_article(short, [bad.model_copy(update={"article_id": short.id})])
    tree = Tree(page)
    assert not text_container(tree).find_all("mark")
    (info,) = tree.root.find_all("li", id="info-q1")
    assert "span-out-of-range" in info.text and "not drawn" in info.text


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet="ab<&\r\n\U0001f600", min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30), st.integers(0, 3)), max_size=8),
)
def test_markup_from_boundaries_is_always_well_formed(
    text: str, raw: list[tuple[int, int, int]]
) -> None:
    marks = []
    for n, (a, length, layer) in enumerate(raw):
        start = min(a, len(text) - 1)
        end = min(start + length, len(text))
        marks.append(Mark(start, end, layer, "span", {"data-n": n}))
    tree = Tree(f"<div>{markup(text, marks)}</div>")  # fails on crossed tags
    (div,) = tree.root.children
    assert div.text == text
    for n, m in enumerate(marks):
        pieces = div.find_all("span", data_n=str(n))
        assert pieces and int(pieces[0].get("data-start")) == m.start
        for p in pieces:
            assert p.text == text[int(p.get("data-start")) : int(p.get("data-end"))]
        assert "".join(p.text for p in pieces) == text[m.start : m.end]


# --------------------------------------------------------------------------------------------
# Comparison


def test_match_is_same_article_and_overlapping_spans() -> None:
    found = make_quote([(JANE.spans[0][0] + 3, JANE.spans[0][1] + 2)], confidence=0.9)
    touching = make_quote([(OUTER.spans[0][1], OUTER.spans[0][1] + 2)], confidence=0.5)
    other = make_article(article_id="901")
    elsewhere = make_quote([JANE.spans[0]], article=other)
    result = match([JANE, OUTER], [found, touching, elsewhere])
    assert result.gold == {0: 0, 1: None}
    assert result.predicted == {0: 0, 1: None, 2: None}
    assert result.counts() == {"match": 1, "miss": 1, "false-alarm": 2}


def test_match_pairs_one_to_one() -> None:
    # the same gold line twice, predicted once: one match, one miss (not two matches)
    found = make_quote([JANE.spans[0]], confidence=0.9)
    result = match([JANE, JANE], [found])
    assert result.counts() == {"match": 1, "miss": 1, "false-alarm": 0}
    # a prediction overlapping two gold quotations pairs with the one it shares most with
    wide = make_quote([(OUTER.spans[0][0], INNER.spans[0][1] + 3)], confidence=0.9)
    result = match([INNER, OUTER], [wide])
    assert result.gold == {0: None, 1: 0}


def test_comparison_page_marks_matches_misses_false_alarms() -> None:
    found = make_quote([JANE.spans[1]], kind="indirect", confidence=0.9)
    ghost_start = TEXT.index("Caf")
    ghost = make_quote([(ghost_start, ghost_start + 4)], confidence=0.2)
    gold = [JANE, OUTER]
    predicted = [found, ghost]
    tree = Tree(render_article(ARTICLE, gold, compare=predicted))
    g, p = text_container(tree, "g"), text_container(tree, "p")
    check_quotes_drawn(g, TEXT, gold, "g")
    check_quotes_drawn(p, TEXT, predicted, "p")

    def status(container: Element, quote: Quote) -> set[str]:
        return {
            c
            for m in container.find_all("mark")
            if m.get("data-quote") == quote.id
            for c in m.classes()
            if c.startswith("st-")
        }

    assert status(g, JANE) == {"st-match"}
    assert status(g, OUTER) == {"st-miss"}
    assert status(p, found) == {"st-match"}
    assert status(p, ghost) == {"st-false-alarm"}
    (hit,) = g.find_all("mark", id="g1")
    assert hit.get("data-label").endswith("✓")
    (miss,) = g.find_all("mark", id="g2")
    assert "MISS" in miss.get("data-label")  # not only a colour
    (alarm,) = p.find_all("mark", id="p2")
    assert "FALSE ALARM" in alarm.get("data-label")
    (info,) = tree.root.find_all("li", id="info-p1")
    assert "differs: kind direct" in info.text
    assert [a.get("href") for a in info.find_all("a") if a.text == JANE.id] == ["#g1"]
    assert "matched 1, missed 1, false alarms 1" in tree.root.text


def test_view_matched_equals_evaluate_overlap_pairs(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    s = TEXT.index("the talks were useful")
    first, second = make_quote([(s, s + 9)]), make_quote([(s + 10, s + 20)])
    gold = [first, second, JANE]
    predicted = [
        make_quote([(s + 5, s + 15)], confidence=0.9),  # shares 4 with `first`, 5 with `second`
        make_quote([(s + 2, s + 4)], confidence=0.9),  # shares 2 with `first`
        make_quote([(s + 16, s + 18)], confidence=0.9),  # shares 2 with `second`
    ]
    # One to one, largest overlap first: `second` with the first prediction, then `first` with
    # the second; the third only overlaps the paired `second` (a false alarm), JANE is missed.
    write(gold, tmp_path / "gold.jsonl")
    write(predicted, tmp_path / "predicted.jsonl")
    scored = run_cli(
        "evaluate",
        str(tmp_path / "gold.jsonl"),
        str(tmp_path / "predicted.jsonl"),
        "--articles",
        str(files["articles"]),
        "--format",
        "json",
    )
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["overlap"]["all"]["matched"] == 2
    out = tmp_path / "cmp"
    done = run_cli(
        "view",
        str(tmp_path / "gold.jsonl"),
        "--articles",
        str(files["articles"]),
        "--compare",
        str(tmp_path / "predicted.jsonl"),
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "matched 2, missed 1, false alarms 1" in index
    tree = Tree((out / "article-900.html").read_text(encoding="utf-8"))
    assert "matched 2, missed 1, false alarms 1" in tree.root.text
    # the unpaired prediction names the gold quotation it overlaps, and why it is not a match
    alarms = [li for li in tree.root.find_all("li") if "st-false-alarm" in li.classes()]
    assert len(alarms) == 1 and "also overlaps" in alarms[0].text


def test_repeated_and_tied_quotations_pair_as_evaluate_pairs_them() -> None:
    s = TEXT.index("the talks were useful")
    longer = make_quote([(s, s + 12)], kind="indirect")
    shorter = make_quote([(s, s + 10)], kind="indirect")  # same first offset as `longer`
    gold = [longer, shorter, JANE, JANE]  # JANE twice, predicted once
    predicted = [
        make_quote([(s, s + 10)], kind="indirect", confidence=0.9),  # 10 shared with both
        make_quote([(s + 10, s + 12)], kind="indirect", confidence=0.9),  # 2 with `longer` only
        make_quote([JANE.spans[0]], confidence=0.9),
    ]
    # Ties go by input order (as in evaluate), not by the page's document order: `longer` takes
    # the first prediction, the second prediction only overlaps `longer`; `shorter` and the second
    # JANE are missed: 2 pairs, 2 misses, 1 false alarm (document order would give 3 pairs).
    assert evaluate(gold, predicted).overlap["all"].matched == 2
    assert "matched 2, missed 2, false alarms 1" in render_index([ARTICLE], gold, compare=predicted)
    page = Tree(render_article(ARTICLE, gold, compare=predicted))
    assert "matched 2, missed 2, false alarms 1" in page.root.text


_SPANS = st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 12)).map(
    lambda p: (p[0], min(p[0] + p[1], len(TEXT)))
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SPANS, max_size=6), st.lists(_SPANS, max_size=6))
def test_index_matched_is_evaluate_overlap_matched(
    gold_spans: list[tuple[int, int]], predicted_spans: list[tuple[int, int]]
) -> None:
    gold = [make_quote([s]) for s in gold_spans]
    predicted = [make_quote([s], confidence=0.5) for s in predicted_spans]
    matched = evaluate(gold, predicted).overlap["all"].matched
    index = Tree(render_index([ARTICLE], gold, compare=predicted))
    assert f"; matched {matched}, " in index.root.text
    page = Tree(render_article(ARTICLE, gold, compare=predicted))
    assert f" matched {matched}, " in page.root.text


def test_view_and_evaluate_agree_on_the_bundled_data(run_cli: Run, tmp_path: Path) -> None:
    with data_path("articles.jsonl") as a:
        articles = list(read(a, Article))
    write(extract_all(articles), tmp_path / "pred.jsonl")
    scored = run_cli("evaluate", "bundled", str(tmp_path / "pred.jsonl"), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    matched = json.loads(scored.stdout)["overlap"]["all"]["matched"]
    done = run_cli("view", "--compare", str(tmp_path / "pred.jsonl"), "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    index = Tree((tmp_path / "o" / "index.html").read_text(encoding="utf-8"))
    assert f"; matched {matched}, " in index.root.text
    per_article = sum(int(row.find_all("td")[-3].text) for row in index.root.find_all("tr")[1:])
    assert per_article == matched


# --------------------------------------------------------------------------------------------
# Writing and the CLI


def test_write_view_refuses_to_overwrite(tmp_path: Path) -> None:
    written = write_view([ARTICLE], QUOTES, tmp_path / "out")
    assert [p.name for p in written] == ["index.html", page_name("900")]
    before = written[1].read_text(encoding="utf-8")
    with pytest.raises(OutputExists) as refused:
        write_view([ARTICLE], [], tmp_path / "out")
    assert refused.value.paths == written and "--force" not in str(refused.value)
    assert written[1].read_text(encoding="utf-8") == before
    write_view([ARTICLE], [], tmp_path / "out", force=True)
    assert written[1].read_text(encoding="utf-8") != before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "article-900.html",
        "index.html",
    ]


def test_write_view_rejects_quote_of_unknown_article(tmp_path: Path) -> None:
    stray = JANE.model_copy(update={"article_id": "999"})
    with pytest.raises(KeyError, match="999"):
        write_view([ARTICLE], [stray], tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "articles": tmp_path / "articles.jsonl",
        "quotes": tmp_path / "quotes.jsonl",
        "pred": tmp_path / "pred.jsonl",
    }
    write(
        [ARTICLE, make_article(text="Nothing said.", article_id="901", regions=False)],
        paths["articles"],
    )
    write(QUOTES, paths["quotes"])
    write([make_quote([JANE.spans[0]], confidence=0.8)], paths["pred"])
    return paths


def test_cli_view_user_files_and_force(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "view"
    args = [str(files["quotes"]), "--articles", str(files["articles"]), "--out", str(out)]
    done = run_cli("view", *args)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "article-900.html",
        "article-901.html",
        "index.html",
    ]
    index = Tree((out / "index.html").read_text(encoding="utf-8"))
    assert [a.get("href") for a in index.root.find_all("a")] == [
        "article-900.html",
        "article-901.html",
    ]
    again = run_cli("view", *args)
    assert again.returncode == 2 and "exists" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.stderr
    assert run_cli("view", *args, "--force").returncode == 0


def test_cli_view_compare_and_one_article(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "cmp"
    done = run_cli(
        "view",
        str(files["quotes"]),
        "--articles",
        str(files["articles"]),
        "--article",
        "900",
        "--compare",
        str(files["pred"]),
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["article-900.html", "index.html"]
    tree = Tree((out / "article-900.html").read_text(encoding="utf-8"))
    check_quotes_drawn(text_container(tree, "g"), TEXT, QUOTES, "g")
    assert "confidence 0.80" in text_container(tree, "p").parent.parent.text  # type: ignore[union-attr]


def test_cli_view_bad_input(run_cli: Run, files: dict[str, Path], tmp_path: Path) -> None:
    stray = tmp_path / "stray.jsonl"
    write([make_quote([(0, 4)], article=make_article(article_id="777"))], stray)
    done = run_cli(
        "view", str(stray), "--articles", str(files["articles"]), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 1
    assert f"{stray}:1: article_id" in done.stderr and "777" in done.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1}\n', encoding="utf-8")
    done = run_cli(
        "view", str(broken), "--articles", str(files["articles"]), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 1 and str(broken) in done.stderr and "Traceback" not in done.stderr
    done = run_cli("view", "--article", "nope", "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "nope" in done.stderr
    done = run_cli("view", "-", "--compare", "-", "--out", str(tmp_path / "o"), stdin="")
    assert done.returncode == 2 and "standard input" in done.stderr
    assert not (tmp_path / "o").exists()


def test_cli_view_refuses_duplicate_article_ids(
    run_cli: Run, files: dict[str, Path], tmp_path: Path
) -> None:
    twice = tmp_path / "twice.jsonl"
    other = make_article(text="Nothing said.", article_id="901", regions=False)
    write([ARTICLE, other, ARTICLE], twice)
    out = tmp_path / "o"
    done = run_cli("view", str(files["quotes"]), "--articles", str(twice), "--out", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{twice}:3: id: " in done.stderr and "'900'" in done.stderr
    assert "[duplicate-id]" in done.stderr
    # across files, the message names the other file
    done = run_cli(
        "view",
        str(files["quotes"]),
        *("--articles", str(files["articles"]), "--articles", str(twice)),
        *("--out", str(out)),
    )
    assert done.returncode == 1
    assert f"{twice}:1: id: " in done.stderr and "'900'" in done.stderr
    assert not out.exists()
    with pytest.raises(ValueError, match="'900'"):
        write_view([ARTICLE, ARTICLE], [], out)
    assert not out.exists()


def test_cli_view_bundled_data_one_page_per_article(run_cli: Run, tmp_path: Path) -> None:
    with data_path("articles.jsonl") as a, data_path("quotes.jsonl") as q:
        articles = list(read(a, Article))
        quotes = list(read(q, Quote))
    out = tmp_path / "bundled"
    done = run_cli("view", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.html", *(page_name(x.id) for x in articles)]
    )
    for article in articles:
        tree = Tree((out / page_name(article.id)).read_text(encoding="utf-8"))
        container = text_container(tree)
        assert container.text == article.text
        mine = [q for q in quotes if q.article_id == article.id]
        check_quotes_drawn(container, article.text, mine, "q")
        assert len([li for li in tree.root.find_all("li") if "info" in li.classes()]) == len(mine)
    # article 002_... has no title (PROVENANCE.md: headline unknown): "untitled", not its file name
    index = Tree((out / "index.html").read_text(encoding="utf-8"))
    titles = {
        row.find_all("td")[0].text: row.find_all("td")[1].text
        for row in index.root.find_all("tr")[1:]
    }
    assert titles["002_bdc9815c2310340a"] == "untitled"
    assert all(a.file not in index.root.text for a in articles)


# --------------------------------------------------------------------------------------------
# Titles, corrections and the plain-text context (quotes show, Corpus.context)


def test_an_article_without_title_is_untitled_or_headed_by_its_headline() -> None:
    bare = make_article(text="Nothing said here.", article_id="902", regions=False)
    bare = bare.model_copy(update={"title": None})
    assert title_of(bare) is None
    tree = Tree(render_article(bare, []))
    assert tree.root.find_all("h1")[0].text == "untitled"
    assert tree.root.find_all("title")[0].text == "902: untitled"
    index = Tree(render_index([bare], []))
    (row,) = index.root.find_all("tr")[1:]
    assert row.find_all("td")[1].text == "untitled" and bare.file not in row.text
    headed = ARTICLE.model_copy(update={"title": None})
    assert title_of(headed) == "Leaders <b>Meet</b> & Talk"  # the headline region's text


def test_marked_context_marks_segments_and_shows_corrections_beside_the_text() -> None:
    assert marked_context(JANE, ARTICLE, 0) == (
        '[[We will <script>alert(1)</script> respond,]]" said Jane Doe, the minister. '
        '"[[It is fine & calm.]]'
    )
    assert marked_context(JANE, ARTICLE, 2) == (
        '... "[[We will <script>alert(1)</script> respond,]]" said Jane Doe, the minister. '
        '"[[It is fine & calm.]]" ...'  # the line breaks either side are one space each
    )
    start = TEXT.index("Caf")
    cafe = make_quote([(start, start + len("Caf\u00e9 teh end."))])
    assert marked_context(cafe, ARTICLE, 0) == "[[Caf\u00e9 {teh\u2192the} end.]]"
    assert marked_context(cafe, ARTICLE, 0, corrected=False) == "[[Caf\u00e9 teh end.]]"
    # a correction partly inside the window is shown whole
    head = make_quote([(start, start + 5)])
    assert marked_context(head, ARTICLE, 1) == "... [[Caf\u00e9 ]]{teh\u2192the}..."
    with pytest.raises(ValueError, match="chars"):
        marked_context(cafe, ARTICLE, -1)


def test_side_list_gives_the_corrected_reading() -> None:
    start = TEXT.index("Caf")
    cafe = make_quote([(start, start + len("Caf\u00e9 teh end."))])
    tree = Tree(render_article(ARTICLE, [JANE, cafe]))
    (info,) = tree.root.find_all("li", id="info-q2")
    assert "corrected[[Caf\u00e9 {teh\u2192the} end.]]" in info.text  # no "..." with chars=0
    (quote,) = info.find_all("blockquote")
    assert quote.text == "Caf\u00e9 teh end."  # the verbatim text stays
    (first,) = tree.root.find_all("li", id="info-q1")
    assert "corrected" not in first.text


def test_show_and_corpus_context_mark_quotes_the_same_way(run_cli: Run) -> None:
    corpus = load()
    done = run_cli("show", "--article", "001_275f2e75e1c3b447", "--context", "120")
    assert done.returncode == 0, done.stderr
    contexts = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert contexts == [
        corpus.context(q, 120) for q in corpus.filter(article="001_275f2e75e1c3b447")
    ]
    # the factbox's mis-decoded apostrophe, with its stored correction beside it
    assert "Anders Fogh Rasmussen{\u00ed\u2192\u2019}s" in done.stdout
    assert "Rasmussen\u00ed" in corpus.context(
        corpus.filter(article="001_275f2e75e1c3b447")[0], 120, corrected=False
    )


def test_legend_and_labels_cover_every_kind() -> None:
    tree = Tree(render_article(ARTICLE, QUOTES))
    (legend,) = [d for d in tree.root.find_all("div") if "legend" in d.classes()]
    kinds = [m.text for m in legend.find_all("mark")]
    assert kinds == list(KINDS)
    letters = [m.get("data-label") for m in legend.find_all("mark")]
    assert len(set(letters)) == len(KINDS)


# --------------------------------------------------------------------------------------------
# Headless Chromium


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


# For each record span: a DOM Range built from the code-point offsets in the text container,
# compared with the highlight elements the page drew for that segment.
PROBE = """
<script>
(function(){
  var expected = %s, out = [];
  var container = document.querySelector('section[data-prefix="q"] .text');
  var nodes = [], cp = 0, w = document.createTreeWalker(container, NodeFilter.SHOW_TEXT), n;
  while ((n = w.nextNode())) {
    var len = Array.from(n.data).length; nodes.push([n, cp, len]); cp += len;
  }
  function locate(off, isEnd) {
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i][0], s = nodes[i][1], len = nodes[i][2];
      if (off < s + len || (isEnd && off === s + len)) {
        return [node, Array.from(node.data).slice(0, off - s).join('').length];
      }
    }
  }
  function box(rects) {
    var b = null;
    Array.prototype.forEach.call(rects, function(r) {
      if (r.width < 0.5) return;
      b = b ? {left: Math.min(b.left, r.left), top: Math.min(b.top, r.top),
               right: Math.max(b.right, r.right), bottom: Math.max(b.bottom, r.bottom)}
            : {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    });
    return b;
  }
  expected.forEach(function(x) {
    var r = document.createRange(), a = locate(x.start, false), b = locate(x.end, true);
    r.setStart(a[0], a[1]); r.setEnd(b[0], b[1]);
    var els = Array.prototype.filter.call(container.querySelectorAll('mark'), function(m) {
      return m.dataset.quote === x.id && m.dataset.seg === String(x.seg);
    });
    var rects = [];
    els.forEach(function(m) { Array.prototype.push.apply(rects, m.getClientRects()); });
    var first = r.getClientRects()[0], hit = null;
    if (first) {
      var h = document.elementFromPoint(first.left + Math.min(3, first.width / 2),
                                        first.top + first.height / 2);
      hit = els.some(function(m) { return m.contains(h); });
    }
    out.push({id: x.id, seg: x.seg, range_text: r.toString(),
              marks_text: els.map(function(m) { return m.textContent; }).join(''),
              range: box(r.getClientRects()), marks: box(rects), hit: hit,
              first: first ? {left: first.left, top: first.top, right: first.right,
                              bottom: first.bottom} : null,
              kind: els.length ? els[0].dataset.kind : null});
  });
  var focused = [];
  ['j', 'j', 'j', 'k'].forEach(function(key) {
    document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
    var el = document.activeElement;
    var sel = '.active[data-q="' + el.dataset.q + '"]';
    focused.push([el.id, document.querySelectorAll('mark' + sel).length,
                  document.querySelectorAll('li' + sel).length]);
  });
  var pre = document.createElement('pre'); pre.id = 'probe-result';
  pre.textContent = JSON.stringify({spans: out, keys: focused}); document.body.appendChild(pre);
})();
</script>
"""


def _browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=1280,1400",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of a non-interlaced 8-bit PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.mark.slow
def test_page_renders_in_headless_chromium_with_highlights_at_their_offsets(
    tmp_path: Path,
) -> None:
    binary = chromium()
    require(binary, "needs Chromium for the browser test (Debian: apt-get install chromium)")
    assert binary is not None
    write_view([ARTICLE], QUOTES, tmp_path / "view")
    page = tmp_path / "view" / page_name("900")
    expected = [
        {"id": q.id, "seg": seg, "start": s, "end": e}
        for q in QUOTES
        for seg, (s, e) in enumerate(q.spans, start=1)
    ]
    probed = tmp_path / "probed.html"
    html_text = page.read_text(encoding="utf-8")
    probed.write_text(
        html_text.replace("</body>", PROBE % json.dumps(expected) + "</body>"), encoding="utf-8"
    )

    done = _browser(binary, tmp_path / "profile1", "--dump-dom", probed.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Tree(done.stdout.replace("<br>", ""))
    (pre,) = dom.root.find_all("pre", id="probe-result")
    probe = json.loads(pre.text)
    # j, j, j, k: quotations in document order; all segments and the side-list entry light up
    assert probe["keys"] == [["q1", 2, 1], ["q2", 1, 1], ["q3", 1, 1], ["q2", 1, 1]]
    results: list[dict[str, Any]] = probe["spans"]
    assert len(results) == len(expected)
    for want, got in zip(expected, results, strict=True):
        span_text = TEXT[want["start"] : want["end"]]
        # the browser normalises nothing away: the DOM range at the offsets holds the span's text
        assert got["range_text"] == span_text, got
        assert got["marks_text"] == span_text, got
        assert got["range"] is not None and got["marks"] is not None, got
        for side in ("left", "top", "right", "bottom"):
            assert abs(got["range"][side] - got["marks"][side]) <= 2, (side, got)
        assert got["hit"], f"highlight of {got['id']} not on top at its offsets"

    shot = tmp_path / "shot.png"
    done = _browser(binary, tmp_path / "profile2", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    width, height, rows = _png_pixels(shot)
    assert (width, height) == (1280, 1400)
    bpp = len(rows[0]) // width
    colours = {"direct": b"\xb3\xd9\xff", "mixed": b"\xff\xe0\x8a", "indirect": b"\xc9\xf2\xc2"}
    for got in results:
        box = got["first"]
        want = colours[got["kind"]]
        xs = range(int(box["left"]) + 1, int(box["right"]) - 1)
        ys = range(int(box["top"]) + 2, min(int(box["bottom"]) - 2, height))
        pixels = [rows[y][x * bpp : x * bpp + 3] for y in ys for x in xs if x < width]
        share = sum(p == want for p in pixels) / len(pixels)
        assert share > 0.3, f"{got['id']} seg {got['seg']}: only {share:.0%} highlight colour"


def test_a_mixed_quotes_quoted_parts_are_drawn_within_its_content() -> None:
    content = _at('as Mary Major put it, "a good start" for all')
    mixed = make_quote(
        [(content[0] + len("as Mary Major put it, "), content[1])],
        kind="mixed",
        quoted=[_at("a good start")],
        mention=_span("Mary Major"),
        cue=_span("put it"),
    )
    assert check_quote(mixed, ARTICLE) == []  # mixed by the one rule
    tree = Tree(render_article(ARTICLE, [mixed]))
    [mark] = tree.root.find_all("mark", data_quote=mixed.id)
    [quoted] = mark.find_all("span", class_="quoted")
    start, end = _at("a good start")
    assert (quoted.get("data-start"), quoted.get("data-end")) == (str(start), str(end))
    # a direct quote's quoted parts are its spans: nothing more is drawn
    assert Tree(render_article(ARTICLE, [JANE])).root.find_all("span", class_="quoted") == []
