"""Gold beside predicted quotations: which are matched, missed or false alarms.

A gold and a predicted quotation **match** when :func:`quotes.core.pairing.pair` pairs them: same
article, spans sharing at least one code point, paired **one to one** (largest overlap first), the
rule ``quotes evaluate`` counts its overlap pairs by, so the view's "matched" equals evaluate's
overlap ``matched`` on the same records. A gold quotation left without a pair is a **miss**, a
prediction left without one a **false alarm** (even if it overlaps a gold quotation that was
paired with a better prediction: the side list names such overlaps). Kind and speaker need not
agree for a match; the side list says when they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from quotes.core.models import Quote
from quotes.core.pairing import pair

__all__ = ["RULE", "Match", "Status", "match"]

Status = Literal["match", "miss", "false-alarm"]

RULE = "match = same article and overlapping spans, paired one to one as by quotes evaluate"
"""The rule in a few words, for page headers and help texts."""


@dataclass(frozen=True)
class Match:
    """The outcome of comparing gold and predicted quotations (see the module documentation)."""

    gold: dict[int, int | None]
    """For each gold quotation (by position), the position of the prediction paired with it."""
    predicted: dict[int, int | None]
    """For each prediction (by position), the position of the gold quotation paired with it."""

    def gold_status(self, i: int) -> Status:
        """``match`` or ``miss``."""
        return "miss" if self.gold[i] is None else "match"

    def predicted_status(self, j: int) -> Status:
        """``match`` or ``false-alarm``."""
        return "false-alarm" if self.predicted[j] is None else "match"

    def counts(self) -> dict[Status, int]:
        """How many matched gold quotations (= pairs), misses and false alarms."""
        return {
            "match": sum(1 for v in self.gold.values() if v is not None),
            "miss": sum(1 for v in self.gold.values() if v is None),
            "false-alarm": sum(1 for v in self.predicted.values() if v is None),
        }


def match(gold: Sequence[Quote], predicted: Sequence[Quote]) -> Match:
    """Pair gold and predicted quotations one to one with :func:`quotes.core.pairing.pair`.

    Ties are broken by input order, so pass the records in the order they were read (as
    ``quotes evaluate`` does) to get its pairs.
    """
    g: dict[int, int | None] = dict.fromkeys(range(len(gold)))
    p: dict[int, int | None] = dict.fromkeys(range(len(predicted)))
    for i, j in pair(gold, predicted):
        g[i], p[j] = j, i
    return Match(g, p)
