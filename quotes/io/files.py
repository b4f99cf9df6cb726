"""Files: reading lines in bounded memory, and writing files atomically.

* :func:`iter_lines` yields the numbered non-blank lines of a file (plain, ``.gz``, ``.bz2``,
  ``.xz``, or ``-`` for standard input) in memory bounded by :data:`MAX_LINE_BYTES`: a longer
  line is skipped unread and comes as a :class:`LongLine` of its length. Each file is read once.
* :func:`staged` writes a set of output files: it refuses existing ones first
  (:class:`OutputExists`), gives paths in a staging folder and moves every file into place only
  on success. :class:`atomic_output` is its one-file case. Staging files and folders are removed
  on errors, on Ctrl-C and (:class:`terminate_cleanly`) on SIGTERM, and ones left by killed
  processes are swept away (:func:`sweep`).

Records (parsing, :func:`quotes.read`, :func:`quotes.write`) are :mod:`quotes.io.jsonl`'s job.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import io
import json
import lzma
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any, Literal, cast

from quotes.core.problems import Problem, problem
from quotes.io.blocks import NotSplit, cut
from quotes.io.signatures import head_of, wrong_format

__all__ = [
    "MAX_LINE_BYTES",
    "CompressionError",
    "LongLine",
    "NotSameFileSystem",
    "OutputBusy",
    "OutputExists",
    "Overwrite",
    "RecordError",
    "Stage",
    "atomic_output",
    "clean_line",
    "decompressing",
    "is_regular",
    "iter_blocks",
    "iter_lines",
    "open_binary",
    "read_blocks",
    "refuse_existing",
    "staged",
    "sweep",
    "terminate_cleanly",
    "write_text_atomically",
]

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest line accepted (64 MiB); longer lines are skipped unread, as ``line-too-long``."""

# Bytes read at a time: under malloc's threshold for mapping memory (128 KiB), so that every
# read reuses freed memory; 1 MiB reads were each given new pages, zeroed by the kernel, which
# cost 5-10% of validating a plain file.
_BLOCK = 64 * 1024
_FAST_READ = 4 << 20  # bytes read at a time from a parallel decompressor

_OPENERS: dict[str, Callable[..., Any]] = {
    ".gz": gzip.GzipFile,
    ".bz2": bz2.BZ2File,
    ".xz": lzma.LZMAFile,
}
"""The writers of compressed files, by suffix (reading is :class:`_Streams`' job)."""
_BOM = b"\xef\xbb\xbf"


class RecordError(ValueError):
    """A record could not be read or is invalid. ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class CompressionError(OSError):
    """A compressed file that does not decode whole: ``offset`` is the byte of the file where
    the stream in which it was found starts (a stream's bytes are decoded together, so where in
    it is not known), or where the file ends inside a stream."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset

    def __reduce__(self) -> tuple[type[CompressionError], tuple[str, int]]:
        return CompressionError, (str(self), self.offset)


class _Inflater:
    """zlib's decompressor of one gzip member (header, data, CRC-32 and length all checked) with
    the interface of :class:`bz2.BZ2Decompressor`."""

    def __init__(self) -> None:
        self.inflate = zlib.decompressobj(wbits=31)

    @property
    def eof(self) -> bool:
        return self.inflate.eof

    @property
    def unused_data(self) -> bytes:
        return self.inflate.unused_data

    @property
    def needs_input(self) -> bool:
        return not self.inflate.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self.inflate.decompress(self.inflate.unconsumed_tail + data, max_length)


_DECODERS: dict[str, Callable[[], Any]] = {
    ".gz": _Inflater,
    ".bz2": bz2.BZ2Decompressor,
    ".xz": lzma.LZMADecompressor,
}
_DECODE_ERRORS = (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error)


