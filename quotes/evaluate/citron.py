"""citron's scoring protocol (``quotes evaluate --protocol citron``), re-implemented from
``citron/metrics.py`` (``evaluate`` and the ``get_*_exact_match_metrics`` and
``get_quote_overlap_counts_and_lengths`` it calls) and ``citron/utils.py`` (span matching and
overlap) of ``bbc/citron``, as ``scripts/evaluate/citron_evaluate.py`` runs it on PARC 3.0.

Each quote is a cue, a list of sources and a list of content spans, in tokens. *Exact*: a quote
counts when some quote of the other side matches it (cue spans equal for cues; cues overlapping
and the source lists, or the content lists, equal for sources and contents; all three equal for
whole quotes). *Overlap*: tokens shared by every predicted and gold quote's spans, over the
predicted (precision) and gold (recall) tokens. The rules are in ``docs/evaluation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from quotes.core.models import Article, Quote
from quotes.evaluate.units import Scores, TokenSpan, by_article, content_spans, mention_span, prf

__all__ = ["PARTS", "Attribution", "attribution", "citron", "score_articles"]

PARTS = ("cue", "source", "content")


@dataclass(frozen=True)
class Attribution:
    """A quote as citron scores it: its cue, its sources and its contents, each in tokens."""

    cue: TokenSpan | None
    sources: tuple[TokenSpan, ...]
    contents: tuple[TokenSpan, ...]

    def part(self, name: str) -> tuple[TokenSpan, ...]:
        """The spans of a part (``cue``: none or one)."""
        if name == "cue":
            return () if self.cue is None else (self.cue,)
        return self.sources if name == "source" else self.contents


def _same(a: TokenSpan | None, b: TokenSpan | None) -> bool:
    """``are_matching_spans``; a missing cue matches nothing."""
    return a is not None and a == b


def _touch(a: TokenSpan | None, b: TokenSpan | None) -> bool:
    """``are_overlapping_spans``: the cues share a token; a missing cue overlaps nothing."""
    return a is not None and b is not None and not set(a).isdisjoint(b)


Rule = Callable[[Attribution, Attribution], bool]

RULES: dict[str, Rule] = {
    "cue": lambda p, g: _same(p.cue, g.cue),
    "source": lambda p, g: _touch(p.cue, g.cue) and p.sources == g.sources,
    "content": lambda p, g: _touch(p.cue, g.cue) and p.contents == g.contents,
    "all": lambda p, g: _same(p.cue, g.cue) and p.sources == g.sources and p.contents == g.contents,
}
"""When a predicted quote ``p`` and a gold one ``g`` match, per row of the exact scores."""


def _shared(a: tuple[TokenSpan, ...], b: tuple[TokenSpan, ...]) -> int:
    """``get_spans_overlap``: tokens shared, summed over every pair of spans."""
    return sum(len(set(x) & set(y)) for x in a for y in b)


def score_articles(articles: Iterable[tuple[list[Attribution], list[Attribution]]]) -> Scores:
    """citron's ``evaluate`` over ``(gold, predicted)`` quotes of each article: exact and
    overlap precision, recall and F1 of cues, sources, contents and whole quotes (``all``)."""
    exact = {row: [0, 0, 0] for row in RULES}  # true positives, false positives, false negatives
    overlap = {part: [0, 0, 0] for part in PARTS}  # shared, predicted, gold tokens
    for gold, predicted in articles:
        for row, rule in RULES.items():
            tp = sum(any(rule(p, g) for g in gold) for p in predicted)
            exact[row][0] += tp
            exact[row][1] += len(predicted) - tp
            exact[row][2] += sum(not any(rule(p, g) for p in predicted) for g in gold)
        for part in PARTS:
            overlap[part][0] += sum(
                _shared(p.part(part), g.part(part)) for p in predicted for g in gold
            )
            overlap[part][1] += sum(len(s) for p in predicted for s in p.part(part))
            overlap[part][2] += sum(len(s) for g in gold for s in g.part(part))
    overlap["all"] = [sum(overlap[part][i] for part in PARTS) for i in range(3)]
    scores = Scores("citron")
    for row, (tp, fp, fn) in exact.items():
        scores.rows[f"{row} exact"] = {"gold": tp + fn, "predicted": tp + fp, "matched": tp}
        scores.rows[f"{row} exact"].update(prf(tp, tp + fp, tp, tp + fn))
    for row, (shared, n_pred, n_gold) in overlap.items():
        scores.rows[f"{row} overlap"] = {"gold": n_gold, "predicted": n_pred, "matched": shared}
        scores.rows[f"{row} overlap"].update(prf(shared, n_pred, shared, n_gold))
    return scores


def attribution(quote: Quote, article: Article | None = None) -> Attribution:
    """``quote`` as citron scores it: its cue, its speaker's mention as its one source (none
    without a mention), its content segments as its contents."""
    source = mention_span(quote.speaker.mention)
    return Attribution(
        mention_span(quote.cue),
        () if source is None else (source,),
        tuple(content_spans(quote, article)),
    )


def citron(
    gold: Iterable[Quote], predicted: Iterable[Quote], articles: Mapping[str, Article] | None = None
) -> Scores:
    """citron's protocol on records, article by article (text from ``articles`` when given)."""
    g, p = by_article(gold), by_article(predicted)
    pairs = []
    for article_id in sorted(set(g) | set(p)):
        article = articles.get(article_id) if articles else None
        pairs.append(
            (
                [attribution(q, article) for q in g.get(article_id, [])],
                [attribution(q, article) for q in p.get(article_id, [])],
            )
        )
    return score_articles(pairs)
