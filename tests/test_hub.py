"""Hugging Face datasets glue: features from the models, Arrow tables, and the way back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import datasets
from conftest import DATA

from quotes import Article, Quote, features, from_dataset, load, read, to_dataset


def test_features_follow_the_models() -> None:
    quote = features("quotes")
    assert list(quote) == list(Quote.model_fields)
    assert quote["date"] == datasets.Value("date32")
    assert quote["spans"] == datasets.List(datasets.List(datasets.Value("int32"), length=2))
    assert list(quote["speaker"]) == [
        "name",
        "description",
        "type",
        "members",
        "wikidata",
        "mention",
        "evidence",
    ]
    assert quote["annotation"]["confidence"] == datasets.Value("float64")
    article = features("articles")
    assert list(article) == list(Article.model_fields)
    assert article["published"] == datasets.Value("date32")


def test_to_dataset_has_both_configs_with_declared_types() -> None:
    dataset = to_dataset()
    assert set(dataset) == {"quotes", "articles"}
    assert dataset["quotes"].features == features("quotes")
    assert dataset["articles"].features == features("articles")
    row = dataset["quotes"][0]
    assert isinstance(row["date"], dt.date)
    assert all(len(span) == 2 for span in row["spans"])


def test_dataset_round_trip_gives_equal_records() -> None:
    corpus = load()
    dataset = to_dataset()
    assert from_dataset(dataset["quotes"]) == corpus.quotes
    assert from_dataset(dataset["articles"]) == list(corpus.articles.values())


def test_to_dataset_reads_given_files(tmp_path: Path) -> None:
    dataset = to_dataset(DATA / "quotes.jsonl", DATA / "articles.jsonl")
    assert from_dataset(dataset["quotes"]) == list(read(DATA / "quotes.jsonl"))
    assert dataset["articles"][0]["id"] == "900"


def test_pandas_comes_through_datasets() -> None:
    frame = to_dataset()["quotes"].to_pandas()
    assert list(frame.columns) == list(Quote.model_fields)
    assert len(frame) == len(load().quotes)


def test_an_empty_file_is_an_empty_dataset(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    dataset = to_dataset(empty, cache_dir=tmp_path / "cache")
    assert dataset["quotes"].num_rows == 0
    assert dataset["quotes"].features == features("quotes")


def test_from_dataset_names_the_bad_row() -> None:
    import pytest

    from quotes import RecordError

    rows = [q.model_dump() for q in load().quotes[:3]]
    rows[2]["kind"] = "paraphrase"
    with pytest.raises(RecordError) as exc:
        from_dataset(rows)
    assert (exc.value.problem.line, exc.value.problem.field) == (3, "kind")
