"""One checking pipeline: validate (on one core and on two), load, import and evaluate with
articles give the same problems, with the same types, fields and hints, for the same input.

The input is one articles file and one quotes file holding every kind of problem a user can
make. Each path reports what it can meet: ``import`` writes only records its reader built
through the models (so no record-level problem) and leaves out, as lost, a repeated article and
a quote whose article it did not write; ``evaluate`` checks the quotes files against articles
it read beforehand.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import DATA, run_in_process

from quotes import RecordError, Report, load, validate
from quotes.cli.errors import with_flags
from quotes.core.models import Article, Quote
from quotes.core.problems import Problem
from quotes.engine.check import Checker
from quotes.evaluate import checked_quotes, unfit
from quotes.formats import ImportFailed, ImportResult, import_corpus
from quotes.io.jsonl import parse_line, read

ARTICLE = json.loads((DATA / "articles.jsonl").read_text(encoding="utf-8"))
QUOTES = [json.loads(line) for line in (DATA / "quotes.jsonl").read_text().splitlines()]


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def article(article_id: str, **changes: Any) -> str:
    """The test article under another id (its text, so its quotes, unchanged)."""
    return dumps({**ARTICLE, "id": article_id, "file": f"{article_id}_synthetic.txt", **changes})


def quote(base: int, article_id: str = "900", **changes: Any) -> str:
    """Test quote ``base`` of article ``article_id`` (its id following the id rule, unless
    changed)."""
    record = {**QUOTES[base], "article_id": article_id, **changes}
    if "id" not in changes:
        record["id"] = f"{article_id}-{record['spans'][0][0]}"
    return dumps(record)


def records(lines: Sequence[str], model: type[Any]) -> list[tuple[int, Any]]:
    """``(line number, record)`` of the lines that are valid ``model`` records."""
    parsed = [(n, parse_line(line.encode(), model)) for n, line in enumerate(lines, start=1)]
    return [(n, r) for n, r in parsed if not isinstance(r, list)]


ARTICLE_LINES = [
    article("900"),
    *(article(f"90{n}") for n in range(1, 10)),
    article("900"),  # duplicate-id (an article)
    article("910", extra=1),  # unknown-field
]
QUOTE_LINES = [
    quote(0),  # right
    '{"id": "900-1",',  # invalid-json
    quote(1, "901", extra=1),  # unknown-field
    quote(1, "901", spans=[[222, 192]]),  # bad-span
    quote(1, "901", id="901-1"),  # id-rule
    quote(1, "902", cue={"text": "says", "start": 187, "end": 191}),  # text-mismatch
    quote(1, "903", quote="the talks would resume in July"),  # quote-mismatch
    quote(2, "904", region="sidebar"),  # region-mismatch
    quote(2, "905", date="2020-06-02"),  # date-mismatch
    quote(2, "906", outlet="Elsewhere"),  # outlet-mismatch
    quote(1, "999"),  # unknown-article
    quote(0),  # duplicate-id (a quote)
    quote(3, "907", spans=[[340, 372]], quote=QUOTES[3]["quote"]),  # span-out-of-range
    quote(3, "908"),  # right
]
EVERY_KIND = {
    "invalid-json",
    "unknown-field",
    "bad-span",
    "id-rule",
    "duplicate-id",
    "text-mismatch",
    "quote-mismatch",
    "region-mismatch",
    "date-mismatch",
    "outlet-mismatch",
    "unknown-article",
    "span-out-of-range",
}


def write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> SimpleNamespace:
    articles = write(tmp_path / "articles.jsonl", ARTICLE_LINES)
    clean = write(tmp_path / "clean-articles.jsonl", ARTICLE_LINES[:10])
    return SimpleNamespace(
        articles=articles, clean=clean, quotes=write(tmp_path / "quotes.jsonl", QUOTE_LINES)
    )


def in_file(report: Report, path: Path) -> list[Problem]:
    return [p for p in report.problems if p.path == str(path)]


def two_processes(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Report]:
    """validate on two processes, the quotes file cut into several tasks so both take some."""
    from quotes.engine.parallel import planning

    monkeypatch.setattr(planning, "CHUNK_BYTES", 1500)
    return lambda *args, **kw: validate(*args, jobs=2, **kw)


def test_the_input_holds_every_kind_of_problem(files: SimpleNamespace) -> None:
    report = validate(files.quotes, articles=files.articles, jobs=1)
    assert {p.type for p in report.problems} == EVERY_KIND
    duplicated = [p.message for p in report.problems if p.type == "duplicate-id"]
    assert duplicated == [
        "article id '900' appears twice; ids must be unique across files",
        "quote id '900-101' appears twice; ids must be unique across files",
    ]
    # every quote line but the two right ones has a problem, and no line more than one
    assert [p.line for p in in_file(report, files.quotes)] == list(range(2, len(QUOTE_LINES)))


def test_validate_on_one_and_two_processes_gives_the_same_report(
    files: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = validate(files.quotes, articles=files.articles, jobs=1)
    two = two_processes(monkeypatch)(files.quotes, articles=files.articles)
    assert one.to_dict() == two.to_dict()
    assert (one.quotes, one.articles, one.corpus_level) == (2, 10, True)


def test_both_engines_word_a_repeated_article_alike(
    files: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = write(tmp_path / "again.jsonl", [ARTICLE_LINES[0]])
    # in an article file, the checker finds it; among quotes, the parallel engine does
    (by_checker,) = in_file(validate(files.quotes, articles=[files.clean, again]), again)
    mixed = write(tmp_path / "mixed.jsonl", [QUOTE_LINES[0], ARTICLE_LINES[0]])
    one = validate([files.clean, mixed], jobs=1)  # each file's kind detected: no articles apart
    two = two_processes(monkeypatch)([files.clean, mixed])
    assert (
        one.problems == two.problems == [dataclasses.replace(by_checker, path=str(mixed), line=2)]
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_given_articles_apart_an_article_among_the_quotes_is_a_wrong_record(
    files: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    articles_only = write(tmp_path / "more-articles.jsonl", ARTICLE_LINES[10:11])
    mixed = write(tmp_path / "mixed.jsonl", [QUOTE_LINES[0], ARTICLE_LINES[0]])
    run = two_processes(monkeypatch) if jobs == 2 else validate
    report = run([articles_only, mixed], articles=files.clean)
    assert not report.ok
    assert [(p.path, p.line, p.type) for p in report.problems] == [
        (str(articles_only), 1, "wrong-record"),
        (str(mixed), 2, "wrong-record"),
    ]
    assert report.problems[0].message == (
        "this is an article record, but the file was read as quotes; pass article files as articles"
    )
    assert (report.quotes, report.articles) == (1, 10)  # the articles given apart
    assert validate(articles_only).ok  # alone, a file of articles is checked as articles


@pytest.mark.parametrize("max_errors", [None, 1, 2, 3, 7, 13, 14])
def test_the_checker_alone_reports_as_validate_does(
    files: SimpleNamespace, max_errors: int | None
) -> None:
    checker = Checker(max_errors=max_errors)
    checker.read(files.articles, Article)
    if not checker.stopped:
        checker.read(files.quotes, Quote)
    report = validate(files.quotes, articles=files.articles, max_errors=max_errors, jobs=1)
    # problems, counts, files read and where the report stops
    assert {**checker.report.to_dict(), "corpus_level": None} == {
        **report.to_dict(),
        "corpus_level": None,
    }


def test_load_raises_the_problem_validate_lists_first(files: SimpleNamespace) -> None:
    report = validate(files.quotes, articles=files.articles, jobs=1)
    with pytest.raises(RecordError) as raised:
        load(files.quotes, files.articles)
    assert raised.value.problem == report.problems[0]
    assert report.problems[0].path == str(files.articles)  # articles are read first


def test_load_raises_each_kind_as_validate_reports_it(
    files: SimpleNamespace, tmp_path: Path
) -> None:
    whole = validate(files.quotes, articles=files.clean, jobs=1)
    for number, line in enumerate(QUOTE_LINES[1:-1], start=2):
        alone = write(tmp_path / f"line-{number}.jsonl", [QUOTE_LINES[0], line])
        expected = validate(alone, articles=files.clean, jobs=1).problems
        assert [dataclasses.replace(p, path="", line=0) for p in expected] == [
            dataclasses.replace(p, path="", line=0) for p in whole.problems if p.line == number
        ]
        with pytest.raises(RecordError) as raised:
            load(alone, files.clean)
        assert raised.value.problem == expected[0]


class _Reader:
    """An import format that reads the test files as one batch: the lines that are records (a
    reader builds records through the models)."""

    def iter_batches(self, sources: Sequence[Path]) -> Iterator[ImportResult]:
        articles = [r for _, r in records(ARTICLE_LINES, Article)]
        yield ImportResult(articles, [r for _, r in records(QUOTE_LINES, Quote)])

    def total_bytes(self, sources: Sequence[Path]) -> int | None:
        return None


def test_import_reports_what_validate_reports_on_the_lines_it_writes(
    files: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotes.formats

    monkeypatch.setattr(quotes.formats, "reader", lambda name: _Reader())
    out = tmp_path / "out"
    with pytest.raises(ImportFailed) as raised:
        import_corpus("fixture", [files.quotes], out)
    imported = raised.value.report
    assert not out.exists()  # nothing was written
    assert imported.files == [str(out / "articles.jsonl"), str(out / "quotes.jsonl")]
    # the quote lines it writes: records of an article it wrote (not 999), numbered as written
    lines = [n for n, r in records(QUOTE_LINES, Quote) if r.article_id != "999"]
    written = {line: number for number, line in enumerate(lines, start=1)}
    report = validate(files.quotes, articles=files.articles, jobs=1)
    expected = [
        dataclasses.replace(p, path=str(out / "quotes.jsonl"), line=written[p.line])
        for p in in_file(report, files.quotes)
        if p.line in written
    ]
    assert imported.problems == expected
    assert {p.type for p in expected} == EVERY_KIND - {
        "invalid-json",
        "unknown-field",
        "bad-span",
        "id-rule",
        "unknown-article",  # its quote is left out with the article, counted as lost
    }
    assert (imported.quotes, imported.articles, imported.corpus_level) == (2, 10, True)


def test_evaluate_with_articles_reports_what_validate_reports(files: SimpleNamespace) -> None:
    report = validate(files.quotes, articles=files.clean, jobs=1)
    articles = {a.id: a for a in read(files.clean, Article)}
    kept, checked = checked_quotes(files.quotes, articles)
    assert checked.problems == report.problems
    assert (checked.quotes, checked.corpus_level) == (2, True)
    assert [q.id for q in kept] == ["900-101", "908-330"]
    # from memory: the lines that are records, with their numbers
    numbered = records(QUOTE_LINES, Quote)
    found = [p for _, p in unfit({str(files.quotes): numbered}, articles)]
    assert found == [p for p in report.problems if p.line in dict(numbered)]


def test_the_evaluate_command_prints_the_problems_as_validate_does(
    files: SimpleNamespace, tmp_path: Path
) -> None:
    gold = write(tmp_path / "gold.jsonl", [QUOTE_LINES[0]])
    done = run_in_process("evaluate", str(gold), str(files.quotes), "--articles", str(files.clean))
    report = validate(files.quotes, articles=files.clean, jobs=1)
    assert done.returncode == 1
    # as quotes validate prints them: a hint that a flag answers names the flag
    assert done.stderr.splitlines() == [
        f"quotes evaluate: {with_flags(p)}" for p in report.problems
    ]


def test_duplicate_keys_among_many_spaced_lines_are_found_at_their_lines(tmp_path: Path) -> None:
    # Lines are proven free of duplicate keys a block at a time; the report is line by line.
    records = [q.model_dump(mode="json") for q in load().quotes]
    lines = []
    for i in range(600):
        record = {**records[i % len(records)]}
        record["article_id"] += f"x{i}"
        record["id"] = f"{record['article_id']}-{record['spans'][0][0]}"
        lines.append(json.dumps(record, ensure_ascii=i % 2 == 0))  # escaped, and not
    twice = {299: lines[299], 300: lines[300], 599: lines[599]}
    for i, line in twice.items():
        lines[i] = line.replace('"kind": ', '"kind": "mixed", "kind": ', 1)
    path = tmp_path / "spaced.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in (1, 2):
        report = validate(path, jobs=jobs)
        assert [(p.type, p.line) for p in report.problems] == [
            ("duplicate-key", i + 1) for i in twice
        ]
