"""Import the field's corpora: one module per format, all built on :mod:`quotes.formats.build`.

:data:`FORMATS` maps each ``quotes import`` format name to its module. A reader module
provides:

* ``iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]``: the records, one batch
  per article (so an import runs in flat memory), each with what could not be mapped;
* ``read(*sources) -> ImportResult``: all of them at once (``collect(iter_batches(...))``);
* ``total_bytes(sources) -> int | None``: how much ``iter_batches`` will read, for progress;
* optionally, ``plan(sources) -> list[Job]``: the batches of ``iter_batches`` as jobs that run
  apart (picklable calls, one a batch, in order), for engines such as Spark;
* optionally, ``iter_written(sources, output, ids, jobs=1) -> Iterator[Written]``: the batches
  already serialised and checked (:mod:`quotes.formats.written`), on ``jobs`` processes, for a
  format large enough to need them (Quotebank).
* optionally, instead of ``plan``, ``spread(sources, output) -> Spread``: the sources cut into
  parts imported where they run (:mod:`quotes.formats.spread`: Quotebank's files by bzip2 blocks
  or byte ranges), for engines such as Spark.

:func:`import_corpus` writes a reader's output as ``articles.jsonl`` and ``quotes.jsonl``,
all or nothing.
"""

from __future__ import annotations

import importlib
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, cast

from quotes.core.bundled import ARTICLES, QUOTES
from quotes.core.record_rules import KINDS
from quotes.core.report import Report
from quotes.core.splits import hub_name
from quotes.engine import mapping  # not its parts(): quotes.formats.parts is a module
from quotes.engine.check import Checker
from quotes.formats.build import ImportResult, Job, SourceError, Unmappable, collect
from quotes.formats.written import MAX_PROBLEMS, Output, Writer, Written, serialise
from quotes.io.files import Stage, open_binary, staged
from quotes.io.seen import Seen, StringSet
from quotes.io.shards import MANIFEST, ShardedFiles, shard_name

if TYPE_CHECKING:
    from quotes.engine.mapping import Mapper
    from quotes.io.progress import Progress

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "ImportSummary",
    "NotSplittable",
    "NothingImported",
    "OutputInsideSource",
    "Reader",
    "SourceError",
    "SplitNotFound",
    "Unmappable",
    "collect",
    "import_corpus",
    "reader",
    "refuse_output_in_sources",
    "sniff",
    "source_paths",
]

FORMATS: dict[str, str] = {
    "polnear": "polnear",
    "brat": "brat",
    "wikinews-de": "wikinews_de",
    "quotebank": "quotebank",
    "citron": "citron",
}
"""``quotes import`` format name -> module of this package that reads it."""

OUTPUTS = (ARTICLES.file, QUOTES.file)


class Reader(Protocol):
    """What a format module provides (see the module docstring)."""

    def iter_batches(self, sources: Sequence[Path]) -> Iterator[ImportResult]: ...
    def read(self, *sources: str | os.PathLike[str]) -> ImportResult: ...
    def total_bytes(self, sources: Sequence[Path]) -> int | None: ...


