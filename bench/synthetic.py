"""Benchmark records shaped like the real ones: the bundled quotes, repeated.

Record ``i`` is bundled quote ``i % 50`` (every field, its real text, descriptions, evidence and
non-ASCII characters) moved to a fresh article id, ``<article>.<i // 50>``, with its ``id``
recomputed by the id rule, so that every record is valid at record level and every id is unique.
Records come out at about 900 bytes each, like the bundled ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from quotes.core.ids import quote_id
from quotes.engine.corpus import load


def records() -> list[dict[str, object]]:
    """The bundled quotes as plain JSON-ready dicts, in file order."""
    return [q.model_dump(mode="json") for q in load().quotes]


def record(i: int, bundled: list[dict[str, object]]) -> dict[str, object]:
    """Bundled record ``i % len(bundled)`` under article ``<its article>.<i // len(bundled)>``."""
    base = bundled[i % len(bundled)]
    article = f"{base['article_id']}.{i // len(bundled)}"
    spans = base["spans"]
    assert isinstance(spans, list)
    return {**base, "id": quote_id(article, spans[0][0]), "article_id": article}


WRITERS = {
    "compact": {"ensure_ascii": False, "separators": (",", ":")},
    "json.dumps default": {},
}
"""How writers write a record: compactly in UTF-8 (as ``quotes`` does), and as ``json.dumps``
does by default (``", "`` and ``": "`` between tokens, non-ASCII characters as ``\\u``
escapes), the most common way JSON Lines files are made."""


def write(path: Path, n: int, writer: str = "compact") -> int:
    """Write ``n`` records to ``path`` as ``writer`` (one of :data:`WRITERS`) writes them;
    returns the file's size in bytes."""
    bundled = records()
    options = WRITERS[writer]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(record(i, bundled), **options))  # type: ignore[arg-type]
            f.write("\n")
    return path.stat().st_size


_MARKS = str.maketrans("", "", '"“”«»')


def quotebank_articles() -> list[dict[str, object]]:
    """The bundled articles in Quotebank's article-centric layout (see
    :mod:`quotes.formats.quotebank`): the text as space-joined tokens, paragraphs as ``<p>``
    tokens, and each bundled direct or mixed quote as a paragraph ``\\`\\` <quote> '' said
    <speaker> .`` with its token offsets, speaker candidates and probabilities."""
    corpus = load()
    made = []
    for article in corpus.articles.values():
        tokens: list[str] = []
        for paragraph in article.text.split("\n"):
            words = [w for w in paragraph.translate(_MARKS).split() if w]
            if words:
                tokens += ["<p>", *words, "</p>"]
        names: dict[str, list[list[int]]] = {}
        quotations = []
        for n, quote in enumerate(q for q in corpus.quotes if q.article_id == article.id):
            if quote.kind == "indirect":
                continue
            words = quote.quote.translate(_MARKS).split()
            speaker = quote.speaker.name or "None"
            start = len(tokens) + 2
            tokens += ["<p>", "``", *words, "''", "said"]
            names.setdefault(speaker, []).append([len(tokens), len(tokens) + len(speaker.split())])
            tokens += [*speaker.split(), ".", "</p>"]
            probas = [{"speaker": speaker, "proba": 0.8, "qids": ["Q1000001"]}]
            probas.append({"speaker": "None", "proba": 0.2, "qids": []})
            quotations.append(
                {
                    "quoteID": f"{article.published}-{n:06d}",
                    "numOccurrences": 1,
                    "quotation": " ".join(words),
                    "quotationOffset": start,
                    "globalTopSpeaker": speaker,
                    "globalProbas": probas,
                    "localTopSpeaker": speaker,
                    "localProbas": probas,
                }
            )
        content = " ".join(tokens)
        made.append(
            {
                "articleID": "",
                "articleLength": len(tokens),
                "content": content,
                "date": f"{article.published} 08:00:00",
                "phase": "E",
                "title": article.title or "untitled",
                "url": article.url or "http://www.example-news.com/a.html",
                "names": [
                    {"name": name, "ids": ["Q1000001"], "offsets": offsets}
                    for name, offsets in names.items()
                    if name != "None"
                ],
                "quotations": quotations,
            }
        )
    return made


def write_quotebank(path: Path, n: int) -> int:
    """Write ``n`` article-centric Quotebank articles (the bundled ones, repeated under new
    ``articleID`` values) to ``path``, compressed with bzip2 as Quotebank ships them; returns
    the number of quotations written."""
    import bz2

    bundled = quotebank_articles()
    quotations = 0
    with bz2.open(path, "wt", encoding="utf-8") as f:
        for i in range(n):
            base = bundled[i % len(bundled)]
            record = {**base, "articleID": f"2015010100_{i:08d}_W"}
            quotations += len(base["quotations"])  # type: ignore[arg-type]
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return quotations


def write_tiny_quotebank(path: Path, n: int) -> None:
    """Write ``n`` tiny article-centric Quotebank articles (a sentence each, no quotations) to
    ``path``, bzip2-compressed: an import of them holds little but their ids."""
    import bz2

    with bz2.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for i in range(n):
            record = {
                "articleID": f"2015010100_{i:08d}_W",
                "articleLength": 5,
                "content": f"<p> Note {i} . </p>",
                "date": "2015-01-01 00:00:00",
                "phase": "E",
                "title": "Note",
                "url": f"http://www.example-news.com/{i}.html",
                "names": [],
                "quotations": [],
            }
            f.write(json.dumps(record, separators=(",", ":")) + "\n")