class _Streams(io.RawIOBase):
    """The bytes of a compressed file of one or more streams (gzip members), in bounded memory.

    The one rule of every reader of compressed files: the file is valid only when every stream in
    it decodes and checks (its CRC included), and what follows a stream's end is nothing or
    another stream. Anything else (a damaged stream, bytes that are not a stream, trailing zero
    bytes, a file cut off, an empty file) raises :class:`CompressionError`, after the bytes
    decoded before it. The standard library's file readers take bytes that do not start a valid
    stream for trailing garbage and ignore them: its decompressors are used here, not them.
    """

    def __init__(self, raw: IO[bytes], make: Callable[[], Any]) -> None:
        super().__init__()
        self.raw = raw
        self.make = make
        self.decoder = make()
        self.start = 0  # the byte where the current stream starts
        self.fed = 0  # bytes of the file given to decoders so far

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        size = size if size is not None and size > 0 else _BLOCK
        while True:
            decoder = self.decoder
            if decoder.eof:
                rest = decoder.unused_data
                end = self.fed - len(rest)
                if not rest:
                    rest = self._feed()
                    if not rest:
                        return b""  # the file ends where a stream does
                self.decoder, self.start = self.make(), end
                data = self._decode(rest, size)
            elif decoder.needs_input:
                chunk = self._feed()
                if not chunk:
                    raise self._cut_off()
                data = self._decode(chunk, size)
            else:
                data = self._decode(b"", size)
            if data:
                return data

    def _feed(self) -> bytes:
        chunk = self.raw.read(_BLOCK)
        self.fed += len(chunk)
        return chunk

    def _decode(self, data: bytes, size: int) -> bytes:
        try:
            return cast(bytes, self.decoder.decompress(data, size))
        except _DECODE_ERRORS as e:
            reason = str(e) or type(e).__name__
            message = f"the stream at byte {self.start} does not decode: {reason}"
            raise CompressionError(message, self.start) from None

    def _cut_off(self) -> CompressionError:
        if not self.fed:
            return CompressionError("the file is empty: no compressed stream", 0)
        message = f"the file ends at byte {self.fed}, inside the stream at byte {self.start}"
        return CompressionError(message, self.fed)

    def readinto(self, buffer: Any) -> int:
        data = self.read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open_streams(path: Path) -> IO[bytes]:
    return decompressing(path.open("rb"), path.name)


def decompressing(raw: IO[bytes], name: str) -> IO[bytes]:
    """The bytes of ``raw`` decompressed by the suffix of ``name`` (``.gz``, ``.bz2``, ``.xz``;
    any other: ``raw`` itself) under the rule of :func:`open_binary`, for a caller that needs
    the compressed position (``raw.tell()``). Closing the result closes ``raw``."""
    make = _DECODERS.get(Path(name).suffix.lower())
    return raw if make is None else cast(IO[bytes], _Streams(raw, make))


def open_binary(path: str | os.PathLike[str], *, parallel: bool = True) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing by suffix; ``-`` is standard input.

    A compressed file is read by :class:`_Streams`: every stream in it must decode and check,
    else :class:`CompressionError` is raised (after the bytes before it). A large ``.bz2`` file
    is decompressed on every core when the optional ``indexed_bzip2`` is installed (the
    ``fast-compressed`` extra) and the file is proven a sequence of complete streams
    (:func:`_parallel_bz2`), giving the same bytes and the same errors; with ``parallel=False``
    never (for a few lines, the threads would cost more).
    """
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in _DECODERS:
        return p.open("rb")
    if suffix == ".bz2" and parallel:
        fast = _parallel_bz2(p)
        if fast is not None:
            return fast
    return _open_streams(p)


PARALLEL_BZ2_MIN_BYTES = 1 << 20
"""Smallest ``.bz2`` file (compressed bytes) decompressed in parallel; smaller ones gain nothing."""


def _bz2_sound(p: Path) -> bool:
    """Whether the file is exactly a sequence of complete bzip2 streams whose CRCs agree with
    their blocks' (:func:`quotes.io.blocks.cut`): ``indexed_bzip2`` checks each block's CRC, but
    neither a stream's nor what lies between streams, so it is given only such files."""
    try:
        for _ in cut(str(p), 1 << 30):
            pass
    except (NotSplit, OSError):
        return False
    return True


