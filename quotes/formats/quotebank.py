"""Import Quotebank's article-centric files (``quotes import quotebank quotebank-2015.json.bz2``).

Quotebank (Vaucher et al., WSDM 2021; the data on Zenodo, record 4277311; the code at
github.com/epfl-dlab/Quotebank) attributes direct quotations in 196 million English news articles
with the Quobert model. Its article-centric version, ``quotebank-YYYY.json.bz2``, holds one JSON
object per line per article:

* ``articleID``, ``title``, ``url``, ``date``, ``phase`` (A-E: the crawl's character-encoding era);
* ``content``: the article as **tokens joined by single spaces** (Quootstrap's
  ``String.join(" ", tokens)``), with PTB quotation marks (`````` and ``''``) and HTML tags as
  tokens;
* ``names``: the candidate speakers found in the article, each with ``ids`` (Wikidata QIDs) and
  ``offsets``, ``[start, end)`` **token** ranges counted on ``content.split()`` (Python's
  white-space split: ``speakers_offset.py``);
* ``quotations``: each with ``quoteID``, ``quotation`` (the quotation untokenised by the PTB
  detokenizer, HTML tags removed), ``quotationOffset`` (the index, in ``content.split(" ")``, of
  the first token after the opening mark: ``ContextExtractor.extractQuotations``),
  ``globalTopSpeaker``/``globalProbas`` (over every occurrence of the quotation) and
  ``localTopSpeaker``/``localProbas`` (this occurrence).

The quotation's end is not stored: as Quootstrap found it, it is the first closing token (``''``,
``</q>``, ``</blockquote>``) after the opening one. Token offsets are turned into code-point
offsets into ``content`` (kept verbatim as the article text) and checked: the tokens' letters and
digits must equal the ``quotation``'s, or the quotation is not imported (counted by reason).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from array import array
from collections.abc import Container, Iterator, Sequence
from concurrent.futures import Executor
from itertools import chain, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from quotes.core.kinds import alnum_bytes
from quotes.core.models import Article
from quotes.core.problems import problem
from quotes.formats.build import (
    TOO_DEEP,
    ImportResult,
    Unmappable,
    article_key,
    collect,
    make_article,
    make_quote,
)
from quotes.formats.parts import PartResult, Parts, PartTask, part_written, pooled
from quotes.formats.spread import Lines, Reading, Spread
from quotes.formats.written import Output, Written, serialise
from quotes.io import files, jsonl
from quotes.io.blocks import Part, cuttable
from quotes.io.files import CompressionError, LongLine, RecordError, decompressing, read_blocks
from quotes.io.seen import StringSet

__all__ = [
    "PHASES",
    "candidates",
    "import_file",
    "import_part",
    "iter_batches",
    "iter_written",
    "read",
    "spread",
    "token_starts",
    "total_bytes",
    "white_tokens",
]

_OPENING = ("``", "<q", "<blockquote")
_CLOSING = ("''", "</q>", "</blockquote>")
_WHITE = re.compile(r"\S+")
_SPACE = ord(" ")
_OTHER_WHITE = re.compile(r"[^\S ]")
_ASCII_OTHER_WHITE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""The ASCII characters :data:`_OTHER_WHITE` matches (the white space of ``str.split()``)."""
_CLOSES, _OPENS = ("|".join(map(re.escape, marks)) for marks in (_CLOSING, _OPENING))
_MARK = re.compile(rf" (?:({_CLOSES})(?![^ ])|{_OPENS})")
"""A space, then a token of ``content.split(" ")`` that is a closing mark (group 1) or opens a
quotation (found from space to space, faster than testing what precedes each character)."""
_TAG = re.compile(r"<[^<>\s]*>")
_QID = re.compile(r"Q[1-9][0-9]*")
_PAIR = re.compile(r"\[\s*(-?[0-9]+)\s*,\s*(-?[0-9]+)\s*\]")


