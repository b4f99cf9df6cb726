"""Score quote records by CofeNet's protocol on CofeNet's own PolNeAR instances.

CofeNet (COLING 2022, ``cofe-ai/CofeNet``) scores PolNeAR as paragraph instances
(``res/polnear/{valid,test}.txt``: CoreNLP tokens and BIO labels of source, cue and content).
This script maps records onto those instances and scores them with
:mod:`quotes.evaluate.cofenet`. It fetches nothing: give it your checkout of CofeNet and an
import of PolNeAR made by ``quotes import polnear PATH --split dev --out DIR``::

    python bench/cofenet.py --cofenet ~/src/CofeNet --polnear DIR            # the rules, dev
    python bench/cofenet.py --cofenet ~/src/CofeNet --polnear DIR --predicted PRED.jsonl
    python bench/cofenet.py --cofenet ~/src/CofeNet --polnear DIR --model MODEL    # extract --model

What it prints, per role (exact, begin, Jaccard):

* ``gold``: PolNeAR's gold records of the import mapped onto the instances and scored against
  CofeNet's labels: checks the mapping (it should score about 1.0);
* ``rules`` (or ``predicted``, or ``model``: the records of ``quotes extract --model MODEL``
  on the import's articles, a model trained by ``quotes train`` on PolNeAR ``train``): the
  records to score, as they are;
* ``... (marks)``: the same with each content segment widened over the quotation marks that
  touch it, and over a comma or full stop between its end and a closing mark. This is the
  protocol's mapping of our records, the line to compare with the published numbers: PolNeAR's
  content includes the marks, while a record's spans never begin or end with one (by the
  record rules), so the convention is converted here, not in the records;
* ``cross-check``: our implementation against CofeNet's own ``cal_evaluation_detail`` and
  ``get_element`` (loaded from the checkout, with ``sklearn`` stubbed when absent) on the same
  labels: the two must agree exactly.

Use ``--split dev`` (``valid.txt``) while working: PolNeAR's ``test`` is held out, scored once.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import types
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from quotes.core.models import Article, Quote
from quotes.evaluate.cofenet import ROLES, score_labels
from quotes.evaluate.units import Scores
from quotes.extract import extract_all
from quotes.io.jsonl import read

FILES = {"dev": "valid.txt", "test": "test.txt"}
MARKS = "\"'\u201c\u201d\u2018\u2019«»`"
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}

Instance = dict[str, list[str]]


def instances(cofenet: Path, split: str) -> list[dict[str, object]]:
    """CofeNet's instances of a split (one JSON object a line)."""
    path = cofenet / "res" / "polnear" / FILES[split]
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


SAME = str.maketrans("\u2019\u2018\u201c\u201d", "''\"\"")
"""Curly apostrophes and quotation marks read as CoreNLP writes them (same length)."""

VARIANTS = {"--": ("--", "—", "\u2013"), "...": ("...", "…"), "-": ("-", "\u2013", "—")}


def _find(text: str, token: str, position: int) -> tuple[int, int] | None:
    """Where ``token`` (a CoreNLP token) stands in ``text`` (its quotation marks and
    apostrophes straightened) at or just after ``position``."""
    while position < len(text) and text[position].isspace():
        position += 1
    token = PTB.get(token, token).replace("\xa0", " ")
    if token in ("``", "''", "`", "'") and position < len(text) and text[position] in MARKS:
        end = position + 1
        while (
            token in ("``", "''") and end < len(text) and text[end] in "`'" and end - position < 2
        ):
            end += 1
        return position, end
    for variant in VARIANTS.get(token, (token,)):
        if text.startswith(variant, position):
            return position, position + len(variant)
    for variant in VARIANTS.get(token, (token,)):
        found = text.find(variant, position, position + 40)
        if found >= 0:
            return found, found + len(variant)
    return None


