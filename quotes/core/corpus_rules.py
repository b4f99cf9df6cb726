"""Corpus-level checks: one quote against the text of its article.

:func:`check_quote` checks offsets, text, kind, region, date and outlet; :func:`quote_problems` also
reports a quote whose article is not among those given. Both return problems, never raise.
"""

from __future__ import annotations

from quotes.core.models import Article, QuoteLike, TextSpanLike, made_kind, segments
from quotes.core.problems import Problem, problem
from quotes.core.regions import region_of, spans_regions

__all__ = ["check_quote", "quote_problems"]


def quote_problems(
    quote: QuoteLike, articles: dict[str, Article], *, path: str, line: int | None
) -> list[Problem]:
    """Corpus-level problems of one quote given the articles by id (its article may be absent)."""
    article = articles.get(quote.article_id)
    if article is None:
        return [problem("unknown-article", path, line, "article_id", article_id=quote.article_id)]
    return check_quote(quote, article, path=path, line=line)


def _check_text_span(
    span: TextSpanLike | None, name: str, article: Article, path: str, line: int | None
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
    quote: QuoteLike, article: Article, *, path: str = "<input>", line: int | None = None
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
        joined = " ".join(segments(quote, article))
        if joined != quote.quote:
            problems.append(
                problem("quote-mismatch", path, line, "quote", joined=joined, quote=quote.quote)
            )
        derived = made_kind(text, quote.spans, quote.quoted)
        if derived != quote.kind:
            problems.append(
                problem("kind-mismatch", path, line, "kind", kind=quote.kind, derived=derived)
            )
        if region_of(article, quote.spans) != quote.region:
            where = ", ".join(sorted(spans_regions(article, quote.spans)))
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