def white_tokens(content: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of each token of ``content.split()`` (the tokens the
    ``names`` offsets count: any white space separates, runs of it count once)."""
    return [m.span() for m in _WHITE.finditer(content)]


def token_starts(content: str) -> array[int]:
    """Where each token of ``content.split(" ")`` starts (code points), and one more entry,
    ``len(content) + 1``: token ``i`` is ``content[starts[i] : starts[i + 1] - 1]``. Found by
    numpy in the content's code points, without making an object for each token (an array's
    items are Python ints when read)."""
    import numpy as np

    if content.isascii():
        codes = np.frombuffer(content.encode("ascii"), np.uint8)
    else:  # one 32-bit unit a code point (lone surrogates included)
        codes = np.frombuffer(content.encode("utf-32-le", "surrogatepass"), "<u4")
    spaces = (codes == _SPACE).nonzero()[0].astype(np.int64, copy=False)
    spaces += 1
    starts = array("q", [0])
    starts.frombytes(spaces.tobytes())
    starts.append(len(content) + 1)
    return starts


def letters(text: str) -> str:
    """Letters and digits of ``text`` without HTML tags, case-folded: what a token range and
    Quotebank's untokenised ``quotation`` must share."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if text.isascii():  # the same letters, deleted from the bytes at once
        return alnum_bytes(text).decode("ascii").lower()
    return "".join(filter(str.isalnum, text)).casefold()


def qids(value: object) -> list[str]:
    """Wikidata QIDs from ``ids`` as any of Quotebank's layouts gives them: a list of QIDs, a list
    of ``[QID, label]`` pairs, or the same list written as a string (``"[Q76, Q1]"``)."""
    if isinstance(value, str):
        return list(dict.fromkeys(_QID.findall(value)))
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str) and _QID.fullmatch(item):
                found.append(item)
            elif isinstance(item, list) and item and isinstance(item[0], str):
                found += [item[0]] if _QID.fullmatch(item[0]) else []
    return list(dict.fromkeys(found))


def offsets(value: object) -> Iterator[tuple[int, int]]:
    """``[start, end)`` token pairs from ``offsets`` as a list of pairs or a string of one."""
    if isinstance(value, str):
        for a, b in _PAIR.findall(value):
            yield int(a), int(b)
    elif isinstance(value, list):
        for item in value:
            if (
                isinstance(item, list)
                and len(item) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
            ):
                yield item[0], item[1]


def candidates(value: object) -> list[tuple[str, float, list[str]]]:
    """``(speaker, probability, QIDs)`` from ``globalProbas``/``localProbas`` in any of the layouts
    Quotebank's files use: objects ``{"speaker", "proba" (or "probability"), "qids"}``, or pairs
    ``[speaker, "0.9246"]`` (probability as a string, QIDs absent). Malformed entries are left
    out; a probability outside ``[0, 1]`` raises ``ValueError``."""
    found: list[tuple[str, float, list[str]]] = []
    if not isinstance(value, list):
        return found
    for item in value:
        if isinstance(item, dict):
            name, proba, ids = (
                item.get("speaker"),
                item.get("proba", item.get("probability")),
                qids(item.get("qids", [])),
            )
        elif isinstance(item, list) and len(item) >= 2:
            name, proba = item[0], item[1]
            ids = qids(item[2]) if len(item) > 2 else []
        else:
            continue
        if not isinstance(name, str) or not name or isinstance(proba, bool):
            continue
        try:
            p = float(proba)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability {proba!r} of {name!r} is outside [0, 1]")
        found.append((name, p, ids))
    return found


NAME = "quotebank"
TOOL = "Quobert (Quotebank, Vaucher et al. 2021)"
RIGHTS = (
    "Copyright of the publisher. Text as crawled by Spinn3r and published tokenised in Quotebank "
    "(Vaucher et al. 2021, doi:10.5281/zenodo.4277311) for research: do not redistribute."
)
PHASES: dict[str, str] = {
    "A": "Quotebank phase A (until 2010-07-13): text lower-cased; non-ASCII characters garbled "
    "(UTF-8 read as Latin-1)",
    "B": "Quotebank phase B (2010-07-14 to 2010-07-26): text lower-cased; characters outside "
    "Latin-1 shown as '?'",
    "C": "Quotebank phase C (2010-07-27 to 2013-04-28): text lower-cased; non-ASCII characters "
    "shown as '?'",
    "D": "Quotebank phase D (2013-04-29 to 2014-05-21): non-ASCII characters shown as '?'",
}
"""The note an article and its quotes carry for each damaged phase (Quotebank's phases.md);
phase E text is intact."""
_SUFFIXES = tuple(
    f".{kind}{compressed}"
    for compressed in ("", ".bz2", ".gz", ".xz")
    for kind in ("json", "jsonl")
)


