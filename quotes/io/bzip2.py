"""The bzip2 format's facts that its readers share (:mod:`quotes.io.files`, which reads a stream
whole, and :mod:`quotes.io.blocks`, which cuts it at its blocks)."""

from __future__ import annotations

__all__ = ["BZ2_END", "bz2_header"]

BZ2_END = 0x177245385090
"""The 48-bit marker ending a bzip2 stream (then the stream's 32-bit CRC, and 0-7 zero bits)."""


def bz2_header(head: bytes) -> bool:
    """Whether ``head`` (4 bytes) is a bzip2 stream's header: ``BZh1`` to ``BZh9``."""
    return len(head) == 4 and head[:3] == b"BZh" and b"1" <= head[3:] <= b"9"
