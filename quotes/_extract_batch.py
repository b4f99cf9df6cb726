"""Stand-in for ``quotes.extract.extract_files`` / ``write_extraction`` (the extract engineer's
batch API, same names and arguments) until that lands; the CLI calls only these two. Delete this
module and import both from :mod:`quotes.extract` when merging."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .extract import ExtractionError, article_from_text, extract_all
from .io import dumps, write
from .models import KINDS, Article, Precision, Quote, article_id_for

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Extraction:
    articles: list[Article]
    built: list[Article]
    quotes: list[Quote]

    def summary(self) -> str:
        kinds = Counter(q.kind for q in self.quotes)
        counts = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
        return f"{len(self.quotes)} quotes ({counts}) from {len(self.articles)} article(s)"


def extract_files(
    files: Sequence[PathLike],
    *,
    articles: Iterable[Article] | None = None,
    date: dt.date | None = None,
    precision: Precision = "day",
) -> Extraction:
    known = {a.id: a for a in articles or ()}
    if not files:
        return Extraction(list(known.values()), [], extract_all(known.values()))
    chosen, built = [], []
    for name in files:
        path = Path(name)
        key = article_id_for(path)
        if key in known:
            if path.read_bytes().decode("utf-8", errors="replace") != known[key].text:
                raise ExtractionError(
                    f"{name}: the text differs from article {key!r} in the given articles; "
                    "give the matching file, or drop --articles and give --date"
                )
            chosen.append(known[key])
            continue
        if date is None:
            raise ExtractionError(
                f"{name}: no article {key!r} in --articles and no --date: a record needs "
                "the publication date; give --date YYYY-MM-DD (or YYYY-MM, YYYY)"
            )
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
    if articles_out is not None and str(articles_out) == "-":
        raise ExtractionError("--articles-out cannot be standard output; give a file name")
    for target in (out, articles_out):
        if target is not None and str(target) != "-" and Path(target).exists() and not overwrite:
            raise FileExistsError(errno.EEXIST, "already exists", str(target))
    if out is None or str(out) == "-":
        stream = stdout or sys.stdout
        for q in result.quotes:
            stream.write(dumps(q))
    else:
        write(result.quotes, out, overwrite=overwrite)
    if articles_out is not None:
        write(result.built, articles_out, overwrite=overwrite)
