"""The bundled corpus, loaded as typed objects with simple lookups."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotes.core.bundled import ARTICLES, QUOTES, data_path
from quotes.core.marking import marked_context
from quotes.core.models import Article, Quote, Speaker
from quotes.core.record_rules import KINDS, Kind
from quotes.core.splits import article_split, wanted_splits
from quotes.engine.check import Checker

__all__ = ["Corpus", "UnknownArticle", "load", "read_quotes"]


class UnknownArticle(ValueError):
    """No article has this id or source name (:meth:`Corpus.article_named`), or a source name
    names several. ``name`` is what was asked; ``closest`` the ids nearest to it, nearest first
    (those ``name`` begins, then those :func:`difflib.get_close_matches` finds), or the ids it
    names when it names several."""

    def __init__(self, name: str, closest: Sequence[str], *, several: bool = False) -> None:
        self.name, self.closest = name, list(closest)
        listed = ", ".join(self.closest)
        if several:
            message = f"{name!r} is the source name of several articles ({listed}); give the id"
        elif listed:
            message = f"no article with id or file name {name!r}; the closest ids: {listed}"
        else:
            message = f"no article with id or file name {name!r}"
        super().__init__(message)


@dataclass(frozen=True)
class Corpus:
    """Articles and their quotes. Build one with :func:`load`."""

    articles: dict[str, Article]
    """Articles by id."""
    quotes: list[Quote]
    """Quotes in document order (article, then first offset)."""

    def article(self, quote: Quote) -> Article:
        """The article a quote is taken from."""
        return self.articles[quote.article_id]

    def split(self, quote: Quote) -> str:
        """The split of a quote: its article's (:func:`quotes.core.splits.article_split`: the
        source's split as the Hub names it, ``dev`` as ``validation``; ``train`` when none)."""
        return article_split(self.article(quote))

    def article_named(self, name: str) -> Article:
        """The article whose id is ``name``, or else whose own file names it (``file`` or
        ``source.file``, as given or its last part, with or without its suffix; or
        ``source.record``): ``--article`` takes either. Raises :class:`UnknownArticle`, naming
        the closest ids, when none does, or the ids, when several do."""
        if name in self.articles:
            return self.articles[name]
        named = [a for a in self.articles.values() if name in _source_names(a)]
        if len(named) == 1:
            return named[0]
        if named:
            raise UnknownArticle(name, [a.id for a in named], several=True)
        ids = list(self.articles)
        begun = sorted(i for i in ids if i.startswith(name))
        close = difflib.get_close_matches(name, ids, n=5, cutoff=0.6)
        raise UnknownArticle(name, list(dict.fromkeys([*begun, *close]))[:5])

    def context(self, quote: Quote, chars: int = 200, *, corrected: bool = True) -> str:
        """The quote marked ``[[...]]`` in up to ``chars`` code points of its article on either
        side, on one line, with stored corrections beside the verbatim text
        (:func:`quotes.core.marking.marked_context`, as ``quotes show`` prints it)."""
        return marked_context(quote, self.article(quote), chars, corrected=corrected)

    def subset(self, split: str | Sequence[str]) -> Corpus:
        """The articles in the split ``split`` (a name or several; ``"dev"`` and
        ``"validation"`` are one split) with their quotes. Raises
        :class:`~quotes.core.splits.UnknownSplit` (a ``ValueError``) for a split no article is
        in."""
        wanted = wanted_splits(split, self.articles.values())
        articles = {k: a for k, a in self.articles.items() if article_split(a) in wanted}
        return Corpus(articles, [q for q in self.quotes if q.article_id in articles])

    def filter(
        self,
        *,
        id: str | None = None,
        article: str | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        kind: Kind | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        split: str | Sequence[str] | None = None,
    ) -> list[Quote]:
        """Quotes matching every criterion given.

        ``id`` is one quote's id; ``speaker`` matches, case-insensitively, a part of the
        canonical name, of the description or of a member's name; ``outlet`` a part of the
        outlet; ``since``/``until`` bound ``date`` (inclusive; a ``datetime.date`` or an ISO
        ``"YYYY-MM-DD"`` string); ``split`` (a name or several) keeps the quotes of articles in
        those splits (:meth:`split`; ``"dev"`` and ``"validation"`` are one split). An unknown
        ``kind`` raises ``ValueError``, a split no article is in
        :class:`~quotes.core.splits.UnknownSplit` (a ``ValueError``).
        """
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, not {kind!r}")
        first = dt.date.fromisoformat(since) if isinstance(since, str) else since
        last = dt.date.fromisoformat(until) if isinstance(until, str) else until
        tests: list[Callable[[Quote], bool]] = []
        if id is not None:
            tests.append(lambda q: q.id == id)
        if article is not None:
            tests.append(lambda q: q.article_id == article)
        if kind is not None:
            tests.append(lambda q: q.kind == kind)
        if outlet is not None:
            tests.append(lambda q: _has(q.outlet, outlet))
        if speaker is not None:
            tests.append(lambda q: _speaks(q.speaker, speaker))
        if first is not None:
            tests.append(lambda q: q.date >= first)
        if last is not None:
            tests.append(lambda q: q.date <= last)
        if split is not None:
            wanted = wanted_splits(split, self.articles.values())
            tests.append(lambda q: self.split(q) in wanted)
        return [q for q in self.quotes if all(test(q) for test in tests)]


