"""Scoring predicted quote records against gold ones (``quotes evaluate``): exact and
token-overlap precision, recall and F1 per kind, of the content (``spans``) and, separately, of
the quoted parts (``quoted``), and speaker and cue accuracy on paired quotes.

The rules (matching regimes, pairing, when a speaker or a cue is right) are specified in
``docs/evaluation.md``.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from quotes.core.models import Article, Quote, Speaker, TextSpan
from quotes.core.pairing import exact_pairs, pair
from quotes.core.problems import Problem
from quotes.core.record_rules import KINDS
from quotes.core.report import Report
from quotes.core.tokens import tokenize
from quotes.engine.check import Checker

__all__ = [
    "QUOTED_KINDS",
    "Evaluation",
    "Misfit",
    "Score",
    "checked_quotes",
    "evaluate",
    "quoted_view",
    "speaker_matches",
    "tokens",
    "unfit",
]


def tokens(quote: Quote, article: Article | None = None) -> list[tuple[int, int]]:
    """Token offsets ``(start, end)`` inside ``quote``'s spans, in article coordinates.

    The span texts come from ``article`` when given, else from ``quote.quote`` (the segments
    joined by single spaces).
    """
    result: list[tuple[int, int]] = []
    position = 0
    for start, end in quote.spans:
        if article is not None:
            result += tokenize(article.text, start, end)
        else:
            shift = start - position
            found = tokenize(quote.quote, position, position + end - start)
            result += [(s + shift, e + shift) for s, e in found]
            position += end - start + 1
    return result


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def speaker_matches(gold: Speaker, predicted: Speaker) -> bool:
    """Whether ``predicted`` names the same speaker as ``gold`` (``docs/evaluation.md``)."""
    if gold.name is not None:
        return predicted.name is not None and _normal(predicted.name) == _normal(gold.name)
    if gold.type == "unknown" and gold.mention is not None:
        m = predicted.mention
        return m is not None and gold.mention.start < m.end and m.start < gold.mention.end
    return predicted.name is None and predicted.type == gold.type


def _cue_matches(gold: TextSpan | None, predicted: TextSpan | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return gold.start < predicted.end and predicted.start < gold.end


@dataclass
class Score:
    """Scores of one row (a kind, or ``all``) under one matching regime."""

    gold: int = 0
    """Gold quotes in the row."""
    predicted: int = 0
    """Predicted quotes in the row."""
    matched: int = 0
    """Exact: matching pairs. Overlap: pairs of overlapping quotes."""
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    gold_tokens: int | None = None
    """Overlap only: tokens in gold spans, and how many predicted spans overlap."""
    found_tokens: int | None = None
    predicted_tokens: int | None = None
    """Overlap only: tokens in predicted spans, and how many overlap gold spans."""
    correct_tokens: int | None = None
    speaker_accuracy: float | None = None
    """Right speakers / pairs (null without pairs)."""
    cue_accuracy: float | None = None
    """Right cues / pairs (null without pairs)."""
    kind_accuracy: float | None = None
    """Overall row only: right kinds / pairs."""


QUOTED_KINDS = ("direct", "mixed", "all")
"""The rows of the quoted-part regimes: indirect quotes have no quoted parts."""


@dataclass
class Evaluation:
    """Scores per regime and row (each kind, then ``all``): ``exact`` and ``overlap`` score the
    content (``Quote.spans``), ``quoted_exact`` and ``quoted_overlap`` the quoted parts
    (``Quote.quoted``, rows :data:`QUOTED_KINDS`)."""

    exact: dict[str, Score] = field(default_factory=dict)
    overlap: dict[str, Score] = field(default_factory=dict)
    quoted_exact: dict[str, Score] = field(default_factory=dict)
    quoted_overlap: dict[str, Score] = field(default_factory=dict)

    def regimes(self) -> list[tuple[str, dict[str, Score]]]:
        """``(name, rows)`` of every regime, in the order tables show them."""
        return [
            ("exact", self.exact),
            ("overlap", self.overlap),
            ("quoted exact", self.quoted_exact),
            ("quoted overlap", self.quoted_overlap),
        ]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (``quotes evaluate --format json``)."""
        return {
            name.replace(" ", "_"): {k: asdict(v) for k, v in rows.items()}
            for name, rows in self.regimes()
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2)

    def table(self, markdown: bool = False) -> str:
        """The scores as a table for people (``markdown=True``: a Markdown table)."""
        head = ["regime", "kind", "gold", "pred", "P", "R", "F1", "pairs", "speaker", "cue"]
        rows: list[list[str]] = []
        for regime, scores in self.regimes():
            for kind, s in scores.items():
                rows.append(
                    [
                        regime,
                        kind,
                        str(s.gold),
                        str(s.predicted),
                        _fmt(s.precision),
                        _fmt(s.recall),
                        _fmt(s.f1),
                        str(s.matched),
                        _fmt(s.speaker_accuracy),
                        _fmt(s.cue_accuracy),
                    ]
                )
        if markdown:
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            return "\n".join(lines) + "\n"
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        lines = []
        for r in [head, *rows]:
            cells = [
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip() + "\n")
        return "".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _prf(row: Score, tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> None:
    if row.gold == 0 and row.predicted == 0:
        return
    p, r = _ratio(tp_pred, n_pred), _ratio(tp_gold, n_gold)
    row.precision, row.recall, row.f1 = p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _accuracies(row: Score, pairs: Sequence[tuple[Quote, Quote]], with_kind: bool) -> None:
    row.matched = len(pairs)
    if not pairs:
        return
    n = len(pairs)
    row.speaker_accuracy = sum(speaker_matches(g.speaker, p.speaker) for g, p in pairs) / n
    row.cue_accuracy = sum(_cue_matches(g.cue, p.cue) for g, p in pairs) / n
    if with_kind:
        row.kind_accuracy = sum(g.kind == p.kind for g, p in pairs) / n


def _covered(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in others)


def _score_row(
    gold: Sequence[Quote],
    predicted: Sequence[Quote],
    articles: dict[str, Article] | None,
    with_kind: bool,
) -> tuple[Score, Score]:
    exact, overlap = Score(len(gold), len(predicted)), Score(len(gold), len(predicted))

    same = [(gold[i], predicted[j]) for i, j in exact_pairs(gold, predicted)]
    _prf(exact, len(same), len(predicted), len(same), len(gold))
    _accuracies(exact, same, with_kind)

    gold_by: dict[str, list[Quote]] = defaultdict(list)
    pred_by: dict[str, list[Quote]] = defaultdict(list)
    for q in gold:
        gold_by[q.article_id].append(q)
    for q in predicted:
        pred_by[q.article_id].append(q)
    counts = [0, 0, 0, 0]  # gold tokens, found, predicted tokens, correct
    for article_id in sorted(set(gold_by) | set(pred_by)):
        article = articles.get(article_id) if articles else None
        g_spans = [s for q in gold_by[article_id] for s in q.spans]
        p_spans = [s for q in pred_by[article_id] for s in q.spans]
        for q in gold_by[article_id]:
            for t in tokens(q, article):
                counts[0] += 1
                counts[1] += _covered(t, p_spans)
        for q in pred_by[article_id]:
            for t in tokens(q, article):
                counts[2] += 1
                counts[3] += _covered(t, g_spans)
    overlap.gold_tokens, overlap.found_tokens = counts[0], counts[1]
    overlap.predicted_tokens, overlap.correct_tokens = counts[2], counts[3]
    _prf(overlap, counts[3], counts[2], counts[1], counts[0])
    overlap_pairs = [(gold[i], predicted[j]) for i, j in pair(gold, predicted)]
    overlap_pairs.sort(key=lambda gp: (gp[0].article_id, gp[0].spans[0][0]))
    _accuracies(overlap, overlap_pairs, with_kind)
    return exact, overlap


def evaluate(
    gold: Iterable[Quote],
    predicted: Iterable[Quote],
    articles: dict[str, Article] | None = None,
) -> Evaluation:
    """Score ``predicted`` against ``gold``; the rules are in ``docs/evaluation.md``."""
    gold, predicted = list(gold), list(predicted)
    result = Evaluation()
    for kind in (*KINDS, "all"):
        g = gold if kind == "all" else [q for q in gold if q.kind == kind]
        p = predicted if kind == "all" else [q for q in predicted if q.kind == kind]
        result.exact[kind], result.overlap[kind] = _score_row(g, p, articles, kind == "all")
    gold_quoted = [quoted_view(q) for q in gold if q.quoted]
    predicted_quoted = [quoted_view(q) for q in predicted if q.quoted]
    for kind in QUOTED_KINDS:
        g = [q for q in gold_quoted if kind in ("all", q.kind)]
        p = [q for q in predicted_quoted if kind in ("all", q.kind)]
        scores = _score_row(g, p, articles, kind == "all")
        result.quoted_exact[kind], result.quoted_overlap[kind] = scores
    return result


def quoted_view(quote: Quote) -> Quote:
    """``quote`` with its quoted parts as its spans (and their text as its ``quote``), to score
    them as content is scored; not validated (its kind stays the quote's)."""
    pieces = []
    position = 0  # where the span starts in quote.quote
    for start, end in quote.spans:
        pieces += [
            quote.quote[position + s - start : position + e - start]
            for s, e in quote.quoted
            if start <= s and e <= end
        ]
        position += end - start + 1
    return quote.model_copy(update={"spans": list(quote.quoted), "quote": " ".join(pieces)})


def checked_quotes(
    path: str | os.PathLike[str], articles: Mapping[str, Article] | None = None
) -> tuple[list[Quote], Report]:
    """The quotes of a file to score, and the report of checking it with the checking pipeline
    (:class:`~quotes.engine.check.Checker`) as ``quotes validate`` checks a quote file: every
    record-level problem, every repeated id and, given ``articles``, every quote that does not
    fit its article's text. Scores against article texts are only meaningful when it is ok."""
    checker = Checker(articles=articles, corpus_level=articles is not None)
    return checker.read(path, Quote), checker.report


class Misfit(NamedTuple):
    """A record that does not fit its article's text, and the problem."""

    quote: Quote
    problem: Problem

    def __str__(self) -> str:
        """``"pred.jsonl:3: 003-120: spans: ..."``: the file and line, the quote, the problem."""
        p = self.problem
        return f"{p.path}:{p.line}: {self.quote.id}: {p.field}: {p.message}"


def unfit(
    records: Mapping[str, Iterable[Quote | tuple[int, Quote]]], articles: Mapping[str, Article]
) -> list[Misfit]:
    """Records that do not fit their article's text, or repeat an id of their file, with the
    problem (``records``: file name -> quotes, or ``(line number, quote)`` pairs so that problems
    name the line), as the checking pipeline (:class:`~quotes.engine.check.Checker`) finds them in
    :func:`checked_quotes`. Scores against article texts are only meaningful when this is
    empty."""
    found = []
    for name, quotes in records.items():
        checker = Checker(articles=articles)
        for item in quotes:
            line, q = item if isinstance(item, tuple) else (None, item)
            found += [Misfit(q, p) for p in checker.quote(q, name, line)]
    return found
