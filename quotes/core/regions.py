"""The regions a quote may stand in, and the region its spans stand in.

An article's text is body except where a :class:`~quotes.core.models.Region` marks it as
``headline``, ``dateline``, ``sidebar``, ``caption`` or ``furniture``
(:data:`~quotes.core.models.RegionKind`). A quote stands in the body, a sidebar or a caption
(:data:`~quotes.core.models.QuoteRegion`, :data:`QUOTE_REGIONS`), never in a headline, a
dateline or page furniture (:data:`SKIPPED`), and all its spans stand in one region:
:func:`region_of` is the rule the validator, the extractor, the importers and the curation build
share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import get_args

from quotes.core.models import Article, QuoteRegion, RegionKind

__all__ = ["MIXED", "QUOTE_REGIONS", "SKIPPED", "region_of", "span_region", "spans_regions"]

QUOTE_REGIONS: tuple[QuoteRegion, ...] = get_args(QuoteRegion)
"""Where a quote may stand: ``body`` (no region), ``sidebar`` or ``caption``."""
SKIPPED: frozenset[str] = frozenset(get_args(RegionKind)) - set(QUOTE_REGIONS)
"""The region kinds no quote stands in: ``headline``, ``dateline`` and ``furniture``."""
MIXED = "mixed regions"
"""What :func:`span_region` says of a span that runs across a region's edge."""


def span_region(article: Article, start: int, end: int) -> str:
    """The region ``[start, end)`` stands in: ``"body"``, a region kind, or :data:`MIXED` when
    it runs across a region's edge (a region starting inside it counts too).

    Both lookups are binary searches: an article may have hundreds of thousands of regions."""
    region = article.region_at(start)
    if region is None:
        after = article.region_after(start)
        return MIXED if after is not None and after.start < end else "body"
    return MIXED if end > region.end else region.kind


def spans_regions(article: Article, spans: Iterable[Sequence[int]]) -> set[str]:
    """The regions (:func:`span_region`) the spans stand in, each once."""
    return {span_region(article, start, end) for start, end in spans}


def region_of(article: Article, spans: Iterable[Sequence[int]]) -> QuoteRegion | None:
    """The region a quote with ``spans`` stands in; None when the spans stand in more than one
    region, run across a region's edge, or stand in a region no quote may stand in."""
    found = spans_regions(article, spans)
    if len(found) != 1:
        return None
    (where,) = found
    for region in QUOTE_REGIONS:
        if region == where:
            return region
    return None
