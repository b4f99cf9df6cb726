"""Measure ``quotes extract`` on PolNeAR and derive each pattern's confidence.

    python bench/calibrate_extract.py PATH/TO/PolNeAR --split train   # the confidences
    python bench/calibrate_extract.py PATH/TO/PolNeAR --split dev     # report on held-out data

PATH is a checkout of github.com/networkdynamics/PolNeAR (its ``data/<split>/text/*.txt`` and
``data/<split>/attributions/*.ann``, brat standoff; the first annotator's file of each text is
used). Nothing of PolNeAR is copied into this repository. The ``test`` split is refused: the
rules are never tuned on it.

A predicted record and an annotated attribution pair one to one, greedily by the number of
characters their spans share (content spans; any overlap pairs). A record is *right* when it
pairs and its speaker mention overlaps the attribution's source. Printed: per kind, precision,
recall and F1 of pairing, and the share of pairs with the right speaker (gold kinds: ``direct``
when the content is quotations with at most three words outside them, ``mixed`` when it holds
one, else ``indirect``); per pattern (``quotes.extract.rules.PATTERNS``), records, right ones and
(right + 1) / (records + 2), the confidence written there; the share of right records at each
confidence cut-off. The rules are English, like PolNeAR; PolNeAR also annotates beliefs,
findings and intentions, which the extractor (speech only) leaves out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

from quotes.extract import extract_patterns
from quotes.models import KINDS, Article

Spans = list[tuple[int, int]]
QUOTE_MARKS = re.compile(r"[\"“”«»]|''")


def attributions(path: Path) -> list[dict[str, Spans]]:
    """The attributions of one brat file: content, source and cue spans."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) > 1 and " " in parts[1]:
            where = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [(int(a), int(b)) for a, b in (p.split() for p in where.split(";"))]
        elif parts[0].startswith("E") and len(parts) > 1:
            events.append(dict(role.split(":", 1) for role in parts[1].split()))
    result = []
    for roles in events:
        found = {r: spans.get(roles.get(r, ""), []) for r in ("Content", "Source", "Cue")}
        if found["Content"]:
            result.append(found)
    return result


def gold_kind(text: str, content: Spans) -> str:
    joined = " ".join(text[s:e] for s, e in content).strip()
    marks = len(QUOTE_MARKS.findall(joined))
    if marks == 0:
        return "indirect"
    outside = QUOTE_MARKS.split(joined)[::2]
    return "direct" if len(" ".join(outside).split()) <= 3 else "mixed"


def overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def article(number: int, path: Path, text: str) -> Article:
    first_line = text.find("\n")
    return Article.model_validate(
        {
            "id": f"p{number}",
            "file": path.name,
            "title": None,
            "outlet": None,
            "outlet_confidence": None,
            "outlet_evidence": None,
            "url": None,
            "wire": None,
            "wire_confidence": None,
            "wire_evidence": None,
            "byline": None,
            "published": dt.date(2016, 1, 1),
            "published_precision": "year",
            "published_confidence": "inferred",
            "published_evidence": "not used",
            "language": "en",
            "rights": "PolNeAR",
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "regions": [{"start": 0, "end": first_line, "kind": "headline"}]
            if first_line > 0
            else [],
            "corrections": [],
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("polnear", type=Path, help="a checkout of the PolNeAR repository")
    parser.add_argument("--split", choices=["train", "dev"], default="dev")
    args = parser.parse_args()
    root = args.polnear / "data" / args.split
    counts: Counter[tuple[str, str]] = Counter()
    patterns: Counter[tuple[str, bool]] = Counter()
    by_confidence: list[tuple[float, bool]] = []
    texts = sorted((root / "text").glob("*.txt"))
    for number, path in enumerate(texts):
        annotations = sorted((root / "attributions").glob(f"{path.stem}_*.ann"))
        if not annotations:
            continue
        text = path.read_text(encoding="utf-8")
        gold = attributions(annotations[0])
        predicted = extract_patterns(article(number, path, text))
        kinds = [gold_kind(text, g["Content"]) for g in gold]
        candidates = sorted(
            (
                (overlap(q.spans, g["Content"]), p, i)
                for p, (q, _) in enumerate(predicted)
                for i, g in enumerate(gold)
            ),
            reverse=True,
        )
        paired: dict[int, int] = {}
        for shared, p, i in candidates:
            if shared and p not in paired and i not in paired.values():
                paired[p] = i
        for kind in kinds:
            counts["gold", kind] += 1
        for p, (q, pattern) in enumerate(predicted):
            counts["predicted", q.kind] += 1
            mention = q.speaker.mention
            right = False
            if p in paired:
                i = paired[p]
                counts["paired predicted", q.kind] += 1
                counts["paired gold", kinds[i]] += 1
                source = gold[i]["Source"]
                right = bool(mention and overlap([(mention.start, mention.end)], source))
                counts["speaker", kinds[i]] += right
            patterns[pattern, False] += 1
            patterns[pattern, True] += right
            assert q.annotation.confidence is not None
            by_confidence.append((q.annotation.confidence, right))
    print(f"PolNeAR {args.split}: {len(texts)} texts (overlap pairing)\n")
    print("| kind | gold | pred | P | R | F1 | speaker |\n|---|---|---|---|---|---|---|")
    for kind in (*KINDS, "all"):
        chosen = KINDS if kind == "all" else (kind,)
        g, p, pp, pg, sp = (
            sum(counts[key, k] for k in chosen)
            for key in ("gold", "predicted", "paired predicted", "paired gold", "speaker")
        )
        precision, recall = pp / p if p else 0.0, pg / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        speaker = sp / pg if pg else 0.0
        print(f"| {kind} | {g} | {p} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {speaker:.3f} |")
    print("\n| pattern | records | right | (right + 1) / (records + 2) |\n|---|---|---|---|")
    for name in sorted({name for name, _ in patterns}):
        n, r = patterns[name, False], patterns[name, True]
        print(f"| {name} | {n} | {r} | {(r + 1) / (n + 2):.2f} |")
    print("\n| confidence >= | records | right |\n|---|---|---|")
    for cut in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        chosen_right = [right for confidence, right in by_confidence if confidence >= cut]
        if chosen_right:
            share = sum(chosen_right) / len(chosen_right)
            print(f"| {cut} | {len(chosen_right)} | {share:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
