"""A ``.bz2`` file cut at its bzip2 blocks, so that every worker decompresses its own part.

A bzip2 stream is a 4-byte header (``BZh1``-``BZh9``), blocks that each start with a 48-bit
magic number and their data's CRC and can be decoded alone, and an end marker (another magic
number) with the stream's CRC, made of the blocks' CRCs; a file may hold several streams one
after another. Blocks are not byte-aligned. :func:`cut` finds the magic numbers at every bit
offset, in one pass over the file in bounded memory, and groups the blocks into
:class:`Part`\\ s; :func:`decompress` makes one part a stream of its own (its bits shifted onto
a byte boundary, a header and an end marker with the part's CRC) for :mod:`bz2`, which checks
every block's CRC as it decodes it.

Nothing is guessed: :func:`cut` raises :class:`NotSplit` unless the file is exactly a
sequence of complete streams whose CRCs agree with their blocks' (a magic number found by
chance inside compressed data changes them), and :func:`decompress` raises it for a part that
does not decode. The caller then reads the whole file with the standard library, which finds
and reports whatever is wrong just as it does for any file.
"""

from __future__ import annotations

import bz2
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.io.bzip2 import BZ2_END, bz2_header

__all__ = [
    "AHEAD",
    "BLOCKS_MIN_BYTES",
    "BLOCKS_PER_PART",
    "MAX_PART_BYTES",
    "PIECE",
    "NotSplit",
    "Part",
    "cut",
    "cuttable",
    "decompress",
    "whole_lines",
]

BLOCKS_MIN_BYTES = 1024 * 1024
"""Smallest ``.bz2`` file (compressed bytes) cut at its blocks; a smaller one gains nothing."""
BLOCKS_PER_PART = 9
"""Blocks decompressed by one task: a block holds at most 900 kB (before bzip2's run-length
step), so about 8 MB of lines, like a byte range of a plain file."""
MAX_PART_BYTES = 64 * 1024 * 1024
"""Most bytes one part may decompress to (runs of one character expand far beyond 900 kB a
block): a part that would give more is left, with its file, to the standard library."""

PIECE = 64 * 1024
"""Bytes decompressed at a time: one large output a part would be new memory, mapped and
zeroed by the kernel, for every part (a tenth of the CPU time went to it)."""
AHEAD = 4 * 1024 * 1024
"""Bytes decompressed before the pieces are handed on: a block's decoding (3.6 MB of tables)
and the checking of its lines, taking turns a piece at a time, push each other's data out of
the processor's cache; in turns of a few blocks, a part takes about a tenth less CPU time."""

_BLOCK = 0x314159265359  # a block's magic number (the digits of pi)
_MASK = (1 << 48) - 1
_READ = 8 * 1024 * 1024  # compressed bytes scanned at a time
_OVERLAP = 16  # bytes scanned twice, so that a magic number and its CRC across two reads is seen


class NotSplit(Exception):
    """The file cannot be cut at its blocks (or a part does not decode): read it whole."""


@dataclass(frozen=True)
class Part:
    """Consecutive blocks of one stream: bits ``start`` to ``end`` of the file, and the CRC a
    stream of just these blocks ends with."""

    start: int
    end: int
    crc: int


def _needles(magic: int) -> list[tuple[int, bytes]]:
    # A magic number that starts ``shift`` bits into a byte covers whole bytes 1 to 5 of the
    # 7 bytes from that byte: those 5 bytes are searched for, the rest is checked.
    return [(shift, (magic << (8 - shift)).to_bytes(7, "big")[1:6]) for shift in range(8)]


_NEEDLES = [(magic, _needles(magic)) for magic in (_BLOCK, BZ2_END)]


def _marks(data: bytes, base: int, done: int, limit: int) -> list[tuple[int, int, int]]:
    """``(bit, magic, crc)`` of the magic numbers in ``data`` (which starts at byte ``base`` of
    the file) that start at bit ``done`` or later and whose CRC ends by bit ``limit``."""
    found = []
    for magic, needles in _NEEDLES:
        for shift, needle in needles:
            at = data.find(needle, 1)
            while at >= 0:
                window = data[at - 1 : at + 10]
                bit = (base + at - 1) * 8 + shift
                if len(window) * 8 >= shift + 80 and done <= bit and bit + 80 <= limit:
                    value = int.from_bytes(window, "big") >> (len(window) * 8 - shift - 80)
                    if value >> 32 & _MASK == magic:
                        found.append((bit, magic, value & 0xFFFFFFFF))
                at = data.find(needle, at + 1)
    found.sort()
    return found


def _scan(path: Path) -> Iterator[tuple[int, int, int]]:
    """Every magic number in the file, in order: ``(bit, magic, crc)``."""
    size = path.stat().st_size
    done, base = 0, 0
    with path.open("rb") as f:
        while base < size:
            f.seek(base)
            data = f.read(_READ)
            if not data:
                break
            last = base + len(data) >= size
            limit = (base + len(data)) * 8
            yield from _marks(data, base, done, limit)
            if last:
                break
            done = limit - 79  # a magic number starting here or later is read again
            base = base + len(data) - _OVERLAP


def _rotate(crc: int) -> int:
    return ((crc << 1) | (crc >> 31)) & 0xFFFFFFFF


