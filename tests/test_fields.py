"""The model walker (``quotes.core.fields``) agrees with pydantic's own JSON Schema of every
model."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import nested_models

from quotes.core.bundled import CONFIGS
from quotes.core.fields import fields

MODELS = sorted(
    {m for config in CONFIGS.values() for m in nested_models(config.model)},
    key=lambda m: m.__name__,
)


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_each_field_is_taken_apart_as_the_json_schema_says(model: Any) -> None:
    schema = model.model_json_schema()
    walked = fields(model)
    assert [f.name for f in walked] == list(schema["properties"])
    for field in walked:
        options = schema["properties"][field.name]
        options = options.get("anyOf", [options])
        assert field.nullable == ({"type": "null"} in options), field.name
        assert field.required == (field.name in schema["required"]), field.name
        (value,) = [o for o in options if o != {"type": "null"}]
        assert field.many == (value.get("type") == "array" and "items" in value), field.name
        item = value["items"] if field.many else value
        ref = item.get("$ref", "").rsplit("/", 1)[-1]
        assert (field.model.__name__ if field.model else "") == ref, field.name
        enum = item.get("enum", [item["const"]] if "const" in item else [])
        assert field.values == tuple(enum), field.name
        if field.model is None:  # pydantic leaves a nested model's field undescribed
            assert field.description == schema["properties"][field.name]["description"]


def test_nested_models_are_every_record_model_once() -> None:
    quote = CONFIGS["quotes"].model
    names = [m.__name__ for m in nested_models(quote)]
    assert names[0] == "Quote"
    assert len(names) == len(set(names))
    assert set(names) == {"Quote", *quote.model_json_schema()["$defs"]}


def test_the_docstring_names_every_reader_and_no_other() -> None:
    import ast
    import re
    from pathlib import Path

    import quotes.core.fields

    package = Path(quotes.core.fields.__file__).parent.parent
    readers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "quotes.core.fields":
                module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
                readers.add(module.removesuffix(".__init__"))
    named = set(re.findall(r":mod:`([\w.]+)`", quotes.core.fields.__doc__ or ""))
    assert named == readers
