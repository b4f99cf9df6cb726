"""PolNeAR (networkdynamics/PolNeAR): 1,008 US political news articles of 2015-16 with their
attributions, in brat standoff (see :mod:`quotes.formats.brat` for the scheme).

The source is a checkout of the repository (or its ``data`` folder): ``data/metadata.tsv`` lists
every article with its compartment, annotators and metadata; the texts are
``data/{train,dev,test}/text/<filename>.txt`` and the attributions
``data/<compartment>/attributions/<filename>_<annotator>.ann``.

What maps to what:

* article: id from ``filename`` (characters an id cannot hold become ``.``); ``publisher``
  becomes the outlet's name (PolNeAR's README gives the codes), ``publication_date`` the date
  (precision day), ``author`` the byline, ``title``, ``wire`` (``None``/``NA`` are null), the
  compartment the split (``source.split``), ``credit`` a note;
* quote: one per ``Attribution`` event; ``Content`` (and ``Content2``) the content, put in our
  convention (``Quote.spans``: PolNeAR's content includes the quotation marks around quoted
  words, ours stops inside them) with its quoted parts found by the marks
  (:func:`quotes.core.marks.extent`), the kind following from the two; ``Source`` the speaker
  mention (speaker type ``unknown``: PolNeAR names no one), ``Cue`` the cue; the annotator and
  event id kept in ``source``.

The stated rule for articles annotated by several people (20 agreement articles): the first
annotator listed in ``metadata.tsv`` whose file exists; the other files are counted, not read.
The quality-control compartments (``annotator-training``, and ``parc3-replication``, whose texts
are in the Penn Treebank and not in the checkout) are reported, not imported.

PolNeAR publishes no licence for the texts: imported articles say so in ``rights``; do not
redistribute them. Its ``test`` split is for final scoring only: tune on ``train`` and ``dev``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

from quotes.core.models import Article
from quotes.formats.brat import add_quotes, read_ann, read_text
from quotes.formats.build import (
    ImportResult,
    Job,
    SourceError,
    Unmappable,
    article_key,
    collect,
    inside,
    make_article,
)
from quotes.formats.metadata import metadata_value

__all__ = ["OUTLETS", "SPLITS", "iter_batches", "read", "total_bytes"]

NAME = "polnear"
SPLITS = ("train", "dev", "test")
"""The core compartments, imported as splits."""
OUTLETS = {
    "huff-post": "Huffington Post",
    "breitbart": "Breitbart",
    "nyt": "New York Times",
    "politico": "Politico",
    "wash-post": "Washington Post",
    "west-journal": "Western Journalism",
    "usa-today": "USA Today",
}
"""PolNeAR's publisher codes and the names its README gives them."""
RIGHTS = (
    "Copyright of the publisher. Text from the PolNeAR corpus "
    "(github.com/networkdynamics/PolNeAR), which grants no licence for the texts: for research "
    "use; do not redistribute."
)


def _data(source: Path) -> Path:
    for candidate in (source / "data", source):
        if (candidate / "metadata.tsv").is_file():
            return candidate
    raise FileNotFoundError(
        2,
        "not a PolNeAR checkout (no data/metadata.tsv); clone github.com/networkdynamics/PolNeAR "
        "and give its folder",
        str(source),
    )


REQUIRED = ("compartment", "filename", "annotators", "publication_date")
"""The ``metadata.tsv`` columns an import needs (the others may be absent)."""


def _rows(data: Path) -> list[dict[str, str]]:
    path = data / "metadata.tsv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(
                    f"{path}: no {', '.join(missing)} column(s); is this PolNeAR's metadata.tsv?"
                )
            return list(reader)
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: not UTF-8 text; is this PolNeAR's metadata.tsv?") from e


def _paths(data: Path, row: dict[str, str]) -> tuple[Path, list[tuple[str, Path]]]:
    folder = data / row["compartment"]
    text = folder / "text" / f"{row['filename']}.txt"
    annotators = [a for a in (row["annotators"] or "").split("|") if a]
    anns = [(a, folder / "attributions" / f"{row['filename']}_{a}.ann") for a in annotators]
    return text, anns


def total_bytes(sources: Sequence[Path]) -> int | None:
    """Bytes of the core texts and attribution files."""
    total = 0
    for source in sources:
        data = _data(source)
        for split in SPLITS:
            for sub in ("text", "attributions"):
                folder = data / split / sub
                if folder.is_dir():
                    total += sum(p.stat().st_size for p in folder.iterdir())
    return total


