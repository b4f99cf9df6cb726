"""Scoring rules of ``quotes evaluate`` on hand-made cases.

The article text is a row of four-letter words, so tokens and offsets can be counted by hand:
``aaaa`` is [0, 4), ``bbbb`` [5, 9), ``cccc`` [10, 14), ``dddd`` [15, 19), ``eeee`` [20, 24),
``ffff`` [25, 29), ``gggg`` [30, 34), ``hhhh`` [35, 39). Every expected number below is worked
out from that layout in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from conftest import made_quote, quoted_parts, run_in_process

from quotes.core.models import Article, Quote, Speaker, TextSpan
from quotes.evaluate import evaluate, speaker_matches, unfit
from quotes.io.jsonl import write

TEXT = "aaaa bbbb cccc dddd eeee ffff gggg hhhh"


def article(article_id: str = "900") -> Article:
    return Article(
        id=article_id,
        file=f"{article_id}_test.txt",
        title=None,
        outlet=None,
        outlet_confidence=None,
        outlet_evidence=None,
        url=None,
        wire=None,
        wire_confidence=None,
        wire_evidence=None,
        byline=None,
        published=dt.date(2020, 1, 1),
        published_precision="day",
        published_confidence="stated",
        published_evidence="test",
        language="en",
        rights="test",
        text=TEXT,
        sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
        regions=[],
        corrections=[],
    )


def quote(
    spans: list[tuple[int, int]],
    *,
    kind: str = "direct",
    quoted: list[tuple[int, int]] | None = None,
    name: str | None = "Jane Roe",
    type: str = "person",
    cue: tuple[int, int] | None = (35, 39),
    article_id: str = "900",
) -> Quote:
    speaker = Speaker(
        name=name,
        description=None,
        type=type,  # type: ignore[arg-type]
        members=[],
        wikidata=None,
        mention=None,
        evidence=None,
    )
    return made_quote(
        TEXT,
        spans,
        kind=kind,
        quoted=quoted_parts(kind, spans, quoted),
        speaker=speaker,
        cue=None if cue is None else TextSpan(text=TEXT[cue[0] : cue[1]], start=cue[0], end=cue[1]),
        article_id=article_id,
    )


ARTICLES = {"900": article()}


def test_perfect_prediction_scores_one_everywhere() -> None:
    gold = [quote([(5, 19)]), quote([(20, 29)], kind="indirect", name=None, type="group")]
    result = evaluate(gold, list(gold), ARTICLES)
    for regime in (result.exact, result.overlap):
        for kind in ("direct", "indirect", "all"):
            row = regime[kind]
            assert (row.precision, row.recall, row.f1) == (1.0, 1.0, 1.0)
            assert row.speaker_accuracy == 1.0 and row.cue_accuracy == 1.0
    assert result.exact["all"].matched == 2
    assert result.overlap["all"].gold_tokens == 5  # bbbb cccc dddd + eeee ffff
    # No mixed quotes on either side: nothing to score.
    assert result.exact["mixed"].f1 is None and result.overlap["mixed"].precision is None


def test_empty_prediction_scores_zero() -> None:
    gold = [quote([(5, 19)])]
    result = evaluate(gold, [], ARTICLES)
    for regime in (result.exact, result.overlap):
        row = regime["direct"]
        assert (row.precision, row.recall, row.f1) == (0.0, 0.0, 0.0)
        assert row.matched == 0 and row.speaker_accuracy is None and row.cue_accuracy is None
    assert result.overlap["direct"].gold_tokens == 3
    assert result.overlap["direct"].found_tokens == 0


def test_shifted_span_counts_under_overlap_only() -> None:
    # gold "bbbb cccc dddd" [5, 19); predicted "cccc dddd eeee" [10, 24).
    result = evaluate([quote([(5, 19)])], [quote([(10, 24)])], ARTICLES)
    assert result.exact["direct"].f1 == 0.0
    row = result.overlap["direct"]
    # predicted tokens cccc, dddd overlap gold; eeee does not: 2/3.
    # gold tokens cccc, dddd overlap the prediction; bbbb does not: 2/3.
    assert row.precision == pytest.approx(2 / 3)
    assert row.recall == pytest.approx(2 / 3)
    assert row.f1 == pytest.approx(2 / 3)
    assert row.matched == 1 and row.speaker_accuracy == 1.0


def test_span_off_by_one_character_is_a_full_overlap_match() -> None:
    # predicted "bbb cccc dddd" [6, 19): its three tokens all overlap gold, and every gold token
    # is touched, so overlap P = R = 1 while exact scores zero.
    result = evaluate([quote([(5, 19)])], [quote([(6, 19)])], ARTICLES)
    assert result.exact["direct"].recall == 0.0
    row = result.overlap["direct"]
    assert (row.precision, row.recall) == (1.0, 1.0)


def test_split_quote() -> None:
    # Gold: one quote of two segments "bbbb cccc" [5, 14) and "ffff gggg" [25, 34).
    # Predicted: the two segments as two separate quotes.
    gold = [quote([(5, 14), (25, 34)])]
    predicted = [quote([(5, 14)]), quote([(25, 34)])]
    result = evaluate(gold, predicted, ARTICLES)
    exact = result.exact["direct"]
    assert (exact.precision, exact.recall) == (0.0, 0.0)  # spans lists differ
    row = result.overlap["direct"]
    assert (row.precision, row.recall, row.f1) == (1.0, 1.0, 1.0)  # all 4 tokens, both ways
    assert row.matched == 1  # one to one: the second piece has no gold partner left
    assert row.gold_tokens == 4 and row.predicted_tokens == 4


def test_merged_quotes_pair_with_the_larger_overlap() -> None:
    # Gold: "bbbb" [5, 9) by Ann Lee and "dddd eeee ffff" [15, 29) by Jane Roe.
    # Predicted: one quote "bbbb cccc dddd eeee ffff" [5, 29) by Jane Roe.
    gold = [quote([(5, 9)], name="Ann Lee"), quote([(15, 29)])]
    result = evaluate(gold, [quote([(5, 29)])], ARTICLES)
    row = result.overlap["direct"]
    assert row.precision == pytest.approx(4 / 5)  # cccc is in no gold span
    assert row.recall == 1.0
    # shares 14 characters with the second gold quote, 4 with the first: paired with Jane Roe.
    assert row.matched == 1 and row.speaker_accuracy == 1.0


def test_wrong_speaker() -> None:
    gold = [quote([(5, 19)]), quote([(20, 29)])]
    predicted = [quote([(5, 19)], name="John Doe"), quote([(20, 29)], name="JANE  roe")]
    result = evaluate(gold, predicted, ARTICLES)
    for regime in (result.exact, result.overlap):
        assert regime["direct"].f1 == 1.0  # spans right
        assert regime["direct"].speaker_accuracy == 0.5  # case and spacing do not matter


def test_unnamed_speakers_match_on_type() -> None:
    gold = Speaker(
        name=None,
        description="a NATO official",
        type="anonymous",
        members=[],
        wikidata=None,
        mention=None,
        evidence=None,
    )
    assert speaker_matches(gold, gold.model_copy(update={"description": "an official"}))
    assert not speaker_matches(gold, gold.model_copy(update={"type": "group"}))
    assert not speaker_matches(gold, gold.model_copy(update={"name": "Jane Roe"}))


def test_a_speaker_known_only_by_its_mention_matches_on_the_mention() -> None:
    """PolNeAR's imported speakers: no name, type unknown, a mention. A prediction is right when
    its mention overlaps the gold one, whatever name or type it resolved the mention to."""
    from quotes.core.models import TextSpan

    def mention(start: int, end: int) -> TextSpan:
        return TextSpan(text="x" * (end - start), start=start, end=end)

    gold = Speaker(
        name=None,
        description=None,
        type="unknown",
        members=[],
        wikidata=None,
        mention=mention(10, 25),
        evidence=None,
    )
    named = gold.model_copy(update={"name": "Jane Roe", "type": "person"})
    assert speaker_matches(gold, named.model_copy(update={"mention": mention(20, 23)}))
    assert speaker_matches(gold, named.model_copy(update={"mention": mention(24, 30)}))
    assert not speaker_matches(gold, named.model_copy(update={"mention": mention(25, 30)}))
    assert not speaker_matches(gold, named.model_copy(update={"mention": None}))
    # without a gold mention the type rule still applies
    bare = gold.model_copy(update={"mention": None})
    assert speaker_matches(bare, bare) and not speaker_matches(bare, named)


def test_kind_rows_are_separate_and_all_ignores_kind() -> None:
    result = evaluate([quote([(5, 19)])], [quote([(5, 19)], kind="mixed")], ARTICLES)
    assert result.exact["direct"].recall == 0.0
    assert result.exact["mixed"].precision == 0.0
    assert result.exact["all"].f1 == 1.0
    assert result.exact["all"].kind_accuracy == 0.0


def test_cue_accuracy_counts_overlapping_cues() -> None:
    # cues: "hhhh" [35, 39) in gold; [36, 39) overlaps it, [30, 34) does not, None does not.
    gold = [quote([(5, 9)]), quote([(10, 14)]), quote([(15, 19)])]
    predicted = [
        quote([(5, 9)], cue=(36, 39)),
        quote([(10, 14)], cue=(30, 34)),
        quote([(15, 19)], cue=None),
    ]
    result = evaluate(gold, predicted, ARTICLES)
    assert result.exact["direct"].cue_accuracy == pytest.approx(1 / 3)


def test_articles_are_scored_separately() -> None:
    other = {"900": article("900"), "901": article("901")}
    result = evaluate([quote([(5, 19)])], [quote([(5, 19)], article_id="901")], other)
    assert result.overlap["direct"].f1 == 0.0


def test_tokens_from_quote_text_equal_tokens_from_article() -> None:
    gold = [quote([(5, 14), (25, 34)])]
    predicted = [quote([(10, 29)])]
    with_text = evaluate(gold, predicted, ARTICLES).to_dict()
    without = evaluate(gold, predicted).to_dict()
    assert with_text == without


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_in_process(*args)


def test_cli_json_and_table(tmp_path: Path) -> None:
    gold_file, pred_file, articles_file = (tmp_path / n for n in ("g.jsonl", "p.jsonl", "a.jsonl"))
    write([quote([(5, 19)])], gold_file)
    write([quote([(10, 24)])], pred_file)
    write([article()], articles_file)
    done = _run("evaluate", str(gold_file), str(pred_file), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["overlap"]["direct"]["recall"] == pytest.approx(2 / 3)
    assert data["exact"]["direct"]["f1"] == 0.0
    done = _run("evaluate", str(gold_file), str(pred_file), "--articles", str(articles_file))
    assert done.returncode == 0, done.stderr
    assert "overlap  direct" in done.stdout and "0.667" in done.stdout


def test_cli_rejects_a_prediction_that_is_not_verbatim(tmp_path: Path) -> None:
    gold_file, pred_file, articles_file = (tmp_path / n for n in ("g.jsonl", "p.jsonl", "a.jsonl"))
    write([quote([(5, 19)])], gold_file)
    bad = quote([(5, 19)]).model_copy(update={"quote": "bbbb cccc XXXX"})
    write([bad], pred_file)
    write([article()], articles_file)
    done = _run("evaluate", str(gold_file), str(pred_file), "--articles", str(articles_file))
    assert done.returncode == 1
    # the problem as quotes validate words it: file, line, field, message, type
    assert f"{pred_file}:1: quote: " in done.stderr and "[quote-mismatch]" in done.stderr
    assert "Traceback" not in done.stderr
    missing = _run("evaluate", str(gold_file), str(tmp_path / "none.jsonl"))
    assert missing.returncode == 2 and "none.jsonl" in missing.stderr


def test_a_misfit_names_its_file_line_quote_and_field() -> None:
    bad = quote([(5, 19)]).model_copy(update={"quote": "bbbb cccc XXXX"})
    [misfit] = unfit({"p.jsonl": [(3, bad)]}, {"900": article()})
    assert misfit.quote is bad and misfit.problem.type == "quote-mismatch"
    assert str(misfit).startswith("p.jsonl:3: 900-5: quote: the spans' text")


def test_the_content_and_the_quoted_parts_are_scored_each() -> None:
    """Same quoted words, another paraphrase: the content is not an exact match, the quoted
    part is; indirect quotes have no quoted parts to score."""
    gold = [quote([(5, 19)], kind="mixed", quoted=[(10, 14)])]  # bbbb cccc dddd, cccc quoted
    predicted = [quote([(10, 24)], kind="mixed", quoted=[(10, 14)])]  # cccc dddd eeee
    result = evaluate(gold, predicted, ARTICLES)
    assert result.exact["mixed"].f1 == 0.0
    assert result.quoted_exact["mixed"].f1 == 1.0 and result.quoted_exact["all"].matched == 1
    assert result.quoted_overlap["mixed"].gold_tokens == 1
    assert set(result.quoted_exact) == {"direct", "mixed", "all"}
    assert set(result.to_dict()) == {"exact", "overlap", "quoted_exact", "quoted_overlap"}
    assert "quoted exact" in result.table()
    # without the article texts, the quoted parts' tokens come from the records' own text
    alone = evaluate(gold, predicted)
    assert alone.quoted_overlap["mixed"] == result.quoted_overlap["mixed"]
