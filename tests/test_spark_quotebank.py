"""Quotebank imported on a ``local-cluster`` master (separate executor JVMs, whose Python sees
``quotes`` only in the zip docs/scale.md ships): the parts of a large ``.bz2`` (by blocks), of a
plain file (by byte ranges) and a whole ``.gz`` run on the executors, and the shards joined by
``quotes concat`` are the bytes of a local ``--jobs 1`` import; a file that cannot be read fails
the import as locally, and nothing is written."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest
from conftest import require_spark, run_spark_driver
from test_formats_quotebank import copies
from test_spread_import import sources

from quotes.formats import import_corpus
from quotes.io.files import RecordError

require_spark()

pytestmark = pytest.mark.slow  # a cluster takes seconds to start


# The driver's work (conftest.run_spark_driver ships the package). The plan is made here, on
# the driver, so its small parts (one bzip2 block, 20 kB ranges) are set here only.
DRIVER = """
from quotes.cli import main
from quotes.engine.parallel import planning
from quotes.engine.spark import SparkMapper
from quotes.formats import import_corpus
from quotes.io import blocks
from quotes.io.files import RecordError

blocks.BLOCKS_MIN_BYTES, blocks.BLOCKS_PER_PART, planning.CHUNK_BYTES = 0, 1, 20_000
engine = SparkMapper(spark)
summary = import_corpus("quotebank", [work / "src"], work / "spark", engine=engine)
codes = [main(["concat", str(work / "spark")])]
try:
    import_corpus("quotebank", [work / "damaged"], work / "failed", engine=engine)
    failed = None
except RecordError as e:
    failed = [e.problem.type, e.problem.path, e.problem.line, e.problem.message]
codes.append(main(["import", "quotebank", str(work / "src"), "--out", str(work / "cli"),
                   "--engine", "spark", "--quiet"]))
codes.append(main(["concat", str(work / "cli")]))
manifest = json.loads((work / "spark" / "manifest.json").read_text())
found = {"codes": codes, "failed": failed, "shards": len(manifest["files"][0]["shards"]),
         "lost": summary.lost, "examples": summary.examples}
"""


def test_quotebank_on_a_cluster_gives_the_bytes_of_a_local_import(tmp_path: Path) -> None:
    work = tmp_path
    source = sources(work / "src")
    damaged = work / "damaged"
    damaged.mkdir()
    data = bytearray(bz2.compress(b"".join(copies(150)), 1))
    data[len(data) // 2] ^= 0x41  # a damaged block past the first part
    (damaged / "quotebank.json.bz2").write_bytes(data)
    found = run_spark_driver(DRIVER, work)
    assert found["codes"] == [0, 0, 0]
    assert found["shards"] > 10  # .bz2 blocks, plain ranges, the .gz
    local = import_corpus("quotebank", [source], work / "local")
    assert found["lost"] == local.lost and found["examples"] == local.examples
    for name in ("articles.jsonl", "quotes.jsonl"):
        expected = (work / "local" / name).read_bytes()
        assert (work / "spark" / name).read_bytes() == expected, name
        assert (work / "cli" / name).read_bytes() == expected, name
    with pytest.raises(RecordError) as raised:
        import_corpus("quotebank", [damaged], work / "local-failed")
    problem = raised.value.problem
    assert found["failed"] == [problem.type, problem.path, problem.line, problem.message]
    assert not (work / "failed").exists()
