"""Validation on a local Spark session returns the same report as the local run."""

from __future__ import annotations

import gzip
import importlib.util
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, require
from test_parallel import messy_file, renumbered

from quotes import validate

require(
    importlib.util.find_spec("pyspark"),
    "needs pyspark (about 450 MB): pip install '.[test]' or '.[spark]'",
)
require(
    shutil.which("java"), "Spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)"
)

from quotes.spark import shards, validate_on_spark  # noqa: E402

pytestmark = pytest.mark.slow  # a Spark session takes seconds to start

GOOD = (DATA / "quotes.jsonl").read_bytes().splitlines()


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotes-test")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def shard_set(folder: Path) -> Path:
    folder.mkdir()
    messy_file(folder / "part-000.jsonl", 120)
    messy_file(folder / "part-001.jsonl", 80)
    packed = "\n".join(renumbered(GOOD[0], i).decode() for i in range(500, 540))
    (folder / "part-002.jsonl.gz").write_bytes(gzip.compress(packed.encode() + b"\n"))
    (folder / "README.txt").write_text("not a shard")
    return folder


def test_spark_report_equals_the_local_report(tmp_path: Path, spark: Any) -> None:
    folder = shard_set(tmp_path / "shards")
    files = shards(folder)
    assert [p.name for p in files] == ["part-000.jsonl", "part-001.jsonl", "part-002.jsonl.gz"]
    local = validate(files, max_errors=None, jobs=1)
    on_spark = validate_on_spark(folder, spark=spark)
    assert on_spark.to_dict() == local.to_dict()
    assert {"duplicate-id", "duplicate-key"} <= {p.type for p in local.problems}
    assert on_spark.quotes == local.quotes > 100


def test_spark_runs_corpus_checks_and_max_errors_like_the_local_run(
    tmp_path: Path, spark: Any
) -> None:
    folder = shard_set(tmp_path / "shards")
    articles = [DATA / "articles.jsonl"]
    local = validate(shards(folder), articles=articles, max_errors=7, jobs=1)
    on_spark = validate_on_spark(folder, articles=articles, max_errors=7, spark=spark)
    assert on_spark.to_dict() == local.to_dict()
    assert on_spark.truncated and on_spark.corpus_level


def test_a_missing_path_is_named_as_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder") as raised:
        validate_on_spark(tmp_path / "nowhere")
    assert raised.value.filename == str(tmp_path / "nowhere")


def test_the_readme_call_works_without_pyspark_settings(tmp_path: Path) -> None:
    # A user's first call: no PYSPARK_PYTHON, no session of their own (a new process, so that the
    # module's session does not stand in for the one validate_on_spark makes).
    import subprocess

    folder = tmp_path / "shards"
    folder.mkdir()
    shutil.copy(DATA / "quotes.jsonl", folder / "part-000.jsonl")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSPARK")}
    code = (
        "from quotes.spark import validate_on_spark\n"
        f"print(validate_on_spark({str(folder)!r}, max_errors=1000).summary())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert validate([folder / "part-000.jsonl"]).summary() in done.stdout
