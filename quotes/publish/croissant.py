"""``croissant.json``: the dataset's MLCommons Croissant 1.0 description, generated from the models.

One ``FileObject`` per JSONL file (with its SHA-256, so the file changes when the data does) and
one ``RecordSet`` per config (``quotes``, ``articles``) whose fields mirror the models: nested
models become ``subField``s, lists are ``repeated`` fields, a span ``[start, end]`` is a repeated
field with the sub-fields ``start`` and ``end``. Descriptions are the models' docstrings.
Regenerate with ``python -m quotes.publish.card --write`` (see :mod:`quotes.publish.card`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from quotes.core.bundled import CONFIGS
from quotes.core.fields import fields
from quotes.core.ids import FILE_ARTICLE_ID, QUOTE_ID_ARTICLE
from quotes.core.models import Article
from quotes.core.record_rules import KINDS
from quotes.io.jsonl import read
from quotes.version import DISTRIBUTION, __version__

__all__ = ["CONTEXT", "croissant", "description", "render"]

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
"""The JSON-LD context of Croissant 1.0, as the specification gives it."""


def description(articles: Sequence[Article]) -> str:
    """The dataset's description, its facts (how many articles, which years) taken from them."""
    n = len(articles)
    years = sorted({a.published.year for a in articles})
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    return (
        "A gold-standard quote-attribution dataset: every quotation and reported statement in "
        f"{n} English news article{'s' if n != 1 else ''} on NATO-Russia missile defence "
        f"({span}), with its exact character offsets, its kind ({', '.join(KINDS)}), its speaker, "
        "cue and dates, and the verbatim article texts with their provenance. Annotations "
        "CC BY 4.0; the article texts remain the publishers' copyright and are included verbatim "
        "for non-commercial research."
    )


CITE_AS = (
    "@misc{nato_russia_quotes,\n"
    f"  title = {{{DISTRIBUTION}: a gold-standard quote-attribution dataset "
    "(NATO-Russia missile defence news, 2001-2011)},\n"
    "  author = {{The quotes project contributors}},\n"
    f"  note = {{Version {__version__}}}\n"
    "}"
)
DERIVED: dict[str, tuple[str, str]] = {
    "quotes/article_id": ("id", QUOTE_ID_ARTICLE),
    "articles/id": ("file", FILE_ARTICLE_ID),
}
"""Fields read from another column through a regex, as ``field id -> (column, regex)``.

mlcroissant reads JSON Lines with pandas' type inference, which turns an all-digit string
column such as ``"003"`` into the integer 3. The article key is therefore taken from columns
that are never all digits: the quote id (``"003-886"``) and the seed file name
(``"003_0c8d9f83576395f4.txt"``; an article's ``id`` is its file's prefix before the
underscore)."""


def _data_type(annotation: Any) -> str:
    if annotation is str or typing.get_origin(annotation) is Literal:
        return "sc:Text"
    if annotation is dt.date:
        return "sc:Date"
    if annotation is int:
        return "sc:Integer"
    if annotation is float:
        return "sc:Float"
    raise TypeError(f"no Croissant type for {annotation!r}")  # pragma: no cover


def _describe(text: str | None) -> str:
    text = " ".join((text or "").split())
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")


def _fields(
    model: type[BaseModel], parent: str, file_id: str, column: str | None, path: str
) -> list[dict[str, Any]]:
    """The Croissant fields of ``model``.

    Top-level fields read their own ``column``; the fields of a nested model read the top-level
    ``column`` at JSON path ``path + name`` (for the items of a list, ``path`` starts at the item).
    """
    result = []
    for f in fields(model):
        name, inner, repeated = f.name, f.type, f.many
        field_id = f"{parent}/{name}"
        top = column or name
        json_path = f"{path}{name}"
        source: dict[str, Any] = {"fileObject": {"@id": file_id}, "extract": {"column": top}}
        if column is not None:
            source["transform"] = {"jsonPath": json_path}
        if field_id in DERIVED:
            other, regex = DERIVED[field_id]
            source = {
                "fileObject": {"@id": file_id},
                "extract": {"column": other},
                "transform": {"regex": regex},
            }
        field: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": field_id,
            "name": field_id,
            "description": _describe(f.description),
        }
        if repeated:
            field["repeated"] = True
        if f.model is not None:
            # items of a list are read one by one, so their paths restart at the item
            below = "" if repeated or column is None else f"{json_path}."
            field["subField"] = _fields(f.model, field_id, file_id, top, below)
        elif typing.get_origin(inner) is tuple:
            field["subField"] = [
                {
                    "@type": "cr:Field",
                    "@id": f"{field_id}/{end}",
                    "name": f"{field_id}/{end}",
                    "description": f"The {end} offset of the segment "
                    f"({'inclusive' if i == 0 else 'exclusive'}).",
                    "dataType": "sc:Integer",
                    "source": {
                        "fileObject": {"@id": file_id},
                        "extract": {"column": top},
                        "transform": {"jsonPath": f"[{i}]"},
                    },
                }
                for i, end in enumerate(("start", "end"))
            ]
        else:
            field["dataType"] = _data_type(inner)
            field["source"] = source
        result.append(field)
    return result


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def croissant(root: str | Path = ".") -> dict[str, Any]:
    """The Croissant metadata for the checkout at ``root`` (the data files are hashed).

    Raises ``ValueError`` when an article's id cannot be read from its file name (see
    :data:`DERIVED`)."""
    root = Path(root)
    articles = list(read(root / CONFIGS["articles"].path, Article))
    column, regex = DERIVED["articles/id"]
    for article in articles:
        found = re.match(regex, getattr(article, column))
        if found is None or found.group(1) != article.id:
            raise ValueError(
                f"article {article.id!r}: Croissant reads the id from the file name "
                f"{article.file!r}, which must start with the id and '_' (e.g. "
                f"{article.id}_story.txt)"
            )
    distribution = [
        {
            "@type": "cr:FileObject",
            "@id": config.file,
            "name": config.file,
            "description": f"The {name} records, one JSON object per line.",
            "contentUrl": config.path,
            "encodingFormat": "application/jsonlines",
            "sha256": _sha256(root / config.path),
        }
        for name, config in CONFIGS.items()
    ]
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": name,
            "name": name,
            "description": _describe(config.model.__doc__),
            "field": _fields(config.model, name, config.file, None, ""),
        }
        for name, config in CONFIGS.items()
    ]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": DISTRIBUTION,
        "description": description(articles),
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": CITE_AS,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "version": __version__,
        "inLanguage": "en",
        "keywords": ["quotation", "quote attribution", "news", "NATO", "Russia"],
        "distribution": distribution,
        "recordSet": record_sets,
    }


def render(root: str | Path = ".") -> str:
    """The exact text of ``croissant.json``."""
    return json.dumps(croissant(root), indent=2, ensure_ascii=False) + "\n"
