"""CofeNet's scoring protocol (``quotes evaluate --protocol cofenet``), re-implemented from
``exe/eval/evaluation.py`` (``evaluate_extraction``, ``cal_evaluation_detail``, ``cal_overlap``)
and ``exe/eval/extraction.py`` (``get_element``) of ``cofe-ai/CofeNet`` (COLING 2022).

Per role (source, cue, content), spans are matched within each instance (a paragraph of
CofeNet's data; an article for records) and counts are pooled over all instances
(micro-averaged over spans): *exact* (same first and last token), *begin* (same first token) and
*jaccard* (token overlap over union). The rules are in ``docs/evaluation.md``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

from quotes.core.models import Article, Quote
from quotes.evaluate.units import (
    Scores,
    TokenSpan,
    by_article,
    content_spans,
    mention_span,
    prf,
)

__all__ = ["ROLES", "Instance", "cofenet", "label_spans", "score_instances", "score_labels"]

ROLES = ("source", "cue", "content")

Instance = tuple[Mapping[str, Sequence[TokenSpan]], Mapping[str, Sequence[TokenSpan]]]
"""One instance's gold and predicted spans, by role."""

IGNORE = "<IGN>"

Entries = list[tuple[int, float]]


def label_spans(labels: Sequence[str]) -> dict[str, list[TokenSpan]]:
    """The spans of a BIO label sequence by role, as CofeNet's ``get_element`` reads them: a
    ``B-`` label opens a span, ``I-`` of the same role continues it, anything else closes it (an
    ``I-`` of another role, or after ``O``, is dropped); ``<IGN>`` ends the sequence. A span is
    the tuple of its token indices."""
    found: dict[str, list[TokenSpan]] = {}
    role, start = None, 0
    for index, label in enumerate([*labels, IGNORE]):
        if role is not None and label != f"I-{role}":
            found[role].append(tuple(range(start, index)))
            role = None
        if label == IGNORE:
            break
        if label.startswith("B-"):
            role, start = label[2:], index
            found.setdefault(role, [])
    return found


def _overlap(a: TokenSpan, b: TokenSpan) -> float:
    """``cal_overlap``: shared tokens over the tokens of either (0 when disjoint)."""
    shared = len(set(a) & set(b))
    return shared / len(set(a) | set(b)) if shared else 0.0


MATCHES = ("exact", "begin", "jaccard")


def _entries(gold: Sequence[TokenSpan], predicted: Sequence[TokenSpan], match: str) -> Entries:
    """``cal_evaluation_detail`` for one instance and role: a ``(true, pred)`` entry for each
    gold span (``pred``: 1 if found, else 0; under ``jaccard``, its best overlap with a
    predicted span) and ``(0, 1)`` for each predicted span not found (under ``jaccard``, only
    those that overlap no gold span)."""
    if match == "begin":
        g_keys: list[Hashable] = [s[0] for s in gold]
        p_keys: list[Hashable] = [s[0] for s in predicted]
    else:
        g_keys, p_keys = list(gold), list(predicted)
    entries: Entries = []
    for key, span in zip(g_keys, gold, strict=True):
        if key in p_keys:
            entries.append((1, 1.0))
        elif match == "jaccard":
            entries.append((1, max((_overlap(span, p) for p in predicted), default=0.0)))
        else:
            entries.append((1, 0.0))
    for key, span in zip(p_keys, predicted, strict=True):
        if key in g_keys:
            continue
        if match == "jaccard" and any(_overlap(span, g) > 0 for g in gold):
            continue
        entries.append((0, 1.0))
    return entries


def score_instances(instances: Iterable[Instance]) -> Scores:
    """CofeNet's ``evaluate_extraction`` over ``instances``: per role, *exact* and *begin*
    precision, recall and F1, and the *jaccard* score, each pooled over every instance."""
    pooled: dict[tuple[str, str], Entries] = {(r, m): [] for r in ROLES for m in MATCHES}
    for gold, predicted in instances:
        for role in ROLES:
            g, p = list(gold.get(role, ())), list(predicted.get(role, ()))
            for match in MATCHES:
                pooled[role, match] += _entries(g, p, match)
    scores = Scores("cofenet")
    for role in ROLES:
        for match in ("exact", "begin"):
            entries = pooled[role, match]
            n_gold = sum(t for t, _ in entries)
            n_pred = sum(1 for _, p in entries if p)
            hits = sum(1 for t, p in entries if t and p)
            scores.rows[f"{role} {match}"] = {
                "gold": n_gold,
                "predicted": n_pred,
                "matched": hits,
                **prf(hits, n_pred, hits, n_gold),
            }
        entries = pooled[role, "jaccard"]
        jaccard = sum(t * p for t, p in entries) / len(entries) if entries else None
        scores.rows[f"{role} jaccard"] = {"score": jaccard}
    return scores


def score_labels(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> Scores:
    """:func:`score_instances` over BIO label sequences, one gold and one predicted per instance
    (CofeNet's own input)."""
    return score_instances(
        (label_spans(g), label_spans(p)) for g, p in zip(gold, predicted, strict=True)
    )


def _roles(quotes: Iterable[Quote], article: Article | None) -> dict[str, list[TokenSpan]]:
    """The distinct spans of each role among ``quotes`` of one article."""
    found: dict[str, set[TokenSpan]] = {role: set() for role in ROLES}
    for q in quotes:
        found["content"].update(content_spans(q, article))
        for role, span in (
            ("source", mention_span(q.speaker.mention)),
            ("cue", mention_span(q.cue)),
        ):
            if span is not None:
                found[role].add(span)
    return {role: list(spans) for role, spans in found.items()}


def cofenet(
    gold: Iterable[Quote], predicted: Iterable[Quote], articles: Mapping[str, Article] | None = None
) -> Scores:
    """CofeNet's protocol on records: each article is an instance whose spans are, per role, the
    distinct speaker mentions (source), cues (cue) and content segments (content) of its
    records, as tokens (text from ``articles`` when given)."""
    g, p = by_article(gold), by_article(predicted)
    instances = []
    for article_id in sorted(set(g) | set(p)):
        article = articles.get(article_id) if articles else None
        instances.append(
            (_roles(g.get(article_id, []), article), _roles(p.get(article_id, []), article))
        )
    return score_instances(instances)
