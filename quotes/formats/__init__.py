"""Import the field's corpora: one module per format, all built on :mod:`quotes.formats.build`.

:data:`FORMATS` maps each ``quotes import`` format name to its module. A reader module
provides:

* ``iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]``: the records, one batch
  per article (so an import runs in flat memory), each with what could not be mapped;
* ``read(*sources) -> ImportResult``: all of them at once (``collect(iter_batches(...))``);
* ``total_bytes(sources) -> int | None``: how much ``iter_batches`` will read, for progress.

:func:`import_corpus` writes a reader's output as ``articles.jsonl`` and ``quotes.jsonl``,
all or nothing.
"""

from __future__ import annotations

import importlib
import inspect
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TextIO, cast

from quotes.core.bundled import ARTICLES, QUOTES
from quotes.core.corpus_rules import check_quote
from quotes.core.models import Article
from quotes.core.problems import problem
from quotes.core.report import Report
from quotes.formats.build import ImportResult, SourceError, Unmappable, collect
from quotes.io.jsonl import dumps

if TYPE_CHECKING:
    from quotes.io.progress import Progress

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "ImportSummary",
    "Reader",
    "SourceError",
    "SplitNotFound",
    "Unmappable",
    "collect",
    "import_corpus",
    "reader",
]

FORMATS: dict[str, str] = {
    "polnear": "polnear",
    "brat": "brat",
    "wikinews-de": "wikinews_de",
    "quotebank": "quotebank",
    "citron": "citron",
}
"""``quotes import`` format name -> module of this package that reads it."""

OUTPUTS = (ARTICLES.file, QUOTES.file)


class Reader(Protocol):
    """What a format module provides (see the module docstring)."""

    def iter_batches(self, sources: Sequence[Path]) -> Iterator[ImportResult]: ...
    def read(self, *sources: str | os.PathLike[str]) -> ImportResult: ...
    def total_bytes(self, sources: Sequence[Path]) -> int | None: ...


def reader(name: str) -> Reader:
    """The reader module of format ``name``; ``ValueError`` naming the formats when unknown."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    try:
        module: ModuleType = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{FORMATS[name]}":
            raise
        raise ValueError(f"format {name!r} is not available in this version") from e
    return cast(Reader, module)


class ImportFailed(Exception):
    """The imported records did not pass ``quotes validate``; nothing was written.

    ``report`` holds the problems (their paths name the temporary files, which are gone)."""

    def __init__(self, report: Report) -> None:
        first = report.problems[0]
        super().__init__(
            f"the imported records do not validate ({len(report.problems)} problem(s); first: "
            f"line {first.line}, {first.field}: {first.message}); nothing was written"
        )
        self.report = report


class SplitNotFound(SourceError):
    """No article of the sources is in the splits asked for (``split=``); nothing was written.

    ``found`` counts the articles read by split (``"none"`` for those without one)."""

    def __init__(self, wanted: Sequence[str], found: Counter[str]) -> None:
        seen = ", ".join(f"{k} ({n} articles)" for k, n in sorted(found.items())) or "no articles"
        super().__init__(
            f"no article is in split {' or '.join(repr(w) for w in wanted)}; the sources have: "
            f"{seen}; give one of those with --split"
        )
        self.found = found


@dataclass
class ImportSummary:
    """What :func:`import_corpus` wrote, and what it could not map."""

    format: str
    files: list[Path]
    """The files written: ``DIR/articles.jsonl`` and ``DIR/quotes.jsonl``."""
    articles: int = 0
    quotes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    """Quotes written, by kind."""
    splits: Counter[str] = field(default_factory=Counter)
    """Articles written, by the source's split (those with one)."""
    left_out: Counter[str] = field(default_factory=Counter)
    """Articles read but not written because their split was not asked for (``split=``), by
    split (``"none"`` for articles without one); their quotes are left out with them, and
    neither counts as lost."""
    lost: Counter[str] = field(default_factory=Counter)
    """Source records left out, by reason."""
    adjusted: Counter[str] = field(default_factory=Counter)
    """Records written with a loss, by reason."""
    examples: dict[str, str] = field(default_factory=dict)
    """The first place each reason was seen."""


