"""A fast record-level validator derived from the models, for files of any size, without pydantic.

The pydantic models in :mod:`quotes.core.models` stay the single source of truth. From each record
type this module derives, once per process:

* a ``msgspec.Struct`` type built from the record's JSON Schema: field names, required keys,
  ``null``-ability, enums, string lengths, patterns, number bounds, array lengths, tuples, dates
  and "no unknown keys" all come from there; a keyword the translator does not know raises at
  build time, so a model change can never silently weaken the fast path. The schema is the
  wheel's copy of ``schema/`` (generated from the models; a test fails when it drifts), so
  checking a valid file never imports pydantic; in a source checkout it is the model's own;
* the record-level rules of :data:`quotes.core.record_rules.CHECKS` (the very functions the models
  run as after-validators), called on the decoded structs, nested records first, as pydantic
  does, each record's field patterns first: a string property's pattern (alone, nullable or in
  an array) is searched there rather than by msgspec, once per distinct value (see
  :class:`_Pattern`).

msgspec, like pydantic's parser, keeps the last of two duplicate keys, so the fast path also
proves a line has none, however it is spaced (see :attr:`FastModel.accept`):

* a line equal to the canonical encoding of its decoded record has none;
* in any other line every ``"`` starts or ends a string (keys included) or is an escaped quote
  ``\\"``, so the line holds (its number of ``"`` less its number of escaped quotes) / 2
  strings, which is as many as the canonical encoding of its record holds (counted from the
  record, :func:`string_counter`) exactly when the line has no duplicate key. The escaped quotes
  are counted by walking the line's escapes (:func:`escaped_quotes`), so ``\\\\"`` (an escaped
  backslash, then the end of a string) is not one.

A top-level key the model gives a default may be left out; the counts allow for it when the line
has no such key (:func:`has_key`). msgspec rejects ``NaN``/``Infinity`` and invalid UTF-8 itself.

The fast path only ever *accepts*. Any line it does not accept goes to
:func:`quotes.io.jsonl.parse_line`,
so every problem reported is the slow path's, message for message; and a line the fast path
accepts is one the slow path accepts (``tests/test_fast.py`` checks both on mutated records).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.resources
import json
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec

from quotes.core.record_rules import CHECKS, detect
from quotes.io.files import MAX_LINE_BYTES

if TYPE_CHECKING:
    from quotes.core.models import Article, Quote
    from quotes.core.problems import Problem

__all__ = [
    "FastModel",
    "derive",
    "escaped_quotes",
    "fast_parse_line",
    "has_key",
    "string_counter",
]

_IGNORED = {"title", "description", "default", "examples", "$schema"}
_WHITE = b" \t\r\n"
_SPACES = (b" ", b"\t", b"\r", b"\n")


class UnsupportedSchema(TypeError):
    """The model uses a JSON Schema keyword the fast path cannot derive; extend the translator."""


def _python_pattern(pattern: str) -> str:
    # pydantic checks patterns with Rust's regex, where "$" is the end of the text; in Python's
    # re.search it also matches before a final newline, so "\Z" says what the schema means.
    if "$" in pattern[:-1] or "\\" in pattern:
        raise UnsupportedSchema(f"pattern {pattern!r}: only simple anchored patterns are derived")
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


def record_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a record type (``"Quote"``, ``"Article"``): the installed package's
    copy of ``schema/``, or in a source checkout (an editable install) ``schema/`` itself, and
    only without either the model's own (which imports pydantic)."""
    file = f"{name.lower()}.schema.json"
    packaged = importlib.resources.files("quotes").joinpath("data", "schema", file)
    checkout = Path(__file__).resolve().parents[2] / "schema" / file
    for kept in (packaged, checkout):
        if kept.is_file():
            schema: dict[str, Any] = json.loads(kept.read_text(encoding="utf-8"))
            return schema
    # the schema files are the models' own, with a "$schema" key the translator skips
    from quotes.core import models

    generated: dict[str, Any] = getattr(models, name).model_json_schema()
    return generated