def _parallel_bz2(p: Path) -> IO[bytes] | None:
    """A parallel reader of ``p`` when ``indexed_bzip2`` is installed, the file is large and
    sound (:func:`_bz2_sound`); None otherwise (:class:`_Streams` reads it)."""
    try:
        if p.stat().st_size < PARALLEL_BZ2_MIN_BYTES:
            return None
        import indexed_bzip2  # the optional fast-compressed extra
    except (OSError, ImportError):
        return None
    if not _bz2_sound(p):
        return None
    try:
        fast = indexed_bzip2.open(str(p), parallelization=_cores())
    except Exception:  # any failure: the standard reader reads and reports it
        return None
    return cast(IO[bytes], _CheckedReader(fast, lambda: _open_streams(p)))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class _CheckedReader(io.RawIOBase):
    """Reads through a fast decompressor; if it fails, the standard reader (``open_slow()``)
    takes over where it stopped (decompressing again the bytes already given, which it skips),
    so that the bytes given and the error raised are exactly the standard reader's."""

    def __init__(self, fast: Any, open_slow: Callable[[], IO[bytes]]) -> None:
        super().__init__()
        self.fast: Any = fast
        self.open_slow = open_slow
        self.slow: Any = None
        self.given = 0  # bytes taken from the fast reader: all of them good
        self.buffer = memoryview(b"")  # what is left of the last read from the fast reader

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        size = size if size is not None and size >= 0 else _BLOCK
        if self.fast is not None and not self.buffer:
            try:
                # large reads: the parallel reader keeps every core busy (1 MiB reads starve it)
                self.buffer = memoryview(self.fast.read(_FAST_READ))
            except Exception:  # the standard reader decides what is wrong
                self._take_over()
            else:
                self.given += len(self.buffer)
        if self.fast is not None:
            data, self.buffer = self.buffer[:size], self.buffer[size:]
            return bytes(data)
        return cast(bytes, self.slow.read1(size))

    def readinto(self, buffer: Any) -> int:
        data = self.read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _take_over(self) -> None:
        self._close_fast()
        self.slow = self.open_slow()
        left = self.given
        while left > 0:
            skipped = self.slow.read(min(left, _BLOCK))
            if not skipped:
                break
            left -= len(skipped)

    def _close_fast(self) -> None:
        fast, self.fast = self.fast, None
        if fast is not None:
            with contextlib.suppress(Exception):
                fast.close()

    def close(self) -> None:
        self._close_fast()
        if self.slow is not None:
            self.slow.close()
        super().close()


class LongLine(bytes):
    """A line longer than :data:`MAX_LINE_BYTES`, skipped unread: no content, only its
    ``length`` in bytes (reading stops keeping a line at the limit and skips to its end)."""

    length: int

    def __new__(cls, length: int) -> LongLine:
        line = super().__new__(cls, b"")
        line.length = length
        return line

    def __reduce__(self) -> tuple[type[LongLine], tuple[int]]:
        return LongLine, (self.length,)


