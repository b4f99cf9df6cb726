"""The record-level rules, in plain Python: one function per record type, shared by the
pydantic models (:mod:`quotes.core.models`, as their after-validators) and the fast validator
(:mod:`quotes.engine.fast`, on decoded structs), so that checking a file needs no pydantic until a
line
fails. A rule raises the error :func:`fail` makes (a ``PydanticCustomError`` with a stable type
from ``quotes.PROBLEM_TYPES``); the models' field types (enums, lengths, patterns) are the JSON
Schema's job, not this module's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, Literal, get_args

from quotes.core.ids import quote_id

__all__ = [
    "CHECKS",
    "KINDS",
    "Kind",
    "check_article",
    "check_correction",
    "check_precision",
    "check_quote",
    "check_quoted",
    "check_range",
    "check_region",
    "check_text_span",
    "detect",
    "fail",
    "text_sha256",
]

Kind = Literal["direct", "mixed", "indirect"]
"""``direct``: all reported words inside quotation marks; ``mixed``: a paraphrase carrying quoted
fragments; ``indirect``: reported content without quotation marks."""

KINDS: tuple[Kind, ...] = get_args(Kind)
"""The kinds in their canonical order: the one list of them."""


def detect(line: bytes) -> Literal["Quote", "Article"] | None:
    """Which record type a raw line holds: quotes have ``article_id``, articles ``sha256``.

    Lines with neither are validated as quotes (so their problems are reported against the
    quote schema, the common case)."""
    if b'"article_id"' in line:
        return "Quote"
    if b'"sha256"' in line:
        return "Article"
    return None


def fail(kind: str, field: str, message: str) -> Exception:
    """A validation error typed with a stable name from ``quotes.PROBLEM_TYPES``; its context
    names the offending ``field`` (model-level errors have no location of their own)."""
    from pydantic_core import PydanticCustomError  # only when a record fails

    escaped = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError(kind, escaped, {"field": field})


def check_range(start: int, end: int, field: str) -> None:
    """Raise ``bad-span`` on ``field`` unless ``start < end``."""
    if not start < end:
        raise fail("bad-span", field, f"start ({start}) must be smaller than end ({end})")


def check_precision(date: dt.date, precision: str, field: str) -> None:
    """Raise ``inconsistent-record`` on ``field`` unless the parts of ``date`` below its
    ``precision`` are 01."""
    if (precision == "month" and date.day != 1) or (
        precision == "year" and (date.month, date.day) != (1, 1)
    ):
        start = date.replace(day=1) if precision == "month" else date.replace(month=1, day=1)
        raise fail(
            "inconsistent-record",
            field,
            f"{field} {date} has precision {precision!r}, so it must be {start} (the parts below "
            f"the precision are set to 01)",
        )


def check_text_span(v: Any) -> None:
    """The record-level rules of one TextSpan (a model or a decoded struct); raises."""
    start, end = v.start, v.end
    if not start < end:
        check_range(start, end, "start")
    if len(v.text) != end - start:
        raise fail(
            "text-mismatch",
            "text",
            f"text has {len(v.text)} code points but end - start is {end - start}",
        )


def check_region(v: Any) -> None:
    """The record-level rules of one Region (a model or a decoded struct); raises."""
    check_range(v.start, v.end, "start")


def check_correction(v: Any) -> None:
    """The record-level rules of one Correction (a model or a decoded struct); raises."""
    check_range(v.start, v.end, "start")


def check_article(v: Any) -> None:
    """The record-level rules of one Article (a model or a decoded struct); raises."""
    n = len(v.text)
    for what, items in (
        ("regions", v.regions),
        ("corrections", v.corrections),
    ):
        previous_end = 0
        for item in items:
            if item.end > n:
                raise fail(
                    "span-out-of-range",
                    what,
                    f"end {item.end} is past the end of text ({n})",
                )
            if item.start < previous_end:
                raise fail("bad-span", what, "must be in order and must not overlap")
            previous_end = item.end
    for c in v.corrections:
        if v.text[c.start : c.end] != c.original:
            raise fail(
                "text-mismatch",
                "corrections",
                f"original {c.original!r} is not text[{c.start}:{c.end}]",
            )
    if (v.wire is None) != (v.wire_confidence is None):
        raise fail(
            "inconsistent-record",
            "wire_confidence",
            "wire_confidence must be set exactly when wire is set",
        )
    check_precision(v.published, v.published_precision, "published")
    digest = text_sha256(v.text)
    if digest != v.sha256:
        raise fail(
            "sha256-mismatch",
            "sha256",
            f"sha256 does not match text: the text's sha256 is {digest}; the file may be "
            "corrupt (reinstall) or the text was edited without updating sha256",
        )


_HASHED: list[tuple[str | None, str]] = [(None, "")]
"""The text :func:`text_sha256` last hashed (held, so that it stays that very string) and its
digest."""


def text_sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` in UTF-8. The last answer is remembered for the very same
    string: an importer hashes an article's text to make it, and the model's validator
    (:func:`check_article`) checks the digest next, so the text is hashed once."""
    last, digest = _HASHED[0]
    if text is not last:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        _HASHED[0] = (text, digest)
    return digest


