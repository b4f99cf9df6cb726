"""``croissant.json`` of a Hub folder: its MLCommons Croissant 1.0 description, generated from the
models and the records.

One ``FileSet`` per config (its JSON Lines files, one per split) and one ``RecordSet`` per config
(``quotes``, ``articles``) whose fields mirror the models: nested models become ``subField``s,
lists are ``repeated`` fields, a span ``[start, end]`` is a repeated field with the sub-fields
``start`` and ``end``. Descriptions are the models' docstrings. The responsible-AI fields
(``rai:``), which the Hub's own Croissant lacks, say how the records were made, what they lack
and what they may be used for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel

from quotes.core.bundled import CONFIGS
from quotes.core.fields import fields
from quotes.core.ids import FILE_ARTICLE_ID, QUOTE_ID_ARTICLE
from quotes.core.models import Article
from quotes.publish.citation import bibtex
from quotes.publish.facts import Facts, data_file, describe_corpus
from quotes.version import DISTRIBUTION, __version__

__all__ = ["CONTEXT", "DERIVED", "croissant", "render"]

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


DERIVED: dict[str, tuple[str, str]] = {
    "quotes/article_id": ("id", QUOTE_ID_ARTICLE),
    "articles/id": ("file", FILE_ARTICLE_ID),
}
"""Fields read from another column through a regex, as ``field id -> (column, regex)``.

mlcroissant reads JSON Lines with pandas' type inference, which turns an all-digit string
column such as ``"003"`` into the integer 3. The article key is therefore taken from columns
that are never all digits: the quote id (``"003_0c8d9f83576395f4-886"``) and the seed file name
(``"003_0c8d9f83576395f4.txt"``; an article's ``id`` is its file's stem)."""


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
    model: type[BaseModel],
    parent: str,
    file_id: str,
    column: str | None,
    path: str,
    derived: dict[str, tuple[str, str]],
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
        source: dict[str, Any] = {"fileSet": {"@id": file_id}, "extract": {"column": top}}
        if column is not None:
            source["transform"] = {"jsonPath": json_path}
        if field_id in derived:
            other, regex = derived[field_id]
            source = {
                "fileSet": {"@id": file_id},
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
            field["subField"] = _fields(f.model, field_id, file_id, top, below, derived)
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
                        "fileSet": {"@id": file_id},
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


def _article_id_source(articles: Sequence[Article]) -> dict[str, tuple[str, str]]:
    """The :data:`DERIVED` fields that apply to ``articles``.

    The article id is read from the file name when every file name gives it; otherwise from the
    ``id`` column itself, which pandas reads as numbers when every id is all digits: that is
    safe unless an id starts with a zero. Raises ``ValueError`` in that last case."""
    column, regex = DERIVED["articles/id"]
    named = all(
        (found := re.match(regex, getattr(a, column))) is not None and found.group(1) == a.id
        for a in articles
    )
    if named:
        return DERIVED
    if articles and all(a.id.isdigit() for a in articles):
        for a in articles:
            if a.id != str(int(a.id)):
                raise ValueError(
                    f"article {a.id!r}: Croissant would read this id as the number {int(a.id)}; "
                    f"name its file after it ({a.id}_story.txt, the id then read from the "
                    "name) or give it an id that is not all digits"
                )
    return {k: v for k, v in DERIVED.items() if k != "articles/id"}


def _responsible_ai(corpus: Facts) -> dict[str, Any]:
    methods = Counter(q.annotation.method for q in corpus.quotes)
    made = ", ".join(f"{n} {m}" for m, n in sorted(methods.items()))
    sources = ", ".join(corpus.corpora) or "articles annotated with the quotes package"
    return {
        "rai:dataCollection": f"News articles and their quotations, from: {sources}. Each "
        "article keeps its verbatim text, its provenance and its rights statement.",
        "rai:dataCollectionType": ["Secondary Data Analysis"],
        "rai:dataAnnotationProtocol": "Every quotation and reported statement is marked with its "
        "exact character offsets, its kind (direct, mixed, indirect), its speaker and cue; every "
        "record is checked against its article text by the quotes package before release.",
        "rai:dataAnnotationPlatform": f"{DISTRIBUTION} {__version__} (validation and export)",
        "rai:annotationsPerItem": f"quotes by annotation method: {made or 'none'}",
        "rai:dataLimitations": "A small set of news articles: not a sample of news in general. "
        "Speakers and dates are resolved only as far as the articles allow.",
        "rai:dataBiases": "The outlets and topics covered decide who is quoted; the corpus "
        "over-represents the people those outlets quote.",
        "rai:personalSensitiveInformation": "Names and roles of public figures as quoted in "
        "published news; no private data beyond what the articles published.",
        "rai:dataUseCases": "Evaluating and analysing quote extraction and attribution.",
        "rai:dataSocialImpact": "Helps study who is given a voice in the news; attributions made "
        "by machines from it should be checked before they are relied on.",
        "rai:dataReleaseMaintenancePlan": "Regenerated with the quotes package from the records "
        "(its export to a Hub folder); errors are fixed in the records, not in this folder.",
    }


def croissant(corpus: Facts) -> dict[str, Any]:
    """The Croissant metadata of a Hub folder holding ``corpus``.

    Raises ``ValueError`` when an article's id cannot be read back (see
    :func:`_article_id_source`)."""
    derived = _article_id_source(corpus.articles)
    distribution = [
        {
            "@type": "cr:FileSet",
            "@id": f"{name}-jsonl",
            "name": f"{name}-jsonl",
            "description": f"The {name} records, one JSON object per line, one file per split.",
            "encodingFormat": "application/jsonlines",
            "includes": data_file(name, "*", ".jsonl"),
        }
        for name in CONFIGS
    ]
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": name,
            "name": name,
            "description": _describe(config.model.__doc__),
            "field": _fields(config.model, name, f"{name}-jsonl", None, "", derived),
        }
        for name, config in CONFIGS.items()
    ]
    licence = corpus.licence.license_link
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": corpus.title,
        "description": describe_corpus(corpus),
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": bibtex(corpus),
        "license": licence if licence.startswith("https://") else corpus.licence.license_name,
        "version": __version__,
        "inLanguage": corpus.languages,
        "keywords": ["quotation", "quote attribution", "speaker attribution", "news"],
        **_responsible_ai(corpus),
        "distribution": distribution,
        "recordSet": record_sets,
    }


def render(corpus: Facts) -> str:
    """The exact text of ``croissant.json``."""
    return json.dumps(croissant(corpus), indent=2, ensure_ascii=False) + "\n"
