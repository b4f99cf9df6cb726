"""brat standoff files with the PolNeAR label scheme: read a folder of ``.txt``/``.ann`` pairs,
and write our records the same way (``quotes export --format brat``).

The scheme: text-bound annotations ``Source`` (the speaker mention), ``Cue`` and ``Content``
(possibly discontinuous: ``start end;start end``), tied together by an ``Attribution`` event
(``Attribution-no-source`` when there is no source) whose roles are ``Content`` (and
``Content2``...), ``Cue`` and ``Source``; the event's trigger is ignored. The content is put
in our convention (``Quote.spans``: PolNeAR's content includes the quotation marks around quoted
words, ours stops inside them) and its quoted parts found by the marks
(:func:`quotes.core.marks.extent`). Our exporter adds ``Quoted`` text-bound annotations (event
roles ``Quoted``, ``Quoted2``...), the quoted parts, which the importer then takes as given (and
as none for an event of ``Kind`` ``indirect``), and a ``Kind`` attribute on each event
(``direct``, ``mixed``, ``indirect``), for people: the kind
follows from the content and the quoted parts (:func:`quotes.core.kinds.kind_from`), and a
``Kind`` that disagrees is counted. Offsets are code points into the ``.txt`` file read as
UTF-8 (brat counts characters).

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
from functools import partial
from pathlib import Path

from quotes.core import marks
from quotes.core.models import Article, Quote
from quotes.core.record_rules import KINDS
from quotes.formats.build import (
    ImportResult,
    Job,
    Unmappable,
    article_key,
    check_stated,
    collect,
    files_under,
    fit_line_ends,
    inside,
    make_quote,
    not_read,
    text_span,
)
from quotes.formats.metadata import BRAT_COLUMNS, metadata_article, metadata_table, read_metadata
from quotes.io.files import staged

Span = tuple[int, int]

__all__ = [
    "BratDocument",
    "Event",
    "TextBound",
    "add_quotes",
    "iter_batches",
    "parse_ann",
    "quote_from_event",
    "read",
    "read_ann",
    "read_text",
    "write",
]

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
Quoted

[relations]

[events]
Attribution\tContent:Content, Content2?:Content, Quoted*:Quoted, Cue?:Cue, Source?:Source
Attribution-no-source\tContent:Content, Content2?:Content, Quoted*:Quoted, Cue?:Cue

[attributes]
Kind\tArg:<EVENT>, Value:direct|mixed|indirect
"""


@dataclass
class TextBound:
    """One ``T`` line: its type, its fragments, and the annotated text it carries (None when
    it carries none)."""

    type: str
    fragments: list[tuple[int, int]]
    text: str | None = None


@dataclass
class Event:
    """One ``E`` line: its type and its roles (role name without digits -> the annotations)."""

    id: str
    type: str
    roles: dict[str, list[TextBound]] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)

    def spans(self, role: str) -> list[tuple[int, int]]:
        """Every fragment of the annotations in ``role``."""
        return [span for bound in self.roles.get(role, []) for span in bound.fragments]


@dataclass
class BratDocument:
    """The parts of an ``.ann`` file the PolNeAR scheme uses."""

    spans: dict[str, TextBound] = field(default_factory=dict)
    """Text-bound annotations by id."""
    events: list[Event] = field(default_factory=list)
    unknown_lines: int = 0
    """Lines that are neither text-bound annotations, events, attributes nor notes."""

    def stated(self) -> list[tuple[list[tuple[int, int]], str]]:
        """(fragments, text) of every text-bound annotation that carries its text."""
        return [(b.fragments, b.text) for b in self.spans.values() if b.text is not None]


def parse_ann(content: str) -> BratDocument:
    """Parse brat standoff (a byte order mark at the start is ignored). A line that starts no
    annotation continues the text of the ``T`` line before it (annotated text with a line
    break)."""
    doc = BratDocument()
    raw_events: list[_RawEvent] = []
    attributes: list[list[str]] = []
    bound: TextBound | None = None
    for line in content.removeprefix("\ufeff").split("\n"):
        line = line.rstrip("\r")
        if not _ID.match(line):
            if bound is not None and bound.text is not None:
                bound.text += "\n" + line
            continue
        bound, known = _add_line(doc, raw_events, attributes, line)
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