def _peeled(node: dict[str, Any]) -> tuple[dict[str, Any], bool, bool]:
    """``(schema, many, nullable)`` of a property's values: its schema with ``null`` and arrays
    peeled off (an ``anyOf`` of one type and null, an array's items)."""
    nullable, many = False, False
    while True:
        if "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            nullable = nullable or len(options) < len(node["anyOf"])
            if len(options) != 1:
                return node, many, nullable
            node = options[0]
        elif node.get("type") == "array" and "items" in node:
            many, node = True, node["items"]
        else:
            return node, many, nullable


def _reference(node: dict[str, Any]) -> tuple[str | None, bool, bool]:
    """``(record type, many, nullable)`` of a property's schema: the record it nests, if any."""
    peeled, many, nullable = _peeled(node)
    ref = peeled.get("$ref") if "anyOf" not in peeled else None
    return (str(ref).rsplit("/", 1)[-1] if ref else None), many, nullable


class _Pattern(typing.NamedTuple):
    """A string property's pattern, checked by the rules' function rather than by msgspec (whose
    own check costs about a tenth of a line), with the values it has matched, so that an id
    repeated line after line is searched once."""

    search: Callable[[str], Any]
    matched: set[str]
    many: bool
    nullable: bool

    def __call__(self, value: str) -> None:
        """Raise unless ``value`` matches; remember it when it does."""
        if self.search(value) is None:
            raise ValueError(value)
        if len(self.matched) >= _REMEMBERED:
            self.matched.clear()
        self.matched.add(value)


_REMEMBERED = 4096
"""How many matched values a :class:`_Pattern` remembers at most."""


def _enum_type(kind: Any, node: dict[str, Any]) -> Any:
    """The literal type of an ``enum`` or ``const`` (of strings only)."""
    values = node.pop("enum", None) or [node.pop("const")]
    if kind != "string":
        raise UnsupportedSchema(f"enum of {kind}")
    return Literal[tuple(values)]


def _string_type(node: dict[str, Any], meta: dict[str, Any]) -> Any:
    """``str``, or ``datetime.date`` for the ``date`` format; its length bounds and pattern
    moved to ``meta``."""
    base: Any = str
    if node.pop("format", None) == "date":
        base = dt.date
    if "minLength" in node:
        meta["min_length"] = node.pop("minLength")
    if "maxLength" in node:
        meta["max_length"] = node.pop("maxLength")
    if "pattern" in node:
        meta["pattern"] = _python_pattern(node.pop("pattern"))
    return base


def _number_type(kind: str, node: dict[str, Any], meta: dict[str, Any]) -> Any:
    """``int`` or ``float``, its bounds moved to ``meta``."""
    for key, name in (
        ("minimum", "ge"),
        ("maximum", "le"),
        ("exclusiveMinimum", "gt"),
        ("exclusiveMaximum", "lt"),
    ):
        if key in node:
            meta[name] = node.pop(key)
    return int if kind == "integer" else float


