"""The bundled data files, as real filesystem paths (:mod:`importlib.resources`)."""

from __future__ import annotations

import contextlib
import importlib.resources
from collections.abc import Iterator
from pathlib import Path

__all__ = ["data_path"]


@contextlib.contextmanager
def data_path(name: str) -> Iterator[Path]:
    """A real filesystem path to a bundled data file (``articles.jsonl`` or ``quotes.jsonl``)."""
    resource = importlib.resources.files("quotes") / "data" / name
    with importlib.resources.as_file(resource) as path:
        yield path
