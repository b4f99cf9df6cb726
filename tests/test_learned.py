"""The learned extractor (``quotes train``, ``quotes extract --model``): training on a small
corpus written here is deterministic, learns what it is shown, and proposes valid records."""

from __future__ import annotations

import importlib.util
import json
import pickle
import random
from pathlib import Path

import pytest
from conftest import gazette_article, made_source, require, run_in_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.core.models import Annotation, Article, Quote, Speaker, TextSpan
from quotes.core.pairing import pair
from quotes.engine.corpus import Corpus, load
from quotes.extract.decode import chunks, combined, records
from quotes.extract.features import read_article
from quotes.extract.learned import (
    MANIFEST_FILE,
    MODEL_FILE,
    ModelError,
    load_model,
    train,
)
from quotes.io.jsonl import write

require(importlib.util.find_spec("pycrfsuite"), "needs python-crfsuite: pip install '.[learn]'")

NAMES = ["Ann Bell", "Ivan Orlov", "Maria Lopez", "John Carter", "Olga Petrova", "Tom Reed"]
WORDS = [
    *("plan", "missile", "shield", "talks", "treaty", "border", "army", "deal", "vote"),
    *("budget", "reform", "the", "a", "our", "their", "new", "old", "strong", "weak"),
    *("will", "must", "can", "never", "always", "soon", "now", "again"),
]
FILLER = ["The meeting ended late on Friday.", "Talks resume next week in Geneva."]
GRID = ((0.05, 0.01), (0.5, 0.01))


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _article(article_id: str, text: str, split: str) -> Article:
    return gazette_article(
        text,
        id=article_id,
        file=f"{article_id}_made.txt",
        rights="Made up for the tests.",
        source=made_source(split, file=f"{article_id}.txt"),
    )


def _paragraph(rng: random.Random, at: int) -> tuple[str, list[dict[str, object]]]:
    """One paragraph: a direct quotation, a reported clause or filler, with its records."""
    name = rng.choice(NAMES)
    choice = rng.randrange(3)
    if choice == 0:
        said = f"{_words(rng, rng.randint(3, 8)).capitalize()},"
        text = f"“{said}” {name} said."
        mention = text.index(name)
        spans, cue = [(1, 1 + len(said))], (mention + len(name) + 1, mention + len(name) + 5)
    elif choice == 1:
        clause = _words(rng, rng.randint(4, 9))
        text = f"{name} said that {clause}."
        mention, cue = 0, (len(name) + 1, len(name) + 5)
        spans = [(len(name) + 11, len(name) + 11 + len(clause))]
    else:
        return rng.choice(FILLER), []
    record = {
        "kind": "direct" if choice == 0 else "indirect",
        "spans": [(at + s, at + e) for s, e in spans],
        "mention": (at + mention, at + mention + len(name)),
        "cue": (at + cue[0], at + cue[1]),
        "name": name,
    }
    return text, [record]


def _made(seed: int, articles: int = 16) -> Corpus:
    """A corpus of ``articles`` made-up articles (a quarter of them ``dev``), from ``seed``."""
    rng = random.Random(seed)
    made: dict[str, Article] = {}
    quotes: list[Quote] = []
    for n in range(articles):
        parts, found, at = [], [], 0
        for _ in range(rng.randint(3, 6)):
            text, records = _paragraph(rng, at)
            parts.append(text)
            found += records
            at += len(text) + 2
        split = "dev" if n % 4 == 3 else "train"
        article = _article(f"{900 + n}", "\n\n".join(parts) + "\n", split)
        made[article.id] = article
        quotes += [_quote(article, r) for r in found]
    return Corpus(made, quotes)


def _quote(article: Article, record: dict[str, object]) -> Quote:
    text = article.text
    ms, me = record["mention"]  # type: ignore[misc]
    cs, ce = record["cue"]  # type: ignore[misc]
    return Quote.of_article(
        article,
        list(record["spans"]),  # type: ignore[call-overload]
        # a direct quote's quoted parts are its spans (the words inside the marks)
        quoted=list(record["spans"]) if record["kind"] == "direct" else [],  # type: ignore[call-overload]
        speaker=Speaker(
            name=str(record["name"]),
            description=None,
            type="person",
            members=[],
            wikidata=None,
            mention=TextSpan(text=text[ms:me], start=ms, end=me),
            evidence=None,
        ),
        cue=TextSpan(text=text[cs:ce], start=cs, end=ce),
        annotation=Annotation(method="manual", tool=None, confidence=None),
    )


