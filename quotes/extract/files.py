"""Articles from raw text files, and a batch of files in, records out: the API behind
``quotes extract``."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quotes.core.models import Article, Precision, Quote, article_id_for
from quotes.core.record_rules import KINDS
from quotes.extract.merge import ExtractionError, extract_all
from quotes.io.files import MAX_LINE_BYTES
from quotes.io.jsonl import dumps, write

PathLike = str | os.PathLike[str]


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


def article_from_text(path: PathLike, published: dt.date, precision: Precision = "day") -> Article:
    """A minimal :class:`~quotes.Article` for a raw text file: the text as :func:`read_text` reads
    it, id from :func:`quotes.core.models.article_id_for`, outlet unknown, no regions. ``published``
    is the user's date (``published_confidence = "inferred"``)."""
    p = Path(path)
    try:
        article_id = article_id_for(p)
    except ValueError as e:
        raise ExtractionError(str(e)) from None
    text = read_text(p)
    return Article(
        id=article_id,
        file=p.name,
        title=None,
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
        published_evidence="Given on the command line (quotes extract --date); not checked.",
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
) -> Extraction:
    """Propose records for raw text files, or, with no file, for every one of ``articles``.

    A file is matched by its id (:func:`quotes.core.models.article_id_for`) against ``articles``,
    whose record brings date, outlet and regions; its text (read by :func:`read_text`) must be
    that record's text. A file with no record needs ``date`` (and ``precision``) and gets a
    minimal article (:func:`article_from_text`), returned in ``Extraction.built``.

    Everything is checked before any extraction, and every problem raises
    :class:`ExtractionError` (a ``ValueError``) naming the file: the same file given twice, two
    names giving one id, duplicate ids among ``articles``, a text that differs from its record,
    and files with no record when there is no ``date`` (all of them named in one message). So a
    batch either succeeds whole or fails without a result.
    """
    known: dict[str, Article] = {}
    for article in articles or ():
        if article.id in known:
            raise ExtractionError(
                f"article id {article.id!r} occurs twice in the given articles; keep one"
            )
        known[article.id] = article
    if not files:
        chosen = list(known.values())
        return Extraction(chosen, [], extract_all(chosen))

    ids: dict[str, Path] = {}
    seen: dict[Path, str] = {}
    for name in files:
        path = Path(name)
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
                f"{ids[key]} and {path} both give article id {key!r} (the file name before "
                "'_'); rename one so that every file has its own id"
            )
        ids[key] = path

    missing = [f"{path} (id {key!r})" for key, path in ids.items() if key not in known]
    if missing and date is None:
        raise ExtractionError(
            f"no article record for {', '.join(missing)} and no --date: a record needs the "
            "publication date; give --date YYYY-MM-DD (or YYYY-MM, YYYY), or an articles file "
            "holding these ids"
        )
    chosen, built = [], []
    for key, path in ids.items():
        if key in known:
            if read_text(path) != known[key].text:
                raise ExtractionError(
                    f"{path}: the text differs from article {key!r} in the given articles; "
                    "give the matching file, or drop the articles file and give --date"
                )
            chosen.append(known[key])
        else:
            assert date is not None
            article = article_from_text(path, date, precision)
            built.append(article)
            chosen.append(article)
    return Extraction(chosen, built, extract_all(chosen))


def write_extraction(
    result: Extraction,
    *,
    out: PathLike | None = None,
    articles_out: PathLike | None = None,
    overwrite: bool = False,
    stdout: TextIO | None = None,
) -> None:
    """Write the records to ``out`` (``None`` or ``"-"``: to ``stdout``, default standard output)
    and the built articles to ``articles_out``, each atomically (:func:`quotes.write`).

    Every target is checked before anything is written: ``out`` and ``articles_out`` must differ,
    neither may be a folder, and an existing file is replaced only with ``overwrite=True``
    (``FileExistsError`` otherwise). So a refusal writes nothing.
    """
    quotes_file = None if out is None or str(out) == "-" else Path(out)
    targets = [] if quotes_file is None else [("--out", quotes_file)]
    if articles_out is not None:
        if str(articles_out) == "-":
            raise ExtractionError("--articles-out cannot be standard output; give a file name")
        targets.append(("--articles-out", Path(articles_out)))
    if len(targets) == 2 and targets[0][1].resolve() == targets[1][1].resolve():
        raise ExtractionError(
            f"--out and --articles-out are the same file ({targets[0][1]}); give two names"
        )
    for option, target in targets:
        if target.is_dir():
            raise ExtractionError(f"{option} {target}: is a folder; give a file name")
        if target.exists() and not overwrite:
            raise FileExistsError(errno.EEXIST, "already exists", str(target))
    if quotes_file is None:
        stream = stdout or sys.stdout
        for q in result.quotes:
            stream.write(dumps(q))
    else:
        write(result.quotes, quotes_file, overwrite=overwrite)
    if articles_out is not None:
        write(result.built, articles_out, overwrite=overwrite)
