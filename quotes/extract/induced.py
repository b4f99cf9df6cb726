"""Word lists the learned extractor induces from its own training data: how often each word is
a cue, or part of a source, in the ``train`` split, bucketed (:data:`RATES`). The reporting
verbs of :mod:`.verbs` name how people speak; a corpus that annotates beliefs, stances and
findings has cues no list names (``shows``, ``frustrated``, ``according``), and these rates let
the CRF weigh a rare cue word as it weighs a common one, and every token by how far the nearest
likely cue of its sentence stands.

:func:`induce` counts over ``train`` only; :func:`quotes.extract.learned.train` writes the result
into the model folder (:data:`LEXICON_FILE`) and a model reads it back. English only: an article
whose language has a lexicon of its own (:data:`.features.LEXICONS`) is neither counted nor
given these features.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quotes.extract.features import Reading, lexicon

__all__ = [
    "LEXICON_FILE",
    "RATES",
    "Induced",
    "add_induced",
    "applies",
    "induce",
]

LEXICON_FILE = "lexicon.json"
"""The file of a model folder holding its induced word lists."""
RATES = ((0.5, "hi"), (0.2, "mid"), (0.05, "lo"))
"""The buckets of a word's rate (at least so much); a lower rate is in no list."""
MIN_COUNT = 3
"""The fewest times a word must occur in ``train`` to be in a list."""
_CUE, _SOURCE = "Q", "S"
_NEIGHBOURS = (-2, -1, 1, 2)
_DISTANCES = ((1, "1"), (2, "2"), (4, "4"), (8, "8"))
"""Distance buckets (at most so many tokens) to the nearest likely cue; farther is ``far``."""


@dataclass(frozen=True)
class Induced:
    """Each word's bucket as a cue and as part of a source (lower case; absent: rare or never)."""

    cue: dict[str, str] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The lists as :data:`LEXICON_FILE` holds them."""
        return {"cue": dict(sorted(self.cue.items())), "source": dict(sorted(self.source.items()))}

    @classmethod
    def from_json(cls, raw: Any) -> Induced:
        """The lists read back from :meth:`to_json`'s shape; ``ValueError`` for another."""
        buckets = {name for _, name in RATES}
        if not isinstance(raw, dict) or set(raw) != {"cue", "source"}:
            raise ValueError("not an induced lexicon: expected the keys cue and source")
        for key in ("cue", "source"):
            table = raw[key]
            if not isinstance(table, dict) or not all(
                isinstance(w, str) and b in buckets for w, b in table.items()
            ):
                raise ValueError(f"not an induced lexicon: {key} must map words to {buckets}")
        return cls(dict(raw["cue"]), dict(raw["source"]))

    def dumps(self) -> str:
        """The JSON text of :data:`LEXICON_FILE`."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=0) + "\n"


def applies(reading: Reading) -> bool:
    """Whether ``reading``'s language reads induced lists (English's lexicon, no other)."""
    return not lexicon(reading.article.language).sentence_level


def _bucket(rate: float) -> str | None:
    return next((name for least, name in RATES if rate >= least), None)


def induce(tagged: Iterable[tuple[Reading, list[list[str]]]]) -> Induced:
    """The lists of the readings given with their gold tags (:func:`.learned.gold_tags`):
    the ``train`` split's, and no other, when training. Readings :func:`applies` refuses are
    not counted."""
    seen: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {_CUE: {}, _SOURCE: {}}
    for reading, tags in tagged:
        if not applies(reading):
            continue
        for paragraph, row in zip(reading.paragraphs, tags, strict=True):
            for word, tag in zip(paragraph.words, row, strict=True):
                seen[word] = seen.get(word, 0) + 1
                if tag[2:] in counts:
                    role = counts[tag[2:]]
                    role[word] = role.get(word, 0) + 1

    def table(role: str) -> dict[str, str]:
        rates = {w: n / seen[w] for w, n in counts[role].items() if seen[w] >= MIN_COUNT}
        return {w: b for w, r in sorted(rates.items()) if (b := _bucket(r)) is not None}

    return Induced(table(_CUE), table(_SOURCE))


def _distance(d: int) -> str:
    return next((name for most, name in _DISTANCES if d <= most), "far")


def add_induced(reading: Reading, induced: Induced) -> None:
    """Add to the features of each token of ``reading`` (when :func:`applies`) its word's
    buckets (``lc=hi``, ``ls=mid``), its neighbours' cue buckets, and how far the nearest
    likely cue (``hi`` or ``mid``) of its sentence stands before and after it."""
    if not applies(reading):
        return
    for paragraph in reading.paragraphs:
        words = paragraph.words
        cue = [induced.cue.get(w) for w in words]
        likely = [i for i, b in enumerate(cue) if b in ("hi", "mid")]
        which = paragraph.sentences
        for i, own in enumerate(paragraph.features):
            k = bisect.bisect_left(likely, i)
            own.append(f"lc={cue[i] or 'no'}")
            own.append(f"ls={induced.source.get(words[i], 'no')}")
            for offset in _NEIGHBOURS:
                j = i + offset
                if 0 <= j < len(words) and cue[j] is not None:
                    own.append(f"{offset}:lc={cue[j]}")
            before = likely[k - 1] if k > 0 and which[likely[k - 1]] == which[i] else None
            k += k < len(likely) and likely[k] == i
            after = likely[k] if k < len(likely) and which[likely[k]] == which[i] else None
            own.append(f"lcb={'none' if before is None else _distance(i - before)}")
            own.append(f"lca={'none' if after is None else _distance(after - i)}")
