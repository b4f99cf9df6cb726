"""The problem registry: every problem is made from it, and every type is shown in a golden case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TESTS

from quotes import PROBLEM_TYPES
from quotes.core.problems import REGISTRY, Problem, problem

GOLDEN = TESTS / "golden"


def golden_types() -> set[str]:
    """The problem types that the golden cases' expected outputs show (text or JSON)."""
    found: set[str] = set()
    for expected in GOLDEN.glob("*/expected.txt"):
        text = expected.read_text(encoding="utf-8")
        found |= set(re.findall(r"\[([a-z0-9-]+)\]$", text, re.MULTILINE))
        found |= set(re.findall(r'"type": "([a-z0-9-]+)"', text))
    return found


def test_every_registered_type_occurs_in_a_golden_case() -> None:
    assert set(REGISTRY) - golden_types() == set()


def test_the_public_list_of_types_is_derived_from_the_registry() -> None:
    assert {name: kind.title for name, kind in REGISTRY.items()} == PROBLEM_TYPES
    assert "too-many-errors" not in PROBLEM_TYPES  # a property of the report, not a problem


def test_no_problem_is_made_outside_the_registry() -> None:
    package = Path(__import__("quotes").__file__).parent
    makers = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bProblem\(", line)
    ]
    assert makers and all(m.startswith("core/problems.py:") for m in makers), makers


def test_a_problem_has_the_template_message_and_the_hint() -> None:
    made = problem("duplicate-id", "q.jsonl", 3, "id", record="quote", id="000-1")
    assert made == Problem(
        "q.jsonl",
        3,
        "id",
        "duplicate-id",
        "quote id '000-1' appears twice; ids must be unique across files",
    )
    assert str(made) == (
        "q.jsonl:3: id: quote id '000-1' appears twice; ids must be unique across files "
        "[duplicate-id]"
    )
    with pytest.raises(KeyError):
        problem("no-such-type", "q.jsonl", 1)
