"""The learned extractor's view of an article: one token sequence per paragraph, each token with
its features (the strings the CRF of :mod:`.learned` weighs).

Tokens are the one tokeniser's (:func:`quotes.core.tokens.tokenize`), over the paragraphs the
rules read (:func:`.matcher.paragraphs_in`: headlines, datelines and furniture left out). A
token's features: its lower-cased word, shape and suffix; whether it stands inside quotation
marks (:func:`quotes.core.marks.quoted_regions`) or is one; whether it is a reporting verb of
:data:`.verbs.CUE_VERBS`; where it stands in its sentence and paragraph; the rules' own proposal
for it (:func:`.merge.extract_patterns`: inside a proposed content of some kind, speaker
mention or cue); and the same of its neighbours. Beyond the window (:func:`_add_reach`): how far
the nearest reporting verb of its sentence stands before and after it, the verb a reporting
verb is a form of, the words three away and the word pairs on either side. :data:`FEATURE_SET`
names this list: a model records it, and refuses features of another version.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.core import marks as core_marks
from quotes.core.models import Article, Quote
from quotes.core.tokens import tokenize
from quotes.extract.matcher import allowed, paragraphs_in
from quotes.extract.merge import extract_patterns
from quotes.extract.text import marks, sentences
from quotes.extract.verbs import CUE_VERBS, VERBS

__all__ = ["FEATURE_SET", "Paragraph", "Reading", "read_article"]

FEATURE_SET = 2
"""The version of the features below: raise it whenever a feature changes (a model trained on
other features would read nonsense)."""

_NEIGHBOURS = (-2, -1, 1, 2)
_FAMILY = {form: name for name, verb in VERBS.items() for form in verb.forms}
"""Each reporting verb's form, to the verb it is a form of (``said`` to ``say``)."""
_QUOTE_CHARS = frozenset(core_marks.PLAIN) | core_marks.SINGLE_OPENING | core_marks.SINGLE_CLOSING


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as a token sequence."""

    start: int
    end: int
    tokens: list[tuple[int, int]]
    """``(start, end)`` of each token, in the article's offsets."""
    sentences: list[int]
    """The index of each token's sentence in the paragraph."""
    features: list[list[str]]
    """Each token's features."""


@dataclass(frozen=True)
class Reading:
    """An article read for the learned extractor."""

    article: Article
    paragraphs: list[Paragraph]
    regions: list[tuple[int, int]]
    """The stretches inside double quotation marks (:func:`quotes.core.marks.quoted_regions`)."""
    masked: set[int]
    """Offsets inside quotation marks as the rules read them (names there are not speakers)."""
    proposed: list[Quote]
    """The rules' records for the article (:func:`.merge.extract`)."""


def read_article(article: Article) -> Reading:
    """The article's paragraphs as token sequences with their features."""
    text = article.text
    regions = core_marks.quoted_regions(text)
    by_rules = [q for q, _ in extract_patterns(article)]
    proposed = _proposals(text, by_rules)
    paragraphs: list[Paragraph] = []
    masked: set[int] = set()
    for index, (start, end) in enumerate(paragraphs_in(text, allowed(article))):
        found = marks(text, start, end)
        for m in found:
            masked |= set(m.covered)
        tokens = tokenize(text, start, end)
        if not tokens:
            continue
        which = _sentence_of(tokens, sentences(text, start, end, found))
        local = [_token_features(text, t, regions, proposed) for t in tokens]
        features = _with_context(local, which, index)
        _add_reach(features, [text[s:e].lower() for s, e in tokens], which)
        paragraphs.append(Paragraph(start, end, tokens, which, features))
    return Reading(article, paragraphs, regions, masked, by_rules)