def _recall(corpus: Corpus, predicted: list[Quote]) -> tuple[float, float]:
    """The share of gold records paired with a prediction (spans overlapping), and of those
    pairs whose speaker mention overlaps the gold one."""
    gold = corpus.quotes
    pairs = [(gold[i], predicted[j]) for i, j in pair(gold, predicted)]
    right = sum(
        g.speaker.mention is not None
        and p.speaker.mention is not None
        and g.speaker.mention.start < p.speaker.mention.end
        and p.speaker.mention.start < g.speaker.mention.end
        for g, p in pairs
    )
    return len(pairs) / len(gold), right / max(len(pairs), 1)


def test_made_corpus_is_valid(tmp_path: Path) -> None:
    corpus = _made(1)
    write(list(corpus.articles.values()), tmp_path / "articles.jsonl")
    write(corpus.quotes, tmp_path / "quotes.jsonl")
    assert len(load(tmp_path).quotes) == len(corpus.quotes) > 10


def test_training_is_deterministic(tmp_path: Path) -> None:
    corpus = _made(2)
    first = train({"made": corpus}, tmp_path / "a", grid=GRID)
    second = train({"made": corpus}, tmp_path / "b", grid=GRID)
    assert (tmp_path / "a" / MODEL_FILE).read_bytes() == (tmp_path / "b" / MODEL_FILE).read_bytes()
    assert first.manifest == second.manifest
    assert set(first.manifest.scores) == {"c1=0.05 c2=0.01", "c1=0.5 c2=0.01"}


