"""The learned extractor reads German (``Article.language == "de"``): German features, training
labels and decoding, each keyed by the language, and an English article read as before."""

from __future__ import annotations

import importlib.util
import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import gazette_article, made_source, require

from quotes.core.models import Annotation, Article, Quote, Speaker, TextSpan
from quotes.core.pairing import pair
from quotes.engine.corpus import Corpus
from quotes.extract.decode import (
    CONTENT,
    CUE,
    FAINT_SOURCE,
    SOURCE,
    WEAK_SOURCE,
    Chunk,
    combined,
    learned_first,
    records,
    weak_sources,
)
from quotes.extract.features import Paragraph, read_article
from quotes.extract.learned import gold_tags, load_model, train

require(importlib.util.find_spec("pycrfsuite"), "needs python-crfsuite: pip install '.[learn]'")

SPOKEN = "Der Minister sagte, die Lage sei ernst. Laut Polizei ist alles ruhig."


def _article(text: str, language: str, article_id: str = "950", split: str = "train") -> Article:
    source = made_source(split, file=f"{article_id}.txt")
    return gazette_article(
        text, id=article_id, file=f"{article_id}_x.txt", language=language, source=source
    )


def _features(text: str, language: str) -> dict[str, list[str]]:
    paragraph = read_article(_article(text, language)).paragraphs[0]
    return {text[s:e]: f for (s, e), f in zip(paragraph.tokens, paragraph.features, strict=True)}


def test_german_features_know_german_words_and_sentences() -> None:
    features = _features(SPOKEN, "de")
    assert "v" in features["sagte"] and "m" in features["Laut"] and "kj" in features["sei"]
    assert {"S:kj", "S:v", "cv=<", "dv=2"} <= set(features["Der"])
    assert "S:m" in features["ruhig"] and "S:v" not in features["ruhig"]
    assert "b+=w=lage|w=sei" in features["Lage"]


def test_english_features_are_unchanged_by_the_german_ones() -> None:
    features = _features(SPOKEN, "en")
    assert "v" not in features["sagte"] and "kj" not in features["sei"]
    english = _features("The minister said the plan failed.", "en")
    assert "v" in english["said"]
    german_only = ("S:", "cv=", "dv=", "b-=", "b+=")
    assert not [f for fs in english.values() for f in fs if f.startswith(german_only)]
    assert not [f for fs in features.values() for f in fs if f in ("m", "kj")]


def _quote(article: Article, spans: list[tuple[int, int]], mention: str, cue: str) -> Quote:
    text = article.text
    ms, cs = text.index(mention), text.index(cue)
    return Quote.of_article(
        article,
        spans,
        quoted=[],
        speaker=Speaker(
            name=None,
            description=None,
            type="unknown",
            members=[],
            wikidata=None,
            mention=TextSpan(text=mention, start=ms, end=ms + len(mention)),
            evidence=None,
        ),
        cue=TextSpan(text=cue, start=cs, end=cs + len(cue)),
        annotation=Annotation(method="manual", tool=None, confidence=None),
    )


def test_german_training_tags_a_speaker_inside_the_content() -> None:
    text = "Eine Reporterin sprach von 800 Autos."
    for language, role in (("de", "S"), ("en", "C")):
        article = _article(text, language)
        record = _quote(article, [(0, len(text) - 1)], "Eine Reporterin", "sprach")
        tags = gold_tags(read_article(article), [record])[0]
        assert tags[:3] == [f"B-{role}", f"I-{role}", "B-Q" if role == "S" else "I-C"]


def _index(paragraph: Paragraph, text: str, word: str, after: int = 0) -> int:
    start = text.index(word, after)
    return next(i for i, (s, _) in enumerate(paragraph.tokens) if s == start)


def _chunk(paragraph: Paragraph, text: str, role: str, words: str, after: int = 0) -> Chunk:
    first = _index(paragraph, text, words.split()[0], after)
    last = _index(paragraph, text, words.split()[-1], text.index(words, after))
    return Chunk(role, first, last, 0.9)


def _decoded(text: str, language: str, parts: list[tuple[str, str]]) -> list[Quote]:
    reading = read_article(_article(text, language))
    paragraph = reading.paragraphs[0]
    found = [_chunk(paragraph, text, role, words) for role, words in parts]
    return records(reading, [found], "test")


def test_german_content_ends_with_its_sentence_outside_quotation_marks() -> None:
    text = "Der Minister sagte, die Lage sei ernst. Das Problem sei alt."
    parts = [(SOURCE, "Der Minister"), (CUE, "sagte"), (CONTENT, "die Lage sei ernst. Das Problem")]
    german = _decoded(text, "de", parts)
    english = _decoded(text, "en", parts)
    assert [text[s:e] for q in german for s, e in q.spans] == ["die Lage sei ernst.", "Das Problem"]
    assert [len(q.spans) for q in english] == [1]
    assert {q.speaker.mention.text for q in german if q.speaker.mention} == {"Der Minister"}


