"""Token classification: each article as tokens with BIO tags for quote content, speaker
mention and cue (``quotes export --format bio``).

One JSON line per article, ``bio.jsonl``: ``id`` (the article id), ``split`` (the source's
split, or null), ``tokens``, ``starts`` and ``ends`` (each token's code-point offsets into the
article text, end-exclusive), ``tags``, one of :data:`TAGS` per token (``QUOTE`` is the content,
``Quote.spans``), and ``quoted``, 1 for a token in a quoted part of a content (``Quote.quoted``:
inside quotation marks), else 0. Load it with
``datasets.load_dataset("json", data_files="bio.jsonl")``.

Tokens are those of :mod:`quotes.core.tokens` (runs of word characters, or single other
non-space characters, each with its combining marks), as evaluation counts them. A token takes the
tag of any span it overlaps; where spans of different roles meet in one token, content wins over
the speaker mention and the mention over the cue. ``B-`` opens each span (each segment of a
discontinuous quote), ``I-`` continues it. Kinds, speaker names and everything else are not in
this format.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from quotes.core.models import Article, Quote
from quotes.core.splits import source_split
from quotes.core.tokens import tokenize
from quotes.io.files import atomic_output

__all__ = ["ROLES", "TAGS", "tag_article", "write"]

ROLES = ("QUOTE", "SPEAKER", "CUE")
"""Span roles, in the order that wins where two meet in one token."""
TAGS = ("O", *(f"{p}-{role}" for role in ROLES for p in ("B", "I")))
"""Every tag, ``O`` first."""


def tag_article(article: Article, quotes: Iterable[Quote]) -> dict[str, object]:
    """The BIO record of one article and its quotes."""
    tokens = tokenize(article.text)
    spans: list[tuple[int, int, int, str]] = []  # start, end, priority, label
    quoted: list[tuple[int, int]] = []
    for quote in quotes:
        spans += [(s, e, 0, "QUOTE") for s, e in quote.spans]
        quoted += [(s, e) for s, e in quote.quoted]
        mention = quote.speaker.mention
        if mention is not None:
            spans.append((mention.start, mention.end, 1, "SPEAKER"))
        if quote.cue is not None:
            spans.append((quote.cue.start, quote.cue.end, 2, "CUE"))
    starts = [s for s, _ in tokens]
    best: list[tuple[int, int] | None] = [None] * len(tokens)  # (priority, span index)
    for index, (start, end, priority, _) in enumerate(spans):
        # the first token ending after start, up to the last token starting before end
        i = _first_token(tokens, start)
        while i < len(tokens) and starts[i] < end:
            current = best[i]
            if current is None or priority < current[0]:
                best[i] = (priority, index)
            i += 1
    tags, previous = [], None
    for chosen in best:
        if chosen is None:
            tags.append("O")
        else:
            label = spans[chosen[1]][3]
            tags.append(("I-" if chosen[1] == previous else "B-") + label)
        previous = None if chosen is None else chosen[1]
    return {
        "id": article.id,
        "split": source_split(article),
        "tokens": [article.text[s:e] for s, e in tokens],
        "starts": starts,
        "ends": [e for _, e in tokens],
        "tags": tags,
        "quoted": _inside(tokens, quoted),
    }


def _inside(tokens: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    """1 for each token that overlaps one of ``spans``, else 0."""
    flags = [0] * len(tokens)
    for start, end in spans:
        i = _first_token(tokens, start)
        while i < len(tokens) and tokens[i][0] < end:
            flags[i] = 1
            i += 1
    return flags


def _first_token(tokens: list[tuple[int, int]], offset: int) -> int:
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle][1] <= offset:
            low = middle + 1
        else:
            high = middle
    return low


def write(
    articles: Iterable[Article], quotes: Iterable[Quote], out: str | os.PathLike[str]
) -> list[Path]:
    """Write ``out/bio.jsonl`` (atomically), one line per article; return its path."""
    by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_article.setdefault(quote.article_id, []).append(quote)
    target = Path(out) / "bio.jsonl"
    with atomic_output(target) as tmp, tmp.open("w", encoding="utf-8") as f:
        for article in articles:
            record = tag_article(article, by_article.get(article.id, []))
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [target]
