"""quotes.export: all or nothing, never a half-written file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import quotes
import quotes.export
from quotes.export import export
from quotes.hub import features


def test_an_export_that_fails_midway_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real_dumps = json.dumps

    def failing_dumps(value: Any, **kwargs: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 25:
            raise OSError(28, "No space left on device")
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(quotes.export.json, "dumps", failing_dumps)
    (tmp_path / "quotes.csv").write_text("the old export\n")
    with pytest.raises(OSError):
        export("csv", tmp_path, force=True)
    assert calls["n"] == 25
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotes.csv"]
    assert (tmp_path / "quotes.csv").read_text() == "the old export\n"


def test_existing_outputs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "articles.jsonl").write_text("keep me\n")
    with pytest.raises(FileExistsError):
        export("jsonl", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl"]
    assert (tmp_path / "articles.jsonl").read_text() == "keep me\n"


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
