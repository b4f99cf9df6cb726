"""Measure ``quotes extract`` on an imported PolNeAR split and derive each pattern's confidence.

    quotes import polnear PATH/TO/PolNeAR --split train --out polnear-train/
    python bench/calibrate_extract.py polnear-train/    # the confidences written in rules.py
    quotes import polnear PATH/TO/PolNeAR --split dev --out polnear-dev/
    python bench/calibrate_extract.py polnear-dev/      # the precision at cut-offs, held out

FOLDER is what ``quotes import polnear ... --split NAME`` writes (``articles.jsonl`` and
``quotes.jsonl``): the one PolNeAR reader of the package, so the gold records here are those
``quotes evaluate`` scores against. A folder holding ``test`` articles is refused (check of each
article's ``source.split``): the rules are never tuned nor looked at on it. Nothing of PolNeAR
is copied into this repository.

A predicted record pairs with a gold one by :func:`quotes.core.pairing.pair` (the one pairing rule:
spans overlapping, one to one, largest overlap first). A record is *right* when it pairs and its
speaker is right by :func:`quotes.evaluate.speaker_matches` (for PolNeAR's speakers, known only
by their mention: the predicted mention overlaps the annotated source). Printed: the table of
``quotes evaluate`` (per kind, exact and overlap); the record-level recall (pairs / gold, per
kind); per pattern (``quotes.extract.rules.PATTERNS``), records, right ones and
(right + 1) / (records + 2), the confidence written there; and, at each confidence cut-off, the
records kept, the share that pair (span right) and the share that are right (span and speaker).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from quotes import load
from quotes.core.models import Quote
from quotes.core.pairing import pair
from quotes.core.record_rules import KINDS
from quotes.core.splits import NO_SPLIT, counted_split
from quotes.evaluate import evaluate, speaker_matches
from quotes.extract import extract_patterns

CUT_OFFS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder made by quotes import polnear --split")
    args = parser.parse_args()
    for name in ("articles.jsonl", "quotes.jsonl"):
        if not (args.folder / name).is_file():
            print(f"{args.folder}: no {name}; make it with quotes import polnear", file=sys.stderr)
            return 2
    corpus = load(args.folder)
    splits = Counter(counted_split(a) for a in corpus.articles.values())
    if "test" in splits or NO_SPLIT in splits:
        print(
            f"{args.folder}: holds articles of split(s) {', '.join(sorted(splits))}; give a folder "
            "imported with --split train or --split dev (test is never used for tuning)",
            file=sys.stderr,
        )
        return 2
    predicted: list[Quote] = []
    names: list[str] = []
    for article in corpus.articles.values():
        for quote, pattern in extract_patterns(article):
            predicted.append(quote)
            names.append(pattern)
    gold = corpus.quotes
    print(f"PolNeAR {', '.join(sorted(splits))}: {len(corpus.articles)} articles\n")
    print(evaluate(gold, predicted, dict(corpus.articles)).table(markdown=True))

    pairs = pair(gold, predicted)
    partner = {j: i for i, j in pairs}
    found: Counter[str] = Counter(gold[i].kind for i, _ in pairs)
    total: Counter[str] = Counter(q.kind for q in gold)
    print("| gold kind | gold | paired | record recall |\n|---|---|---|---|")
    for kind in (*KINDS, "all"):
        g = sum(total.values()) if kind == "all" else total[kind]
        f = sum(found.values()) if kind == "all" else found[kind]
        print(f"| {kind} | {g} | {f} | {f / g if g else 0.0:.3f} |")

    patterns: Counter[tuple[str, bool]] = Counter()
    by_confidence: list[tuple[float, bool, bool]] = []
    for j, (quote, pattern) in enumerate(zip(predicted, names, strict=True)):
        paired = j in partner
        right = paired and speaker_matches(gold[partner[j]].speaker, quote.speaker)
        patterns[pattern, False] += 1
        patterns[pattern, True] += right
        assert quote.annotation.confidence is not None
        by_confidence.append((quote.annotation.confidence, paired, right))
    print("\n| pattern | records | right | (right + 1) / (records + 2) |\n|---|---|---|---|")
    for name in sorted({name for name, _ in patterns}):
        n, r = patterns[name, False], patterns[name, True]
        print(f"| {name} | {n} | {r} | {(r + 1) / (n + 2):.2f} |")
    print("\n| confidence >= | records | span right | span and speaker right |\n|---|---|---|---|")
    for cut in CUT_OFFS:
        kept = [(p, r) for confidence, p, r in by_confidence if confidence >= cut]
        if kept:
            spans = sum(p for p, _ in kept) / len(kept)
            both = sum(r for _, r in kept) / len(kept)
            print(f"| {cut} | {len(kept)} | {spans:.3f} | {both:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
