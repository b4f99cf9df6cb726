"""Reading and writing JSON Lines records.

* :func:`read` streams validated records from any JSONL file (plain, ``.gz``, ``.bz2``, ``.xz``,
  or ``-`` for standard input) and raises :class:`RecordError` at the first bad line.
* :func:`write` writes canonical JSONL atomically: a temporary file renamed into place, so an
  interrupted run never leaves a half-written file.

What the reader accepts, decided once for the reader and the validator alike: UTF-8 only; a byte
order mark at the very start of the file is skipped; ``\\n`` and ``\\r\\n`` line ends; blank
(whitespace-only) lines are skipped but still counted in line numbers; an empty file holds zero
records. Everything else that is not one JSON object per line is an error: invalid UTF-8, a line
cut off, trailing characters, ``NaN``/``Infinity``, duplicate keys, a non-object, nesting deeper
than the schema allows, and lines longer than :data:`MAX_LINE_BYTES` (skipped unread).
Reading lines and writing files atomically are :mod:`quotes.io.files`'s job.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import ValidationError

from quotes.core import record_rules as records
from quotes.core.models import Article, Quote
from quotes.core.problems import Problem, problem, wrong_record
from quotes.io.files import (
    _OPENERS,
    MAX_LINE_BYTES,
    LongLine,
    RecordError,
    atomic_output,
    iter_lines,
)

__all__ = [
    "NotShallow",
    "Record",
    "detect",
    "dumps",
    "encode",
    "parse_line",
    "problems_from_error",
    "read",
    "shallow",
    "write",
]

Record = Quote | Article
R = TypeVar("R", Quote, Article)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _DuplicateKey(ValueError):
    pass


def _syntax_problem(line: bytes, path: str, number: int | None) -> Problem | None:
    """The problem pydantic's JSON parser lets through, if any.

    pydantic accepts duplicate keys (the last wins) and NaN/Infinity; the standard library's
    parser, with hooks, rejects both, so a record means the same to every JSON reader.
    """
    try:
        json.loads(line, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as e:
        return problem("duplicate-key", path, number, str(e), key=e)
    except RecursionError:
        return problem("invalid-json", path, number, detail="JSON nested too deeply", hint="")
    except ValueError as e:
        return problem(
            "invalid-json", path, number, detail=str(e), hint="write null or a number instead"
        )
    return None


_TYPE_NAMES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "json_invalid": "invalid-json",
    "model_type": "not-an-object",
    "literal_error": "invalid-value",
    "string_pattern_mismatch": "invalid-value",
    "string_too_short": "invalid-value",
    "too_short": "invalid-value",
    "too_long": "invalid-value",
    "greater_than_equal": "invalid-value",
    "less_than_equal": "invalid-value",
    "finite_number": "invalid-value",
    "date_parsing": "invalid-date",
    "date_from_datetime_parsing": "invalid-date",
    "date_type": "wrong-type",
}


def problems_from_error(path: str, line: int | None, error: ValidationError) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems with stable types and fix hints."""
    problems = []
    for e in error.errors(include_url=False):
        raw = e["type"]
        kind = _TYPE_NAMES.get(raw) or (raw if "-" in raw else None)
        if kind is None:
            kind = "wrong-type" if raw.endswith("_type") else "invalid-value"
        field = ".".join(str(part) for part in e["loc"]) or e.get("ctx", {}).get("field")
        if kind == "not-an-object" and field is None:
            problems.append(problem(kind, path, line))
        elif kind == "not-an-object":  # a nested record that is not an object
            problems.append(problem(kind, path, line, field, detail=e["msg"], hint=""))
        else:
            detail = e["msg"].removeprefix("Value error, ")
            problems.append(problem(kind, path, line, field, detail=detail))
    return problems


def detect(line: bytes) -> type[Quote | Article] | None:
    """Which record model a raw line holds (the rule: :func:`quotes.core.record_rules.detect`)."""
    name = records.detect(line)
    return Quote if name == "Quote" else Article if name == "Article" else None


def parse_line(
    line: bytes,
    model: type[Quote] | type[Article] | None = None,
    *,
    path: str = "<input>",
    number: int | None = None,
) -> Quote | Article | list[Problem]:
    """Validate one JSONL line as ``model`` (detected when None): the record, or its problems."""
    length = line.length if isinstance(line, LongLine) else len(line)
    if length > MAX_LINE_BYTES or isinstance(line, LongLine):
        return [problem("line-too-long", path, number, length=length, limit=MAX_LINE_BYTES)]
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as e:
        return [problem("encoding-error", path, number, byte=e.start)]
    detected = detect(line)
    if model is not None and detected not in (None, model):
        return [wrong_record(path, number, "article" if model is Quote else "quote")]
    chosen = model or detected or Quote
    try:
        record = chosen.model_validate_json(line)
    except ValidationError as e:
        return problems_from_error(path, number, e)
    syntax = _syntax_problem(line, path, number)
    if syntax is not None:
        return [syntax]
    return record


