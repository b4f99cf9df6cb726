"""The bundled dataset's card (hub/README.md): valid YAML with the Hub's metadata, generated
from the records, and its tables and examples true to the data."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml
from conftest import ROOT
from pydantic import TypeAdapter, ValidationError

import quotes
from quotes.io.hub import features

CARD = ROOT / "hub" / "README.md"
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def _front_matter() -> dict:
    text = CARD.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(meta, dict)
    return meta


def _section(title: str) -> str:
    body = CARD.read_text(encoding="utf-8").split("---\n", 2)[2]
    return body.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _blocks(info: str) -> list[str]:
    return [
        m["body"] for m in FENCE.finditer(CARD.read_text(encoding="utf-8")) if m["info"] == info
    ]


def test_the_root_readme_is_no_card() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not readme.startswith("---")
    assert "<!-- generated:" not in readme


def test_front_matter_declares_both_configs_their_features_and_splits() -> None:
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    meta = _front_matter()
    # the texts are not under an open licence: "other", explained in LICENSE.md
    assert (meta["license"], meta["license_link"]) == ("other", "LICENSE.md")
    assert meta["license_name"]
    assert "all rights stay with the publisher" in (ROOT / "hub" / "LICENSE.md").read_text("utf-8")
    assert meta["language"] == ["en"]
    for key in ("pretty_name", "task_categories", "size_categories", "tags"):
        assert meta[key]
    assert "extra_gated_prompt" not in meta
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert configs["quotes"]["default"] is True
    for name in ("quotes", "articles"):
        (files,) = configs[name]["data_files"]
        assert files == {"split": "train", "path": f"data/{name}/train.parquet"}
        assert (ROOT / "hub" / files["path"]).is_file()

    infos = DatasetInfosDict.from_dataset_card_data(DatasetCard(CARD.read_text("utf-8")).data)
    corpus = quotes.load()
    for name, n in (("quotes", len(corpus.quotes)), ("articles", len(corpus.articles))):
        assert infos[name].features == features(name)  # type: ignore[arg-type]
        assert infos[name].splits["train"].num_examples == n
    quote_yaml = {f["name"]: f for f in infos["quotes"].features._to_yaml_list()}
    assert quote_yaml["date"] == {"name": "date", "dtype": "date32"}
    assert quote_yaml["spans"] == {"name": "spans", "list": {"list": "int32", "length": 2}}


def test_counts_sources_and_methods_match_the_data() -> None:
    corpus = quotes.load()
    summary = _section("Summary")
    kinds = Counter(q.kind for q in corpus.quotes)
    assert f"**{len(corpus.quotes)} quotes**" in summary
    assert f"**{len(corpus.articles)} articles**" in summary
    for kind, n in kinds.items():
        assert f"{n} {kind}" in summary
    assert f"| `train` | {len(corpus.quotes)} | {len(corpus.articles)} |" in summary
    outlets = Counter(a.outlet for a in corpus.articles.values())
    for outlet, n in outlets.items():
        assert f"| {outlet} | {n} |" in _section("Outlets").replace("\\|", "|")
    sources = _section("Sources and their rights")
    assert all(a.rights in sources for a in corpus.articles.values())
    assert f"| manual | - | {len(corpus.quotes)} |" in _section("How the records were made")


def test_example_records_are_real_records() -> None:
    quote, article = (json.loads(b) for b in _blocks("json"))
    lines = (ROOT / "quotes" / "data" / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert quote in [json.loads(line) for line in lines]
    real = quotes.load().articles[quote["article_id"]].model_dump(mode="json")
    assert article["id"] == quote["article_id"]
    assert article["text"].startswith(real["text"][:100])
    assert {k: v for k, v in article.items() if k != "text"} == {
        k: v for k, v in real.items() if k != "text"
    }


def _table_paths(block: str) -> dict[str, list[str]]:
    rows = {}
    for line in block.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells
    return rows


def _feature_paths(feats: dict, prefix: str = "") -> list[str]:
    import datasets

    paths = []
    for name, feature in feats.items():
        paths.append(prefix + name)
        if isinstance(feature, datasets.List) and isinstance(feature.feature, dict):
            paths += _feature_paths(feature.feature, f"{prefix}{name}[].")
        elif isinstance(feature, dict):
            paths += _feature_paths(feature, f"{prefix}{name}.")
    return paths


@pytest.mark.parametrize("config", ["quotes", "articles"])
def test_field_table_lists_every_feature_with_its_docstring(config: str) -> None:
    text = CARD.read_text(encoding="utf-8")
    table = text.split(f"### Fields of `{config}`\n\n", 1)[1].split("\n\n", 1)[0]
    rows = _table_paths(table)
    assert list(rows) == _feature_paths(dict(features(config)))  # type: ignore[arg-type]
    model = quotes.Quote if config == "quotes" else quotes.Article
    for name, info in model.model_fields.items():
        docstring = " ".join((info.description or "").split()).replace("``", "`")
        assert docstring and rows[name][3].startswith(docstring[:30]), name
        try:
            TypeAdapter(info.annotation).validate_python(None)
            accepts_null = True
        except ValidationError:
            accepts_null = False
        assert rows[name][2] == ("yes" if accepts_null else "no"), name
