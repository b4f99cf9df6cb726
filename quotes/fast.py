"""A fast record-level validator derived from the pydantic models, for files of any size.

The pydantic models in :mod:`quotes.models` stay the single source of truth. From each model this
module derives, once per process:

* a ``msgspec.Struct`` type built from the model's JSON Schema (``model_json_schema()``): field
  names, required keys, ``null``-ability, enums, string lengths, patterns, number bounds, array
  lengths, tuples, dates and "no unknown keys" all come from there; a keyword the translator does
  not know raises at build time, so a model change can never silently weaken the fast path;
* the model's own ``@model_validator(mode="after")`` functions, called unchanged on the decoded
  structs, nested records first, as pydantic does; the model's public methods and properties are
  copied onto the structs, so corpus-level checks (:func:`quotes.check_quote`) work on them too.

msgspec, like pydantic's parser, keeps the last of two duplicate keys, so the fast path also
proves a line has none: outside strings a colon only separates a key from its value, so a line
holds exactly as many keys as the canonical re-encoding of its decoded record exactly when the two
have the same number of colons (a colon written as a ``\\u003a`` escape sends the line to the slow
path). msgspec rejects ``NaN``/``Infinity`` and invalid UTF-8 itself.

The fast path only ever *accepts*. Any line it does not accept goes to :func:`quotes.io.parse_line`,
so every problem reported is the slow path's, message for message; and a line the fast path
accepts is one the slow path accepts (``tests/test_fast.py`` checks both on mutated records).
"""

from __future__ import annotations

import datetime as dt
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec
from pydantic import BaseModel

from .fields import fields, nested_models
from .io import MAX_LINE_BYTES, detect, parse_line
from .models import Article, Quote
from .report import Problem

__all__ = ["FastModel", "derive", "fast_parse_line"]

_IGNORED = {"title", "description", "default", "examples", "$schema"}


class UnsupportedSchema(TypeError):
    """The model uses a JSON Schema keyword the fast path cannot derive; extend the translator."""


def _python_pattern(pattern: str) -> str:
    # pydantic checks patterns with Rust's regex, where "$" is the end of the text; in Python's
    # re.search it also matches before a final newline, so "\Z" says what the schema means.
    if "$" in pattern[:-1] or "\\" in pattern:
        raise UnsupportedSchema(f"pattern {pattern!r}: only simple anchored patterns are derived")
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


