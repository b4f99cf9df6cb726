"""What the articles' ``rights`` allow a Hub folder to carry, and the licence its card states.

An article's ``rights`` is free text (each importer writes its corpus's). Three cases are told
apart by what the statement says:

* it forbids redistribution (``do not redistribute``: PolNeAR, Quotebank): the texts may not be
  published, so :func:`licence` refuses them with :class:`RedistributionRefused`, unless a
  private, gated folder is asked for;
* it names one Creative Commons licence and no publisher's reserved rights (the German Wikinews
  corpus: CC BY-NC-SA 4.0): that licence is the card's;
* anything else (texts whose publishers keep their rights, as in the bundled data, or unknown
  rights): the card's licence is ``other``, explained in ``LICENSE.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.core.models import Article

__all__ = ["LICENCE_FILE", "Licence", "RedistributionRefused", "licence", "licence_file"]

LICENCE_FILE = "LICENSE.md"
"""The file of a Hub folder that holds the rights statements in full."""

_NO_REDISTRIBUTION = re.compile(
    r"do not redistribute|not (?:be )?redistributed|no redistribution", re.IGNORECASE
)
_RESERVED = re.compile(r"all rights|copyright of the publisher|rights reserved", re.IGNORECASE)
_CREATIVE_COMMONS = re.compile(r"\bCC[ -]BY(?P<terms>(?:-(?:NC|SA|ND))*)[ -](?P<version>\d\.\d)\b")


class RedistributionRefused(ValueError):
    """The rights of some articles forbid redistributing their texts, and a public folder was
    asked for. ``statements`` maps each such rights statement to its number of articles."""

    def __init__(self, statements: Counter[str]) -> None:
        n = sum(statements.values())
        said = "; ".join(
            f"{s!r} ({k} article{'s' if k != 1 else ''})" for s, k in statements.items()
        )
        self.reason = (
            f"{n} article{'s' if n != 1 else ''} may not be redistributed, so their texts cannot "
            f"go into a public Hub dataset: their rights say {said}"
        )
        """Why, without the remedy (which the caller words)."""
        super().__init__(
            f"{self.reason}. Only a folder for a private, gated repository (gated=True) may hold "
            "them, for the people those rights allow"
        )
        self.statements = statements


@dataclass(frozen=True)
class Licence:
    """The licence fields of a card."""

    license: str
    """The Hub's licence id (``cc-by-nc-sa-4.0``), or ``other``."""
    license_name: str
    """A short name of the licence (the id itself for a Creative Commons licence)."""
    license_link: str
    """The licence's deed, or the folder's :data:`LICENCE_FILE` for ``other``."""
    details: str
    """One sentence on what the licence covers."""


def _creative_commons(statement: str) -> str | None:
    """The Hub id of the one Creative Commons licence ``statement`` names, if it names one and
    reserves no publisher's rights."""
    found = {
        f"cc-by{m['terms'].lower()}-{m['version']}" for m in _CREATIVE_COMMONS.finditer(statement)
    }
    if len(found) != 1 or _RESERVED.search(statement):
        return None
    return found.pop()


def licence(articles: Sequence[Article], *, gated: bool = False) -> Licence:
    """The licence of a Hub folder holding ``articles``, from their ``rights``.

    Raises :class:`RedistributionRefused` when some rights forbid redistribution and ``gated``
    is false (a gated folder gets a research-only ``other`` licence)."""
    statements = Counter(a.rights for a in articles)
    forbidden = Counter({s: n for s, n in statements.items() if _NO_REDISTRIBUTION.search(s)})
    if forbidden and not gated:
        raise RedistributionRefused(forbidden)
    if forbidden:
        return Licence(
            "other",
            "research-only-no-redistribution",
            LICENCE_FILE,
            "The rights of some texts forbid redistribution: the folder is for a private, gated "
            f"repository only. The rights of every text are in {LICENCE_FILE}.",
        )
    ids = {_creative_commons(s) for s in statements}
    if len(ids) == 1 and (only := ids.pop()) is not None:
        terms, version = only.removeprefix("cc-").rsplit("-", 1)
        return Licence(
            only,
            only,
            f"https://creativecommons.org/licenses/{terms}/{version}/",
            f"The texts and annotations are under {only.upper()}, as their rights say; see "
            f"{LICENCE_FILE}.",
        )
    return Licence(
        "other",
        "texts-under-their-rights-holders-terms",
        LICENCE_FILE,
        "The texts remain under their rights holders' terms, as each article's rights say; "
        f"they are not covered by an open licence. See {LICENCE_FILE}.",
    )


def licence_file(articles: Sequence[Article], chosen: Licence) -> str:
    """The text of :data:`LICENCE_FILE`: the licence chosen and every rights statement."""
    statements = Counter(a.rights for a in articles)
    lines = ["# Licence", "", f"Licence of this folder: `{chosen.license}`. {chosen.details}", ""]
    lines += ["## The rights of the texts", ""]
    for statement, n in sorted(statements.items(), key=lambda item: (-item[1], item[0])):
        lines += [f"{n} article{'s' if n != 1 else ''}:", "", f"> {statement}", ""]
    return "\n".join(lines)
