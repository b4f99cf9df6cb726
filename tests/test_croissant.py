"""``hub/croissant.json``: generated from the models and the records, valid, and readable by
mlcroissant."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import DATA, ROOT

import quotes
from quotes.publish.croissant import croissant
from quotes.publish.facts import facts

CROISSANT = ROOT / "hub" / "croissant.json"


def test_responsible_ai_fields_are_there() -> None:
    metadata = json.loads(CROISSANT.read_text(encoding="utf-8"))
    for field in ("dataCollection", "dataLimitations", "dataBiases", "dataUseCases"):
        assert metadata[f"rai:{field}"], field
    assert metadata["rai:annotationsPerItem"] == "quotes by annotation method: 50 manual"


def _leaf_names(fields: list[dict[str, Any]]) -> set[str]:
    names = set()
    for field in fields:
        names.add(field["name"].split("/", 1)[1])
        names |= _leaf_names(field.get("subField", []))
    return names


@pytest.mark.parametrize("config", ["quotes", "articles"])
def test_record_set_has_every_model_field(config: str) -> None:
    metadata = json.loads(CROISSANT.read_text(encoding="utf-8"))
    (record_set,) = [r for r in metadata["recordSet"] if r["name"] == config]
    names = _leaf_names(record_set["field"])
    model = quotes.Quote if config == "quotes" else quotes.Article
    assert {n for n in names if "/" not in n} == set(model.model_fields)
    nested = {"quotes": "speaker/mention/start", "articles": "regions/kind"}[config]
    assert nested in names


def _validated() -> Any:
    import mlcroissant

    return mlcroissant.Dataset(jsonld=str(CROISSANT))


@pytest.mark.slow
def test_mlcroissant_validates_without_errors() -> None:
    dataset = _validated()  # raises mlcroissant.ValidationError on any error
    assert not dataset.metadata.ctx.issues.errors


def _text(value: Any) -> Any:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _date(value: Any) -> Any:
    return None if value is None or value != value else value.date()


@pytest.mark.slow
def test_mlcroissant_reads_the_quotes() -> None:
    records = list(_validated().records("quotes"))
    expected = quotes.load().quotes
    assert len(records) == len(expected)
    for record, quote in zip(records, expected, strict=True):
        assert _text(record["quotes/id"]) == quote.id
        assert _text(record["quotes/article_id"]) == quote.article_id
        assert _text(record["quotes/kind"]) == quote.kind
        assert _text(record["quotes/quote"]) == quote.quote
        spans = [(s["quotes/spans/start"], s["quotes/spans/end"]) for s in record["quotes/spans"]]
        assert spans == quote.spans
        assert _text(record["quotes/speaker"]["quotes/speaker/name"]) == quote.speaker.name
        # mlcroissant returns a sub-field's own sub-fields beside it, not inside it
        mention = record["quotes/speaker/mention"]
        expected_mention = quote.speaker.mention
        assert _text(mention["quotes/speaker/mention/text"]) == (
            expected_mention.text if expected_mention else None
        )
        assert _date(record["quotes/date"]) == quote.date
        assert _date(record["quotes/uttered"]) == quote.uttered


@pytest.mark.slow
def test_mlcroissant_reads_the_articles() -> None:
    records = list(_validated().records("articles"))
    expected = list(quotes.load().articles.values())
    assert len(records) == len(expected)
    for record, article in zip(records, expected, strict=True):
        assert _text(record["articles/id"]) == article.id
        assert _text(record["articles/text"]) == article.text
        assert _text(record["articles/sha256"]) == article.sha256
        assert _date(record["articles/published"]) == article.published
        regions = [
            (
                r["articles/regions/start"],
                r["articles/regions/end"],
                _text(r["articles/regions/kind"]),
            )
            for r in record["articles/regions"]
        ]
        assert regions == [(r.start, r.end, r.kind) for r in article.regions]


def test_description_follows_the_articles_present() -> None:
    (article,) = quotes.read(DATA / "articles.jsonl")
    assert isinstance(article, quotes.Article)
    one = croissant(facts([], [article]))["description"]
    assert f"in 1 news article (en; {article.published.year}; The Test Gazette)" in one
    later = article.model_copy(update={"id": "901", "file": "901_later.txt"})
    later = later.model_copy(update={"published": article.published.replace(year=2031)})
    two = croissant(facts([], [article, later]))["description"]
    assert f"in 2 news articles (en; {article.published.year}-2031;" in two
    assert "(0 direct, 0 mixed, 0 indirect)" in two


def test_an_id_that_croissant_would_read_as_a_number_is_refused() -> None:
    # mlcroissant reads JSON Lines with pandas, which reads an all-digit column as numbers
    (article,) = quotes.read(DATA / "articles.jsonl")
    assert isinstance(article, quotes.Article)
    renamed = article.model_copy(update={"id": "007", "file": "synthetic.txt"})
    with pytest.raises(ValueError, match="would read this id as the number 7"):
        croissant(facts([], [renamed]))
    plain = article.model_copy(update={"id": "7", "file": "synthetic.txt"})
    fields = croissant(facts([], [plain]))["recordSet"][1]["field"]
    assert fields[0]["source"]["extract"] == {"column": "id"}  # read as it stands
