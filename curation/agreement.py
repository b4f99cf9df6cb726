"""Inter-annotator agreement between the dataset and an independent second pass.

The second pass (``curation/second_pass.json``) was made by an annotator who saw only the
articles, PROVENANCE.md and the rules, never the dataset. Its segments are verbatim strings; this
script locates them (first occurrence in the article), matches its records to the dataset's and
prints the agreement figures quoted in the dataset card::

    python curation/agreement.py            # table
    python curation/agreement.py --diff     # also list every disagreement
    python curation/agreement.py --gold F   # against another version of the records

Matching: two records match when they are in the same article and their spans share at least one
code point (one-to-one, greedy by overlap size). On matched pairs we compare kind, speaker (the
canonical name, or the type for unnamed sources) and exact spans.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quotes import Quote, Speaker, load

HERE = Path(__file__).parent


def locate(text: str, segment: str) -> tuple[int, int]:
    start = text.find(segment)
    if start < 0:
        raise SystemExit(f"segment not in text: {segment!r}")
    return start, start + len(segment)


def main(show_diff: bool, gold_path: str | None) -> None:
    corpus = load()
    if gold_path:  # an older version may predate later fields, so read only what is compared
        lines = Path(gold_path).read_text(encoding="utf-8").splitlines()
        dataset = [Quote.model_construct(**json.loads(line)) for line in lines]
        for q in dataset:
            q.__dict__["speaker"] = Speaker.model_construct(**q.__dict__["speaker"])
    else:
        dataset = corpus.quotes
    second = json.loads((HERE / "second_pass.json").read_text(encoding="utf-8"))["quotes"]
    gold = [
        {
            "id": q.id,
            "article": q.article_id,
            "kind": q.kind,
            "spans": [tuple(s) for s in q.spans],
            "speaker": (q.speaker.name or q.speaker.type).casefold(),
            "quote": q.quote,
        }
        for q in dataset
    ]
    other = []
    for r in second:
        text = corpus.articles[r["article"]].text
        other.append(
            {
                "article": r["article"],
                "kind": r["kind"],
                "spans": [locate(text, s) for s in r["segments"]],
                "speaker": (r["speaker_name"] or r["speaker_type"]).casefold(),
                "quote": " ".join(r["segments"]),
            }
        )

    def overlap(a: dict[str, object], b: dict[str, object]) -> int:
        if a["article"] != b["article"]:
            return 0
        return sum(
            max(0, min(e1, e2) - max(s1, s2))
            for s1, e1 in a["spans"]  # type: ignore[attr-defined]
            for s2, e2 in b["spans"]  # type: ignore[attr-defined]
        )

    pairs = sorted(
        ((overlap(g, o), i, j) for i, g in enumerate(gold) for j, o in enumerate(other)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_o: set[int] = set()
    matches = []
    for size, i, j in pairs:
        if size > 0 and i not in used_g and j not in used_o:
            used_g.add(i)
            used_o.add(j)
            matches.append((gold[i], other[j]))
    n_g, n_o, n_m = len(gold), len(other), len(matches)
    f1 = 2 * n_m / (n_g + n_o)
    exact = sum(g["spans"] == o["spans"] for g, o in matches)
    kind = sum(g["kind"] == o["kind"] for g, o in matches)
    speaker = sum(g["speaker"] == o["speaker"] for g, o in matches)
    print(f"dataset records: {n_g}; second pass records: {n_o}; matched: {n_m}")
    print(f"quotation F1 (overlap): {f1:.3f}")
    print(f"exact-span F1: {2 * exact / (n_g + n_o):.3f}")
    print(f"kind agreement on matched: {kind}/{n_m} = {kind / n_m:.3f}")
    print(f"speaker agreement on matched: {speaker}/{n_m} = {speaker / n_m:.3f}")
    if show_diff:
        for i, g in enumerate(gold):
            if i not in used_g:
                print(f"ONLY DATASET {g['id']} {g['kind']}: {g['quote'][:90]!r}")
        for j, o in enumerate(other):
            if j not in used_o:
                print(f"ONLY SECOND {o['article']} {o['kind']}: {o['quote'][:90]!r}")
        for g, o in matches:
            diffs = [k for k in ("kind", "speaker", "spans") if g[k] != o[k]]
            if diffs:
                print(
                    f"DIFF {g['id']} {diffs}: {g['kind']}/{o['kind']} "
                    f"{g['speaker']}/{o['speaker']}\n"
                    f"   D: {g['quote'][:100]!r}\n   S: {o['quote'][:100]!r}"
                )


if __name__ == "__main__":
    args = sys.argv[1:]
    gold = args[args.index("--gold") + 1] if "--gold" in args else None
    main("--diff" in args, gold)
