"""Export quotes and articles in other formats, through a table of exporters (``EXPORTERS``).

Each exporter writes its files into an empty staging folder (:func:`quotes.io.files.staged`);
:func:`export` moves them into place only when all are written, so a failed export changes
nothing, and it refuses, before writing anything, when one of them exists (unless ``force``).
An exporter that can write the quotes as one text stream also serves ``--out -`` (standard
output).

CSV is flat, for spreadsheets and R: nested objects become columns named by their path
(``speaker_name``, ``speaker_mention_start``, ``cue_text``, ``annotation_method``); a null object
leaves its columns empty; ``spans`` is written as ``start-end`` segments joined by ``;``
(``120-180;190-230``) and other lists of values (``speaker_members``) are joined by ``; ``.
Lists of objects go to their own table with the record's id first: ``articles_regions.csv``
(``article_id,start,end,kind``) and ``articles_corrections.csv``.

A spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so every string cell that begins with one of them is written with a leading
``'`` (the usual rule against CSV injection): ``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``.
Only strings are touched: numbers (an offset, a count) are written as they are, and a string cell
is prefixed whatever follows, so a quote reading ``-5 degrees`` is written ``'-5 degrees``.

To add a format, add an :class:`Exporter` to ``EXPORTERS`` (a :mod:`quotes.formats` module's
``write(articles, quotes, folder)`` serves as its ``write`` through :func:`from_formats`);
``quotes export --format NAME`` offers it.
"""

from __future__ import annotations

import csv
import importlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from pydantic import BaseModel

from quotes.core.bundled import ARTICLES, QUOTES
from quotes.core.fields import fields
from quotes.core.models import Article, Quote
from quotes.io.files import staged
from quotes.io.jsonl import dumps, write

if TYPE_CHECKING:
    from quotes.io.progress import Progress

__all__ = [
    "EXPORTERS",
    "Exporter",
    "NoStreamForm",
    "Records",
    "export",
    "export_stream",
    "from_formats",
]


class Records(NamedTuple):
    """What an exporter writes: quotes and the articles they are taken from."""

    quotes: Sequence[Quote]
    articles: Sequence[Article]


class NoStreamForm(ValueError):
    """The format has no one-stream form (Parquet): it can only be written to a folder."""

    def __init__(self, fmt: str) -> None:
        super().__init__(f"{fmt} cannot be written to one stream; write it to a folder")
        self.format = fmt


@dataclass(frozen=True)
class Exporter:
    """One output format."""

    description: str
    """A few words for ``--help``."""
    files: Callable[[Records], list[str]]
    """The names of the files it writes, relative to the output folder (checked before writing,
    so an existing one is refused early; what ``write`` made is checked again before moving)."""
    write: Callable[[Records, Path], None]
    """Write the files into the (empty, temporary) folder given."""
    stream: Callable[[Records, TextIO], None] | None = None
    """Write the quotes to a text stream (``--out -``), if the format has a one-stream form."""


# --- JSON Lines -----------------------------------------------------------------------------


def _jsonl_write(records: Records, folder: Path) -> None:
    write(records.quotes, folder / QUOTES.file, overwrite=True)
    write(records.articles, folder / ARTICLES.file, overwrite=True)


def _jsonl_stream(records: Records, out: TextIO) -> None:
    for quote in records.quotes:
        out.write(dumps(quote))


# --- Parquet --------------------------------------------------------------------------------


def _parquet_write(records: Records, folder: Path) -> None:
    import datasets

    from quotes.io.hub import features

    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # quotes draws its own bar, on terminals only
    try:
        for config, rows in (("quotes", records.quotes), ("articles", records.articles)):
            dataset = datasets.Dataset.from_list(
                [r.model_dump() for r in rows],
                features=features(config),  # type: ignore[arg-type]
            )
            dataset.to_parquet(str(folder / f"{config}.parquet"))
    finally:
        if bars:
            datasets.enable_progress_bars()


# --- CSV ------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return json.dumps(value, ensure_ascii=False)  # objects nested deeper (source.candidates)
    if isinstance(value, list):
        if all(isinstance(v, list | tuple) for v in value):  # spans: [[start, end], ...]
            return ";".join("-".join(str(x) for x in v) for v in value)
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def _columns(
    model: type[BaseModel], prefix: str = ""
) -> tuple[list[str], list[tuple[str, type[BaseModel]]]]:
    """Flat column paths of ``model`` and its list-of-object fields (name, item model)."""
    columns: list[str] = []
    tables: list[tuple[str, type[BaseModel]]] = []
    for field in fields(model):
        if field.model is None:
            columns.append(prefix + field.name)
        elif field.many:
            tables.append((field.name, field.model))
        else:
            inner, lists = _columns(field.model, f"{prefix}{field.name}_")
            columns += inner + [f"{prefix}{field.name}_{name}" for name, _ in lists]  # JSON cells
    return columns, tables


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}_"))
        else:
            out[prefix + key] = _cell(value)
    return out


Table = tuple[list[str], list[dict[str, Any]]]
"""A CSV table: its columns and its rows."""


