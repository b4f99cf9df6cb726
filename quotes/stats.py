"""Counts of quotes by kind, speaker, outlet, year, article and split (``quotes stats``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from quotes.core.models import Article, Quote
from quotes.core.splits import counted_split

__all__ = ["SPLIT", "TABLES", "ArticlesNeeded", "count", "render"]

Key = Callable[[Quote], str]


class ArticlesNeeded(ValueError):
    """The split table was asked for without the article of every quote counted (a quote's
    split is its article's ``source.split``)."""


def _speaker_group(q: Quote) -> str:
    """The row a speaker is counted in: its label, case aside for an unresolved one (``he``
    and ``He`` are one mention)."""
    label = q.speaker.label
    return label.casefold() if q.speaker.state == "unresolved" else label


TABLES: dict[str, tuple[str, Key]] = {
    "kind": ("kind", lambda q: q.kind),
    "speaker": (
        "speaker (a name; anonymous: an unnamed source; unresolved: the mention only, case aside)",
        lambda q: q.speaker.label,
    ),
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
"""Table name -> (heading, the key a quote is counted under): the tables the quotes alone
give, and the default ones."""

SPLIT = ("split", "split (the article's split in its source; none: it has none)")
"""The table that needs the articles too: its name and heading."""

GROUPS: dict[str, Key] = {"speaker": _speaker_group}
"""Tables whose rows gather keys that differ in form: name -> the key they are grouped by.
A row shows its most frequent form."""


def count(
    quotes: Iterable[Quote],
    by: Sequence[str] = (),
    *,
    articles: Mapping[str, Article] | None = None,
) -> dict[str, Counter[str]]:
    """Counts per table (``by``: names from :data:`TABLES`, or ``split``; default: every table
    of :data:`TABLES`). The ``split`` table needs ``articles`` (by id), the article of every quote.

    Raises ``ValueError`` for an unknown table name, :class:`ArticlesNeeded` when the split
    table lacks an article."""
    names = list(by) or list(TABLES)
    unknown = [n for n in names if n not in TABLES and n != SPLIT[0]]
    if unknown:
        choices = ", ".join([*TABLES, SPLIT[0]])
        raise ValueError(f"no table {unknown[0]!r}; choose from {choices}")
    quotes = list(quotes)
    keys = {name: _split_key(articles) if name == SPLIT[0] else TABLES[name][1] for name in names}
    return {name: _tally(quotes, keys[name], GROUPS.get(name)) for name in names}


def _split_key(articles: Mapping[str, Article] | None) -> Key:
    """A quote's split: its article's ``source.split``, ``none`` when the article has none."""
    if articles is None:
        raise ArticlesNeeded("the split table needs the articles the quotes are taken from")
    known = articles

    def split(q: Quote) -> str:
        article = known.get(q.article_id)
        if article is None:
            raise ArticlesNeeded(
                f"quote {q.id}: its article {q.article_id!r} is not among the articles given"
            )
        return counted_split(article)

    return split


def _tally(quotes: list[Quote], key: Key, group: Key | None) -> Counter[str]:
    """How many quotes fall under each key; with ``group``, keys of one group are one row,
    shown by its most frequent key (the first seen among equals)."""
    if group is None:
        return Counter(key(q) for q in quotes)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quotes:
        forms[group(q)][key(q)] += 1
    rows: Counter[str] = Counter()
    for seen in forms.values():
        rows[seen.most_common(1)[0][0]] += seen.total()
    return rows


def _heading(name: str) -> str:
    """A table's heading."""
    return SPLIT[1] if name == SPLIT[0] else TABLES[name][0]


def render(
    quotes: Iterable[Quote],
    by: Sequence[str] = (),
    *,
    top: int | None = None,
    articles: Mapping[str, Article] | None = None,
) -> str:
    """The tables as text: the number of quotes, then each table, most frequent first; with
    ``top``, only each table's ``top`` first rows and how many more there are. ``by`` and
    ``articles`` are as :func:`count` takes them."""
    if top is not None and top < 1:
        raise ValueError(f"top must be 1 or more, not {top}")
    quotes = list(quotes)
    lines = [f"{len(quotes)} quotes"]
    for name, counts in count(quotes, by, articles=articles).items():
        lines += ["", f"by {_heading(name)}:"]
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = rows if top is None else rows[:top]
        lines += [f"  {n:5d}  {key}" for key, n in shown]
        if len(shown) < len(rows):
            lines.append(f"  ({len(rows) - len(shown)} more)")
    return "\n".join(lines) + "\n"