class _CutLine:
    """The line a block's end cuts: its pieces while it is within ``limit`` bytes; past that only
    its length so far (an over-long line is skipped, not kept) and whether it is blank so far."""

    __slots__ = ("blank", "have", "limit", "parts", "skipped")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []  # the pieces kept
        self.have = 0  # their length
        self.skipped = -1  # the length so far of an over-long line being skipped; -1 when none
        self.blank = True  # whether the line being skipped is whitespace so far

    def end(self, head: bytes) -> bytes:
        """The whole line, ``head`` being the next block's bytes up to its first ``\\n``."""
        if self.skipped >= 0:
            whole = b"" if self.blank and not head.strip() else LongLine(self.skipped + len(head))
            self.skipped, self.blank = -1, True
            return whole
        if not self.parts:
            return head
        if self.have + len(head) > self.limit:
            white = not head.strip() and not any(p.strip() for p in self.parts)
            whole = b"" if white else LongLine(self.have + len(head))
        else:
            self.parts.append(head)
            whole = b"".join(self.parts)
        self.parts, self.have = [], 0
        return whole

    def add(self, piece: bytes) -> None:
        """Go on with ``piece``, a block's bytes after its last ``\\n``: keep it, or count it
        once the line is over the limit."""
        if self.skipped >= 0:
            self.skipped += len(piece)
            self.blank = self.blank and not piece.strip()
        elif piece:
            if self.have + len(piece) > self.limit:
                self.skipped = self.have + len(piece)
                self.blank = not piece.strip() and not any(p.strip() for p in self.parts)
                self.parts, self.have = [], 0
            else:
                self.parts.append(piece)
                self.have += len(piece)

    def rest(self) -> list[bytes]:
        """The last line when the stream does not end with ``\\n`` (else nothing)."""
        if self.skipped >= 0:
            return [b"" if self.blank else LongLine(self.skipped)]
        return [b"".join(self.parts)] if self.parts else []


def read_blocks(
    stream: IO[bytes], size: int | None = None, limit: int | None = None, *, ends: bool = False
) -> Iterator[list[bytes]]:
    """Every line of ``stream`` (blank ones too), without its ``\\n``, a list for each read from
    ``stream`` (about 64 KiB), reading at most ``size`` bytes (None: to the end), in memory
    bounded by ``limit`` (None: :data:`MAX_LINE_BYTES`).

    A line longer than ``limit`` bytes is not kept: it comes as a :class:`LongLine` of its length
    (or as ``b""`` when it is only whitespace, so that it counts as blank).

    ``ends``: a line may keep its ``\\n`` (most do: lines are then found at memory speed, which
    halves the cost of cutting them; :func:`clean_line` drops it).
    """
    limit = MAX_LINE_BYTES if limit is None else limit
    block_size = min(_BLOCK, limit + 1)  # so a line inside one block is never over the limit
    cut = _CutLine(limit)
    left = size
    # read1: what one read of the source gives, so a cut-off compressed file yields its lines
    # up to the error (read(n) would drop them with the error)
    read = getattr(stream, "read1", stream.read)
    while left is None or left > 0:
        block = read(block_size if left is None else min(block_size, left))
        if not block:
            break
        if left is not None:
            left -= len(block)
        if ends:
            pieces = io.BytesIO(block).readlines()
            last = b"" if pieces[-1].endswith(b"\n") else pieces.pop()
        else:
            pieces = block.split(b"\n")
            last = pieces.pop()
        if pieces:
            pieces[0] = cut.end(pieces[0].removesuffix(b"\n") if ends else pieces[0])
            yield pieces
        cut.add(last)
    rest = cut.rest()
    if rest:
        yield rest


def clean_line(line: bytes, first: bool) -> bytes | None:
    """``line`` as the readers number it: None when it is blank, else without its line end
    (``\\n``, when :func:`read_blocks` kept it, and a final ``\\r``) and, when ``first`` (a
    file's line 1), without a byte order mark; a :class:`LongLine` as is."""
    if line.__class__ is LongLine:
        return line
    if first and line.startswith(_BOM):
        line = line[3:]
    return line.removesuffix(b"\n").rstrip(b"\r") if line.strip() else None


