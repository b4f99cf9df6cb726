"""Articles from raw text files, and a batch of files in, records out: the API behind
``quotes extract``."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quotes.core.ids import article_id_for
from quotes.core.models import Article, Precision, Quote
from quotes.core.record_rules import KINDS
from quotes.engine.mapping import Mapper, PoolMapper, parts
from quotes.extract.merge import ExtractionError, extract_all
from quotes.io.files import MAX_LINE_BYTES, staged
from quotes.io.jsonl import dumps, write
from quotes.io.shards import MANIFEST, ShardedFiles, shard_name

PathLike = str | os.PathLike[str]


class MissingDate(ExtractionError):
    """Raw texts with no article record, and no publication date to build one from.

    ``files`` holds each such file with the article id its name gives."""

    def __init__(self, files: Sequence[tuple[Path, str]]) -> None:
        self.files = list(files)
        named = ", ".join(f"{path} (id {key!r})" for path, key in self.files)
        super().__init__(
            f"no article record for {named} and no publication date: a record needs one; give "
            "the date (YYYY-MM-DD, YYYY-MM or YYYY), or articles holding these ids"
        )


class TextDiffers(ExtractionError):
    """A raw text whose article id is among the given articles, with another text."""

    def __init__(self, path: Path, article_id: str) -> None:
        self.path, self.article_id = path, article_id
        super().__init__(
            f"{path}: the text differs from article {article_id!r} in the given articles; give "
            "the matching file, or leave that article out and give the publication date"
        )


def read_text(path: PathLike) -> str:
    """The text of a raw article file: UTF-8, a leading byte-order mark dropped, line ends and
    everything else untouched. The one reading used both to build an article and to match a file
    against a given article. Raises :class:`ExtractionError` for bytes that are not UTF-8, an
    empty file, one that cannot be read, or one over :data:`quotes.io.files.MAX_LINE_BYTES` (read
    no further than that, so memory stays bounded)."""
    p = Path(path)
    try:
        with p.open("rb") as f:  # never more than a record can hold, whatever the file's size
            raw = f.read(MAX_LINE_BYTES + 1)
    except OSError as e:
        raise ExtractionError(f"{p}: cannot read it ({e.strerror or e})") from None
    if len(raw) > MAX_LINE_BYTES:
        raise ExtractionError(
            f"{p}: longer than {MAX_LINE_BYTES // 2**20} MiB, more than an article record (one "
            "JSON line) can hold; split it into articles"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ExtractionError(f"{p}: not valid UTF-8 at byte {e.start}; re-encode it") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ExtractionError(f"{p}: the file is empty")
    return text


HEADLINE_WORDS = 20
"""The most words a first line may have to be read as a headline (:func:`headline`)."""


_NOT_HEADLINE_END = (".", ",", ";", ":", "-", "\u2013", "\u2014")


def headline(text: str) -> str | None:
    """The text's first non-blank line when it reads as a headline, else None: more text follows
    it, it has at most :data:`HEADLINE_WORDS` words, and it does not end as a sentence, a clause
    or a dateline does (``.``, ``,``, ``;``, ``:``, a dash); ``?`` and ``!`` may end a
    headline. The extractor reads the same line as the title (``docs/extractor.md``,
    *Titles*)."""
    first, _, rest = text.lstrip().partition("\n")
    line = first.strip()
    if not rest.strip() or len(line.split()) > HEADLINE_WORDS or line.endswith(_NOT_HEADLINE_END):
        return None
    return line


def article_from_text(path: PathLike, published: dt.date, precision: Precision = "day") -> Article:
    """A minimal :class:`~quotes.Article` for a raw text file: the text as :func:`read_text` reads
    it, id from :func:`quotes.core.ids.article_id_for`, title its first line when that reads as a
    headline (:func:`headline`), outlet unknown, no regions. ``published`` is the user's date
    (``published_confidence = "inferred"``)."""
    p = Path(path)
    try:
        article_id = article_id_for(p)
    except ValueError as e:
        raise ExtractionError(str(e)) from None
    text = read_text(p)
    return Article(
        id=article_id,
        file=p.name,
        title=headline(text),
        outlet=None,
        outlet_confidence=None,
        outlet_evidence=None,
        url=None,
        wire=None,
        wire_confidence=None,
        wire_evidence=None,
        byline=None,
        published=published,
        published_precision=precision,
        published_confidence="inferred",
        published_evidence="Given by the user when extracting; not checked.",
        language="en",
        rights="Unknown: a raw text given to quotes extract.",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        regions=[],
        corrections=[],
    )


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract_files` found."""

    articles: list[Article]
    """Every article the records were extracted from, in the order given."""
    built: list[Article]
    """The articles built from raw texts (not found among the given articles)."""
    quotes: list[Quote]
    """The proposed records, article by article, in document order."""

    def summary(self) -> str:
        """``"44 quotes (15 direct, 6 mixed, 23 indirect) from 5 article(s)"``."""
        counts = ", ".join(f"{sum(q.kind == k for q in self.quotes)} {k}" for k in KINDS)
        return f"{len(self.quotes)} quotes ({counts}) from {len(self.articles)} article(s)"


