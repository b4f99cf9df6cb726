"""Inter-annotator agreement between the dataset and an independent second pass.

The second pass (``curation/second_pass.json``) was made by an annotator who saw only the
articles, PROVENANCE.md and the rules, never the dataset. Its segments are verbatim strings; this
script locates them (first occurrence in the article), pairs its records with the dataset's and
prints the agreement figures quoted in docs/annotation.md (section 12) and the dataset card::

    python curation/agreement.py            # table
    python curation/agreement.py --diff     # also list every disagreement
    python curation/agreement.py --gold F   # against another version of the records

Pairing is the project's one rule, :func:`quotes.core.pairing.pair`: same article, spans sharing at
least one code point, one to one, largest overlap first (the same pairs ``quotes evaluate`` and
``quotes view --compare`` use). Exact spans are :func:`quotes.core.pairing.exact_pairs`. On paired
records we compare kind, speaker (the canonical name, or the type for unnamed sources) and spans.
Only the articles the second pass annotated are compared, so an article added later does not
count as a disagreement.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotes import Quote, load
from quotes.core.pairing import exact_pairs, pair

HERE = Path(__file__).parent
SECOND_PASS = HERE / "second_pass.json"


@dataclass(frozen=True)
class Record:
    """What agreement compares of one record (either pass)."""

    id: str
    article_id: str
    kind: str
    spans: tuple[tuple[int, int], ...]
    speaker: str
    quote: str


@dataclass(frozen=True)
class Agreement:
    """The figures, and the records behind them."""

    gold: list[Record]
    second: list[Record]
    pairs: list[tuple[int, int]]
    exact: int

    @property
    def f1(self) -> float:
        return 2 * len(self.pairs) / (len(self.gold) + len(self.second))

    @property
    def exact_f1(self) -> float:
        return 2 * self.exact / (len(self.gold) + len(self.second))

    def agreeing(self, key: str) -> int:
        return sum(
            getattr(self.gold[i], key) == getattr(self.second[j], key) for i, j in self.pairs
        )


def from_quote(q: Quote | Any) -> Record:
    return Record(
        id=q.id,
        article_id=q.article_id,
        kind=q.kind,
        spans=tuple((s, e) for s, e in q.spans),
        speaker=(q.speaker.name or q.speaker.type).casefold(),
        quote=q.quote,
    )


def second_pass(texts: Mapping[str, str], path: Path = SECOND_PASS) -> list[Record]:
    """The second pass's records, located in ``texts`` (article id -> text)."""
    records = []
    for r in json.loads(path.read_text(encoding="utf-8"))["quotes"]:
        text = texts[r["article"]]
        spans = []
        for segment in r["segments"]:
            start = text.find(segment)
            if start < 0:
                raise ValueError(f"second pass: segment not in article {r['article']}: {segment!r}")
            spans.append((start, start + len(segment)))
        records.append(
            Record(
                id="",
                article_id=r["article"],
                kind=r["kind"],
                spans=tuple(spans),
                speaker=(r["speaker_name"] or r["speaker_type"]).casefold(),
                quote=" ".join(r["segments"]),
            )
        )
    return records


def agreement(gold: Iterable[Quote | Any], texts: Mapping[str, str]) -> Agreement:
    """Agreement of ``gold`` (records with id, article_id, kind, spans, speaker, quote) with the
    second pass, over the articles the second pass annotated."""
    second = second_pass(texts)
    covered = {r.article_id for r in second}
    mine = [from_quote(q) for q in gold if q.article_id in covered]
    return Agreement(mine, second, pair(mine, second), len(exact_pairs(mine, second)))


def table(a: Agreement) -> list[str]:
    n = len(a.pairs)
    kind, speaker = a.agreeing("kind"), a.agreeing("speaker")
    return [
        f"dataset records: {len(a.gold)}; second pass records: {len(a.second)}; matched: {n}",
        f"quotation F1 (overlap): {a.f1:.3f}",
        f"exact-span F1: {a.exact_f1:.3f}",
        f"kind agreement on matched: {kind}/{n} = {kind / n:.3f}",
        f"speaker agreement on matched: {speaker}/{n} = {speaker / n:.3f}",
    ]


def differences(a: Agreement) -> list[str]:
    lines = []
    paired_gold = {i for i, _ in a.pairs}
    paired_second = {j for _, j in a.pairs}
    for i, g in enumerate(a.gold):
        if i not in paired_gold:
            lines.append(f"ONLY DATASET {g.id} {g.kind}: {g.quote[:90]!r}")
    for j, o in enumerate(a.second):
        if j not in paired_second:
            lines.append(f"ONLY SECOND {o.article_id} {o.kind}: {o.quote[:90]!r}")
    for i, j in a.pairs:
        g, o = a.gold[i], a.second[j]
        diffs = [k for k in ("kind", "speaker", "spans") if getattr(g, k) != getattr(o, k)]
        if diffs:
            lines.append(
                f"DIFF {g.id} {diffs}: {g.kind}/{o.kind} {g.speaker}/{o.speaker}\n"
                f"   D: {g.quote[:100]!r}\n   S: {o.quote[:100]!r}"
            )
    return lines


def main(argv: Sequence[str]) -> int:
    corpus = load()
    gold: Iterable[Any] = corpus.quotes
    if "--gold" in argv:  # an older version may predate later fields: read only what is compared
        lines = Path(argv[argv.index("--gold") + 1]).read_text(encoding="utf-8").splitlines()
        gold = [_Old(json.loads(line)) for line in lines if line.strip()]
    result = agreement(gold, {a.id: a.text for a in corpus.articles.values()})
    print("\n".join(table(result)))
    if "--diff" in argv:
        print("\n".join(differences(result)))
    return 0


class _Old:
    """A record of an older data version, read as a plain object."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.id, self.article_id, self.kind = row["id"], row["article_id"], row["kind"]
        self.spans, self.quote = row["spans"], row["quote"]
        self.speaker = _Speaker(row["speaker"].get("name"), row["speaker"]["type"])


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    type: str


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