def iter_lines(
    path: str | os.PathLike[str], *, parallel: bool = True
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, line)`` for each non-blank line, without its line end.

    Lines longer than :data:`MAX_LINE_BYTES` come as :class:`LongLine` (not read into memory).
    Raises :class:`RecordError` for a file that cannot be read or decompressed. ``parallel``:
    see :func:`open_binary`.
    """
    number = 0
    for block in iter_blocks(path, parallel=parallel):
        for line in block:
            number += 1
            kept = clean_line(line, number == 1)
            if kept is not None:
                yield number, kept


def iter_blocks(path: str | os.PathLike[str], *, parallel: bool = True) -> Iterator[list[bytes]]:
    """Every line of the file at ``path`` as read (blank ones too; see :func:`read_blocks`), a
    list for each read; give each to :func:`clean_line` to number it as :func:`iter_lines` does.

    Raises :class:`RecordError` for a file that cannot be read or decompressed, after the lines
    read before the error, and for one of another format (:mod:`quotes.io.signatures`) before
    any line.
    """
    name = str(path)
    try:
        stream = open_binary(path, parallel=parallel)
    except OSError as e:
        raise RecordError(_unreadable(name, e)) from None
    number = 0
    try:
        with contextlib.nullcontext(stream) if name == "-" else stream:
            for block in read_blocks(stream):
                if not number and (other := wrong_format(name, head_of(block))):
                    raise RecordError(other)
                number += len(block)
                yield block
    except CompressionError as e:
        raise RecordError(
            problem("compression-error", name, number + 1 if number else None, error=e)
        ) from None
    except OSError as e:
        raise RecordError(_unreadable(name, e)) from None


def _unreadable(name: str, e: OSError) -> Problem:
    reason = e.strerror or str(e)
    hint = None  # the type's own
    if isinstance(e, IsADirectoryError):
        hint = "give the JSONL files inside it instead"
    elif isinstance(e, FileNotFoundError):
        hint = "check the path"
    elif isinstance(e, PermissionError):
        hint = "check the file's permissions"
    return problem("unreadable-file", name, None, hint=hint, reason=reason)


class OutputExists(FileExistsError):
    """Output files exist and may not be replaced: ``paths`` names them all, ``filename`` the
    first. Raised before anything is written (or, for a file that appeared meanwhile, instead of
    replacing it)."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        self.paths = [Path(p) for p in paths]
        super().__init__(errno.EEXIST, "already exists", str(self.paths[0]))

    def __reduce__(self) -> tuple[type[OutputExists], tuple[list[Path]]]:
        return OutputExists, (self.paths,)


Overwrite = bool | Callable[[Path], bool]
"""Which existing outputs may be replaced: all (True), none (False), or those a function accepts."""


def _replaceable(target: Path, overwrite: Overwrite) -> bool:
    return overwrite if isinstance(overwrite, bool) else overwrite(target)


def refuse_existing(targets: Iterable[Path], overwrite: Overwrite) -> None:
    """The overwrite rule: raise :class:`OutputExists` naming every one of ``targets`` that
    exists and that ``overwrite`` does not allow replacing."""
    existing = [t for t in targets if t.exists() and not _replaceable(t, overwrite)]
    if existing:
        raise OutputExists(existing)


def _place(tmp: Path, target: Path, overwrite: Overwrite) -> None:
    """Move ``tmp`` to ``target``: replacing it when allowed, else with an exclusive link, so that
    a file that appeared since the check is not replaced (:class:`OutputExists`)."""
    if overwrite is True or (target.exists() and _replaceable(target, overwrite)):
        try:
            os.replace(tmp, target)
        except OSError as e:
            raise type(e)(e.errno, e.strerror, str(target)) from None
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExists([target]) from None
    except OSError:  # no hard links here: claim the name exclusively, then replace it
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            raise OutputExists([target]) from None
        os.replace(tmp, target)