def _files(sources: Sequence[Path]) -> Iterator[tuple[Path, Path]]:
    for source in sources:
        if source.is_file():
            yield source.parent, source
        else:
            for path in sorted(source.rglob("*")):
                if path.is_file() and path.name.endswith(_SUFFIXES):
                    yield source, path


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes (compressed, as stored) of every file to read."""
    return sum(path.stat().st_size for _, path in _files(sources))


Line = tuple[bytes | None, str, str, int]
"""(line, where, file, bytes of the file read for it); a line of None: the file cannot be read
from there on."""


def _lines(sources: Sequence[Path]) -> Iterator[Line]:
    """Every line of the sources; a file cut off or corrupt ends with a line of None."""
    for root, path in _files(sources):
        yield from _file_lines(path, path.relative_to(root).as_posix())


def _file_lines(path: Path, relative: str, skip: int = 0, counted: int = 0) -> Iterator[Line]:
    """The lines of one file but the first ``skip`` (whose ``counted`` bytes are counted); a
    line over :data:`~quotes.io.files.MAX_LINE_BYTES` comes as a
    :class:`~quotes.io.files.LongLine`, unread. Raises :class:`RecordError` for a compressed
    file that does not decode whole."""
    number, done = 0, counted
    held: tuple[bytes, str] | None = None  # a line waits for the bytes read up to the next one
    try:
        with path.open("rb") as raw:
            lines = chain.from_iterable(read_blocks(decompressing(raw, path.name)))
            for number, line in enumerate(lines, 1):
                if held is not None:
                    yield held[0], held[1], relative, raw.tell() - done
                    done = raw.tell()
                held = (line, f"{relative}:{number}") if number > skip else None
    except CompressionError as e:
        error = problem("compression-error", str(path), number + 1 if number else None, error=e)
        raise RecordError(error) from None
    except OSError:
        yield None, f"{relative}:{number + 1}", relative, path.stat().st_size - done
        return
    if held is not None:
        yield held[0], held[1], relative, path.stat().st_size - done


def _line_batch(item: Line) -> ImportResult:
    line, where, file, nbytes = item
    if line is None:
        result = ImportResult()
        result.lose("file cut off or corrupt: the rest of it is not read", where)
    else:
        result = _article_batch(line, where, file)
    result.nbytes = nbytes
    return result


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per article line, in file order, streamed: memory stays flat however large the
    files."""
    return map(_line_batch, _lines(sources))


def _chunk(lines: list[Line], output: Output, used: Container[str] = frozenset()) -> Written:
    """Lines imported: parsed, built, serialised and checked."""
    return serialise(map(_line_batch, lines), output, used)


def import_part(task: PartTask) -> PartResult:
    """One part of a ``.bz2`` file imported (:func:`quotes.formats.parts.part_written` with
    this format's parser): what a process of :func:`iter_written` does, picklable, for any
    engine that runs parts."""
    return part_written(task, _article_batch)


def iter_written(
    sources: Sequence[Path], output: Output, ids: StringSet, jobs: int = 1
) -> Iterator[Written]:
    """The records of every file as ``quotes import`` writes them (:mod:`quotes.formats.written`),
    in file order, streamed: memory stays flat however large the files. ``ids`` are the article
    ids written before each part is given (the consumer adds each part's as it writes it). With
    ``jobs`` above 1, the work is done on that many processes, a few chunks of lines at a time;
    a ``.bz2`` file of 1 MiB or more is cut at its bzip2 blocks, as ``quotes validate`` cuts it
    (:mod:`quotes.io.blocks`), so that the processes also decompress it. The output is the same
    for any ``jobs``."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    if jobs == 1:
        lines = _lines(sources)
        while chunk := list(islice(lines, _CHUNK)):
            yield _chunk(chunk, output, ids)
        return
    from concurrent.futures import ProcessPoolExecutor

    from quotes.io.processes import die_with_parent

    with ProcessPoolExecutor(jobs, initializer=die_with_parent) as pool:
        for root, path in _files(sources):
            relative = path.relative_to(root).as_posix()
            if path.suffix.lower() == ".bz2" and cuttable(path):  # as _file_lines reads it
                rest = functools.partial(_rest, pool, jobs, path, relative, output, ids)
                task = PartTask(str(path), Part(0, 0, 0), relative, output)
                yield from Parts(pool, jobs, task, import_part, _article_batch, ids, rest).written()
            else:
                yield from _rest(pool, jobs, path, relative, output, ids, 0, 0)


def _rest(
    pool: Executor,
    jobs: int,
    path: Path,
    relative: str,
    output: Output,
    ids: StringSet,
    given: int,
    counted: int,
) -> Iterator[Written]:
    """The records of a file's lines after the first ``given`` (``counted`` bytes)."""
    lines = _file_lines(path, relative, given, counted)
    return pooled(pool, jobs, _chunk, lines, _CHUNK, output, ids)


