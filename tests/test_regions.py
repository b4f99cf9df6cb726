"""Where a quote may stand, written once in quotes.core.regions: the validator, the extractor and
the importers read the region of a quote's spans the same way."""

from __future__ import annotations

import pytest
from conftest import gazette_article

from quotes.core.corpus_rules import check_quote
from quotes.core.models import Article, Region
from quotes.core.regions import QUOTE_REGIONS, SKIPPED, region_of, spans_regions
from quotes.extract import extract

TEXT = (
    'Ann Bell said: "We are ready. BOX: Facts about the talks. We will talk tomorrow."\n'
    "A caption line.\n"
)
BOX = "BOX: Facts about the talks."


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def article(regions: list[Region]) -> Article:
    return gazette_article(TEXT, regions)


def region(needle: str, kind: str) -> Region:
    start, end = at(needle)
    return Region.model_validate({"start": start, "end": end, "kind": kind})


SIDEBAR_INSIDE = article([region(BOX, "sidebar"), region("A caption line.", "caption")])


def test_a_quote_stands_in_body_sidebar_or_caption_only() -> None:
    assert set(QUOTE_REGIONS) == {"body", "sidebar", "caption"}
    assert {"headline", "dateline", "furniture"} == SKIPPED


def test_the_region_of_spans_in_one_region() -> None:
    assert region_of(SIDEBAR_INSIDE, [at("We are ready.")]) == "body"
    assert region_of(SIDEBAR_INSIDE, [at("Facts about")]) == "sidebar"
    assert region_of(SIDEBAR_INSIDE, [at("caption")]) == "caption"
    headline = article([region("Ann Bell said", "headline")])
    assert region_of(headline, [at("Bell")]) is None


def test_spans_in_two_regions_have_no_region() -> None:
    assert region_of(SIDEBAR_INSIDE, [at("We are ready."), at("Facts about")]) is None


def test_a_span_containing_a_sidebar_has_no_region() -> None:
    # its start and its end stand in the body, the sidebar lies wholly inside it
    span = at("We are ready. BOX: Facts about the talks. We will talk tomorrow.")
    assert spans_regions(SIDEBAR_INSIDE, [span]) == {"mixed regions"}
    assert region_of(SIDEBAR_INSIDE, [span]) is None


def test_the_validator_and_the_extractor_agree_on_a_span_containing_a_sidebar() -> None:
    plain = article([])
    [quote] = extract(plain)
    assert quote.spans == [at("We are ready. BOX: Facts about the talks. We will talk tomorrow.")]
    problems = check_quote(quote, SIDEBAR_INSIDE)
    assert [p.type for p in problems] == ["region-mismatch"]
    assert "mixed regions" in problems[0].message
    # the extractor does not propose the record the validator rejects (it used to raise)
    assert all(region_of(SIDEBAR_INSIDE, q.spans) == q.region for q in extract(SIDEBAR_INSIDE))


@pytest.mark.parametrize("kind", ["headline", "dateline", "furniture"])
def test_no_quote_is_extracted_from_a_skipped_region(kind: str) -> None:
    skipped = article([region('Ann Bell said: "We are ready.', kind)])
    assert all(q.region != kind for q in extract(skipped))
    assert all(region_of(skipped, q.spans) == q.region for q in extract(skipped))