_TMP_SUFFIX = ".tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def sweep(folder: Path, prefix: str) -> None:
    """Remove this package's temporary files and folders named ``<prefix><pid>.*`` in
    ``folder`` whose process is gone (left by a run killed with SIGKILL)."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :].split(".", 1)[0].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        stale = folder / name
        if (stale / _JOURNAL).exists():
            _roll_back(stale)
        try:
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink()
        except OSError:
            pass


class atomic_output:
    """Context manager giving a temporary path beside ``target``; put in place on success.

    The one-file case of :func:`staged`, with the same overwrite rule: when ``overwrite`` does
    not allow replacing an existing ``target``, :class:`OutputExists` is raised on entry, and the
    file is linked into place exclusively, so of two writers racing, one fails. The temporary
    file (``.<name>.<pid>.<random>.tmp``) is removed on any error and, through
    :func:`terminate_cleanly`, on SIGTERM; ones left by killed processes are swept away.
    """

    def __init__(self, target: Path, *, overwrite: Overwrite = True) -> None:
        self.target = target
        self.overwrite = overwrite
        self.tmp = Path()
        self.signals = terminate_cleanly()

    def __enter__(self) -> Path:
        refuse_existing([self.target], self.overwrite)
        folder = self.target.parent
        _make_folder(folder)
        prefix = f".{self.target.name}."
        sweep(folder, prefix)
        self.signals.__enter__()
        try:
            fd, name = tempfile.mkstemp(
                prefix=f"{prefix}{os.getpid()}.", suffix=_TMP_SUFFIX, dir=folder
            )
        except OSError as e:  # name the file the user asked for, not the temporary one
            self.signals.__exit__(None, None, None)
            raise type(e)(e.errno, e.strerror, str(self.target)) from None
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type: object, exc: object, tb: object) -> Literal[False]:
        try:
            if exc_type is None:
                os.chmod(self.tmp, 0o644)
                _place(self.tmp, self.target, self.overwrite)
        finally:
            self.tmp.unlink(missing_ok=True)
            self.signals.__exit__(None, None, None)
        return False


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder)) from None


def write_text_atomically(target: Path, text: str, *, overwrite: Overwrite = True) -> Path:
    """Write ``text`` to ``target`` as UTF-8, line ends as given, through :class:`atomic_output`
    (so never half-written); return ``target``."""
    with atomic_output(target, overwrite=overwrite) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return target


_STAGING = "quotes-staging-"
_NEW = "new"  # the staging folder's new files: renamed to a fresh target whole
_OLD = "old"  # hard links to the files being replaced, to put them back
_JOURNAL = "placing.json"  # written before the first file is placed, removed after the last


class OutputBusy(OSError):
    """Another run (another process, or another thread) is writing outputs into the same
    folder: ``filename`` names it. Raised before anything is written."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(
            errno.EBUSY, "another run is writing into this folder; wait for it to end", str(folder)
        )

    def __reduce__(self) -> tuple[type[OutputBusy], tuple[str]]:
        return OutputBusy, (str(self.filename),)


