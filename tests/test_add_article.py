"""Adding a sixth article, in a copy of the repository, by the workflow of docs/annotation.md (13).

The steps are the documented commands (``quotes extract``, ``python curation/draft.py``, the
annotator's edit of the draft, ``python curation/build.py``, ``quotes view``, ``quotes
validate``); afterwards every generated file must follow without a hand edit.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.slow  # runs the build, extract, view, validate and pytest in a copy

# A short article written for this test; the outlet and the people in it are invented.
TEXT = """\
Allies and Moscow Talk Radar, Not Missiles
BRUSSELS -- NATO and Russian envoys met on Wednesday to discuss sharing early-warning radar \
data, a narrower plan than the joint shield both sides once discussed.
"We are ready to look at every proposal on the table," said Jane Roe, a spokeswoman for the \
alliance. "But radar is where we can start."
Russian diplomats said the offer came too late to change Moscow's view of the shield.
The plan, which officials call a "first step", would be reviewed again in the autumn.
"""
SKIP = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
SEED = f"005_{hashlib.sha256(TEXT.encode()).hexdigest()[:16]}.txt"
ID = SEED.removesuffix(".txt")  # the article id: the seed's whole stem

METADATA: dict[str, Any] = {
    "title": "Allies and Moscow Talk Radar, Not Missiles",
    "outlet": "The Example Gazette",
    "outlet_confidence": "stated",
    "outlet_evidence": "Named on the page the text was collected from (an invented outlet).",
    "url": "https://example.org/2008/06/12/radar",
    "published": "2008-06-12",
    "published_precision": "day",
    "published_confidence": "verified",
    "published_evidence": "The page's date line, 12 June 2008 (an invented article).",
    "rights_holder": "The Example Gazette",
    "citation": {
        "author": "The Example Gazette",
        "notes": "A test article written for the add-an-article workflow. Byline unknown.",
    },
    "regions": [
        {"kind": "headline", "at": "Allies and Moscow Talk Radar, Not Missiles"},
        {"kind": "dateline", "at": "BRUSSELS --"},
    ],
    "non_quotations": [
        {"text": "first step", "reason": "A label ('which officials call'), not reported words."}
    ],
    "decisions": ["'met ... to discuss': a meeting, no reported content: no record."],
}
ROE = {
    "name": "Jane Roe",
    "description": "spokeswoman for the alliance",
    "type": "person",
    "mention": "Jane Roe",
    "evidence": "Named in the attribution; role from the appositive.",
}
DIPLOMATS = {
    "description": "Russian diplomats (unnamed)",
    "type": "group",
    "mention": "Russian diplomats",
    "evidence": "Unnamed plural source: 'Russian diplomats'.",
}
# The records the annotator decides on, by their first segment.
WANTED: dict[str, dict[str, Any]] = {
    "We are ready to look at every proposal on the table,": {
        "kind": "direct",
        "segments": [
            "We are ready to look at every proposal on the table,",
            "But radar is where we can start.",
        ],
        "speaker": ROE,
        "cue": {"text": "said", "in": "said Jane Roe"},
        "note": '\'"A," said X. "B."\': one record with two spans.',
    },
    "the offer came too late to change Moscow's view of the shield": {
        "kind": "indirect",
        "segments": ["the offer came too late to change Moscow's view of the shield"],
        "speaker": DIPLOMATS,
        "cue": {"text": "said", "in": "diplomats said the offer"},
    },
}


def run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "QUOTES_SEEDS": str(copy.parent / "shared" / "seeds"),
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, check=False
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def edit(draft: dict[str, Any]) -> dict[str, Any]:
    """What the annotator does: fill in the metadata, keep and correct the right proposals,
    delete the wrong ones, add what the extractor missed."""
    proposed = {}
    for q in draft["quotes"]:
        first = q["segments"][0]
        first = first if isinstance(first, str) else first["text"]
        if first in WANTED:
            proposed[first] = q
    assert proposed, "the extractor proposed none of the records"
    quotes = []
    for first, wanted in WANTED.items():
        record = dict(proposed.get(first, {}))
        record.pop("proposed_by", None)
        record.update(wanted)
        quotes.append(record)
    return {**draft, **METADATA, "quotes": quotes}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with a sixth article added through the workflow."""
    base = tmp_path_factory.mktemp("added")
    copy = base / "repo"
    shutil.copytree(ROOT, copy, ignore=lambda _, names: [n for n in names if n in SKIP])
    seeds = base / "shared" / "seeds"  # the five first seeds are absent: their bundled texts serve
    seeds.mkdir(parents=True)
    seed = seeds / SEED
    seed.write_text(TEXT, encoding="utf-8")

    ok(run(copy, "-m", "quotes", "extract", str(seed), "--date", "2008-06-12",
           "--out", "proposed.jsonl", "--articles-out", "article.jsonl"))  # fmt: skip
    ok(run(copy, "curation/draft.py", str(seed), "proposed.jsonl"))
    draft_path = copy / "curation" / "articles" / f"{ID}.json"
    draft = json.loads(draft_path.read_text(encoding="utf-8"))

    unfinished = run(copy, "curation/build.py")
    assert unfinished.returncode == 1
    assert f"{ID}.json is not finished" in unfinished.stderr
    assert "proposed_by" in unfinished.stderr and "TODO" in unfinished.stderr
    assert (copy / "quotes/data/quotes.jsonl").read_bytes() == (
        ROOT / "quotes/data/quotes.jsonl"
    ).read_bytes()

    draft_path.write_text(json.dumps(edit(draft), indent=2, ensure_ascii=False), encoding="utf-8")
    stale = run(copy, "curation/build.py", "--check")
    assert stale.returncode == 1
    assert "out of date: quotes/data/quotes.jsonl; run python curation/build.py" in stale.stderr
    ok(run(copy, "curation/build.py"))
    return copy


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_build_adds_the_article_and_its_records_and_keeps_the_others(copy: Path) -> None:
    old = (ROOT / "quotes/data/quotes.jsonl").read_text(encoding="utf-8").splitlines()
    new = (copy / "quotes/data/quotes.jsonl").read_text(encoding="utf-8").splitlines()
    assert new[: len(old)] == old
    added = [json.loads(line) for line in new[len(old) :]]
    assert [(q["kind"], q["speaker"]["name"]) for q in added] == [
        ("direct", "Jane Roe"),
        ("indirect", None),
    ]
    assert all(q["annotation"]["method"] == "manual" for q in added)
    articles = records(copy / "quotes/data/articles.jsonl")
    assert [a["id"] for a in articles][-1] == ID
    assert articles[-1]["text"] == TEXT and articles[-1]["file"] == SEED
    assert articles[-1]["sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    for q in added:
        for (start, end), _ in zip(q["spans"], q["quote"].split(" "), strict=False):
            assert TEXT[start:end] in q["quote"]


def test_every_generated_file_follows(copy: Path) -> None:
    ok(run(copy, "curation/build.py", "--check"))
    n_quotes = len(records(copy / "quotes/data/quotes.jsonl"))
    card = (copy / "hub" / "README.md").read_text(encoding="utf-8")
    assert f"**{n_quotes} quotes**" in card
    assert "from **6 articles**" in card
    assert re.search(r"^\| The Example Gazette \| 1 \| 2 \|$", card, re.M)
    extractor = (copy / "docs/extractor.md").read_text(encoding="utf-8")
    baseline = extractor.split("<!-- baseline:start -->")[1].split("<!-- baseline:end -->")[0]
    assert re.search(rf"^\| exact \| all \| {n_quotes} \|", baseline, re.M)

    guide = (copy / "docs/annotation.md").read_text(encoding="utf-8")
    assert f"| {ID} | The Example Gazette | 1 | 0 | 1 | 2 | 0 |" in guide
    assert f"- {ID}, no record: 'met ... to discuss'" in guide
    assert re.search(rf"^- `{ID}-\d+` \(direct\): '\"A,\" said X", guide, re.M)
    listed = json.loads((copy / "curation/non_quotations.json").read_text(encoding="utf-8"))
    assert listed[-1]["article_id"] == ID and listed[-1]["text"] == "first step"

    citation = yaml.safe_load((copy / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests/schemas/cff-1.2.0.schema.json").read_text("utf-8"))
    jsonschema.validate(citation, schema)
    assert len(citation["references"]) == 6
    last = citation["references"][-1]
    assert last["title"] == METADATA["title"] and last["url"] == METADATA["url"]
    assert last["date-published"] == "2008-06-12"
    assert last["notes"].startswith(f"Article {ID} of the dataset. A test article")

    croissant = json.loads((copy / "hub/croissant.json").read_text(encoding="utf-8"))
    for name in ("quotes", "articles"):
        hub = copy / "hub" / "data" / name / "train.jsonl"
        assert hub.read_bytes() == (copy / "quotes" / "data" / f"{name}.jsonl").read_bytes()
    assert "in 6 news articles (en;" in croissant["description"]


def test_validate_view_and_the_data_tests_pass_on_the_copy(copy: Path) -> None:
    out = ok(run(copy, "-m", "quotes", "validate"))
    assert "and 6 articles" in out
    ok(run(copy, "-m", "quotes", "view", "--article", ID, "--out", "view-005"))
    page = (copy / "view-005" / f"article-{ID}.html").read_text(encoding="utf-8")
    assert "Jane Roe" in page
    tests = ["tests/test_data.py", "tests/test_citation.py", "tests/test_corpus.py"]
    ok(run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"segments": ["said"]},
            f"build failed: curation/articles/{ID}.json quote #1 (indirect) segment: 'said' occurs "
            "2 times (needs exactly 1)",
        ),
        (
            {"speaker": {**DIPLOMATS, "mentoin": "x"}},  # a misspelt key: the models forbid it
            f"{ID}.json: quotes.1.speaker.mentoin: Extra inputs are not permitted",
        ),
        ({"cue": {"text": "said", "index": 7}}, "'said' has 2 occurrences, no index 7"),
        ({"kind": "direct"}, "is not strictly inside a pair of marks"),
    ],
)
def test_a_bad_draft_stops_the_build_naming_the_record_and_writes_nothing(
    copy: Path, change: dict[str, Any], message: str
) -> None:
    path = copy / "curation" / "articles" / f"{ID}.json"
    good = path.read_text(encoding="utf-8")
    before = {p: p.read_bytes() for p in (copy / "quotes" / "data").iterdir()}
    draft = json.loads(good)
    draft["quotes"][1] = {**draft["quotes"][1], **change}
    try:
        path.write_text(json.dumps(draft, indent=2), encoding="utf-8")
        failed = run(copy, "curation/build.py")
        assert failed.returncode == 1
        assert message in failed.stderr
        assert "Traceback" not in failed.stderr
        assert before == {p: p.read_bytes() for p in (copy / "quotes" / "data").iterdir()}
    finally:
        path.write_text(good, encoding="utf-8")
