"""The quotes command: exit codes, messages, and no tracebacks."""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, Run, quotes_command, require

import quotes
import quotes.formats
import quotes.io.files
import quotes.io.jsonl
from quotes import load, read
from quotes.cli import COMMANDS, main
from quotes.cli.errors import describe
from quotes.export import NoStreamForm
from quotes.extract import MissingDate, TextDiffers
from quotes.formats import SplitNotFound


def test_validate_bundled_data_prints_a_one_line_summary(run_cli: Run) -> None:
    done = run_cli("validate")
    assert done.returncode == 0
    (line,) = done.stdout.splitlines()
    corpus = load()
    assert line.startswith(f"ok: {len(corpus.quotes)} quotes")
    assert f"{len(corpus.articles)} articles" in line


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_ends_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"example: quotes {command}")


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
    ids = {q.id for q in load().quotes}
    headers = [line for line in done.stdout.splitlines() if line.split(" ", 1)[0] in ids]
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


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "-", "-"],
        ["view", "-", "--compare", "-", "--out", "v"],
        ["validate", "-", "--articles", "-"],
        ["show", "-", "--articles", "-"],
        ["export", "-", "--articles", "-", "--format", "jsonl", "--out", "x"],
    ],
)
def test_standard_input_is_read_once_in_every_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _main(capsys, *args)
    assert code == 2 and out == ""
    assert f"quotes {args[0]}: error: standard input (-) can be read only once" in err


