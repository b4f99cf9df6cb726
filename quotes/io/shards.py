"""Output files written as numbered shards, with a manifest, and joined back into the files.

A sharded output folder holds, for every output file (e.g. ``quotes.jsonl``), its shards
(``quotes.part-00000.jsonl``, ``quotes.part-00001.jsonl``, ...) and one ``manifest.json``
naming, for each output file in order, its shards in order, with the lines, bytes and SHA-256 of
each shard and of the whole file. The shards of a file, concatenated in the manifest's order,
are that file, byte for byte: :func:`concat` writes them (all or nothing, every hash checked).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.io.files import Overwrite, Stage, staged

__all__ = ["MANIFEST", "BadShards", "ShardedFiles", "concat", "read_manifest", "shard_name"]

MANIFEST = "manifest.json"
"""The manifest's name in a sharded output folder."""
_KIND = "quotes-shards"
_CHUNK = 1 << 20


class BadShards(ValueError):
    """A sharded output folder whose manifest is missing or unreadable, or whose shards are not
    the ones it names (missing, or other bytes); nothing was written. ``path`` names the file."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path


def shard_name(name: str, index: int) -> str:
    """The name of shard ``index`` of the output file ``name``: ``quotes.part-00003.jsonl``."""
    stem, dot, suffix = name.partition(".")
    return f"{stem}.part-{index:05d}{dot}{suffix}"


@dataclass
class _File:
    """An output file's shards, as written so far."""

    name: str
    shards: list[dict[str, Any]] = field(default_factory=list)
    whole: Any = field(default_factory=hashlib.sha256)


class ShardedFiles:
    """Output files written shard by shard into a :class:`~quotes.io.files.Stage`: shard
    ``index`` of each file at :meth:`path`; :meth:`done` counts and hashes a written shard, and
    :meth:`write_manifest` writes the manifest once every shard is done."""

    def __init__(self, stage: Stage, names: Sequence[str]) -> None:
        self.stage = stage
        self.files = {name: _File(name) for name in names}

    def path(self, name: str, index: int) -> Path:
        """Where to write shard ``index`` of the output file ``name``."""
        return self.stage.path(shard_name(name, index))

    def done(self, index: int) -> None:
        """Shard ``index`` of every file is written: count and hash it (the next shard is
        ``index + 1``)."""
        for file in self.files.values():
            if len(file.shards) != index:
                raise ValueError(f"shard {index} of {file.name} is out of order")
            shard = shard_name(file.name, index)
            lines, size, digest = _measure(self.stage.path(shard), file.whole)
            file.shards.append({"name": shard, "lines": lines, "bytes": size, "sha256": digest})

    def write_manifest(self) -> None:
        """Write ``manifest.json``: every file, in order, with its shards."""
        files = [
            {
                "name": file.name,
                "lines": sum(s["lines"] for s in file.shards),
                "bytes": sum(s["bytes"] for s in file.shards),
                "sha256": file.whole.hexdigest(),
                "shards": file.shards,
            }
            for file in self.files.values()
        ]
        text = json.dumps({"kind": _KIND, "version": 1, "files": files}, indent=2)
        self.stage.write_text(MANIFEST, text + "\n")


def _measure(path: Path, whole: Any = None) -> tuple[int, int, str]:
    """Lines, bytes and SHA-256 of the file at ``path`` (its bytes also fed to ``whole``)."""
    digest, lines, size = hashlib.sha256(), 0, 0
    for chunk in _chunks(path):
        digest.update(chunk)
        if whole is not None:
            whole.update(chunk)
        lines += chunk.count(b"\n")
        size += len(chunk)
    return lines, size, digest.hexdigest()


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def read_manifest(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The files a sharded output folder holds, as its manifest lists them (each with
    ``name``, ``lines``, ``bytes``, ``sha256`` and ``shards``). Raises :class:`BadShards` when
    there is no readable manifest."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") != _KIND:
            raise ValueError
        files: list[dict[str, Any]] = data["files"]
        names = [name for file in files for name in (file["name"], *_shard_names(file))]
    except OSError as e:
        raise BadShards(path, f"cannot read the manifest ({e.strerror or e})") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BadShards(path, "not a manifest of sharded quotes output") from None
    for name in names:
        _safe_name(path, name)
    return files


def _shard_names(file: dict[str, Any]) -> list[object]:
    return [shard["name"] for shard in file["shards"]]


def _safe_name(manifest: Path, name: object) -> None:
    """Refuse a name in the manifest that is not a plain file name (no folders, no ``..``)."""
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise BadShards(manifest, f"names {name!r}, which is not a file name in its folder")


def concat(
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    overwrite: Overwrite = False,
) -> list[Path]:
    """Join the shards of a sharded output folder into its files, written into ``out`` (default:
    the same folder), all or nothing (:func:`quotes.io.files.staged`); return the files written.

    Every shard is checked against the manifest (bytes and SHA-256) as it is copied, and each
    file's hash as a whole: :class:`BadShards` (nothing written) when one differs or is missing.
    :class:`quotes.io.files.OutputExists` when a file exists and ``overwrite`` is false."""
    source = Path(folder)
    files = read_manifest(source)
    target = source if out is None else Path(out)
    with staged(target, [file["name"] for file in files], overwrite=overwrite) as stage:
        for file in files:
            _join(source, file, stage.path(file["name"]))
    return stage.written


def _join(source: Path, file: dict[str, Any], into: Path) -> None:
    """Copy the shards of ``file`` in order into ``into``, each checked against the manifest."""
    whole = hashlib.sha256()
    with into.open("wb") as out:
        for shard in file["shards"]:
            path = source / shard["name"]
            digest, size = hashlib.sha256(), 0
            try:
                for chunk in _chunks(path):
                    out.write(chunk)
                    whole.update(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            except OSError as e:
                raise BadShards(path, f"cannot read the shard ({e.strerror or e})") from None
            if size != shard["bytes"] or digest.hexdigest() != shard["sha256"]:
                raise BadShards(path, "the shard differs from its manifest (other bytes)")
    if whole.hexdigest() != file["sha256"]:
        raise BadShards(source / MANIFEST, f"{file['name']}: the shards join to other bytes")
