"""Problems: what is wrong with the input, as values, made from one registry of problem types.

Every :class:`Problem` the package reports is made by :func:`problem` from a :class:`ProblemType`
in :data:`REGISTRY`: a stable ``name`` (safe to match on in scripts), a ``title`` saying what it
means, a message ``template`` filled from the call's named values, and a ``hint`` saying how to
fix it, appended after ``"; "``. A call may give a more precise hint for its case. Types whose
rule lives in the record models (:mod:`quotes.core.models`) or in pydantic get the model's message
as
``detail`` instead of a template: the rule and its message are written once, next to each other.

``too-many-errors`` is not a problem type: stopping at ``max_errors`` says nothing about any
file or line, so it is a property of the report (``Report.truncated``, the ``+`` in its summary,
and the CLI's "stopped after N problem(s)" line), never a problem in the list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PROBLEM_TYPES",
    "REGISTRY",
    "Problem",
    "ProblemType",
    "duplicate_id",
    "problem",
    "wrong_record",
]


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: its stable name, what it means, its message and how to fix it."""

    name: str
    """The stable name (``Problem.type``)."""
    title: str
    """What the problem means, for the documentation (:data:`PROBLEM_TYPES`)."""
    template: str
    """The message, ``str.format``-ed with the named values given to :func:`problem`."""
    hint: str = ""
    """How to fix it, appended to the message after ``"; "`` (empty: the message says it);
    formatted like ``template``."""


_DETAIL = "{detail}"  # the message comes from the models or pydantic, which own the rule

_TYPES = [
    # reading
    ProblemType(
        "unreadable-file",
        "the file cannot be opened or read (missing, a directory, no permission)",
        "cannot read file: {reason}",
        "check the file",
    ),
    ProblemType(
        "compression-error",
        "a .gz, .bz2 or .xz file is corrupt or cut off",
        "cannot decompress: {error}",
        "the file is corrupt or cut off, download it again",
    ),
    ProblemType(
        "wrong-format",
        "the file is of another format (Parquet, a zip archive or spreadsheet, a database, "
        "compressed data without its suffix, UTF-16 text): it is not read",
        "this looks like {what}, not UTF-8 JSON Lines",
        "quotes reads JSON Lines",
    ),
    ProblemType(
        "encoding-error",
        "the line is not valid UTF-8",
        "not valid UTF-8 at byte {byte}",
        "re-encode the file as UTF-8",
    ),
    ProblemType(
        "line-too-long",
        "the line is longer than the reader accepts (it is skipped unread)",
        "line is {length} bytes, more than the limit of {limit}",
        "is the file JSON Lines, one record per line?",
    ),
    ProblemType(
        "invalid-json",
        "the line is not one complete JSON value (NaN and Infinity are not JSON)",
        _DETAIL,
        "each line must be one complete JSON object",
    ),
    ProblemType(
        "duplicate-key",
        "an object has the same key twice",
        "key {key} appears twice in one object",
        "keep one",
    ),
    ProblemType(
        "not-an-object",
        "the line is JSON but not an object",
        "the line is not a JSON object",
        "each line must be one {{...}} record",
    ),
    ProblemType(
        "wrong-record",
        "an article record where quotes were expected, or the reverse",
        "this is {a_found} record, but the file was read as {given}s",
        "pass {found} files as {found}s",
    ),
    # record level
    ProblemType(
        "missing-field",
        "a required key is absent (every key is present; use null for no value)",
        _DETAIL,
        "add it: every key must be present, null where the field allows it",
    ),
    ProblemType(
        "unknown-field",
        "a key that the schema does not define",
        _DETAIL,
        "remove it or check its spelling",
    ),
    ProblemType(
        "wrong-type", "the value has the wrong JSON type", _DETAIL, "fix the value's JSON type"
    ),
    ProblemType(
        "invalid-value", "the value is not one of the allowed values or is out of range", _DETAIL
    ),
    ProblemType(
        "invalid-date",
        "not a real calendar date in YYYY-MM-DD form",
        _DETAIL,
        "use a real calendar date",
    ),
    ProblemType("bad-span", "start/end are reversed, overlapping or out of order", _DETAIL),
    ProblemType("quote-length", "the quote text's length disagrees with its spans", _DETAIL),
    ProblemType(
        "quoted-outside-content", "a quoted part is not within the quote's content", _DETAIL
    ),
    ProblemType("id-rule", "the quote id is not '<article_id>-<first span start>'", _DETAIL),
    ProblemType("inconsistent-record", "fields of one record contradict each other", _DETAIL),
    ProblemType("sha256-mismatch", "an article's sha256 does not match its text", _DETAIL),
    # corpus level
    ProblemType(
        "duplicate-id",
        "two records share an id",
        "{record} id {id!r} appears twice",
        "ids must be unique across files",
    ),
    ProblemType(
        "unknown-article",
        "a quote names an article that is not in the articles given",
        "no article with id {article_id!r} in the articles given",
        "add it, or give the articles file that holds it too",
    ),
    ProblemType(
        "span-out-of-range",
        "an offset lies past the end of the article text",
        "end {end} is past the end of the article text ({length})",
    ),
    ProblemType(
        "text-mismatch",
        "the text at the offsets is not the text the record states",
        "text[{start}:{end}] is {actual!r}, not {stated!r}",
        "fix the offsets or the text",
    ),
    ProblemType(
        "quote-mismatch",
        "quote is not the spans' text joined by single spaces",
        "the spans' text joined by single spaces is {joined!r}, not the quote {quote!r}",
        "fix the offsets or the quote",
    ),
    ProblemType(
        "kind-mismatch",
        "the kind disagrees with the content and its quoted parts",
        "kind is {kind!r}, but the quoted parts make it {derived!r}",
        "a quote is direct when its quoted parts hold every letter and digit of its content, "
        "mixed when they hold some (docs/annotation.md)",
    ),
    ProblemType(
        "date-mismatch",
        "date or date_precision differs from the article's publication date",
        "date {date} ({precision}) must equal the article's published {published} "
        "({published_precision})",
    ),
    ProblemType(
        "outlet-mismatch",
        "outlet differs from the article's outlet",
        "outlet {outlet!r} must equal the article's outlet {article_outlet!r}",
    ),
    ProblemType(
        "region-mismatch",
        "region disagrees with where the spans stand in the article",
        "the spans stand in {where} but region is {region!r}",
        "quotes are body, sidebar or caption, never headline, dateline or furniture",
    ),
]