def _header(path: Path, at: int) -> bool:
    """Whether a stream's header is at byte ``at``."""
    with path.open("rb") as f:
        f.seek(at)
        return bz2_header(f.read(4))


def cuttable(path: str | os.PathLike[str]) -> bool:
    """Whether a file is one to cut at its blocks: a regular ``.bz2`` file of
    :data:`BLOCKS_MIN_BYTES` or more (whether it can be is for :func:`cut` to find)."""
    p = Path(path)
    try:
        return p.suffix.lower() == ".bz2" and p.is_file() and p.stat().st_size >= BLOCKS_MIN_BYTES
    except OSError:
        return False


def cut(path: str, blocks_per_part: int | None = None) -> Iterator[Part]:
    """The parts of a ``.bz2`` file, in order, as they are found (of :data:`BLOCKS_PER_PART`
    blocks by default); raises :class:`NotSplit` (possibly after some parts) unless the file is
    exactly a sequence of complete streams."""
    blocks_per_part = blocks_per_part or BLOCKS_PER_PART
    p = Path(path)
    size = p.stat().st_size
    if not _header(p, 0):
        raise NotSplit(f"{path}: does not start with a bzip2 header")
    starting = 32  # the bit where a stream's first magic number must be; -1 inside a stream
    group: list[tuple[int, int]] = []  # (bit, crc) of the blocks of the part being made
    combined = 0  # the CRC of the stream so far
    for bit, magic, crc in _scan(p):
        if starting >= 0 and bit != starting:
            raise NotSplit(f"{path}: a stream's first block is not at bit {starting}")
        starting = -1
        if magic == _BLOCK:
            if len(group) == blocks_per_part:
                yield _part(group, bit)
                group = []
            group.append((bit, crc))
            combined = _rotate(combined) ^ crc
            continue
        if crc != combined:
            raise NotSplit(f"{path}: the stream ending at bit {bit} has another CRC")
        if group:
            yield _part(group, bit)
        group, combined = [], 0
        after = (bit + 80 + 7) // 8  # the byte after the end marker, its CRC and padding
        if after == size:
            return
        if not _header(p, after):
            raise NotSplit(f"{path}: bytes after a stream's end are not a bzip2 header")
        starting = after * 8 + 32
    raise NotSplit(f"{path}: the last stream has no end")


def _part(group: list[tuple[int, int]], end: int) -> Part:
    crc = 0
    for _, block_crc in group:
        crc = _rotate(crc) ^ block_crc
    return Part(group[0][0], end, crc)


def decompress(path: str, part: Part, limit: int | None = None) -> Iterator[bytes]:
    """The bytes a part decompresses to, :data:`PIECE` bytes at a time (decompressed
    :data:`AHEAD` bytes ahead); raises :class:`NotSplit` if it does not decode (a damaged block,
    or a magic number found by chance) or gives more than ``limit`` bytes (default
    :data:`MAX_PART_BYTES`)."""
    limit = MAX_PART_BYTES if limit is None else limit
    decompressor = bz2.BZ2Decompressor()
    ready: list[bytes] = []  # pieces decompressed, not yet handed on
    held = given = 0
    try:
        piece = decompressor.decompress(_stream(path, part), PIECE)
        while True:
            given += len(piece)
            if given > limit:
                raise NotSplit(f"{path}: bits {part.start}-{part.end} give over {limit} bytes")
            if piece:
                ready.append(piece)
                held += len(piece)
            if decompressor.eof:
                break
            if decompressor.needs_input:
                raise NotSplit(f"{path}: bits {part.start}-{part.end} do not decode alone")
            if held >= AHEAD:
                yield from ready
                ready, held = [], 0
            piece = decompressor.decompress(b"", PIECE)
    except (OSError, EOFError, ValueError) as e:
        raise NotSplit(f"{path}: bits {part.start}-{part.end} do not decode: {e}") from None
    yield from ready


def _stream(path: str, part: Part) -> bytes:
    """A part as a stream of its own: a header, its bits shifted onto a byte boundary, and an
    end marker with the part's CRC."""
    first = part.start // 8
    with open(path, "rb") as f:
        f.seek(first)
        raw = f.read((part.end + 7) // 8 - first)
    bits = part.end - part.start
    value = int.from_bytes(raw, "big") >> (len(raw) * 8 - (part.end - first * 8))
    value &= (1 << bits) - 1
    value = (((value << 48) | BZ2_END) << 32) | part.crc
    bits += 80
    pad = -bits % 8
    return b"BZh9" + (value << pad).to_bytes((bits + pad) // 8, "big")


def whole_lines(pieces: Iterable[bytes], edges: list[bytes | None]) -> Iterator[list[bytes]]:
    """The whole lines (without their line ends) of a part's pieces, a list at a time; at the end
    ``edges`` gets the part's bytes before its first line end and after its last, or all its
    bytes and None when it has no line end: the line cut at each edge is the caller's."""
    unfinished: list[bytes] = []  # the pieces of the line being read
    head: bytes | None = None
    for piece in pieces:
        lines = piece.split(b"\n")
        if len(lines) == 1:
            unfinished.append(piece)
            continue
        unfinished.append(lines[0])
        lines[0] = b"".join(unfinished)
        unfinished = [lines.pop()]
        if head is None:
            head = lines.pop(0)
        yield lines
    rest = b"".join(unfinished)
    edges += [rest, None] if head is None else [head, rest]
