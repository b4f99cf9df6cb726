"""quotes.core.kinds: the counts of letters and digits and the kind they give equal the rule's
plain statement (a letter or digit is what the pattern ``[^\\W_]`` matches, counted by
``findall`` within each span) on any text and any spans, ASCII or not."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from quotes.core import kinds

LETTER = re.compile(r"[^\W_]")


def reference_letters(text: str, spans: list[tuple[int, int]]) -> int:
    return sum(len(LETTER.findall(text, s, e)) for s, e in spans)


def reference_kind(text: str, spans: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> str:
    if not quoted:
        return "indirect"
    held = reference_letters(text, kinds.inside(quoted, spans))
    return "direct" if held == reference_letters(text, spans) else "mixed"


texts = st.text(st.sampled_from("ab Z9_-,.'\"\u00e9\u0301\u4e2d\u0663\U0001d7d8\t\n")) | st.text()
offsets = st.integers(-3, 40)
span_lists = st.lists(st.tuples(offsets, offsets), max_size=4)


def ordered(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order and not overlapping, as a quote's are."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((max(s, 0), max(e, 0)) for s, e in spans):
        if s < e and (not out or s >= out[-1][1]):
            out.append((s, e))
    return out


@given(texts, span_lists)
def test_letters_count_what_the_pattern_finds(text: str, spans: list[tuple[int, int]]) -> None:
    assert kinds.letters(text, spans) == reference_letters(text, spans)


@given(texts, span_lists, span_lists)
def test_kind_is_the_rule_s(
    text: str, spans: list[tuple[int, int]], quoted: list[tuple[int, int]]
) -> None:
    content, parts = ordered(spans), ordered(quoted)
    assert kinds.kind_from(text, content, parts) == reference_kind(text, content, parts)
    # quoted parts that are the content itself: direct
    assert kinds.kind_from(text, content, content) == reference_kind(text, content, content)


def test_a_quote_partly_quoted_is_mixed_and_punctuation_outside_does_not_count() -> None:
    text = 'He said "yes" today, "no" never.'
    spans = [(3, 13)]
    assert kinds.kind_from(text, spans, [(8, 13)]) == "mixed"
    assert kinds.kind_from(text, [(8, 14)], [(8, 13)]) == "direct"  # a space and a mark beside