def check_quote(v: Any) -> None:
    """The record-level rules of one Quote (a model or a decoded struct); raises."""
    # Written for speed (no generators, no calls on the valid path): it runs once per record on
    # every validation path.
    spans = v.spans
    previous_end = -1
    lengths = len(spans) - 1
    for start, end in spans:
        if not previous_end <= start < end:
            if not start < end:
                check_range(start, end, "spans")
            raise fail("bad-span", "spans", "spans must be in order and must not overlap")
        previous_end = end
        lengths += end - start
    if len(v.quote) != lengths:
        raise fail(
            "quote-length",
            "quote",
            f"quote has {len(v.quote)} code points but the spans joined by single "
            f"spaces have {lengths}",
        )
    kind, quoted = v.kind, v.quoted
    # check_quoted passes a direct quote whose quoted parts equal its spans (just checked)
    if (quoted != spans) if kind == "direct" else (quoted or kind != "indirect"):
        check_quoted(kind, spans, quoted)
    expected = quote_id(v.article_id, spans[0][0])
    if v.id != expected:
        raise fail(
            "id-rule",
            "id",
            f"id must be {expected!r} (article_id + '-' + first span start)",
        )
    uttered = v.uttered
    if uttered is None:
        consistent = (
            v.uttered_precision is None
            and v.uttered_confidence is None
            and v.uttered_evidence is None
        )
    else:
        consistent = (
            v.uttered_precision is not None
            and v.uttered_confidence is not None
            and v.uttered_evidence is not None
        )
    if not consistent:
        raise fail(
            "inconsistent-record",
            "uttered",
            "uttered and its precision, confidence and evidence are either all set or all null",
        )
    if v.date_precision != "day":
        check_precision(v.date, v.date_precision, "date")
    if uttered is not None and v.uttered_precision != "day":
        check_precision(uttered, v.uttered_precision, "uttered")


def check_quoted(kind: str, spans: Any, quoted: Any) -> None:
    """The record-level rules of a quote's quoted parts (see ``Quote.quoted``); raises
    ``quoted-outside-content`` for a part not within one span of the content, ``bad-span`` for
    parts out of order, ``inconsistent-record`` when they contradict the kind (a direct quote's
    quoted parts are its spans, an indirect quote has none, a mixed one has some)."""
    previous_end = -1
    for start, end in quoted:
        if not previous_end <= start < end:
            if not start < end:
                check_range(start, end, "quoted")
            raise fail("bad-span", "quoted", "quoted parts must be in order and must not overlap")
        previous_end = end
        for s, e in spans:
            if s <= start and end <= e:
                break
        else:
            raise fail(
                "quoted-outside-content",
                "quoted",
                f"quoted part [{start}, {end}] is not within one span of the content",
            )
    if (
        kind == "direct"
        and quoted != spans
        and [tuple(q) for q in quoted] != [tuple(s) for s in spans]
    ):
        message = "a direct quote's quoted parts are its spans"
    elif kind == "mixed" and not quoted:
        message = "a mixed quote has quoted parts"
    elif kind == "indirect" and quoted:
        message = "an indirect quote has no quoted parts"
    else:
        return
    raise fail("inconsistent-record", "quoted", message)


CHECKS: dict[str, Callable[[Any], None]] = {
    "TextSpan": check_text_span,
    "Region": check_region,
    "Correction": check_correction,
    "Article": check_article,
    "Quote": check_quote,
}
"""The rules of each record type that has any, by model name: the models' after-validators are
exactly these (``tests/test_records.py``)."""
