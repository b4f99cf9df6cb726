"""brat standoff files with the PolNeAR label scheme: read a folder of ``.txt``/``.ann`` pairs,
and write our records the same way (``quotes export --format brat``).

The scheme: text-bound annotations ``Source`` (the speaker mention), ``Cue`` and ``Content``
(possibly discontinuous: ``start end;start end``), tied together by an ``Attribution`` event
(``Attribution-no-source`` when there is no source) whose roles are ``Content`` (and
``Content2``...), ``Cue`` and ``Source``; the event's trigger is ignored. Our exporter adds a
``Kind`` attribute on each event (``direct``, ``mixed``, ``indirect``); when it is absent the
kind comes from the quotation marks (:func:`quotes.core.marks.kind_of`). Offsets are code
points into the ``.txt`` file read as UTF-8 (brat counts characters).

Article metadata comes from an optional ``metadata.tsv`` in the folder, in PolNeAR's columns
(``filename``, ``publisher``, ``publication_date``, ``author``, ``title``, ``wire``; ours adds
``url`` and ``language``). An article without a publication date cannot be a record: give it
in ``metadata.tsv``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quotes.core import marks
from quotes.core.models import Article, Quote
from quotes.core.record_rules import KINDS
from quotes.formats.build import (
    ImportResult,
    Unmappable,
    article_key,
    collect,
    make_quote,
    text_span,
)
from quotes.formats.metadata import BRAT_COLUMNS, metadata_article, metadata_table, read_metadata
from quotes.io.files import staged

__all__ = ["BratDocument", "iter_batches", "parse_ann", "quote_from_event", "read", "write"]

NAME = "brat"
EVENTS = ("Attribution", "Attribution-no-source")
_ID = re.compile(r"^[TERAMN#*][0-9]*\t")
_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_ROLE = re.compile(r"^([A-Za-z-]+?)(\d*):([TE]\d+)$")

ANNOTATION_CONF = """\
[entities]
Source
Cue
Content

[relations]

[events]
Attribution\tContent:Content, Content2?:Content, Cue?:Cue, Source?:Source
Attribution-no-source\tContent:Content, Content2?:Content, Cue?:Cue

[attributes]
Kind\tArg:<EVENT>, Value:direct|mixed|indirect
"""


@dataclass
class Event:
    """One ``E`` line: its type and its roles (role name without digits -> spans)."""

    id: str
    type: str
    roles: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class BratDocument:
    """The parts of an ``.ann`` file the PolNeAR scheme uses."""

    spans: dict[str, tuple[str, list[tuple[int, int]]]] = field(default_factory=dict)
    """Text-bound annotations: id -> (type, fragments)."""
    events: list[Event] = field(default_factory=list)
    unknown_lines: int = 0
    """Lines that are neither text-bound annotations, events, attributes nor notes."""


def parse_ann(content: str) -> BratDocument:
    """Parse brat standoff. A line that starts no annotation continues the text of the one
    before it (annotated text with a line break), so it is skipped."""
    doc = BratDocument()
    raw_events: list[_RawEvent] = []
    attributes: list[list[str]] = []
    for line in _annotation_lines(content):
        kind = line[0]
        if kind == "T":
            known = _add_text_bound(doc, line)
        elif kind == "E":
            known = _add_raw_event(raw_events, line)
        elif kind in "AM":
            attributes.append(line.split("\t", 1)[1].split())
            known = True
        else:
            known = kind in "#*RN"
        if not known:
            doc.unknown_lines += 1
    by_id: dict[str, Event] = {}
    for raw in raw_events:
        event = _resolve_roles(raw, doc.spans)
        doc.events.append(event)
        by_id[event.id] = event
    _attach_attributes(by_id, attributes)
    return doc


_RawEvent = tuple[str, str, list[str]]
"""An ``E`` line before its roles are resolved: id, type, role arguments (``Content:T3``...)."""


def _annotation_lines(content: str) -> Iterator[str]:
    """The lines of ``content`` that start an annotation, without their line ends."""
    for line in content.split("\n"):
        line = line.rstrip("\r")
        if line.strip() and _ID.match(line):
            yield line


def _add_text_bound(doc: BratDocument, line: str) -> bool:
    """Add a ``T`` line's type and fragments to ``doc.spans``; False if it is malformed."""
    m = _TEXT_BOUND.match(line)
    if m is None:
        return False
    fragments = [(int(a), int(b)) for a, b in (p.split() for p in m.group(3).split(";"))]
    doc.spans[m.group(1)] = (m.group(2), fragments)
    return True