_CHUNK = 64
"""Lines imported per task (and per part written with one job)."""


def spread(sources: Sequence[Path], output: Output) -> Spread:
    """Every file cut into parts that import apart, for an engine such as Spark
    (:mod:`quotes.formats.spread`): the output, in order, is what :func:`iter_written` gives."""
    found = ((path, path.relative_to(root).as_posix()) for root, path in _files(sources))
    return Spread(found, output, Reading(import_part, _article_batch, import_file), _read_on)


def import_file(task: Lines) -> Written:
    """A whole file imported as one job reads it (for any engine: picklable)."""
    lines = _file_lines(Path(task.path), task.relative)
    return serialise(map(_line_batch, lines), task.output, task.used)


def _read_on(
    path: Path, relative: str, output: Output, ids: StringSet, given: int, counted: int
) -> Iterator[Written]:
    """The records of a file's lines after the first ``given`` (``counted`` bytes), here."""
    lines = _file_lines(path, relative, given, counted)
    while chunk := list(islice(lines, _CHUNK)):
        yield _chunk(chunk, output, ids)


def read(*sources: str | os.PathLike[str]) -> ImportResult:
    """Every article and quotation of Quotebank article-centric files (or folders of them), in
    memory: for samples. ``quotes import quotebank`` streams."""
    return collect(iter_batches([Path(s) for s in sources]))


def _article_batch(line: bytes, where: str, file: str) -> ImportResult:
    result = ImportResult()
    if line.__class__ is LongLine:
        result.lose(f"line over {files.MAX_LINE_BYTES:,} bytes: not read", where)
        return result
    if not line.strip():
        return result
    try:
        data = jsonl.shallow(line)
    except jsonl.NotShallow:
        try:
            data = json.loads(line)  # here, as deep in the stack as ever: its limit
        except (UnicodeDecodeError, json.JSONDecodeError):
            result.lose("unreadable JSON line", where)
            return result
        except RecursionError:
            result.lose(TOO_DEEP, where)
            return result
    quotations = data.get("quotations") if isinstance(data, dict) else None
    quotations = quotations if isinstance(quotations, list) else []
    with result.attempt(where):
        try:
            article = _article(data, file)
        except Unmappable:
            if quotations:
                result.lose("its article was left out", where, len(quotations))
            raise
        result.articles.append(article)
        phase = data.get("phase")
        notes = [PHASES[phase]] if isinstance(phase, str) and phase in PHASES else []
        if notes:
            result.adjust(f"damaged text (phase {phase}): kept, with a note", where)
        names = data.get("names")
        names = [n for n in names if isinstance(n, dict)] if isinstance(names, list) else []
        text = _Text(article.text, names)
        for quotation in quotations:
            _quote(quotation, article, text, notes, result, file, where)
        result.quotes.sort(key=lambda q: q.spans[0])
    return result


def _article(data: Any, file: str) -> Article:
    if not isinstance(data, dict):
        raise Unmappable("line is not an article object")
    article_id, content = data.get("articleID"), data.get("content")
    if not isinstance(article_id, str) or not article_id:
        raise Unmappable("no articleID")
    if not isinstance(content, str) or not content.strip():
        raise Unmappable("no content")
    try:
        published = dt.date.fromisoformat(str(data.get("date"))[:10])
    except ValueError:
        raise Unmappable("no usable date") from None
    url = data.get("url") if isinstance(data.get("url"), str) else None
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed address (an unclosed IPv6 bracket, ...)
        host = None
    phase = data.get("phase")
    phase = phase if isinstance(phase, str) else None
    return make_article(
        id=article_key(article_id),
        text=content,
        corpus=NAME,
        file=file,
        published=published,
        published_evidence=f"Quotebank date field ({data.get('date')})",
        rights=RIGHTS,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        outlet=host,
        outlet_confidence="inferred",
        outlet_evidence="the host name of the article's URL (Quotebank url)",
        url=url,
        record=article_id,
        notes=[PHASES[phase]] if phase in PHASES else [],
    )


