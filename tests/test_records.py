"""The record-level rules are written once (quotes.core.record_rules) and are what the models
run."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from conftest import nested_models
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from quotes import Article, Quote
from quotes.core.ids import quote_id
from quotes.core.record_rules import CHECKS, KINDS, check_quote, check_quoted


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


@st.composite
def quoted_parts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], Any]:
    """A kind, valid spans and any quoted parts: the spans again (as tuples or as lists), some
    of them, or any pairs."""
    cuts = sorted(draw(st.sets(st.integers(0, 30), min_size=2, max_size=6)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    pairs = st.tuples(st.integers(0, 30), st.integers(0, 30))
    quoted = draw(
        st.just(list(spans))
        | st.just([list(s) for s in spans])
        | st.lists(st.sampled_from(spans), max_size=3)
        | st.lists(pairs, max_size=3)
    )
    return draw(st.sampled_from(KINDS)), spans, quoted


def outcome(rule: Callable[..., None], *args: Any) -> tuple[str, str] | None:
    """The type and message of the error ``rule`` raises, or None."""
    try:
        rule(*args)
    except PydanticCustomError as error:
        return error.type, error.message()
    return None


@settings(max_examples=300)
@given(quoted_parts())
def test_check_quote_judges_the_quoted_parts_as_check_quoted_does(
    drawn: tuple[str, list[tuple[int, int]], Any],
) -> None:
    kind, spans, quoted = drawn
    lengths = sum(e - s for s, e in spans) + len(spans) - 1
    quote = SimpleNamespace(
        id=quote_id("a", spans[0][0]),
        article_id="a",
        kind=kind,
        quote="x" * lengths,
        spans=spans,
        quoted=quoted,
        uttered=None,
        uttered_precision=None,
        uttered_confidence=None,
        uttered_evidence=None,
        date_precision="day",
    )
    assert outcome(check_quote, quote) == outcome(check_quoted, kind, spans, quoted)


def test_a_direct_quotes_quoted_parts_are_its_spans_as_tuples_or_lists() -> None:
    spans = [(0, 4), (6, 9)]
    assert outcome(check_quoted, "direct", spans, [[0, 4], [6, 9]]) is None
    assert outcome(check_quoted, "direct", spans, [(0, 4)]) == (
        "inconsistent-record",
        "a direct quote's quoted parts are its spans",
    )
    assert outcome(check_quoted, "direct", spans, [(0, 4), (5, 9)]) == (
        "quoted-outside-content",
        "quoted part [5, 9] is not within one span of the content",
    )