def reader(name: str) -> Reader:
    """The reader module of format ``name``; ``ValueError`` naming the formats when unknown."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    try:
        module: ModuleType = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{FORMATS[name]}":
            raise
        raise ValueError(f"format {name!r} is not available in this version") from e
    return cast(Reader, module)


class ImportFailed(Exception):
    """The imported records did not pass ``quotes validate``; nothing was written.

    ``report`` holds the problems (at most 100), their paths and line numbers naming the output
    files and lines the records would have been written to."""

    def __init__(self, report: Report) -> None:
        first = report.problems[0]
        super().__init__(
            f"the imported records do not validate ({len(report.problems)} problem(s); first: "
            f"line {first.line}, {first.field}: {first.message}); nothing was written"
        )
        self.report = report


class NotSplittable(ValueError):
    """The format's sources cannot be cut into jobs that run apart (its reader has no
    ``plan``), so an engine such as Spark cannot import it; nothing was read."""

    def __init__(self, format: str) -> None:
        super().__init__(
            f"format {format!r} cannot be imported by this engine: its sources are not cut into "
            "jobs that run apart; import it on this machine"
        )
        self.format = format


class SplitNotFound(SourceError):
    """No article of the sources is in the splits asked for (``split=``); nothing was written.

    ``wanted`` holds the splits asked for; ``found`` counts the articles read by split
    (``"none"`` for those without one)."""

    def __init__(self, wanted: Sequence[str], found: Counter[str]) -> None:
        seen = ", ".join(f"{k} ({n} articles)" for k, n in sorted(found.items())) or "no articles"
        super().__init__(
            f"no article is in split {' or '.join(repr(w) for w in wanted)}; the sources have: "
            f"{seen}"
        )
        self.wanted = list(wanted)
        self.found = found


class NothingImported(SourceError):
    """The sources gave no article (a wrong format, a folder of other files, a corrupt file);
    nothing was written. ``format`` is the format read as, ``looks_like`` the format the input
    looks like (:func:`sniff`), when it can tell and it is another, and ``lost`` what was left
    out, by reason."""

    def __init__(
        self, format: str, sources: Sequence[Path], looks_like: str | None, lost: Counter[str]
    ) -> None:
        named = ", ".join(str(s) for s in sources)
        message = f"no article was read from {named} as {format}; nothing was written"
        if lost:
            top = sorted(lost.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            message += " (left out: " + ", ".join(f"{n} {reason}" for reason, n in top) + ")"
        if looks_like is not None:
            message += f"; the input looks like {looks_like}: import it as that format"
        super().__init__(message)
        self.format, self.looks_like, self.lost = format, looks_like, lost


class OutputInsideSource(SourceError):
    """The output folder is a source folder, inside one, or holds a source file as an output
    (the next run would read it back); nothing was read. ``source`` names the source."""

    def __init__(self, out: Path, source: Path) -> None:
        super().__init__(
            f"{out}: the output folder is inside the source {source}; give a folder outside it"
        )
        self.out, self.source = out, source


def refuse_output_in_sources(out: Path, sources: Sequence[Path]) -> None:
    """Raise :class:`OutputInsideSource` when ``out`` is or lies inside a source folder, or when
    a source file is one of the outputs it would hold."""
    where = out.resolve()
    outputs = {where / name for name in OUTPUTS}
    for source in sources:
        real = source.resolve()
        if (real.is_dir() and where.is_relative_to(real)) or real in outputs:
            raise OutputInsideSource(out, source)


_SNIFF_BYTES = 64 * 1024  # read from the start of a file to tell its format
_SNIFF_FILES = 2000  # files looked at in a folder, at most
_JSON_KEYS = {
    "quotebank": (b'"articleID"', b'"quotations"'),
    "wikinews-de": (b'"originalText"', b'"annotations"'),
    "citron": (b'"quotes"', b'"contents"'),
}


def sniff(path: str | os.PathLike[str]) -> str | None:
    """The format (a key of :data:`FORMATS`) that the file or folder at ``path`` looks like, from
    its files' names and first bytes; None when it cannot tell. Reads little: the start of a
    few files, and at most a few thousand names."""
    root = Path(path)
    if root.is_file():
        return _sniff_file(root)
    if not root.is_dir():
        return None
    for data in (root / "data", root):
        head = _head(data / "metadata.tsv").split(b"\n", 1)[0]
        if b"compartment" in head and b"annotators" in head:
            return "polnear"
    files = []
    for count, found in enumerate(root.rglob("*")):
        if count >= _SNIFF_FILES:
            break
        if found.suffix == ".ann" and found.is_file():
            return "brat"
        files.append(found)
    for found in sorted(files):
        if found.is_file():
            looks = _sniff_file(found)
            if looks is not None:
                return looks
    return None


def _sniff_file(path: Path) -> str | None:
    if path.suffix == ".ann":
        return "brat"
    head = _head(path)
    for name, keys in _JSON_KEYS.items():
        if all(key in head for key in keys):
            return name
    return None


def _head(path: Path) -> bytes:
    """The first bytes of the file at ``path``, decompressed by suffix (``b""`` if unreadable)."""
    try:
        with open_binary(path, parallel=False) as f:
            return f.read(_SNIFF_BYTES)
    except Exception:  # a file that cannot be read tells nothing
        return b""


@dataclass
class ImportSummary:
    """What :func:`import_corpus` wrote, and what it could not map."""

    format: str
    files: list[Path]
    """The files written: ``DIR/articles.jsonl`` and ``DIR/quotes.jsonl``."""
    articles: int = 0
    quotes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    """Quotes written, by kind."""
    splits: Counter[str] = field(default_factory=Counter)
    """Articles written, by the source's split (those with one)."""
    left_out: Counter[str] = field(default_factory=Counter)
    """Articles read but not written because their split was not asked for (``split=``), by
    split (``"none"`` for articles without one); their quotes are left out with them, and
    neither counts as lost."""
    lost: Counter[str] = field(default_factory=Counter)
    """Source records left out, by reason."""
    adjusted: Counter[str] = field(default_factory=Counter)
    """Records written with a loss, by reason."""
    examples: dict[str, str] = field(default_factory=dict)
    """The first place each reason was seen."""

    def render(self) -> str:
        """The summary as lines of text: what was imported (by kind, and by split), what was left
        out by split, the files written, then what could not be mapped, counted by reason with
        the first place each was seen."""
        kinds = ", ".join(f"{self.kinds[k]} {k}" for k in KINDS)
        lines = [f"imported {self.articles} articles and {self.quotes} quotes ({kinds})"]
        if self.splits:
            lines.append(
                "articles by split: " + ", ".join(f"{k} {n}" for k, n in self.splits.items())
            )
        if self.left_out:
            left = ", ".join(f"{k} {n}" for k, n in sorted(self.left_out.items()))
            lines.append(f"left out, in splits not asked for (articles with their quotes): {left}")
        lines += [f"  {path}" for path in self.files]
        for title, counts in (("not imported", self.lost), ("imported with a loss", self.adjusted)):
            if counts:
                lines.append(f"{title}: {sum(counts.values())}")
                for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                    lines.append(f"  {n:6d}  {reason}  (first: {self.examples[reason]})")
        return "".join(f"{line}\n" for line in lines)