def _sources(sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[Path]:
    items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    if not items:
        raise ValueError("give at least one source")
    paths = [Path(s) for s in items]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(2, "no such file or folder", str(p))
    return paths


def import_corpus(
    format: str,
    sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    progress: Progress | None = None,
    jobs: int = 1,
    split: Sequence[str] | str | None = None,
) -> ImportSummary:
    """Read ``sources`` as ``format`` and write ``out/articles.jsonl`` and ``out/quotes.jsonl``.

    All or nothing: the records are written to a temporary folder beside ``out``, each checked as
    it is written (the readers build them through the models, so they are valid records; each
    quote is then checked against its article's text, as ``quotes validate`` does, and for a
    repeated id); only when every record passed are the two files renamed into ``out`` (created
    if needed). Memory stays flat: one batch (one article) at a time, plus the set of article ids
    written (to refuse a repeated one), about 100 bytes an article.

    Raises, before anything is written: ``ValueError`` for an unknown format,
    ``FileNotFoundError`` for a missing source, ``FileExistsError`` when an output file exists
    and ``force`` is false; :class:`ImportFailed` when the records do not validate. Two articles
    with one id: the second is counted as lost. ``progress`` is told of the bytes read and
    records written (size its bar with ``reader(format).total_bytes``). ``jobs`` above 1 parses
    on that many processes, for readers whose ``iter_batches`` takes ``jobs`` (Quotebank); other
    formats read on one.

    ``split`` (a name or several) keeps only the articles whose ``source.split`` is one of them,
    and their quotes; the others are counted in ``left_out`` by split, not as lost. When no
    article matches, :class:`SplitNotFound` (a :class:`SourceError`) names the splits found, and
    nothing is written.
    """
    wanted = None if split is None else frozenset([split] if isinstance(split, str) else split)
    if wanted is not None and not wanted:
        raise ValueError("split: give at least one split name")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    module = reader(format)
    parallel = jobs > 1 and "jobs" in inspect.signature(module.iter_batches).parameters
    paths = _sources(sources)
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(20, "not a folder", str(target))
    existing = [str(target / name) for name in OUTPUTS if (target / name).exists()]
    if existing and not force:
        raise FileExistsError(17, "already exists (--force replaces it)", existing[0])
    summary = ImportSummary(format, [target / name for name in OUTPUTS])
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.import.", dir=parent))
    try:
        ids: set[str] = set()
        report = Report(files=[str(tmp / name) for name in OUTPUTS], corpus_level=True)
        with (
            open(tmp / ARTICLES.file, "w", encoding="utf-8") as articles,
            open(tmp / QUOTES.file, "w", encoding="utf-8") as quotes,
        ):
            batches: Iterator[ImportResult] = (
                cast(Any, module).iter_batches(paths, jobs=jobs)
                if parallel
                else module.iter_batches(paths)
            )
            for batch in batches:
                _write_batch(batch, ids, articles, quotes, summary, report, wanted)
                if progress is not None:
                    progress.update(batch.nbytes, len(batch.articles) + len(batch.quotes))
        if wanted is not None and summary.articles == 0:
            raise SplitNotFound(sorted(wanted), summary.left_out)
        if not report.ok:
            raise ImportFailed(report)
        target.mkdir(parents=True, exist_ok=True)
        for name in OUTPUTS:
            os.chmod(tmp / name, 0o644)
            os.replace(tmp / name, target / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summary


def _split(article: Article) -> str:
    return article.source.split if article.source and article.source.split else "none"


_MAX_PROBLEMS = 100
"""Problems an import keeps for its report before it only counts records (it fails anyway)."""


def _write_batch(
    batch: ImportResult,
    ids: set[str],
    a_out: TextIO,
    q_out: TextIO,
    summary: ImportSummary,
    report: Report,
    wanted: frozenset[str] | None = None,
) -> None:
    kept: dict[str, Article] = {}
    if wanted is not None:
        chosen = [a for a in batch.articles if _split(a) in wanted]
        for article in batch.articles:
            if _split(article) not in wanted:
                summary.left_out[_split(article)] += 1
        if batch.articles and not chosen:
            return  # a batch of other splits: its quotes and losses are not this import's
        batch.articles = chosen
        left = {a.id for a in batch.articles}
        batch.quotes = [q for q in batch.quotes if q.article_id in left]
    quote_ids: set[str] = set()  # a quote id starts with its article's, so one batch suffices
    for article in batch.articles:
        if article.id in ids:
            where = article.source.file if article.source else article.file
            batch.lose("article id already used", where)
            continue
        ids.add(article.id)
        kept[article.id] = article
        a_out.write(dumps(article))
        summary.articles += 1
        report.articles += 1
        if article.source is not None and article.source.split is not None:
            summary.splits[article.source.split] += 1
    for quote in batch.quotes:
        if quote.article_id not in kept:
            where = quote.source.file if quote.source else quote.id
            batch.lose("its article was left out", where)
            continue
        q_out.write(dumps(quote))
        summary.quotes += 1
        summary.kinds[quote.kind] += 1
        path, line = report.files[1], summary.quotes
        found = check_quote(quote, kept[quote.article_id], path=path, line=line)
        if quote.id in quote_ids:
            found.append(problem("duplicate-id", path, line, "id", record="quote", id=quote.id))
        quote_ids.add(quote.id)
        if found:
            report.problems += found[: max(0, _MAX_PROBLEMS - len(report.problems))]
            report.truncated |= len(report.problems) >= _MAX_PROBLEMS
        else:
            report.quotes += 1
            report.kinds[quote.kind] += 1
    summary.lost.update(batch.lost)
    summary.adjusted.update(batch.adjusted)
    for reason, where in batch.examples.items():
        summary.examples.setdefault(reason, where)
