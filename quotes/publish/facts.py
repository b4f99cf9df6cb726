"""The facts of a corpus that a Hub folder states: its records by split, its licence, its title,
and the paths of its data files. The card, Croissant and the citation are written from them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.core.bundled import ConfigName
from quotes.core.models import Article, Quote
from quotes.core.record_rules import KINDS
from quotes.core.splits import Split, by_split
from quotes.publish.rights import Licence, licence

__all__ = ["Facts", "data_file", "describe_corpus", "facts"]


def data_file(config: ConfigName, split: str, suffix: str) -> str:
    """The path, in a Hub folder, of the data file of one config and split (``.parquet`` or
    ``.jsonl``)."""
    return f"data/{config}/{split}{suffix}"


@dataclass(frozen=True)
class Facts:
    """A corpus as a Hub folder describes it."""

    title: str
    """The card's ``pretty_name`` and heading."""
    quotes: Sequence[Quote]
    articles: Sequence[Article]
    splits: dict[str, Split]
    """Split name -> its records (:func:`quotes.core.splits.by_split`: the Hub's names, in the
    order train, validation, test, others)."""
    licence: Licence
    gated: bool
    """Whether the folder is for a private, gated repository."""

    def splits_of(self, config: ConfigName) -> list[str]:
        """The splits holding records of ``config``: ``datasets`` cannot load an empty one."""
        return [name for name, split in self.splits.items() if getattr(split, config)]

    @property
    def languages(self) -> list[str]:
        """The languages of the texts, most articles first."""
        return [lang for lang, _ in Counter(a.language for a in self.articles).most_common()]

    @property
    def corpora(self) -> list[str]:
        """The corpora the records were imported from (``quotes import`` names), most first;
        empty when every article was made with this package."""
        found = Counter(a.source.corpus for a in self.articles if a.source)
        return [name for name, _ in found.most_common()]


def _title(quotes: Sequence[Quote], articles: Sequence[Article]) -> str:
    corpora = sorted({a.source.corpus for a in articles if a.source})
    made = f"imported from {', '.join(corpora)}" if corpora else "annotated with quotes"
    return f"Quote attribution: {len(quotes)} quotes in {len(articles)} articles, {made}"


def facts(
    quotes: Sequence[Quote],
    articles: Sequence[Article],
    *,
    title: str | None = None,
    gated: bool = False,
) -> Facts:
    """The facts of the corpus ``quotes`` and ``articles`` (validated records: every quote's
    article among them). ``title`` defaults to one made from the records.

    Raises :class:`quotes.publish.rights.RedistributionRefused` when some articles' rights
    forbid redistribution and ``gated`` is false."""
    chosen = licence(articles, gated=gated)
    return Facts(
        title or _title(quotes, articles),
        quotes,
        articles,
        by_split(quotes, articles),
        chosen,
        gated,
    )


def describe_corpus(corpus: Facts) -> str:
    """One paragraph on what the corpus holds, its facts taken from the records."""
    kinds = Counter(q.kind for q in corpus.quotes)
    years = sorted({a.published.year for a in corpus.articles})
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    outlets = sorted({a.outlet for a in corpus.articles if a.outlet})
    if not outlets:
        outlets_text = "outlets unknown"
    else:
        outlets_text = ", ".join(outlets) if len(outlets) <= 5 else f"{len(outlets)} outlets"
    n = len(corpus.articles)
    made = (
        f"imported from {', '.join(corpus.corpora)} with the quotes package"
        if corpus.corpora
        else "annotated with the quotes package"
    )
    kinds_text = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
    return (
        f"{len(corpus.quotes)} attributed quotations ({kinds_text}) in {n} news "
        f"article{'s' if n != 1 else ''} ({', '.join(corpus.languages)}; {span}; {outlets_text}), "
        f"{made}: each with its exact character offsets in the verbatim article text, its kind, "
        "its speaker, cue and dates, beside the articles and their provenance."
    )
