"""The dataset card (``README.md``): its Hub metadata and its generated sections.

``README.md`` is both the project's README and the Hugging Face Hub dataset card. The parts that
restate facts held elsewhere are generated here and must not be edited by hand:

* the YAML front matter (licence, tags, the configs of :data:`quotes.core.bundled.CONFIGS` with
  their
  ``data_files``, and ``dataset_info`` with every feature, from :func:`quotes.io.hub.features`);
* every block between ``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->``: counts,
  the table of configs, the example records (taken from the bundled data), the field tables (from
  the models' docstrings) and the BibTeX citation (the one ``croissant.json`` carries).

Maintainers regenerate them, together with ``croissant.json``, from a checkout with::

    python -m quotes.publish.card --write      # rewrite README.md and croissant.json
    python -m quotes.publish.card --check      # exit 1 if either is out of date (the tests do the
    same)

``datasets`` and ``huggingface_hub`` are imported inside the functions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from quotes.core.bundled import CONFIGS, ConfigName
from quotes.core.fields import fields
from quotes.core.models import Article, Quote
from quotes.core.record_rules import KINDS
from quotes.io.hub import features
from quotes.publish.croissant import CITE_AS
from quotes.version import DISTRIBUTION

__all__ = ["field_rows", "front_matter", "render", "sections"]

SPLIT = "train"
"""The single split of each config (the corpus is a test set in spirit; see the card)."""

METADATA: dict[str, Any] = {
    "language": ["en"],
    # the annotations are CC BY 4.0, the article texts their publishers' (see "Licensing")
    "license": "other",
    "license_name": "cc-by-4.0-annotations-publishers-texts",
    "license_details": "The annotations (spans, kinds, speakers, dates, provenance notes) are "
    "CC BY 4.0. The article texts remain the copyright of their publishers and are included "
    "verbatim, solely so that the annotations can be checked against them, for non-commercial "
    "research only; they are not covered by CC BY 4.0. See the Licensing section.",
    "pretty_name": f"{DISTRIBUTION}: NATO-Russia missile defence quote attribution",
    "task_categories": ["token-classification", "text-classification"],
    "tags": [
        "quotation",
        "quote-attribution",
        "speaker-attribution",
        "reported-speech",
        "news",
        "journalism",
        "span-extraction",
    ],
    "language_creators": ["found"],
    "multilinguality": ["monolingual"],
    "source_datasets": ["original"],
}
"""The hand-written part of the front matter; counts, configs and features are added to it."""

_MARK = re.compile(
    r"(?P<open><!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- end generated: (?P=name) -->)",
    re.DOTALL,
)
_FRONT = re.compile(r"\A---\n(?:.*?\n)?---\n", re.DOTALL)


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


def _corpus() -> tuple[list[Quote], list[Article]]:
    from quotes.engine.corpus import load

    corpus = load()
    return corpus.quotes, list(corpus.articles.values())


def front_matter(n_quotes: int) -> str:
    """The card's YAML front matter, ``---`` lines included."""
    from huggingface_hub import DatasetCardData

    configs: list[dict[str, Any]] = []
    infos: list[dict[str, Any]] = []
    for i, (name, each) in enumerate(CONFIGS.items()):
        config: dict[str, Any] = {
            "config_name": name,
            "data_files": [{"split": SPLIT, "path": each.path}],
        }
        if i == 0:
            config["default"] = True
        configs.append(config)
        infos.append({"config_name": name, "features": features(name)._to_yaml_list()})
    data = DatasetCardData(
        **METADATA,
        size_categories=[size_category(n_quotes)],
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


def _configs_table() -> str:
    lines = ["| config | file | one record per |", "|---|---|---|"]
    for i, (name, config) in enumerate(CONFIGS.items()):
        default = " (default)" if i == 0 else ""
        lines.append(f"| `{name}`{default} | `{config.path}` | {config.record} |")
    return "\n".join(lines) + "\n"


def _counts(quotes: Sequence[Quote], articles: Sequence[Article]) -> str:
    kinds = Counter(q.kind for q in quotes)
    methods = Counter(q.annotation.method for q in quotes)
    per_article = Counter(q.article_id for q in quotes)
    kind_text = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
    method_text = ", ".join(f"{n} {m}" for m, n in sorted(methods.items()))
    lines = [
        f"The dataset holds **{len(quotes)} quotes** ({kind_text}) "
        f"from **{len(articles)} articles**. Annotation method: {method_text}.",
        "",
        "| article | outlet | published | quotes |",
        "|---|---|---|---|",
    ]
    for a in sorted(articles, key=lambda a: a.id):
        lines.append(
            f"| `{a.id}` | {a.outlet or '(unknown)'} | {a.published.isoformat()} "
            f"({a.published_confidence}) | {per_article[a.id]} |"
        )
    return "\n".join(lines) + "\n"


def sections(quotes: Sequence[Quote], articles: Sequence[Article]) -> dict[str, str]:
    """The body of every generated block, by block name."""
    by_id = {a.id: a for a in articles}
    example = example_quote(quotes)
    return {
        "counts": _counts(quotes, articles),
        "configs": _configs_table(),
        "example-quote": _json_block(example.model_dump(mode="json")),
        "example-article": _json_block(_example_article(by_id[example.article_id])),
        **{f"fields-{name}": _field_table(name) for name in CONFIGS},
        "citation": f"```bibtex\n{CITE_AS}\n```\n",
    }


def render(readme: str, quotes: Sequence[Quote], articles: Sequence[Article]) -> str:
    """``readme`` with its front matter and every generated block brought up to date.

    Raises ``ValueError`` when a generated block is missing from ``readme`` or unknown.
    """
    bodies = sections(quotes, articles)
    found = [m.group("name") for m in _MARK.finditer(readme)]
    missing = sorted(set(bodies) - set(found))
    unknown = sorted(set(found) - set(bodies))
    if missing or unknown:
        raise ValueError(f"README generated blocks: missing {missing}, unknown {unknown}")
    text = _MARK.sub(lambda m: m.group("open") + bodies[m.group("name")] + m.group("close"), readme)
    body = _FRONT.sub("", text, count=1)
    return front_matter(len(quotes)) + body


def _outputs(root: Path) -> dict[Path, str]:
    """Every generated file under ``root`` and its up-to-date text."""
    from quotes.publish.croissant import render as render_croissant

    quotes, articles = _corpus()
    readme = root / "README.md"
    return {
        readme: render(readme.read_text(encoding="utf-8"), quotes, articles),
        root / "croissant.json": render_croissant(root),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m quotes.publish.card [--write | --check] [--root DIR]``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m quotes.publish.card",
        description="Regenerate the dataset card's generated parts (README.md) and croissant.json "
        "from the models and the bundled data. Without --write, list what is out of date.",
    )
    parser.add_argument("--root", default=".", help="repository checkout (default: .)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite the files in place")
    action.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)

    from quotes.io.files import staged

    root = Path(args.root)
    if not (root / "README.md").is_file():
        print(f"python -m quotes.publish.card: no README.md in {root}", file=sys.stderr)
        return 2
    stale = {}
    for path, text in _outputs(root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale[path.relative_to(root).as_posix()] = text
    if args.write and stale:
        with staged(root, stale, overwrite=True) as stage:
            for name, text in stale.items():
                stage.write_text(name, text)
        for path in stage.written:
            print(f"wrote {path}")
    if args.write or not stale:
        if not stale:
            print("up to date: README.md, croissant.json")
        return 0
    for name in stale:
        print(
            f"out of date: {root / name}; run python -m quotes.publish.card --write",
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