class _Translator:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = copy.deepcopy(schema)
        self.structs: dict[str, type[msgspec.Struct]] = {}
        self.patterns = self._take_patterns()

    def _take_patterns(self) -> dict[str, dict[str, _Pattern]]:
        """The patterns of string properties (alone, nullable or in an array), taken out of the
        schema msgspec is given, by record type and property."""
        taken: dict[str, dict[str, _Pattern]] = {}
        records = [(self.schema.get("title"), self.schema), *self.schema.get("$defs", {}).items()]
        for name, node in records:
            for field, sub in node.get("properties", {}).items():
                peeled, many, nullable = _peeled(sub)
                if peeled.get("type") == "string" and "pattern" in peeled:
                    search = re.compile(_python_pattern(peeled.pop("pattern"))).search
                    taken.setdefault(name, {})[field] = _Pattern(search, set(), many, nullable)
        return taken

    def node(self, name: str) -> dict[str, Any]:
        """The schema of one record type (the root, or one of its ``$defs``)."""
        if name == self.schema.get("title"):
            return self.schema
        found: dict[str, Any] = self.schema["$defs"][name]
        return found

    def type_of(self, node: dict[str, Any]) -> Any:
        """The type msgspec checks a value of the property schema ``node`` with: keywords the
        translator does not know raise :class:`UnsupportedSchema`."""
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
        if kind == "null" and "enum" not in node and "const" not in node:
            return type(None)
        meta: dict[str, Any] = {}
        base = self._base_type(kind, node, meta)
        if node:
            raise UnsupportedSchema(f"keywords {sorted(node)} are not derived")
        return Annotated[base, msgspec.Meta(**meta)] if meta else base

    def _base_type(self, kind: Any, node: dict[str, Any], meta: dict[str, Any]) -> Any:
        """The type of a schema of JSON type ``kind`` (not null), its constraints moved from
        ``node`` to ``meta`` (msgspec's names)."""
        if "enum" in node or "const" in node:
            return _enum_type(kind, node)
        if kind == "string":
            return _string_type(node, meta)
        if kind in ("integer", "number"):
            return _number_type(kind, node, meta)
        if kind == "boolean":
            return bool
        if kind == "array":
            return self._array_type(node, meta)
        raise UnsupportedSchema(f"type {kind!r}")

    def _array_type(self, node: dict[str, Any], meta: dict[str, Any]) -> Any:
        """A fixed-length tuple (``prefixItems``) or a list, its length bounds moved to ``meta``."""
        if "prefixItems" in node:
            items = [self.type_of(item) for item in node.pop("prefixItems")]
            if node.pop("minItems", None) != len(items) or node.pop("maxItems") != len(items):
                raise UnsupportedSchema("a tuple must have a fixed length")
            return tuple[tuple(items)]  # type: ignore[misc]
        base: Any = list[self.type_of(node.pop("items"))]  # type: ignore[misc]
        if "minItems" in node:
            meta["min_length"] = node.pop("minItems")
        if "maxItems" in node:
            meta["max_length"] = node.pop("maxItems")
        return base

    def struct(self, name: str) -> type[msgspec.Struct]:
        if name in self.structs:
            return self.structs[name]
        node = self.node(name)
        if node.get("additionalProperties", True) is not False:
            raise UnsupportedSchema(f"{name}: unknown keys must be forbidden")
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for field, sub in node["properties"].items():
            if field in node["required"]:
                fields.append((field, self.type_of(sub)))
            elif "default" in sub:
                # A line without the key gets the default, which the canonical encoding writes
                # (see ``FastModel._missing``).
                fields.append((field, self.type_of(sub), sub["default"]))
            else:
                raise UnsupportedSchema(f"{name}.{field}: optional without a default")
        struct = msgspec.defstruct(
            name,
            fields,
            forbid_unknown_fields=True,
            kw_only=True,
            frozen=True,
            gc=False,
        )
        self.structs[name] = struct
        return struct

    def _emit(self, name: str, depth: int, scope: dict[str, Any]) -> list[str]:
        # Lines that run the rules of record ``name`` on the struct in ``v<depth>``, nested
        # records first, as pydantic does; inlined, since one function call costs as much as a
        # check.
        var = f"v{depth}"
        lines: list[str] = []
        for field, sub_schema in self.node(name)["properties"].items():
            nested, many, nullable = _reference(sub_schema)
            if nested is None:
                continue
            inner = self._emit(nested, depth + 1, scope)
            if not inner:
                continue
            sub, value = f"v{depth + 1}", f"{var}.{field}"
            indented = ["    " + line for line in inner]
            if many:
                lines += [f"for {sub} in {value}{' or ()' if nullable else ''}:", *indented]
            elif nullable:
                lines += [f"{sub} = {value}", f"if {sub} is not None:", *indented]
            else:
                lines += [f"{sub} = {value}", *inner]
        lines += self._emit_patterns(name, var, scope)
        if name in CHECKS:
            key = f"f{len(scope)}"
            scope[key] = CHECKS[name]
            lines.append(f"{key}({var})")
        return lines

    def _emit_patterns(self, name: str, var: str, scope: dict[str, Any]) -> list[str]:
        # Lines checking the patterns of record ``name``'s properties on the struct in ``var``:
        # a value is searched only when its pattern has not matched it already.
        lines: list[str] = []
        for field, pattern in self.patterns.get(name, {}).items():
            key = f"p{len(scope)}"
            scope[key], scope[key + "m"] = pattern, pattern.matched
            value, each = f"{var}.{field}", f"s{var}"
            test = f"{each} not in {key}m"
            if pattern.nullable:
                test = f"{each} is not None and {test}"
            if pattern.many:
                loop = f"for {each} in {value}{' or ()' if pattern.nullable else ''}:"
                lines += [loop, f"    if {test}:", f"        {key}({each})"]
            else:
                lines += [f"{each} = {value}", f"if {test}:", f"    {key}({each})"]
        return lines

    def checker(self, name: str) -> Callable[[Any], None] | None:
        """One straight-line function running the rules of record ``name`` on a decoded struct,
        nested records first, each record's patterns before its rules (None when it has
        neither)."""
        scope: dict[str, Any] = {}
        lines = self._emit(name, 0, scope)
        if not lines:
            return None
        exec("def check(v0):\n" + "\n".join("    " + line for line in lines), scope)
        made: Callable[[Any], None] = scope["check"]
        return made