def test_german_speaker_is_taken_from_the_sentence_or_the_record_before() -> None:
    text = "Der Minister sagte, X sei gut. Das Problem sei alt. Die Kritikerin Y meinte etwas."
    parts = [
        (SOURCE, "Der Minister"),
        (CUE, "sagte"),
        (CONTENT, "X sei gut."),
        (CONTENT, "Das Problem sei alt."),
        (SOURCE, "Die Kritikerin Y"),
        (CUE, "meinte"),
    ]
    mentions = [
        [q.speaker.mention.text for q in _decoded(text, language, parts) if q.speaker.mention]
        for language in ("de", "en")
    ]
    # English takes the nearest cue of the paragraph and the source beside it: the next sentence's
    assert mentions == [["Der Minister", "Der Minister"], ["Der Minister", "Die Kritikerin Y"]]


def test_german_mixed_record_gives_its_quoted_part_as_a_direct_one() -> None:
    text = "Der Minister sagte, die Lage sei „sehr ernst“ geworden."
    parts = [
        (SOURCE, "Der Minister"),
        (CUE, "sagte"),
        (CONTENT, "die Lage sei „sehr ernst“ geworden"),
    ]
    german = _decoded(text, "de", parts)
    assert [(q.kind, q.quote) for q in german] == [
        ("mixed", "die Lage sei „sehr ernst“ geworden"),
        ("direct", "sehr ernst"),
    ]
    assert german[1].speaker == german[0].speaker
    assert [q.kind for q in _decoded(text, "en", parts)] == ["mixed"]


NAMES = ["Anna Berg", "Ivan Orlow", "Maria Lopez", "Jan Kurz"]
WORDS = ["der", "Plan", "die", "Grenze", "das", "Budget", "neue", "alte", "Reform", "Vertrag"]


def _made(seed: int) -> Corpus:
    """Made-up German articles: ``X sagte, dass ...`` and ``„...“, sagte X.``, a quarter dev."""
    rng = random.Random(seed)
    articles: dict[str, Article] = {}
    quotes: list[Quote] = []
    for n in range(12):
        lines, specs = [], []
        for _ in range(4):
            name, clause = rng.choice(NAMES), " ".join(rng.choices(WORDS, k=rng.randint(4, 8)))
            if rng.random() < 0.5:
                lines.append(f"{name} sagte, dass {clause} sei.")
                specs.append((f"dass {clause} sei", name, "sagte"))
            else:
                lines.append(f"„{clause.capitalize()}“, sagte {name}.")
                specs.append((clause.capitalize(), name, "sagte"))
        text = "\n\n".join(lines) + "\n"
        article = _article(text, "de", f"{900 + n}", "dev" if n % 4 == 3 else "train")
        articles[article.id] = article
        at = 0
        for content, name, cue in specs:
            start = text.index(content, at)
            line_end = text.index("\n", start)
            found = Quote.of_article(
                article,
                [(start, start + len(content))],
                quoted=[(start, start + len(content))] if text[start - 1] == "„" else [],
                speaker=_quote(article, [(start, start + 1)], name, cue).speaker,
                cue=None,
                annotation=Annotation(method="manual", tool=None, confidence=None),
            )
            mention = text.index(name, text.rfind("\n", 0, start) + 1)
            speaker = found.speaker.model_copy(
                update={"mention": TextSpan(text=name, start=mention, end=mention + len(name))}
            )
            quotes.append(found.model_copy(update={"speaker": speaker}))
            at = line_end
    return Corpus(articles, quotes)


def test_a_german_model_learns_what_it_is_shown(tmp_path: Path) -> None:
    corpus = _made(3)
    train({"made": corpus}, tmp_path, grid=((0.05, 0.01),))
    model = load_model(tmp_path)
    seen = [a for a in corpus.articles.values() if a.source and a.source.split == "train"]
    gold = [q for q in corpus.quotes if q.article_id in {a.id for a in seen}]
    learned = [q for a in seen for q in model.learned(a)]
    pairs = [(gold[i], learned[j]) for i, j in pair(gold, learned)]
    assert len(pairs) >= 0.9 * len(gold)
    right = [g for g, p in pairs if g.speaker.mention == p.speaker.mention]
    assert len(right) >= 0.9 * len(pairs)


def test_weak_sources_are_runs_of_untagged_tokens_with_a_chance_of_source() -> None:
    tags = ["O", "O", "B-C", "O", "O", "O"]
    chances = [0.5, 0.3, 0.9, 0.05, 0.2, 0.4]
    found = weak_sources(tags, chances)
    assert [(c.role, c.first, c.last) for c in found] == [
        (WEAK_SOURCE, 0, 1),  # the content's token is no source, however likely
        (WEAK_SOURCE, 4, 5),
        (FAINT_SOURCE, 0, 1),
        (FAINT_SOURCE, 3, 5),  # 0.05 is faint, not weak
    ]
    assert found[0].confidence == pytest.approx(0.4)


