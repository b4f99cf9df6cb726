"""Export quotes and articles in other formats, through a table of exporters (``EXPORTERS``).

Each exporter writes its files into an empty staging folder (:func:`quotes.io.files.staged`);
:func:`export` moves them into place only when all are written, so a failed export changes
nothing, and it refuses, before writing anything, when one of them exists (unless ``force``).
An exporter that can write the quotes as one text stream also serves ``--out -`` (standard
output).

A corpus with splits (some article's ``source.split``: an imported PolNeAR or German Wikinews
corpus) is written one folder per split, named as the Hub names it (:mod:`quotes.core.splits`:
``train/``, ``validation/`` for ``dev``, ``test/``; an article without a split is in ``train``),
each holding the format's usual files; for the formats ``datasets`` reads (JSONL, Parquet, CSV,
BIO) a ``README.md`` beside them names the configs and splits, so that
``datasets.load_dataset(OUT)`` gives the quotes (BIO: the tagged articles) as a ``DatasetDict``
of the splits and ``datasets.load_dataset(OUT, "articles")`` the articles. A corpus without
splits is written into the folder itself, as before. The one-stream form holds every split.

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
from quotes.core.splits import by_split, has_splits
from quotes.io.files import staged
from quotes.io.jsonl import dumps, write

if TYPE_CHECKING:
    import datasets

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
    tables: Callable[[Records], dict[str, int]] | None = None
    """The files ``datasets.load_dataset`` reads, with the rows each holds, if it reads the
    format: each is a config of the ``README.md`` written beside the splits' folders."""


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
            declared = features(config)  # type: ignore[arg-type]
            if rows:
                dumped = [r.model_dump() for r in rows]
                dataset = datasets.Dataset.from_list(dumped, features=declared)
            else:  # from_list of no rows fails: it sees no columns
                dataset = datasets.Dataset.from_dict({c: [] for c in declared}, features=declared)
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


def _csv_rows(records: Records) -> dict[str, int]:
    return {f"{stem}.csv": len(rows) for stem, (_, rows) in _csv_all(records).items()}


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
        lambda r: {QUOTES.file: len(r.quotes), ARTICLES.file: len(r.articles)},
    ),
    "parquet": Exporter(
        "Parquet with the declared datasets features",
        lambda _: ["quotes.parquet", "articles.parquet"],
        _parquet_write,
        tables=lambda r: {"quotes.parquet": len(r.quotes), "articles.parquet": len(r.articles)},
    ),
    "csv": Exporter(
        "flat CSV tables for spreadsheets and R",
        _csv_files,
        _csv_write,
        _csv_stream,
        _csv_rows,
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
        tables=lambda r: {"bio.jsonl": len(r.articles)},
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
    and return the paths written: one folder per split when the articles have splits (see the
    module docstring).

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
    parts = _parts(records)
    with staged(out, _files(exporter, parts), overwrite=force) as stage:
        for folder, part in parts.items():
            (stage.folder / folder).mkdir(exist_ok=True)
            exporter.write(part, stage.folder / folder)
        if exporter.tables is not None and _extras(exporter, parts):
            text = _card(exporter.tables, parts)
            (stage.folder / SPLITS_FILE).write_text(text, encoding="utf-8")
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


# --- splits ---------------------------------------------------------------------------------

SPLITS_FILE = "README.md"
"""The file that tells ``datasets.load_dataset`` the configs and splits of a split export."""


def _parts(records: Records) -> dict[str, Records]:
    """The records by the folder they go to: the output folder itself (``"."``) for a corpus
    without splits, else one folder per split (:func:`quotes.core.splits.by_split`)."""
    if not has_splits(records.articles):
        return {".": records}
    return {name: Records(s.quotes, s.articles) for name, s in by_split(*records).items()}


def _extras(exporter: Exporter, parts: dict[str, Records]) -> list[str]:
    """The files written beside the splits' folders: the card, for a format datasets reads."""
    return [SPLITS_FILE] if exporter.tables is not None and "." not in parts else []


def _files(exporter: Exporter, parts: dict[str, Records]) -> list[str]:
    """Every file the export writes, relative to the output folder."""
    inner = [f"{folder}/{name}" for folder, part in parts.items() for name in exporter.files(part)]
    return [n.removeprefix("./") for n in inner] + _extras(exporter, parts)


def _card(tables: Callable[[Records], dict[str, int]], parts: dict[str, Records]) -> str:
    """A ``README.md`` whose YAML header makes ``datasets.load_dataset(FOLDER)`` give the first
    table (the quotes) as a ``DatasetDict`` of the splits, and ``load_dataset(FOLDER, NAME)``
    each other table (``articles``, ...), with the declared features where the format has them
    (every CSV column as text). A split where a table holds no row is left out of that table's
    config, and a table empty in every split has none: ``datasets`` cannot load an empty file."""
    from huggingface_hub import DatasetCardData

    files: dict[str, list[dict[str, str]]] = {}
    for split, part in parts.items():
        for name, rows in tables(part).items():
            if rows:
                files.setdefault(name, []).append({"split": split, "path": f"{split}/{name}"})
    configs: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    for name in files:
        config = Path(name).stem
        configs.append({"config_name": config, "data_files": files[name]})
        declared = _declared(name)
        if declared is not None:
            infos.append({"config_name": config, "features": declared._to_yaml_list()})
    configs[0]["default"] = True
    data = DatasetCardData(configs=configs, dataset_info=infos or None)
    names = [Path(name).stem for name in files]
    return (
        f"---\n{data.to_yaml()}\n---\n\n# Records by split\n\n"
        f"One folder per split ({', '.join(parts)}). `datasets.load_dataset(FOLDER)` gives the "
        f"{names[0]} by split; `datasets.load_dataset(FOLDER, NAME)` gives the table NAME "
        f"({', '.join(names)}).\n"
    )


def _declared(file: str) -> datasets.Features | None:
    """The features of a table file of an export, or None to let ``datasets`` infer them."""
    import datasets

    from quotes.io.hub import features

    stem, suffix = file.rsplit(".", 1)
    if stem in ("quotes", "articles") and suffix in ("jsonl", "parquet"):
        return features(stem)  # type: ignore[arg-type]
    if suffix == "csv":
        columns = _csv_all(Records([], []))[stem][0]
        return datasets.Features({c: datasets.Value("string") for c in columns})
    return None


def _exporter(fmt: str) -> Exporter:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt]


def _bundled() -> Records:
    from quotes.engine.corpus import load

    corpus = load()
    return Records(corpus.quotes, list(corpus.articles.values()))