def source_paths(
    sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
) -> list[Path]:
    """``sources`` as paths, each checked to exist before any format looks inside it: raises
    ``FileNotFoundError`` ("no such file or folder") for a missing one, ``ValueError`` for none."""
    items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    if not items:
        raise ValueError("give at least one source")
    paths = [Path(s) for s in items]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(2, "no such file or folder", str(p))
    return paths


def import_corpus(
    format: str,
    sources: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    progress: Progress | None = None,
    jobs: int = 1,
    split: Sequence[str] | str | None = None,
    engine: Mapper | None = None,
) -> ImportSummary:
    """Read ``sources`` as ``format`` and write ``out/articles.jsonl`` and ``out/quotes.jsonl``.

    All or nothing: the records are written to a staging folder (:func:`quotes.io.files.staged`),
    each checked as it is written (the readers build them through the models, so they are valid
    records; the checking pipeline, :class:`~quotes.engine.check.Checker`, then checks each quote
    against its article's text and every id, as ``quotes validate`` does); only when every record
    passed are the two files moved into ``out`` (created if needed). Memory stays flat: one batch
    (one article) at a time, or a few parts per process with ``jobs``; the article ids written
    (to refuse a repeated one) are kept in memory up to a limit, the rest in a file in the
    staging folder (:class:`quotes.io.seen.Seen`), removed with it.

    Raises, before anything is written: ``ValueError`` for an unknown format,
    ``FileNotFoundError`` for a missing source, ``NotADirectoryError`` when ``out`` is a file,
    :class:`quotes.io.files.OutputExists` when an output file exists and ``force`` is false,
    :class:`quotes.io.files.OutputBusy` when another run writes into ``out``,
    :class:`OutputInsideSource` when ``out`` is inside a source folder (checked before reading);
    after reading, and still before anything is written: :class:`ImportFailed` when the records
    do not validate, :class:`NothingImported` when no article was read (saying which format the
    input looks like, when :func:`sniff` can tell). Two articles with one id: the second
    is counted as lost. ``progress`` is told of the bytes read and records written (size its bar
    with ``reader(format).total_bytes``). ``jobs`` above 1 reads, builds, serialises and checks
    on that many processes, for readers that provide ``iter_written`` (Quotebank; the files are
    the same as with one); other formats read on one.

    ``split`` (a name or several) keeps only the articles whose ``source.split`` is one of them
    (``dev`` and ``validation`` are one split: :func:`quotes.core.splits.hub_name`), and their
    quotes; the others are counted in ``left_out`` by split, not as lost. When no
    article matches, :class:`SplitNotFound` (a :class:`SourceError`) names the splits found, and
    nothing is written.

    With ``engine`` (a :class:`quotes.engine.mapping.Mapper`, e.g.
    :class:`quotes.engine.spark.SparkMapper` for Spark), the reader's jobs (its ``plan``: one batch
    each, for the formats read from folders of files) run on the engine, a run of jobs a part, or
    its parts (its ``spread``: Quotebank's files cut at bzip2 blocks or into byte ranges, each
    imported where it runs), and ``out`` gets sharded output instead (:mod:`quotes.io.shards`): for
    each part, its shard of each file, and ``manifest.json``; :func:`quotes.io.shards.concat` joins
    them into the two files, the same bytes as an import without the engine. The same checks, the
    same errors, all or nothing. :class:`NotSplittable` for a reader with neither.
    """
    given, wanted = _splits_asked(split)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    module = reader(format)
    paths = source_paths(sources)
    target = Path(out)
    refuse_output_in_sources(target, paths)
    summary = ImportSummary(format, [target / name for name in OUTPUTS])
    output = Output(str(summary.files[0]), str(summary.files[1]), wanted)
    checker = Checker(max_errors=MAX_PROBLEMS)
    checker.report.files += map(str, summary.files)
    if engine is not None:
        planned = _planned(format, module, paths, output, engine.slots)
        names = [MANIFEST] + [shard_name(n, i) for i in range(planned.count) for n in OUTPUTS]
        summary.files = [target / name for name in names]
    else:
        names = list(OUTPUTS)
    with staged(target, names, overwrite=force) as stage, Seen(stage.root) as ids:
        writer = Writer(io.BytesIO(), io.BytesIO(), output, checker, ids)
        if engine is None:
            _write_files(stage, writer, _written(module, paths, output, writer.ids, jobs), progress)
        else:
            _write_shards(stage, writer, planned.shards(engine, writer.ids), progress)
        _summed(summary, writer)
        _refuse_what_was_read(summary, checker, paths, given)
    return summary