def _add_raw_event(raw_events: list[_RawEvent], line: str) -> bool:
    """Add an ``E`` line to ``raw_events`` (its trigger dropped); False if it has no type."""
    ident, _, body = line.partition("\t")
    parts = body.split()
    if not parts:
        return False
    raw_events.append((ident, parts[0].split(":")[0], parts[1:]))
    return True


def _resolve_roles(raw: _RawEvent, spans: dict[str, tuple[str, list[tuple[int, int]]]]) -> Event:
    """The event with each role's annotation replaced by its fragments; a role that is
    malformed or names no text-bound annotation is kept under ``"?"``."""
    ident, type_, roles = raw
    event = Event(ident, type_)
    for role in roles:
        m = _ROLE.match(role)
        if m is None or m.group(3) not in spans:
            event.roles.setdefault("?", [])
            continue
        event.roles.setdefault(m.group(1), []).extend(spans[m.group(3)][1])
    return event


def _attach_attributes(by_id: dict[str, Event], attributes: list[list[str]]) -> None:
    """Set each ``A``/``M`` line's attribute on the event it names (``"true"`` when it gives
    no value); one naming no event is dropped."""
    for attribute in attributes:
        if len(attribute) >= 2 and attribute[1] in by_id:
            by_id[attribute[1]].attributes[attribute[0]] = (
                attribute[2] if len(attribute) > 2 else "true"
            )


def quote_from_event(
    event: Event,
    article: Article,
    result: ImportResult,
    *,
    corpus: str,
    file: str,
    regions: list[tuple[int, int]],
    annotator: str | None = None,
) -> None:
    """Add the quote of one attribution event to ``result``, or count why it cannot be."""
    where = f"{file}:{event.id}"
    with result.attempt(where):
        if event.type not in EVENTS:
            raise Unmappable(f"not an attribution event ({event.type})")
        if "?" in event.roles:
            raise Unmappable("event names an annotation that is not in the file")
        content = event.roles.get("Content", [])
        if not content:
            raise Unmappable("attribution without a content span")
        if any(end > len(article.text) or start >= end for start, end in content):
            raise Unmappable("span outside the text")
        text = article.text
        kind = event.attributes.get("Kind")
        if kind is not None and kind not in KINDS:
            raise Unmappable(f"unknown Kind attribute ({kind})")
        quote = make_quote(
            article,
            content,
            corpus=corpus,
            file=file,
            mention=text_span(
                text, event.roles.get("Source", []), "speaker mention", result, where
            ),
            cue=text_span(text, event.roles.get("Cue", []), "cue", result, where),
            kind=kind if kind in KINDS else None,
            regions=regions,
            record=event.id,
            annotator=annotator,
        )
        result.add_quote(quote, article, where)


def _pairs(sources: Sequence[Path]) -> Iterator[tuple[Path, Path, Path]]:
    """(root, .txt, .ann) for every pair under the sources, sorted; a lone .txt is yielded
    with its missing .ann path (no quotes)."""
    for root in sources:
        texts = [root] if root.is_file() else sorted(root.rglob("*.txt"))
        for txt in texts:
            yield (root if root.is_dir() else root.parent), txt, txt.with_suffix(".ann")


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes of every ``.txt`` and ``.ann`` file to read."""
    return sum(
        p.stat().st_size for _, txt, ann in _pairs(sources) for p in (txt, ann) if p.exists()
    )


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per ``.txt`` file under the sources (folders are searched recursively)."""
    tables: dict[Path, dict[str, dict[str, str]]] = {}
    for root, txt, ann in _pairs(sources):
        folder = txt.parent
        if folder not in tables:
            tables[folder] = read_metadata(folder, "brat")
        result = ImportResult()
        result.nbytes = txt.stat().st_size + (ann.stat().st_size if ann.exists() else 0)
        relative = txt.relative_to(root).as_posix()
        row = tables[folder].get(txt.stem, {})
        with result.attempt(relative):
            text = txt.read_bytes().decode("utf-8")
            article = _article(text, row, txt.stem, relative)
            result.articles.append(article)
            if ann.exists():
                file = ann.relative_to(root).as_posix()
                doc = parse_ann(ann.read_text(encoding="utf-8"))
                if doc.unknown_lines:
                    result.lose("unreadable .ann line", file, doc.unknown_lines)
                regions = marks.quoted_regions(text)
                for event in doc.events:
                    quote_from_event(
                        event, article, result, corpus=NAME, file=file, regions=regions
                    )
                result.quotes.sort(key=lambda q: q.spans[0])
        yield result