@overload
def read(path: str | os.PathLike[str], model: type[R]) -> Iterator[R]: ...
@overload
def read(path: str | os.PathLike[str], model: None = None) -> Iterator[Record]: ...


def read(path: str | os.PathLike[str], model: type[R] | None = None) -> Iterator[Any]:
    """Stream validated records from a JSONL file, one at a time.

    ``model`` is :class:`~quotes.Quote` or :class:`~quotes.Article`; by default each line's type is
    detected (quotes carry ``article_id``, articles ``sha256``). Compressed files (``.gz``,
    ``.bz2``, ``.xz``) are read transparently and ``-`` reads standard input.

    Raises :class:`RecordError` at the first invalid line; its ``problem`` names the file, the
    line and the field. Checks against article texts are :func:`quotes.validate`'s job.

    >>> from quotes import Quote, read
    >>> first = next(read(bundled_quotes_path, Quote))  # doctest: +SKIP
    """
    name = str(path)
    for number, line in iter_lines(path):
        result = parse_line(line, model, path=name, number=number)
        if isinstance(result, list):
            raise RecordError(result[0])
        yield result


SHALLOW = 8
"""How deep (arrays and objects) a line :func:`shallow` reads may nest."""


@functools.cache
def _shallow() -> tuple[Callable[[bytes], Any], type[Exception]]:
    """msgspec's decoder of JSON values nested at most :data:`SHALLOW` deep (deeper ones it
    refuses), and the error it raises (msgspec is imported when first needed: the features
    load no validation engine)."""
    import msgspec

    kind: Any = str | int | float | bool | None
    for _ in range(SHALLOW):
        kind = str | int | float | bool | None | list[kind] | dict[str, kind]
    return msgspec.json.Decoder(kind).decode, msgspec.DecodeError


class NotShallow(ValueError):
    """A line :func:`shallow` does not read: ``json.loads`` says what it holds."""


def shallow(line: bytes) -> Any:
    """The value ``json.loads(line)`` gives, about twice as fast, for a line nested at most
    :data:`SHALLOW` deep that msgspec reads; raises :class:`NotShallow` for any other line.

    The two agree on every JSON text both read (both take RFC 8259's grammar, the last of two
    duplicate keys, and numbers to the same int or nearest float); msgspec refuses invalid JSON
    or UTF-8, ``NaN``, lone surrogates, integers past 64 bits and a byte order mark, which
    ``json.loads`` reads or refuses as it does: call it on those, where it was called (nested
    that shallow, no line can make it raise ``RecursionError``; deeper, its limit is the
    caller's)."""
    decode, refused = _shallow()
    try:
        return decode(line)
    except refused:
        raise NotShallow from None


def encode(record: Record) -> bytes:
    """The canonical JSONL line for ``record``, as the bytes written: keys in model order,
    compact, UTF-8, newline (made as bytes: no text decoded and encoded again)."""
    return record.__pydantic_serializer__.to_json(record) + b"\n"


def dumps(record: Record) -> str:
    """:func:`encode`'s line as text."""
    return encode(record).decode("utf-8")


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
) -> int:
    """Write ``records`` as canonical JSON Lines to ``path`` and return how many were written.

    The output is compressed by suffix (``.gz``, ``.bz2``, ``.xz``). Writing goes to a temporary
    file in the same folder that is renamed into place only when every record is written: an error
    or an interruption (SIGINT, SIGTERM) leaves any existing file untouched and no partial file
    behind. Raises :class:`~quotes.io.files.OutputExists` (a ``FileExistsError``) if ``path``
    exists, unless ``overwrite=True``; without it, the file is put in place with an exclusive
    link, so of two writers racing, one fails.
    """
    target = Path(path)
    count = 0
    with atomic_output(target, overwrite=overwrite) as tmp:
        opener = _OPENERS.get(target.suffix.lower())
        with opener(tmp, "wb") if opener else open(tmp, "wb") as out:
            for record in records:
                if not isinstance(record, Quote | Article):
                    raise TypeError(
                        f"record {count + 1} is a {type(record).__name__}, not a Quote or "
                        "Article; build one with Quote.model_validate(...) first"
                    )
                out.write(encode(record))
                count += 1
    return count