def _source_names(article: Article) -> set[str]:
    """The names a source gives an article: its files (as given, their last part, that part
    without its suffix) and its record id."""
    files = [article.file]
    if article.source is not None:
        files.append(article.source.file)
    names = {n for f in files for n in (f, Path(f).name, Path(f).stem)}
    if article.source is not None and article.source.record is not None:
        names.add(article.source.record)
    return names


def _has(haystack: str | None, needle: str) -> bool:
    """Whether ``needle`` is a part of ``haystack``, case-insensitively."""
    return haystack is not None and needle.casefold() in haystack.casefold()


def _speaks(speaker: Speaker, needle: str) -> bool:
    """Whether ``needle`` is a part of the speaker's name, description or a member's name."""
    return (
        _has(speaker.name, needle)
        or _has(speaker.description, needle)
        or any(_has(m, needle) for m in speaker.members)
    )


def load(
    quotes: str | os.PathLike[str] | None = None,
    articles: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = (),
    *,
    check: bool = True,
) -> Corpus:
    """Load the bundled dataset, or your files, as typed records, fully validated.

    With no arguments, the bundled data (each article's sha256 included). Given ``quotes`` (a
    JSONL file) and ``articles`` (one or more article files; left out: the bundled articles), those
    files; ``quotes`` may also be a folder holding ``quotes.jsonl`` and ``articles.jsonl`` (as
    ``quotes import`` writes them). Raises :class:`~quotes.RecordError` naming the file, line and
    field of the first problem: the one :func:`~quotes.validate` lists first (it lists them all;
    both run the checks of :class:`~quotes.engine.check.Checker`), so invalid data is reported,
    never silently used.
    With ``check=False`` quotes need only be valid records whose article is given (for tools that
    show a quote that does not fit its text, such as ``quotes view``). Each file is read once.

    >>> corpus = load()
    >>> corpus.articles["004"].outlet
    'United Press International (UPI)'
    """
    return _load_files(quotes, articles, check=check)


def _load_files(
    quotes: str | os.PathLike[str] | None,
    articles: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    check: bool,
) -> Corpus:
    paths = [articles] if isinstance(articles, str | os.PathLike) else list(articles)
    if quotes is not None and not paths and Path(quotes).is_dir():
        quotes, paths = Path(quotes) / QUOTES.file, [Path(quotes) / ARTICLES.file]
    if [str(p) for p in (quotes, *paths)].count("-") > 1:
        raise ValueError("standard input (-) can be read only once; name it once")
    with contextlib.ExitStack() as stack:
        if not paths:
            paths = [stack.enter_context(data_path(ARTICLES.file))]
        if quotes is None:
            quotes = stack.enter_context(data_path(QUOTES.file))
        checker = Checker(texts=check, strict=True)
        for path in paths:
            checker.read(path, Article)
        records = checker.read(quotes, Quote)
    return Corpus(checker.articles, records)


def read_quotes(
    path: str | os.PathLike[str], articles: dict[str, Article], *, check: bool = True
) -> list[Quote]:
    """The quotes of a file, checked against ``articles`` (by id) as :func:`load` checks them.

    Raises :class:`~quotes.RecordError` at the first problem, naming file, line and field."""
    return Checker(articles=articles, texts=check, strict=True).read(path, Quote)