def _article(text: str, row: dict[str, str], stem: str, relative: str) -> Article:
    return metadata_article(
        row,
        id=article_key(stem),
        text=text,
        corpus=NAME,
        file=relative,
        evidence=f"metadata.tsv of the brat folder ({stem})",
        unknown_rights="Unknown: imported from a brat folder; see its source.",
    )


def read(*sources: str | os.PathLike[str]) -> ImportResult:
    """Every article and quote of brat folders (or single ``.txt`` files), in memory."""
    return collect(iter_batches([Path(s) for s in sources]))


# ----------------------------------------------------------------------------------- writing


def _fragments(spans: Iterable[tuple[int, int]]) -> str:
    return ";".join(f"{s} {e}" for s, e in spans)


def _line_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    # brat's own convention: fragments joined by a space; line breaks would end the line.
    return " ".join(text[s:e] for s, e in spans).replace("\n", " ").replace("\r", " ")


def ann_for(article: Article, quotes: Iterable[Quote]) -> str:
    """The ``.ann`` content for one article's quotes."""
    lines: list[str] = []
    t = 0
    text = article.text

    def bound(label: str, spans: list[tuple[int, int]]) -> str:
        nonlocal t
        t += 1
        lines.append(f"T{t}\t{label} {_fragments(spans)}\t{_line_text(text, spans)}")
        return f"T{t}"

    for e, quote in enumerate(quotes, 1):
        spans = [(s, end) for s, end in quote.spans]
        content = bound("Content", spans)
        roles = [f"Content:{content}"]
        cue = quote.cue
        if cue is not None:
            roles.append(f"Cue:{bound('Cue', [(cue.start, cue.end)])}")
        mention = quote.speaker.mention
        if mention is not None:
            roles.append(f"Source:{bound('Source', [(mention.start, mention.end)])}")
        event = "Attribution" if mention is not None else "Attribution-no-source"
        anchor = cue or mention
        trigger = bound(event, [(anchor.start, anchor.end)] if anchor else spans[:1])
        lines.append(f"E{e}\t{event}:{trigger} {' '.join(roles)}")
        lines.append(f"A{e}\tKind E{e} {quote.kind}")
        lines.append(f"#{e}\tAnnotatorNotes E{e}\t{quote.id}")
    return "".join(line + "\n" for line in lines)


def write(
    articles: Iterable[Article], quotes: Iterable[Quote], out: str | os.PathLike[str]
) -> list[Path]:
    """Write ``<article id>.txt`` and ``.ann`` per article, ``metadata.tsv`` and brat's
    ``annotation.conf`` into ``out``; return the paths. All or nothing
    (:func:`quotes.io.files.staged`); existing files are replaced."""
    by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_article.setdefault(quote.article_id, []).append(quote)
    articles = list(articles)
    names = [f"{a.id}{suffix}" for a in articles for suffix in (".txt", ".ann")]
    with staged(out, [*names, "metadata.tsv", "annotation.conf"], overwrite=True) as stage:
        for article in articles:
            stage.write_text(f"{article.id}.txt", article.text)
            stage.write_text(f"{article.id}.ann", ann_for(article, by_article.get(article.id, [])))
        stage.write_text("metadata.tsv", metadata_table(articles, BRAT_COLUMNS))
        stage.write_text("annotation.conf", ANNOTATION_CONF)
    return stage.written