def test_a_closed_output_pipe_fails_quietly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{\n" * 20_000)  # far more problems than a pipe buffer holds
    with subprocess.Popen(
        [*quotes_command(), "validate", str(bad), "--max-errors", "0", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        err = process.stderr.read()
        code = process.wait()
    assert code == 141
    assert err == b""


def test_dash_is_standard_output_for_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _main(capsys, "export", "--format", "jsonl", "--out", "-")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [q.id for q in load().quotes]
    code, out, _ = _main(capsys, "export", "--format", "csv", "--out", "-")
    assert code == 0 and out.startswith("id,article_id,kind,quote,spans,speaker_name,")
    story = tmp_path / "005_story.txt"
    story.write_text('"We are ready," Ann Bell said.\n', encoding="utf-8")
    code, out, _ = _main(capsys, "extract", str(story), "--date", "2012-03", "--out", "-")
    assert code == 0 and json.loads(out.splitlines()[0])["article_id"] == "005_story"
    code, _, err = _main(capsys, "view", "--out", "-")
    assert code == 2 and "give a folder" in err
    code, _, err = _main(capsys, "export", "--format", "parquet", "--out", "-")
    assert code == 2 and "give a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["005_story.txt"]  # no file named -


def test_bundled_is_one_word_in_every_command_that_reads_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = load()
    mine = tmp_path / "mine.jsonl"
    quotes.io.jsonl.write(corpus.quotes[:3], mine)
    code, out, _ = _main(capsys, "validate", str(mine), "--articles", "bundled")
    assert code == 0 and out.startswith("ok: 3 quotes") and "checked against article" in out
    code, out, _ = _main(capsys, "validate", "bundled")
    assert code == 0 and out.startswith(f"ok: {len(corpus.quotes)} quotes")
    code, out, _ = _main(capsys, "stats", "bundled", "--by", "kind")
    assert code == 0 and out.startswith(f"{len(corpus.quotes)} quotes")
    code, out, err = _main(capsys, "show", str(mine), "--articles", "bundled")
    assert code == 0 and err == "3 quote(s)\n"
    assert [line.split()[0] for line in out.splitlines() if line and line[0] != " "] == [
        q.id for q in corpus.quotes[:3]
    ]
    code, out, _ = _main(capsys, "evaluate", "bundled", str(mine), "--format", "json")
    assert code == 0 and json.loads(out)["exact"]["all"]["precision"] == 1.0
    out_dir = tmp_path / "out"
    code, _, _ = _main(
        capsys,
        "export",
        str(mine),
        "--articles",
        "bundled",
        "--format",
        "jsonl",
        "--out",
        str(out_dir),
    )
    assert code == 0 and list(read(out_dir / "quotes.jsonl")) == corpus.quotes[:3]


def test_export_checks_the_files_it_is_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = load()
    q = corpus.quotes[0]
    bad = q.model_copy(update={"quote": "X" + q.quote[1:]})
    mine = tmp_path / "mine.jsonl"
    quotes.io.jsonl.write([bad], mine)
    code, _, err = _main(
        capsys, "export", str(mine), "--format", "csv", "--out", str(tmp_path / "o")
    )
    assert code == 1 and f"{mine}:1: " in err and "mismatch]" in err
    assert not (tmp_path / "o").exists()


def test_stats_labels_say_who_and_which_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _main(capsys, "stats", "--by", "speaker", "--by", "year", "--by", "uttered")
    assert code == 0 and "None" not in out
    corpus = load()
    organisations = {q.speaker.name for q in corpus.quotes if q.speaker.type == "organization"}
    for name in organisations:
        assert f"  {name}\n" in out
    unnamed = {q.speaker.description for q in corpus.quotes if q.speaker.state == "anonymous"}
    assert unnamed and all(f"  anonymous: {d}\n" in out for d in unnamed)
    assert "by year (the article's publication year" in out
    uttered = sum(q.uttered is not None and q.uttered.year == 2010 for q in corpus.quotes)
    section = out.split("\nby uttered")[1]
    assert f"{uttered:5d}  2010" in section and "(unknown)" in section


def test_an_existing_file_suggests_force_only_where_it_applies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("mine\n")
    code, _, err = _main(capsys, "export", "--format", "jsonl", "--out", str(a_file))
    assert code == 2 and "not a folder" in err and "--force" not in err
    code, _, err = _main(capsys, "schema", "--write", str(a_file))
    assert code == 2 and "not a folder" in err and "--force" not in err
    (tmp_path / "quote.schema.json").write_text("my own notes\n")
    code, _, err = _main(capsys, "schema", "--write", str(tmp_path))
    assert code == 2 and "quote.schema.json: already exists; --force replaces it" in err
    assert (tmp_path / "quote.schema.json").read_text() == "my own notes\n"
    assert not (tmp_path / "article.schema.json").exists()
    assert _main(capsys, "schema", "--write", str(tmp_path), "--force")[0] == 0
    # a schema written by quotes (even an outdated one) is its own to rewrite
    (tmp_path / "quote.schema.json").write_text(
        (tmp_path / "quote.schema.json").read_text().replace("Quote", "Quote", 1) + " "
    )
    assert _main(capsys, "schema", "--write", str(tmp_path))[0] == 0


def test_an_unwritable_folder_is_named_not_the_temporary_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, prefix: str = "", dir: object = None, **kw: object) -> object:
        raise PermissionError(13, "Permission denied", f"{dir}/{prefix}x1y2z3")

    monkeypatch.setattr(quotes.io.files.tempfile, "mkstemp", refuse)
    monkeypatch.setattr(quotes.io.files.tempfile, "mkdtemp", refuse)
    for args in (
        ["extract", "--out", str(tmp_path / "proposed.jsonl")],
        ["export", "--format", "jsonl", "--out", str(tmp_path)],
    ):
        code, _, err = _main(capsys, *args)
        assert code == 2
        assert "Permission denied" in err and "x1y2z3" not in err, err
        assert str(tmp_path) in err


def test_a_missing_tool_skips_by_hand_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        require(None, "needs a tool")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="needs a tool"):
        require(None, "needs a tool")
    require("/usr/bin/tool", "needs a tool")  # present: runs


# --- the library never names a flag; the command line does ------------------------------------

FLAG = re.compile(r"(?<![\w;{-])(?<!var\()--[a-z][\w-]*")  # not CSS's {--fg:..;--bg:..} var(--fg)


def _library_strings() -> Iterator[tuple[str, int, str]]:
    """Every string literal of the package outside quotes/cli/, but docstrings (``"..."`` as a
    statement) and the strings of a function declaring a command line of its own."""
    package = Path(quotes.__file__).parent
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] == "cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        skip = set(docstrings)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and "ArgumentParser(" in ast.unparse(node):
                skip |= {id(n) for n in ast.walk(node)}
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in skip:
                yield str(path.relative_to(package.parent)), node.lineno, text


def test_no_string_of_the_library_names_a_flag() -> None:
    named = [
        f"{path}:{line}: {FLAG.findall(text)}"
        for path, line, text in _library_strings()
        if FLAG.search(text)
    ]
    assert named == []


def test_the_flag_scan_finds_a_flag_and_passes_css_by() -> None:
    assert FLAG.findall("no --date: give --date (or --articles)") == [
        "--date",
        "--date",
        "--articles",
    ]
    assert FLAG.findall(":root{--direct:#b3d9ff;--fg:#111} mark{color:var(--fg)}") == []


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (
            SplitNotFound(["dev"], Counter(train=1)),
            "train (1 articles); give one of those with --split",
        ),
        (MissingDate([(Path("5_a.txt"), "5")]), "5_a.txt (id '5') and no --date"),
        (TextDiffers(Path("5_a.txt"), "5"), "drop the articles file and give --date"),
        (NoStreamForm("parquet"), "give a folder with --out DIR"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else "",
)
def test_the_command_line_names_the_flag_that_answers_an_error(error: Exception, says: str) -> None:
    (line,), code = describe("quotes x", argparse.Namespace(), error)
    assert code == 2 and says in line
    assert not FLAG.search(str(error))  # the library itself does not


def test_a_problem_a_flag_answers_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _main(capsys, "stats", str(DATA / "articles.jsonl"))  # read as quotes
    assert code == 1
    assert err.endswith("; pass article files as articles (--articles) [wrong-record]\n")
    case = Path(__file__).parent / "golden" / "unknown-article"
    for fmt in ("text", "json"):
        code, out, _ = _main(
            capsys,
            "validate",
            str(case / "input.jsonl"),
            "--articles",
            str(case / "articles.jsonl"),
            "--format",
            fmt,
        )
        assert code == 1 and "add it or pass its file with --articles" in out


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "ARTICLES", "--articles", "bundled"),
        ("validate", "ARTICLES", "--articles", "bundled", "--jobs", "2"),
        ("validate", "-", "--articles", "bundled"),
        ("stats", "ARTICLES"),
        ("show", "ARTICLES"),
        ("evaluate", "ARTICLES", "bundled"),
        ("evaluate", "bundled", "ARTICLES"),
        ("export", "ARTICLES", "--articles", "bundled", "--format", "jsonl", "--out", "-"),
    ],
    ids=lambda args: " ".join(args),
)
def test_an_articles_file_where_quotes_are_expected_is_a_wrong_record(
    run_cli: Run, args: tuple[str, ...]
) -> None:
    articles = str(DATA / "articles.jsonl")
    stdin = (DATA / "articles.jsonl").read_text(encoding="utf-8") if args[1] == "-" else None
    done = run_cli(*(articles if a == "ARTICLES" else a for a in args), stdin=stdin)
    assert done.returncode == 1, done
    assert "this is an article record, but the file was read as quotes" in done.stdout + done.stderr
    assert "[wrong-record]" in done.stdout + done.stderr
    assert run_cli("validate", articles).returncode == 0  # alone, it is checked as articles


@pytest.mark.parametrize("fmt", sorted(quotes.formats.FORMATS))
def test_a_missing_source_is_no_such_file_or_folder_in_every_importer(
    run_cli: Run, tmp_path: Path, fmt: str
) -> None:
    missing = tmp_path / "no-such-checkout"
    (tmp_path / "here").mkdir()
    for sources in ([missing], [tmp_path / "here", missing]):
        done = run_cli("import", fmt, *map(str, sources), "--out", str(tmp_path / "o"))
        assert done.returncode == 2, done
        assert done.stderr == f"quotes import: {missing}: no such file or folder\n"
        assert not (tmp_path / "o").exists()
