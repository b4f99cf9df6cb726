"""Splits are first class: a quote's split is its article's, named as the Hub names it; every
tool selects by it, every export writes one folder per split that datasets.load_dataset reads as
a DatasetDict, and to_dataset gives the splits too."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import datasets
import pytest
from conftest import Run, made_source

from quotes import Corpus, load, to_dataset, write
from quotes.core.models import Article
from quotes.core.splits import UnknownSplit, article_split, by_split, hub_name, wanted_splits
from quotes.export import Records, export
from quotes.formats import import_corpus

WIKINEWS = Path(__file__).parent / "data" / "formats" / "wikinews-de"
SOURCE_SPLITS = ("train", "dev", "test")


def _with_split(article: Article, split: str | None) -> Article:
    source = made_source(split, corpus="brat", file=f"{article.id}.ann")
    return article.model_copy(update={"source": source})


@pytest.fixture(scope="module")
def split_corpus() -> Corpus:
    """The bundled records, their articles dealt into train, dev and test in turn."""
    bundled = load()
    articles = {
        key: _with_split(a, SOURCE_SPLITS[n % 3])
        for n, (key, a) in enumerate(bundled.articles.items())
    }
    return Corpus(articles, bundled.quotes)


@pytest.fixture(scope="module")
def expected(split_corpus: Corpus) -> dict[str, Counter[str]]:
    """Rows by config and Hub split."""
    quotes = Counter(split_corpus.split(q) for q in split_corpus.quotes)
    articles = Counter(article_split(a) for a in split_corpus.articles.values())
    assert set(quotes) == set(articles) == {"train", "validation", "test"}  # a fair test
    return {"quotes": quotes, "articles": articles}


@pytest.fixture(scope="module")
def wikinews(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wikinews") / "corpus"
    import_corpus("wikinews-de", [WIKINEWS], out)
    return out


def _records(corpus: Corpus) -> Records:
    return Records(corpus.quotes, list(corpus.articles.values()))


def _load(folder: Path, cache: Path, config: str | None = None) -> datasets.DatasetDict:
    loaded = datasets.load_dataset(str(folder), config, cache_dir=str(cache))
    assert isinstance(loaded, datasets.DatasetDict)
    return loaded


def test_a_split_is_the_source_s_named_as_the_hub_names_it() -> None:
    assert [hub_name(s) for s in ("train", "dev", "development", "val", "test", "x")] == [
        "train",
        "validation",
        "validation",
        "validation",
        "test",
        "x",
    ]
    article = next(iter(load().articles.values()))
    assert article_split(article) == "train"  # no split given: train, as the Hub publishes it
    assert article_split(_with_split(article, "dev")) == "validation"


def test_records_by_split_keep_each_quote_with_its_article(split_corpus: Corpus) -> None:
    splits = by_split(split_corpus.quotes, split_corpus.articles.values())
    assert list(splits) == ["train", "validation", "test"]
    for name, split in splits.items():
        ids = {a.id for a in split.articles}
        assert all(q.article_id in ids for q in split.quotes)
        assert all(article_split(a) == name for a in split.articles)
    assert sum(len(s.quotes) for s in splits.values()) == len(split_corpus.quotes)


def test_filter_by_split_picks_the_quotes_of_that_split_s_articles(
    split_corpus: Corpus,
) -> None:
    articles = split_corpus.articles.values()
    test_ids = {a.id for a in articles if a.source and a.source.split == "test"}
    picked = split_corpus.filter(split="test")
    assert picked and {q.article_id for q in picked} <= test_ids
    assert picked == [q for q in split_corpus.quotes if q.article_id in test_ids]
    assert split_corpus.filter(split="dev") == split_corpus.filter(split="validation")
    both = split_corpus.filter(split=["train", "test"], kind="direct")
    assert both and all(split_corpus.split(q) in {"train", "test"} for q in both)
    with pytest.raises(UnknownSplit) as error:
        split_corpus.filter(split="tset")
    assert error.value.wanted == ["tset"]
    assert error.value.found == ["train", "validation", "test"]


def test_subset_keeps_the_split_s_articles_and_their_quotes(split_corpus: Corpus) -> None:
    sub = split_corpus.subset("dev")
    assert {article_split(a) for a in sub.articles.values()} == {"validation"}
    assert sub.quotes == split_corpus.filter(split="dev")


def test_an_unknown_split_is_named_with_the_splits_there_are() -> None:
    with pytest.raises(UnknownSplit, match=r"'test'.*in: train"):
        wanted_splits("test", load().articles.values())
    with pytest.raises(ValueError, match="at least one"):
        wanted_splits([], load().articles.values())


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "csv"])
def test_an_export_with_splits_loads_as_a_dataset_dict_of_them(
    fmt: str, split_corpus: Corpus, expected: dict[str, Counter[str]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(fmt, out, _records(split_corpus))
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "test", "train", "validation"]
    for config in ("quotes", "articles"):
        loaded = _load(out, tmp_path / "cache", None if config == "quotes" else config)
        assert list(loaded) == ["train", "validation", "test"]
        assert {name: split.num_rows for name, split in loaded.items()} == expected[config]
    assert _load(out, tmp_path / "cache", "quotes")["test"]["id"] == [
        q.id for q in split_corpus.filter(split="test")
    ]


def test_a_bio_export_with_splits_loads_as_a_dataset_dict_of_them(
    split_corpus: Corpus, expected: dict[str, Counter[str]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export("bio", out, _records(split_corpus))
    assert (out / "validation" / "bio.jsonl").is_file() and not (out / "bio.jsonl").exists()
    loaded = _load(out, tmp_path / "cache")
    assert {name: split.num_rows for name, split in loaded.items()} == expected["articles"]
    assert set(loaded["validation"]["split"]) == {"dev"}  # the source's own name, kept


def test_brat_and_citron_write_a_collection_per_split(split_corpus: Corpus, tmp_path: Path) -> None:
    for fmt in ("brat", "citron"):
        export(fmt, tmp_path / fmt, _records(split_corpus))
        for name, split in by_split(split_corpus.quotes, split_corpus.articles.values()).items():
            folder = tmp_path / fmt / name
            assert (folder / "metadata.tsv").is_file()
            assert sorted(p.stem for p in folder.glob("*.txt")) == sorted(
                a.id for a in split.articles
            )


def test_a_split_folder_of_a_jsonl_export_is_a_corpus(split_corpus: Corpus, tmp_path: Path) -> None:
    export("jsonl", tmp_path / "out", _records(split_corpus))
    test = load(tmp_path / "out" / "test")
    assert test.quotes == split_corpus.filter(split="test")


def test_an_export_without_splits_keeps_its_file_names(tmp_path: Path) -> None:
    written = export("jsonl", tmp_path / "out")
    assert sorted(p.name for p in written) == ["articles.jsonl", "quotes.jsonl"]


def test_a_split_without_quotes_is_left_out_of_the_quotes_config(
    wikinews: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export("parquet", out, _records(load(wikinews)))
    quotes = _load(out, tmp_path / "cache")
    articles = _load(out, tmp_path / "cache", "articles")
    assert {n: s.num_rows for n, s in quotes.items()} == {"train": 4, "validation": 3}
    assert {n: s.num_rows for n, s in articles.items()} == {"train": 1, "validation": 1, "test": 1}


def test_to_dataset_gives_the_splits_of_each_config(wikinews: Path, tmp_path: Path) -> None:
    dataset = to_dataset(
        wikinews / "quotes.jsonl", wikinews / "articles.jsonl", cache_dir=tmp_path / "c"
    )
    quotes, articles = dataset["quotes"], dataset["articles"]
    assert isinstance(quotes, datasets.DatasetDict) and isinstance(articles, datasets.DatasetDict)
    assert {n: s.num_rows for n, s in quotes.items()} == {"train": 4, "validation": 3, "test": 0}
    assert set(quotes["validation"]["article_id"]) == set(articles["validation"]["id"])
    corpus = load(wikinews)
    assert quotes["train"]["id"] == [q.id for q in corpus.filter(split="train")]


def test_to_dataset_without_splits_keeps_one_dataset_per_config() -> None:
    dataset = to_dataset()
    assert isinstance(dataset["quotes"], datasets.Dataset)


def test_the_commands_select_by_split(run_cli: Run, split_corpus: Corpus, tmp_path: Path) -> None:
    write(split_corpus.quotes, tmp_path / "quotes.jsonl")
    write(split_corpus.articles.values(), tmp_path / "articles.jsonl")
    quotes, articles = str(tmp_path / "quotes.jsonl"), str(tmp_path / "articles.jsonl")
    n = len(split_corpus.filter(split="test"))
    done = run_cli("stats", quotes, "--articles", articles, "--split", "test", "--by", "kind")
    assert done.returncode == 0 and done.stdout.startswith(f"{n} quotes")
    done = run_cli("stats", quotes, "--split", "test")
    assert done.returncode == 2 and "--articles" in done.stderr
    done = run_cli("show", quotes, "--articles", articles, "--split", "dev", "--split", "test")
    assert done.stderr.strip().endswith(f"{n + len(split_corpus.filter(split='dev'))} quote(s)")
    done = run_cli("show", quotes, "--articles", articles, "--split", "tset")
    assert done.returncode == 2 and "give one of those with --split" in done.stderr
    out = tmp_path / "out"
    done = run_cli("export", quotes, "--articles", articles, "--split", "test", "--format", "jsonl")
    assert done.returncode == 2  # --out is required
    done = run_cli(
        "export", quotes, "--articles", articles, "--split", "test", "--format", "jsonl",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "test"]
    lines = (out / "test" / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        q.id for q in split_corpus.filter(split="test")
    ]
    done = run_cli("evaluate", quotes, quotes, "--articles", articles, "--split", "test")
    assert done.returncode == 0


def test_import_takes_the_hub_s_name_of_a_split(tmp_path: Path) -> None:
    summary = import_corpus("wikinews-de", [WIKINEWS], tmp_path / "out", split="validation")
    assert summary.splits == {"dev": 1} and summary.left_out == {"train": 1, "test": 1}
