"""Build ``quotes/data/*.jsonl`` from the hand-written annotations in ``curation/annotations.py``.

Run from the repository root::

    python curation/build.py        # with the package installed (pip install -e .)

Every offset is computed here from the verbatim strings of ``annotations.py``: a string that is
absent or ambiguous stops the build. The records are built as :mod:`quotes.models` objects (which
validate), every span, mention, cue, region and correction is checked against the article text,
every pair of quotation marks in every article must be accounted for (inside a quote span, or a
listed non-quotation), and then these files are written atomically:

* ``quotes/data/articles.jsonl`` and ``quotes/data/quotes.jsonl``;
* ``curation/non_quotations.json``;
* the generated blocks of ``ANNOTATION.md`` (between ``<!-- NAME:start -->`` and
  ``<!-- NAME:end -->`` markers).

The seed articles are read from ``$QUOTES_SEEDS`` or, by default, ``../shared/seeds`` next to the
repository. Running the build twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "curation"))

import annotations as A  # noqa: E402  (curation/annotations.py)

from quotes.models import (  # noqa: E402
    Annotation,
    Article,
    Correction,
    Quote,
    Region,
    Speaker,
    TextSpan,
    quote_id,
)

SEEDS = Path(os.environ.get("QUOTES_SEEDS", ROOT.parent / "shared" / "seeds"))
DATA = ROOT / "quotes" / "data"
NON_QUOTATIONS_JSON = ROOT / "curation" / "non_quotations.json"
ANNOTATION_MD = ROOT / "ANNOTATION.md"

# Quotation marks: a straight double quote pairs with the next one on the same line; curly and
# mis-decoded marks (001's factbox: "ì" ... "î") open and close explicitly.
OPENERS = {"\u201c": "\u201d", "\u00ec": "\u00ee"}
CLOSERS = {v: k for k, v in OPENERS.items()}
STRAIGHT = '"'


class BuildError(Exception):
    """A string is absent or ambiguous, or a check failed."""


def fail(message: str) -> None:
    raise BuildError(message)


# ------------------------------------------------------------------------------------ locating


def occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def locate(text: str, loc: Any, what: str, after: int = 0) -> tuple[int, int]:
    """Offsets ``(start, end)`` of a locator (see annotations.py) in ``text``."""
    if isinstance(loc, str):
        hits = [i for i in occurrences(text, loc) if i >= after]
        if len(hits) != 1:
            fail(f"{what}: {loc!r} occurs {len(hits)} times (needs exactly 1)")
        return hits[0], hits[0] + len(loc)
    if isinstance(loc, tuple) and len(loc) == 2 and isinstance(loc[1], int):
        needle, index = loc
        hits = occurrences(text, needle)
        if not 0 <= index < len(hits):
            fail(f"{what}: {needle!r} has {len(hits)} occurrences, no index {index}")
        return hits[index], hits[index] + len(needle)
    if isinstance(loc, tuple) and len(loc) == 2 and isinstance(loc[1], str):
        needle, context = loc
        c_start, _ = locate(text, context, f"{what} (context)")
        inner = occurrences(context, needle)
        if len(inner) != 1:
            fail(f"{what}: {needle!r} occurs {len(inner)} times in its context {context!r}")
        return c_start + inner[0], c_start + inner[0] + len(needle)
    fail(f"{what}: bad locator {loc!r}")
    raise AssertionError  # unreachable


def locate_region(text: str, loc: Any, what: str) -> tuple[int, int]:
    if isinstance(loc, dict):
        start, first_end = locate(text, loc["from"], f"{what} (from)")
        last = loc["to"]
        if not isinstance(last, str):
            fail(f"{what}: 'to' must be a plain string")
        end_start = text.find(last, start)
        if end_start == -1:
            fail(f"{what}: {last!r} not found after {loc['from']!r}")
        return start, max(first_end, end_start + len(last))
    return locate(text, loc, what)


def span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(text=text[start:end], start=start, end=end)


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the line (paragraph) holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


def date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


# ------------------------------------------------------------------------ quotation marks


def mark_pairs(text: str, article_id: str) -> list[tuple[int, int]]:
    """Every pair of quotation marks as ``(inner_start, inner_end)``; fails on an unpaired mark."""
    pairs: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        open_at: int | None = None
        open_char = ""
        for i, ch in enumerate(line):
            pos = line_start + i
            if open_at is None:
                if ch == STRAIGHT or ch in OPENERS:
                    open_at, open_char = pos, ch
                elif ch in CLOSERS:
                    fail(f"{article_id}: closing mark {ch!r} at {pos} without an opening one")
            else:
                closes = ch == STRAIGHT if open_char == STRAIGHT else ch == OPENERS[open_char]
                if closes:
                    pairs.append((open_at + 1, pos))
                    open_at = None
                elif ch == STRAIGHT or ch in OPENERS or ch in CLOSERS:
                    fail(f"{article_id}: mark {ch!r} at {pos} inside the pair opened at {open_at}")
        if open_at is not None:
            fail(f"{article_id}: quotation mark at {open_at} is not closed on its line")
        line_start += len(line) + 1
    return pairs


# ------------------------------------------------------------------------------------ articles


def build_articles() -> dict[str, Article]:
    articles: dict[str, Article] = {}
    if not SEEDS.is_dir():
        fail(f"no seed folder at {SEEDS}: put the seeds there or set QUOTES_SEEDS")
    seed_files = sorted(p.name for p in SEEDS.glob("*.txt"))
    annotated = sorted(a["file"] for a in A.ARTICLES.values())
    if seed_files != annotated:
        fail(f"seed files {seed_files} differ from annotated files {annotated}")
    for article_id, meta in sorted(A.ARTICLES.items()):
        if meta["file"].split("_", 1)[0] != article_id:
            fail(f"{article_id}: file {meta['file']} does not start with the article id")
        raw = (SEEDS / meta["file"]).read_bytes()
        text = raw.decode("utf-8")
        regions = []
        for kind, loc in meta["regions"]:
            start, end = locate_region(text, loc, f"{article_id} region {kind}")
            regions.append(Region(start=start, end=end, kind=kind))
        regions.sort(key=lambda r: r.start)
        corrections = []
        for loc, corrected, reason in meta["corrections"]:
            start, end = locate(text, loc, f"{article_id} correction")
            corrections.append(
                Correction(
                    start=start,
                    end=end,
                    original=text[start:end],
                    corrected=corrected,
                    reason=reason,
                )
            )
        corrections.sort(key=lambda c: c.start)
        fields = {
            k: meta[k]
            for k in (
                "title",
                "outlet",
                "outlet_confidence",
                "outlet_evidence",
                "url",
                "wire",
                "wire_confidence",
                "wire_evidence",
                "byline",
                "published_precision",
                "published_confidence",
                "published_evidence",
                "rights",
            )
        }
        published = date(meta["published"])
        if meta["published_precision"] != "day" and published.day != 1:
            fail(f"{article_id}: published precision {meta['published_precision']} needs day 01")
        article = Article(
            id=article_id,
            file=meta["file"],
            published=published,
            language="en",
            text=text,
            sha256=hashlib.sha256(raw).hexdigest(),
            regions=regions,
            corrections=corrections,
            **fields,
        )
        if article.text.encode("utf-8") != raw:
            fail(f"{article_id}: text does not round-trip to the seed bytes")
        articles[article_id] = article
    return articles


# ------------------------------------------------------------------------------------ quotes


def build_quotes(articles: dict[str, Article]) -> list[Quote]:
    quotes: list[Quote] = []
    for n, item in enumerate(A.QUOTES):
        article = articles[item["article"]]
        text = article.text
        what = f"quote #{n} ({item['article']}, {item['kind']})"
        spans: list[tuple[int, int]] = []
        for seg in item["segments"]:
            start, end = locate(text, seg, f"{what} segment")
            spans.append((start, end))
        if spans != sorted(spans):
            fail(f"{what}: segments are not in document order")
        kind = item["kind"]
        for start, end in spans:
            before, after = text[start - 1 : start], text[end : end + 1]
            marked = (before == STRAIGHT and after == STRAIGHT) or (
                before in OPENERS and after == OPENERS[before]
            )
            if kind in ("direct", "mixed") and not marked:
                fail(f"{what}: span {text[start:end]!r} is not strictly inside a pair of marks")
            touches = before in (STRAIGHT, *OPENERS) or after in (STRAIGHT, *CLOSERS)
            if kind == "indirect" and touches:
                fail(f"{what}: indirect span {text[start:end]!r} touches a quotation mark")
            if text[start:end] != text[start:end].strip():
                fail(f"{what}: span {text[start:end]!r} has leading or trailing white space")
        # Region: every span in the same region, which must agree with the record's.
        kinds = set()
        for start, end in spans:
            first, last = article.region_at(start), article.region_at(end - 1)
            if first != last:
                fail(f"{what}: span crosses a region boundary")
            kinds.add(first.kind if first else "body")
        if kinds != {item["region"]}:
            fail(f"{what}: region {item['region']!r} but the spans lie in {sorted(kinds)}")
        # Speaker mention and cue: in the quote's paragraph(s), outside its spans.
        para_start = line_bounds(text, spans[0][0])[0]
        para_end = line_bounds(text, spans[-1][1] - 1)[1]
        sp = item["speaker"]
        located: dict[str, TextSpan | None] = {}
        for key, loc in (("mention", sp["mention"]), ("cue", item["cue"])):
            if loc is None:
                located[key] = None
                continue
            start, end = locate(text, loc, f"{what} {key}")
            if not (para_start <= start and end <= para_end):
                fail(f"{what}: {key} {text[start:end]!r} is outside the quote's paragraph")
            if any(start < e and s < end for s, e in spans):
                fail(f"{what}: {key} {text[start:end]!r} overlaps a quote span")
            located[key] = span(text, start, end)
        if located["mention"] and located["cue"]:
            m, c = located["mention"], located["cue"]
            if m.start < c.end and c.start < m.end:
                fail(f"{what}: mention and cue overlap")
        speaker = Speaker(
            name=sp["name"],
            description=sp["description"],
            type=sp["type"],
            members=sp["members"],
            wikidata=sp["wikidata"],
            mention=located["mention"],
            evidence=sp["evidence"],
        )
        if speaker.type == "person" and not speaker.name:
            fail(f"{what}: a person needs a name")
        if speaker.type == "anonymous" and speaker.name:
            fail(f"{what}: an anonymous speaker has no name")
        uttered = precision = confidence = evidence = None
        if item["uttered"]:
            value, precision, confidence, evidence = item["uttered"]
            uttered = date(value)
            if precision != "day" and uttered.day != 1:
                fail(f"{what}: uttered precision {precision} needs day 01")
            if uttered > article.published:
                fail(f"{what}: uttered {uttered} is after the article's date")
        quote = Quote(
            id=quote_id(article.id, spans[0][0]),
            article_id=article.id,
            kind=kind,
            quote=" ".join(text[s:e] for s, e in spans),
            spans=spans,
            speaker=speaker,
            cue=located["cue"],
            addressee=item["addressee"],
            via=item["via"],
            date=article.published,
            date_precision=article.published_precision,
            uttered=uttered,
            uttered_precision=precision,
            uttered_confidence=confidence,
            uttered_evidence=evidence,
            outlet=article.outlet,
            region=item["region"],
            annotation=Annotation(method="manual", tool=None, confidence=None),
        )
        for (s, e), seg in zip(quote.spans, item["segments"], strict=True):
            expected = seg if isinstance(seg, str) else seg[0]
            if text[s:e] != expected:
                fail(f"{what}: text[{s}:{e}] is not the segment {expected!r}")
        for key, loc in (("mention", sp["mention"]), ("cue", item["cue"])):
            found = located[key]
            expected = loc if isinstance(loc, str) else loc[0]
            if found is not None and not (text[found.start : found.end] == found.text == expected):
                fail(f"{what}: {key} text does not match the article")
        quotes.append(quote)
    quotes.sort(key=lambda q: (q.article_id, q.spans[0][0]))
    ids = Counter(q.id for q in quotes)
    if dupes := [i for i, c in ids.items() if c > 1]:
        fail(f"duplicate quote ids: {dupes}")
    # Two records of one article must not share text.
    by_article: dict[str, list[tuple[int, int]]] = {}
    for q in quotes:
        by_article.setdefault(q.article_id, []).extend(q.spans)
    for article_id, all_spans in by_article.items():
        all_spans.sort()
        for (s1, e1), (s2, e2) in itertools.pairwise(all_spans):
            if s2 < e1:
                fail(f"{article_id}: spans {(s1, e1)} and {(s2, e2)} of two records overlap")
    return quotes


# ------------------------------------------------------------------------------------ completeness


def build_non_quotations(articles: dict[str, Article], quotes: list[Quote]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    for n, item in enumerate(A.NON_QUOTATIONS):
        article = articles[item["article"]]
        start, end = locate(article.text, item["text"], f"non-quotation #{n}")
        listed.append(
            {
                "article_id": article.id,
                "start": start,
                "end": end,
                "text": article.text[start:end],
                "reason": item["reason"],
            }
        )
    listed.sort(key=lambda d: (d["article_id"], d["start"]))
    listed_keys = {(d["article_id"], d["start"], d["end"]) for d in listed}
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for q in quotes:
        spans_of.setdefault(q.article_id, []).extend(q.spans)
    accounted: set[tuple[str, int, int]] = set()
    for article_id, article in sorted(articles.items()):
        for a, b in mark_pairs(article.text, article_id):
            inside = any(s <= a and b <= e for s, e in spans_of.get(article_id, []))
            is_listed = (article_id, a, b) in listed_keys
            if inside and is_listed:
                fail(f"{article_id}: {article.text[a:b]!r} is both inside a quote and listed")
            if not inside and not is_listed:
                fail(
                    f"{article_id}: quoted string {article.text[a:b]!r} at {a} is neither inside "
                    "a quote span nor listed as a non-quotation"
                )
            if is_listed:
                accounted.add((article_id, a, b))
    if missing := listed_keys - accounted:
        fail(f"listed non-quotations that are not a pair of quotation marks: {sorted(missing)}")
    return listed


# ------------------------------------------------------------------------------------ writing


def write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def replace_block(document: str, name: str, body: str) -> str:
    start_marker, end_marker = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if document.count(start_marker) != 1 or document.count(end_marker) != 1:
        fail(f"ANNOTATION.md needs exactly one {start_marker} and one {end_marker}")
    head, rest = document.split(start_marker)
    _, tail = rest.split(end_marker)
    return f"{head}{start_marker}\n{body}{end_marker}{tail}"


def md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def counts_block(articles: dict[str, Article], quotes: list[Quote]) -> str:
    kinds = ("direct", "mixed", "indirect")
    counts = Counter((q.article_id, q.kind) for q in quotes)
    regions = Counter((q.article_id, q.region) for q in quotes)
    lines = [
        "| article | outlet | direct | mixed | indirect | total | of which sidebar |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for article_id, article in sorted(articles.items()):
        row = [counts[(article_id, k)] for k in kinds]
        lines.append(
            f"| {article_id} | {article.outlet} | "
            + " | ".join(str(c) for c in row)
            + f" | {sum(row)} | {regions[(article_id, 'sidebar')]} |"
        )
    totals = [sum(counts[(a, k)] for a in articles) for k in kinds]
    lines.append(
        "| **all** | | "
        + " | ".join(str(c) for c in totals)
        + f" | {sum(totals)} | {sum(regions[(a, 'sidebar')] for a in articles)} |"
    )
    return "\n".join(lines) + "\n"


def decisions_block(item_ids: list[str]) -> str:
    """Every record-level note (with the record's id), then the decisions that made no record."""
    lines = []
    for item, record_id in zip(A.QUOTES, item_ids, strict=True):
        if item["note"]:
            lines.append(f"- `{record_id}` ({item['kind']}): {md(item['note'])}")
    for article_id, text in sorted(A.OTHER_DECISIONS, key=lambda d: d[0]):
        lines.append(f"- {article_id}, no record: {md(text)}")
    return "\n".join(lines) + "\n"


def non_quotations_block(listed: list[dict[str, Any]]) -> str:
    lines = ["| article | offsets | quoted text | reason |", "|---|---|---|---|"]
    for d in listed:
        lines.append(
            f"| {d['article_id']} | {d['start']}-{d['end']} | `{md(d['text'])}` | "
            f"{md(d['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    try:
        articles = build_articles()
        quotes = build_quotes(articles)
        item_ids = [  # the record id of each annotated item, in annotations.py order
            quote_id(
                item["article"],
                locate(articles[item["article"]].text, item["segments"][0], "id")[0],
            )
            for item in A.QUOTES
        ]
        listed = build_non_quotations(articles, quotes)
        document = ANNOTATION_MD.read_text(encoding="utf-8")
        document = replace_block(document, "counts", counts_block(articles, quotes))
        document = replace_block(document, "decisions", decisions_block(item_ids))
        document = replace_block(document, "non-quotations", non_quotations_block(listed))
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    write_atomic(
        DATA / "articles.jsonl", "".join(a.model_dump_json() + "\n" for a in articles.values())
    )
    write_atomic(DATA / "quotes.jsonl", "".join(q.model_dump_json() + "\n" for q in quotes))
    write_atomic(NON_QUOTATIONS_JSON, json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
    write_atomic(ANNOTATION_MD, document)
    kinds = Counter(q.kind for q in quotes)
    print(
        f"{len(articles)} articles, {len(quotes)} quotes "
        f"({', '.join(f'{k} {kinds[k]}' for k in ('direct', 'mixed', 'indirect'))}), "
        f"{len(listed)} non-quotations"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:  # no options: any argument (e.g. --help) gets the usage
        print(__doc__)
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    sys.exit(main())