class _Text:
    """An article's content, its two tokenisations and the occurrences of its speakers, made
    once for all its quotations (each when first asked for)."""

    def __init__(self, content: str, names: Sequence[Any] = ()) -> None:
        self.content = content
        self.names = names
        self.starts = token_starts(content)
        """Where each token of ``content.split(" ")`` starts, and one more entry (past a last
        space after the content): token ``i`` is ``content[starts[i] : starts[i + 1] - 1]``."""
        self._words: list[tuple[int, int]] | None = None
        self._plain: bool | None = None
        self._speakers: dict[str, Occurrences] = {}

    @property
    def count(self) -> int:
        """How many tokens ``content.split(" ")`` has."""
        return len(self.starts) - 1

    def token(self, i: int) -> str:
        """Token ``i`` of ``content.split(" ")``."""
        return self.content[self.starts[i] : self.starts[i + 1] - 1]

    @property
    def words(self) -> list[tuple[int, int]]:
        """:func:`white_tokens` of the content (made when first asked for): when spaces are its
        only white space, they are the non-empty tokens of ``content.split(" ")``."""
        if self._words is None:
            if _space_only(self.content):
                ends = map((-1).__add__, islice(self.starts, 1, None))
                spans = zip(self.starts, ends, strict=False)
                self._words = [(s, e) for s, e in spans if s < e]
            else:
                self._words = white_tokens(self.content)
        return self._words

    def words_span(self, a: int, b: int) -> tuple[int, int] | None:
        """The code-point span of :attr:`words` ``a`` to ``b`` (exclusive), None when they are
        not words of the content."""
        if self._plain is None:  # spaces alone, one between tokens: the tokens are the words
            content = self.content
            self._plain = (  # no empty token
                content != ""
                and "  " not in content
                and not content.startswith(" ")
                and not content.endswith(" ")
                and _space_only(content)
            )
        if self._plain:
            starts = self.starts
            return (starts[a], starts[b] - 1) if 0 <= a < b < len(starts) else None
        words = self.words
        return (words[a][0], words[b - 1][1]) if 0 <= a < b <= len(words) else None

    def closing(self, first: int) -> int | None:
        """The index of the token closing the quotation whose first token is ``first`` (a token
        that is a closing mark), or None when a token opening a quotation, or the end, comes
        first."""
        start = self.starts[first]
        # from the space before the token (one put before the first token)
        content, at = (self.content, start - 1) if start else (" " + self.content, 0)
        found = _MARK.search(content, at)
        if found is None or found.group(1) is None:
            return None
        return first + content.count(" ", at + 1, found.start() + 1)

    def occurrences(self, speaker: str) -> Occurrences:
        """:func:`_occurrences` of ``speaker`` among the article's names."""
        found = self._speakers.get(speaker)
        if found is None:
            found = self._speakers[speaker] = _occurrences(self, speaker)
        return found


def _space_only(content: str) -> bool:
    """Whether spaces are the only white space of ``content``."""
    if content.isascii():  # a few scans for a character, instead of a pattern's at each one
        return not any(white in content for white in _ASCII_OTHER_WHITE)
    if content.isprintable():  # white space other than the space is never printable
        return True
    return _OTHER_WHITE.search(content) is None


def _segments(text: _Text, first: int, end: int) -> list[tuple[int, int]]:
    """Code-point spans of tokens ``first`` to ``end`` (exclusive), split around HTML tags."""
    if end <= first:
        return []
    starts = text.starts
    start, stop = starts[first], starts[end] - 1
    piece = text.content[start:stop]
    if piece and "<" not in piece and "  " not in piece and piece[0] != " " != piece[-1]:
        return [(start, stop)]  # no tag, no empty token: one run
    spans: list[tuple[int, int]] = []
    run: list[int] = []
    for i in range(first, end + 1):
        token = text.token(i) if i < end else None
        if token is not None and not (token.startswith("<") and token.endswith(">")):
            if token:
                run.append(i)
            continue
        if run:
            spans.append((starts[run[0]], starts[run[-1] + 1] - 1))
        run = []
    return spans


Occurrences = tuple[list[tuple[int, int]], list[str], bool]
"""A speaker's usable occurrences (code points, in the order of ``names``), the QIDs its last
entry gives, and whether some of its offsets were unusable."""


