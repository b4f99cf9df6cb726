"""validate(): a report of every problem, record level and corpus level, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA

from quotes import PROBLEM_TYPES, check_quote, load, read, validate

LINES = (DATA / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
ARTICLES = DATA / "articles.jsonl"


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_validate_without_arguments_checks_the_bundled_dataset() -> None:
    report = validate()
    assert report.ok and report.corpus_level
    assert report.quotes == len(load().quotes)
    assert sum(report.kinds.values()) == report.quotes
    assert report.summary().startswith("ok: ")


def test_all_problems_are_reported_in_one_run_in_line_order(tmp_path: Path) -> None:
    bad = [LINES[0], "{", LINES[1].replace('"kind":"indirect"', '"kind":"x"'), "[]", LINES[2]]
    report = validate([write_lines(tmp_path / "q.jsonl", bad)], articles=[ARTICLES])
    assert [(p.line, p.type) for p in report.problems] == [
        (2, "invalid-json"),
        (3, "invalid-value"),
        (4, "not-an-object"),
    ]
    assert report.quotes == 2 and not report.ok


def test_max_errors_caps_the_report(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", ["{"] * 10)
    report = validate([path], max_errors=3)
    assert len(report.problems) == 3 and report.truncated
    assert len(validate([path]).problems) == 10


def test_problem_types_are_stable_names_with_descriptions(tmp_path: Path) -> None:
    bad = [LINES[0].replace('"date":"2020-06-01"', '"date":"2010-02-30"'), "x", LINES[0]]
    report = validate([write_lines(tmp_path / "q.jsonl", bad)], articles=[ARTICLES])
    assert report.problems
    assert all(p.type in PROBLEM_TYPES for p in report.problems)


def test_quotes_alone_are_checked_at_record_level_only(tmp_path: Path) -> None:
    wrong_text = LINES[1].replace("resume in June", "resume in July")
    path = write_lines(tmp_path / "q.jsonl", [wrong_text])
    alone = validate([path])
    assert alone.ok and not alone.corpus_level
    against = validate([path], articles=[ARTICLES])
    assert [p.type for p in against.problems] == ["quote-mismatch"]


def test_articles_given_as_positional_paths_are_used_for_corpus_checks(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", LINES)
    report = validate([path, ARTICLES])
    assert report.ok and report.corpus_level and report.articles == 1


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write_lines(tmp_path / "a.jsonl", LINES[:2])
    b = write_lines(tmp_path / "b.jsonl", LINES[1:3])
    report = validate([a, b], articles=[ARTICLES])
    assert [(Path(p.path).name, p.line, p.type) for p in report.problems] == [
        ("b.jsonl", 1, "duplicate-id")
    ]


def test_corrupted_article_text_is_caught_by_its_sha256(tmp_path: Path) -> None:
    record = json.loads(ARTICLES.read_text())
    record["text"] = record["text"].replace("Oslo", "Olso")
    path = write_lines(tmp_path / "a.jsonl", [json.dumps(record, ensure_ascii=False)])
    report = validate([write_lines(tmp_path / "q.jsonl", LINES)], articles=[path])
    types = [p.type for p in report.problems]
    assert types[0] == "sha256-mismatch"
    assert "unknown-article" in types  # its quotes cannot be checked against it


def test_check_quote_is_the_corpus_level_check() -> None:
    article = next(read(ARTICLES))
    quotes = list(read(DATA / "quotes.jsonl"))
    assert all(check_quote(q, article) == [] for q in quotes)  # type: ignore[arg-type]
    shifted = quotes[1].model_copy(update={"outlet": "Elsewhere"})
    assert [p.type for p in check_quote(shifted, article)] == ["outlet-mismatch"]  # type: ignore[arg-type]


def test_bad_arguments_raise_value_error_instead_of_a_wrong_report(tmp_path: Path) -> None:
    import pytest

    path = write_lines(tmp_path / "q.jsonl", ["{"] * 3)
    for kwargs in ({"max_errors": 0}, {"jobs": 0}):
        with pytest.raises(ValueError):
            validate([path], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only once"):
        validate(["-", "-"])


def test_a_single_path_may_be_given_as_a_string(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", LINES)
    report = validate(str(path), articles=str(ARTICLES))
    assert report.ok and report.files == [str(ARTICLES), str(path)]


def test_unreadable_articles_do_not_cascade_into_unknown_articles(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", LINES)
    report = validate([path], articles=[tmp_path / "missing.jsonl"])
    assert [p.type for p in report.problems] == ["unreadable-file"]
    assert not report.corpus_level and report.quotes == len(LINES)


def test_articles_passed_as_quotes_are_named_as_such(tmp_path: Path) -> None:
    report = validate([DATA / "quotes.jsonl"], articles=[DATA / "quotes.jsonl"])
    assert {p.type for p in report.problems if p.path.endswith("quotes.jsonl")} >= {"wrong-record"}


def test_validate_without_paths_passes_progress_and_engine_on() -> None:
    from typing import Any, cast

    from quotes.engine.parallel.workers import Engine, PoolEngine
    from quotes.io.progress import Progress

    class Seen:
        lines = 0

        def update(self, nbytes: int, lines: int) -> None:
            self.lines += lines

    made: list[bool] = []

    def engine(articles: Any) -> Engine:
        made.append(articles is not None)
        return PoolEngine(1, articles)

    seen = Seen()
    report = validate(progress=cast(Progress, seen), engine=engine)  # the bundled dataset
    assert report.ok and made == [True]
    assert seen.lines == len(load().quotes)


def test_report_counts_the_quotes_that_passed_every_check(tmp_path: Path) -> None:
    wrong_text = LINES[1].replace("resume in June", "resume in July")
    path = write_lines(tmp_path / "q.jsonl", [LINES[0], wrong_text, LINES[2], LINES[0], "{"])
    at_record_level = validate([path])  # the text is not checked; the repeated id is
    assert (at_record_level.quotes, sum(at_record_level.kinds.values())) == (3, 3)
    against_texts = validate([path], articles=[ARTICLES])
    assert (against_texts.quotes, sum(against_texts.kinds.values())) == (2, 2)
    assert against_texts.summary().startswith("3 problem(s) (1 duplicate-id, 1 invalid-json, ")
    assert ": 2 quotes (" in against_texts.summary()
