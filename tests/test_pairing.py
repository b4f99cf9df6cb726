"""The one pairing rule (``quotes.core.pairing``) that evaluate, view --compare and agreement
share."""

from __future__ import annotations

from dataclasses import dataclass

from quotes.core.pairing import exact_pairs, pair


@dataclass(frozen=True)
class Q:
    article_id: str
    spans: list[tuple[int, int]]


def test_a_prediction_pairs_with_one_gold_quote_only() -> None:
    gold = [Q("a", [(0, 10)]), Q("a", [(0, 10)])]  # the same gold line twice
    predicted = [Q("a", [(0, 10)])]
    assert exact_pairs(gold, predicted) == [(0, 0)]
    assert pair(gold, predicted) == [(0, 0)]


def test_overlap_pairs_prefer_the_largest_overlap() -> None:
    gold = [Q("a", [(0, 10)]), Q("a", [(8, 30)])]
    predicted = [Q("a", [(5, 25)])]  # shares 5 with the first, 17 with the second
    assert pair(gold, predicted) == [(1, 0)]


def test_no_pairs_across_articles_or_without_shared_code_points() -> None:
    gold = [Q("a", [(0, 10)])]
    assert pair(gold, [Q("b", [(0, 10)])]) == []
    assert pair(gold, [Q("a", [(10, 20)])]) == []  # end-exclusive: touching is not sharing


def test_greedy_one_to_one() -> None:
    # shared code points: g0-p0 5, g1-p0 4, g0-p1 2; the largest goes first and uses up both
    gold = [Q("a", [(0, 5)]), Q("a", [(6, 10)])]
    predicted = [Q("a", [(0, 10)]), Q("a", [(2, 4)])]
    assert pair(gold, predicted) == [(0, 0)]
