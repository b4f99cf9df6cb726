"""The bundled dataset: valid, complete, and faithful to its sources."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter

import jsonschema
from conftest import ROOT

from quotes import load, validate
from quotes.core import marks
from quotes.core.regions import region_of

SEEDS = ROOT.parent / "shared" / "seeds"
DRAFTS = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "curation" / "articles").glob("*.json"))
}
"""The annotator's files, one per article (see curation/drafts.py)."""
CORPUS = load()


def test_bundled_data_validates_at_corpus_level() -> None:
    report = validate()
    assert report.ok, report.problems[:5]
    assert report.corpus_level
    assert report.articles == len(DRAFTS) == len(CORPUS.articles)
    assert report.quotes == len(CORPUS.quotes) > 0


def test_article_texts_are_the_seed_files_byte_for_byte() -> None:
    # Each draft records its seed's name and SHA-256; the seeds present are compared byte for byte.
    assert sorted(CORPUS.articles) == sorted(DRAFTS)
    for article_id, article in CORPUS.articles.items():
        assert article.file == DRAFTS[article_id]["file"]
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        assert article.sha256 == digest == DRAFTS[article_id]["sha256"]
    by_file = {a.file: a for a in CORPUS.articles.values()}
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        assert by_file[path.name].text.encode("utf-8") == path.read_bytes()


