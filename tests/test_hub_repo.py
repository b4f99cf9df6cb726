"""``hub/`` is the bundled dataset's Hub repository: ``datasets.load_dataset`` reads it offline,
with the declared features, and gives the same records as ``quotes.load()``."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import quotes
import quotes.core.bundled
from quotes.io.hub import features

CONFIGS = list(quotes.core.bundled.CONFIGS)
HUB = ROOT / "hub"


def _expected(config: str) -> list[Any]:
    corpus = quotes.load()
    return corpus.quotes if config == "quotes" else list(corpus.articles.values())


def test_no_loading_script_in_the_folder() -> None:
    # datasets refuses loading scripts; a <folder name>.py in it would be taken for one
    assert not list(HUB.rglob("*.py"))


@pytest.mark.parametrize("config", CONFIGS)
def test_load_dataset_from_checkout(config: str, tmp_path: Path) -> None:
    import datasets
    import pyarrow as pa

    assert datasets.config.HF_HUB_OFFLINE
    dataset = datasets.load_dataset(str(HUB), config, split="train", cache_dir=str(tmp_path))
    assert dataset.features == features(config)  # type: ignore[arg-type]
    assert quotes.from_dataset(dataset) == _expected(config)
    # the Arrow types a user of the columns sees
    schema = dataset.data.schema
    dates = {"quotes": ["date", "uttered"], "articles": ["published"]}[config]
    assert all(schema.field(name).type == pa.date32() for name in dates)
    assert isinstance(dataset[0][dates[0]], dt.date)
    if config == "quotes":
        assert schema.field("spans").type == pa.list_(pa.list_(pa.int32(), 2))


def test_default_config_is_quotes(tmp_path: Path) -> None:
    import datasets

    loaded = datasets.load_dataset(str(HUB), cache_dir=str(tmp_path))
    assert list(loaded) == ["train"]
    assert loaded["train"].num_rows == len(quotes.load().quotes)
    assert "article_id" in loaded["train"].column_names


@pytest.mark.parametrize("config", CONFIGS)
def test_streaming(config: str, tmp_path: Path) -> None:
    import datasets

    stream = datasets.load_dataset(
        str(HUB), config, split="train", streaming=True, cache_dir=str(tmp_path)
    )
    assert isinstance(stream, datasets.IterableDataset)
    assert stream.features == features(config)  # type: ignore[arg-type]
    assert quotes.from_dataset(stream) == _expected(config)


def test_the_guide_s_loading_example_reads_the_folder_offline(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    [example] = [b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if '"hub"' in b]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run(
        [sys.executable, "-c", example], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    corpus = quotes.load()
    assert done.stdout.split() == [
        str(len(corpus.quotes)),
        "quotes,",
        str(len(corpus.articles)),
        "articles",
    ]
