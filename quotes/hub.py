"""Hugging Face ``datasets`` glue: features derived from the models, and conversions both ways.

``datasets`` and pyarrow are imported inside the functions, so ``import quotes`` stays fast.
Column names equal the JSONL keys and the model fields; dates are ``date32``; a span is a list
of two ``int32`` offsets.
"""

from __future__ import annotations

import datetime as dt
import os
import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from .models import Article, Quote

if TYPE_CHECKING:
    import datasets
    import pyarrow as pa

__all__ = ["features", "from_dataset", "to_dataset"]

Config = Literal["quotes", "articles"]
MODELS: dict[str, type[Quote | Article]] = {"quotes": Quote, "articles": Article}


def _feature(annotation: Any, *, for_reading: bool = False) -> Any:
    """The ``datasets`` feature for one type annotation (``for_reading``: as JSON holds it)."""
    import datasets

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _feature(args[0], for_reading=for_reading)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return _feature(inner, for_reading=for_reading)
    if origin is Literal or annotation is str:
        return datasets.Value("string")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _struct(annotation, for_reading=for_reading)
    if origin is list:
        return datasets.List(_feature(args[0], for_reading=for_reading))
    if origin is tuple:
        item = _feature(args[0], for_reading=for_reading)
        return datasets.List(item) if for_reading else datasets.List(item, length=len(args))
    if annotation is dt.date:
        return datasets.Value("string" if for_reading else "date32")
    if annotation is int:
        return datasets.Value("int32")
    if annotation is float:
        return datasets.Value("float64")
    raise TypeError(f"no datasets feature for {annotation!r}")  # pragma: no cover


def _struct(model: type[BaseModel], *, for_reading: bool = False) -> dict[str, Any]:
    return {
        name: _feature(info.annotation, for_reading=for_reading)
        for name, info in model.model_fields.items()
    }


def features(config: Config = "quotes") -> datasets.Features:
    """The ``datasets.Features`` of a config (``"quotes"`` or ``"articles"``), from the models."""
    import datasets

    return datasets.Features(_struct(MODELS[config]))


def _read_table(path: str | os.PathLike[str], config: Config) -> pa.Table:
    """Read a JSONL file into an Arrow table with the config's exact schema."""
    import datasets
    import pyarrow.json as pj
    from datasets.table import table_cast

    from .io import open_binary

    reading = datasets.Features(_struct(MODELS[config], for_reading=True)).arrow_schema
    options = pj.ParseOptions(explicit_schema=reading, unexpected_field_behavior="error")
    with open_binary(path) as stream:
        table = pj.read_json(stream, parse_options=options)
    return table_cast(table, features(config).arrow_schema)


def to_dataset(
    quotes: str | os.PathLike[str] | None = None,
    articles: str | os.PathLike[str] | None = None,
) -> datasets.DatasetDict:
    """The records as a ``datasets.DatasetDict`` with keys ``"quotes"`` and ``"articles"``.

    Built through Arrow (never row by row) with the declared :func:`features`. With no paths,
    the bundled data; otherwise the given JSONL files (validate them first with
    :func:`quotes.validate`; this only enforces the column types). pandas users:
    ``to_dataset()["quotes"].to_pandas()``.
    """
    import datasets

    from .corpus import data_path

    result = {}
    for config, given in (("quotes", quotes), ("articles", articles)):
        if given is None:
            with data_path(f"{config}.jsonl") as path:
                table = _read_table(path, config)  # type: ignore[arg-type]
        else:
            table = _read_table(given, config)  # type: ignore[arg-type]
        info = datasets.DatasetInfo(features=features(config))  # type: ignore[arg-type]
        result[config] = datasets.Dataset(table, info=info)
    return datasets.DatasetDict(result)


def from_dataset(dataset: Iterable[dict[str, Any]]) -> list[Quote] | list[Article]:
    """Typed, validated records from a ``datasets.Dataset`` (or any iterable of row dicts).

    The record type is told by the columns: quotes have ``article_id``, articles ``sha256``.
    """
    rows = list(dataset)
    if not rows:
        return []
    if "article_id" in rows[0]:
        return [Quote.model_validate(row) for row in rows]
    return [Article.model_validate(row) for row in rows]
