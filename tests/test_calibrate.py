"""``bench/calibrate_extract.py`` reads what ``quotes import polnear --split`` writes (the one
PolNeAR reader), and refuses a folder holding ``test`` articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from test_formats_polnear import checkout

from quotes.formats import import_corpus

SCRIPT = ROOT / "bench" / "calibrate_extract.py"


def calibrate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_it_measures_an_imported_split(tmp_path: Path) -> None:
    import_corpus("polnear", [checkout(tmp_path / "src")], tmp_path / "train", split="train")
    done = calibrate(tmp_path / "train")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("PolNeAR train: 1 articles")
    assert "| overlap | all | 3 |" in out  # the quotes evaluate table, on the 3 gold quotes
    assert "| pattern | records | right |" in out and "| confidence >= |" in out


def test_it_refuses_test_articles_and_a_folder_without_records(tmp_path: Path) -> None:
    import_corpus("polnear", [checkout(tmp_path / "src")], tmp_path / "all")
    done = calibrate(tmp_path / "all")  # train and dev: no test, but two splits is fine
    assert done.returncode == 0, done.stderr
    articles = (tmp_path / "all" / "articles.jsonl").read_text(encoding="utf-8")
    (tmp_path / "all" / "articles.jsonl").write_text(
        articles.replace('"split":"dev"', '"split":"test"'), encoding="utf-8"
    )
    done = calibrate(tmp_path / "all")
    assert done.returncode == 2 and "test is never used" in done.stderr
    (tmp_path / "all" / "articles.jsonl").write_text(  # no split: it could hold test articles
        articles.replace('"split":"dev"', '"split":null'), encoding="utf-8"
    )
    done = calibrate(tmp_path / "all")
    assert done.returncode == 2 and "split(s) none, train" in done.stderr
    done = calibrate(tmp_path / "src")
    assert done.returncode == 2 and "no articles.jsonl" in done.stderr
