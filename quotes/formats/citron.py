"""citron's JSON (github.com/bbc/citron, ``docs/data_format.md``): ``quotes import citron`` and
``quotes export --format citron``.

citron, the BBC's quote extractor, writes and reads one JSON object per document: ``quotes``, each
with a ``cue`` span, ``sources`` and ``contents`` span lists (a span is ``{start, end, text}``,
code-point offsets into the document text, end-exclusive), and, in its output, ``coreferences``
and a ``confidence`` (a string such as ``"0.9500"``). Its annotation format adds the document
``text``; ``citron-extract`` output has no text, so it must stand beside the JSON file.

Reading (``quotes import citron FOLDER``), per ``NAME.json``:

* text: the file's ``text``, else ``NAME.txt`` in the same folder (run ``citron-extract
  --input-file NAME.txt``: from standard input it puts a space before every line, which shifts
  the offsets);
* article: the ``article`` object our export writes, else the ``NAME`` row of a ``metadata.tsv``
  in the same folder (the brat columns: ``filename``, ``publication_date``, ``publisher``,
  ``title``, ...); without a publication date the article is left out, counted;
* quote: ``contents`` the content, put in our convention (``Quote.spans``: citron's contents
  include the quotation marks, ours stop inside them) with its quoted parts found by the marks
  (:func:`quotes.core.marks.extent`), or the ``quoted`` parts our export wrote; the kind follows
  from the two;
  the speaker mention is the source span as it stands in the text (citron's ``coreferences``
  when it resolved a pronoun, else its ``sources``); when it resolved one, the resolved source's
  text is the speaker's name; ``cue`` the cue; ``confidence`` the annotation's confidence.

Writing (``quotes export --format citron``), per article: ``ID.txt`` (the text), ``ID.json``
(citron's annotation format with the text, plus what lets the import restore our records: the
``article`` without its text, and for each quote its ``id``, ``kind``, ``quoted`` (the quoted
parts, as spans), ``speaker``, ``annotation``, ``addressee``, ``via`` and ``uttered`` fields),
and one ``metadata.tsv``. Contents are our spans (a direct quote's inside the quotation marks);
the speaker mention is the one source span;
a quote without a cue goes to ``quotes_without_cue`` (citron requires a cue).
Reading that folder back gives every record again, with ``source`` saying it came from citron.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from quotes.core import marks
from quotes.core.building import from_json_value, with_changes
from quotes.core.models import Annotation, Article, Quote, Source, Speaker, TextSpan
from quotes.core.regions import region_of
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
from quotes.formats.metadata import (
    CITRON_COLUMNS,
    metadata_article,
    metadata_table,
    read_metadata,
)
from quotes.io.files import staged

__all__ = ["iter_batches", "read", "to_citron", "total_bytes", "write"]

NAME = "citron"
TOOL = "citron"
UNCUED = "quotes_without_cue"
"""Where our export puts quotes that have no cue: citron requires one in ``quotes`` (its reader
fails on a null cue) and ignores other keys; our import reads both."""
_MORE = (
    "addressee",
    "via",
    "uttered",
    "uttered_precision",
    "uttered_confidence",
    "uttered_evidence",
)
"""Quote fields citron has no place for, which our export adds to each quote object."""


# ------------------------------------------------------------------------------------ reading


def _files(sources: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    for source in sources:
        if source.is_file():
            yield source.parent, source
        else:
            for path in files_under(source, ".json")[0]:
                yield source, path


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes of every citron JSON file (and the text beside it) to read."""
    total = 0
    for _, path in _files(sources):
        total += path.stat().st_size
        text = path.with_suffix(".txt")
        total += text.stat().st_size if text.is_file() else 0
    return total


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per citron JSON file under the sources (folders are searched recursively), and
    one counting what was not read (outside a folder)."""
    for job in plan(sources):
        yield job()


def plan(sources: Sequence[Path]) -> list[Job]:
    """The jobs of :func:`iter_batches`, in order, each giving one batch, run anywhere."""
    tables: dict[Path, dict[str, dict[str, str]]] = {}
    jobs: list[Job] = []
    for root, path in _files(sources):
        if path.parent not in tables:
            tables[path.parent] = read_metadata(path.parent, "citron", root)
        jobs.append(partial(_document, root, path, tables[path.parent]))
    for source in sources:
        if source.is_dir():
            jobs.append(partial(not_read, source, files_under(source, ".json")[1]))
    return jobs


def read(*sources: str | os.PathLike[str]) -> ImportResult:
    """Every document and quote of citron JSON files (or folders of them), in memory."""
    return collect(iter_batches([Path(s) for s in sources]))


def _document(root: Path, path: Path, table: dict[str, dict[str, str]]) -> ImportResult:
    result = ImportResult()
    relative = path.relative_to(root).as_posix()
    data = result.load_json(path, relative)
    if data is None:
        return result
    quotes = data.get("quotes") if isinstance(data, dict) else None
    if not isinstance(quotes, list):
        result.lose("not citron JSON (no quotes list)", relative)
        return result
    uncued = data.get(UNCUED)
    quotes = quotes + uncued if isinstance(uncued, list) else quotes
    with result.attempt(relative):
        try:
            text = data.get("text")
            if not isinstance(text, str):
                text = _text_beside(root, path, result)
            fitted = fit_line_ends(text, _stated(quotes))
            if fitted != text:
                result.adjust("CRLF line ends read as LF (the offsets count LF)", relative)
            text = fitted
            article = _article(text, data.get("article"), table.get(path.stem, {}), path, relative)
        except Unmappable:
            if quotes:
                result.lose("its article was left out", relative, len(quotes))
            raise
        result.articles.append(article)
        regions = marks.quoted_regions(article.text)
        for number, quote in enumerate(quotes):
            _quote(quote, article, regions, result, relative, f"{relative}:{number}")
        result.quotes.sort(key=lambda q: q.spans[0])
    return result


def _text_beside(root: Path, path: Path, result: ImportResult) -> str:
    """The text of ``NAME.txt`` beside ``NAME.json`` (its size added to ``result.nbytes``)."""
    beside = path.with_suffix(".txt")
    if not beside.is_file():
        raise Unmappable("no text: neither a 'text' key nor a .txt file beside it")
    if not inside(root, beside):
        raise Unmappable("symlink or path leading outside the given folder: not read")
    try:
        text_bytes = beside.read_bytes()
        text = text_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise Unmappable("unreadable text file beside it (UTF-8 expected)") from None
    result.nbytes += len(text_bytes)
    return text


def _stated(quotes: list[Any]) -> list[tuple[list[tuple[int, int]], str]]:
    """(span, text) of every well-formed citron span that states its text."""
    items: list[Any] = []
    for quote in quotes:
        if isinstance(quote, dict):
            for key in ("contents", "sources", "coreferences", "cue"):
                value = quote.get(key)
                items += value if isinstance(value, list) else [value]
    return [
        ([(item["start"], item["end"])], item["text"])
        for item in items
        if isinstance(item, dict)
        and type(item.get("start")) is int
        and type(item.get("end")) is int
        and isinstance(item.get("text"), str)
    ]


def _article(text: str, ours: Any, row: dict[str, str], path: Path, relative: str) -> Article:
    source = Source(
        corpus=NAME,
        file=relative,
        record=path.stem,
        annotator=None,
        split=None,
        label=None,
        candidates=[],
        notes=[],
    )
    if isinstance(ours, dict):
        try:
            article = from_json_value(Article, {**ours, "text": text})
            return with_changes(article, source=source)
        except ValueError as e:
            raise Unmappable("its 'article' object does not fit the text") from e
    article = metadata_article(
        row,
        id=article_key(path.stem),
        text=text,
        corpus=NAME,
        file=relative,
        evidence=f"metadata.tsv beside the citron file ({path.stem})",
        unknown_rights="Unknown: imported from citron files; see their source.",
        record=path.stem,
    )
    regions = row.get("regions") or None
    if regions is None:
        return article
    try:
        return with_changes(article, regions=json.loads(regions))
    except ValueError:
        raise Unmappable("bad regions in metadata.tsv") from None


def _spans(text: str, items: Any, what: str) -> list[tuple[int, int]]:
    """``(start, end)`` of citron spans, checked against their ``text``."""
    if items is None:
        return []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise Unmappable(f"{what} is not a list of spans")
    spans = []
    for item in items:
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if type(start) is not int or type(end) is not int:
            raise Unmappable(f"{what} span outside the text")
        check_stated(text, [(start, end)], item.get("text"), what)
        spans.append((start, end))
    return spans


def _part(
    text: str, items: Any, what: str, result: ImportResult, where: str
) -> list[tuple[int, int]]:
    try:
        return _spans(text, items, what)
    except Unmappable as e:
        result.adjust(f"{e.reason}: left out", where)
        return []


def _quote(
    item: Any,
    article: Article,
    regions: list[tuple[int, int]],
    result: ImportResult,
    file: str,
    where: str,
) -> None:
    with result.attempt(where):
        if not isinstance(item, dict):
            raise Unmappable("quote is not an object")
        text = article.text
        contents = _spans(text, item.get("contents"), "content")
        if not contents:
            raise Unmappable("quote without contents")
        sources = _part(text, item.get("sources"), "source", result, where)
        in_place = _part(text, item.get("coreferences"), "coreference", result, where)
        cue = _part(text, item.get("cue"), "cue", result, where)
        mention = text_span(text, in_place or sources, "speaker mention", result, where)
        name = " and ".join(text[s:e] for s, e in sources) if in_place else None
        stated = item.get("quoted")  # our export's quoted parts; else by the marks
        quoted = _spans(text, stated, "quoted part") if isinstance(stated, list) else None
        confidence = _confidence(item.get("confidence"))
        if confidence is None and item.get("confidence") is not None:
            result.adjust("unreadable confidence: left out", where)
        quote = make_quote(
            article,
            contents,
            corpus=NAME,
            file=file,
            mention=mention,
            cue=text_span(text, cue, "cue", result, where),
            quoted=quoted,
            regions=regions,
            speaker_name=name,
            record=str(item["id"]) if item.get("id") is not None else None,
            method="model",
            tool=TOOL,
            confidence=confidence,
        )
        quote = _restore(quote, item, article)
        result.add_quote(quote, article, where)


def _confidence(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 1.0 else None


def _restore(quote: Quote, item: dict[str, Any], article: Article) -> Quote:
    """What our export adds back onto a quote: the speaker (with citron's mention), the
    annotation, the fields citron has no place for, and the region the spans stand in."""
    changes: dict[str, Any] = {k: item[k] for k in _MORE if k in item}
    region = region_of(article, quote.spans)
    if region is not None and region != quote.region:
        changes["region"] = region
    if isinstance(item.get("speaker"), dict):
        try:
            speaker = {**item["speaker"], "mention": quote.speaker.mention}
            changes["speaker"] = from_json_value(Speaker, speaker)
        except ValueError:
            raise Unmappable("its 'speaker' object is not a speaker") from None
    if isinstance(item.get("annotation"), dict):
        try:
            changes["annotation"] = from_json_value(Annotation, item["annotation"])
        except ValueError:
            raise Unmappable("its 'annotation' object is not an annotation") from None
    if not changes:
        return quote
    try:
        return from_json_value(Quote, {**dict(quote), **changes})
    except ValueError:
        raise Unmappable("the fields our export added do not fit the quote") from None


# ------------------------------------------------------------------------------------ writing


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def to_citron(article: Article, quotes: Iterable[Quote]) -> dict[str, Any]:
    """One article and its quotes in citron's annotation format, with our additions."""
    text = article.text
    rows: list[dict[str, Any]] = []
    uncued: list[dict[str, Any]] = []
    for quote in quotes:
        mention: TextSpan | None = quote.speaker.mention
        (rows if quote.cue else uncued).append(
            {
                "id": quote.id,
                "kind": quote.kind,
                "cue": _span(text, quote.cue.start, quote.cue.end) if quote.cue else None,
                "sources": [_span(text, mention.start, mention.end)] if mention else [],
                "contents": [_span(text, s, e) for s, e in quote.spans],
                "quoted": [_span(text, s, e) for s, e in quote.quoted],
                "speaker": quote.speaker.model_dump(mode="json", exclude={"mention"}),
                "annotation": quote.annotation.model_dump(mode="json"),
                **quote.model_dump(mode="json", include=set(_MORE)),
            }
        )
    meta = article.model_dump(mode="json", exclude={"text", "source"})
    document = {"text": text, "quotes": rows, "article": meta}
    return {**document, UNCUED: uncued} if uncued else document


def write(
    articles: Iterable[Article], quotes: Iterable[Quote], out: str | os.PathLike[str]
) -> list[Path]:
    """Write ``<article id>.txt`` and ``<article id>.json`` (citron's format) per article and a
    ``metadata.tsv`` into ``out``; return the paths. All or nothing
    (:func:`quotes.io.files.staged`); existing files are replaced."""
    by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_article.setdefault(quote.article_id, []).append(quote)
    articles = list(articles)
    names = [f"{a.id}{suffix}" for a in articles for suffix in (".txt", ".json")]
    with staged(out, [*names, "metadata.tsv"], overwrite=True) as stage:
        for article in articles:
            document = to_citron(article, by_article.get(article.id, []))
            stage.write_text(f"{article.id}.txt", article.text)
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            stage.write_text(f"{article.id}.json", text)
        stage.write_text("metadata.tsv", metadata_table(articles, CITRON_COLUMNS))
    return stage.written
