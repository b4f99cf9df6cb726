"""The token rule, written once in quotes.core.tokens: the tokens ``quotes evaluate`` counts in a
quote are the tokens BIO export tags as its content."""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes import load
from quotes.core.tokens import MARK_PLANES, tokenize
from quotes.evaluate import tokens
from quotes.formats.bio import tag_article


def test_words_and_single_punctuation_marks_are_tokens() -> None:
    text = 'He said: "Don\'t go, 2 x-rays."'
    assert [text[s:e] for s, e in tokenize(text)] == [
        *("He", "said", ":", '"', "Don", "'", "t", "go", ",", "2", "x", "-", "rays", ".", '"'),
    ]


def test_a_span_s_tokens_never_cross_its_edge() -> None:
    text = "unbelievable"
    assert tokenize(text, 2, 6) == [(2, 6)]
    assert tokenize(text, 2) == [(2, 12)]


def test_evaluation_counts_the_tokens_bio_export_tags_as_content() -> None:
    corpus = load()
    for quote in corpus.quotes:
        article = corpus.article(quote)
        record = tag_article(article, [quote])
        bio = zip(record["starts"], record["ends"], record["tags"], strict=True)
        tagged = [(start, end) for start, end, tag in bio if tag.endswith("-QUOTE")]
        assert tokens(quote, article) == tagged == tokens(quote), quote.id


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),  # Devanagari vowel signs (Mc) and virama (Mn)
        ("Me\u0301xico, Sa\u0303o Paulo.", ["Me\u0301xico", ",", "Sa\u0303o", "Paulo", "."]),
        ("مَرْحَبًا بِكُمْ", ["مَرْحَبًا", "بِكُمْ"]),  # Arabic harakat
        ("שָׁלוֹם עוֹלָם", ["שָׁלוֹם", "עוֹלָם"]),  # Hebrew niqqud
        ("می\u200cخواهم", ["می\u200cخواهم"]),  # noqa: RUF001 (a ZWNJ inside a Persian word)
        ("क्\u200dष", ["क्\u200dष"]),  # a zero width joiner inside a Devanagari word
        ('"a\u20dd"', ['"', "a\u20dd", '"']),  # an enclosing mark (Me)
        ("\u0301a", ["\u0301", "a"]),  # a mark with no base in the text stands alone
    ],
)
def test_a_combining_mark_stays_with_its_base(text: str, words: list[str]) -> None:
    assert [text[s:e] for s, e in tokenize(text)] == words


JOINERS = "\u200c\u200d"
MARKS = st.characters(categories=["Mn", "Mc", "Me"])
TEXT = st.lists(  # joined characters: st.text over this union drew no marks
    st.one_of(
        MARKS,
        st.sampled_from(" \t\n.,'\"-\u200c\u200dab9_हकिमَשׁ"),
        st.characters(codec="utf-8"),
    )
).map("".join)


@given(TEXT)
def test_tokens_never_split_a_base_from_its_marks_and_hold_all_but_white_space(
    text: str,
) -> None:
    spans = tokenize(text)
    assert "".join(text[s:e] for s, e in spans) == "".join(c for c in text if not c.isspace())
    assert all(s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    starts = {s for s, _ in spans}
    for i, char in enumerate(text):
        if unicodedata.category(char)[0] == "M" and i > 0 and not text[i - 1].isspace():
            assert i not in starts, (text, i)  # a mark on a base starts no token
        if char in JOINERS and i > 0 and re.match(r"\w\W\w", text[i - 1 : i + 2]):
            assert not starts & {i, i + 1}, (text, i)  # a joiner inside a word stays inside


@given(TEXT, st.integers(0, 40), st.integers(0, 40))
def test_offsets_are_code_points_into_the_text_and_stay_in_the_span(
    text: str, a: int, b: int
) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    spans = tokenize(text, start, end)
    assert spans == [(s + start, e + start) for s, e in tokenize(text[start:end])]
    assert all(start <= s < e <= end for s, e in spans)


def test_combining_marks_stand_only_in_the_planes_scanned() -> None:
    codes = range(sys.maxunicode + 1)
    planes = {code >> 16 for code in codes if unicodedata.category(chr(code))[0] == "M"}
    assert planes <= set(MARK_PLANES), unicodedata.unidata_version


def test_bio_export_and_evaluation_keep_a_word_with_its_marks_whole() -> None:
    corpus = load()
    first = corpus.quotes[0]
    text = 'He said "हिन्दी भाषा" and "Me\u0301xico".'
    article = corpus.article(first).model_copy(update={"text": text})
    quote = first.model_copy(update={"quote": "हिन्दी भाषा", "spans": [[9, 20]]})
    record = tag_article(article, [quote])
    assert record["tokens"] == [
        *("He", "said", '"', "हिन्दी", "भाषा", '"', "and", '"', "Me\u0301xico", '"', "."),
    ]
    assert record["tags"][3:5] == ["B-QUOTE", "I-QUOTE"]
    assert tokens(quote, article) == tokens(quote) == [(9, 15), (16, 20)]
