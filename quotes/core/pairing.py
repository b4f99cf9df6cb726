"""The one rule that pairs predicted quotations with gold ones.

Used by ``quotes evaluate``, ``quotes view --compare`` and the curation agreement script, so that
"matched" means the same everywhere:

* **overlap pairs** (:func:`pair`): a gold and a predicted quotation of the same article whose
  spans share at least one code point, paired **one to one**, greedily by the number of shared
  code points (largest first; ties by article, then the gold quotation's first offset, then the
  prediction's first offset, then input order);
* **exact pairs** (:func:`exact_pairs`): same article and identical spans, also one to one (a
  prediction repeated twice pairs with one gold quotation only).

Records need only ``article_id`` and ``spans`` (code-point ``[start, end]`` pairs, end-exclusive).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

__all__ = ["Spanned", "exact_pairs", "pair", "shared"]


class Spanned(Protocol):
    """Anything with an ``article_id`` and ``spans``: a :class:`~quotes.Quote`, or a draft."""

    @property
    def article_id(self) -> str: ...

    @property
    def spans(self) -> Sequence[tuple[int, int]]: ...


def shared(a: Spanned, b: Spanned) -> int:
    """Code points that the spans of ``a`` and ``b`` have in common (0 across articles)."""
    if a.article_id != b.article_id:
        return 0
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.spans for s2, e2 in b.spans)


def pair(gold: Sequence[Spanned], predicted: Sequence[Spanned]) -> list[tuple[int, int]]:
    """Overlap pairs ``(gold index, predicted index)``, one to one, sorted by gold index."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(predicted):
        by_article[p.article_id].append(j)
    candidates: list[tuple[int, str, int, int, int, int]] = []
    for i, g in enumerate(gold):
        for j in by_article.get(g.article_id, ()):
            size = shared(g, predicted[j])
            if size:
                p = predicted[j]
                candidates.append((-size, g.article_id, g.spans[0][0], p.spans[0][0], i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def exact_pairs(gold: Sequence[Spanned], predicted: Sequence[Spanned]) -> list[tuple[int, int]]:
    """Exact pairs ``(gold index, predicted index)``: same article, identical spans; one to one."""
    waiting: dict[tuple[str, tuple[tuple[int, int], ...]], list[int]] = defaultdict(list)
    for j, p in enumerate(predicted):
        waiting[(p.article_id, tuple(map(tuple, p.spans)))].append(j)  # type: ignore[arg-type]
    pairs: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        free = waiting.get((g.article_id, tuple(map(tuple, g.spans))))  # type: ignore[arg-type]
        if free:
            pairs.append((i, free.pop(0)))
    return pairs