def _splits_asked(
    split: Sequence[str] | str | None,
) -> tuple[Sequence[str] | None, frozenset[str] | None]:
    """The split names given, and the splits they keep by their Hub names (None: every one)."""
    given = None if split is None else [split] if isinstance(split, str) else split
    wanted = None if given is None else frozenset(hub_name(s) for s in given)
    if wanted is not None and not wanted:
        raise ValueError("split: give at least one split name")
    return given, wanted


def _refuse_what_was_read(
    summary: ImportSummary, checker: Checker, paths: Sequence[Path], given: Sequence[str] | None
) -> None:
    """Raise, before anything is moved into place, when the import read no article of the
    splits asked for, no article at all, or records that do not validate."""
    if given is not None and summary.articles == 0:
        raise SplitNotFound(sorted(given), summary.left_out)
    if summary.articles == 0:
        looks = _looks_like(summary.format, paths)
        raise NothingImported(summary.format, paths, looks, summary.lost)
    if not checker.report.ok:
        raise ImportFailed(checker.report)


PARTS_PER_SLOT = 4
"""Parts (shards) per slot of an engine: enough to even out files of different sizes."""


def run_jobs(jobs: list[Job]) -> list[ImportResult]:
    """The batches of a run of a reader's jobs, in order (what an engine runs, anywhere)."""
    return [job() for job in jobs]


