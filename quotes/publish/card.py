"""The dataset card (``README.md`` of a Hub folder), generated from the records.

The YAML front matter holds what the Hub reads: ``pretty_name``, the licence fields, the
languages, ``task_categories``, the ``configs`` (one per record type, one Parquet file per split)
and ``dataset_info`` (every feature, from :func:`quotes.io.hub.features`, and the split sizes);
for a gated folder, the Hub's gating fields. The body says what the records are: counts, kinds,
languages, outlets, sources and their rights, how the records were made, the fields (from the
models' docstrings), an example of each record type, the licence and the citation.

``datasets`` and ``huggingface_hub`` are imported inside the functions.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from quotes.core.bundled import CONFIGS, ConfigName
from quotes.core.fields import fields
from quotes.core.models import Article, Quote
from quotes.core.record_rules import KINDS
from quotes.io.hub import features
from quotes.publish.citation import bibtex
from quotes.publish.facts import Facts, data_file, describe_corpus
from quotes.publish.rights import LICENCE_FILE

__all__ = ["Sizes", "card", "example_quote", "field_rows", "front_matter", "size_category"]

TASK_CATEGORIES = ["token-classification", "text-classification"]
TAGS = [
    "quotation",
    "quote-attribution",
    "speaker-attribution",
    "reported-speech",
    "news",
    "span-extraction",
]
GATED_FIELDS = {
    "Name": "text",
    "Affiliation": "text",
    "I will use the texts for research only and will not redistribute them": "checkbox",
}
"""The questions a gated folder's users answer before they get access."""


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` value for ``n`` records."""
    bounds = [
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
    ]
    for bound, label in bounds:
        if n < bound:
            return label
    return "n>1M"


def _gating(corpus: Facts) -> dict[str, Any]:
    if not corpus.gated:
        return {}
    return {
        "extra_gated_prompt": "The texts of this dataset may not be redistributed: their rights "
        f"holders allow research use only (see {LICENCE_FILE}). Ask for access only to use "
        "them for research, and do not pass them on.",
        "extra_gated_fields": GATED_FIELDS,
    }


Sizes = dict[tuple[str, str], int]
"""(config, split) -> the size in bytes of its Arrow table, for ``dataset_info``."""


def front_matter(corpus: Facts, sizes: Sizes) -> str:
    """The card's YAML front matter, ``---`` lines included."""
    from huggingface_hub import DatasetCardData

    configs: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    for i, name in enumerate(CONFIGS):
        files = [
            {"split": split, "path": data_file(name, split, ".parquet")}
            for split in corpus.splits_of(name)
        ]
        configs.append(
            {"config_name": name, "data_files": files, **({"default": True} if i == 0 else {})}
        )
        split_sizes = [
            {
                "name": split,
                "num_bytes": sizes[name, split],
                "num_examples": len(getattr(corpus.splits[split], name)),
            }
            for split in corpus.splits_of(name)
        ]
        infos.append(
            {"config_name": name, "features": features(name)._to_yaml_list(), "splits": split_sizes}
        )
    data = DatasetCardData(
        pretty_name=corpus.title,
        license=corpus.licence.license,
        license_name=corpus.licence.license_name,
        license_link=corpus.licence.license_link,
        language=corpus.languages,
        task_categories=TASK_CATEGORIES,
        tags=TAGS,
        size_categories=[size_category(len(corpus.quotes))],
        **_gating(corpus),
        configs=configs,
        dataset_info=infos,
    )
    return f"---\n{data.to_yaml()}\n---\n"


def _type_name(feature: Any) -> str:
    """A short, readable name of a ``datasets`` feature (``list<int32>[2]``, ``struct``...)."""
    import datasets

    if isinstance(feature, datasets.Value):
        return str(feature.dtype)
    if isinstance(feature, datasets.List):
        inner = _type_name(feature.feature)
        length = getattr(feature, "length", -1)
        return f"list<{inner}>" + (f"[{length}]" if length not in (None, -1) else "")
    if isinstance(feature, dict):
        return "struct"
    raise TypeError(f"no name for {feature!r}")  # pragma: no cover


def _describe(text: str | None) -> str:
    """A docstring as one Markdown table cell: reST roles and double backticks made Markdown."""
    text = " ".join((text or "").split())
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`").replace("|", "\\|")


def field_rows(config: ConfigName) -> list[tuple[str, str, bool, str]]:
    """``(path, type, nullable, description)`` for every field of a config, nested ones too.

    Paths are dotted (``speaker.mention.start``); ``[]`` marks the items of a list
    (``regions[].kind``). Types are the Hub features' types; descriptions the models' docstrings.
    """
    rows: list[tuple[str, str, bool, str]] = []

    def walk(model: type[BaseModel], feats: dict[str, Any], prefix: str) -> None:
        for field in fields(model):
            feature = feats[field.name]
            description = _describe(field.description)
            if field.values:
                description += " Values: " + ", ".join(f"`{v}`" for v in field.values) + "."
            rows.append((prefix + field.name, _type_name(feature), field.nullable, description))
            if field.model is not None:
                if field.many:
                    walk(field.model, feature.feature, f"{prefix}{field.name}[].")
                else:
                    walk(field.model, feature, f"{prefix}{field.name}.")

    walk(CONFIGS[config].model, dict(features(config)), "")
    return rows