def _proposals(text: str, quotes: Sequence[Quote]) -> dict[int, str]:
    """What the rules proposed at each offset: ``c-<kind>``, ``s`` (speaker mention) or ``q``
    (cue), with ``B``/``I`` for the first offset of a span or another; content first."""
    at: dict[int, str] = {}

    def mark(start: int, end: int, label: str) -> None:
        for i in range(start, end):
            at.setdefault(i, f"{label}:{'B' if i == start else 'I'}")

    for q in quotes:
        for s, e in q.spans:
            mark(s, e, f"c-{q.kind}")
    for q in quotes:
        if q.speaker.mention is not None:
            mark(q.speaker.mention.start, q.speaker.mention.end, "s")
        if q.cue is not None:
            mark(q.cue.start, q.cue.end, "q")
    return at


def _sentence_of(tokens: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    starts = [s for s, _ in spans]
    return [max(bisect.bisect_right(starts, s) - 1, 0) for s, _ in tokens]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return word[0]
    if word.isupper():
        return "X" if len(word) == 1 else "XX"
    return "Xx" if word[0].isupper() else "x"


def _token_features(
    text: str, token: tuple[int, int], regions: list[tuple[int, int]], proposed: dict[int, str]
) -> list[str]:
    """The features of one token by itself (its neighbours add theirs in :func:`_with_context`)."""
    start, end = token
    word = text[start:end]
    lower = word.lower()
    i = bisect.bisect_right(regions, (start, len(text) + 1)) - 1
    inside = i >= 0 and regions[i][0] <= start < regions[i][1]
    quote = "mark" if word[0] in _QUOTE_CHARS else ("in" if inside else "out")
    features = [f"w={lower}", f"s={_shape(word)}", f"x={lower[-3:]}", f"q={quote}"]
    if lower in CUE_VERBS:
        features.append("v")
    rule = proposed.get(start)
    features.append(f"r={rule or 'O'}")
    return features


def _with_context(local: list[list[str]], which: list[int], paragraph: int) -> list[list[str]]:
    """Each token's own features, its place (in sentence and paragraph) and its neighbours'
    word, shape, quotation state, verb flag and rule proposal."""
    n = len(local)
    result = []
    for i, own in enumerate(local):
        first = i == 0 or which[i - 1] != which[i]
        last = i == n - 1 or which[i + 1] != which[i]
        features = ["b", *own, f"p={min(paragraph, 5)}", f"si={min(which[i], 3)}"]
        features += ["sf"] if first else []
        features += ["sl"] if last else []
        for offset in _NEIGHBOURS:
            j = i + offset
            if not 0 <= j < n:
                features.append(f"{offset}:edge")
                continue
            features += [f"{offset}:{f}" for f in local[j] if not f.startswith("x=")]
        result.append(features)
    return result


_REACH = ((1, "1"), (2, "2"), (3, "3"), (6, "6"), (12, "12"))
"""Distance buckets (at most so many tokens) of :func:`_add_reach`; farther is ``far``."""


def _bucket(distance: int) -> str:
    return next((name for most, name in _REACH if distance <= most), "far")


def _add_reach(features: list[list[str]], words: list[str], which: list[int]) -> None:
    """Add to each token's features what lies beyond its window: how far the nearest reporting
    verb of its sentence stands before and after it (a source ends where its verb begins, a
    content starts after it), the verb family of a reporting verb, the words three away and
    the word pairs on either side (``said that``, ``according to``)."""
    verbs = [i for i, w in enumerate(words) if w in _FAMILY]
    n = len(words)
    for i, own in enumerate(features):
        before = [j for j in verbs if j < i and which[j] == which[i]]
        after = [j for j in verbs if j > i and which[j] == which[i]]
        own.append(f"vb={_bucket(i - before[-1]) if before else 'none'}")
        own.append(f"va={_bucket(after[0] - i) if after else 'none'}")
        if words[i] in _FAMILY:
            own.append(f"vf={_FAMILY[words[i]]}")
        own.append(f"-3:w={words[i - 3]}" if i >= 3 else "-3:edge")
        own.append(f"3:w={words[i + 3]}" if i + 3 < n else "3:edge")
        if i > 0:
            own.append(f"-1|0={words[i - 1]}|{words[i]}")
        if i + 1 < n:
            own.append(f"0|1={words[i]}|{words[i + 1]}")
