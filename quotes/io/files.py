"""Files: reading lines in bounded memory, and writing files atomically.

* :func:`iter_lines` yields the numbered non-blank lines of a file (plain, ``.gz``, ``.bz2``,
  ``.xz``, or ``-`` for standard input) in memory bounded by :data:`MAX_LINE_BYTES`: a longer
  line is skipped unread and comes as a :class:`LongLine` of its length. Each file is read once.
* :class:`atomic_output` gives a temporary path beside the target, put in place only on
  success; the temporary file is removed on errors, on Ctrl-C and (:class:`terminate_cleanly`)
  on SIGTERM, and ones left by killed processes are swept away (:func:`sweep`).

Records (parsing, :func:`quotes.read`, :func:`quotes.write`) are :mod:`quotes.io.jsonl`'s job.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import io
import lzma
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any, Literal, cast

from quotes.core.problems import Problem, problem
from quotes.io.bzip2 import BZ2_END, bz2_header

__all__ = [
    "MAX_LINE_BYTES",
    "LongLine",
    "RecordError",
    "atomic_output",
    "clean_line",
    "is_regular",
    "iter_blocks",
    "iter_lines",
    "open_binary",
    "read_blocks",
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
_BOM = b"\xef\xbb\xbf"


class RecordError(ValueError):
    """A record could not be read or is invalid. ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def open_binary(path: str | os.PathLike[str], *, parallel: bool = True) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing by suffix; ``-`` is standard input.

    A large ``.bz2`` file is decompressed on every core when the optional ``indexed_bzip2``
    is installed (the ``fast-compressed`` extra; see :func:`_parallel_bz2`), giving the same
    bytes and the same errors as the standard library, which reads everything else (and, with
    ``parallel=False``, that file too: for a few lines, the threads would cost more).
    """
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    suffix = p.suffix.lower()
    opener = _OPENERS.get(suffix)
    if opener is None:
        return p.open("rb")
    if suffix == ".bz2" and parallel:
        fast = _parallel_bz2(p)
        if fast is not None:
            return fast
    return cast(IO[bytes], opener(p, "rb"))


PARALLEL_BZ2_MIN_BYTES = 1 << 20
"""Smallest ``.bz2`` file (compressed bytes) decompressed in parallel; smaller ones gain nothing."""


def _bz2_complete(p: Path) -> bool:
    """Whether the file starts like a bzip2 stream and its last bytes are a stream's end:
    not cut off, no trailing bytes (files that are not are left to the standard library)."""
    with p.open("rb") as f:
        head = f.read(4)
        f.seek(-11, os.SEEK_END)
        tail = int.from_bytes(f.read(11), "big")
    return bz2_header(head) and any(
        tail & ((1 << pad) - 1) == 0 and (tail >> (32 + pad)) & ((1 << 48) - 1) == BZ2_END
        for pad in range(8)
    )


def _parallel_bz2(p: Path) -> IO[bytes] | None:
    """A parallel reader of ``p`` when ``indexed_bzip2`` is installed, the file is large and
    looks complete; None otherwise (the standard library reads it)."""
    try:
        if p.stat().st_size < PARALLEL_BZ2_MIN_BYTES or not _bz2_complete(p):
            return None
        import indexed_bzip2  # the optional fast-compressed extra
    except (OSError, ImportError):
        return None
    try:
        fast = indexed_bzip2.open(str(p), parallelization=_cores())
    except Exception:  # any failure: the standard library reads and reports it
        return None
    return cast(IO[bytes], _CheckedReader(p, fast, bz2.BZ2File))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class _CheckedReader(io.RawIOBase):
    """Reads through a fast decompressor; if it fails, the standard library's reader takes over
    where it stopped (decompressing again the bytes already given, which it skips), so that
    the bytes given and the error raised are exactly the standard library's."""

    def __init__(self, path: Path, fast: Any, opener: Callable[..., Any]) -> None:
        super().__init__()
        self.path = path
        self.fast: Any = fast
        self.opener = opener
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
            except Exception:  # the standard library decides what is wrong
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
        self.slow = self.opener(self.path, "rb")
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