def iter_batches(sources: Sequence[Path]) -> Iterator[ImportResult]:
    """One batch per core article, in ``metadata.tsv`` order; first, one batch counting the
    quality-control compartments that are not imported."""
    for job in plan(sources):
        yield job()


def plan(sources: Sequence[Path]) -> list[Job]:
    """The jobs of :func:`iter_batches`, in order, each giving one batch, run anywhere."""
    jobs: list[Job] = []
    for source in sources:
        data = _data(source)
        rows = _rows(data)
        jobs.append(partial(_skipped, rows))
        for row in rows:
            if row.get("filename") and row.get("compartment") in SPLITS:
                jobs.append(partial(_article_batch, data, row, source))
    return jobs


def _skipped(rows: list[dict[str, str]]) -> ImportResult:
    """The batch counting the rows not imported: no filename, or a quality-control
    compartment."""
    skipped = ImportResult()
    for number, row in enumerate(rows, 2):
        compartment = row.get("compartment") or ""
        if not row.get("filename"):
            skipped.lose("metadata.tsv row without a filename", f"data/metadata.tsv:{number}")
        elif compartment not in SPLITS:
            reason = f"quality-control article, not imported ({compartment or 'no compartment'})"
            skipped.lose(reason, f"data/{compartment}")
    return skipped


def _article_batch(data: Path, row: dict[str, str], source: Path) -> ImportResult:
    """The article of one ``metadata.tsv`` row and its quotes; nothing outside ``source`` (the
    folder given) is read."""
    result = ImportResult()
    text_path, anns = _paths(data, row)
    checkout = data.parent
    relative = _relative(text_path, checkout)
    with result.attempt(relative):
        if not all(inside(source, p) for p in (text_path, *(p for _, p in anns))):
            raise Unmappable("metadata.tsv filename leads outside the checkout: not read")
        if not text_path.is_file():
            raise Unmappable("article text missing from the checkout")
        present = [(a, p) for a, p in anns if p.is_file()]
        if not present:
            raise Unmappable("no attribution file for the article")
        annotator, chosen = present[0]
        file = chosen.relative_to(checkout).as_posix()
        doc = read_ann(chosen, result)
        for _, other in present[1:]:
            _count_other(other, checkout, result)
        try:
            text = read_text(text_path, doc, result, relative)
            article = _article(row, text, relative, annotator)
        except (Unmappable, UnicodeDecodeError):
            if doc.events:
                result.lose("its article was left out", file, len(doc.events))
            raise
        result.articles.append(article)
        add_quotes(doc, article, result, corpus=NAME, file=file, annotator=annotator)
    return result


def _relative(path: Path, checkout: Path) -> str:
    try:
        return path.relative_to(checkout).as_posix()
    except ValueError:
        return path.as_posix()


def _count_other(other: Path, checkout: Path, result: ImportResult) -> None:
    """Count the events of another annotator's file for the same article (not imported)."""
    result.nbytes += other.stat().st_size
    with other.open(encoding="utf-8", errors="replace") as f:
        events = sum(1 for line in f if line.startswith("E"))
    result.lose(
        "another annotator's attribution (first listed annotator kept)",
        other.relative_to(checkout).as_posix(),
        events,
    )


def _article(row: dict[str, str], text: str, relative: str, annotator: str) -> Article:
    try:
        published = dt.date.fromisoformat(row.get("publication_date") or "")
    except ValueError as e:
        raise Unmappable("bad publication_date in metadata.tsv") from e
    publisher = row.get("publisher") or ""
    credit = metadata_value(row, "credit")
    return make_article(
        id=article_key(row["filename"]),
        text=text,
        corpus=NAME,
        file=relative,
        published=published,
        published_evidence="PolNeAR data/metadata.tsv (publication_date)",
        rights=RIGHTS,
        title=metadata_value(row, "title"),
        outlet=OUTLETS.get(publisher, publisher) or None,
        outlet_evidence=f"PolNeAR data/metadata.tsv (publisher {publisher!r})",
        wire=metadata_value(row, "wire"),
        wire_evidence="PolNeAR data/metadata.tsv (wire)",
        byline=metadata_value(row, "author"),
        record=row["filename"],
        split=row["compartment"],
        annotator=annotator,
        notes=[f"credit: {credit}"] if credit else [],
    )


def read(*sources: str | os.PathLike[str]) -> ImportResult:
    """Every core article and its quotes from PolNeAR checkouts, in memory."""
    return collect(iter_batches([Path(s) for s in sources]))
