"""Export the bundled dataset (or validated files) as JSONL, Parquet, CSV, brat standoff, BIO
tokens or citron JSON; every file is written atomically."""

from __future__ import annotations

import csv
import errno
import importlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .io import atomic_output, write
from .models import Article, Quote

if TYPE_CHECKING:
    from .corpus import Corpus
    from .progress import Progress

__all__ = ["export"]

Format = Literal["jsonl", "parquet", "csv", "brat", "bio", "citron"]
RECORD_FORMATS = {
    "brat": ("*.ann", "metadata.tsv"),
    "bio": ("bio.jsonl",),
    "citron": ("*.json", "metadata.tsv"),
}
"""Formats written by a ``quotes.formats`` module's ``write(articles, quotes, out)``, with the
names (globs) of the files each writes, refused unless ``force``."""


def export(
    fmt: Format,
    out: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    quotes: str | os.PathLike[str] | None = None,
    articles: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write ``quotes.<fmt>`` and ``articles.<fmt>`` into ``out`` and return their paths; for
    ``brat``, a ``.txt`` and ``.ann`` per article with ``metadata.tsv`` and ``annotation.conf``
    (:mod:`quotes.formats.brat`); for ``bio``, ``bio.jsonl`` (:mod:`quotes.formats.bio`); for
    ``citron``, a ``.txt`` and citron ``.json`` per article with ``metadata.tsv``
    (:mod:`quotes.formats.citron`).

    The records are the bundled dataset, or the ``quotes`` file with the ``articles`` file
    (both needed; validated first: a problem raises :class:`~quotes.RecordError`). Raises
    ``FileExistsError`` (before writing anything) when an output exists and ``force`` is
    false. CSV cells of nested fields (``spans``, ``speaker``, ...) hold compact JSON.
    ``progress`` (a :class:`quotes.progress.Progress`) is told of each file's records once written.
    """
    from .corpus import load

    if (quotes is None) != (articles is None):
        raise ValueError("give both the quotes file and the articles file, or neither")
    targets = [out / f"{name}.{fmt}" for name in ("quotes", "articles")]
    if fmt in RECORD_FORMATS:
        existing = [str(p) for pattern in RECORD_FORMATS[fmt] for p in sorted(out.glob(pattern))]
    else:
        existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(errno.EEXIST, "already exists (--force replaces it)", existing[0])
    corpus = load() if quotes is None or articles is None else _load_files(quotes, articles)
    if fmt in RECORD_FORMATS:
        module = importlib.import_module(f"{__package__}.formats.{fmt}")
        written: list[Path] = module.write(corpus.articles.values(), corpus.quotes, out)
        if progress is not None:
            progress.update(sum(p.stat().st_size for p in written), len(corpus.quotes))
        return written
    records: dict[str, list[Quote] | list[Article]] = {
        "quotes": corpus.quotes,
        "articles": list(corpus.articles.values()),
    }
    for target in targets:
        rows = records[target.stem]
        if fmt == "jsonl":
            write(rows, target, overwrite=True)
        elif fmt == "parquet":
            import datasets

            from .hub import to_dataset

            dataset = to_dataset(quotes, articles)[target.stem]
            bars = datasets.is_progress_bar_enabled()
            datasets.disable_progress_bars()  # quotes draws its own bar, on terminals only
            try:
                with atomic_output(target) as tmp:
                    dataset.to_parquet(str(tmp))
            finally:
                if bars:
                    datasets.enable_progress_bars()
        else:
            with (
                atomic_output(target) as tmp,
                tmp.open("w", newline="", encoding="utf-8") as f,
            ):
                dumped = [r.model_dump(mode="json") for r in rows]
                writer = csv.DictWriter(f, fieldnames=list(dumped[0]))
                writer.writeheader()
                for row in dumped:
                    writer.writerow(
                        {
                            k: json.dumps(v, ensure_ascii=False)
                            if isinstance(v, dict | list)
                            else v
                            for k, v in row.items()
                        }
                    )
        if progress is not None:
            progress.update(target.stat().st_size, len(rows))
    return targets


def _load_files(quotes: str | os.PathLike[str], articles: str | os.PathLike[str]) -> Corpus:
    from .corpus import Corpus
    from .io import RecordError, read
    from .validation import validate

    report = validate([quotes], articles=[articles])
    if not report.ok:
        raise RecordError(report.problems[0])
    return Corpus({a.id: a for a in read(articles, Article)}, list(read(quotes, Quote)))
