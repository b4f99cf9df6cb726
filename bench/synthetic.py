"""Synthetic quote records for the benchmark: valid, varied, about 470 bytes each as JSONL."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = [
    "missile",
    "defence",
    "shield",
    "radar",
    "Russia",
    "NATO",
    "alliance",
    "Europe",
    "treaty",
    "interceptor",
    "Moscow",
    "Washington",
    "Brussels",
    "minister",
    "talks",
    "cooperation",
    "threat",
    "security",
    "summit",
    "proposal",
    "plan",
    "system",
    "deployment",
    "Poland",
    "Czech",
    "negotiations",
    "agreement",
    "partners",
    "strategic",
    "balance",
]
NAMES = ["James Appathurai", "Sergei Lavrov", "Dmitry Rogozin", "Anders Fogh Rasmussen"]
ROLES = ["spokesman", "minister", "envoy", "secretary general"]
CUES = ["said", "told reporters", "was quoted as saying", "added"]


def record(i: int, rng: random.Random) -> dict[str, object]:
    """One valid quote record (record level) with a few fields varied by ``i``."""
    article = f"A{i // 50:06d}"
    segments = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        words = rng.choices(WORDS, k=rng.randint(1, 2))
        segments.append(" ".join(words))
    start = (i % 50) * 400 + rng.randint(0, 300)
    spans, position = [], start
    for seg in segments:
        spans.append([position, position + len(seg)])
        position += len(seg) + rng.randint(5, 40)
    who = rng.randrange(len(NAMES))
    mention_start = max(0, start - 30)
    cue = rng.choice(CUES)
    return {
        "id": f"{article}-{start}",
        "article_id": article,
        "kind": rng.choice(("direct", "mixed", "indirect")),
        "quote": " ".join(segments),
        "spans": spans,
        "speaker": {
            "name": NAMES[who],
            "description": ROLES[who],
            "type": "person",
            "members": [],
            "wikidata": None,
            "mention": {"text": "he", "start": mention_start, "end": mention_start + 2}
            if i % 2
            else None,
            "evidence": None,
        },
        "cue": {"text": cue, "start": position, "end": position + len(cue)} if i % 3 else None,
        "addressee": None,
        "via": None,
        "date": f"20{rng.randint(1, 11):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "date_precision": "day",
        "uttered": None,
        "uttered_precision": None,
        "uttered_confidence": None,
        "uttered_evidence": None,
        "outlet": "Reuters",
        "region": "body",
        "annotation": {"method": "manual", "tool": None, "confidence": None},
    }


def write(path: Path, n: int, seed: int = 0) -> int:
    """Write ``n`` records to ``path``; returns the file's size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(record(i, rng), ensure_ascii=False, separators=(",", ":")) + "\n")
    return path.stat().st_size
