"""Hugging Face ``datasets`` glue: features derived from the models, and conversions both ways.

``datasets`` and pyarrow are imported inside the functions, so ``import quotes`` stays fast.
Column names equal the JSONL keys and the model fields; dates are ``date32``; a span is a list
of two ``int32`` offsets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from quotes.core.bundled import CONFIGS, ConfigName, data_path
from quotes.core.fields import fields, unwrap
from quotes.core.models import Article, Quote
from quotes.core.splits import DEFAULT_SPLIT, hub_name, ordered

if TYPE_CHECKING:
    import datasets

__all__ = ["features", "from_dataset", "to_dataset"]


def _value(annotation: Any, *, for_reading: bool) -> Any:
    """The ``datasets`` feature of one plain value (``for_reading``: as JSON holds it)."""
    import datasets

    annotation, _ = unwrap(annotation)
    if typing.get_origin(annotation) is Literal or annotation is str:
        return datasets.Value("string")
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        item = _value(args[0], for_reading=for_reading)
        return datasets.List(item) if for_reading else datasets.List(item, length=len(args))
    if annotation is dt.date:
        return datasets.Value("string" if for_reading else "date32")
    if annotation is int:
        return datasets.Value("int32")
    if annotation is float:
        return datasets.Value("float64")
    raise TypeError(f"no datasets feature for {annotation!r}")  # pragma: no cover


def _struct(model: type[BaseModel], *, for_reading: bool = False) -> dict[str, Any]:
    import datasets

    struct: dict[str, Any] = {}
    for field in fields(model):
        if field.model is not None:
            feature: Any = _struct(field.model, for_reading=for_reading)
        else:
            feature = _value(field.type, for_reading=for_reading)
        struct[field.name] = datasets.List(feature) if field.many else feature
    return struct


def features(config: ConfigName = "quotes") -> datasets.Features:
    """The ``datasets.Features`` of a config (``"quotes"`` or ``"articles"``), from the models."""
    import datasets

    return datasets.Features(_struct(CONFIGS[config].model))


def _arrow_file(
    path: str | os.PathLike[str], config: ConfigName, cache_dir: str | os.PathLike[str] | None
) -> Path:
    """Convert a JSONL file to an Arrow file in the cache, in batches; return its path.

    pyarrow's streaming JSON reader parses blocks of 4 MiB on all cores; each batch is cast to
    the config's exact schema and appended to the file, so memory stays flat whatever the size.
    The file is named after a hash of the input's content (and config and version), and reused.
    """
    import datasets
    import pyarrow as pa
    import pyarrow.json as pj
    from datasets.table import table_cast

    from quotes.io.files import atomic_output, open_binary
    from quotes.version import __version__

    source = Path(path).resolve()
    hasher = hashlib.sha256()  # keyed on content: an edit that keeps size and mtime counts
    with source.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            hasher.update(block)
    digest = hasher.hexdigest()
    key = f"{digest}|{config}|{__version__}"
    folder = Path(cache_dir or Path(datasets.config.HF_DATASETS_CACHE) / "quotes")
    target = folder / f"{config}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.arrow"
    if target.exists():
        return target
    reading = datasets.Features(_struct(CONFIGS[config].model, for_reading=True)).arrow_schema
    schema = features(config).arrow_schema
    parse = pj.ParseOptions(explicit_schema=reading, unexpected_field_behavior="error")
    options = pj.ReadOptions(block_size=4 << 20)
    with (
        open_binary(source) as stream,
        atomic_output(target) as tmp,
        pa.OSFile(str(tmp), "wb") as sink,
        pa.ipc.new_stream(sink, schema) as writer,
    ):
        try:
            batches = pj.open_json(stream, read_options=options, parse_options=parse)
        except pa.ArrowInvalid as e:
            if "Empty JSON" not in str(e):
                raise
            batches = []  # an empty file holds zero records, as quotes.read agrees
        for batch in batches:
            writer.write_table(table_cast(pa.Table.from_batches([batch]), schema))
    return target


def to_dataset(
    quotes: str | os.PathLike[str] | None = None,
    articles: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
) -> datasets.DatasetDict:
    """The records as a ``datasets.DatasetDict`` with keys ``"quotes"`` and ``"articles"``.

    Each is a ``datasets.Dataset``; when some article's source gives its split (an imported
    PolNeAR or German Wikinews corpus), each is instead a ``datasets.DatasetDict`` of the splits
    (``train``, ``validation``, ``test``: :mod:`quotes.core.splits`, a quote in its article's
    split), so ``to_dataset(q, a)["quotes"]["train"]`` is the training quotes, as
    ``datasets.load_dataset`` gives them from the Hub. A split without quotes has an empty
    ``Dataset`` of quotes.

    Built through Arrow (never row by row) with the declared :func:`features`. A path left out
    means the bundled file (so ``to_dataset("mine.jsonl")`` pairs your quotes with the bundled
    articles); otherwise the given JSONL files (validate them first with
    :func:`quotes.validate`; this only enforces the column types). pandas users:
    ``to_dataset()["quotes"].to_pandas()``.

    Files of any size work: they are converted in batches to Arrow files in ``cache_dir``
    (default: the ``datasets`` cache, ``quotes/`` inside it), which the datasets memory-map, as
    ``datasets.load_dataset`` does; a file converted once is reused until it changes.
    """
    import datasets

    given: dict[ConfigName, str | os.PathLike[str] | None] = {
        "quotes": quotes,
        "articles": articles,
    }
    result = {}
    for config in CONFIGS:
        path = given[config]
        if path is None:
            with data_path(CONFIGS[config].file) as bundled:
                arrow = _arrow_file(bundled, config, cache_dir)
        else:
            arrow = _arrow_file(path, config, cache_dir)
        info = datasets.DatasetInfo(features=features(config))
        result[config] = datasets.Dataset.from_file(str(arrow), info=info)
    return datasets.DatasetDict(_by_split(result["quotes"], result["articles"]))


def _by_split(quotes: datasets.Dataset, articles: datasets.Dataset) -> dict[str, Any]:
    """Both configs, each split by the articles' splits when some article has one."""
    import datasets
    import pyarrow as pa
    import pyarrow.compute as pc

    stated = pc.struct_field(articles.data.column("source"), "split").to_pylist()
    if not any(stated):
        return {"quotes": quotes, "articles": articles}
    names = [hub_name(s) if s else DEFAULT_SPLIT for s in stated]
    at = pc.index_in(quotes.data.column("article_id"), value_set=articles.data.column("id"))
    quote_splits = pc.fill_null(pc.take(pa.array(names), at), DEFAULT_SPLIT)
    article_splits = pa.array(names)
    configs: dict[str, Any] = {}
    for config, data, splits in (
        ("quotes", quotes, quote_splits),
        ("articles", articles, article_splits),
    ):
        configs[config] = datasets.DatasetDict(
            {
                name: data.select(pc.indices_nonzero(pc.equal(splits, name)).to_pylist())
                for name in ordered(names)
            }
        )
    return configs


def from_dataset(dataset: Iterable[dict[str, Any]]) -> list[Quote] | list[Article]:
    """Typed, validated records from a ``datasets.Dataset`` (or any iterable of row dicts).

    The record type is told by the columns: quotes have ``article_id``, articles ``sha256``.
    A row means what the same record means as a JSON Lines line: dates may be ``datetime.date``
    objects or ISO ``YYYY-MM-DD`` strings. Raises :class:`~quotes.RecordError` naming the row
    (1-based, as ``line``) of an invalid one.
    """
    from pydantic import ValidationError

    from quotes.core.building import from_json_value
    from quotes.io.files import RecordError
    from quotes.io.jsonl import problems_from_error

    rows = list(dataset)
    if not rows:
        return []
    model: type[Quote] | type[Article] = Quote if "article_id" in rows[0] else Article
    records = []
    for number, row in enumerate(rows, start=1):
        try:
            records.append(from_json_value(model, row))
        except ValidationError as e:
            raise RecordError(problems_from_error("<dataset>", number, e)[0]) from None
    return records  # type: ignore[return-value]
