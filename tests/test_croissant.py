"""``croissant.json``: generated from the models, up to date, valid, and readable by mlcroissant."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT

import quotes
from quotes.publish.croissant import croissant, render

CROISSANT = ROOT / "croissant.json"


def test_committed_croissant_is_up_to_date() -> None:
    assert CROISSANT.read_text(encoding="utf-8") == render(ROOT), (
        "croissant.json is out of date: run python -m quotes.publish.card --write"
    )


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


def _checkout(tmp_path: Path, articles: list[quotes.Article]) -> Path:
    """A checkout holding the fixture quotes and the given articles."""
    data = tmp_path / "quotes" / "data"
    data.mkdir(parents=True)
    shutil.copy(DATA / "quotes.jsonl", data / "quotes.jsonl")
    quotes.write(articles, data / "articles.jsonl")
    return tmp_path


def test_description_follows_the_articles_present(tmp_path: Path) -> None:
    (article,) = quotes.read(DATA / "articles.jsonl")
    assert isinstance(article, quotes.Article)
    one = croissant(_checkout(tmp_path / "one", [article]))["description"]
    assert (
        f"in 1 English news article on NATO-Russia missile defence ({article.published.year})"
        in one
    )
    later = article.model_copy(update={"id": "901", "file": "901_later.txt"})
    later = later.model_copy(update={"published": article.published.replace(year=2031)})
    two = croissant(_checkout(tmp_path / "two", [article, later]))["description"]
    assert (
        f"in 2 English news articles on NATO-Russia missile defence ({article.published.year}-2031)"
        in two
    )
    assert "(direct, mixed, indirect)" in two


def test_an_id_that_croissant_cannot_read_from_the_file_name_is_refused(tmp_path: Path) -> None:
    # mlcroissant reads the article id from the file name (see quotes.publish.croissant.DERIVED)
    (article,) = quotes.read(DATA / "articles.jsonl")
    assert isinstance(article, quotes.Article)
    renamed = article.model_copy(update={"file": "synthetic.txt"})
    with pytest.raises(ValueError, match="must start with the id and '_'"):
        croissant(_checkout(tmp_path, [renamed]))