def read_blocks(
    stream: IO[bytes], size: int | None = None, limit: int = MAX_LINE_BYTES
) -> Iterator[list[bytes]]:
    """Every line of ``stream`` (blank ones too), without its ``\\n``, a list for each read from
    ``stream`` (about 64 KiB), reading at most ``size`` bytes (None: to the end), in memory
    bounded by ``limit``.

    A line longer than ``limit`` bytes is not kept: it comes as a :class:`LongLine` of its length
    (or as ``b""`` when it is only whitespace, so that it counts as blank).
    """
    block_size = min(_BLOCK, limit + 1)  # so a line inside one block is never over the limit
    parts: list[bytes] = []  # the unfinished line's pieces
    have = 0  # their length
    skipped = -1  # the length so far of an over-long line being skipped; -1 when none
    blank = True  # whether the line being skipped is whitespace so far
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
        pieces = block.split(b"\n")
        last = pieces.pop()
        if pieces:
            head = pieces[0]
            if skipped >= 0:
                long = blank and not head.strip()
                pieces[0] = b"" if long else LongLine(skipped + len(head))
                skipped, blank = -1, True
            elif parts:
                if have + len(head) > limit:
                    white = not head.strip() and not any(p.strip() for p in parts)
                    pieces[0] = b"" if white else LongLine(have + len(head))
                else:
                    parts.append(head)
                    pieces[0] = b"".join(parts)
                parts, have = [], 0
            yield pieces
        if skipped >= 0:
            skipped += len(last)
            blank = blank and not last.strip()
        elif last:
            if have + len(last) > limit:
                skipped = have + len(last)
                blank = not last.strip() and not any(p.strip() for p in parts)
                parts, have = [], 0
            else:
                parts.append(last)
                have += len(last)
    if skipped >= 0:
        yield [b"" if blank else LongLine(skipped)]
    elif parts:
        yield [b"".join(parts)]


def clean_line(line: bytes, first: bool) -> bytes | None:
    """``line`` as the readers number it: None when it is blank, else without a final ``\\r``
    and, when ``first`` (a file's line 1), without a byte order mark; a :class:`LongLine` as is."""
    if line.__class__ is LongLine:
        return line
    if first and line.startswith(_BOM):
        line = line[3:]
    return line.rstrip(b"\r") if line.strip() else None


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
    read before the error.
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
                number += len(block)
                yield block
    except (OSError, EOFError, lzma.LZMAError) as e:
        if isinstance(e, OSError) and not _is_compression_error(e):
            raise RecordError(_unreadable(name, e)) from None
        raise RecordError(
            problem("compression-error", name, number + 1 if number else None, error=e)
        ) from None


def _is_compression_error(e: OSError) -> bool:
    return isinstance(e, gzip.BadGzipFile) or "compressed" in str(e) or "stream" in str(e)


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


def exists_error(target: Path) -> FileExistsError:
    return FileExistsError(errno.EEXIST, "already exists (overwrite=True replaces it)", str(target))


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
        try:
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink()
        except OSError:
            pass


class atomic_output:
    """Context manager giving a temporary path beside ``target``; put in place on success.

    The temporary file (``.<name>.<pid>.<random>.tmp``) is removed on any error and, through
    :func:`terminate_cleanly`, on SIGTERM; ones left by killed processes are swept away.
    With ``overwrite=False`` the file is linked into place, failing if ``target`` exists.
    """

    def __init__(self, target: Path, *, overwrite: bool = True) -> None:
        self.target = target
        self.overwrite = overwrite
        self.tmp = Path()
        self.signals = terminate_cleanly()

    def __enter__(self) -> Path:
        folder = self.target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder)) from None
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
                self._place()
        finally:
            self.tmp.unlink(missing_ok=True)
            self.signals.__exit__(None, None, None)
        return False

    def _place(self) -> None:
        if self.overwrite:
            try:
                os.replace(self.tmp, self.target)
            except OSError as e:
                raise type(e)(e.errno, e.strerror, str(self.target)) from None
            return
        try:
            os.link(self.tmp, self.target)
        except FileExistsError:
            raise exists_error(self.target) from None
        except OSError:  # no hard links here: claim the name exclusively, then replace it
            try:
                os.close(os.open(self.target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                raise exists_error(self.target) from None
            os.replace(self.tmp, self.target)


def write_text_atomically(target: Path, text: str, *, overwrite: bool = True) -> Path:
    """Write ``text`` to ``target`` as UTF-8, line ends as given, through :class:`atomic_output`
    (so never half-written); return ``target``."""
    with atomic_output(target, overwrite=overwrite) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return target


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
