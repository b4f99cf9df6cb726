"""The field's scoring protocols (``quotes evaluate --protocol``) on hand-computed toy cases.

The article text is a row of four-letter words, one token each: word ``i`` (``aaaa`` is 0,
``bbbb`` 1, ..., ``hhhh`` 7) stands at code points ``[5i, 5i + 4)``. Records are written with word
ranges (``(1, 4)`` is ``bbbb cccc dddd``); every expected score is worked out by hand in the
comment beside it, from the rules in docs/evaluation.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import made_quote, run_in_process

from quotes.core.models import Quote, Speaker, TextSpan
from quotes.evaluate.citron import citron
from quotes.evaluate.cofenet import cofenet, label_spans, score_labels
from quotes.evaluate.ggt import ggt
from quotes.evaluate.halves import halves, matches
from quotes.io.jsonl import write

TEXT = "aaaa bbbb cccc dddd eeee ffff gggg hhhh"

Words = tuple[int, int]


def _chars(words: Words) -> tuple[int, int]:
    return 5 * words[0], 5 * words[1] - 1


def _text_span(words: Words | None) -> TextSpan | None:
    if words is None:
        return None
    start, end = _chars(words)
    return TextSpan(text=TEXT[start:end], start=start, end=end)


def quote(content: list[Words], *, mention: Words | None = None, cue: Words | None = None) -> Quote:
    """An indirect quote of article 900 with the content segments, speaker mention and cue given
    as word ranges."""
    speaker = Speaker(
        name=None,
        description=None,
        type="unknown",
        members=[],
        wikidata=None,
        mention=_text_span(mention),
        evidence=None,
    )
    spans = [_chars(w) for w in content]
    return made_quote(
        TEXT,
        spans,
        kind="indirect",
        quoted=[],
        speaker=speaker,
        cue=_text_span(cue),
    )


def prf(row: dict[str, object]) -> tuple[object, object, object]:
    return row["precision"], row["recall"], row["f1"]


# ---- CofeNet --------------------------------------------------------------------------------


def test_cofenet_reads_labels_as_cofenet_does() -> None:
    labels = [
        "B-source",
        "I-cue",
        "B-cue",
        "I-cue",
        "O",
        "I-content",
        "B-content",
        "<IGN>",
        "B-cue",
    ]
    # B-source at 0 is closed by an I- of another role, which is dropped; the cue runs 2-3; the
    # I-content after O is dropped; the content at 6 is closed by <IGN>, which ends the sequence.
    assert label_spans(labels) == {"source": [(0,)], "cue": [(2, 3)], "content": [(6,)]}


def test_cofenet_scores_its_own_example() -> None:
    # The example at the foot of CofeNet's exe/eval/evaluation.py: the gold cues are tokens
    # 0-1, 3-5 and 17-19; the prediction has 1, 3-5 and 17-19.
    gold = ["B-cue", "I-cue", "O", "B-cue", "I-cue", "I-cue", "B-content", "I-content"]
    gold += ["I-content"] + ["O"] * 7 + ["B-source", "B-cue", "I-cue", "I-cue", "B-content"]
    gold += ["I-content", "I-content"] + ["O"] * 7 + ["B-content"] + ["O"] * 7
    predicted = ["O", "B-cue", *gold[2:]]
    rows = score_labels([gold], [predicted]).rows
    # Exact: 2 of 3 predicted cues are gold, 2 of 3 gold cues found: P = R = F1 = 2/3; the
    # begins are 0, 3, 17 against 1, 3, 17: the same.
    for match in ("exact", "begin"):
        assert prf(rows[f"cue {match}"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    # Jaccard: gold 0-1 against the predicted 1 shares one token of two (1/2); the other two
    # gold cues are found (1 each); the predicted 1 overlaps a gold cue, so adds nothing:
    # (1/2 + 1 + 1) / 3 = 5/6.
    assert rows["cue jaccard"]["score"] == pytest.approx(5 / 6)
    # Sources and contents are equal: 1 everywhere.
    assert prf(rows["content exact"]) == (1.0, 1.0, 1.0)
    assert rows["source jaccard"]["score"] == 1.0


GOLD = [
    quote([(1, 4)], mention=(0, 1), cue=(4, 5)),  # content bcd, source a, cue e
    quote([(5, 7)], cue=(7, 8)),  # content fg, cue h
]


def test_cofenet_on_records() -> None:
    predicted = [
        quote([(1, 3)], mention=(0, 2), cue=(4, 5)),  # content bc, source ab, cue e
        quote([(5, 7)]),  # content fg
        quote([(7, 8)]),  # content h
    ]
    rows = cofenet(GOLD, predicted).rows
    # Content: gold {bcd, fg}, predicted {bc, fg, h}. Exact: fg only: P 1/3, R 1/2, F1 0.4.
    assert prf(rows["content exact"]) == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert (rows["content exact"]["gold"], rows["content exact"]["predicted"]) == (2, 3)
    # Begin: gold begins b, f; predicted b, f, h: P 2/3, R 1, F1 0.8.
    assert prf(rows["content begin"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # Jaccard: bcd best against bc: 2/3; fg found: 1; bc overlaps gold (no entry); h overlaps
    # none: one (0, 1) entry. (2/3 + 1 + 0) / 3 = 5/9.
    assert rows["content jaccard"]["score"] == pytest.approx(5 / 9)
    # Source: gold {a}, predicted {ab}. Exact 0 (P 0/1, R 0/1); begin a = a: 1; Jaccard 1/2.
    assert prf(rows["source exact"]) == (0.0, 0.0, 0.0)
    assert prf(rows["source begin"]) == (1.0, 1.0, 1.0)
    assert rows["source jaccard"]["score"] == pytest.approx(0.5)
    # Cue: gold {e, h}, predicted {e}: P 1, R 1/2, F1 2/3; Jaccard (1 + 0) / 2.
    assert prf(rows["cue exact"]) == pytest.approx((1.0, 0.5, 2 / 3))
    assert rows["cue jaccard"]["score"] == pytest.approx(0.5)


def test_cofenet_counts_a_span_shared_by_two_records_once() -> None:
    # Two records with one speaker mention: one source span, as in a BIO labelling.
    gold = [quote([(1, 2)], mention=(0, 1)), quote([(3, 4)], mention=(0, 1))]
    rows = cofenet(gold, gold).rows
    assert rows["source exact"]["gold"] == 1 and rows["content exact"]["gold"] == 2


# ---- citron ---------------------------------------------------------------------------------


def test_citron_on_records() -> None:
    predicted = [
        quote([(1, 3)], mention=(0, 1), cue=(4, 5)),  # content bc, source a, cue e
        quote([(5, 7)], cue=(7, 8)),  # content fg, no source, cue h
        quote([(6, 8)], cue=(3, 4)),  # content gh, no source, cue d
    ]
    rows = citron(GOLD, predicted).rows
    # Cue exact: e and h are gold cues, d is not: TP 2, FP 1, FN 0: P 2/3, R 1, F1 0.8.
    assert prf(rows["cue exact"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # Source exact: the first two overlap a gold cue and have its source list ([a]; []): TP 2;
    # d overlaps no gold cue: FP 1; both gold found: 0.8 again.
    assert prf(rows["source exact"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # Content exact: [bc] is not [bcd]: only fg: TP 1, FP 2, FN 1: P 1/3, R 1/2, F1 0.4; the
    # whole quote likewise.
    assert prf(rows["content exact"]) == pytest.approx((1 / 3, 0.5, 0.4))
    assert prf(rows["all exact"]) == pytest.approx((1 / 3, 0.5, 0.4))
    # Cue overlap: e-e and h-h share 1 token each: 2; predicted 3 tokens, gold 2: 2/3, 1, 0.8.
    assert prf(rows["cue overlap"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # Content overlap: bc-bcd 2, fg-fg 2, gh-fg 1: 5 of 6 predicted, of 5 gold: F1 10/11.
    assert prf(rows["content overlap"]) == pytest.approx((5 / 6, 1.0, 10 / 11))
    assert prf(rows["source overlap"]) == (1.0, 1.0, 1.0)
    # All spans: shared 2 + 1 + 5 = 8; predicted 3 + 1 + 6 = 10; gold 2 + 1 + 5 = 8: F1 8/9.
    assert prf(rows["all overlap"]) == pytest.approx((0.8, 1.0, 8 / 9))


def test_citron_missing_cues_match_nothing() -> None:
    bare = [quote([(1, 3)])]
    rows = citron(bare, bare).rows
    # No cue: the cue, source and content rules all need cues; no match anywhere.
    assert rows["content exact"]["matched"] == 0 and rows["content exact"]["f1"] == 0.0


# ---- Gender Gap Tracker ---------------------------------------------------------------------


def test_ggt_on_records() -> None:
    gold = [
        quote([(1, 5)], mention=(0, 1), cue=(7, 8)),  # bbbb ... eeee: 19 characters
        quote([(6, 7)]),  # gggg, no speaker mention, no cue
    ]
    predicted = [
        quote([(2, 5)], mention=(0, 1), cue=(7, 8)),  # covers 14 of gold 1's 19: 0.737
        quote([(1, 3)]),  # covers 9 of 19: 0.474
        quote([(6, 7)], mention=(5, 6), cue=(7, 8)),  # gold 2 whole: 1.0
    ]
    rows = ggt(gold, predicted).rows
    # 0.3: gold 1 takes the first (0.737 beats 0.474; speakers a-a, verbs hhhh-hhhh match);
    # gold 2 the third (gold has no mention but it has: speaker wrong; "" is not "hhhh": verb
    # wrong). TP 2, FN 0, FP 1: P 2/3, R 1, F1 0.8; speaker 1/2, verb 1/2.
    low = rows["quotes 0.3"]
    assert prf(low) == pytest.approx((2 / 3, 1.0, 0.8))
    assert (low["speaker"], low["verb"]) == (0.5, 0.5)
    # 0.8: gold 1 has no prediction above 0.8: FN; gold 2 takes the third. TP 1, FN 1, FP 2:
    # P 1/3, R 1/2, F1 0.4; speaker 0/1, verb 0/1.
    high = rows["quotes 0.8"]
    assert prf(high) == pytest.approx((1 / 3, 0.5, 0.4))
    assert (high["speaker"], high["verb"]) == (0.0, 0.0)


def test_ggt_speaker_and_verb_need_pairs() -> None:
    rows = ggt(GOLD, []).rows
    assert rows["quotes 0.3"]["speaker"] is None and rows["quotes 0.3"]["recall"] == 0.0


# ---- halves (the package's own) -----------------------------------------------------------


def test_halves_on_records() -> None:
    gold = [
        quote([(1, 5)], mention=(0, 1)),  # bbbb ... eeee: characters 5-24, 19 of them
        quote([(6, 7)]),  # gggg: 4 characters, no speaker mention
    ]
    predicted = [
        quote([(2, 5)], mention=(0, 1)),  # 14 characters, all shared: 28 >= 19 and >= 14
        quote([(1, 3)], mention=(0, 1)),  # 9 shared: 18 < 19, too short
        quote([(5, 8)]),  # 4 of its 14 shared: too long
        quote([(6, 7)], mention=(5, 6)),  # gold 2 whole, but a mention where gold has none
    ]
    row = halves(gold, predicted).rows["all"]
    # Both gold matched: R 1; 2 of 4 predicted match: P 1/2; F1 2/3. Pairs: gold 1 with the
    # first (mentions share aaaa: right), gold 2 with the fourth (wrong): speaker 1/2.
    assert prf(row) == pytest.approx((0.5, 1.0, 2 / 3))
    assert (row["gold"], row["predicted"], row["matched"]) == (2, 4, 2)
    assert (row["pairs"], row["speaker"]) == (2, 0.5)
    # The rows of each kind hold that kind only: every record here is indirect.
    assert halves(gold, predicted).rows["indirect"] == row
    direct = halves(gold, predicted).rows["direct"]
    assert (direct["gold"], direct["pairs"], direct["speaker"]) == (0, 0, None)


def test_halves_exactly_half_matches() -> None:
    gold = quote([(0, 1)]).model_copy(update={"spans": [(0, 4)]})
    half = quote([(0, 1)]).model_copy(update={"spans": [(2, 6)]})  # 2 of 4 shared, each side
    less = quote([(0, 1)]).model_copy(update={"spans": [(3, 7)]})  # 1 of 4
    assert matches(gold, half) and not matches(gold, less)
    assert not matches(gold, gold.model_copy(update={"article_id": "901"}))


def test_halves_pairs_each_gold_with_the_most_shared() -> None:
    gold = [quote([(1, 5)], mention=(0, 1))]
    predicted = [
        quote([(2, 5)], mention=(7, 8)),  # matches, 14 characters shared, mention elsewhere
        quote([(1, 5)], mention=(0, 1)),  # matches, all 19 shared: taken
    ]
    row = halves(gold, predicted).rows["all"]
    assert (row["precision"], row["recall"], row["pairs"], row["speaker"]) == (1.0, 1.0, 1, 1.0)
    alone = halves(gold, predicted[:1]).rows["all"]
    assert (alone["pairs"], alone["speaker"]) == (1, 0.0)


def test_cli_protocol_halves(tmp_path: Path) -> None:
    gold_file, pred_file = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    write(GOLD, gold_file)
    write(GOLD[:1], pred_file)
    done = run_in_process(
        "evaluate", str(gold_file), str(pred_file), "--protocol", "halves", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)["rows"]["all"]
    assert (row["precision"], row["recall"]) == (1.0, 0.5)


def test_cli_protocol(tmp_path: Path) -> None:
    gold_file, pred_file = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    write(GOLD, gold_file)
    write(GOLD[:1], pred_file)
    done = run_in_process(
        "evaluate", str(gold_file), str(pred_file), "--protocol", "ggt", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    # One of two gold quotes found, exactly: P 1, R 1/2.
    row = json.loads(done.stdout)["rows"]["quotes 0.3"]
    assert (row["precision"], row["recall"]) == (1.0, 0.5)
    table = run_in_process("evaluate", str(gold_file), str(pred_file), "--protocol", "cofenet")
    assert table.stdout.startswith("cofenet") and "content jaccard" in table.stdout
