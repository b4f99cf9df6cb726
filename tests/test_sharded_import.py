"""Import by an engine (here the process pool; Spark in test_spark_cluster.py): sharded output
and a manifest, joined by ``quotes concat`` into the bytes of a local import, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, run_in_process
from test_formats_polnear import checkout

from quotes.engine.mapping import PoolMapper
from quotes.formats import NotSplittable, SplitNotFound, import_corpus
from quotes.io.files import OutputExists
from quotes.io.shards import MANIFEST, BadShards, concat, read_manifest

FORMATS = DATA / "formats"


def brat_folder(folder: Path) -> Path:
    """The bundled corpus exported as brat files."""
    done = run_in_process("export", "--format", "brat", "--out", str(folder), "--quiet")
    assert done.returncode == 0, done.stderr
    return folder


def sources(tmp_path: Path) -> dict[str, Path]:
    """A source of every format read from folders of files."""
    return {
        "brat": brat_folder(tmp_path / "brat"),
        "polnear": checkout(tmp_path / "polnear"),
        "wikinews-de": FORMATS / "wikinews-de",
        "citron": FORMATS / "citron",
    }


@pytest.mark.parametrize("format", ["brat", "polnear", "wikinews-de", "citron"])
def test_sharded_import_joins_to_the_bytes_of_a_local_one(tmp_path: Path, format: str) -> None:
    source = sources(tmp_path)[format]
    local = import_corpus(format, [source], tmp_path / "local")
    sharded = import_corpus(format, [source], tmp_path / "sharded", engine=PoolMapper(2))
    assert sharded.render().split("\n")[0] == local.render().split("\n")[0]
    for counts in ("lost", "adjusted", "kinds", "splits"):
        assert getattr(sharded, counts) == getattr(local, counts)
    files = read_manifest(tmp_path / "sharded")
    assert [f["name"] for f in files] == ["articles.jsonl", "quotes.jsonl"]
    assert len(files[0]["shards"]) > 1
    assert not (tmp_path / "sharded" / "quotes.jsonl").exists()
    written = concat(tmp_path / "sharded", tmp_path / "joined")
    assert [p.name for p in written] == ["articles.jsonl", "quotes.jsonl"]
    for name in ("articles.jsonl", "quotes.jsonl"):
        assert (tmp_path / "joined" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert files[1]["lines"] == local.quotes


def test_the_concat_command_checks_every_shard(tmp_path: Path) -> None:
    folder = tmp_path / "sharded"
    import_corpus("citron", [FORMATS / "citron"], folder, engine=PoolMapper(2))
    done = run_in_process("concat", str(folder))
    assert done.returncode == 0, done.stderr
    assert (folder / "quotes.jsonl").is_file()
    again = run_in_process("concat", str(folder))
    assert again.returncode == 2 and "exists" in again.stderr
    shard = folder / read_manifest(folder)[1]["shards"][0]["name"]
    shard.write_bytes(shard.read_bytes() + b"\n")
    with pytest.raises(BadShards, match="differs from its manifest"):
        concat(folder, tmp_path / "joined")
    assert not (tmp_path / "joined").exists()  # all or nothing
    shard.unlink()
    with pytest.raises(BadShards, match="cannot read the shard"):
        concat(folder, tmp_path / "joined")
    with pytest.raises(OutputExists):
        concat(folder)
    escape = {"kind": "quotes-shards", "files": [{"name": "../x", "shards": []}]}
    (folder / MANIFEST).write_text(json.dumps(escape))
    with pytest.raises(BadShards, match="not a file name"):
        concat(folder, tmp_path / "joined")
    with pytest.raises(BadShards, match="cannot read the manifest"):
        concat(tmp_path / "nowhere")


def test_an_unsplittable_format_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotes.formats import quotebank

    monkeypatch.delattr(quotebank, "spread")  # a reader with neither spread nor plan
    source = FORMATS / "quotebank" / "quotebank-fixture.json.bz2"
    with pytest.raises(NotSplittable, match="quotebank"):
        import_corpus("quotebank", [source], tmp_path / "out", engine=PoolMapper(2))
    assert not (tmp_path / "out").exists()


def test_a_sharded_import_that_fails_writes_nothing(tmp_path: Path) -> None:
    source = checkout(tmp_path / "polnear")
    found = []
    for engine in (None, PoolMapper(2)):
        with pytest.raises(SplitNotFound) as raised:
            import_corpus("polnear", [source], tmp_path / "out", split="nope", engine=engine)
        found.append(raised.value.found)
        assert not (tmp_path / "out").exists()
    assert found[0] == found[1] and sum(found[0].values()) >= 2


def test_engine_flags_that_cannot_work_are_refused_before_any_work(tmp_path: Path) -> None:
    done = run_in_process("extract", "--engine", "spark")
    assert done.returncode == 2 and "give --out DIR" in done.stderr
    out = tmp_path / "q.jsonl"
    done = run_in_process("extract", "--spark-master", "local[2]", "--out", str(out))
    assert done.returncode == 2 and "--spark-master needs --engine spark" in done.stderr
    assert not out.exists()