class NotSameFileSystem(OSError):
    """An output folder is on another file system than its staging folder, so the files could
    not be moved into place at the end: ``filename`` names it. Raised before anything is
    written."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(
            errno.EXDEV,
            "on another file system than the output folder's staging folder, so the files "
            "cannot be moved into it; give an output folder on one file system",
            str(folder),
        )

    def __reduce__(self) -> tuple[type[NotSameFileSystem], tuple[str]]:
        return NotSameFileSystem, (str(self.filename),)


class Stage:
    """The staging folder of :func:`staged`: write each output under its name in ``folder``
    (:meth:`path`, :meth:`write_text`); ``written`` lists the files put in place, after success."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / _NEW
        self.folder.mkdir()
        self.written: list[Path] = []

    def path(self, name: str) -> Path:
        """Where to write the output ``name`` (a path relative to the target folder)."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_text(self, name: str, text: str) -> Path:
        """Write ``text`` as UTF-8 (line ends as given) to the output ``name``; return its path."""
        path = self.path(name)
        path.write_bytes(text.encode("utf-8"))
        return path


@contextlib.contextmanager
def staged(
    folder: str | os.PathLike[str], names: Iterable[str], *, overwrite: Overwrite = False
) -> Iterator[Stage]:
    """Write a set of output files into ``folder``, all or nothing: a transaction.

    Before anything is written, raises ``NotADirectoryError`` when ``folder`` is a file,
    :class:`OutputBusy` when another run writes into ``folder`` (an exclusive ``flock`` held for
    the whole run: on ``folder`` itself, or on ``.<name>.quotes-lock`` beside a folder not made
    yet), :class:`OutputExists` when any of ``names`` exists and ``overwrite`` does not allow
    replacing it, and :class:`NotSameFileSystem` when the staging folder and a folder the files go
    to are on different file systems. Gives a :class:`Stage` whose folder is inside ``folder``
    when it exists (``.quotes-staging-<pid>.<random>/new``), else beside it
    (``.<name>.quotes-staging-...``, so a failed run creates no ``folder``).

    The rule for readers, on success: a ``folder`` that did not exist appears whole, every file
    in it, in one ``rename``. Into an existing ``folder`` the files (the ones named first, in
    order, then any others by name) are moved one by one under the lock, each checked by the
    overwrite rule (an existing file never replaced without leave: exclusive links) with mode
    0o644; a failure between two moves puts back every file replaced (kept as hard links) and
    removes every file added, so ``folder`` is as it was. A journal in the staging folder lists
    the moves while they run: a run killed with SIGKILL among them is rolled back, and any
    staging folder of a process that is gone removed, by the next run into the same folder. On
    any error, Ctrl-C or SIGTERM the staging folder is removed and existing outputs are left
    untouched.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(target))
    if target.is_symlink() and not target.exists():
        message = "a symlink to nothing; create the folder it names or remove the symlink"
        raise NotADirectoryError(errno.ENOTDIR, message, str(target))
    declared = list(dict.fromkeys(names))
    outside = Path(os.path.abspath(target)).parent
    made = _make_folders(outside) if not target.is_dir() else []
    ok = False
    try:
        with terminate_cleanly(), _locked(target, outside):
            refuse_existing([target / name for name in declared], overwrite)
            sweep(outside, f".{target.name}.{_STAGING}")
            fresh = not target.is_dir()
            base, prefix = (outside, f".{target.name}.") if fresh else (target, ".")
            if not fresh:
                sweep(target, prefix + _STAGING)
            stage = _new_stage(base, prefix + _STAGING, target)
            try:
                _check_devices(stage.root, target, declared)
                yield stage
                stage.written = _commit(stage, target, declared, overwrite)
                ok = True
            finally:
                shutil.rmtree(stage.root, ignore_errors=True)
    finally:
        if not ok:
            for parent in reversed(made):
                with contextlib.suppress(OSError):
                    parent.rmdir()


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return the ones made, outermost first."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()][::-1]
    _make_folder(folder)
    return missing


def _new_stage(base: Path, prefix: str, target: Path) -> Stage:
    try:
        return Stage(Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}.", dir=base)))
    except OSError as e:  # name the folder asked for, not the staging one
        raise type(e)(e.errno, e.strerror, str(target)) from None


def _device(path: Path) -> int:
    """The file system ``path`` is on."""
    return os.stat(path).st_dev


def _check_devices(staging: Path, target: Path, declared: list[str]) -> None:
    """Raise :class:`NotSameFileSystem` for the first existing folder the files go to (the
    target, or a folder of a declared name inside it) on another file system than ``staging``:
    checked before any work, so that no run fails at its end."""
    home = _device(staging)
    folders = dict.fromkeys([target, *((target / name).parent for name in declared)])
    for path in folders:
        if path.is_dir() and _device(path) != home:
            raise NotSameFileSystem(path)