REGISTRY: dict[str, ProblemType] = {t.name: t for t in _TYPES}
"""Every problem type by name."""

PROBLEM_TYPES: dict[str, str] = {t.name: t.title for t in _TYPES}
"""Every problem type's stable name with what it means (derived from :data:`REGISTRY`)."""


def _escaped(text: str) -> str:
    """``text`` with control characters (a newline in a file name) written as escapes, so that
    no name can start a line of its own in a report."""
    if not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in text
    )


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
        path = _escaped(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        field = f" {_escaped(self.field)}:" if self.field else ""
        return f"{where}:{field} {_escaped(self.message)} [{self.type}]"


def problem(
    name: str,
    path: str,
    line: int | None,
    field: str | None = None,
    *,
    detail: str | None = None,
    hint: str | None = None,
    **values: Any,
) -> Problem:
    """A :class:`Problem` of the registered type ``name``.

    The message is the type's template filled with ``values`` (or ``detail``, for types whose
    message the models give), then ``"; "`` and the hint: the type's own, or ``hint`` when given
    (``""`` for none). An unknown ``name`` raises ``KeyError``: every type is registered.
    """
    kind = REGISTRY[name]
    message = detail if detail is not None else kind.template.format(**values)
    advice = kind.hint.format(**values) if hint is None else hint
    return Problem(path, line, field, name, f"{message}; {advice}" if advice else message)


def duplicate_id(path: str, line: int | None, record: str, record_id: str) -> Problem:
    """The problem of a repeated id: ``record`` (``"quote"`` or ``"article"``) ``record_id`` met
    again at ``path``:``line``. Every engine reports a repeated id with this one maker, so the
    message and the hint are the same wherever it is found."""
    return problem("duplicate-id", path, line, "id", record=record, id=record_id)


def wrong_record(path: str, line: int | None, found: str) -> Problem:
    """The problem of a ``found`` record (``"quote"`` or ``"article"``) at ``path``:``line``, in
    a file read as records of the other kind. Every reader reports it with this one maker."""
    given = "article" if found == "quote" else "quote"
    return problem(
        "wrong-record",
        path,
        line,
        a_found=f"{'an' if found == 'article' else 'a'} {found}",
        given=given,
        found=found,
    )
