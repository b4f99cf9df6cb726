"""Record-building helpers shared by every importer: one place for the rules a format obeys.

A reader turns its source into :class:`ImportResult` batches (usually one per article) with
:func:`make_article` and :func:`make_quote`; anything it cannot map it counts by reason with
:meth:`ImportResult.lose` (the whole record is left out) or :meth:`ImportResult.adjust` (the
record came through, with a stated loss), so nothing is dropped silently. A helper that cannot
build a record raises :class:`Unmappable` with the reason; :meth:`ImportResult.attempt` catches
it and counts it.

A quote's content and its quoted parts follow the one convention of ``Quote.spans`` and
``Quote.quoted``: where the source does not state the quoted parts they come from the quotation
marks (:func:`quotes.core.marks.extent`), and the kind follows from the two
(:func:`quotes.core.kinds.kind_from`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.core import ids, marks
from quotes.core.corpus_rules import check_quote
from quotes.core.models import (
    Article,
    Confidence,
    Method,
    Precision,
    Quote,
    Source,
    SpeakerCandidate,
    SpeakerType,
    TextSpan,
)
from quotes.core.record_rules import text_sha256

__all__ = [
    "ImportResult",
    "Job",
    "SourceError",
    "Unmappable",
    "article_key",
    "check_stated",
    "collect",
    "files_under",
    "fit_line_ends",
    "inside",
    "make_article",
    "make_quote",
    "make_source",
    "not_read",
    "text_span",
    "trim",
]

Spans = Sequence[tuple[int, int]]

Job = Callable[[], "ImportResult"]
"""One batch of a splittable reader's :func:`plan`: a picklable call (a ``functools.partial``
of a module-level function) that reads one article, or counts what was not read, anywhere."""


TOO_DEEP = "JSON nested too deeply to read"
"""The reason a JSON record that nests deeper than the parser's recursion limit is counted."""


class SourceError(ValueError):
    """The source as a whole cannot be read as its format (not one record, which would be
    counted): the message names the file and says what to fix."""


class Unmappable(Exception):
    """A source record cannot become one of ours; ``reason`` says why, in a few stable words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ImportResult:
    """Articles and quotes read from a source, and what could not be mapped, counted by reason.

    Readers yield one per article (so an import runs in flat memory); :func:`collect` merges
    them for the Python API (``quotes.formats.polnear.read(path)``)."""

    articles: list[Article] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    lost: Counter[str] = field(default_factory=Counter)
    """Source records left out, by reason (``"no content span"``, ...)."""
    adjusted: Counter[str] = field(default_factory=Counter)
    """Records that came through with a loss, by reason (``"discontinuous cue: one span"``)."""
    examples: dict[str, str] = field(default_factory=dict)
    """For each reason (lost or adjusted), the first place it happened (``file`` or
    ``file:record``), so that a user can look."""
    nbytes: int = 0
    """Bytes of source read for this batch (for progress bars)."""
    checked: dict[str, tuple[Quote, Article]] = field(default_factory=dict)
    """Each quote kept, by id, with the article it was found to fit (:meth:`add_quote`)."""

    def lose(self, reason: str, where: str, count: int = 1) -> None:
        """Count ``count`` source records left out for ``reason``, first seen at ``where``."""
        self.lost[reason] += count
        self.examples.setdefault(reason, where)

    def adjust(self, reason: str, where: str) -> None:
        """Count a record that came through with a loss (``reason``), first seen at ``where``."""
        self.adjusted[reason] += 1
        self.examples.setdefault(reason, where)

    def load_json(self, path: Path, where: str) -> Any:
        """The JSON value of the file at ``path`` (its size added to ``nbytes``), or None when
        it cannot be read as UTF-8 JSON (or nests too deeply to be read), counted as lost at
        ``where``."""
        try:
            raw = path.read_bytes()
            self.nbytes += len(raw)
            return json.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            self.lose("unreadable JSON file", where)
        except RecursionError:
            self.lose(TOO_DEEP, where)
        return None

    def attempt(self, where: str) -> AbstractContextManager[None]:
        """Run the block; an :class:`Unmappable` it raises is counted as lost at ``where``, and
        so is a file that is not UTF-8 (as ``"not UTF-8 text"``)."""
        return _Attempt(self, where)

    def add_quote(self, quote: Quote, article: Article, where: str) -> None:
        """Keep ``quote`` if it passes the corpus-level checks against ``article`` and its id is
        new; otherwise count it as lost (by problem type, or as a duplicate)."""
        problems = check_quote(quote, article, path=where)
        if problems:
            self.lose(f"fails validation ({problems[0].type})", where)
        elif any(q.id == quote.id for q in self.quotes):
            self.lose("another quote starts at the same offset", where)
        else:
            self.quotes.append(quote)
            self.checked[quote.id] = (quote, article)

    def fitted(self, quote: Quote) -> Article | None:
        """The article this very ``quote`` was found to fit when it was kept, or None."""
        found = self.checked.get(quote.id)
        return found[1] if found is not None and found[0] is quote else None

    def merge(self, other: ImportResult) -> None:
        """Add ``other``'s records and counts to this result."""
        self.articles += other.articles
        self.quotes += other.quotes
        self.checked.update(other.checked)
        self.lost.update(other.lost)
        self.adjusted.update(other.adjusted)
        for reason, where in other.examples.items():
            self.examples.setdefault(reason, where)
        self.nbytes += other.nbytes


