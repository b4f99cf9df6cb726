"""The record-level rules are written once (quotes.core.record_rules) and are what the models
run."""

from __future__ import annotations

from conftest import nested_models
from pydantic import BaseModel

from quotes import Article, Quote
from quotes.core.record_rules import CHECKS


def _models() -> dict[str, type[BaseModel]]:
    return {m.__name__: m for root in (Quote, Article) for m in nested_models(root)}


def test_every_models_after_validators_are_exactly_its_rules() -> None:
    for name, model in _models().items():
        decorators = model.__pydantic_decorators__
        # the fast validator runs CHECKS alone: a validator of another kind would be skipped
        assert not decorators.field_validators, name
        assert not decorators.validators and not decorators.root_validators, name
        run = [d.func for d in decorators.model_validators.values()]
        assert all(d.info.mode == "after" for d in decorators.model_validators.values()), name
        expected = [CHECKS[name]] if name in CHECKS else []
        assert [getattr(f, "__wrapped__", f) for f in run] == expected, name


def test_every_rule_belongs_to_a_record_model() -> None:
    assert set(CHECKS) <= set(_models())
