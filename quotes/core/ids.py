"""The id rules: what an article id may hold, the article id a file name or a source name gives,
and the quote id.

* An article id is letters, digits, ``_`` and ``.`` (:data:`ARTICLE_ID`).
* A text file gives the id before the first ``_`` of its name (:func:`article_id_for`): the rule
  of curation and ``quotes extract``; Croissant reads it back with :data:`FILE_ARTICLE_ID`.
* An importer keeps a source's own name, each character an id cannot hold made ``.``
  (:func:`article_key`).
* A quote id is ``"<article_id>-<start of the first span>"`` (:func:`quote_id`); Croissant reads
  the article id back with :data:`QUOTE_ID_ARTICLE`.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

__all__ = [
    "ARTICLE_ID",
    "FILE_ARTICLE_ID",
    "QUOTE_ID_ARTICLE",
    "article_id_for",
    "article_key",
    "quote_id",
]

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_.]+$")
"""A valid article id."""
_NOT_IN_ARTICLE_ID = re.compile(r"[^A-Za-z0-9_.]")

QUOTE_ID_ARTICLE = r"^(.+)-[0-9]+$"
"""The inverse of :func:`quote_id` as a regular expression: group 1 is the article id."""
FILE_ARTICLE_ID = r"^([^_]+)_"
""":func:`article_id_for` as a regular expression, for a file name that has an ``_``: group 1
is the article id (a name without one does not match)."""


def quote_id(article_id: str, first_start: int) -> str:
    """The id rule: ``"<article_id>-<start of the first span>"``, e.g. ``"000-1234"``.

    Derived from content, so adding or reordering records never renames an existing one.
    """
    return f"{article_id}-{first_start}"


def article_id_for(filename: str | os.PathLike[str]) -> str:
    """The article id a text file's name gives: the name up to its first ``_``, or, without an
    ``_``, the name less its last suffix.

    ``"000_49a0f48f2e7f7fe1.txt"`` gives ``"000"``, ``"story.txt"`` gives ``"story"``. The rule
    of every tool that names an article after its file (curation, ``quotes extract``,
    Croissant's :data:`FILE_ARTICLE_ID`). Raises ``ValueError`` when the result is not a valid
    article id (letters, digits, ``.`` only), saying how to rename the file.
    """
    name = PurePath(filename).name
    key = name.split("_", 1)[0] if "_" in name else PurePath(name).stem
    if not key or not ARTICLE_ID.fullmatch(key):
        raise ValueError(
            f"{name!r}: cannot make an article id from this file name ({key!r}); rename the file "
            "so that the part before the first '_' is letters, digits and dots, e.g. 005_story.txt"
        )
    return key


def article_key(name: str) -> str | None:
    """An article id from a source's own name, for the importers: each character an id cannot
    hold becomes ``.`` (``"nyt_2016-03-21_x"`` gives ``"nyt_2016.03.21_x"``); None when only
    dots are left."""
    key = _NOT_IN_ARTICLE_ID.sub(".", name)
    return key if key.strip(".") else None