def _add_line(
    doc: BratDocument, raw_events: list[_RawEvent], attributes: list[list[str]], line: str
) -> tuple[TextBound | None, bool]:
    """Read one annotation line into ``doc`` (``T``), ``raw_events`` (``E``) or ``attributes``
    (``A``/``M``): the text-bound annotation it starts (lines after it may continue its text),
    and whether the line is of a known kind and well formed."""
    kind = line[0]
    if kind == "T":
        m = _TEXT_BOUND.match(line)
        if m is None:
            return None, False
        fragments = [(int(a), int(b)) for a, b in (p.split() for p in m.group(3).split(";"))]
        stated = line[m.end() :] if m.group(0).endswith("\t") else None
        bound = doc.spans[m.group(1)] = TextBound(m.group(2), fragments, stated)
        return bound, True
    if kind == "E":
        ident, _, body = line.partition("\t")
        parts = body.split()
        if parts:
            raw_events.append((ident, parts[0].split(":")[0], parts[1:]))
        return None, bool(parts)
    if kind in "AM":
        attributes.append(line.split("\t", 1)[1].split())
        return None, True
    return None, kind in "#*RN"


def _resolve_roles(raw: _RawEvent, spans: dict[str, TextBound]) -> Event:
    """The event with each role's text-bound annotation; a role that is malformed or names no
    text-bound annotation is kept under ``"?"``."""
    ident, type_, roles = raw
    event = Event(ident, type_)
    for role in roles:
        m = _ROLE.match(role)
        if m is None or m.group(3) not in spans:
            event.roles.setdefault("?", [])
            continue
        event.roles.setdefault(m.group(1), []).append(spans[m.group(3)])
    return event


def _attach_attributes(by_id: dict[str, Event], attributes: list[list[str]]) -> None:
    """Set each ``A``/``M`` line's attribute on the event it names (``"true"`` when it gives
    no value); one naming no event is dropped."""
    for attribute in attributes:
        if len(attribute) >= 2 and attribute[1] in by_id:
            by_id[attribute[1]].attributes[attribute[0]] = (
                attribute[2] if len(attribute) > 2 else "true"
            )


_WHAT = {"Content": "content", "Quoted": "quoted part", "Source": "speaker mention", "Cue": "cue"}


def _checked(event: Event, role: str, text: str, result: ImportResult, where: str) -> list[Span]:
    """The fragments of ``role``, each annotation checked against the text it carries
    (:func:`~quotes.formats.build.check_stated`). A bad content span or quoted part raises; a
    bad mention or cue is left out, counted."""
    try:
        for bound in event.roles.get(role, []):
            check_stated(text, bound.fragments, bound.text, _WHAT[role])
    except Unmappable as e:
        if role in ("Content", "Quoted"):
            raise
        result.adjust(f"{e.reason}: left out", where)
        return []
    return event.spans(role)


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
        text = article.text
        if not event.spans("Content"):
            raise Unmappable("attribution without a content span")
        content = _checked(event, "Content", text, result, where)
        kind = event.attributes.get("Kind")
        if kind is not None and kind not in KINDS:
            raise Unmappable(f"unknown Kind attribute ({kind})")
        quoted = None  # not stated: the quoted parts by the marks
        if "Quoted" in event.roles or kind == "indirect":  # stated (an indirect quote has none)
            quoted = _checked(event, "Quoted", text, result, where)
        source = _checked(event, "Source", text, result, where)
        cue = _checked(event, "Cue", text, result, where)
        quote = make_quote(
            article,
            content,
            corpus=corpus,
            file=file,
            mention=text_span(text, source, "speaker mention", result, where),
            cue=text_span(text, cue, "cue", result, where),
            quoted=quoted,
            regions=regions,
            record=event.id,
            annotator=annotator,
        )
        if kind is not None and kind != quote.kind:
            result.adjust("Kind attribute disagrees with the quoted parts: kind by them", where)
        result.add_quote(quote, article, where)


@dataclass
class _Folder:
    """What a source holds: (root, .txt, .ann) for every text, the ``.ann`` files without a
    text, and the paths not read (outside the folder)."""

    pairs: list[tuple[Path, Path, Path]] = field(default_factory=list)
    lone: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def _scan(source: Path) -> _Folder:
    if source.is_file():
        return _Folder(pairs=[(source.parent, source, source.with_suffix(".ann"))])
    texts, skipped = files_under(source, ".txt")
    anns, skipped_anns = files_under(source, ".ann")
    stems = {t.with_suffix("") for t in [*texts, *(path for path, _ in skipped)]}
    return _Folder(
        pairs=[(source, t, t.with_suffix(".ann")) for t in texts],
        lone=[(source, a) for a in anns if a.with_suffix("") not in stems],
        skipped=sorted(set(skipped + skipped_anns)),
    )


