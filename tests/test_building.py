"""quotes.core.building: records are built and changed only through validation."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from quotes import load
from quotes.core.building import from_json_value, with_changes
from quotes.core.models import Article, Quote


def _errors(error: ValidationError) -> list[tuple[str, tuple[int | str, ...], str]]:
    return [(e["type"], e["loc"], e["msg"]) for e in error.errors(include_url=False)]


def test_a_change_that_breaks_a_rule_is_refused() -> None:
    quote = load().quotes[0]
    with pytest.raises(ValidationError, match="id must be"):
        with_changes(quote, id=quote.id + "0")


def test_a_change_is_made_and_the_rest_kept() -> None:
    quote = load().quotes[0]
    changed = with_changes(quote, addressee="the press")
    assert changed.addressee == "the press"
    assert changed.model_dump(exclude={"addressee"}) == quote.model_dump(exclude={"addressee"})


@pytest.mark.parametrize("model", [Quote, Article])
def test_a_json_value_gives_what_its_json_text_gives(model: type[Quote] | type[Article]) -> None:
    corpus = load()
    record = corpus.quotes[0] if model is Quote else next(iter(corpus.articles.values()))
    value = json.loads(record.model_dump_json())
    assert from_json_value(model, value) == record


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2001-02-30"},  # a date string that is no date
        {"date": "86400"},  # pydantic alone reads it as seconds since 1970
        {"date": "2001-02-23T00:00:00", "kind": "paraphrase"},
        {"kind": "paraphrase", "uttered": 5, "region": None},
        {"spans": [[5, 2]], "speaker": "him"},
        {"id": "x"},  # a rule of ours, on the whole record
    ],
)
def test_a_bad_json_value_fails_as_its_json_text_fails(changes: dict[str, object]) -> None:
    value = {**json.loads(load().quotes[0].model_dump_json()), **changes}
    with pytest.raises(ValidationError) as from_text:
        Quote.model_validate_json(json.dumps(value))
    with pytest.raises(ValidationError) as from_value:
        from_json_value(Quote, value)
    assert _errors(from_value.value) == _errors(from_text.value)
