"""The one walker over the record models' fields, for everything generated from them.

``datasets`` features (:mod:`quotes.io.hub`), the card's field tables (:mod:`quotes.publish.card`),
Croissant (:mod:`quotes.publish.croissant`) and the flat export's columns (:mod:`quotes.export`)
all read a model through :func:`fields`, so they agree on what a field's type, nullability and
nesting are.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

__all__ = ["Field", "fields", "unwrap"]


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """``(type, nullable)``: an annotation without its ``Annotated`` metadata and ``| None``."""
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            nullable = nullable or type(None) in args
            (annotation,) = [a for a in args if a is not type(None)]
        else:
            return annotation, nullable


@dataclass(frozen=True)
class Field:
    """One field of a record model, its annotation taken apart."""

    name: str
    """The field's name (the JSON key)."""
    type: Any
    """The value's type without ``Annotated``, ``| None`` and, for a list, the list: the type of
    one item (``str``, ``int``, ``float``, ``datetime.date``, a ``Literal``, a ``tuple`` or a
    record model)."""
    nullable: bool
    """Whether the field accepts null."""
    many: bool
    """Whether the field is a list of ``type``."""
    required: bool
    """Whether a record must give the field (it has no default)."""
    description: str
    """The field's docstring, as written (empty when it has none)."""

    @property
    def model(self) -> type[BaseModel] | None:
        """The nested record model (of each item, for a list), or None for a plain value."""
        if isinstance(self.type, type) and issubclass(self.type, BaseModel):
            return self.type
        return None

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a ``Literal`` type, else ``()``."""
        if typing.get_origin(self.type) is typing.Literal:
            return tuple(str(v) for v in typing.get_args(self.type))
        return ()


def fields(model: type[BaseModel]) -> list[Field]:
    """The fields of ``model``, in declaration order."""
    result = []
    for name, info in model.model_fields.items():
        kind, nullable = unwrap(info.annotation)
        many = typing.get_origin(kind) is list
        if many:
            (item,) = typing.get_args(kind)
            kind, _ = unwrap(item)
        result.append(Field(name, kind, nullable, many, info.is_required(), info.description or ""))
    return result