def _occurrences(text: _Text, speaker: str) -> Occurrences:
    """The occurrences of ``speaker`` among the article's ``names``, its QIDs, and whether some of
    its offsets were unusable (outside the text, or not giving the name's words)."""
    content = text.content
    name_words = {w.casefold() for w in speaker.split()}
    found: list[tuple[int, int]] = []
    ids: list[str] = []
    unusable = False
    for entry in text.names:
        if entry.get("name") != speaker:
            continue
        ids = qids(entry.get("ids"))
        for a, b in offsets(entry.get("offsets")):
            span = text.words_span(a, b)
            if span is None:
                unusable = True
                continue
            start, end = span
            if not {w.casefold() for w in content[start:end].split()} <= name_words:
                unusable = True
                continue
            found.append((start, end))
    return found, ids, unusable


def _mention(
    text: _Text, speaker: str, quote: tuple[int, int]
) -> tuple[dict[str, Any] | None, list[str], bool]:
    """The occurrence of ``speaker`` among the article's names nearest the quotation (the first
    of the nearest, outside it: the fields of its :class:`~quotes.core.models.TextSpan`), its
    QIDs, and whether some of its offsets were unusable."""
    found, ids, unusable = text.occurrences(speaker)
    best: tuple[int, int, int] | None = None
    for start, end in found:
        if start < quote[1] and quote[0] < end:
            continue
        distance = quote[0] - end if end <= quote[0] else start - quote[1]
        if best is None or distance < best[0]:
            best = (distance, start, end)
    if best is None:
        return None, ids, unusable
    _, start, end = best
    return {"text": text.content[start:end], "start": start, "end": end}, ids, unusable


def _quote(
    quotation: Any,
    article: Article,
    text: _Text,
    notes: list[str],
    result: ImportResult,
    file: str,
    where: str,
) -> None:
    record = quotation.get("quoteID") if isinstance(quotation, dict) else None
    here = f"{where}:{record}"
    with result.attempt(here):
        if not isinstance(quotation, dict):
            raise Unmappable("quotation is not an object")
        content = text.content
        first = quotation.get("quotationOffset")
        if not isinstance(first, int) or isinstance(first, bool) or not 0 < first < text.count:
            raise Unmappable("quotationOffset outside the content")
        if not text.token(first - 1).startswith(_OPENING):
            raise Unmappable("quotationOffset does not follow an opening quotation mark")
        end = text.closing(first)
        if end is None:
            raise Unmappable("no closing quotation mark after quotationOffset")
        spans = _segments(text, first, end)
        if not spans:
            raise Unmappable("empty quotation")
        words = " ".join(content[s:e] for s, e in spans)
        if letters(words) != letters(str(quotation.get("quotation", ""))):
            raise Unmappable("the tokens at quotationOffset do not give the quotation")
        given = quotation.get("globalProbas")
        try:
            proposed = candidates(given)
        except ValueError:
            raise Unmappable("speaker probability outside [0, 1]") from None
        if isinstance(given, list) and len(proposed) < len(given):
            result.adjust("unreadable speaker candidates: left out", here)
        top = quotation.get("globalTopSpeaker")
        speaker = top if isinstance(top, str) and top not in ("", "None") else None
        mention: dict[str, Any] | None = None
        ids: list[str] = []
        unusable = False
        if speaker:
            quoted = (spans[0][0], spans[-1][1])
            mention, ids, unusable = _mention(text, speaker, quoted)
        if unusable:
            result.adjust("speaker name offsets that do not give the name: not used", here)
        own = [c for c in proposed if c[0] == speaker]
        ids = own[0][2] or ids if own else ids
        local = quotation.get("localTopSpeaker")
        extra = [f"localTopSpeaker: {local}"] if isinstance(local, str) and local != top else []
        quote = make_quote(
            article,
            spans,
            corpus=NAME,
            file=file,
            mention=mention,
            quoted=spans,  # Quotebank holds direct quotations only: all of it is quoted
            speaker_name=speaker,
            speaker_type="person" if speaker else "unknown",
            speaker_wikidata=ids[0] if len(ids) == 1 else None,
            record=record if isinstance(record, str) and record else None,
            candidates=[{"name": n, "probability": p, "wikidata": q} for n, p, q in proposed],
            notes=[*notes, *extra],
            method="model",
            tool=TOOL,
            confidence=own[0][1] if own else None,
        )
        result.add_quote(quote, article, here)
