"""The quotation marks, written once in quotes.core.marks: the importers, the extractor and the
curation build read the same characters as marks and agree on what stands inside them."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from conftest import ROOT

from quotes.core import kinds, marks
from quotes.core.models import Article
from quotes.extract import extract
from quotes.extract.text import marks as extractor_marks
from quotes.formats.build import make_article, make_quote

sys.path.insert(0, str(ROOT / "curation"))
import records as curation

TEXT = (
    'Holm said: "We are ready to talk." Aides said the talks were "a first step" for both.\n\n'
    "Officials said the plan would wait. „Wir sind bereit“, sagte sie."
)

EVERY_PAIR = [(o, c) for o, closers in marks.PAIRS.items() for c in closers]


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def article(text: str) -> Article:
    return make_article(
        id="950",
        text=text,
        corpus="test",
        file="950_test.txt",
        published=dt.date(2015, 5, 5),
        published_evidence="test",
        rights="test",
    )


@pytest.mark.parametrize(
    ("content", "kind", "spans", "quoted"),
    [
        ('"We are ready to talk."', "direct", ["We are ready to talk."], None),
        ("We are ready", "direct", ["We are ready"], None),
        (
            'the talks were "a first step" for both',
            "mixed",
            ['the talks were "a first step" for both'],
            ["a first step"],
        ),
        # a source's content that ends with the marks (PolNeAR's convention) stops inside them
        (
            'the talks were "a first step"',
            "mixed",
            ['the talks were "a first step'],
            ["a first step"],
        ),
        ("the plan would wait", "indirect", ["the plan would wait"], []),
        ("„Wir sind bereit“,", "direct", ["Wir sind bereit"], None),
    ],
)
def test_the_extent_and_kind_follow_the_quotation_marks(
    content: str, kind: str, spans: list[str], quoted: list[str] | None
) -> None:
    got_spans, got_quoted = marks.extent(TEXT, [at(content)])
    assert kinds.kind_from(TEXT, got_spans, got_quoted) == kind
    assert [TEXT[s:e] for s, e in got_spans] == spans
    assert [TEXT[s:e] for s, e in got_quoted] == (spans if quoted is None else quoted)


@pytest.mark.parametrize(
    ("content", "quoted", "kind"),
    [
        ('the talks were "a first step" for both', [], "indirect"),
        ('the talks were "a first step" for both', ["a first step"], "mixed"),
        ("a first step", ["a first step"], "direct"),
        # punctuation and spaces outside the quoted parts do not count
        ('a first step" for', ["a first step"], "mixed"),
        ('a first step"', ["a first step"], "direct"),
    ],
)
def test_the_kind_follows_from_the_content_and_its_quoted_parts(
    content: str, quoted: list[str], kind: str
) -> None:
    assert kinds.kind_from(TEXT, [at(content)], [at(q) for q in quoted]) == kind


def test_a_paragraph_end_closes_an_open_quotation() -> None:
    text = '"First paragraph goes on\n\n"Second one ends." Then said.'
    assert [text[s:e] for s, e in marks.quoted_regions(text)] == [
        "First paragraph goes on",
        "Second one ends.",
    ]


@pytest.mark.parametrize(("opening", "closing"), EVERY_PAIR)
def test_the_importers_and_the_extractor_read_the_same_pairs(opening: str, closing: str) -> None:
    text = f"Ann Bell said: {opening}We are ready to talk.{closing} Then she left."
    importer = [text[s:e] for s, e in marks.quoted_regions(text)]
    extractor = [text[m.inner_start : m.inner_end] for m in extractor_marks(text, 0, len(text))]
    assert importer == extractor == ["We are ready to talk."]


@pytest.mark.parametrize("word", ["così", "Giovanni Bîrsan"])
def test_a_misdecoded_mark_inside_a_word_is_a_letter_for_both(word: str) -> None:
    text = f"They met {word} in Rome, the paper said."
    assert marks.quoted_regions(text) == []
    assert extractor_marks(text, 0, len(text)) == []


@pytest.mark.parametrize(
    "quotation", ["„We are ready to talk.“", "»We are ready to talk.«", "«We are ready to talk.»"]
)
def test_a_german_or_guillemet_quotation_is_direct_for_importer_and_extractor(
    quotation: str,
) -> None:
    text = f"Ann Bell said: {quotation}"
    imported = make_quote(article(text), [at(quotation, text)], corpus="test", file="f")
    [extracted] = extract(article(text))
    assert (imported.kind, imported.quote) == ("direct", "We are ready to talk.")
    assert (extracted.kind, extracted.spans) == ("direct", imported.spans)


def test_the_curation_build_reads_the_same_marks() -> None:
    # every double pair the importers read is a pair for the bundled data's check too
    for opening, closing in EVERY_PAIR:
        text = f"Ann Bell said: {opening}We are ready.{closing}"
        assert curation.mark_pairs(text, "950") == marks.quoted_regions(text)


def test_a_mark_inside_a_pair_fails_the_curation_build() -> None:
    with pytest.raises(curation.BuildError, match="inside the pair"):
        curation.mark_pairs("She said: “It is «fine».”", "950")
