"""A corpus as a Hugging Face dataset repository folder, ready to push (``quotes export --format
hub``).

The folder holds, for each config (``quotes``, ``articles``) and split
(:mod:`quotes.core.splits`: the articles' source split, as the Hub names it, ``dev`` as
``validation``; a quote's split is its article's), ``data/CONFIG/SPLIT.parquet`` (row groups
of at most about 100 MB, as the dataset viewer wants) with its JSON Lines twin beside it;
``README.md``, the card (:mod:`quotes.publish.card`); ``croissant.json``
(:mod:`quotes.publish.croissant`); ``CITATION.cff`` (:mod:`quotes.publish.citation`); and
``LICENSE.md``, the rights of the texts (:mod:`quotes.publish.rights`).
``datasets.load_dataset(FOLDER, "quotes")`` gives a ``DatasetDict`` of the splits, with the
declared features.

The bundled dataset's folder is ``hub/`` in the repository, written by ``curation/build.py``
through :func:`write_hub` and checked by it for drift.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quotes.core.bundled import CONFIGS, ConfigName
from quotes.core.models import Article, Quote
from quotes.io.files import staged
from quotes.io.hub import features
from quotes.io.jsonl import dumps
from quotes.publish.card import Sizes, card
from quotes.publish.citation import citation_cff
from quotes.publish.croissant import render as render_croissant
from quotes.publish.facts import Facts, data_file, facts
from quotes.publish.rights import LICENCE_FILE, licence_file

if TYPE_CHECKING:
    from quotes.io.progress import Progress

__all__ = ["BUNDLED_TITLE", "ROW_GROUP_BYTES", "export_hub", "hub_files", "write_hub"]

ROW_GROUP_BYTES = 100 * 1024 * 1024
"""The most a Parquet row group holds (in Arrow memory), as the Hub's dataset viewer wants."""
BUNDLED_TITLE = (
    "nato-russia-quotes: a gold-standard quote-attribution dataset "
    "(NATO-Russia missile defence news, 2001-2011)"
)
"""The bundled dataset's title, as its ``CITATION.cff`` gives it."""
_TEXT_FILES = ("README.md", "croissant.json", "CITATION.cff", LICENCE_FILE)


def hub_files(corpus: Facts) -> list[str]:
    """The paths of the files of the folder holding ``corpus``, relative to it."""
    data = [
        data_file(name, split, suffix)
        for name in CONFIGS
        for split in corpus.splits_of(name)
        for suffix in (".parquet", ".jsonl")
    ]
    return [*_TEXT_FILES, *data]


def _write_parquet(
    config: ConfigName, records: Sequence[Quote] | Sequence[Article], path: Path
) -> int:
    """Write the records as Parquet; return the size of their Arrow table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(
        [r.model_dump() for r in records], schema=features(config).arrow_schema
    )
    per_row = max(1, table.nbytes // max(1, table.num_rows))
    pq.write_table(table, path, row_group_size=max(1, ROW_GROUP_BYTES // per_row))
    return int(table.nbytes)


def write_hub(corpus: Facts, folder: str | os.PathLike[str]) -> None:
    """Write every file of the Hub folder holding ``corpus`` into the existing ``folder``."""
    root = Path(folder)
    sizes: Sizes = {}
    for name in CONFIGS:
        for split in corpus.splits_of(name):
            rows: Sequence[Quote] | Sequence[Article] = getattr(corpus.splits[split], name)
            target = root / data_file(name, split, ".parquet")
            target.parent.mkdir(parents=True, exist_ok=True)
            sizes[name, split] = _write_parquet(name, rows, target)
            jsonl = "".join(dumps(r) for r in rows)
            target.with_suffix(".jsonl").write_bytes(jsonl.encode("utf-8"))
    texts = {
        "README.md": card(corpus, sizes),
        "croissant.json": render_croissant(corpus),
        "CITATION.cff": citation_cff(corpus),
        LICENCE_FILE: licence_file(corpus.articles, corpus.licence),
    }
    for file, text in texts.items():
        (root / file).write_bytes(text.encode("utf-8"))


def export_hub(
    out: str | os.PathLike[str],
    quotes: Sequence[Quote] | None = None,
    articles: Sequence[Article] | None = None,
    *,
    title: str | None = None,
    gated: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``quotes`` and ``articles`` (default: the bundled dataset, with its title) as a Hub
    dataset folder ``out``, all or nothing; return the paths written.

    The records must be validated (:func:`quotes.load` does), every quote's article among
    ``articles``. ``title`` names the dataset on its card (default: one made from the records).
    ``gated`` asks for a folder for a private, gated repository, the only kind that may hold
    texts whose rights forbid redistribution. Raises
    :class:`quotes.publish.rights.RedistributionRefused` (a ``ValueError``) for such texts when
    ``gated`` is false, and :class:`quotes.io.files.OutputExists` (before writing anything) when
    a file of the folder exists and ``force`` is false.
    """
    if quotes is None or articles is None:
        from quotes.engine.corpus import load

        bundled = load()
        quotes = bundled.quotes if quotes is None else quotes
        articles = list(bundled.articles.values()) if articles is None else articles
        title = title or BUNDLED_TITLE
    corpus = facts(quotes, articles, title=title, gated=gated)
    with staged(out, hub_files(corpus), overwrite=force) as stage:
        write_hub(corpus, stage.folder)
    if progress is not None:
        written = sum(p.stat().st_size for p in stage.written)
        progress.update(written, len(corpus.quotes) + len(corpus.articles))
    return stage.written
