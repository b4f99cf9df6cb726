"""``quotes export --format hub``: a folder that ``datasets`` loads offline with its splits and
typed features, whose card and Croissant are valid, which respects the texts' rights, and whose
committed copy for the bundled data (hub/) is checked for drift."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

import quotes
from quotes.cli import main
from quotes.formats import import_corpus
from quotes.formats.polnear import RIGHTS as POLNEAR_RIGHTS
from quotes.io.hub import features
from quotes.publish.hub import export_hub
from quotes.publish.rights import RedistributionRefused

WIKINEWS = ROOT / "tests" / "data" / "formats" / "wikinews-de"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> quotes.Corpus:
    """The German corpus fixture, imported: three articles, one in each of its splits."""
    folder = tmp_path_factory.mktemp("wikinews")
    import_corpus("wikinews-de", [WIKINEWS], folder)
    return quotes.load(folder / "quotes.jsonl", folder / "articles.jsonl")


@pytest.fixture(scope="module")
def folder(imported: quotes.Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hub") / "wikinews"
    export_hub(out, imported.quotes, list(imported.articles.values()))
    return out


def _front_matter(folder: Path) -> dict[str, Any]:
    meta = yaml.safe_load((folder / "README.md").read_text("utf-8").split("---\n", 2)[1])
    assert isinstance(meta, dict)
    return meta


def _splits(corpus: quotes.Corpus, config: str) -> dict[str, int]:
    rename = {"dev": "validation"}
    by_article = {
        a.id: rename.get(a.source.split, a.source.split)
        for a in corpus.articles.values()
        if a.source and a.source.split
    }
    counted: dict[str, int] = {}
    records = corpus.quotes if config == "quotes" else list(corpus.articles.values())
    for record in records:
        split = by_article[record.article_id if config == "quotes" else record.id]  # type: ignore[union-attr]
        counted[split] = counted.get(split, 0) + 1
    return counted


@pytest.mark.parametrize("config", ["quotes", "articles"])
def test_load_dataset_gives_the_splits_with_typed_features(
    folder: Path, imported: quotes.Corpus, config: str, tmp_path: Path
) -> None:
    import datasets
    import pyarrow as pa

    loaded = datasets.load_dataset(str(folder), config, cache_dir=str(tmp_path))
    assert isinstance(loaded, datasets.DatasetDict)
    expected = _splits(imported, config)
    assert {name: split.num_rows for name, split in loaded.items()} == expected
    if config == "articles":
        assert list(loaded) == ["train", "validation", "test"]
    for split in loaded.values():
        assert split.features == features(config)  # type: ignore[arg-type]
    first = next(iter(loaded.values()))
    date = {"quotes": "date", "articles": "published"}[config]
    assert first.data.schema.field(date).type == pa.date32()
    assert isinstance(first[0][date], dt.date)
    nested = {"quotes": "speaker", "articles": "source"}[config]
    assert pa.types.is_struct(first.data.schema.field(nested).type)
    records = [r for name in loaded for r in quotes.from_dataset(loaded[name])]
    wanted = imported.quotes if config == "quotes" else list(imported.articles.values())
    assert sorted(r.id for r in records) == sorted(r.id for r in wanted)


def test_card_yaml_carries_the_non_commercial_licence(folder: Path) -> None:
    meta = _front_matter(folder)
    assert meta["license"] == "cc-by-nc-sa-4.0"
    assert meta["license_link"] == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert meta["language"] == ["de"]
    assert meta["pretty_name"].endswith("imported from wikinews-de")
    sizes = {c["config_name"]: c["splits"] for c in meta["dataset_info"]}
    assert [s["name"] for s in sizes["articles"]] == ["train", "validation", "test"]
    citation = yaml.safe_load((folder / "CITATION.cff").read_text("utf-8"))
    assert citation["license"] == "CC-BY-NC-SA-4.0"
    titles = [r["title"] for r in citation["references"]]
    assert "Dataset of Quotation Attribution in German News Articles" in titles


@pytest.mark.slow
def test_mlcroissant_validates_and_reads_the_records(folder: Path, imported: quotes.Corpus) -> None:
    import mlcroissant

    dataset = mlcroissant.Dataset(jsonld=str(folder / "croissant.json"))
    assert not dataset.metadata.ctx.issues.errors
    ids = sorted(r["quotes/id"].decode() for r in dataset.records("quotes"))
    assert ids == sorted(q.id for q in imported.quotes)
    assert len(list(dataset.records("articles"))) == len(imported.articles)


def _restricted(corpus: quotes.Corpus) -> tuple[list[quotes.Quote], list[quotes.Article]]:
    articles = [a.model_copy(update={"rights": POLNEAR_RIGHTS}) for a in corpus.articles.values()]
    return corpus.quotes, articles


def test_a_corpus_that_may_not_be_redistributed_is_refused(
    imported: quotes.Corpus, tmp_path: Path
) -> None:
    with pytest.raises(RedistributionRefused, match="do not redistribute") as refused:
        export_hub(tmp_path / "out", *_restricted(imported))
    assert sum(refused.value.statements.values()) == len(imported.articles)
    assert not (tmp_path / "out").exists()


def test_a_gated_folder_holds_them_with_the_gating_fields(
    imported: quotes.Corpus, tmp_path: Path
) -> None:
    export_hub(tmp_path / "out", *_restricted(imported), gated=True)
    meta = _front_matter(tmp_path / "out")
    assert "not be redistributed" in meta["extra_gated_prompt"]
    assert any(kind == "checkbox" for kind in meta["extra_gated_fields"].values())
    assert meta["license"] == "other"
    assert "Private, gated use only" in (tmp_path / "out" / "README.md").read_text("utf-8")


def test_the_command_refuses_and_names_the_flag(
    imported: quotes.Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quotes_, articles = _restricted(imported)
    quotes.write(quotes_, tmp_path / "q.jsonl")
    quotes.write(articles, tmp_path / "a.jsonl")
    args = ["export", str(tmp_path / "q.jsonl"), "--articles", str(tmp_path / "a.jsonl")]
    assert main([*args, "--format", "hub", "--out", str(tmp_path / "out")]) == 2
    assert "add --gated" in capsys.readouterr().err
    assert main([*args, "--format", "hub", "--out", str(tmp_path / "out"), "--gated"]) == 0
    assert (tmp_path / "out" / "data" / "quotes" / "train.parquet").is_file()


def test_the_command_writes_the_bundled_folder_as_hub(tmp_path: Path) -> None:
    assert main(["export", "--format", "hub", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    for name in ("README.md", "croissant.json", "CITATION.cff", "LICENSE.md"):
        assert (tmp_path / "out" / name).read_bytes() == (ROOT / "hub" / name).read_bytes()


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("curation_build", ROOT / "curation" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_drift_check_fails_when_hub_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = _build_module()
    corpus = quotes.load()
    expected = build.hub_outputs(corpus.quotes, list(corpus.articles.values()))
    copy = tmp_path / "hub"
    shutil.copytree(ROOT / "hub", copy)
    monkeypatch.setattr(build, "HUB", copy)
    assert build.stale_hub(expected) == ([], [])
    card = copy / "README.md"
    card.write_text(card.read_text("utf-8").replace("num_examples: 50", "num_examples: 49"))
    shutil.copy(copy / "data/articles/train.parquet", copy / "data/quotes/train.parquet")
    (copy / "data" / "old.parquet").write_bytes(b"")
    stale, extra = build.stale_hub(expected)
    assert stale == ["README.md", "data/quotes/train.parquet"]
    assert extra == [copy / "data" / "old.parquet"]