def test_german_weak_source_speaks_for_a_sentence_without_a_source() -> None:
    text = "Der Minister sagte, X sei gut. Die Kritikerin Y meinte, Z sei schlecht."
    reading = read_article(_article(text, "de"))
    paragraph = reading.paragraphs[0]
    found = [
        _chunk(paragraph, text, SOURCE, "Der Minister"),
        _chunk(paragraph, text, CUE, "sagte"),
        _chunk(paragraph, text, CONTENT, "X sei gut."),
        _chunk(paragraph, text, WEAK_SOURCE, "Die Kritikerin Y"),
        _chunk(paragraph, text, CUE, "meinte"),
        _chunk(paragraph, text, CONTENT, "Z sei schlecht"),
    ]
    made = records(reading, [found], "test")
    mentions = [q.speaker.mention.text for q in made if q.speaker.mention]
    assert mentions == ["Der Minister", "Die Kritikerin Y"]


def _decoded_with(text: str, parts: list[tuple[str, str, float]]) -> list[Quote]:
    """German records from chunks of the given roles, words and confidences."""
    reading = read_article(_article(text, "de"))
    paragraph = reading.paragraphs[0]
    found = [
        replace(_chunk(paragraph, text, role, words), confidence=confidence)
        for role, words, confidence in parts
    ]
    return records(reading, [found], "test")


def _mentions(made: list[Quote]) -> list[str]:
    return [q.speaker.mention.text for q in made if q.speaker.mention]


def test_german_source_is_the_likeliest_of_its_sentence_not_the_nearest() -> None:
    text = "Die CCE bestätigte die Aussage der Gewerkschaft nicht und nannte sie Spekulation."
    subject, object_ = (WEAK_SOURCE, "Die CCE"), (WEAK_SOURCE, "die Aussage der Gewerkschaft")
    content = (CONTENT, "Spekulation", 0.9)
    # the object stands nearer the content: the likelier subject speaks
    assert _mentions(_decoded_with(text, [(*subject, 0.46), (*object_, 0.38), content])) == [
        "Die CCE"
    ]
    # opening its sentence, the subject outweighs a somewhat likelier object
    assert _mentions(_decoded_with(text, [(*subject, 0.3), (*object_, 0.4), content])) == [
        "Die CCE"
    ]
    assert _mentions(_decoded_with(text, [(*subject, 0.1), (*object_, 0.4), content])) == [
        "die Aussage der Gewerkschaft"
    ]


def test_german_faint_source_of_its_sentence_beats_a_carried_over_one() -> None:
    text = "Der Minister sagte, X sei gut. Die Kritikerin Y meinte, Z sei schlecht."
    parts = [
        (SOURCE, "Der Minister", 0.9),
        (CUE, "sagte", 0.9),
        (CONTENT, "X sei gut.", 0.9),
        (CONTENT, "Z sei schlecht", 0.9),
    ]
    faint = (FAINT_SOURCE, "Die Kritikerin Y", 0.02)
    assert _mentions(_decoded_with(text, parts)) == ["Der Minister", "Der Minister"]
    assert _mentions(_decoded_with(text, [*parts, faint])) == ["Der Minister", "Die Kritikerin Y"]


def test_german_faint_source_beats_the_speaker_of_a_paragraph_before() -> None:
    text = "Der Minister sagte, X sei gut.\n\nDie Kritikerin Y meinte, Z sei schlecht."
    reading = read_article(_article(text, "de"))
    first, second = reading.paragraphs
    said = [
        _chunk(first, text, SOURCE, "Der Minister"),
        _chunk(first, text, CUE, "sagte"),
        _chunk(first, text, CONTENT, "X sei gut."),
    ]
    meant = [_chunk(second, text, CONTENT, "Z sei schlecht")]
    faint = replace(_chunk(second, text, FAINT_SOURCE, "Die Kritikerin Y"), confidence=0.02)
    carried = records(reading, [said, meant], "test")
    assert _mentions(carried) == ["Der Minister", "Der Minister"]
    assert _mentions(records(reading, [said, [*meant, faint]], "test")) == [
        "Der Minister",
        "Die Kritikerin Y",
    ]


def test_german_faint_source_makes_no_record_of_its_own() -> None:
    text = "Die Kritikerin Y meinte, Z sei schlecht."
    parts = [(FAINT_SOURCE, "Die Kritikerin Y", 0.05), (CONTENT, "Z sei schlecht", 0.9)]
    assert _decoded_with(text, parts) == []


def test_learned_first_keeps_the_rules_quotations_the_model_missed() -> None:
    text = "„Alles gut“, sagte Anna Berg. „Nichts gut“, sagte Jan Kurz."
    article = _article(text, "de")
    first, second = (text.index(w) for w in ("Alles gut", "Nichts gut"))
    rules = [
        _quote(article, [(first, first + 9)], "Anna Berg", "sagte"),
        _quote(article, [(second, second + 10)], "Jan Kurz", "sagte"),
    ]
    rules = [q.model_copy(update={"kind": "direct"}) for q in rules]
    learned = [_quote(article, [(first, first + 9)], "Anna Berg", "sagte")]
    learned[0] = learned[0].model_copy(
        update={"annotation": Annotation(method="model", tool="t", confidence=0.5)}
    )
    merged = learned_first(rules, learned)
    assert merged == [learned[0], rules[1]]
    assert combined(rules, learned) == rules  # English: the rules' quotations win
