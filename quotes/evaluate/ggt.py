"""The Gender Gap Tracker's scoring protocol (``quotes evaluate --protocol ggt``),
re-implemented from ``nlp/english/evaluation/src/evaluate_quotes.py`` (``compare_quotes``,
``find_best_match_quote``, ``compare_res``, ``evaluate_quotes``) of
``sfu-discourse-lab/GenderGapTracker``.

Each gold quote, in document order, takes the remaining predicted quote of its article that covers
the largest share of its characters, if that share is above the threshold (0.3 and 0.8); the
pairs count as true positives, the gold quotes left as false negatives and the predicted ones
left as false positives. On each pair the speaker and the verb are checked. The rules are in
``docs/evaluation.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quotes.core.models import Quote
from quotes.evaluate.units import Scores, by_article, content_characters, prf

__all__ = ["THRESHOLDS", "ggt", "share", "speaker_matches", "verb_matches"]

THRESHOLDS = (0.3, 0.8)


def share(gold: Quote, predicted: Quote) -> float:
    """``calc_index_match_score``: the share of ``gold``'s content characters that
    ``predicted``'s content covers (asymmetric: the gold quote is the reference)."""
    g = content_characters(gold)
    return len(g & content_characters(predicted)) / len(g) if g else 0.0


def speaker_matches(gold: Quote, predicted: Quote) -> bool:
    """The speaker mentions share a character, or neither quote has one (GGT's floating quote
    with an empty gold speaker)."""
    g, p = gold.speaker.mention, predicted.speaker.mention
    if g is None or p is None:
        return g is None and p is None
    return g.start < p.end and p.start < g.end


def verb_matches(gold: Quote, predicted: Quote) -> bool:
    """The cues' texts are equal, lower-cased and stripped (a missing cue reads as ``""``)."""
    g, p = ((q.cue.text if q.cue else "").lower().strip() for q in (gold, predicted))
    return g == p


def _compare(gold: list[Quote], predicted: list[Quote], threshold: float) -> list[int]:
    """``compare_res`` for one article: true positives, false negatives, false positives,
    speaker matches and verb matches."""
    counts = [0, 0, 0, 0, 0]
    remaining = list(predicted)
    for g in gold:
        best, best_share = None, 0.0
        for p in remaining:
            s = share(g, p)
            if s > threshold and s > best_share:
                best, best_share = p, s
        if best is None:
            counts[1] += 1
            continue
        remaining = [p for p in remaining if p is not best]
        counts[0] += 1
        counts[3] += speaker_matches(g, best)
        counts[4] += verb_matches(g, best)
    counts[2] = len(remaining)
    return counts


def ggt(
    gold: Iterable[Quote], predicted: Iterable[Quote], thresholds: Sequence[float] = THRESHOLDS
) -> Scores:
    """The GGT protocol: per threshold, quote precision, recall and F1, and speaker and verb
    accuracy on the matched pairs (null without pairs), pooled over articles."""
    g, p = by_article(gold), by_article(predicted)
    scores = Scores("ggt")
    for threshold in thresholds:
        total = [0, 0, 0, 0, 0]
        for article_id in sorted(set(g) | set(p)):
            found = _compare(g.get(article_id, []), p.get(article_id, []), threshold)
            total = [a + b for a, b in zip(total, found, strict=True)]
        tp, fn, fp, speakers, verbs = total
        scores.rows[f"quotes {threshold}"] = {
            "gold": tp + fn,
            "predicted": tp + fp,
            "matched": tp,
            **prf(tp, tp + fp, tp, tp + fn),
            "speaker": speakers / tp if tp else None,
            "verb": verbs / tp if tp else None,
        }
    return scores
