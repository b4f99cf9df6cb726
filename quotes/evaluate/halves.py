"""Attribution matching by halves (``quotes evaluate --protocol halves``): the package's own
measure of every attribution, direct, mixed and indirect alike, the one issue 26 sets its German
targets in. It is not a published protocol: the German corpus's own scorer (``eval/eval.py`` of
its repository) pairs quotations one to one by token F1 and scores every token, which rewards a
half-found quotation as much as it punishes it; this measure asks instead whether a record was
found at all.

A predicted record *matches* a gold one of the same article when the characters their contents
share (``Quote.spans``) are at least half of the gold one's and at least half of the predicted
one's. Recall is the share of gold records matched by some predicted one, precision the share of
predicted records matching some gold one. For the speaker, each gold record in document order
takes the remaining matching predicted record sharing the most characters with it (the first of
equals); on those pairs the speaker is right when the two speaker mentions share a character, or
neither record has one (:func:`quotes.evaluate.ggt.speaker_matches`). Rows: each kind (gold and
predicted records of that kind), then ``all``. The rules are in ``docs/evaluation.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quotes.core.models import Quote
from quotes.core.record_rules import KINDS
from quotes.evaluate.ggt import speaker_matches
from quotes.evaluate.units import Scores, by_article, content_characters, prf

__all__ = ["halves", "matches", "shared"]


def shared(gold: Quote, predicted: Quote) -> int:
    """The characters the contents of ``gold`` and ``predicted`` share (0 across articles)."""
    if gold.article_id != predicted.article_id:
        return 0
    return len(content_characters(gold) & content_characters(predicted))


def matches(gold: Quote, predicted: Quote) -> bool:
    """Whether the two records share at least half the characters of each (and one at least)."""
    if gold.article_id != predicted.article_id:
        return False
    g, p = content_characters(gold), content_characters(predicted)
    common = len(g & p)
    return common > 0 and 2 * common >= len(g) and 2 * common >= len(p)


def _pairs(gold: Sequence[Quote], predicted: Sequence[Quote]) -> list[tuple[Quote, Quote]]:
    """Each gold record, in order, with the remaining matching predicted record sharing the most
    characters with it."""
    remaining = list(predicted)
    found = []
    for g in gold:
        options = [p for p in remaining if matches(g, p)]
        if not options:
            continue
        best = max(options, key=lambda p: shared(g, p))
        remaining = [p for p in remaining if p is not best]
        found.append((g, best))
    return found


def _counts(gold: Sequence[Quote], predicted: Sequence[Quote]) -> list[int]:
    """Gold matched, predicted matched, pairs and right speakers, over every article."""
    g, p = by_article(gold), by_article(predicted)
    total = [0, 0, 0, 0]
    for article_id in set(g) & set(p):
        golds, preds = g[article_id], p[article_id]
        total[0] += sum(any(matches(x, y) for y in preds) for x in golds)
        total[1] += sum(any(matches(x, y) for x in golds) for y in preds)
        pairs = _pairs(golds, preds)
        total[2] += len(pairs)
        total[3] += sum(speaker_matches(x, y) for x, y in pairs)
    return total


def halves(gold: Iterable[Quote], predicted: Iterable[Quote]) -> Scores:
    """Recall, precision and F1 of records matched by halves, and the speaker's accuracy on the
    pairs (null without pairs), per kind and over all."""
    gold, predicted = list(gold), list(predicted)
    scores = Scores("halves")
    for kind in (*KINDS, "all"):
        g = gold if kind == "all" else [q for q in gold if q.kind == kind]
        p = predicted if kind == "all" else [q for q in predicted if q.kind == kind]
        matched_gold, matched_predicted, pairs, speakers = _counts(g, p)
        scores.rows[kind] = {
            "gold": len(g),
            "predicted": len(p),
            "matched": matched_gold,
            **prf(matched_predicted, len(p), matched_gold, len(g)),
            "pairs": pairs,
            "speaker": speakers / pairs if pairs else None,
        }
    return scores
