"""Spark on a ``local-cluster`` master: separate executor JVMs, each with its own Python workers,
which see ``quotes`` only the way docs/scale.md ships it (a zip of the package, given as
``spark.submit.pyFiles``). Validate, import and extract there give the bytes of a local run."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import DATA, require_spark, run_spark_driver
from test_extract_jobs import generated_articles
from test_formats_polnear import checkout
from test_sharded_import import FORMATS, brat_folder

from quotes import validate
from quotes.extract import extract_files, write_extraction
from quotes.formats import import_corpus

require_spark()

pytestmark = pytest.mark.slow  # a cluster takes seconds to start


# The driver's work (conftest.run_spark_driver ships the package and checks that the executors
# import the zip's quotes, run with this interpreter and no PYTHONPATH).
DRIVER = """
from quotes.cli import main
from quotes.engine.spark import SparkMapper, validate_on_spark
from quotes.formats import import_corpus

report = validate_on_spark(work / "shards", spark=spark).to_dict()
engine = SparkMapper(spark)
for name in ("polnear", "wikinews-de", "citron"):
    import_corpus(name, [work / "src" / name], work / "spark" / name, engine=engine)
codes = [
    main(["import", "brat", str(work / "src" / "brat"), "--out", str(work / "spark" / "brat"),
          "--engine", "spark", "--quiet"]),
    main(["extract", *map(str, sorted((work / "texts").iterdir())), "--date", "2021-05",
          "--engine", "spark", "--spark-master", master, "--out", str(work / "spark" / "x")]),
]
for name in ("brat", "polnear", "wikinews-de", "citron", "x"):
    codes.append(main(["concat", str(work / "spark" / name)]))
found = {"report": report, "codes": codes}
"""


def test_validate_import_and_extract_on_a_cluster_give_the_local_bytes(tmp_path: Path) -> None:
    work = tmp_path
    shards = work / "shards"
    shards.mkdir()
    shutil.copy(DATA / "quotes.jsonl", shards / "part-0.jsonl")
    (shards / "part-1.jsonl").write_bytes(b'{"id": 1}\n' + (DATA / "quotes.jsonl").read_bytes())
    sources = {
        "brat": brat_folder(work / "src" / "brat"),
        "polnear": checkout(work / "src" / "polnear"),
        "wikinews-de": shutil.copytree(FORMATS / "wikinews-de", work / "src" / "wikinews-de"),
        "citron": shutil.copytree(FORMATS / "citron", work / "src" / "citron"),
    }
    texts = generated_articles(work / "texts", 40)
    found = run_spark_driver(DRIVER, work)
    assert found["codes"] == [0] * 7
    assert found["report"] == validate(sorted(shards.iterdir()), jobs=1).to_dict()
    for name, source in sources.items():
        import_corpus(name, [source], work / "local" / name)
        for file in ("articles.jsonl", "quotes.jsonl"):
            spark = (work / "spark" / name / file).read_bytes()
            assert spark == (work / "local" / name / file).read_bytes(), (name, file)
    local = extract_files(texts, date=dt.date(2021, 5, 1), precision="month")
    write_extraction(local, out=work / "local-q.jsonl", articles_out=work / "local-a.jsonl")
    for file, mine in (("quotes.jsonl", "local-q.jsonl"), ("articles.jsonl", "local-a.jsonl")):
        assert (work / "spark" / "x" / file).read_bytes() == (work / mine).read_bytes(), file