class Planned(Protocol):
    """A reader's sources cut into parts for an engine: one shard of each file a part."""

    @property
    def count(self) -> int:
        """The parts."""

    def shards(self, engine: Mapper, ids: StringSet) -> Iterator[Iterable[Written]]:
        """Each part's records as written, in order; ``ids``: the article ids written before."""


class _Jobs:
    """A reader's jobs (its ``plan``), runs of them a part, their batches serialised here."""

    def __init__(self, jobs: list[Job], output: Output, slots: int) -> None:
        self.cut, self.output = mapping.parts(jobs, slots * PARTS_PER_SLOT), output

    @property
    def count(self) -> int:
        """The runs of jobs."""
        return len(self.cut)

    def shards(self, engine: Mapper, ids: StringSet) -> Iterator[Iterable[Written]]:
        """Each run's batches, serialised and checked here, in order."""
        for batches in engine.map(run_jobs, self.cut):
            yield (serialise([batch], self.output, ids) for batch in batches)


def _planned(
    format: str, module: Reader, paths: Sequence[Path], output: Output, slots: int
) -> Planned:
    """The reader's parts: its ``spread`` (parts imported where they run), else its ``plan``
    (jobs whose batches are serialised here); :class:`NotSplittable` when it has neither."""
    spread = getattr(module, "spread", None)
    if spread is not None:
        return cast(Planned, spread(paths, output))
    plan = getattr(module, "plan", None)
    if plan is None:
        raise NotSplittable(format)
    return _Jobs(plan(paths), output, slots)


def _written(
    module: Reader, paths: list[Path], output: Output, ids: StringSet, jobs: int
) -> Iterator[Written]:
    """The reader's batches serialised and checked: by the reader itself when it can (its
    ``iter_written``, on ``jobs`` processes), else here, a batch at a time."""
    by_parts = getattr(module, "iter_written", None)
    if by_parts is not None:
        return cast(Iterator[Written], by_parts(paths, output, ids, jobs=jobs))
    return (serialise([batch], output, ids) for batch in module.iter_batches(paths))


def _write_files(
    stage: Stage, writer: Writer, parts: Iterator[Written], progress: Progress | None
) -> None:
    """Append the serialised parts to ``articles.jsonl`` and ``quotes.jsonl``."""
    with (
        open(stage.path(ARTICLES.file), "wb") as writer.articles,
        open(stage.path(QUOTES.file), "wb") as writer.quotes,
    ):
        for written in parts:
            _take(writer, written, progress)


def _write_shards(
    stage: Stage,
    writer: Writer,
    parts: Iterator[Iterable[Written]],
    progress: Progress | None,
) -> None:
    """Write a shard of each file per part, then the manifest: the same lines, checked the
    same way, as :func:`_write_files` writes for the same records."""
    sharded = ShardedFiles(stage, OUTPUTS)
    for index, written in enumerate(parts):
        articles, quotes = (sharded.path(name, index) for name in OUTPUTS)
        with open(articles, "wb") as writer.articles, open(quotes, "wb") as writer.quotes:
            for part in written:
                _take(writer, part, progress)
        sharded.done(index)
    sharded.write_manifest()


def _take(writer: Writer, written: Written, progress: Progress | None) -> None:
    writer.take(written)
    if progress is not None:
        progress.update(written.nbytes, len(written.ids) + written.quote_count)


def _summed(summary: ImportSummary, writer: Writer) -> None:
    """The writer's totals into the summary."""
    summary.articles, summary.quotes = writer.article_count, writer.quote_count
    summary.kinds, summary.splits, summary.left_out = writer.kinds, writer.splits, writer.left_out
    summary.lost, summary.adjusted, summary.examples = writer.lost, writer.adjusted, writer.examples


def _looks_like(format: str, sources: Sequence[Path]) -> str | None:
    """The format the sources look like when it is not ``format`` (None when it cannot tell)."""
    for source in sources:
        looks = sniff(source)
        if looks is not None and looks != format:
            return looks
    return None
