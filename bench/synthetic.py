"""Benchmark records shaped like the real ones: the bundled quotes, repeated.

Record ``i`` is bundled quote ``i % 50`` (every field, its real text, descriptions, evidence and
non-ASCII characters) moved to a fresh article id, ``<article>.<i // 50>``, with its ``id``
recomputed by the id rule, so that every record is valid at record level and every id is unique.
Records come out at about 900 bytes each, like the bundled ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from quotes.corpus import load
from quotes.models import quote_id


def records() -> list[dict[str, object]]:
    """The bundled quotes as plain JSON-ready dicts, in file order."""
    return [q.model_dump(mode="json") for q in load().quotes]


def record(i: int, bundled: list[dict[str, object]]) -> dict[str, object]:
    """Bundled record ``i % len(bundled)`` under article ``<its article>.<i // len(bundled)>``."""
    base = bundled[i % len(bundled)]
    article = f"{base['article_id']}.{i // len(bundled)}"
    spans = base["spans"]
    assert isinstance(spans, list)
    return {**base, "id": quote_id(article, spans[0][0]), "article_id": article}


def write(path: Path, n: int) -> int:
    """Write ``n`` records to ``path``; returns the file's size in bytes."""
    bundled = records()
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(record(i, bundled), ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
    return path.stat().st_size