def _tables(config: str, rows: Sequence[Quote] | Sequence[Article]) -> dict[str, Table]:
    """CSV tables (file stem -> columns, rows) for one config."""
    model: type[BaseModel] = Quote if config == "quotes" else Article
    columns, nested = _columns(model)
    key = f"{config.removesuffix('s')}_id"
    tables: dict[str, Table] = {config: (columns, [])}
    for field, item_model in nested:
        tables[f"{config}_{field}"] = ([key, *_columns(item_model)[0]], [])
    for record in rows:
        dumped = record.model_dump(mode="json")
        for field, _ in nested:
            for item in dumped.pop(field):
                tables[f"{config}_{field}"][1].append({key: record.id, **_flat(item)})
        # a null object (``source``, ``cue``) comes out as one empty cell: its columns stay empty
        flat = {k: v for k, v in _flat(dumped).items() if k in columns or v != ""}
        tables[config][1].append({c: "" for c in columns} | flat)
    return tables


def _csv_all(records: Records) -> dict[str, Table]:
    return {**_tables("quotes", records.quotes), **_tables("articles", records.articles)}


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


def _inert(value: Any) -> Any:
    """``value`` as a spreadsheet shows it without evaluating it: a string that begins with one
    of ``_FORMULA_STARTS`` gets a leading ``'``; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(out: TextIO, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)


def _csv_write(records: Records, folder: Path) -> None:
    for stem, (columns, rows) in _csv_all(records).items():
        with (folder / f"{stem}.csv").open("w", newline="", encoding="utf-8") as f:
            _write_csv(f, columns, rows)


def _csv_stream(records: Records, out: TextIO) -> None:
    columns, rows = _tables("quotes", records.quotes)["quotes"]
    _write_csv(out, columns, rows)


def _csv_files(records: Records) -> list[str]:
    stems = [*_tables("quotes", []), *_tables("articles", [])]
    return [f"{stem}.csv" for stem in stems]


def from_formats(module: str) -> Callable[[Records, Path], None]:
    """An exporter's ``write`` from a :mod:`quotes.formats` module's
    ``write(articles, quotes, folder)``, imported when used (for ``brat``, ``bio``, ``citron``)."""

    def write_records(records: Records, folder: Path) -> None:
        formats = importlib.import_module(f"{__package__}.formats.{module}")
        formats.write(records.articles, records.quotes, folder)

    return write_records


EXPORTERS: dict[str, Exporter] = {
    "jsonl": Exporter(
        "canonical JSON Lines, as quotes.write writes them",
        lambda _: [QUOTES.file, ARTICLES.file],
        _jsonl_write,
        _jsonl_stream,
    ),
    "parquet": Exporter(
        "Parquet with the declared datasets features",
        lambda _: ["quotes.parquet", "articles.parquet"],
        _parquet_write,
    ),
    "csv": Exporter(
        "flat CSV tables for spreadsheets and R",
        _csv_files,
        _csv_write,
        _csv_stream,
    ),
    "brat": Exporter(
        "brat standoff, a .txt and .ann per article with metadata.tsv and annotation.conf "
        "(PolNeAR's labels; for brat or INCEpTION, and back with quotes import brat)",
        lambda records: [
            *(f"{a.id}{suffix}" for a in records.articles for suffix in (".txt", ".ann")),
            "metadata.tsv",
            "annotation.conf",
        ],
        from_formats("brat"),
    ),
    "bio": Exporter(
        "bio.jsonl: every article as tokens with BIO tags for quote, speaker mention and cue",
        lambda _: ["bio.jsonl"],
        from_formats("bio"),
    ),
    "citron": Exporter(
        "citron's JSON, a .txt and .json per article with metadata.tsv (for citron's scorer "
        "and trainer, and back with quotes import citron)",
        lambda records: [
            *(f"{a.id}{suffix}" for a in records.articles for suffix in (".txt", ".json")),
            "metadata.tsv",
        ],
        from_formats("citron"),
    ),
}
"""Format name -> exporter; ``quotes export --format`` offers these names."""


def export(
    fmt: str,
    out: str | Path,
    records: Records | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``records`` (default: the bundled dataset) in format ``fmt`` into the folder ``out``
    and return the paths written.

    Raises ``ValueError`` for an unknown format, ``NotADirectoryError`` for an ``out`` that is
    not a folder, and :class:`quotes.io.files.OutputExists` (before writing anything) when an
    output exists and ``force`` is false (a file the exporter made but did not declare: before
    moving any).
    Validate records read from files first (:func:`quotes.load` with paths does). ``progress``
    (a :class:`quotes.io.progress.Progress`) is told of the bytes and records written.
    """
    exporter = _exporter(fmt)
    if records is None:
        records = _bundled()
    with staged(out, exporter.files(records), overwrite=force) as stage:
        exporter.write(records, stage.folder)
    targets = stage.written
    if progress is not None:
        progress.update(
            sum(t.stat().st_size for t in targets), len(records.quotes) + len(records.articles)
        )
    return targets


def export_stream(fmt: str, out: TextIO, records: Records | None = None) -> None:
    """Write the quotes of ``records`` (default: the bundled ones) in format ``fmt`` to ``out``.

    Raises :class:`NoStreamForm` (a ``ValueError``) when the format has none (Parquet)."""
    exporter = _exporter(fmt)
    if exporter.stream is None:
        raise NoStreamForm(fmt)
    exporter.stream(records or _bundled(), out)


def _exporter(fmt: str) -> Exporter:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt]


def _bundled() -> Records:
    from quotes.engine.corpus import load

    corpus = load()
    return Records(corpus.quotes, list(corpus.articles.values()))