def quotation_mark_pairs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, line by line."""
    pairs = []
    offset = 0
    for paragraph in text.split("\n"):
        opened: re.Match[str] | None = None
        for mark in marks.MARK.finditer(text, offset, offset + len(paragraph)):
            if opened is None and mark.group() in marks.OPENING:
                opened = mark
            elif opened is not None and marks.closes(opened.group(), mark.group()):
                pairs.append((opened.end(), mark.start()))
                opened = None
        assert opened is None, f"unpaired quotation mark in {paragraph[:60]!r}"
        offset += len(paragraph) + 1
    return pairs


def test_every_pair_of_quotation_marks_is_accounted_for() -> None:
    decided = json.loads((ROOT / "curation" / "non_quotations.json").read_text(encoding="utf-8"))
    not_quotes = {(d["article_id"], d["start"], d["end"]) for d in decided}
    seen = 0
    for article in CORPUS.articles.values():
        spans = [s for q in CORPUS.filter(article=article.id) for s in q.spans]
        for start, end in quotation_mark_pairs(article.text):
            seen += 1
            inside_a_quote = any(s <= start and end <= e for s, e in spans)
            listed = (article.id, start, end) in not_quotes
            assert inside_a_quote != listed, (article.id, article.text[start:end])
    assert seen == sum(1 for q in CORPUS.quotes if q.kind != "indirect" for _ in q.spans) + len(
        not_quotes
    )


def test_direct_and_mixed_spans_sit_exactly_inside_quotation_marks() -> None:
    for q in CORPUS.quotes:
        text = CORPUS.article(q).text
        for start, end in q.spans:
            inside = (start, end) in quotation_mark_pairs(text)
            assert inside == (q.kind != "indirect"), q.id


def test_no_quote_in_page_furniture_headline_or_dateline() -> None:
    for q in CORPUS.quotes:
        assert region_of(CORPUS.article(q), q.spans) == q.region, q.id


def test_records_are_in_document_order_with_unique_ids() -> None:
    keys = [(q.article_id, q.spans[0][0]) for q in CORPUS.quotes]
    assert keys == sorted(keys)
    assert len({q.id for q in CORPUS.quotes}) == len(CORPUS.quotes)


def test_known_facts_from_provenance() -> None:
    a = CORPUS.articles
    assert (
        str(a["003_0c8d9f83576395f4"].published) == "2007-04-18"
        and a["003_0c8d9f83576395f4"].published_confidence == "stated"
    )
    assert a["002_bdc9815c2310340a"].title is None
    for key in ("000_49a0f48f2e7f7fe1", "001_275f2e75e1c3b447"):
        assert a[key].published_confidence == "inferred"
        assert "2016" not in str(a[key].published)
    wikidata = {q.speaker.name: q.speaker.wikidata for q in CORPUS.quotes if q.speaker.wikidata}
    assert (
        wikidata.items()
        <= {"Dmitry Medvedev": "Q23530", "Vladimir Putin": "Q7747", "Barack Obama": "Q76"}.items()
    )


def test_mis_decoded_characters_have_repairs_beside_the_text() -> None:
    article = CORPUS.articles["001_275f2e75e1c3b447"]
    assert "Rasmussen\u00eds" in article.text
    assert "Rasmussen\u2019s" in article.corrected_text
    assert "\u201copen door\u201d" in article.corrected_text


def test_counts_in_annotation_guidelines_equal_the_data() -> None:
    text = (ROOT / "docs" / "annotation.md").read_text(encoding="utf-8")
    block = text.split("<!-- counts:start -->")[1].split("<!-- counts:end -->")[0]
    rows = re.findall(r"^\| ([\w.-]+) \| [^|]+ \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", block, re.M)
    counts = Counter((q.article_id, q.kind) for q in CORPUS.quotes)
    assert len(rows) == len(CORPUS.articles)
    for article_id, direct, mixed, indirect, total in rows:
        assert int(direct) == counts[(article_id, "direct")]
        assert int(mixed) == counts[(article_id, "mixed")]
        assert int(indirect) == counts[(article_id, "indirect")]
        assert int(total) == len(CORPUS.filter(article=article_id))


def test_card_states_the_first_pass_agreement_of_annotation_guidelines() -> None:
    guide = (ROOT / "docs" / "annotation.md").read_text(encoding="utf-8")
    table = guide.split("Against the first pass")[1].split("\n\n")[1]
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", table, re.M))
    n = rows["records (first pass / second pass / matched)"].split(" / ")[2]
    kind, kind_of = re.findall(r"[\d.]+", rows["kind agreement on matched records"])[:2]
    card = " ".join((ROOT / "docs" / "dataset.md").read_text(encoding="utf-8").split())
    assert (
        f"found the same {n} quotations (quotation F1 "
        f"{rows['quotation F1, overlapping spans']} on overlapping spans, "
        f"{rows['quotation F1, exact spans'].split()[0]} on exact spans)" in card
    )
    assert f"agreed on the kind for {kind_of} of {n} ({kind})" in card
    speaker = rows["speaker agreement on matched records (name, or type if unnamed)"]
    assert f"on the speaker for all {n} ({speaker})" in card


def test_drafts_follow_their_json_schema() -> None:
    schema = json.loads((ROOT / "curation" / "article.schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator(schema)
    for article_id, draft in DRAFTS.items():
        assert draft["$schema"] == "../article.schema.json", article_id
        assert list(checker.iter_errors(draft)) == [], article_id
    broken = {
        **DRAFTS["000_49a0f48f2e7f7fe1"],
        "quotes": [{**DRAFTS["000_49a0f48f2e7f7fe1"]["quotes"][0], "kind": "quoted"}],
    }
    assert not checker.is_valid(broken)


def test_drafts_load_and_round_trip_through_the_form_draft_py_writes() -> None:
    name = "curation_drafts"  # curation/drafts.py, under a name no package uses
    spec = importlib.util.spec_from_file_location(name, ROOT / "curation" / "drafts.py")
    assert spec is not None and spec.loader is not None
    drafts = sys.modules[name] = importlib.util.module_from_spec(spec)  # pydantic resolves here
    spec.loader.exec_module(drafts)
    for path in sorted((ROOT / "curation" / "articles").glob("*.json")):
        draft = drafts.load(path)  # hand-edited: any layout, but only the models' keys
        assert drafts.ArticleDraft.model_validate_json(drafts.dumps(draft)) == draft, path.name
