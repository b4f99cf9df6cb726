"""Problems and reports: validation results as values.

A :class:`Problem` names the file, the line, the field, a stable ``type`` (safe to match on in
scripts; the full list is :data:`PROBLEM_TYPES`) and a message that says how to fix it.
A :class:`Report` collects them with the counts of what was read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

__all__ = ["PROBLEM_TYPES", "Problem", "Report"]

PROBLEM_TYPES: dict[str, str] = {
    # reading
    "unreadable-file": "the file cannot be opened or read (missing, a directory, no permission)",
    "compression-error": "a .gz, .bz2 or .xz file is corrupt or cut off",
    "encoding-error": "the line is not valid UTF-8",
    "line-too-long": "the line is longer than the reader accepts",
    "invalid-json": "the line is not one complete JSON value (NaN and Infinity are not JSON)",
    "duplicate-key": "an object has the same key twice",
    "not-an-object": "the line is JSON but not an object",
    "wrong-record": "an article record where quotes were expected, or the reverse",
    # record level
    "missing-field": "a required key is absent (every key is present; use null for no value)",
    "unknown-field": "a key that the schema does not define",
    "wrong-type": "the value has the wrong JSON type",
    "invalid-value": "the value is not one of the allowed values or is out of range",
    "invalid-date": "not a real calendar date in YYYY-MM-DD form",
    "bad-span": "start/end are reversed, overlapping or out of order",
    "quote-length": "the quote text's length disagrees with its spans",
    "id-rule": "the quote id is not '<article_id>-<first span start>'",
    "inconsistent-record": "fields of one record contradict each other",
    "sha256-mismatch": "an article's sha256 does not match its text",
    # corpus level
    "duplicate-id": "two records share an id",
    "unknown-article": "a quote names an article that is not in the articles given",
    "span-out-of-range": "an offset lies past the end of the article text",
    "text-mismatch": "the text at the offsets is not the text the record states",
    "quote-mismatch": "quote is not the spans' text joined by single spaces",
    "date-mismatch": "date or date_precision differs from the article's publication date",
    "outlet-mismatch": "outlet differs from the article's outlet",
    "region-mismatch": "region disagrees with where the spans stand in the article",
    "too-many-errors": "the report stopped listing problems at --max-errors",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as possible."""

    path: str
    """The file, as given (``-`` for standard input)."""
    line: int | None
    """1-based line number, or None for a problem with the whole file."""
    field: str | None
    """Dotted path of the offending field (``spans.0.1``, ``speaker.mention``), or None."""
    type: str
    """A stable name from :data:`PROBLEM_TYPES`."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.type}]"


@dataclass
class Report:
    """The outcome of a validation run: counts of what was read, and every problem found."""

    problems: list[Problem] = field(default_factory=list)
    """Problems in file order, then line order."""
    files: list[str] = field(default_factory=list)
    """Files read."""
    quotes: int = 0
    """Quote records that passed record-level validation."""
    articles: int = 0
    """Article records that passed record-level validation."""
    kinds: Counter[str] = field(default_factory=Counter)
    """Valid quote records by kind."""
    corpus_level: bool = False
    """Whether quotes were checked against article texts (False: record level only)."""
    truncated: bool = False
    """Whether problems were left out because of ``max_errors``."""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """One line for people: what was read and how it went, with the problems by type."""
        order = {"direct": 0, "mixed": 1, "indirect": 2}
        kinds = ", ".join(
            f"{n} {k}" for k, n in sorted(self.kinds.items(), key=lambda kv: order.get(kv[0], 3))
        )
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
