"""``quotes extract --jobs N``: the same records, in the same order, as one job."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import DATA, run_in_process

from quotes.core.models import Article
from quotes.engine.mapping import PoolMapper, parts
from quotes.extract import extract_files
from quotes.io.jsonl import dumps, read


def generated_articles(folder: Path, count: int = 300) -> list[Path]:
    """``count`` small raw texts, each a few paragraphs of the bundled articles (so quotes of
    every kind), written as ``NNNN_generated.txt``."""
    paragraphs = [
        p
        for article in read(DATA / "articles.jsonl", Article)
        for p in article.text.split("\n\n")
        if len(p) > 40
    ]
    folder.mkdir()
    made = []
    for i in range(count):
        chosen = [paragraphs[(i * 7 + k * 13) % len(paragraphs)] for k in range(1 + i % 4)]
        path = folder / f"{i:04d}_generated.txt"
        path.write_text("\n\n".join(chosen) + "\n", encoding="utf-8")
        made.append(path)
    return made


def test_parts_are_contiguous_and_join_to_the_items() -> None:
    items = list(range(10))
    assert parts(items, 3) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert parts(items, 50) == [[i] for i in items]
    assert parts([], 4) == []


def test_jobs_give_the_records_of_one_job_in_input_order(tmp_path: Path) -> None:
    files = generated_articles(tmp_path / "texts")
    day = dt.date(2020, 1, 2)
    one = extract_files(files, date=day)
    two = extract_files(files, date=day, jobs=2)
    assert len(one.quotes) > 300
    assert [dumps(q) for q in two.quotes] == [dumps(q) for q in one.quotes]
    assert [a.id for a in two.articles] == [a.id for a in one.articles]
    assert [a.file for a in two.articles] == [path.name for path in files]
    ids = [q.article_id for q in two.quotes]
    assert ids == sorted(ids)  # input order, article by article


def test_the_cli_with_jobs_writes_the_bytes_of_one_job(tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "all"):
        out = tmp_path / f"bundled-{jobs}.jsonl"
        done = run_in_process("extract", "--jobs", jobs, "--out", str(out))
        assert done.returncode == 0, done.stderr
        outputs[jobs] = out.read_bytes()
    assert outputs["1"] == outputs["all"] and outputs["1"].count(b"\n") > 20
    texts = generated_articles(tmp_path / "texts", 60)
    for jobs in ("1", "3"):
        out = tmp_path / f"texts-{jobs}.jsonl"
        args = ["extract", *map(str, texts), "--date", "2021", "--jobs", jobs, "--out", str(out)]
        assert run_in_process(*args).returncode == 0
        outputs[f"texts-{jobs}"] = out.read_bytes()
    assert outputs["texts-1"] == outputs["texts-3"]


def test_jobs_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        extract_files([], articles=[], jobs=0)
    with pytest.raises(ValueError, match="at least 1"):
        PoolMapper(0)