_HELD: dict[tuple[int, int, int], list[int]] = {}  # (device, inode, thread) -> [fd, uses]
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def _locked(target: Path, outside: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``target``'s outputs (see :func:`staged`); a thread that holds
    it may take it again (one run staging two files in one folder). :class:`OutputBusy` when
    another holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: exclusive links still refuse a race
        yield
        return
    lock_file = None if target.is_dir() else outside / f".{target.name}.quotes-lock"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644) if lock_file else os.open(target, 0)
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino, threading.get_ident())
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held is not None:
            held[1] += 1
            os.close(fd)
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                # a lock file removed by its holder meanwhile locks nothing
                if lock_file is not None and os.stat(lock_file).st_ino != info.st_ino:
                    raise BlockingIOError
            except OSError:
                os.close(fd)
                raise OutputBusy(target) from None
            held = _HELD[key] = [fd, 1]
    try:
        yield
    finally:
        with _HELD_GUARD:
            held[1] -= 1
            if held[1] == 0:
                del _HELD[key]
                if lock_file is not None:
                    lock_file.unlink(missing_ok=True)
                # unlocked, not only closed: forked workers share the descriptor
                fcntl.flock(held[0], fcntl.LOCK_UN)
                os.close(held[0])


def _commit(stage: Stage, target: Path, declared: list[str], overwrite: Overwrite) -> list[Path]:
    """Put the staged files in place (see :func:`staged`); return their targets."""
    order = {name: i for i, name in enumerate(declared)}
    made = [p.relative_to(stage.folder).as_posix() for p in stage.folder.rglob("*") if p.is_file()]
    names = sorted(made, key=lambda name: (order.get(name, len(order)), name))
    targets = [target / name for name in names]
    for name in names:
        os.chmod(stage.folder / name, 0o644)
    if not target.exists():
        try:
            os.rename(stage.folder, target)
            return targets
        except OSError as e:  # a folder made meanwhile, by this run (two files) or another
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise type(e)(e.errno, e.strerror, str(target)) from None
    refuse_existing(targets, overwrite)
    journal = stage.root / _JOURNAL
    journal.write_text(json.dumps({"target": os.path.abspath(target), "names": names}))
    placed: list[tuple[Path, Path | None]] = []
    try:
        for name, path in zip(names, targets, strict=True):
            _make_folder(path.parent)
            backup = _keep(path, stage.root / _OLD / name)
            _place(stage.folder / name, path, overwrite)
            placed.append((path, backup))
    except BaseException:
        _put_back(placed)
        raise
    journal.unlink()
    return targets


def _keep(path: Path, backup: Path) -> Path | None:
    """A hard link (else a copy) to the file at ``path`` at ``backup``; None when none is there."""
    if not path.is_file() or path.is_symlink():
        return None
    backup.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def _put_back(placed: list[tuple[Path, Path | None]]) -> None:
    """Undo moves, latest first: restore each file replaced, remove each file added."""
    for path, backup in reversed(placed):
        with contextlib.suppress(OSError):
            if backup is None:
                path.unlink()
            else:
                os.replace(backup, path)


def _roll_back(staging: Path) -> None:
    """Undo the moves of a run killed while it put its files in place (its journal says which):
    a file still staged was not moved; one moved is taken back, the file it replaced put back."""
    try:
        journal = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
        target, names = Path(journal["target"]), list(journal["names"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    moved: list[tuple[Path, Path | None]] = []
    for name in names:
        backup = staging / _OLD / name
        if backup.exists():
            moved.append((target / name, backup))
        elif not (staging / _NEW / name).exists():
            moved.append((target / name, None))
    _put_back(moved)


class terminate_cleanly:
    """While inside (in the main thread, with SIGTERM's default action in place), SIGTERM
    raises ``SystemExit(143)`` so that ``finally`` blocks remove temporary files; nested uses
    and other threads change nothing."""

    def __init__(self) -> None:
        self.previous: Any = None

    def __enter__(self) -> None:
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        ):
            self.previous = signal.signal(signal.SIGTERM, _terminate)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
            self.previous = None


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def is_regular(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file, which can be read twice (not ``-``, a pipe, a FIFO or
    a device). A missing or unreadable path counts as regular: reading it reports why."""
    if str(path) == "-":
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode) or stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return True