def _pairs(sources: Sequence[Path]) -> Iterator[tuple[Path, Path, Path]]:
    """(root, .txt, .ann) for every pair under the sources, sorted; a lone .txt is yielded
    with its missing .ann path (no quotes)."""
    for root in sources:
        yield from _scan(root).pairs


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes of every ``.txt`` and ``.ann`` file to read."""
    return sum(
        p.stat().st_size for _, txt, ann in _pairs(sources) for p in (txt, ann) if p.is_file()
    )


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per ``.txt`` file under the sources (folders are searched recursively), and
    one counting the ``.ann`` files without a text and the paths outside a folder (not read)."""
    for job in plan(sources):
        yield job()


def plan(sources: Sequence[Path]) -> list[Job]:
    """The jobs of :func:`iter_batches`, in order, each giving one batch, run anywhere."""
    tables: dict[Path, dict[str, dict[str, str]]] = {}
    jobs: list[Job] = []
    for source in sources:
        found = _scan(source)
        for root, txt, ann in found.pairs:
            if txt.parent not in tables:
                tables[txt.parent] = read_metadata(txt.parent, "brat", root)
            jobs.append(partial(_batch, root, txt, ann, tables[txt.parent].get(txt.stem, {})))
        if found.lone or found.skipped:
            jobs.append(partial(_not_read, source, found))
    return jobs


def _not_read(source: Path, found: _Folder) -> ImportResult:
    result = not_read(source, found.skipped)
    for root, ann in found.lone:
        try:
            events = max(1, len(parse_ann(ann.read_bytes().decode("utf-8")).events))
        except (OSError, UnicodeDecodeError):
            events = 1
        result.lose(".ann file without its .txt", ann.relative_to(root).as_posix(), events)
    return result


def read_ann(ann: Path, result: ImportResult) -> BratDocument:
    """The parsed ``.ann`` file (its size added to ``result.nbytes``). Raises
    :class:`~quotes.formats.build.Unmappable` when it is not UTF-8."""
    raw = ann.read_bytes()
    result.nbytes += len(raw)
    try:
        return parse_ann(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Unmappable(".ann file not UTF-8 text: its article left out with it") from None


def add_quotes(
    doc: BratDocument,
    article: Article,
    result: ImportResult,
    *,
    corpus: str,
    file: str,
    annotator: str | None = None,
) -> None:
    """Add the quotes of every attribution event of ``doc`` to ``result``, sorted."""
    if doc.unknown_lines:
        result.lose("unreadable .ann line", file, doc.unknown_lines)
    regions = marks.quoted_regions(article.text)
    for event in doc.events:
        quote_from_event(
            event, article, result, corpus=corpus, file=file, regions=regions, annotator=annotator
        )
    result.quotes.sort(key=lambda q: q.spans[0])


def read_text(path: Path, doc: BratDocument, result: ImportResult, where: str) -> str:
    """The text of ``path`` (UTF-8; its size added to ``result.nbytes``), its line ends as the
    annotations count them (:func:`~quotes.formats.build.fit_line_ends`: CRLF read as LF when
    the offsets count LF, counted)."""
    raw = path.read_bytes()
    result.nbytes += len(raw)
    text = raw.decode("utf-8")
    fitted = fit_line_ends(text, doc.stated())
    if fitted != text:
        result.adjust("CRLF line ends read as LF (the offsets count LF)", where)
    return fitted


def _batch(root: Path, txt: Path, ann: Path, row: dict[str, str]) -> ImportResult:
    result = ImportResult()
    relative = txt.relative_to(root).as_posix()
    with result.attempt(relative):
        doc = BratDocument()
        file = ann.relative_to(root).as_posix()
        if ann.exists() or ann.is_symlink():
            if not inside(root, ann):
                raise Unmappable("symlink or path leading outside the given folder: not read")
            doc = read_ann(ann, result)
        try:
            text = read_text(txt, doc, result, relative)
            article = _article(text, row, txt.stem, relative)
        except (Unmappable, UnicodeDecodeError):
            if doc.events:
                result.lose("its article was left out", file, len(doc.events))
            raise
        result.articles.append(article)
        add_quotes(doc, article, result, corpus=NAME, file=file)
    return result


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
        for n, part in enumerate(quote.quoted, 1):
            roles.append(f"Quoted{n if n > 1 else ''}:{bound('Quoted', [(part[0], part[1])])}")
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
