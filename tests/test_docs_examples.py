"""Every example of the documentation pages runs, page after page in the order a reader meets
them (the README's run in ``test_readme``), in one folder holding what a reader who followed the
README has there: a clone's ``quotes/`` and ``hub/``, the records the rule-based baseline
proposes (``predicted.jsonl``, as the README makes it) and an imported PolNeAR folder
(``polnear/``, from the test checkout of ``test_formats_polnear``). Blocks are run as the
README's are (``conftest.run_examples``); a block that is not run says why, on every page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    assert_examples_not_run_say_why,
    code_blocks,
    copy_of_the_checkout,
    run_examples,
)
from test_formats_polnear import checkout

from quotes.cli import main

DOCS = ROOT / "docs"
JOURNEY = [
    "guide.md",
    "evaluation.md",
    "extractor.md",
    "formats/export.md",
    "formats/brat.md",
    "formats/bio.md",
    "index.md",
]
"""The pages whose examples run, in order: a page may use the files an earlier one made (the
guide's ``my_quotes.jsonl`` and ``my_articles.jsonl``)."""


def blocks_of(page: str) -> list[tuple[str, str]]:
    return code_blocks((DOCS / page).read_text(encoding="utf-8"))


@pytest.mark.slow
def test_every_example_of_the_docs_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_of_the_checkout(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "--out", "predicted.jsonl"]) == 0
    assert main(["import", "polnear", str(checkout(tmp_path / "PolNeAR")), "--out", "polnear"]) == 0
    capsys.readouterr()
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    printed = ""
    for page in JOURNEY:
        ran, out = run_examples(blocks_of(page), env, capsys)
        assert ran, f"{page}: no example ran"
        printed += out
    assert "50 quotes, 5 articles" in printed  # the guide's count of the Hub folder
    for made in ("view", "view-003", "my-view", "cmp", "to-annotate", "corrected", "bio", "csv"):
        assert (tmp_path / made).is_dir(), made
    assert (tmp_path / "view" / "index.html").is_file()


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_examples_not_run_say_why(page: str) -> None:
    assert_examples_not_run_say_why(blocks_of(page))


def test_every_page_with_examples_to_run_is_in_the_journey() -> None:
    runnable = {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if any(info in ("bash", "python") for info, _ in blocks_of(p.relative_to(DOCS).as_posix()))
    }
    assert runnable == set(JOURNEY)
