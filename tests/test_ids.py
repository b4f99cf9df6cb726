"""The id rules, written once in quotes.core.ids: the quote id, and the article id of a file
name or of a source's own name; Croissant reads both back with the regexes written beside them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes import load
from quotes.core.ids import (
    ARTICLE_ID,
    FILE_ARTICLE_ID,
    QUOTE_ID_ARTICLE,
    article_id_for,
    article_key,
    quote_id,
)
from quotes.publish.croissant import DERIVED

article_ids = st.from_regex(r"[A-Za-z0-9_.-]{0,6}[A-Za-z0-9][A-Za-z0-9_.-]{0,6}", fullmatch=True)


def test_a_quote_id_is_its_article_id_and_first_start() -> None:
    assert quote_id("000", 1234) == "000-1234"
    corpus = load()
    assert all(q.id == quote_id(q.article_id, q.spans[0][0]) for q in corpus.quotes)


@given(article_ids, st.integers(min_value=0, max_value=2**31 - 1))
def test_croissant_reads_the_article_id_back_from_a_quote_id(article_id: str, start: int) -> None:
    assert DERIVED["quotes/article_id"][1] == QUOTE_ID_ARTICLE
    found = re.match(QUOTE_ID_ARTICLE, quote_id(article_id, start))
    assert found is not None and found.group(1) == article_id


@given(article_ids, st.from_regex(r"\.[A-Za-z0-9]{1,4}", fullmatch=True))
def test_croissant_reads_the_article_id_of_a_file_name_as_article_id_for(
    article_id: str, suffix: str
) -> None:
    name = f"{article_id}{suffix}"
    found = re.match(FILE_ARTICLE_ID, name)
    assert DERIVED["articles/id"][1] == FILE_ARTICLE_ID
    assert found is not None and found.group(1) == article_id_for(name) == article_id


@given(st.text(max_size=20))
def test_an_importer_s_article_key_is_a_valid_id_or_none(name: str) -> None:
    key = article_key(name)
    assert (key is None) == (re.search(r"[A-Za-z0-9]", name) is None)
    if key is not None:
        assert ARTICLE_ID.fullmatch(key) and len(key) == len(name)
    if ARTICLE_ID.fullmatch(name):
        assert key == name


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("000_49a0f48f2e7f7fe1.txt", "000_49a0f48f2e7f7fe1"),
        ("valdoria-budget.txt", "valdoria-budget"),
        ("valdoria_budget.txt", "valdoria_budget"),
        ("huff-post_2016-10-10_a.txt", "huff-post_2016-10-10_a"),
        ("dir/report.v2.txt", "report.v2"),
        ("story", "story"),
        ("Budget 2024 (final).txt", "Budget.2024..final."),
        ("Käse.txt", "K.se"),
    ],
)
def test_a_file_gives_its_whole_stem_as_id(name: str, key: str) -> None:
    assert article_id_for(name) == key


def test_a_file_and_a_source_name_follow_one_rule() -> None:
    for stem in ["nyt_2016-03-21_x", "a b", "Käse", "x:y"]:
        assert article_id_for(f"{stem}.txt") == article_key(stem)


@pytest.mark.parametrize("name", ["!!.txt", "_.txt", "-.txt", "..txt"])
def test_a_file_name_without_letter_or_digit_gives_no_id(name: str) -> None:
    with pytest.raises(ValueError, match="rename the file"):
        article_id_for(name)


def test_an_importer_keeps_the_source_s_name_where_it_can() -> None:
    assert article_key("nyt_2016-03-21_x") == "nyt_2016-03-21_x"
    assert article_key("nyt 2016/03") == "nyt.2016.03"
    assert article_key("--") is None