def _strings_of(kind: Any, value: str, depth: int) -> tuple[int, list[str], list[str]]:
    """How many strings (keys included) the canonical encoding of ``value`` (an expression of
    msgspec type ``kind``) holds: a constant, expressions to add to it, and lines adding the
    rest to ``n``."""
    inspect = msgspec.inspect
    if isinstance(kind, (inspect.StrType, inspect.DateType)):
        return 1, [], []
    if isinstance(kind, inspect.LiteralType):
        if not all(isinstance(v, str) for v in kind.values):
            raise UnsupportedSchema(f"literal of non-strings: {kind.values}")
        return 1, [], []
    if isinstance(kind, (inspect.IntType, inspect.FloatType, inspect.BoolType, inspect.NoneType)):
        return 0, [], []
    if isinstance(kind, inspect.StructType):
        return _struct_strings(kind, value, depth)
    if isinstance(kind, (inspect.ListType, inspect.TupleType)):
        return _array_strings(kind, value, depth)
    if isinstance(kind, inspect.UnionType):
        options = [o for o in kind.types if not isinstance(o, inspect.NoneType)]
        if len(options) != 1 or len(kind.types) != 2:
            raise UnsupportedSchema(f"a union other than one type or null: {kind}")
        var = f"v{depth + 1}"
        constant, terms, lines = _strings_of(options[0], var, depth + 1)
        if not terms and not lines:
            times = f"{constant} * " if constant != 1 else ""
            return 0, [f"{times}({value} is not None)"] if constant else [], []
        block = _added(constant, terms, lines)
        return 0, [], [f"{var} = {value}", f"if {var} is not None:", *block]
    raise UnsupportedSchema(f"type {kind} in a record")


def _added(constant: int, terms: list[str], lines: list[str]) -> list[str]:
    """Lines adding a constant, the expressions ``terms`` and what ``lines`` add to ``n``,
    indented for a block."""
    summed = ([str(constant)] if constant else []) + terms
    added = [f"n += {' + '.join(summed)}"] if summed else []
    return ["    " + line for line in added + lines]


def _struct_strings(kind: Any, value: str, depth: int) -> tuple[int, list[str], list[str]]:
    """:func:`_strings_of` a record: every key is written (defaults too), then its values."""
    constant, terms, lines = len(kind.fields), [], []
    for field in kind.fields:
        more, expressions, extra = _strings_of(field.type, f"{value}.{field.name}", depth + 1)
        constant += more
        terms += expressions
        lines += extra
    return constant, terms, lines


