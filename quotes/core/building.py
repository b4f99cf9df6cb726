"""Building records from data, always through validation.

The models are strict: in Python they take ``datetime.date`` objects, not the ISO strings that
JSON holds, and ``model_copy(update=...)`` would change a record without checking it. The two
helpers here are the one way to make a record from a parsed JSON value and the one way to
change a field of a record.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ErrorType

from quotes.core.models import Day

__all__ = ["from_json_value", "with_changes"]

Record = TypeVar("Record", bound=BaseModel)

_PYDANTIC_TYPES = frozenset(typing.get_args(ErrorType))
_DATE = TypeAdapter(Day, config=ConfigDict(strict=True))
"""A date as the models read it from JSON text."""


def with_changes(record: Record, **changes: Any) -> Record:
    """``record`` with the fields in ``changes`` replaced, validated again as a whole.

    Raises ``pydantic.ValidationError`` when the changed record breaks a rule."""
    return type(record).model_validate({**dict(record), **changes})


def from_json_value(model: type[Record], value: Any) -> Record:
    """The ``model`` record a parsed JSON value gives (``json.loads`` output; dates may also be
    ``datetime.date`` objects): the record, or the error, that validating the same JSON text
    gives, without writing the text. Raises ``pydantic.ValidationError``."""
    if not isinstance(value, dict):
        try:
            return model.model_validate(value)
        except ValidationError as e:
            raise _as_json_errors(e, {}) from None
    data = dict(value)
    failed: dict[str, ValidationError] = {}
    for name in _date_fields(model):
        if isinstance(data.get(name), str):
            try:
                data[name] = _DATE.validate_json(json.dumps(data[name]))
            except ValidationError as e:
                failed[name] = e
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise _as_json_errors(e, failed) from None


@functools.cache
def _date_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The top-level fields of ``model`` that hold a date (the only JSON strings strict Python
    validation refuses); nested records hold none."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if _is_date(field.annotation) or any(map(_is_date, typing.get_args(field.annotation)))
    )


def _is_date(annotation: Any) -> bool:
    """Whether a field's type is a date (``datetime.date``, or :data:`~quotes.core.models.Day`)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is dt.date


def _as_json_errors(error: ValidationError, failed: dict[str, ValidationError]) -> ValidationError:
    """``error`` as JSON validation reports it: worded for JSON input, and each unparsed date's
    type error replaced, in the same place of the list, by why its string is no date."""
    details: list[Any] = []
    for item in error.errors():
        loc = item["loc"]
        if len(loc) == 1 and loc[0] in failed and item["type"] == "date_type":
            for cause in failed[str(loc[0])].errors():
                details.append({**_detail(cause), "loc": (loc[0], *cause["loc"])})
        else:
            details.append(_detail(item))
    return ValidationError.from_exception_data(error.title, details, input_type="json")


def _detail(item: Any) -> dict[str, Any]:
    kind = item["type"]
    if kind not in _PYDANTIC_TYPES:  # a rule of ours: its message is already written
        kind = PydanticCustomError(kind, item["msg"].replace("{", "{{").replace("}", "}}"))
    detail = {"type": kind, "loc": item["loc"], "input": item["input"]}
    return {**detail, "ctx": item["ctx"]} if "ctx" in item else detail