def extract_files(
    files: Sequence[PathLike],
    *,
    articles: Iterable[Article] | None = None,
    date: dt.date | None = None,
    precision: Precision = "day",
    jobs: int = 1,
    engine: Mapper | None = None,
    extractor: Callable[[Sequence[Article]], list[Quote]] = extract_all,
) -> Extraction:
    """Propose records for raw text files (a folder: its ``.txt`` files, :func:`text_files`),
    or, with no file, for every one of ``articles``.

    A file is matched by its id (:func:`quotes.core.ids.article_id_for`) against ``articles``,
    whose record brings date, outlet and regions; its text (read by :func:`read_text`) must be
    that record's text. A file with no record needs ``date`` (and ``precision``) and gets a
    minimal article (:func:`article_from_text`), returned in ``Extraction.built``. The records
    come from ``extractor`` (the rules by default; a trained model's
    :meth:`~quotes.extract.learned.Model.extract_all`).

    Everything is checked before any extraction, and every problem raises
    :class:`ExtractionError` (a ``ValueError``) naming the file: the same file given twice, two
    names giving one id, duplicate ids among ``articles``, a text that differs from its record
    (:class:`TextDiffers`), and files with no record when there is no ``date``
    (:class:`MissingDate`, naming all of them). So a batch either succeeds whole or fails
    without a result.

    The articles are extracted on ``jobs`` processes of this machine, or by ``engine`` (a
    :class:`quotes.engine.mapping.Mapper`, e.g. :class:`quotes.engine.spark.SparkMapper` for a
    Spark cluster), a run of articles at a time; the records are the same, in the same order,
    whichever runs them.
    """
    runner = engine if engine is not None else PoolMapper(jobs)  # refuses jobs below 1
    known: dict[str, Article] = {}
    for article in articles or ():
        if article.id in known:
            raise ExtractionError(
                f"article id {article.id!r} occurs twice in the given articles; keep one"
            )
        known[article.id] = article
    if not files:
        chosen = list(known.values())
        return Extraction(chosen, [], _extract(chosen, runner, extractor))

    ids = _ids(text_files(files))
    missing = [(path, key) for key, path in ids.items() if key not in known]
    if missing and date is None:
        raise MissingDate(missing)
    chosen, built = [], []
    for key, path in ids.items():
        if key in known:
            if read_text(path) != known[key].text:
                raise TextDiffers(path, key)
            chosen.append(known[key])
        else:
            assert date is not None
            article = article_from_text(path, date, precision)
            built.append(article)
            chosen.append(article)
    return Extraction(chosen, built, _extract(chosen, runner, extractor))


PARTS_PER_SLOT = 4
"""Runs of articles per process (or Spark task slot): enough to even out long articles."""


def _extract(
    articles: list[Article],
    runner: Mapper,
    extractor: Callable[[Sequence[Article]], list[Quote]] = extract_all,
) -> list[Quote]:
    """The records of ``articles`` in order, extracted by ``extractor`` (the rules, or a trained
    model's) on ``runner``, a run of articles at a time."""
    cut = parts(articles, runner.slots * PARTS_PER_SLOT)
    return [quote for found in runner.map(extractor, cut) for quote in found]


def text_files(files: Iterable[PathLike]) -> list[Path]:
    """The files to extract from: each file as given, and for a folder the ``.txt`` files in it
    (not in its subfolders), by name. Raises :class:`ExtractionError` for a folder with no
    ``.txt`` file."""
    paths: list[Path] = []
    for name in files:
        path = Path(name)
        if not path.is_dir():
            paths.append(path)
            continue
        found = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not found:
            raise ExtractionError(f"{path}: a folder with no .txt file in it")
        paths.extend(found)
    return paths


def _ids(paths: Iterable[Path]) -> dict[str, Path]:
    """Each file by the article id its name gives; raises :class:`ExtractionError` for a file
    given twice, a name that gives no id, and two names that give one id (naming both)."""
    ids: dict[str, Path] = {}
    seen: dict[Path, str] = {}
    for path in paths:
        same = seen.get(path.resolve())
        if same is not None:
            raise ExtractionError(f"{path}: given twice (also as {same}); give each file once")
        seen[path.resolve()] = str(path)
        try:
            key = article_id_for(path)
        except ValueError as e:
            raise ExtractionError(str(e)) from None
        if key in ids:
            raise ExtractionError(
                f"{ids[key]} and {path} both give article id {key!r} (the name less its suffix, "
                "each character an id cannot hold made '.'); rename one so that every file has "
                "its own id"
            )
        ids[key] = path
    return ids