def _field_table(config: ConfigName) -> str:
    lines = ["| field | type | null | description |", "|---|---|---|---|"]
    for path, type_name, nullable, description in field_rows(config):
        lines.append(
            f"| `{path}` | `{type_name}` | {'yes' if nullable else 'no'} | {description} |"
        )
    return "\n".join(lines) + "\n"


def example_quote(quotes: Sequence[Quote]) -> Quote:
    """The quote shown on the card: the first one that fills the most optional fields."""

    def score(q: Quote) -> int:
        return sum(
            [
                q.kind == "direct",
                q.speaker.name is not None,
                q.speaker.mention is not None,
                q.cue is not None,
                q.uttered is not None,
                q.via is not None,
            ]
        )

    best = max(score(q) for q in quotes)
    return next(q for q in quotes if score(q) == best)


def _json_block(value: Any) -> str:
    return "```json\n" + json.dumps(value, indent=2, ensure_ascii=False) + "\n```\n"


def _example_article(article: Article, keep: int = 160) -> dict[str, Any]:
    row = article.model_dump(mode="json")
    if len(article.text) > keep:
        row["text"] = article.text[:keep] + f"[... {len(article.text) - keep} more characters]"
    return row


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows
    ]
    return "\n".join(lines) + "\n"


def _counts(corpus: Facts) -> str:
    kinds = Counter(q.kind for q in corpus.quotes)
    rows = [
        (f"`{name}`", len(split.quotes), len(split.articles))
        for name, split in corpus.splits.items()
    ]
    return (
        f"**{len(corpus.quotes)} quotes** ({', '.join(f'{kinds[k]} {k}' for k in KINDS)}) from "
        f"**{len(corpus.articles)} articles**, in "
        + ", ".join(f"`{lang}`" for lang in corpus.languages)
        + ".\n\n"
        + _table(["split", "quotes", "articles"], rows)
    )


def _outlets(corpus: Facts, limit: int = 20) -> str:
    articles = Counter(a.outlet or "(unknown)" for a in corpus.articles)
    by_id = {a.id: a.outlet or "(unknown)" for a in corpus.articles}
    quotes = Counter(by_id[q.article_id] for q in corpus.quotes)
    rows = [(outlet, n, quotes[outlet]) for outlet, n in articles.most_common(limit)]
    more = len(articles) - len(rows)
    tail = f"\n... and {more} more outlets.\n" if more > 0 else ""
    return _table(["outlet", "articles", "quotes"], rows) + tail


def _sources(corpus: Facts) -> str:
    found = Counter(
        (a.source.corpus if a.source else "annotated with quotes", a.rights)
        for a in corpus.articles
    )
    rows = [(source, n, rights) for (source, rights), n in sorted(found.items())]
    return _table(["source", "articles", "rights of the texts"], rows)


def _methods(corpus: Facts) -> str:
    made = Counter((q.annotation.method, q.annotation.tool or "") for q in corpus.quotes)
    rows = [(method, tool or "-", n) for (method, tool), n in sorted(made.items())]
    return (
        "Every quote's `annotation` says how it was made: `manual` (read and checked by a "
        "person), `rule` or `model` (machine-made, with the tool and its confidence).\n\n"
        + _table(["method", "tool", "quotes"], rows)
    )


def _structure(corpus: Facts) -> str:
    rows = [
        (
            f"`{name}`" + (" (default)" if i == 0 else ""),
            config.record,
            ", ".join(f"`{data_file(name, s, '.parquet')}`" for s in corpus.splits_of(name)),
        )
        for i, (name, config) in enumerate(CONFIGS.items())
    ]
    return (
        _table(["config", "one record per", "files"], rows)
        + "\nEach Parquet file has its JSON Lines twin beside it (`.jsonl`), as `quotes "
        "load` reads them. A quote points to its article through `article_id`; its `spans` index "
        "into that article's `text`, so `text[start:end]` is the marked text.\n"
    )


def _gated_statement(corpus: Facts) -> str:
    if not corpus.gated:
        return ""
    return (
        "\n**Private, gated use only.** The rights of these texts forbid redistribution. Push "
        "this folder only to a private repository with access requests switched on, grant access "
        f"only to people the rights allow, and keep it private ({LICENCE_FILE} holds the "
        "rights).\n"
    )


def card(corpus: Facts, sizes: Sizes) -> str:
    """The text of the card (``README.md``) of a Hub folder holding ``corpus``, whose tables
    take ``sizes`` bytes."""
    example = example_quote(corpus.quotes) if corpus.quotes else None
    by_id = {a.id: a for a in corpus.articles}
    parts = [
        front_matter(corpus, sizes),
        f"# {corpus.title}\n\n{describe_corpus(corpus)}\n{_gated_statement(corpus)}",
        f"## Summary\n\n{_counts(corpus)}",
        f"## Sources and their rights\n\n{_sources(corpus)}",
        f"## Outlets\n\n{_outlets(corpus)}",
        f"## How the records were made\n\n{_methods(corpus)}",
        f"## Structure\n\n{_structure(corpus)}",
    ]
    if example is not None:
        parts.append("An example quote:\n\n" + _json_block(example.model_dump(mode="json")))
        article = _example_article(by_id[example.article_id])
        parts.append("Its article (text cut):\n\n" + _json_block(article))
    parts += [f"### Fields of `{name}`\n\n{_field_table(name)}" for name in CONFIGS]
    parts += [
        f"## Licence\n\n`{corpus.licence.license}`: {corpus.licence.details}\n",
        f"## Citation\n\n```bibtex\n{bibtex(corpus)}\n```\n",
    ]
    return "\n".join(parts)
