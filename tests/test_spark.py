"""Validation on a local Spark session returns the same report as the local run."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import pytest
from conftest import DATA, require_spark
from test_parallel import messy_file, renumbered

from quotes import validate

require_spark()

from quotes.engine.spark import shards, validate_on_spark  # noqa: E402

pytestmark = pytest.mark.slow  # a Spark session takes seconds to start

GOOD = (DATA / "quotes.jsonl").read_bytes().splitlines()


def shard_set(folder: Path) -> Path:
    folder.mkdir()
    messy_file(folder / "part-000.jsonl", 120)
    messy_file(folder / "part-001.jsonl", 80)
    packed = "\n".join(renumbered(GOOD[0], i).decode() for i in range(500, 540))
    (folder / "part-002.jsonl.gz").write_bytes(gzip.compress(packed.encode() + b"\n"))
    (folder / "README.txt").write_text("not a shard")
    return folder


def test_a_missing_path_is_named_as_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder") as raised:
        validate_on_spark(tmp_path / "nowhere")
    assert raised.value.filename == str(tmp_path / "nowhere")


# One Spark session for every check (it takes seconds to start), in a new process with no
# PYSPARK_PYTHON and no session of the user's: a user's first call, as in the README.
ON_SPARK = """
import json, sys
from pyspark.sql import SparkSession
from quotes.engine.spark import validate_on_spark
folder, articles = sys.argv[1], sys.argv[2]
own = validate_on_spark(folder)  # makes its own session
given = validate_on_spark(
    folder, articles=[articles], max_errors=7, spark=SparkSession.getActiveSession()
)
print(json.dumps([own.to_dict(), given.to_dict()]))
"""


def test_spark_reports_equal_the_local_ones_from_a_first_call_without_settings(
    tmp_path: Path,
) -> None:
    import json
    import subprocess

    folder = shard_set(tmp_path / "shards")
    files = shards(folder)
    assert [p.name for p in files] == ["part-000.jsonl", "part-001.jsonl", "part-002.jsonl.gz"]
    articles = DATA / "articles.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSPARK")}
    done = subprocess.run(
        [sys.executable, "-c", ON_SPARK, str(folder), str(articles)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    own, given = json.loads(done.stdout.splitlines()[-1])
    local = validate(files, max_errors=None, jobs=1)
    assert own == local.to_dict()
    assert {"duplicate-id", "duplicate-key"} <= {p.type for p in local.problems}
    assert local.quotes > 100
    # corpus-level checks and max_errors, on a session the caller gives
    checked = validate(files, articles=[articles], max_errors=7, jobs=1)
    assert given == checked.to_dict()
    assert checked.truncated and checked.corpus_level