def articles_beside(out: PathLike) -> Path:
    """Where the articles built from raw texts are written by default: beside ``out``, named
    after it (``proposed.jsonl`` gives ``proposed.articles.jsonl``), except that the articles
    beside a ``quotes.jsonl`` are ``articles.jsonl``, so that the folder loads as a corpus."""
    path = Path(out)
    if path.name == "quotes.jsonl":
        return path.with_name("articles.jsonl")
    return path.with_name(path.name.removesuffix(".jsonl") + ".articles.jsonl")


@dataclass(frozen=True)
class Written:
    """Where :func:`write_extraction` wrote."""

    quotes: Path | None
    """The quotes file, or None for standard output."""
    articles: Path | None
    """The file of the articles built from raw texts, or None when none was written."""
    unwritten: int
    """Articles built from raw texts that were not written (the quotes went to standard output
    and no ``articles_out`` was given): the quotes need them to be read back."""


def write_extraction(
    result: Extraction,
    *,
    out: PathLike | None = None,
    articles_out: PathLike | None = None,
    overwrite: bool = False,
    stdout: TextIO | None = None,
) -> Written:
    """Write the records to ``out`` (``None`` or ``"-"``: to ``stdout``, default standard output)
    and the articles built from raw texts to ``articles_out``, each staged
    (:func:`quotes.io.files.staged`) and moved into place only when both are written.

    Without ``articles_out``, built articles go beside ``out`` (:func:`articles_beside`); when
    ``out`` is standard output they are not written, and :attr:`Written.unwritten` counts them.
    With no built article, only an explicit ``articles_out`` is written (empty).

    Every target is checked before anything is written: ``out`` and ``articles_out`` must differ,
    neither may be a folder, and an existing file is replaced only with ``overwrite=True``
    (:class:`quotes.io.files.OutputExists` otherwise). So a refusal writes nothing.
    """
    quotes_file = None if out is None or str(out) == "-" else Path(out)
    if articles_out is not None and str(articles_out) == "-":
        raise ExtractionError("the articles cannot be written to standard output; give a file")
    articles_file = Path(articles_out) if articles_out is not None else None
    if articles_file is None and quotes_file is not None and result.built:
        articles_file = articles_beside(quotes_file)
    targets = [t for t in (quotes_file, articles_file) if t is not None]
    if len(targets) == 2 and targets[0].resolve() == targets[1].resolve():
        raise ExtractionError(
            f"the quotes and the articles would be written to the same file ({targets[0]}); "
            "give two names"
        )
    for target in targets:
        if target.is_dir():
            raise ExtractionError(f"{target}: is a folder; give a file name")
    with contextlib.ExitStack() as stack:
        staging = [_staged_file(stack, target, overwrite) for target in targets]
        if quotes_file is None:
            stream = stdout or sys.stdout
            for q in result.quotes:
                stream.write(dumps(q))
        else:
            write(result.quotes, staging[0], overwrite=True)
        if articles_file is not None:
            write(result.built, staging[-1], overwrite=True)
    unwritten = 0 if articles_file is not None else len(result.built)
    return Written(quotes_file, articles_file, unwritten)


SHARDED_QUOTES = "quotes.jsonl"
"""The file a sharded extraction's quotes join to (:func:`write_sharded`)."""
SHARDED_ARTICLES = "articles.jsonl"
"""The file a sharded extraction's built articles join to."""


def write_sharded(
    result: Extraction, folder: PathLike, *, shards: int, overwrite: bool = False
) -> list[Path]:
    """Write the records into ``folder`` as sharded output (:mod:`quotes.io.shards`): at most
    ``shards`` shards of ``quotes.jsonl`` (and, when articles were built from raw texts, as many
    of ``articles.jsonl``) and ``manifest.json``, all or nothing; return the files written.
    :func:`quotes.io.shards.concat` joins them into the bytes :func:`write_extraction` writes.
    """
    records: dict[str, Sequence[Article | Quote]] = {SHARDED_QUOTES: result.quotes}
    if result.built:
        records[SHARDED_ARTICLES] = result.built
    cut = {name: parts(items, shards) for name, items in records.items()}
    count = max(1, *(len(c) for c in cut.values()))
    names = [MANIFEST] + [shard_name(name, i) for i in range(count) for name in records]
    with staged(folder, names, overwrite=overwrite) as stage:
        sharded = ShardedFiles(stage, list(records))
        for index in range(count):
            for name, pieces in cut.items():
                piece = pieces[index] if index < len(pieces) else []
                lines = "".join(dumps(record) for record in piece)
                sharded.path(name, index).write_bytes(lines.encode("utf-8"))
            sharded.done(index)
        sharded.write_manifest()
    return stage.written


def _staged_file(stack: contextlib.ExitStack[bool | None], target: Path, overwrite: bool) -> Path:
    """Where to write ``target`` in a staging folder beside it, moved into place when ``stack``
    closes without an error."""
    stage = stack.enter_context(staged(target.parent, [target.name], overwrite=overwrite))
    return stage.path(target.name)