def _array_strings(kind: Any, value: str, depth: int) -> tuple[int, list[str], list[str]]:
    """:func:`_strings_of` a list (any length) or a tuple (a fixed one)."""
    if isinstance(kind, msgspec.inspect.TupleType):
        constant, terms, lines = 0, [], []
        for i, item in enumerate(kind.item_types):
            more, expressions, extra = _strings_of(item, f"{value}[{i}]", depth)
            constant += more
            terms += expressions
            lines += extra
        return constant, terms, lines
    var = f"v{depth + 1}"
    constant, terms, lines = _strings_of(kind.item_type, var, depth + 1)
    if not terms and not lines:
        times = f"{constant} * " if constant != 1 else ""
        return 0, [f"{times}len({value})"] if constant else [], []
    return 0, [], [f"for {var} in {value}:", *_added(constant, terms, lines)]


def string_counter(struct: type[msgspec.Struct]) -> Callable[[Any], int]:
    """A function giving the number of strings, keys included, in the canonical JSON encoding
    of a record of type ``struct`` (every field written, defaults too), from the record alone."""
    constant, terms, lines = _struct_strings(msgspec.inspect.type_info(struct), "v0", -1)
    # one sum, not a statement a field: a quarter fewer instructions
    body = [f"n = {' + '.join([str(constant), *terms])}", *lines, "return n"]
    scope: dict[str, Any] = {}
    exec("def strings(v0):\n" + "\n".join("    " + line for line in body), scope)
    made: Callable[[Any], int] = scope["strings"]
    return made


_ESCAPES = re.compile(rb'\\[\\"]')
"""An escaped backslash or an escaped quote."""


def escaped_quotes(line: bytes) -> int:
    """How many escaped quotes (``\\"``) the strings of ``line``, valid JSON, hold. Searched from
    the start, every match starts an escape (no other escape, ``\\n`` or ``\\u0022``, holds a
    backslash after its own), so ``\\\\"`` is an escaped backslash, not a quote."""
    return _ESCAPES.findall(line).count(b'\\"')


def has_key(line: bytes, key: bytes) -> bool:
    """Whether ``line``, a JSON object that decoded into a record whose objects all forbid
    unknown keys, has the key ``key`` (given quoted: ``b'"source"'``) in some object: ``key``
    then, after any white space, a colon. Searched from the end, where writers put the
    optional keys."""
    end = len(line)
    while (at := line.rfind(key, 0, end)) >= 0:
        after = at + len(key)
        while line[after : after + 1] in _SPACES:
            after += 1
        if line[after : after + 1] == b":":  # ``key`` ends a key (its first quote cannot be
            return True  # escaped: a key ending ``\"source"`` is unknown, and the line decoded)
        end = at + len(key) - 1
    return False


class _Defaulted(typing.NamedTuple):
    """A top-level key a line may leave out, and what its canonical encoding ``"name":default``
    holds."""

    name: str
    key: bytes
    """The name, quoted: ``b'"source"'``."""
    default: Any
    tails: tuple[bytes, ...]
    """Ends of lines that certainly have the key, with the default (compact, spaced; with and
    without the line's ``\\n``)."""
    quotes: int
    """How many ``"`` it holds."""


