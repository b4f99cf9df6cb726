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
than the schema allows, and lines longer than :data:`MAX_LINE_BYTES`.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import json
import lzma
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, cast, overload

from pydantic import ValidationError

from .models import Article, Quote
from .report import Problem

__all__ = ["MAX_LINE_BYTES", "Record", "RecordError", "parse_line", "read", "write"]

Record = Quote | Article
R = TypeVar("R", Quote, Article)

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest line accepted (64 MiB); longer lines are reported as ``line-too-long``."""

_OPENERS: dict[str, Callable[..., Any]] = {
    ".gz": gzip.GzipFile,
    ".bz2": bz2.BZ2File,
    ".xz": lzma.LZMAFile,
}
_BOM = b"\xef\xbb\xbf"


class RecordError(ValueError):
    """A record could not be read or is invalid. ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing by suffix; ``-`` is standard input."""
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    opener = _OPENERS.get(p.suffix.lower())
    if opener is not None:
        return cast(IO[bytes], opener(p, "rb"))
    return p.open("rb")


def iter_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, line)`` for each non-blank line, without its line end.

    Raises :class:`RecordError` for a file that cannot be read or decompressed.
    """
    name = str(path)
    try:
        stream = open_binary(path)
    except OSError as e:
        raise RecordError(_unreadable(name, e)) from None
    number = 0
    try:
        with contextlib.nullcontext(stream) if name == "-" else stream:
            for number, raw in enumerate(stream, start=1):
                line = raw[3:] if number == 1 and raw.startswith(_BOM) else raw
                if not line.strip():
                    continue
                yield number, line.rstrip(b"\r\n")
    except (OSError, EOFError, lzma.LZMAError) as e:
        if isinstance(e, OSError) and not _is_compression_error(e):
            raise RecordError(_unreadable(name, e)) from None
        raise RecordError(
            Problem(
                name,
                number + 1 if number else None,
                None,
                "compression-error",
                f"cannot decompress: {e}; the file is corrupt or cut off, download it again",
            )
        ) from None


def _is_compression_error(e: OSError) -> bool:
    return isinstance(e, gzip.BadGzipFile) or "compressed" in str(e) or "stream" in str(e)


def _unreadable(name: str, e: OSError) -> Problem:
    reason = e.strerror or str(e)
    if isinstance(e, IsADirectoryError):
        hint = "give the JSONL files inside it instead"
    elif isinstance(e, FileNotFoundError):
        hint = "check the path"
    elif isinstance(e, PermissionError):
        hint = "check the file's permissions"
    else:
        hint = "check the file"
    return Problem(name, None, None, "unreadable-file", f"cannot read file: {reason}; {hint}")


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


def _syntax_problem(line: bytes) -> tuple[str, str | None, str] | None:
    """Return ``(type, field, message)`` for what pydantic's JSON parser lets through.

    pydantic accepts duplicate keys (the last wins) and NaN/Infinity; the standard library's
    parser, with hooks, rejects both, so a record means the same to every JSON reader.
    """
    try:
        json.loads(line, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as e:
        return "duplicate-key", str(e), f"key {e} appears twice in one object; keep one"
    except RecursionError:
        return (
            "invalid-json",
            None,
            "JSON nested too deeply",
        )
    except ValueError as e:
        return "invalid-json", None, f"{e}; write null or a number instead"
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

_HINTS = {
    "missing-field": "add it: every key must be present, null where the field allows it",
    "unknown-field": "remove it or check its spelling",
    "wrong-type": "fix the value's JSON type",
    "invalid-date": "use a real calendar date",
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
            message = "the line is not a JSON object; each line must be one {...} record"
        else:
            message = e["msg"].removeprefix("Value error, ")
            if kind in _HINTS:
                message = f"{message}; {_HINTS[kind]}"
            if kind == "invalid-json":
                message = f"{message}; each line must be one complete JSON object"
        problems.append(Problem(path, line, field, kind, message))
    return problems


def detect(line: bytes) -> type[Quote | Article] | None:
    """Which record type a raw line holds: quotes have ``article_id``, articles ``sha256``.

    Lines with neither are validated as quotes (so their problems are reported against the
    quote schema, the common case)."""
    if b'"article_id"' in line:
        return Quote
    if b'"sha256"' in line:
        return Article
    return None


def parse_line(
    line: bytes,
    model: type[Quote] | type[Article] | None = None,
    *,
    path: str = "<input>",
    number: int | None = None,
) -> Quote | Article | list[Problem]:
    """Validate one JSONL line as ``model`` (detected when None): the record, or its problems."""
    if len(line) > MAX_LINE_BYTES:
        message = f"line is {len(line)} bytes, more than the limit of {MAX_LINE_BYTES}"
        return [Problem(path, number, None, "line-too-long", message)]
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as e:
        message = f"not valid UTF-8 at byte {e.start}; re-encode the file as UTF-8"
        return [Problem(path, number, None, "encoding-error", message)]
    detected = detect(line)
    if model is not None and detected not in (None, model):
        given, found = ("quote", "article") if model is Quote else ("article", "quote")
        message = (
            f"this is {'an' if found == 'article' else 'a'} {found} record, but the file was read "
            f"as {given}s; pass {found} files as {found}s"
            + (" (--articles)" if found == "article" else "")
        )
        return [Problem(path, number, None, "wrong-record", message)]
    chosen = model or detected or Quote
    try:
        record = chosen.model_validate_json(line)
    except ValidationError as e:
        return problems_from_error(path, number, e)
    syntax = _syntax_problem(line)
    if syntax is not None:
        return [Problem(path, number, syntax[1], syntax[0], syntax[2])]
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


def dumps(record: Record) -> str:
    """The canonical JSONL line for ``record``: keys in model order, compact, UTF-8, newline."""
    return record.model_dump_json() + "\n"


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
) -> int:
    """Write ``records`` as canonical JSON Lines to ``path`` and return how many were written.

    The output is compressed by suffix (``.gz``, ``.bz2``, ``.xz``). Writing goes to a temporary
    file in the same folder that is renamed into place only when every record is written: an error
    or an interruption leaves any existing file untouched and no partial file behind.
    Raises ``FileExistsError`` if ``path`` exists, unless ``overwrite=True``.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(
            errno.EEXIST, "already exists (overwrite=True replaces it)", str(target)
        )
    count = 0
    with atomic_output(target) as tmp:
        opener = _OPENERS.get(target.suffix.lower())
        with opener(tmp, "wb") if opener else open(tmp, "wb") as out:
            for record in records:
                if not isinstance(record, Quote | Article):
                    raise TypeError(
                        f"record {count + 1} is a {type(record).__name__}, not a Quote or "
                        "Article; build one with Quote.model_validate(...) first"
                    )
                out.write(dumps(record).encode("utf-8"))
                count += 1
    return count


class atomic_output:
    """Context manager giving a temporary path beside ``target``; renamed onto it on success."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.tmp = Path()

    def __enter__(self) -> Path:
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise NotADirectoryError(
                errno.ENOTDIR, "not a folder", str(self.target.parent)
            ) from None
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", dir=self.target.parent)
        except OSError as e:  # name the file the user asked for, not the temporary one
            raise type(e)(e.errno, e.strerror, str(self.target)) from None
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type: object, exc: object, tb: object) -> Literal[False]:
        if exc_type is None:
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)
        return False
