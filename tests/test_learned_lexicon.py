"""The word lists the learned extractor induces from ``train`` (:mod:`quotes.extract.induced`):
counted from ``train`` alone, written into the model folder, read back, refused when missing,
and English only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import gazette_article

from quotes.core.models import Annotation, Article, Quote, Source, Speaker, TextSpan
from quotes.engine.corpus import Corpus
from quotes.extract.features import read_article
from quotes.extract.induced import LEXICON_FILE, Induced, add_induced, induce

pytest.importorskip("pycrfsuite")

from quotes.extract.learned import MANIFEST_FILE, ModelError, gold_tags, load_model, train

CUES = {"train": "blorped", "dev": "zonked", "test": "quacked"}
"""A made-up cue word of each split: only the first may be learned as a cue."""


def _article(article_id: str, text: str, split: str, language: str = "en") -> Article:
    source = Source(
        corpus="test", file=f"{article_id}.txt", record=None, annotator=None, split=split,
        label=None, candidates=[], notes=[],
    )  # fmt: skip
    return gazette_article(
        text, id=article_id, file=f"{article_id}_made.txt", rights="Made up.", source=source,
        language=language,
    )  # fmt: skip


def _quote(article: Article, cue_word: str) -> Quote:
    text = article.text
    name, cue = text.index("Ann Bell"), text.index(cue_word)
    content = cue + len(cue_word) + 1
    return Quote.of_article(
        article,
        [(content, text.index(".", content))],
        quoted=[],
        speaker=Speaker(
            name="Ann Bell", description=None, type="person", members=[], wikidata=None,
            mention=TextSpan(text="Ann Bell", start=name, end=name + 8), evidence=None,
        ),
        cue=TextSpan(text=cue_word, start=cue, end=cue + len(cue_word)),
        annotation=Annotation(method="manual", tool=None, confidence=None),
    )  # fmt: skip


def _corpus(language: str = "en") -> Corpus:
    articles: dict[str, Article] = {}
    quotes: list[Quote] = []
    for n, split in enumerate(["train"] * 4 + ["dev"] * 4 + ["test"] * 4):
        word = CUES[split]
        text = f"Ann Bell {word} the plan was over.\n\nThe meeting ended late on Friday.\n"
        article = _article(str(700 + n), text, split, language)
        articles[article.id] = article
        quotes.append(_quote(article, word))
    return Corpus(articles, quotes)


def test_the_lexicon_is_counted_from_train_only(tmp_path: Path) -> None:
    trained = train({"made": _corpus()}, tmp_path / "m", grid=((0.05, 0.01),))
    assert trained.manifest.lexicon == LEXICON_FILE
    raw = json.loads((tmp_path / "m" / LEXICON_FILE).read_text(encoding="utf-8"))
    assert raw["cue"].get("blorped") == "hi"
    assert "zonked" not in raw["cue"] and "quacked" not in raw["cue"]
    assert raw["source"].get("bell") == "hi" and "meeting" not in raw["source"]


def test_the_model_reads_its_lexicon_back(tmp_path: Path) -> None:
    train({"made": _corpus()}, tmp_path / "m", grid=((0.05, 0.01),))
    model = load_model(tmp_path / "m")
    assert model.induced.cue["blorped"] == "hi"
    article = _corpus().articles["700"]
    assert model.learned(article)  # the features it tags with carry the lists
    paragraph = model._read(article).paragraphs[0]
    words = [article.text[s:e] for s, e in paragraph.tokens]
    assert "lc=hi" in paragraph.features[words.index("blorped")]
    assert "lca=1" in paragraph.features[words.index("Bell")]


@pytest.mark.parametrize("damage", ["no file", "not named", "not a lexicon"])
def test_a_model_without_its_lexicon_is_refused(tmp_path: Path, damage: str) -> None:
    train({"made": _corpus()}, tmp_path / "m", grid=((0.05, 0.01),))
    manifest = tmp_path / "m" / MANIFEST_FILE
    if damage == "no file":
        (tmp_path / "m" / LEXICON_FILE).unlink()
    elif damage == "not named":
        raw = json.loads(manifest.read_text(encoding="utf-8"))
        del raw["lexicon"]
        manifest.write_text(json.dumps(raw), encoding="utf-8")
    else:
        (tmp_path / "m" / LEXICON_FILE).write_text('{"cue": []}', encoding="utf-8")
    with pytest.raises(ModelError, match=LEXICON_FILE):
        load_model(tmp_path / "m")


def test_german_articles_neither_count_nor_read_the_lists() -> None:
    corpus = _corpus("de")
    article = corpus.articles["700"]
    reading = read_article(article)
    tagged = [(reading, gold_tags(reading, [q for q in corpus.quotes if q.article_id == "700"]))]
    assert induce(tagged * 3) == Induced()
    before = [list(f) for f in reading.paragraphs[0].features]
    add_induced(reading, Induced({"blorped": "hi"}, {"bell": "hi"}))
    assert reading.paragraphs[0].features == before
