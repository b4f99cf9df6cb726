"""The German news quotation attribution corpus 2024 (``quotes import wikinews-de``).

The corpus (Petersen-Frey and Biemann 2024,
github.com/uhh-lt/german-news-quotation-attribution-2024, CC BY-NC-SA 4.0) is one JSON file per
German Wikinews article,
``data/{train,dev,test}/NUMBER - TITLE (YYYY-MM-DD).pretty.json``, holding ``originalText`` and
``annotations``: each a quote, speaker, cue, addressee and frame given as spans with
``charBegin``/``charEnd``, plus the source's ``type`` label, ``medium`` and the
``isNested``/``hasNested`` flags. The offsets are code points into ``originalText``,
end-exclusive, as ours are: every span is checked against the ``text`` the source gives for it.

What maps to what:

* article: id = NUMBER; title and date (precision day) from the file name; language ``de``; the
  folder (``train``, ``dev``, ``test``) as ``source.split``; text = ``originalText`` verbatim;
* quote: one per annotation (the source's ``type`` label kept as ``source.label``); spans = the
  quote's spans, for ``Direct`` quotes without the quotation marks that open and close each
  segment, all of it quoted; for other labels the spans without the marks at their ends and the
  quoted parts found by the marks (``Quote.spans``, ``Quote.quoted``); the kind follows from the
  two (:func:`quotes.core.kinds.kind_from`); the speaker span as the speaker mention (speaker
  type ``unknown``: the corpus names no one), the cue span as the cue, the addressee's text as
  ``addressee``; ``medium`` and the nesting flags as ``source.notes``.

What is lost, counted by reason: the frame span (we have no field for it); of a discontinuous
speaker or cue (German separable verbs: "wies ... zurück"), the mention or cue is the first part
and ``source.notes`` lists every part; of two quotes that start at the
same offset (nested quotes attributed to a speaker and to the outlet relaying them), the second,
as the id rule allows one (see :class:`~quotes.formats.build.ImportResult`). Tokens and
sentences are not kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from quotes.core import marks
from quotes.core.models import Article, TextSpan
from quotes.core.record_rules import Kind
from quotes.formats.build import (
    ImportResult,
    Job,
    Unmappable,
    article_key,
    check_stated,
    collect,
    files_under,
    make_article,
    make_quote,
    not_read,
    trim,
)

__all__ = ["LABELS", "iter_batches", "parse_name", "read", "total_bytes"]

NAME = "wikinews-de"
SPLITS = ("train", "dev", "test")
LABELS: dict[str, Kind] = {
    "Direct": "direct",
    "Indirect": "indirect",
    "FreeIndirect": "indirect",
    "IndirectFreeIndirect": "indirect",
    "Reported": "indirect",
}
"""The source's ``type`` labels and the kind each names. The record's kind follows from its
content and quoted parts by our one rule: a ``Direct`` quote's content is all quoted; a quote
labelled otherwise some of whose words stand in quotation marks is ``mixed`` (a paraphrase
carrying quoted words), and one all of whose words do is ``direct``. The label is kept in
``source.label``."""
RIGHTS = (
    "Text: German Wikinews contributors (de.wikinews.org), under the Wikinews licence. "
    "Annotations: German news quotation attribution corpus 2024 (Petersen-Frey and Biemann), "
    "CC BY-NC-SA 4.0: attribution, non-commercial use, share alike."
)
OUTLET = "Wikinews (German)"
_NAME = re.compile(
    r"^(?P<number>[0-9]+) - (?P<title>.+) \((?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})\)\.pretty\.json$"
)


def parse_name(name: str) -> tuple[str, str, dt.date]:
    """NUMBER, TITLE and date of a corpus file name ``NUMBER - TITLE (YYYY-MM-DD).pretty.json``.

    Raises :class:`~quotes.formats.build.Unmappable` saying what is wrong with the name."""
    m = _NAME.match(name)
    if m is None:
        raise Unmappable("file name is not 'NUMBER - TITLE (YYYY-MM-DD).pretty.json'")
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        raise Unmappable("impossible date in the file name") from None
    return m["number"], m["title"], date


def _files(sources: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    """(root, file) for every ``.json`` file under the sources, sorted by path (under ``data``
    when a source is a checkout of the corpus)."""
    for source in sources:
        if source.is_file():
            yield source.parent, source
        else:
            folder = source / "data" if (source / "data").is_dir() else source
            for path in files_under(folder, ".json")[0]:
                yield source, path


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes of every article file to read."""
    return sum(path.stat().st_size for _, path in _files(sources))


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per article file under the sources (folders are searched recursively), and
    one counting what was not read (outside a folder)."""
    for job in plan(sources):
        yield job()


def plan(sources: Sequence[Path]) -> list[Job]:
    """The jobs of :func:`iter_batches`, in order, each giving one batch, run anywhere."""
    jobs: list[Job] = [partial(_article_batch, root, path) for root, path in _files(sources)]
    for source in sources:
        if source.is_dir():
            folder = source / "data" if (source / "data").is_dir() else source
            jobs.append(partial(not_read, source, files_under(folder, ".json")[1]))
    return jobs


def read(*sources: str | os.PathLike[str]) -> ImportResult:
    """Every article and quote of the corpus (a checkout, its ``data`` folder, a split folder
    or single files), in memory."""
    return collect(iter_batches([Path(s) for s in sources]))


def _article_batch(root: Path, path: Path) -> ImportResult:
    result = ImportResult()
    relative = path.relative_to(root).as_posix()
    data = result.load_json(path, relative)
    if data is None:
        return result
    annotations = data.get("annotations") if isinstance(data, dict) else None
    if not isinstance(annotations, list) or not isinstance(data.get("originalText"), str):
        result.lose("not an article file (no originalText and annotations)", relative)
        return result
    with result.attempt(relative):
        try:
            number, title, published = parse_name(path.name)
            split = path.parent.name if path.parent.name in SPLITS else None
            article = make_article(
                id=article_key(number),
                text=data["originalText"],
                corpus=NAME,
                file=relative,
                published=published,
                published_evidence="the date in the corpus file name (the Wikinews publication "
                "date)",
                rights=RIGHTS,
                title=title,
                outlet=OUTLET,
                outlet_evidence="the corpus samples German Wikinews (its README)",
                language="de",
                record=data.get("documentName")
                if isinstance(data.get("documentName"), str)
                else None,
                split=split,
            )
        except Unmappable:
            if annotations:
                result.lose("its article was left out", relative, len(annotations))
            raise
        result.articles.append(article)
        regions = marks.quoted_regions(article.text)
        for annotation in annotations:
            _quote(annotation, article, regions, result, relative)
        result.quotes.sort(key=lambda q: q.spans[0])
    return result


def _segments(text: str, role: Any, what: str) -> list[tuple[int, int]]:
    """The ``(charBegin, charEnd)`` spans of one role, checked against the role's ``text``
    (:func:`~quotes.formats.build.check_stated`)."""
    if not isinstance(role, dict) or not isinstance(role.get("spans"), list):
        raise Unmappable(f"{what} without spans")
    spans = []
    for span in role["spans"]:
        start = span.get("charBegin") if isinstance(span, dict) else None
        end = span.get("charEnd") if isinstance(span, dict) else None
        if type(start) is not int or type(end) is not int:
            raise Unmappable(f"{what} span outside the text")
        spans.append((start, end))
    check_stated(text, spans, role.get("text", ""), what)
    return spans


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A direct quote's segment without the quotation marks that open and close it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and text[start] in marks.UNAMBIGUOUS:
        start += 1
    if end > start and text[end - 1] in marks.UNAMBIGUOUS:
        end -= 1
    return start, end


def _part(
    text: str, annotation: dict[str, Any], what: str, result: ImportResult, where: str
) -> list[tuple[int, int]]:
    """Spans of a speaker, cue or addressee; when they do not match, none (counted)."""
    try:
        return trim(text, _segments(text, annotation.get(what), what))
    except Unmappable as e:
        result.adjust(f"{e.reason}: left out", where)
        return []


def _first(
    text: str,
    spans: list[tuple[int, int]],
    what: str,
    notes: list[str],
    result: ImportResult,
    where: str,
) -> TextSpan | None:
    """The first part of a speaker or cue as a :class:`~quotes.TextSpan`; a discontinuous one
    (German separable verbs: "wies ... zurück") keeps every part in ``notes``, counted."""
    if not spans:
        return None
    if len(spans) > 1:
        parts = ", ".join(f"{text[s:e]!r} [{s}, {e})" for s, e in spans)
        notes.append(f"{what} in parts: {parts}")
        result.adjust(f"discontinuous {what}: first part kept, all parts in notes", where)
    start, end = spans[0]
    return TextSpan(text=text[start:end], start=start, end=end)


def _quote(
    annotation: Any,
    article: Article,
    regions: list[tuple[int, int]],
    result: ImportResult,
    file: str,
) -> None:
    record = str(annotation.get("id")) if isinstance(annotation, dict) else "?"
    where = f"{file}:{record}"
    with result.attempt(where):
        if not isinstance(annotation, dict):
            raise Unmappable("annotation is not an object")
        text = article.text
        label = annotation.get("type")
        if not isinstance(label, str) or label not in LABELS:
            plain = label is None or isinstance(label, str | int | float)
            shown = str(label)[:40] if plain else type(label).__name__
            raise Unmappable(f"unknown type label ({shown})")
        content = _segments(text, annotation.get("quote"), "quote")
        if not content:
            raise Unmappable("quote without spans")
        quoted = None  # other labels: the quoted parts by the marks
        if label == "Direct":  # the source says it is quoted: all of it, inside the marks
            content = quoted = [_inside_marks(text, s, e) for s, e in content]
        speaker = _part(text, annotation, "speaker", result, where)
        cue = _part(text, annotation, "cue", result, where)
        addressee = _part(text, annotation, "addressee", result, where)
        frame = annotation.get("frame")
        if isinstance(frame, dict) and frame.get("spans"):
            result.adjust("frame span left out (no field for it)", where)
        medium = annotation.get("medium")
        notes = [f"medium: {medium}"] if isinstance(medium, str) and medium else []
        if annotation.get("isNested"):
            notes.append("nested: stands inside another quote of the source")
        if annotation.get("hasNested"):
            notes.append("nested: holds another quote of the source")
        quote = make_quote(
            article,
            content,
            corpus=NAME,
            file=file,
            mention=_first(text, speaker, "speaker", notes, result, where),
            cue=_first(text, cue, "cue", notes, result, where),
            quoted=quoted,
            regions=regions,
            addressee=" ".join(text[s:e] for s, e in addressee) or None,
            record=record,
            label=label,
            notes=notes,
        )
        result.add_quote(quote, article, where)
