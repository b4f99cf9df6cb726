"""What a file that is not JSON Lines looks like, from its first bytes.

A file given where JSON Lines are expected may be of another well-known format: a Parquet file,
a zip archive (an ``.xlsx`` is one), an SQLite database, or compressed data without the suffix
(``.gz``, ``.bz2``, ``.xz``) that says how to read it. Its bytes are not UTF-8, so it would be
reported line by line as ``encoding-error`` with the hint to re-encode it, which sends the user
the wrong way. Instead, the readers look at the first bytes of every input as read (after
decompression, for a file whose suffix names a compression) and, when they begin with one of
the :data:`SIGNATURES`, report the whole file once as ``wrong-format`` at its line 1: what it
looks like and what to do, and read no further. No JSON Lines file begins with any of them
(none begins a JSON value or white space), so a valid file is never refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.core.problems import Problem, problem

__all__ = ["HEAD_BYTES", "SIGNATURES", "Signature", "head_of", "recognize", "wrong_format"]


@dataclass(frozen=True)
class Signature:
    """A format known by the bytes it begins with."""

    magic: tuple[bytes, ...]
    """What such a file begins with (any one of them)."""
    what: str
    """What the file looks like, after "this looks like"."""
    advice: str
    """What to do instead."""


_COMPRESSED = "rename it to end in {suffix} (quotes then reads it), or decompress it"
_BZIP2_BLOCKS = (b"1AY&SY", b"\x17rE8P\x90")  # a first block, or the end of an empty stream
_EXPORT = "quotes reads JSON Lines: export it to JSON Lines (one record a line) first"

SIGNATURES: tuple[Signature, ...] = (
    Signature((b"PAR1",), "a Parquet file", _EXPORT),
    Signature((b"ARROW1",), "an Arrow (Feather) file", _EXPORT),
    Signature((b"SQLite format 3\x00",), "an SQLite database", _EXPORT),
    Signature(
        (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"),
        "a zip archive (an .xlsx spreadsheet is one)",
        "unzip it and give the JSON Lines file inside; a spreadsheet must be exported first",
    ),
    Signature(
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), "an Excel (.xls) or other Office file", _EXPORT
    ),
    Signature((b"\x1f\x8b",), "gzip-compressed data", _COMPRESSED.format(suffix=".gz")),
    Signature(
        tuple(b"BZh%d%s" % (n, block) for n in range(1, 10) for block in _BZIP2_BLOCKS),
        "bzip2-compressed data",
        _COMPRESSED.format(suffix=".bz2"),
    ),
    Signature((b"\xfd7zXZ\x00",), "xz-compressed data", _COMPRESSED.format(suffix=".xz")),
    Signature(
        (b"\x28\xb5\x2f\xfd",),
        "zstd-compressed data",
        "decompress it (quotes reads .gz, .bz2 and .xz files)",
    ),
    Signature(
        (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"),
        "UTF-32 text",
        "quotes reads UTF-8: re-encode the file as UTF-8",
    ),
    Signature(
        (b"\xff\xfe", b"\xfe\xff"), "UTF-16 text", "quotes reads UTF-8: re-encode the file as UTF-8"
    ),
)
"""The formats recognized, most specific first (UTF-32's byte order mark begins like UTF-16's)."""

HEAD_BYTES = 32
"""Bytes enough to recognize every signature."""


def recognize(head: bytes) -> Signature | None:
    """The signature that ``head`` (a file's first bytes) begins with, if any."""
    for signature in SIGNATURES:
        if head.startswith(signature.magic):
            return signature
    return None


def head_of(lines: Sequence[bytes]) -> bytes:
    """The first :data:`HEAD_BYTES` bytes of a file from its first lines as read (split at
    ``\\n``, without their line ends)."""
    head = b""
    for line in lines:
        if type(line) is not bytes:  # a line too long to be read: its bytes are not at hand
            break
        head += line + b"\n"
        if len(head) >= HEAD_BYTES:
            break
    return head[:HEAD_BYTES]


def wrong_format(path: str, head: bytes) -> Problem | None:
    """The ``wrong-format`` problem of the file ``path`` whose first bytes are ``head``, or None
    when they begin no known format."""
    signature = recognize(head)
    if signature is None:
        return None
    return problem("wrong-format", path, 1, what=signature.what, hint=signature.advice)
