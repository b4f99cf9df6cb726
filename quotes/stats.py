"""Counts of quotes by kind, speaker, outlet, year and article (``quotes stats``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from quotes.core.models import Quote, Speaker

__all__ = ["TABLES", "count", "render", "speaker_label"]


def speaker_label(speaker: Speaker) -> str:
    """How a speaker is named in a table: the name, tagged with its type unless a person
    (``Russia (organization)``), or for an unnamed speaker the type and description
    (``(group) NATO officials (unnamed)``, ``(anonymous)``), or its mention when that is all
    there is (``(unknown) "he"``)."""
    if speaker.name is not None:
        return speaker.name if speaker.type == "person" else f"{speaker.name} ({speaker.type})"
    if speaker.description is not None:
        return f"({speaker.type}) {speaker.description}"
    if speaker.mention is not None:  # imported speakers known only by their mention
        return f'({speaker.type}) "{speaker.mention.text}"'
    return f"({speaker.type})"


TABLES: dict[str, tuple[str, Callable[[Quote], str]]] = {
    "kind": ("kind", lambda q: q.kind),
    "speaker": ("speaker", lambda q: speaker_label(q.speaker)),
    "outlet": ("outlet", lambda q: q.outlet or "(unknown)"),
    "year": (
        "year (the article's publication year; uttered: the year the words were said)",
        lambda q: str(q.date.year),
    ),
    "uttered": (
        "uttered (the year the words were said, where known)",
        lambda q: str(q.uttered.year) if q.uttered else "(unknown)",
    ),
    "article": ("article", lambda q: q.article_id),
}
"""Table name -> (heading, the key a quote is counted under)."""


def count(quotes: Iterable[Quote], by: Sequence[str] = ()) -> dict[str, Counter[str]]:
    """Counts per table (``by``: names from :data:`TABLES`; default: all of them).

    Raises ``ValueError`` for an unknown table name."""
    names = list(by) or list(TABLES)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise ValueError(f"no table {unknown[0]!r}; choose from {', '.join(TABLES)}")
    quotes = list(quotes)
    return {name: Counter(TABLES[name][1](q) for q in quotes) for name in names}


def render(quotes: Iterable[Quote], by: Sequence[str] = ()) -> str:
    """The tables as text: the number of quotes, then each table, most frequent first."""
    quotes = list(quotes)
    lines = [f"{len(quotes)} quotes"]
    for name, counts in count(quotes, by).items():
        lines += ["", f"by {TABLES[name][0]}:"]
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:5d}  {key}")
    return "\n".join(lines) + "\n"
