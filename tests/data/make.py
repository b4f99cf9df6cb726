"""Write the small synthetic fixture used by the tests: one made-up article and its quotes.

Run from the repository root: ``python tests/data/make.py``. The text is invented for the tests
(it is not one of the dataset's articles), so the tests of the tools do not depend on the
bundled data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from quotes import Article, Quote, Region, TextSpan, quote_id, write

HERE = Path(__file__).parent

TEXT = (
    "Share this page\n\n"
    "Ministers Meet in Oslo\n\n"
    "OSLO — Ministers met on Monday to discuss the radar plan.\n\n"
    '"We are ready to talk," said Foreign Minister Kari Holm. "But not at any price."\n\n'
    "Holm said the talks would resume in June.\n\n"
    'An official, speaking on condition of anonymity, called the plan "a first step".\n\n'
    "Fact box: Analysts say the radar could be built by 2030."
)


def at(needle: str, near: int = 0) -> TextSpan:
    """The occurrence of ``needle`` nearest to offset ``near``."""
    starts = [i for i in range(len(TEXT)) if TEXT.startswith(needle, i)]
    start = min(starts, key=lambda i: abs(i - near))
    return TextSpan(text=needle, start=start, end=start + len(needle))


def region(needle: str, kind: str) -> Region:
    span = at(needle)
    return Region.model_validate({"start": span.start, "end": span.end, "kind": kind})


ARTICLE = Article.model_validate(
    {
        "id": "900",
        "file": "900_synthetic.txt",
        "title": "Ministers Meet in Oslo",
        "outlet": "The Test Gazette",
        "outlet_confidence": "verified",
        "outlet_evidence": "Invented for the test suite.",
        "url": None,
        "wire": None,
        "wire_confidence": None,
        "wire_evidence": None,
        "byline": None,
        "published": dt.date(2020, 6, 1),
        "published_precision": "day",
        "published_confidence": "stated",
        "published_evidence": "Invented for the test suite.",
        "language": "en",
        "rights": "Invented text, public domain.",
        "text": TEXT,
        "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "regions": [
            region("Share this page", "furniture"),
            region("Ministers Meet in Oslo", "headline"),
            region("OSLO —", "dateline"),
            region("Fact box: Analysts say the radar could be built by 2030.", "sidebar"),
        ],
        "corrections": [],
    }
)

HOLM = {
    "name": "Kari Holm",
    "description": "Foreign Minister",
    "type": "person",
    "members": [],
    "wikidata": None,
    "evidence": "Named in the text.",
}


def quote(
    kind: str,
    segments: list[str],
    speaker: dict[str, Any],
    mention: str,
    cue: str,
    region: str = "body",
    quoted: list[str] | None = None,
) -> Quote:
    """``quoted``: a mixed quote's quoted parts (a direct one's are its segments)."""
    spans = [(at(s).start, at(s).end) for s in segments]
    if quoted is None:
        quoted = segments if kind == "direct" else []
    return Quote.model_validate(
        {
            "id": quote_id(ARTICLE.id, spans[0][0]),
            "article_id": ARTICLE.id,
            "kind": kind,
            "quote": " ".join(segments),
            "spans": spans,
            "quoted": [(at(s).start, at(s).end) for s in quoted],
            "speaker": {**speaker, "mention": at(mention, spans[0][0])},
            "cue": at(cue, spans[0][0]),
            "addressee": None,
            "via": None,
            "date": ARTICLE.published,
            "date_precision": ARTICLE.published_precision,
            "uttered": None,
            "uttered_precision": None,
            "uttered_confidence": None,
            "uttered_evidence": None,
            "outlet": ARTICLE.outlet,
            "region": region,
            "annotation": {"method": "manual", "tool": None, "confidence": None},
        }
    )


QUOTES = [
    quote(
        "direct",
        ["We are ready to talk,", "But not at any price."],
        HOLM,
        "Foreign Minister Kari Holm",
        "said",
    ),
    quote("indirect", ["the talks would resume in June"], HOLM, "Holm", "said"),
    quote(
        "mixed",
        ['the plan "a first step'],
        {
            **HOLM,
            "name": None,
            "description": "an official",
            "type": "anonymous",
            "evidence": "Unnamed in the text.",
        },
        "An official",
        "called",
        quoted=["a first step"],
    ),
    quote(
        "indirect",
        ["the radar could be built by 2030"],
        {
            **HOLM,
            "name": None,
            "description": "analysts",
            "type": "group",
            "evidence": "Unnamed in the text.",
        },
        "Analysts",
        "say",
        region="sidebar",
    ),
]

if __name__ == "__main__":
    write([ARTICLE], HERE / "articles.jsonl", overwrite=True)
    write(QUOTES, HERE / "quotes.jsonl", overwrite=True)
