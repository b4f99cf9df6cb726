"""Reports: validation results as values.

A :class:`Report` collects :class:`~quotes.core.problems.Problem` values (file, line, field, a
stable
``type`` from :data:`~quotes.core.problems.PROBLEM_TYPES`, a message saying how to fix it) with the
counts of what was read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from quotes.core.problems import Problem
from quotes.core.record_rules import KINDS

__all__ = ["Report"]

UNREADABLE = frozenset({"unreadable-file", "compression-error", "wrong-format"})
"""Problem types meaning an input could not be read (whole or to its end): the CLI exits 2."""


@dataclass
class Report:
    """The outcome of a validation run: counts of what was read, and every problem found."""

    problems: list[Problem] = field(default_factory=list)
    """Problems in file order, then line order."""
    files: list[str] = field(default_factory=list)
    """Files read."""
    quotes: int = 0
    """Quote records that passed every check run: record level, an id not seen before and, when
    :attr:`corpus_level`, their article's text. A quote with a problem is not counted, so the
    summary's "N quotes" are the good ones; with :attr:`truncated`, those before the first
    problem left out."""
    articles: int = 0
    """Article records that passed every check run (record level, an id not seen before)."""
    kinds: Counter[str] = field(default_factory=Counter)
    """:attr:`quotes` by kind."""
    corpus_level: bool = False
    """Whether quotes were checked against article texts (False: record level only)."""
    truncated: bool = False
    """Whether problems were left out because of ``max_errors``."""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    @property
    def unreadable(self) -> bool:
        """True when some input could not be read, whole or to its end (see :data:`UNREADABLE`)."""
        return any(p.type in UNREADABLE for p in self.problems)

    def summary(self) -> str:
        """One line for people: what was read and how it went, with the problems by type."""
        kinds = ", ".join(f"{self.kinds[k]} {k}" for k in KINDS if self.kinds[k])
        level = "checked against article texts" if self.corpus_level else "record level only"
        head = (
            f"{self.quotes} quotes{f' ({kinds})' if kinds else ''} and {self.articles} articles "
            f"in {len(self.files)} file(s), {level}"
        )
        if self.ok:
            return f"ok: {head}"
        more = "+" if self.truncated else ""
        types = Counter(p.type for p in self.problems)
        what = ", ".join(
            f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return f"{len(self.problems)}{more} problem(s) ({what}): {head}"

    def to_dict(self) -> dict[str, object]:
        """The report as plain JSON-ready data (``quotes validate --format json``)."""
        return {
            "ok": self.ok,
            "files": self.files,
            "quotes": self.quotes,
            "articles": self.articles,
            "kinds": dict(sorted(self.kinds.items())),
            "corpus_level": self.corpus_level,
            "truncated": self.truncated,
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as an indented JSON string."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
