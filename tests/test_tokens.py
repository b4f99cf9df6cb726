"""The token rule, written once in quotes.core.tokens: the tokens ``quotes evaluate`` counts in a
quote are the tokens BIO export tags as its content."""

from __future__ import annotations

from quotes import load
from quotes.core.tokens import tokenize
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