class FastModel:
    """The fast validator of one record type: ``accept(line)`` is the record or None."""

    def __init__(self, name: str) -> None:
        schema = record_schema(name)
        translator = _Translator(schema)
        self.name = name
        self.struct = translator.struct(name)
        self.decoder = msgspec.json.Decoder(self.struct)
        self.encoder = msgspec.json.Encoder()
        # The canonical encoding of the line being checked, in a buffer reused from line to line
        # (a fresh 1 KB bytes object per line costs a quarter of the encoding).
        self.buffer = bytearray()
        self.check = translator.checker(name)
        self.patterns = [p for taken in translator.patterns.values() for p in taken.values()]
        """The patterns :attr:`check` checks (with the values each has matched)."""
        self.strings = string_counter(self.struct)
        # A line starting as its canonical encoding does (no white space after the first key)
        # is compared with it first.
        first = next(iter(schema["properties"]))
        self.head = f'{{"{first}":'.encode()
        self.after_head = len(self.head)
        self.defaulted = self._defaulted(schema, translator)
        self.tails = self.defaulted[0].tails if len(self.defaulted) == 1 else None
        self.accept = self._accepter()
        """The decoded record when a line (bytes, with or without its final ``\\n``) is
        certainly valid; None when unsure or invalid."""

    def _defaulted(self, schema: dict[str, Any], translator: _Translator) -> list[_Defaulted]:
        """The top-level keys a line may leave out (the model gives a default)."""
        nested = {
            field
            for struct in translator.structs.values()
            if struct is not self.struct
            for field in struct.__struct_fields__
        }
        made = []
        for name, sub in schema["properties"].items():
            if name in schema["required"]:
                continue
            if name in nested:  # has_key could find the nested key instead
                raise UnsupportedSchema(f"{name}: optional, and a key of a nested record too")
            written = msgspec.json.encode(sub["default"])
            key = f'"{name}"'.encode()
            quotes = 2 + written.count(b'"')
            # ``"name":default}`` ends a line only as the last key of its record
            ends = (b"}", b"}\n")
            tails = tuple(key + colon + written + end for colon in (b":", b": ") for end in ends)
            made.append(_Defaulted(name, key, sub["default"], tails, quotes))
        return made

    def _missing(self, record: Any, line: bytes) -> list[_Defaulted]:
        """The defaulted keys ``line`` leaves out (a key whose value is not the default is
        there; so is one that ends the line as common writers write it last)."""
        missing = []
        for d in self.defaulted:
            if (
                getattr(record, d.name) == d.default
                and not line.endswith(d.tails)
                and not has_key(line, d.key)
            ):
                missing.append(d)
        return missing

    def _accepter(self) -> Callable[[bytes], Any]:
        """:attr:`accept`, a closure: the names it uses are its own, where an attribute of
        ``self`` costs a lookup each time (about a twentieth of a line in all)."""
        decode, check, strings = self.decoder.decode, self.check, self.strings
        encode_into, buffer = self.encoder.encode_into, self.buffer
        head, after_head, white = self.head, self.after_head, _WHITE
        defaulted, tails, missing_of = self.defaulted, self.tails, self._missing

        def accept(line: bytes) -> Any:
            try:
                record = decode(line)
                if check is not None:
                    check(record)
            except Exception:  # any failure means "ask the slow path", which explains it
                return None
            if line.startswith(head) and line[after_head] not in white:
                encode_into(record, buffer)
                if line[-1] == 10:  # ``\n``: read with its line end
                    buffer.append(10)
                if buffer == line:
                    return record
            # ``tails`` end a line that has the lone defaulted key (None when there are several)
            if not defaulted or (tails is not None and line.endswith(tails)):
                missing = None
            else:
                missing = missing_of(record, line)
            delimiters = line.count(b'"')
            # ``find``, not ``in``: for bytes, ``in`` costs four times as much
            if line.find(b"\\") >= 0:
                delimiters -= escaped_quotes(line)
            expected = 2 * strings(record)
            if missing:
                expected -= sum(d.quotes for d in missing)
            return record if delimiters == expected else None

        return accept


_DERIVED: dict[str, FastModel] = {}


def derive(model: str | type[Quote] | type[Article]) -> FastModel:
    """The (cached) fast validator of a record type, given by name (``"Quote"``) or model."""
    name = model if isinstance(model, str) else model.__name__
    if name not in _DERIVED:
        _DERIVED[name] = FastModel(name)
    return _DERIVED[name]


def fast_parse_line(
    line: bytes,
    model: type[Quote] | type[Article] | None = None,
    *,
    path: str = "<input>",
    number: int | None = None,
) -> Any:
    """:func:`quotes.io.jsonl.parse_line`, faster: a record (a derived struct or a model) or
    problems.

    Accepted records are ``msgspec.Struct`` instances with the record's fields (named as the
    model's: the record's methods are the model's alone); everything else gets exactly what
    :func:`~quotes.io.jsonl.parse_line` returns (which imports pydantic, the first time).
    """
    chosen = model.__name__ if model is not None else detect(line)
    if chosen is not None and len(line) <= MAX_LINE_BYTES:
        record = derive(chosen).accept(line)
        if record is not None:
            return record
    from quotes.io.jsonl import parse_line

    result: Quote | Article | list[Problem] = parse_line(line, model, path=path, number=number)
    return result
