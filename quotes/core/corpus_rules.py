"""Corpus-level checks: one quote against the text of its article.

:func:`check_quote` checks offsets, text, region, date and outlet; :func:`quote_problems` also
reports a quote whose article is not among those given. Both return problems, never raise.
"""

from __future__ import annotations

from quotes.core.models import Article, Quote, TextSpan
from quotes.core.problems import Problem, problem

__all__ = ["check_quote", "quote_problems"]

_REGION_OF = {None: "body", "sidebar": "sidebar", "caption": "caption"}


def quote_problems(
    quote: Quote, articles: dict[str, Article], *, path: str, line: int | None
) -> list[Problem]:
    """Corpus-level problems of one quote given the articles by id (its article may be absent)."""
    article = articles.get(quote.article_id)
    if article is None:
        return [problem("unknown-article", path, line, "article_id", article_id=quote.article_id)]
    return check_quote(quote, article, path=path, line=line)


def _check_text_span(
    span: TextSpan | None, name: str, article: Article, path: str, line: int | None
) -> list[Problem]:
    if span is None:
        return []
    if span.end > len(article.text):
        return [
            problem(
                "span-out-of-range",
                path,
                line,
                f"{name}.end",
                end=span.end,
                length=len(article.text),
            )
        ]
    actual = article.text[span.start : span.end]
    if actual != span.text:
        return [
            problem(
                "text-mismatch",
                path,
                line,
                f"{name}.text",
                start=span.start,
                end=span.end,
                actual=actual,
                stated=span.text,
            )
        ]
    return []


def check_quote(
    quote: Quote, article: Article, *, path: str = "<input>", line: int | None = None
) -> list[Problem]:
    """Corpus-level checks of one quote against its article; an empty list when it is right."""
    problems: list[Problem] = []
    text = article.text
    for i, (_, end) in enumerate(quote.spans):
        if end > len(text):
            problems.append(
                problem("span-out-of-range", path, line, f"spans.{i}", end=end, length=len(text))
            )
    if not problems:
        # unbound: ``quote`` may be the fast validator's struct, which has fields, not methods
        joined = " ".join(Quote.segments(quote, article))
        if joined != quote.quote:
            problems.append(
                problem("quote-mismatch", path, line, "quote", joined=joined, quote=quote.quote)
            )
        kinds = {_region_kind(article, start, end) for start, end in quote.spans}
        if len(kinds) != 1 or _REGION_OF.get(next(iter(kinds))) != quote.region:
            where = ", ".join(sorted(str(k or "body") for k in kinds))
            problems.append(
                problem("region-mismatch", path, line, "region", where=where, region=quote.region)
            )
    problems += _check_text_span(quote.cue, "cue", article, path, line)
    problems += _check_text_span(quote.speaker.mention, "speaker.mention", article, path, line)
    if quote.date != article.published or quote.date_precision != article.published_precision:
        problems.append(
            problem(
                "date-mismatch",
                path,
                line,
                "date",
                date=quote.date,
                precision=quote.date_precision,
                published=article.published,
                published_precision=article.published_precision,
            )
        )
    if quote.outlet != article.outlet:
        problems.append(
            problem(
                "outlet-mismatch",
                path,
                line,
                "outlet",
                outlet=quote.outlet,
                article_outlet=article.outlet,
            )
        )
    return problems


def _region_kind(article: Article, start: int, end: int) -> str | None:
    """The kind of region ``[start, end)`` stands in (None: body), or ``"mixed regions"``.

    Both lookups are binary searches: an article may have hundreds of thousands of regions."""
    region = article.region_at(start)
    if region is not None and end > region.end:
        return "mixed regions"
    if region is None:
        after = article.region_after(start)
        if after is not None and after.start < end:
            return "mixed regions"
    return None if region is None else region.kind
