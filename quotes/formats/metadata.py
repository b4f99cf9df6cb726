"""PolNeAR's ``metadata.tsv`` table, which the brat and citron folders use too: one row of
article facts per file name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast, get_args

from quotes.core.models import Article, Precision
from quotes.formats.build import SourceError, Unmappable, inside, make_article

__all__ = [
    "BRAT_COLUMNS",
    "CITRON_COLUMNS",
    "metadata_article",
    "metadata_table",
    "metadata_value",
    "read_metadata",
]

BRAT_COLUMNS = (
    *("filename", "publisher", "publication_date", "author", "title", "wire"),
    *("url", "language", "rights"),
)
"""The columns ``export --format brat`` writes: PolNeAR's, and what an article needs besides."""
CITRON_COLUMNS = (*BRAT_COLUMNS, "published_precision", "regions")
"""The columns ``export --format citron`` writes: also the date's precision and the regions."""


def read_metadata(
    folder: Path, section: str, within: Path | None = None
) -> dict[str, dict[str, str]]:
    """The rows of ``folder/metadata.tsv`` (PolNeAR's table, also read by brat and citron) by
    file name; none when there is no table. Raises :class:`SourceError` when it cannot be read,
    naming the documentation page (``docs/formats/SECTION.md``) that describes it, or when it
    leads outside the folder ``within`` (a symlink; not read).

    The rule for unknown values: in a table whose header is quoted (as
    :func:`metadata_table` writes it, every known value quoted), a value is kept as it stands
    and only an empty cell is unknown; in any other table (PolNeAR's own), an empty cell,
    ``None`` or ``NA`` is unknown (:func:`metadata_value`). A byte order mark is ignored."""
    path = folder / "metadata.tsv"
    if not path.is_file():
        return {}
    if within is not None and not inside(within, path):
        raise SourceError(f"{path}: leads outside {within} (a symlink); not read")
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            verbatim = f.read(1) == '"'
            f.seek(0)
            reader = csv.DictReader(f, delimiter="\t")
            if "filename" not in (reader.fieldnames or []):
                raise SourceError(f"{path}: no filename column (see docs/formats/{section}.md)")
            rows = {row["filename"]: row for row in reader if row.get("filename")}
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: not UTF-8 text") from e
    except csv.Error as e:
        raise SourceError(f"{path}: not a tab-separated table ({e})") from e
    if verbatim:
        return rows
    return {
        name: {k: metadata_value(row, k) or "" for k in row if isinstance(k, str)}
        for name, row in rows.items()
    }


def metadata_value(row: dict[str, str], key: str) -> str | None:
    """A cell of a row of PolNeAR's table, or None when it is empty, ``None`` or ``NA``
    (surrounding white space ignored)."""
    value = row.get(key)
    value = value.strip() if isinstance(value, str) else ""
    return None if value in ("", "None", "NA") else value


def _cell(row: dict[str, str], key: str) -> str | None:
    value = row.get(key)
    return value if isinstance(value, str) and value else None


def metadata_article(
    row: dict[str, str],
    *,
    id: str,
    text: str,
    corpus: str,
    file: str,
    evidence: str,
    unknown_rights: str,
    record: str | None = None,
) -> Article:
    """An article from a ``metadata.tsv`` row (brat's and citron's folders): ``publication_date``
    (required, ISO), ``published_precision`` (``day`` when absent), ``publisher``, ``title``,
    ``author``, ``url``, ``wire``, ``language`` (``en`` when absent) and ``rights``
    (``unknown_rights`` when absent). Raises :class:`Unmappable` for a missing or bad date."""
    date = _cell(row, "publication_date")
    if date is None:
        raise Unmappable("no publication date (give it in metadata.tsv)")
    try:
        published = dt.date.fromisoformat(date)
    except ValueError:
        raise Unmappable("bad publication date in metadata.tsv") from None
    precision = _cell(row, "published_precision") or "day"
    if precision not in get_args(Precision):
        raise Unmappable("bad published_precision in metadata.tsv")
    return make_article(
        id=id,
        text=text,
        corpus=corpus,
        file=file,
        published=published,
        published_precision=cast(Precision, precision),
        published_evidence=evidence,
        rights=_cell(row, "rights") or unknown_rights,
        title=_cell(row, "title"),
        outlet=_cell(row, "publisher"),
        url=_cell(row, "url"),
        wire=_cell(row, "wire"),
        byline=_cell(row, "author"),
        language=_cell(row, "language") or "en",
        record=record,
    )


def metadata_table(articles: Iterable[Article], columns: Sequence[str]) -> str:
    """``metadata.tsv`` for ``articles``, one row each, with the given columns (of
    :data:`CITRON_COLUMNS`), written by the csv module: every known value quoted, as it stands,
    and an unknown one an empty cell, so that :func:`read_metadata` reads back each value."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for article in articles:
        regions = [r.model_dump(mode="json") for r in article.regions]
        cells = {
            "filename": article.id,
            "publisher": article.outlet,
            "publication_date": article.published.isoformat(),
            "author": article.byline,
            "title": article.title,
            "wire": article.wire,
            "url": article.url,
            "language": article.language,
            "rights": article.rights,
            "published_precision": article.published_precision,
            "regions": json.dumps(regions, separators=(",", ":")),
        }
        writer.writerow(cells[c] or "" for c in columns)
    return out.getvalue()
