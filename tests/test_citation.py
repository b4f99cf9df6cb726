"""``CITATION.cff``: valid CFF 1.2.0, citing the dataset and its source articles."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import yaml
from conftest import ROOT

import quotes

SCHEMA = ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json"


def _citation() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_citation_is_valid_cff_1_2_0() -> None:
    citation = _citation()
    assert citation["cff-version"] == "1.2.0"
    errors = [e.message for e in _validator().iter_errors(citation)]
    assert errors == []


def test_schema_rejects_a_broken_citation() -> None:
    broken = {k: v for k, v in _citation().items() if k != "authors"}
    broken["references"] = [{"type": "no-such-type", "title": "x", "authors": []}]
    messages = " ".join(e.message for e in _validator().iter_errors(broken))
    assert "'authors' is a required property" in messages
    assert "no-such-type" in messages


def test_citation_describes_this_dataset() -> None:
    citation = _citation()
    assert citation["type"] == "dataset"
    assert citation["version"] == quotes.__version__
    assert citation["license"] == "CC-BY-4.0"
    assert citation["authors"] == [{"name": "The quotes project contributors"}]


def test_references_are_the_source_articles() -> None:
    references = _citation()["references"]
    articles = sorted(quotes.load().articles.values(), key=lambda a: a.id)
    assert len(references) == len(articles)
    for reference, article in zip(references, articles, strict=True):
        assert f"Article {article.id} of the dataset" in reference["notes"]
        assert reference["url"] == article.url
        if article.title is None:
            assert "headline is unknown" in reference["notes"]
        else:
            assert reference["title"] == article.title
        if "date-published" in reference:
            # only a date known to the day and not inferred is given as a full date
            assert reference["date-published"] == article.published.isoformat()
            assert article.published_confidence != "inferred"
        else:
            assert reference["year"] == article.published.year
            assert reference["month"] == article.published.month


def test_card_and_croissant_cite_the_same_work() -> None:
    citation = _citation()
    readme = (ROOT / "hub" / "README.md").read_text(encoding="utf-8")
    bibtex = readme.split("```bibtex\n", 1)[1].split("```", 1)[0]
    croissant = json.loads((ROOT / "hub" / "croissant.json").read_text(encoding="utf-8"))
    for cited in (bibtex, croissant["citeAs"]):
        assert f"title = {{{citation['title']}}}" in cited
        assert f"Version {citation['version']}" in cited
        assert citation["authors"][0]["name"] in cited
    assert croissant["version"] == citation["version"]


def test_the_hub_folder_citation_is_valid_and_cites_the_package_and_the_articles() -> None:
    citation = yaml.safe_load((ROOT / "hub" / "CITATION.cff").read_text(encoding="utf-8"))
    assert [e.message for e in _validator().iter_errors(citation)] == []
    assert citation["title"] == _citation()["title"]
    package, *articles = citation["references"]
    assert (package["type"], package["version"]) == ("software", quotes.__version__)
    assert [r["url"] for r in articles] == [
        a.url for a in sorted(quotes.load().articles.values(), key=lambda a: a.id)
    ]
