"""The quotes command: exit codes, messages, and no tracebacks."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA, Run

from quotes import load, read


def test_validate_bundled_data_prints_a_one_line_summary(run_cli: Run) -> None:
    done = run_cli("validate")
    assert done.returncode == 0
    (line,) = done.stdout.splitlines()
    corpus = load()
    assert line.startswith(f"ok: {len(corpus.quotes)} quotes")
    assert f"{len(corpus.articles)} articles" in line


def test_help_ends_with_an_example(run_cli: Run) -> None:
    for args in ([], ["validate"], ["stats"], ["show"], ["export"], ["schema"]):
        done = run_cli(*args, "--help")
        assert done.returncode == 0
        assert done.stdout.strip().splitlines()[-1].startswith("example: quotes")


def test_bad_usage_exits_2_and_says_what_to_do(run_cli: Run) -> None:
    done = run_cli("frobnicate")
    assert done.returncode == 2
    assert "--help" in done.stderr and "Traceback" not in done.stderr


def test_stats_counts_by_kind_and_speaker(run_cli: Run) -> None:
    done = run_cli("stats", "--by", "kind", "--by", "speaker")
    assert done.returncode == 0
    corpus = load()
    for kind in ("direct", "mixed", "indirect"):
        n = len(corpus.filter(kind=kind))  # type: ignore[arg-type]
        assert f"{n:5d}  {kind}" in done.stdout
    appathurai = len(corpus.filter(speaker="James Appathurai"))
    assert f"{appathurai:5d}  James Appathurai" in done.stdout


def test_stats_of_a_given_file(run_cli: Run) -> None:
    done = run_cli("stats", str(DATA / "quotes.jsonl"), "--by", "kind")
    assert done.returncode == 0 and done.stdout.startswith("4 quotes")


def test_show_prints_quotes_with_their_context(run_cli: Run) -> None:
    done = run_cli("show", "--speaker", "Kosachyov")
    assert done.returncode == 0
    headers = [line for line in done.stdout.splitlines() if line[:4].rstrip("-").isdigit()]
    expected = load().filter(speaker="Kosachyov")
    assert [h.split()[0] for h in headers] == [q.id for q in expected]
    assert all("Konstantin Kosachyov" in h for h in headers)
    assert "[[We would like such dialogue to take place,]]" in done.stdout
    assert run_cli("show", "--speaker", "Nobody At All").returncode == 1


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_both_files_and_refuses_to_overwrite(
    fmt: str, run_cli: Run, tmp_path: Path
) -> None:
    done = run_cli("export", "--format", fmt, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(Path(line).name for line in done.stdout.splitlines())
    assert {f"articles.{fmt}", f"quotes.{fmt}"} <= set(names)
    before = (tmp_path / f"quotes.{fmt}").read_bytes()
    again = run_cli("export", "--format", fmt, "--out", str(tmp_path))
    assert again.returncode == 2 and "--force" in again.stderr
    assert (tmp_path / f"quotes.{fmt}").read_bytes() == before
    assert run_cli("export", "--format", fmt, "--out", str(tmp_path), "--force").returncode == 0


def test_exported_jsonl_and_csv_hold_the_records(run_cli: Run, tmp_path: Path) -> None:
    run_cli("export", "--format", "jsonl", "--out", str(tmp_path))
    assert list(read(tmp_path / "quotes.jsonl")) == load().quotes
    run_cli("export", "--format", "csv", "--out", str(tmp_path))
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    corpus = load()
    assert [r["id"] for r in rows] == [q.id for q in corpus.quotes]
    assert [r["spans"] for r in rows] == [
        ";".join(f"{s}-{e}" for s, e in q.spans) for q in corpus.quotes
    ]


def test_validate_json_format_is_machine_readable(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("{\n")
    done = run_cli("validate", str(path), "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert report["problems"][0] | {"message": ""} == {
        "path": str(path),
        "line": 1,
        "field": None,
        "type": "invalid-json",
        "message": "",
    }


def test_unreadable_input_exits_2_in_every_command(run_cli: Run, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.jsonl")
    for args in (
        ["validate", missing],
        ["stats", missing],
        ["view", missing, "--out", str(tmp_path / "v")],
        ["extract", str(tmp_path / "missing.txt"), "--date", "2020"],
    ):
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "missing" in done.stderr + done.stdout and "Traceback" not in done.stderr


def test_standard_input_named_twice_is_a_usage_error(run_cli: Run) -> None:
    done = run_cli("validate", "-", "-", stdin="")
    assert done.returncode == 2 and "only once" in done.stderr


def test_parquet_export_prints_no_progress_bars_off_a_terminal(
    run_cli: Run, tmp_path: Path
) -> None:
    done = run_cli("export", "--format", "parquet", "--out", str(tmp_path))
    assert done.returncode == 0 and done.stderr == ""
