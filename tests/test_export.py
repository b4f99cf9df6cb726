"""``quotes export``: the Parquet files keep the declared Hub features."""

from __future__ import annotations

from pathlib import Path

import pytest

import quotes
from quotes.export import export
from quotes.hub import features


@pytest.mark.parametrize("config", ["quotes", "articles"])
def test_parquet_loads_with_declared_features(config: str, tmp_path: Path) -> None:
    import datasets

    export("parquet", tmp_path / "out")
    path = tmp_path / "out" / f"{config}.parquet"
    loaded = datasets.load_dataset(
        "parquet", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert loaded.features == features(config)  # type: ignore[arg-type]
    corpus = quotes.load()
    expected = corpus.quotes if config == "quotes" else list(corpus.articles.values())
    assert quotes.from_dataset(loaded) == expected
