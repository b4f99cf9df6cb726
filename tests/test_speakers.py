"""A speaker's state (resolved, anonymous, unresolved), one rule in the core, and how ``show``
and ``stats`` display and count speakers by it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from quotes import Article, Quote, Speaker, load
from quotes.cli import main
from quotes.show import render as show
from quotes.stats import ArticlesNeeded, count, render

QUOTE_LINES = (DATA / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
ARTICLE_LINE = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]


def speaker(**fields: Any) -> Speaker:
    empty = {"name": None, "description": None, "type": "unknown", "members": []}
    record = {**empty, "wikidata": None, "mention": None, "evidence": None, **fields}
    return Speaker.model_validate(record)


def mention(text: str) -> dict[str, Any]:
    return {"text": text, "start": 0, "end": len(text)}


@pytest.mark.parametrize(
    ("fields", "state", "label"),
    [
        ({"name": "Jane Doe", "type": "person"}, "resolved", "Jane Doe"),
        ({"name": "NATO", "type": "organization"}, "resolved", "NATO"),
        # a source's name for an unknown-type speaker (citron's coreferent) is still a name
        ({"name": "Michael Flynn", "mention": mention("he")}, "resolved", "Michael Flynn"),
        ({"type": "group", "members": ["A", "B", "C"]}, "resolved", "A, B and C"),
        ({"type": "group", "members": ["A", "B"]}, "resolved", "A and B"),
        (
            {"type": "anonymous", "description": "a NATO official"},
            "anonymous",
            "anonymous: a NATO official",
        ),
        ({"type": "group", "mention": mention("analysts")}, "anonymous", "anonymous: “analysts”"),
        ({"type": "person"}, "anonymous", "anonymous"),
        (
            {"mention": mention("Retired Lt. Gen.\nMichael  Flynn")},
            "unresolved",
            "unresolved: “Retired Lt. Gen. Michael Flynn”",
        ),
        ({}, "unresolved", "unresolved"),
    ],
)
def test_the_state_and_label_follow_one_rule(
    fields: dict[str, Any], state: str, label: str
) -> None:
    s = speaker(**fields)
    assert (s.state, s.label) == (state, label)


def test_the_state_is_derived_not_stored() -> None:
    record = json.loads(QUOTE_LINES[0])["speaker"]
    assert set(speaker(**record).model_dump()) == set(record)


def quote(n: int, who: Speaker, article_id: str = "900") -> Quote:
    record = json.loads(QUOTE_LINES[n % len(QUOTE_LINES)])
    start = record["spans"][0][0]
    record.update(
        id=f"{article_id}-{start}", article_id=article_id, speaker=who.model_dump(mode="json")
    )
    return Quote.model_validate_json(json.dumps(record))


HE, HE_CAPITAL, SHE = (speaker(mention=mention(m)) for m in ("he", "He", "she"))
MIXED = [quote(0, HE), quote(1, HE_CAPITAL), quote(2, HE), quote(3, SHE)]


def test_stats_counts_an_unresolved_mention_case_aside_under_its_commonest_form() -> None:
    assert count(MIXED, ["speaker"])["speaker"] == {
        "unresolved: “he”": 3,
        "unresolved: “she”": 1,
    }
    # case is kept apart where it may tell names apart
    named = [quote(0, speaker(name="Al Roe")), quote(1, speaker(name="AL ROE"))]
    assert count(named, ["speaker"])["speaker"] == {"Al Roe": 1, "AL ROE": 1}


def test_top_keeps_the_most_frequent_rows_and_says_how_many_more() -> None:
    out = render(MIXED, ["speaker", "kind"], top=1)
    assert "      3  unresolved: “he”\n  (1 more)\n" in out
    assert out.endswith("      2  indirect\n  (2 more)\n")  # direct and mixed: once each
    assert "unresolved: “she”" not in out
    assert render(MIXED, ["speaker"], top=2) == render(MIXED, ["speaker"])


def articles_with_splits() -> dict[str, Article]:
    base = json.loads(ARTICLE_LINE)
    source = {"corpus": "polnear", "file": "x", "record": None, "annotator": None}
    source |= {"label": None, "candidates": [], "notes": []}
    out = {}
    for article_id, split in (("900", "train"), ("901", "test"), ("902", None)):
        record = {**base, "id": article_id, "source": {**source, "split": split}}
        out[article_id] = Article.model_validate_json(json.dumps(record))
    return out


def test_stats_by_split_takes_each_quotes_article_split() -> None:
    quotes = [quote(0, HE), quote(1, HE), quote(2, HE, "901"), quote(3, HE, "902")]
    counts = count(quotes, ["split"], articles=articles_with_splits())
    assert counts["split"] == {"train": 2, "test": 1, "none": 1}
    with pytest.raises(ArticlesNeeded):
        count(quotes, ["split"])
    with pytest.raises(ArticlesNeeded, match="'902'"):
        count(
            quotes,
            ["split"],
            articles={k: a for k, a in articles_with_splits().items() if k != "902"},
        )


def test_stats_command_by_split_and_top(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quotes_file, articles_file = tmp_path / "quotes.jsonl", tmp_path / "articles.jsonl"
    quotes = [quote(0, HE), quote(1, HE_CAPITAL), quote(2, SHE, "901")]
    quotes_file.write_text("".join(q.model_dump_json() + "\n" for q in quotes))
    articles = articles_with_splits().values()
    articles_file.write_text("".join(a.model_dump_json() + "\n" for a in articles))
    args = ["stats", str(quotes_file), "--by", "split", "--by", "speaker", "--top", "1"]
    assert main([*args, "--articles", str(articles_file)]) == 0
    out = capsys.readouterr().out
    assert "by split" in out and "      2  train\n  (1 more)\n" in out
    assert "\n      2  unresolved: “he”\n  (1 more)\n" in out
    assert main(args) == 2
    assert "give the articles file with --articles" in capsys.readouterr().err


def test_show_heads_a_quote_with_its_speakers_label() -> None:
    corpus = load(DATA / "quotes.jsonl", DATA / "articles.jsonl")
    first = corpus.quotes[0]
    anonymous = speaker(type="anonymous", description="an aide", mention=mention("an aide"))
    cases = [
        (first, "  Kari Holm, Foreign Minister  "),
        (first.model_copy(update={"speaker": HE}), "  unresolved: “he”  "),
        (first.model_copy(update={"speaker": anonymous}), "  anonymous: an aide  "),
    ]
    for q, header in cases:
        assert header in show(corpus, [q]).splitlines()[0]
