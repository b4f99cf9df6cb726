"""The learned extractor's view of an article: one token sequence per paragraph, each token with
its features (the strings the CRF of :mod:`.learned` weighs).

Tokens are the one tokeniser's (:func:`quotes.core.tokens.tokenize`), over the paragraphs the
rules read (:func:`.matcher.paragraphs_in`: headlines, datelines and furniture left out). A
token's features: its lower-cased word, shape and suffix; whether it stands inside quotation
marks (:func:`quotes.core.marks.quoted_regions`) or is one; whether it is a reporting verb of
:data:`.verbs.CUE_VERBS`, by the article's language (:data:`LEXICONS`: German reads
:data:`.verbs.GERMAN_CUE_VERBS`, marks attribution markers and subjunctives too, and adds
sentence-level features, :func:`_with_sentence`); where it stands in its sentence and
paragraph; the rules' own proposal for it (:func:`.merge.extract_patterns`: inside a proposed
content of some kind, speaker mention or cue); and the same of its neighbours. English reads
beyond the window too (:func:`_add_reach`): how far the nearest reporting verb of its
sentence stands before and after it, the verb a reporting verb is a form of, the words three
away and the word pairs on either side. :data:`FEATURE_SET` names this list: a model records
it, and refuses features of another version.
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
from quotes.extract.verbs import (
    CUE_VERBS,
    GERMAN_CUE_VERBS,
    GERMAN_MARKERS,
    GERMAN_SUBJUNCTIVE,
    VERBS,
)

__all__ = ["FEATURE_SET", "LEXICONS", "Lexicon", "Paragraph", "Reading", "lexicon", "read_article"]

FEATURE_SET = 4
"""The version of the features below: raise it whenever a feature changes (a model trained on
other features would read nonsense)."""

_NEIGHBOURS = (-2, -1, 1, 2)
_FAMILY = {form: name for name, verb in VERBS.items() for form in verb.forms}
"""Each reporting verb's form, to the verb it is a form of (``said`` to ``say``)."""
_QUOTE_CHARS = frozenset(core_marks.PLAIN) | core_marks.SINGLE_OPENING | core_marks.SINGLE_CLOSING


@dataclass(frozen=True)
class Lexicon:
    """The words of one language the features know (lower case)."""

    cue_verbs: frozenset[str]
    """Forms of reporting verbs (feature ``v``)."""
    markers: frozenset[str] = frozenset()
    """Words marking an attribution without a reporting verb (feature ``m``)."""
    subjunctive: frozenset[str] = frozenset()
    """Verb forms of reported speech (feature ``kj``)."""
    sentence_level: bool = False
    """Whether each token also carries its sentence's: a reporting verb, a marker, a
    subjunctive in it, and where the token stands from its first reporting verb
    (:func:`_with_sentence`)."""


ENGLISH = Lexicon(CUE_VERBS)
LEXICONS: dict[str, Lexicon] = {
    "de": Lexicon(GERMAN_CUE_VERBS, GERMAN_MARKERS, GERMAN_SUBJUNCTIVE, sentence_level=True),
}
"""The lexicon of each language other than English (by ``Article.language``)."""


def lexicon(language: str) -> Lexicon:
    """The lexicon the features of an article in ``language`` read (English's by default)."""
    return LEXICONS.get(language, ENGLISH)


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
    words: list[str]
    """Each token's text, lower-cased."""


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
    words = lexicon(article.language)
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
        local = [_token_features(text, t, regions, proposed, words) for t in tokens]
        features = _with_context(local, which, index)
        lowered = [text[s:e].lower() for s, e in tokens]
        if words.sentence_level:
            features = _with_sentence(local, which, features)
        else:
            _add_reach(features, lowered, which)
        paragraphs.append(Paragraph(start, end, tokens, which, features, lowered))
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
    text: str,
    token: tuple[int, int],
    regions: list[tuple[int, int]],
    proposed: dict[int, str],
    words: Lexicon,
) -> list[str]:
    """The features of one token by itself (its neighbours add theirs in :func:`_with_context`)."""
    start, end = token
    word = text[start:end]
    lower = word.lower()
    i = bisect.bisect_right(regions, (start, len(text) + 1)) - 1
    inside = i >= 0 and regions[i][0] <= start < regions[i][1]
    quote = "mark" if word[0] in _QUOTE_CHARS else ("in" if inside else "out")
    features = [f"w={lower}", f"s={_shape(word)}", f"x={lower[-3:]}", f"q={quote}"]
    if lower in words.cue_verbs:
        features.append("v")
    if lower in words.markers:
        features.append("m")
    if lower in words.subjunctive:
        features.append("kj")
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


_SENTENCE_FLAGS = ("v", "m", "kj")
_MARKER_REACH = 6
"""Most tokens between a token and the reporting verb or marker whose distance it carries."""


def _with_sentence(
    local: list[list[str]], which: list[int], features: list[list[str]]
) -> list[list[str]]:
    """``features`` with each token's sentence's flags (``S:v``, ``S:m``, ``S:kj``: a reporting
    verb, a marker, a subjunctive stands in it), where the token stands from the sentence's
    first reporting verb (``cv=<``, ``cv==``, ``cv=>``, none without one), its signed distance
    to the nearest reporting verb or marker of the sentence within :data:`_MARKER_REACH` tokens
    (``dv=-2``), and its word pairs with its neighbours (:func:`_bigrams`)."""
    flags: dict[int, set[str]] = {}
    first_verb: dict[int, int] = {}
    for i, own in enumerate(local):
        found = flags.setdefault(which[i], set())
        found.update(f for f in own if f in _SENTENCE_FLAGS)
        if "v" in own:
            first_verb.setdefault(which[i], i)
    anchors = [i for i, own in enumerate(local) if "v" in own or "m" in own]
    result = []
    for i, own in enumerate(features):
        sentence = which[i]
        extra = [f"S:{f}" for f in sorted(flags[sentence])]
        verb = first_verb.get(sentence)
        if verb is not None:
            extra.append("cv=" + ("<" if i < verb else "=" if i == verb else ">"))
        near = [j - i for j in anchors if which[j] == sentence and abs(j - i) <= _MARKER_REACH]
        if near:
            extra.append(f"dv={min(near, key=abs)}")
        result.append(own + extra + _bigrams(local, i))
    return result


def _bigrams(local: list[list[str]], i: int) -> list[str]:
    """The words of the token and its neighbour before, and of it and its neighbour after."""
    word = local[i][0]
    before = local[i - 1][0] if i > 0 else "w=^"
    after = local[i + 1][0] if i + 1 < len(local) else "w=$"
    return [f"b-={before}|{word}", f"b+={word}|{after}"]


_BUCKETS = ((1, "1"), (2, "2"), (3, "3"), (6, "6"), (12, "12"))
"""Distance buckets (at most so many tokens) of :func:`_add_reach`; farther is ``far``."""


def _bucket(distance: int) -> str:
    return next((name for most, name in _BUCKETS if distance <= most), "far")


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