def align(text: str, docs: Sequence[dict[str, object]]) -> list[list[tuple[int, int] | None]]:
    """The character range of every token of an article's instances (in order), or None."""
    plain = text.translate(SAME)
    position, result = 0, []
    for doc in docs:
        ranges: list[tuple[int, int] | None] = []
        for token in doc["tokens"]:  # type: ignore[attr-defined]
            found = _find(plain, str(token), position)
            ranges.append(found)
            if found is not None:
                position = found[1]
        result.append(ranges)
    return result


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A content segment with the quotation marks that touch it (PolNeAR's convention)."""
    while start > 0 and text[start - 1] in MARKS:
        start -= 1
    while end < len(text) and (
        text[end] in MARKS or (text[end] in ",." and end + 1 < len(text) and text[end + 1] in MARKS)
    ):
        end += 1
    return start, end


def role_spans(quotes: Iterable[Quote], text: str, marks: bool) -> list[tuple[str, int, int]]:
    """``(role, start, end)`` of every content segment, cue and source mention, in the order
    they are labelled (later ones win a token)."""
    spans = []
    for q in quotes:
        for s, e in q.spans:
            spans.append(("content", *(_widen(text, s, e) if marks else (s, e))))
    for q in quotes:
        if q.cue is not None:
            spans.append(("cue", q.cue.start, q.cue.end))
    for q in quotes:
        m = q.speaker.mention
        if m is not None:
            spans.append(("source", m.start, m.end))
    return spans


def labels(
    ranges: Sequence[tuple[int, int] | None], spans: Sequence[tuple[str, int, int]]
) -> list[str]:
    """BIO labels of one instance's tokens from character spans: each token takes the role of
    the last span it overlaps; a span's first token is ``B-``."""
    result = ["O"] * len(ranges)
    for role, start, end in spans:
        first = True
        for i, r in enumerate(ranges):
            if r is not None and r[0] < end and start < r[1]:
                result[i] = ("B-" if first else "I-") + role
                first = False
    return result


def document(doc: dict[str, object]) -> tuple[str, str]:
    """An instance's PolNeAR file name and annotator (its id is ``<filename>_<annotator>``)."""
    name, _, annotator = str(doc["id"]).rpartition("_")
    return name, annotator


def mapped(
    docs: Sequence[dict[str, object]],
    articles: dict[str, Article],
    quotes: Iterable[Quote],
    marks: bool,
    annotated_only: bool = False,
) -> tuple[list[list[str]], list[list[str]], int]:
    """Gold labels (CofeNet's) and the records' labels, instance by instance, and the number
    of tokens that could not be placed in the article text; ``annotated_only``: only the
    instances of the annotator whose attributions the import holds (agreement articles were
    annotated several times; CofeNet keeps every version)."""
    by_file = {Path(a.file).stem: a for a in articles.values()}
    records: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        records[q.article_id].append(q)
    grouped: dict[str, list[dict[str, object]]] = defaultdict(list)
    for doc in docs:
        grouped[str(doc["id"])].append(doc)
    gold, predicted, lost = [], [], 0
    for group in grouped.values():
        name, annotator = document(group[0])
        article = by_file.get(name)
        if article is None:
            continue
        if annotated_only and (article.source is None or article.source.annotator != annotator):
            continue
        spans = role_spans(records[article.id], article.text, marks)
        for doc, ranges in zip(group, align(article.text, group), strict=True):
            lost += sum(r is None for r in ranges)
            gold.append(list(doc["labels"]))  # type: ignore[call-overload]
            predicted.append(labels(ranges, spans))
    return gold, predicted, lost


def their_scores(
    cofenet: Path, gold: list[list[str]], predicted: list[list[str]]
) -> dict[str, float]:
    """Exact and begin F1, and Jaccard, by CofeNet's own ``get_element`` and
    ``cal_evaluation_detail``."""
    if "sklearn" not in sys.modules and importlib.util.find_spec("sklearn") is None:
        # only eva_classifier, which this does not call, needs it
        stub = types.ModuleType("sklearn.metrics")
        for name in (
            "confusion_matrix",
            "accuracy_score",
            "precision_score",
            "recall_score",
            "f1_score",
        ):
            setattr(stub, name, None)
        sys.modules.setdefault("sklearn", types.ModuleType("sklearn"))
        sys.modules["sklearn.metrics"] = stub
    package = types.ModuleType("exe.eval")
    package.__path__ = [str(cofenet / "exe" / "eval")]
    sys.modules.setdefault("exe", types.ModuleType("exe"))
    sys.modules["exe.eval"] = package
    modules = {}
    for name in ("const", "extraction", "evaluation"):
        spec = importlib.util.spec_from_file_location(
            f"exe.eval.{name}", cofenet / "exe" / "eval" / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[name] = module
    get_element = modules["extraction"].get_element
    detail = modules["evaluation"].cal_evaluation_detail
    result = {}
    for match, key in (("exact_match", "exact"), ("begin", "begin"), ("jaccard", "jaccard")):
        for role in ROLES:
            t_all: list[float] = []
            p_all: list[float] = []
            for g, p in zip(gold, predicted, strict=True):
                t, q = detail(get_element(g).get(role, []), get_element(p).get(role, []), match)
                t_all += t
                p_all += q
            hits = sum(a * b for a, b in zip(t_all, p_all, strict=True))
            if key == "jaccard":  # np.mean of the products
                result[f"{role} {key}"] = hits / len(t_all) if t_all else 0.0
                continue
            pr = hits / sum(p_all) if sum(p_all) else 0.0
            rc = hits / sum(t_all) if sum(t_all) else 0.0
            result[f"{role} {key}"] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return result


def show(name: str, scores: Scores) -> None:
    """One line per role: exact P/R/F1, begin F1, Jaccard."""
    print(f"== {name}")
    for role in ROLES:
        e, b, j = (scores.rows[f"{role} {m}"] for m in ("exact", "begin", "jaccard"))
        print(
            f"  {role:8} exact P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}"
            f"   begin F1 {b['f1']:.3f}   jaccard {j['score'] or 0:.3f}"
        )


def _predicted(args: argparse.Namespace, articles: dict[str, Article]) -> tuple[str, list[Quote]]:
    """The name and records of what is scored: the records given, the model's or the rules'
    extraction of the articles."""
    if args.predicted:
        return "predicted", [q for q in read(args.predicted, Quote) if q.article_id in articles]
    if args.model:
        from quotes.extract.learned import load_model

        model = load_model(args.model)
        return "model", model.extract_all(articles[k] for k in sorted(articles))
    return "rules", extract_all(articles.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cofenet", type=Path, required=True, help="a checkout of cofe-ai/CofeNet")
    parser.add_argument(
        "--polnear",
        type=Path,
        required=True,
        help="a quotes import of PolNeAR (articles.jsonl, quotes.jsonl)",
    )
    parser.add_argument("--split", choices=list(FILES), default="dev")
    given = parser.add_mutually_exclusive_group()
    given.add_argument(
        "--predicted", type=Path, help="records to score (default: the rules' extraction)"
    )
    given.add_argument(
        "--model", type=Path, help="score the extraction with this model (quotes train's folder)"
    )
    args = parser.parse_args(argv)
    docs = instances(args.cofenet, args.split)
    ids = {document(d)[0] for d in docs}
    articles = {
        a.id: a for a in read(args.polnear / "articles.jsonl", Article) if Path(a.file).stem in ids
    }
    gold_records = [
        q for q in read(args.polnear / "quotes.jsonl", Quote) if q.article_id in articles
    ]
    name, predicted = _predicted(args, articles)
    print(
        f"{len(docs)} instances of {len(ids)} articles ({args.split}); "
        f"{len(articles)} articles in the import"
    )
    runs = [
        ("gold (its annotator's instances)", gold_records, True, True),
        (name, predicted, False, False),
        (f"{name} (marks)", predicted, True, False),
    ]
    for label, records, marks, annotated_only in runs:
        gold, labelled, lost = mapped(docs, articles, records, marks, annotated_only)
        scores = score_labels(gold, labelled)
        show(f"{label}: {len(gold)} instances, {lost} tokens not placed", scores)
        theirs = their_scores(args.cofenet, gold, labelled)
        ours = {k: scores.rows[k].get("f1", scores.rows[k].get("score")) or 0.0 for k in theirs}
        worst = max(abs(theirs[k] - float(ours[k])) for k in theirs)
        print(
            f"  cross-check with CofeNet's own code (F1, Jaccard): largest difference {worst:.1e}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