class _Attempt:
    """:meth:`ImportResult.attempt`'s context (a class: entered for every record read)."""

    __slots__ = ("result", "where")

    def __init__(self, result: ImportResult, where: str) -> None:
        self.result, self.where = result, where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: object, trace: object) -> bool:
        if isinstance(error, Unmappable):
            self.result.lose(error.reason, self.where)
        elif isinstance(error, UnicodeDecodeError):
            self.result.lose("not UTF-8 text", self.where)
        else:
            return False
        return True


def collect(batches: Iterable[ImportResult]) -> ImportResult:
    """One result holding every batch (in memory: for the Python API and tests)."""
    result = ImportResult()
    for batch in batches:
        result.merge(batch)
    return result


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, its symlinks and ``..`` followed, is in the folder ``root``."""
    return path.resolve().is_relative_to(root.resolve())


OUTSIDE = "symlink or path leading outside the given folder: not read"
"""The reason a file found under a source but not in it is counted (never read)."""


def files_under(root: Path, suffix: str) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files under the folder ``root`` whose names end in ``suffix``, sorted, and the paths
    under it that were not read, each with its reason: the rule for every importer that searches
    a folder is that nothing outside it is read (a symlink to a file or folder outside is
    counted, not followed), and a broken symlink is counted."""
    top = root.resolve()
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for folder, dirs, names in os.walk(root, onerror=None):
        here = Path(folder)
        for name in dirs:
            if (here / name).is_symlink() and not inside(top, here / name):
                skipped.append((here / name, OUTSIDE))
        for name in names:
            path = here / name
            if not name.endswith(suffix):
                continue
            if not inside(top, path):
                skipped.append((path, OUTSIDE))
            elif not path.exists():
                skipped.append((path, "broken symlink: not read"))
            elif path.is_file():
                found.append(path)
    return sorted(found), sorted(skipped)


def not_read(root: Path, skipped: Iterable[tuple[Path, str]]) -> ImportResult:
    """A batch counting the paths :func:`files_under` did not read."""
    result = ImportResult()
    for path, reason in skipped:
        result.lose(reason, path.relative_to(root).as_posix())
    return result


def article_key(name: str) -> str:
    """The article id of a source's own name (:func:`quotes.core.ids.article_key`). Raises
    :class:`Unmappable` when the name gives none."""
    key = ids.article_key(name)
    if key is None:
        raise Unmappable("no usable article id")
    return key


def make_source(
    corpus: str,
    file: str,
    *,
    record: str | None = None,
    annotator: str | None = None,
    split: str | None = None,
    label: str | None = None,
    candidates: Sequence[SpeakerCandidate] = (),
    notes: Sequence[str] = (),
) -> Source:
    """A :class:`~quotes.core.models.Source` (every field of which the model requires), with
    ``None``/empty defaults."""
    return Source.model_validate(
        _source(corpus, file, record, annotator, split, label, candidates, notes)
    )


