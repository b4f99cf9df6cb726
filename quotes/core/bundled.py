"""The bundled data: the configs (one JSON Lines file and one record model each) and their files.

:data:`CONFIGS` is the one table of them; the Hub card's configs, ``datasets`` features,
Croissant's record sets and the JSON Schema files are all generated from it.
"""

from __future__ import annotations

import contextlib
import importlib.resources
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quotes.core.models import Article, Quote

__all__ = ["ARTICLES", "CONFIGS", "QUOTES", "Config", "ConfigName", "data_path"]

ConfigName = Literal["quotes", "articles"]
"""The name of a config, as the Hub and :func:`quotes.to_dataset` call it."""


@dataclass(frozen=True)
class Config:
    """One config of the dataset: a bundled JSON Lines file of one record type."""

    file: str
    """The file's name in ``quotes/data/``."""
    model: type[Quote] | type[Article]
    """The record model of every line."""
    record: str
    """What one record is, in a few words (for the card)."""

    @property
    def path(self) -> str:
        """The file's path relative to the repository root (and inside the wheel)."""
        return f"quotes/data/{self.file}"


CONFIGS: dict[ConfigName, Config] = {
    "quotes": Config("quotes.jsonl", Quote, "attributed utterance"),
    "articles": Config("articles.jsonl", Article, "source article"),
}
"""Config name -> config; the first, ``quotes``, is the default."""
QUOTES, ARTICLES = CONFIGS["quotes"], CONFIGS["articles"]
"""The two configs by name, for the files' names (``QUOTES.file``)."""


@contextlib.contextmanager
def data_path(name: str) -> Iterator[Path]:
    """A real filesystem path to a bundled data file (``articles.jsonl`` or ``quotes.jsonl``)."""
    resource = importlib.resources.files("quotes") / "data" / name
    with importlib.resources.as_file(resource) as path:
        yield path
