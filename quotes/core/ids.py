"""The id rules: what an article id may hold, the article id a file name or a source name gives,
and the quote id.

* An article id is letters, digits, ``_``, ``.`` and ``-``, at least one a letter or a digit
  (:data:`ARTICLE_ID`): so the usual file names (``000_49a0f48f2e7f7fe1.txt``,
  ``valdoria-budget.txt``, ``huff-post_2016-10-10_a.txt``) keep their stem as it is.
* A name becomes an id one way (:func:`article_key`): each character an id cannot hold (a space,
  ``/``, ``é``, ...) becomes ``.``. A text file gives the id of its whole stem, its name less
  the last suffix (:func:`article_id_for`): the rule of ``quotes extract``, the importers and
  the curation; Croissant reads it back with :data:`FILE_ARTICLE_ID`.
* A quote id is ``"<article_id>-<start of the first span>"`` (:func:`quote_id`); Croissant reads
  the article id back with :data:`QUOTE_ID_ARTICLE` (the last ``-`` starts the offset, so an
  article id may hold ``-`` too).
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

ARTICLE_ID = re.compile(r"^[A-Za-z0-9_.-]*[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""A valid article id."""
_NOT_IN_ARTICLE_ID = re.compile(r"[^A-Za-z0-9_.-]")

QUOTE_ID_ARTICLE = r"^(.+)-[0-9]+$"
"""The inverse of :func:`quote_id` as a regular expression: group 1 is the article id."""
FILE_ARTICLE_ID = r"^(.+)\.[^.]*$"
""":func:`article_id_for` as a regular expression, for a file name with a suffix whose stem is
already a valid id: group 1 is the article id."""


def quote_id(article_id: str, first_start: int) -> str:
    """The id rule: ``"<article_id>-<start of the first span>"``, e.g. ``"000-1234"``.

    Derived from content, so adding or reordering records never renames an existing one.
    """
    return f"{article_id}-{first_start}"


def article_key(name: str) -> str | None:
    """The article id of a name (a source's own name for an article, or a file's stem): each
    character an id cannot hold becomes ``.`` (``"Ab Test/1"`` gives ``"Ab.Test.1"``), the rest
    is kept (``"nyt_2016-03-21_x"`` stays as it is); None when no letter or digit is left."""
    key = _NOT_IN_ARTICLE_ID.sub(".", name)
    return key if ARTICLE_ID.fullmatch(key) else None


def article_id_for(filename: str | os.PathLike[str]) -> str:
    """The article id a file's name gives: its whole stem (the name less its last suffix) made an
    id by :func:`article_key`.

    ``"000_49a0f48f2e7f7fe1.txt"`` gives ``"000_49a0f48f2e7f7fe1"``, ``"valdoria-budget.txt"``
    gives ``"valdoria-budget"``, ``"Budget 2024.txt"`` gives ``"Budget.2024"``. Raises
    ``ValueError`` when the stem holds no letter or digit, saying how to rename the file.
    """
    name = PurePath(filename).name
    key = article_key(PurePath(name).stem)
    if key is None:
        raise ValueError(
            f"{name!r}: cannot make an article id from this file name; rename the file so that "
            "its name before the suffix holds a letter or a digit, e.g. 005_story.txt"
        )
    return key