def _source(
    corpus: str,
    file: str,
    record: str | None = None,
    annotator: str | None = None,
    split: str | None = None,
    label: str | None = None,
    candidates: Sequence[SpeakerCandidate | dict[str, Any]] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """The fields of :func:`make_source`'s record, for a record that holds it (validated there,
    at once with the rest)."""
    return {
        "corpus": corpus,
        "file": file,
        "record": record,
        "annotator": annotator,
        "split": split,
        "label": label,
        "candidates": list(candidates),
        "notes": list(notes),
    }


def make_article(
    *,
    id: str,
    text: str,
    corpus: str,
    file: str,
    published: dt.date,
    published_evidence: str,
    rights: str,
    published_precision: Precision = "day",
    published_confidence: Confidence = "verified",
    title: str | None = None,
    outlet: str | None = None,
    outlet_confidence: Confidence = "verified",
    outlet_evidence: str | None = None,
    url: str | None = None,
    wire: str | None = None,
    wire_evidence: str | None = None,
    byline: str | None = None,
    language: str = "en",
    record: str | None = None,
    split: str | None = None,
    annotator: str | None = None,
    notes: Sequence[str] = (),
) -> Article:
    """An imported :class:`~quotes.Article`: sha256 computed, no regions or corrections,
    provenance in ``source``. Outlet and wire, when given, are ``verified`` (established in the
    source's metadata, not in the text) unless ``outlet_confidence`` says otherwise; empty
    strings count as unknown (null).

    Raises :class:`Unmappable` when the text is empty or the record is otherwise invalid."""
    if not text:
        raise Unmappable("empty article text")
    title, outlet, url, wire, byline = (v or None for v in (title, outlet, url, wire, byline))
    evidence = f"{corpus} metadata ({file})"
    # The source, as its fields: validated at once with the article.
    held: dict[str, Any] = {"source": _source(corpus, file, record, annotator, split, notes=notes)}
    try:
        return Article(
            id=id,
            file=file.rsplit("/", 1)[-1],
            title=title,
            outlet=outlet,
            outlet_confidence=outlet_confidence if outlet else None,
            outlet_evidence=(outlet_evidence or evidence) if outlet else None,
            url=url,
            wire=wire,
            wire_confidence="verified" if wire else None,
            wire_evidence=(wire_evidence or evidence) if wire else None,
            byline=byline,
            published=published,
            published_precision=published_precision,
            published_confidence=published_confidence,
            published_evidence=published_evidence,
            language=language,
            rights=rights,
            text=text,
            sha256=text_sha256(text),
            regions=[],
            corrections=[],
            **held,
        )
    except ValueError as e:  # pydantic's ValidationError is a ValueError
        raise Unmappable(f"invalid article ({_first_error(e, _ARTICLE_PARTS)})") from e


_ARTICLE_PARTS = ("source",)
"""The records an article holds that :func:`make_article` gives as their fields."""


def _first_error(e: ValueError, parts: Sequence[str] = ()) -> str:
    """The first error of a record's validation, ``location: type``. A record whose ``parts``
    (records it holds, given as their fields) are validated with it reports as if each part had
    been made first, in that order: the first error inside the first part that has one, located
    in the part (the reasons an import counts stay the same however the record is made)."""
    errors = getattr(e, "errors", None)
    if not callable(errors):
        return str(e)
    found = errors()
    first, loc = found[0], tuple(found[0]["loc"])
    for part in parts:
        inside = [error for error in found if tuple(error["loc"][:1]) == (part,)]
        if inside:
            first, loc = inside[0], tuple(inside[0]["loc"][1:])
            break
    return f"{'.'.join(map(str, loc)) or first['type']}: {first['type']}"


def _utf16_offsets(text: str, spans: Spans) -> list[tuple[int, int]] | None:
    """``spans`` read as UTF-16 code-unit offsets, as code points; None when one falls inside a
    character or past the end."""
    starts: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        starts[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    starts[units] = len(text)
    if any(s not in starts or e not in starts for s, e in spans):
        return None
    return [(starts[s], starts[e]) for s, e in spans]


def _gives(text: str, spans: Spans, stated: str) -> bool:
    return " ".join(text[s:e] for s, e in spans).split() == stated.split()


def check_stated(text: str, spans: Spans, stated: object, what: str) -> None:
    """Check ``spans`` against ``text`` and against the text the source states for them.

    The rule every importer follows where a format carries the annotated text beside its
    offsets (brat's ``T`` lines, citron, wikinews-de): each span lies inside the text, and the
    spans' text joined by a space has the words of ``stated`` (white space, line breaks
    included, compares as one space); ``stated`` None means the source states no text. Raises
    :class:`Unmappable` saying what is wrong: ``"<what> span outside the text"``, ``"<what>
    offsets count UTF-16 units, not characters (convert them)"``, ``"<what> offsets count LF line
    ends; the text has CRLF (check it out without autocrlf)"`` or ``"<what> offsets do not give
    the source's text"``."""
    if any(not 0 <= s < e <= len(text) for s, e in spans):
        raise Unmappable(f"{what} span outside the text")
    if stated is None:
        return
    if not isinstance(stated, str):
        raise Unmappable(f"{what} offsets do not give the source's text")
    if _gives(text, spans, stated):
        return
    utf16 = _utf16_offsets(text, spans)
    if utf16 is not None and _gives(text, utf16, stated):
        raise Unmappable(f"{what} offsets count UTF-16 units, not characters (convert them)")
    if "\r\n" in text and _gives(text.replace("\r\n", "\n"), spans, stated):
        raise Unmappable(
            f"{what} offsets count LF line ends; the text has CRLF (check it out without autocrlf)"
        )
    raise Unmappable(f"{what} offsets do not give the source's text")


def fit_line_ends(text: str, stated: Iterable[tuple[Spans, str]]) -> str:
    """``text``, or ``text`` with its CRLF line ends read as LF when more of the ``stated``
    spans give their text that way (a git checkout with autocrlf turns a corpus's LF texts into
    CRLF, while the offsets count LF): the stated rule for line ends."""
    if "\r\n" not in text:
        return text
    lf = text.replace("\r\n", "\n")
    pairs = list(stated)

    def fits(candidate: str) -> int:
        return sum(
            all(0 <= s < e <= len(candidate) for s, e in spans) and _gives(candidate, spans, words)
            for spans, words in pairs
        )

    return lf if fits(lf) > fits(text) else text


def trim(text: str, spans: Spans) -> list[tuple[int, int]]:
    """``spans`` with surrounding white space removed, empty ones dropped, sorted, and
    overlapping or touching ones merged: the form :class:`~quotes.Quote` accepts."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def text_span(
    text: str, spans: Spans, what: str, result: ImportResult, where: str
) -> TextSpan | None:
    """A one-piece :class:`~quotes.TextSpan` for a speaker mention or cue given as ``spans``
    (None when there are none). A discontinuous one becomes the stretch from its first start to
    its last end, counted in ``result.adjusted`` as ``"discontinuous <what>: one span"``."""
    pieces = trim(text, spans)
    if not pieces:
        return None
    if len(pieces) > 1:
        result.adjust(f"discontinuous {what}: one span", where)
    start, end = pieces[0][0], pieces[-1][1]
    return TextSpan(text=text[start:end], start=start, end=end)


def make_quote(
    article: Article,
    content: Spans,
    *,
    corpus: str,
    file: str,
    mention: TextSpan | dict[str, Any] | None = None,
    cue: TextSpan | None = None,
    quoted: Spans | None = None,
    regions: list[tuple[int, int]] | None = None,
    speaker_name: str | None = None,
    speaker_type: SpeakerType = "unknown",
    speaker_wikidata: str | None = None,
    addressee: str | None = None,
    record: str | None = None,
    annotator: str | None = None,
    label: str | None = None,
    candidates: Sequence[SpeakerCandidate | dict[str, Any]] = (),
    notes: Sequence[str] = (),
    method: Method = "manual",
    tool: str | None = None,
    confidence: float | None = None,
) -> Quote:
    """An imported :class:`~quotes.Quote` of ``article`` from its content spans.

    Without ``quoted`` the content is put in our convention and its quoted parts found by
    the marks (:func:`quotes.core.marks.extent`; ``regions`` are the text's
    :func:`~quotes.core.marks.quoted_regions`, computed when not given); with it (a source that
    states them, such as our own exports) the spans are only trimmed. The kind follows from the
    two (:func:`quotes.core.kinds.kind_from`). The speaker is known by ``mention`` (and
    ``speaker_name`` when the source names it; ``speaker_type`` defaults to ``unknown``). Date
    and outlet repeat the article's; the region is ``body`` (imported articles have no
    regions). ``mention`` and ``candidates`` may be given as records or as their fields (then
    validated with the quote, faster). Raises :class:`Unmappable` when no valid record can be
    made."""
    text = article.text
    spans = trim(text, content)
    if not spans:
        raise Unmappable("empty content span")
    if quoted is None:
        spans, parts = marks.extent(text, spans, regions)
        if not spans:
            raise Unmappable("content of quotation marks only")
    else:  # the content itself (a source of direct quotations) is trimmed once
        parts = spans if quoted is content else trim(text, quoted)
    # The records the quote holds, as their fields: validated at once with it.
    speaker: dict[str, Any] = {
        "name": speaker_name or None,
        "description": None,
        "type": speaker_type,
        "members": [],
        "wikidata": speaker_wikidata,
        "mention": mention,
        "evidence": None,
    }
    annotation: dict[str, Any] = {"method": method, "tool": tool, "confidence": confidence}
    source = _source(corpus, file, record, annotator, None, label, candidates, notes)
    try:
        return Quote.of_article(
            article,
            spans,
            quoted=parts,
            speaker=speaker,
            cue=cue,
            addressee=addressee or None,
            annotation=annotation,
            source=source,
        )
    except ValueError as e:
        raise Unmappable(f"invalid quote ({_first_error(e, _QUOTE_PARTS)})") from e


_QUOTE_PARTS = ("speaker", "annotation", "source")
"""The records a quote holds that :func:`make_quote` gives as their fields, in the order their
errors are reported."""