class _Translator:
    def __init__(self, model: type[BaseModel]) -> None:
        self.schema = model.model_json_schema()
        self.models = {m.__name__: m for m in nested_models(model)}
        self.structs: dict[str, type[msgspec.Struct]] = {}

    def type_of(self, node: dict[str, Any]) -> Any:
        node = {k: v for k, v in node.items() if k not in _IGNORED}
        if "$ref" in node:
            (ref,) = node.values()
            return self.struct(ref.rsplit("/", 1)[-1])
        if "anyOf" in node:
            if len(node) != 1:
                raise UnsupportedSchema(f"anyOf with siblings: {node}")
            options = [self.type_of(option) for option in node["anyOf"]]
            return typing.Union[tuple(options)]  # noqa: UP007
        kind = node.pop("type", None)
        meta: dict[str, Any] = {}
        if "enum" in node or "const" in node:
            values = node.pop("enum", None) or [node.pop("const")]
            if kind != "string":
                raise UnsupportedSchema(f"enum of {kind}")
            base: Any = Literal[tuple(values)]
        elif kind == "null":
            return type(None)
        elif kind == "string":
            base = str
            if node.pop("format", None) == "date":
                base = dt.date
            if "minLength" in node:
                meta["min_length"] = node.pop("minLength")
            if "maxLength" in node:
                meta["max_length"] = node.pop("maxLength")
            if "pattern" in node:
                meta["pattern"] = _python_pattern(node.pop("pattern"))
        elif kind in ("integer", "number"):
            base = int if kind == "integer" else float
            for key, name in (
                ("minimum", "ge"),
                ("maximum", "le"),
                ("exclusiveMinimum", "gt"),
                ("exclusiveMaximum", "lt"),
            ):
                if key in node:
                    meta[name] = node.pop(key)
        elif kind == "boolean":
            base = bool
        elif kind == "array":
            if "prefixItems" in node:
                items = [self.type_of(item) for item in node.pop("prefixItems")]
                if node.pop("minItems", None) != len(items) or node.pop("maxItems") != len(items):
                    raise UnsupportedSchema("a tuple must have a fixed length")
                base = tuple[tuple(items)]  # type: ignore[misc]
            else:
                base = list[self.type_of(node.pop("items"))]  # type: ignore[misc]
                if "minItems" in node:
                    meta["min_length"] = node.pop("minItems")
                if "maxItems" in node:
                    meta["max_length"] = node.pop("maxItems")
        else:
            raise UnsupportedSchema(f"type {kind!r}")
        if node:
            raise UnsupportedSchema(f"keywords {sorted(node)} are not derived")
        return Annotated[base, msgspec.Meta(**meta)] if meta else base

    def struct(self, name: str) -> type[msgspec.Struct]:
        if name in self.structs:
            return self.structs[name]
        node = self.schema if name == self.schema.get("title") else self.schema["$defs"][name]
        model = self.models[name]
        if node.get("additionalProperties", True) is not False:
            raise UnsupportedSchema(f"{name}: unknown keys must be forbidden")
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for field, sub in node["properties"].items():
            if field in node["required"]:
                fields.append((field, self.type_of(sub)))
            elif "default" in sub:
                # A line without the key gets the default; it re-encodes with one more key, so
                # the fast path leaves it to the slow path (see the colon count in ``accept``).
                fields.append((field, self.type_of(sub), sub["default"]))
            else:
                raise UnsupportedSchema(f"{name}.{field}: optional without a default")
        namespace = {
            key: value
            for key, value in vars(model).items()
            if not key.startswith("__")
            and (inspect.isfunction(value) or isinstance(value, property))
        }
        struct = msgspec.defstruct(
            name,
            fields,
            namespace=namespace,
            forbid_unknown_fields=True,
            kw_only=True,
            frozen=True,
            gc=False,
        )
        self.structs[name] = struct
        return struct

    def validators(self, model: type[BaseModel]) -> list[Callable[[Any], Any]]:
        """A model's own after-validators; raises for any kind the fast path cannot run."""
        name = model.__name__
        decorators = model.__pydantic_decorators__
        if decorators.field_validators or decorators.validators or decorators.root_validators:
            raise UnsupportedSchema(f"{name}: field validators are not derived")
        found = []
        for dec in decorators.model_validators.values():
            if dec.info.mode != "after":
                raise UnsupportedSchema(f"{name}: only mode='after' model validators are derived")
            found.append(dec.func)
        return found

    def _emit(self, model: type[BaseModel], depth: int, scope: dict[str, Any]) -> list[str]:
        # Lines that run ``model``'s validators on the struct in ``v<depth>``, nested records
        # first, as pydantic does; inlined, since one function call costs as much as a check.
        var = f"v{depth}"
        lines: list[str] = []
        for each in fields(model):
            if each.model is None:
                continue
            inner = self._emit(each.model, depth + 1, scope)
            if not inner:
                continue
            sub, value = f"v{depth + 1}", f"{var}.{each.name}"
            indented = ["    " + line for line in inner]
            if each.many:
                lines += [f"for {sub} in {value}{' or ()' if each.nullable else ''}:", *indented]
            elif each.nullable:
                lines += [f"{sub} = {value}", f"if {sub} is not None:", *indented]
            else:
                lines += [f"{sub} = {value}", *inner]
        for validator in self.validators(model):
            key = f"f{len(scope)}"
            scope[key] = validator
            lines.append(f"{key}({var})")
        return lines

    def checker(self, model: type[BaseModel]) -> Callable[[Any], None] | None:
        """One straight-line function running a model's after-validators on a decoded struct,
        nested records first (None when the model has none)."""
        scope: dict[str, Any] = {}
        lines = self._emit(model, 0, scope)
        if not lines:
            return None
        exec("def check(v0):\n" + "\n".join("    " + line for line in lines), scope)
        made: Callable[[Any], None] = scope["check"]
        return made


class FastModel:
    """The fast validator of one record model: ``accept(line)`` is the record or None."""

    def __init__(self, model: type[Quote] | type[Article]) -> None:
        translator = _Translator(model)
        self.model = model
        self.struct = translator.struct(model.__name__)
        self.decoder = msgspec.json.Decoder(self.struct)
        self.encoder = msgspec.json.Encoder()
        self.check = translator.checker(model)
        # Top-level keys a line may leave out (the model gives a default). Outside strings a
        # quote before a colon ends a key, so ``"key":`` in a line is that key, never text.
        self.defaulted = [f'"{f.name}":'.encode() for f in fields(model) if not f.required]

    def accept(self, line: bytes) -> Any:
        """The decoded record when ``line`` is certainly valid; None when unsure or invalid."""
        try:
            record = self.decoder.decode(line)
            if self.check is not None:
                self.check(record)
        except Exception:  # any failure means "ask the slow path", which explains it
            return None
        canonical = self.encoder.encode(record)
        if line != canonical:
            absent = sum(1 for key in self.defaulted if key not in line)
            if line.count(b":") + absent != canonical.count(b":") or b"\\u003" in line:
                return None
        return record


_MODELS: dict[type[BaseModel], FastModel] = {}


def derive(model: type[Quote] | type[Article]) -> FastModel:
    """The (cached) fast validator derived from ``model``."""
    if model not in _MODELS:
        _MODELS[model] = FastModel(model)
    return _MODELS[model]


def fast_parse_line(
    line: bytes,
    model: type[Quote] | type[Article] | None = None,
    *,
    path: str = "<input>",
    number: int | None = None,
) -> Any:
    """:func:`quotes.io.parse_line`, faster: a record (a derived struct or a model) or problems.

    Accepted records are ``msgspec.Struct`` instances with the model's fields, methods and
    properties; everything else gets exactly what :func:`~quotes.io.parse_line` returns.
    """
    chosen = model or detect(line)
    if chosen is not None and len(line) <= MAX_LINE_BYTES:
        record = derive(chosen).accept(line)
        if record is not None:
            return record
    result: Quote | Article | list[Problem] = parse_line(line, model, path=path, number=number)
    return result