def test_manifest_says_what_the_model_inherits(tmp_path: Path) -> None:
    trained = train({"made": _made(3)}, tmp_path / "m", grid=GRID[:1])
    manifest = json.loads((tmp_path / "m" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["rights"] == ["Made up for the tests."]
    by_split = {"train": 12, "validation": 4}
    assert manifest["corpora"] == [{"name": "made", "articles_by_split": by_split}]
    assert manifest["scores"] == {} and trained.manifest.c1 == GRID[0][0]


def test_test_split_is_never_read(tmp_path: Path) -> None:
    corpus = _made(4)
    held = {k: a for k, a in corpus.articles.items()}
    for key in list(held)[:4]:
        assert held[key].source is not None
        held[key] = held[key].model_copy(
            update={
                "source": held[key].source.model_copy(update={"split": "test"}),  # type: ignore[union-attr]
                "rights": "Secret: never train on it.",
            }
        )
    trained = train({"made": Corpus(held, corpus.quotes)}, tmp_path / "m", grid=GRID[:1])
    assert "Secret: never train on it." not in trained.manifest.rights


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000))
def test_learns_what_it_is_shown(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    corpus = _made(seed)
    folder = tmp_path_factory.mktemp("model")
    train({"made": corpus}, folder, grid=GRID[:1])
    model = load_model(folder)
    seen = Corpus(
        {k: a for k, a in corpus.articles.items() if a.source and a.source.split == "train"},
        [],
    )
    seen = Corpus(seen.articles, [q for q in corpus.quotes if q.article_id in seen.articles])
    learned = [q for a in seen.articles.values() for q in model.learned(a)]
    recall, speaker = _recall(seen, learned)  # the model's own records: what it learned
    assert recall >= 0.9 and speaker >= 0.9
    assert {q.annotation.method for q in learned} == {"model"}
    both = model.extract_all(list(seen.articles.values()))
    assert {q.annotation.method for q in both} <= {"model", "rule"}


def test_extract_model_output_validates(tmp_path: Path) -> None:
    corpus = _made(5)
    write(list(corpus.articles.values()), tmp_path / "articles.jsonl")
    write(corpus.quotes, tmp_path / "quotes.jsonl")
    done = run_in_process("train", str(tmp_path), "--out", str(tmp_path / "model"))
    assert done.returncode == 0, done.stderr
    assert "Made up for the tests." in done.stderr
    out = tmp_path / "pred.jsonl"
    articles = str(tmp_path / "articles.jsonl")
    done = run_in_process(
        "extract", "--articles", articles, "--model", str(tmp_path / "model"), "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert load(out, articles).quotes  # load validates every record against its article
    checked = run_in_process("validate", str(out), "--articles", articles)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_extract_refuses_a_folder_that_holds_no_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_model(tmp_path)
    done = run_in_process("extract", "--model", str(tmp_path))
    assert done.returncode == 2 and "not a model" in done.stderr


def test_train_refuses_a_corpus_with_nothing_to_learn(tmp_path: Path) -> None:
    corpus = _made(6)
    with pytest.raises(ValueError, match="nothing to learn"):
        train({"made": Corpus(corpus.articles, [])}, tmp_path / "m")


def test_chunks_follow_bio() -> None:
    tags = ["O", "B-C", "I-C", "I-S", "B-Q", "B-Q", "O", "I-C"]
    found = chunks(tags, [1.0] * len(tags))
    assert [(c.role, c.first, c.last) for c in found] == [
        ("C", 1, 2),
        ("S", 3, 3),
        ("Q", 4, 4),
        ("Q", 5, 5),
        ("C", 7, 7),
    ]


def _tags(row: str) -> list[str]:
    return row.split()


def _decoded(text: str, tags: list[list[str]]) -> list[tuple[list[str], str | None, str | None]]:
    """The records decoded from ``tags`` (one list a paragraph): contents, mention, cue."""
    reading = read_article(gazette_article(text))
    found = [chunks(row, [1.0] * len(row)) for row in tags]
    return [
        (
            q.segments(reading.article),
            q.speaker.mention and q.speaker.mention.text,
            q.cue and q.cue.text,
        )
        for q in records(reading, found, "test")
    ]


def test_an_attribution_between_two_contents_joins_them_only_when_the_first_has_none() -> None:
    text = (
        "Ann Bell said the plan will work, while Ivan Orlov argued the deal is weak.\n\n"
        "\u201cThe plan will work,\u201d Tom Reed said, \u201cand the deal too.\u201d\n"
    )
    two = _tags("B-S I-S B-Q B-C I-C I-C I-C O O B-S I-S B-Q B-C I-C I-C I-C O")
    one = _tags("O B-C I-C I-C I-C O O B-S I-S B-Q O O B-C I-C I-C I-C O O")
    assert _decoded(text, [two, one]) == [
        (["the plan will work"], "Ann Bell", "said"),
        (["the deal is weak"], "Ivan Orlov", "argued"),
        (["The plan will work", "and the deal too"], "Tom Reed", "said"),
    ]


def test_combined_keeps_the_rules_quotations_bounded_as_the_model_bounds_them() -> None:
    corpus = _made(7)
    article = next(a for a in corpus.articles.values() if "“" in a.text and "that" in a.text)
    text = article.text
    gold = [q for q in corpus.quotes if q.article_id == article.id]
    direct = next(q for q in gold if q.kind == "direct")
    indirect = next(q for q in gold if q.kind == "indirect")
    model = Annotation(method="model", tool="t", confidence=0.5)
    mention = direct.speaker.mention
    assert mention is not None and direct.cue is not None
    wider = TextSpan(
        text=text[mention.start : direct.cue.end], start=mention.start, end=direct.cue.end
    )
    nobody = direct.speaker.model_copy(update={"name": None, "type": "unknown", "mention": wider})
    learned = [
        q.model_copy(update={"annotation": model, "speaker": nobody, "cue": None})
        for q in (direct, indirect)
    ]
    kept = {q.kind: q for q in combined([direct, indirect], learned)}
    assert len(kept) == 2
    # the rules' quotation, its speaker and cue, the mention as the model bounds it
    bounded = kept["direct"]
    assert bounded.annotation == direct.annotation and bounded.spans == direct.spans
    assert bounded.cue == direct.cue and bounded.speaker.mention == wider
    assert bounded.speaker.name == direct.speaker.name
    # the model's other record as the model made it: the rules' indirect one is not taken
    assert kept["indirect"] == learned[1]


def test_a_model_travels_to_a_worker_as_its_folder(tmp_path: Path) -> None:
    corpus = _made(8)
    train({"made": corpus}, tmp_path / "m", grid=GRID[:1])
    model = load_model(tmp_path / "m")
    copy = pickle.loads(pickle.dumps(model))
    article = next(iter(corpus.articles.values()))
    assert copy.folder == model.folder and copy.extract(article) == model.extract(article)


def test_a_model_of_other_features_is_refused(tmp_path: Path) -> None:
    train({"made": _made(9)}, tmp_path / "m", grid=GRID[:1])
    manifest = tmp_path / "m" / MANIFEST_FILE
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**raw, "feature_set": 0}), encoding="utf-8")
    with pytest.raises(ModelError, match="train it again"):
        load_model(tmp_path / "m")


def test_features_reach_the_reporting_verb_of_the_sentence() -> None:
    text = "Ivan Orlov, a senior adviser to the minister, said on Monday the talks were over.\n"
    paragraph = read_article(gazette_article(text)).paragraphs[0]
    words = [text[s:e] for s, e in paragraph.tokens]
    said, first, talks = words.index("said"), words.index("Ivan"), words.index("talks")
    assert {"va=12", "vb=none"} <= set(paragraph.features[first])
    assert {"vf=say", "va=none", "vb=none"} <= set(paragraph.features[said])
    assert {"vb=1", "-1|0=said|on"} <= set(paragraph.features[said + 1])
    assert "vb=6" in paragraph.features[talks] and "-3:w=on" in paragraph.features[talks]
