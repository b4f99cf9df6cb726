"""The dataset card (README.md): generated parts up to date, Hub metadata, runnable examples."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from pydantic import TypeAdapter, ValidationError

import quotes
from quotes.io.hub import features
from quotes.publish import card

# The card moves out of the project's README into the generated hub/README.md (issue 25, the hub
# branch rewires these tests there); until that folder exists there is no card to check.
README = ROOT / "hub" / "README.md"
pytestmark = pytest.mark.skipif(not README.is_file(), reason="no card yet: hub/README.md")
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def _front_matter() -> dict:
    text = README.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def _blocks(info: str) -> list[str]:
    return [
        m["body"] for m in FENCE.finditer(README.read_text(encoding="utf-8")) if m["info"] == info
    ]


def _generated(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- generated: {name} -->\n(.*?)<!-- end generated: {name} -->", text, re.DOTALL
    )
    assert match, f"no generated block {name}"
    return match.group(1)


def test_committed_card_is_up_to_date() -> None:
    corpus = quotes.load()
    text = README.read_text(encoding="utf-8")
    expected = card.render(text, corpus.quotes, list(corpus.articles.values()))
    assert text == expected, "README.md is out of date: run python -m quotes.publish.card --write"


def test_check_command_reports_drift_and_write_repairs_it(tmp_path: Path) -> None:
    shutil.copy(README, tmp_path / "README.md")
    shutil.copytree(ROOT / "quotes" / "data", tmp_path / "quotes" / "data")
    shutil.copy(ROOT / "croissant.json", tmp_path / "croissant.json")
    assert card.main(["--check", "--root", str(tmp_path)]) == 0
    stale = README.read_text(encoding="utf-8").replace(
        "| `kind` | `string` |", "| `kind` | `int` |"
    )
    (tmp_path / "README.md").write_text(stale, encoding="utf-8")
    assert card.main(["--check", "--root", str(tmp_path)]) == 1
    assert card.main(["--write", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == README.read_text(
        encoding="utf-8"
    )


def test_front_matter_declares_both_configs_and_their_features() -> None:
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    meta = _front_matter()
    # the texts are not CC BY: "other", with the split explained
    assert meta["license"] == "other"
    assert "CC BY 4.0" in meta["license_details"] and "publishers" in meta["license_details"]
    assert meta["language"] == ["en"]
    for key in ("pretty_name", "task_categories", "size_categories", "tags"):
        assert meta[key]
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert configs["quotes"]["default"] is True
    assert "default" not in configs["articles"]
    for name in ("quotes", "articles"):
        (files,) = configs[name]["data_files"]
        assert (ROOT / files["path"]).is_file()
        assert files["path"] == f"quotes/data/{name}.jsonl"

    # read back the way the Hub and datasets read a card
    data = DatasetCard(README.read_text(encoding="utf-8")).data
    infos = DatasetInfosDict.from_dataset_card_data(data)
    assert set(infos) == {"quotes", "articles"}
    for name in ("quotes", "articles"):
        assert infos[name].features == features(name)  # type: ignore[arg-type]
    quote_yaml = {f["name"]: f for f in infos["quotes"].features._to_yaml_list()}
    assert quote_yaml["date"] == {"name": "date", "dtype": "date32"}
    assert quote_yaml["spans"] == {"name": "spans", "list": {"list": "int32", "length": 2}}


def test_size_category_matches_the_data() -> None:
    bounds = {"n<1K": (0, 1_000), "1K<n<10K": (1_000, 10_000), "10K<n<100K": (10_000, 100_000)}
    (category,) = _front_matter()["size_categories"]
    low, high = bounds[category]
    assert low <= len(quotes.load().quotes) < high


def test_counts_match_the_data() -> None:
    corpus = quotes.load()
    text = _generated("counts")
    kinds = Counter(q.kind for q in corpus.quotes)
    assert f"**{len(corpus.quotes)} quotes**" in text
    assert f"**{len(corpus.articles)} articles**" in text
    for kind, n in kinds.items():
        assert f"{n} {kind}" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(corpus.articles)
    per_article = Counter(q.article_id for q in corpus.quotes)
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[-1]) == per_article[cells[0].strip("`")]


def test_example_records_are_real_records() -> None:
    quote = json.loads(_generated("example-quote").strip().removeprefix("```json").strip("`\n"))
    lines = (ROOT / "quotes" / "data" / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert quote in [json.loads(line) for line in lines]
    article = json.loads(_generated("example-article").strip().removeprefix("```json").strip("`\n"))
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
    rows = _table_paths(_generated(f"fields-{config}"))
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
