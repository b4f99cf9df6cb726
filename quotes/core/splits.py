"""Splits, defined once: an article's split is its source's (``source.split``), named as the
Hub names it (``dev`` becomes ``validation``); a quote's split is its article's.

An article whose source gives no split is in :data:`DEFAULT_SPLIT` (``train``), as a dataset
without splits is published. A corpus *has splits* when some article's source gives one; only
then do the exports write one file per split.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from quotes.core.models import Article, Quote

__all__ = [
    "DEFAULT_SPLIT",
    "HUB_SPLITS",
    "NO_SPLIT",
    "Split",
    "UnknownSplit",
    "article_split",
    "by_split",
    "counted_split",
    "has_splits",
    "hub_name",
    "in_splits",
    "ordered",
    "wanted_splits",
]

HUB_SPLITS: dict[str, str] = {"dev": "validation", "development": "validation", "val": "validation"}
"""A source's split name -> the Hub's; other names are kept (``train``, ``test``)."""
DEFAULT_SPLIT = "train"
"""The split of an article whose source gives none."""
NO_SPLIT = "none"
"""The name counts (``quotes stats``, an import's summary) give the split of articles whose
source gives none; published, they are in :data:`DEFAULT_SPLIT`."""
_ORDER = ("train", "validation", "test")


class UnknownSplit(ValueError):
    """No article is in a split asked for. ``wanted`` holds the names asked for that no article
    is in, ``found`` the splits the articles are in (the Hub's names, in order)."""

    def __init__(self, wanted: Iterable[str], found: Iterable[str]) -> None:
        self.wanted = list(wanted)
        self.found = list(found)
        have = ", ".join(self.found) or "no articles"
        super().__init__(
            f"no article is in split {' or '.join(map(repr, self.wanted))}; the articles are in: "
            f"{have}"
        )


def hub_name(split: str) -> str:
    """A split's name as the Hub names it: ``dev`` (or ``development``, ``val``) is
    ``validation``; any other name is kept."""
    return HUB_SPLITS.get(split, split)


def source_split(article: Article) -> str | None:
    """The split ``article``'s source gives, by the source's own name (None when it gives none)."""
    return article.source.split if article.source else None


def counted_split(article: Article) -> str:
    """The split ``article``'s source gives, by the source's own name, else :data:`NO_SPLIT`:
    the key counts put it under."""
    return source_split(article) or NO_SPLIT


def article_split(article: Article) -> str:
    """The split of ``article``: its source's, as the Hub names it, or :data:`DEFAULT_SPLIT`."""
    split = source_split(article)
    return hub_name(split) if split else DEFAULT_SPLIT


def has_splits(articles: Iterable[Article]) -> bool:
    """Whether some article's source gives its split."""
    return any(source_split(a) is not None for a in articles)


def ordered(names: Iterable[str]) -> list[str]:
    """Split names in the order train, validation, test, then the others by name."""

    def rank(name: str) -> tuple[int, str]:
        return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)

    return sorted(set(names), key=rank)


@dataclass(frozen=True)
class Split:
    """The records of one split."""

    quotes: list[Quote]
    articles: list[Article]


def by_split(quotes: Iterable[Quote], articles: Iterable[Article]) -> dict[str, Split]:
    """The records by split (:func:`article_split`), in the order of :func:`ordered`; a quote
    goes with its article, and one whose article is not given is in :data:`DEFAULT_SPLIT`."""
    splits: dict[str, Split] = {}
    of_article: dict[str, str] = {}
    for article in articles:
        of_article[article.id] = name = article_split(article)
        splits.setdefault(name, Split([], [])).articles.append(article)
    for quote in quotes:
        name = of_article.get(quote.article_id, DEFAULT_SPLIT)
        splits.setdefault(name, Split([], [])).quotes.append(quote)
    return {name: splits[name] for name in ordered(splits)}


def wanted_splits(names: str | Sequence[str], articles: Iterable[Article]) -> frozenset[str]:
    """The Hub's names of the splits asked for (a source's name or the Hub's: ``dev`` and
    ``validation`` are one split). Raises :class:`UnknownSplit` when no article is in one of
    them (a misspelt name selects nothing, silently, no more), and ``ValueError`` for an empty
    list."""
    given = [names] if isinstance(names, str) else list(names)
    if not given:
        raise ValueError("split: give at least one split name")
    found = {article_split(a) for a in articles}
    missing = [n for n in given if hub_name(n) not in found]
    if missing:
        raise UnknownSplit(missing, ordered(found))
    return frozenset(hub_name(n) for n in given)


def in_splits(
    quotes: Iterable[Quote], articles: Mapping[str, Article], wanted: frozenset[str]
) -> Iterator[Quote]:
    """The quotes whose article (looked up in ``articles`` by id) is in one of the ``wanted``
    splits (Hub names, as :func:`wanted_splits` gives them); lazily, for streams of any size."""
    for quote in quotes:
        article = articles.get(quote.article_id)
        split = article_split(article) if article is not None else DEFAULT_SPLIT
        if split in wanted:
            yield quote
