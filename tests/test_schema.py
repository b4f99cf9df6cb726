"""The committed JSON Schema files are generated from the models and agree with them."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import DATA, ROOT, Run

from quotes import Article, Quote
from quotes.publish.schema import SCHEMA_FILES, render

SCHEMAS = {name: json.loads((ROOT / "schema" / name).read_text()) for name in SCHEMA_FILES}


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schema_equals_generated(name: str) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMA_FILES[name]), "run: quotes schema --write schema"


def test_schemas_are_valid_2020_12_schemas() -> None:
    for schema in SCHEMAS.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_field_docstrings_become_descriptions() -> None:
    quote = SCHEMAS["quote.schema.json"]
    assert "code-point offsets" in quote["properties"]["spans"]["description"]
    assert quote["additionalProperties"] is False
    # Every field is required but ``source`` (import provenance), which older files leave out.
    assert set(quote["required"]) == set(Quote.model_fields) - {"source"}


def test_bundled_and_fixture_records_satisfy_the_schemas() -> None:
    from quotes.core.bundled import data_path

    for folder_file, name in (("articles.jsonl", "article"), ("quotes.jsonl", "quote")):
        validator = jsonschema.Draft202012Validator(
            SCHEMAS[f"{name}.schema.json"], format_checker=jsonschema.FormatChecker()
        )
        with data_path(folder_file) as path:
            lines = path.read_text(encoding="utf-8").splitlines()
        lines += (DATA / folder_file).read_text(encoding="utf-8").splitlines()
        for line in lines:
            validator.validate(json.loads(line))


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "paraphrase"},
        {"date": "2010-02-30"},
        {"spans": [[1]]},
        {"extra": 1},
        {"speaker": None},
        {"annotation": {"method": "rule", "tool": None, "confidence": 2}},
    ],
)
def test_schema_and_model_reject_the_same_records(change: dict[str, object]) -> None:
    record = json.loads((DATA / "quotes.jsonl").read_text().splitlines()[0]) | change
    validator = jsonschema.Draft202012Validator(
        SCHEMAS["quote.schema.json"], format_checker=jsonschema.FormatChecker()
    )
    assert list(validator.iter_errors(record))
    with pytest.raises(ValueError):
        Quote.model_validate_json(json.dumps(record))


def test_schema_command_prints_and_writes(run_cli: Run, tmp_path: object) -> None:
    done = run_cli("schema", "article")
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads(render(Article))
    done = run_cli("schema", "--write", str(tmp_path))
    assert done.returncode == 0
    for name in SCHEMA_FILES:
        assert (tmp_path / name).read_text() == render(SCHEMA_FILES[name])  # type: ignore[operator]
