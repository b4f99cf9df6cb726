"""Build the dataset and every file derived from it from the drafts in ``curation/articles/``.

Run from a checkout (the ``quotes`` package of that checkout is used)::

    python curation/build.py            # rewrite whatever is out of date
    python curation/build.py --check    # exit 1 if any file is out of date (CI runs this)

One draft per article, ``curation/articles/<id>.json`` (see ``curation/drafts.py``). Every offset
is computed here from the verbatim strings of the drafts: a string that is absent or ambiguous
stops the build. The records are built as :mod:`quotes.models` objects (which validate), every
span, mention, cue, region and correction is checked against the article text, every pair of
quotation marks in every article must be accounted for (inside a quote span, or a listed
non-quotation), and then these files are brought up to date, each written atomically:

* ``quotes/data/articles.jsonl`` and ``quotes/data/quotes.jsonl``;
* ``curation/non_quotations.json``;
* the generated blocks of ``ANNOTATION.md`` (counts, decisions, non-quotations, and the
  agreement with the second pass, see ``curation/agreement.py``);
* the ``references`` of ``CITATION.cff`` (one per article);
* the dataset card in ``README.md`` and ``croissant.json`` (as ``python -m quotes.card --write``
  makes them, from the records built here), and the README's baseline table (what the commands
  of its "Baseline scores" section print).

The article texts are the seed files, read from ``$QUOTES_SEEDS`` or, by default,
``../shared/seeds`` next to the checkout; each must have the SHA-256 its draft records. Where a
seed file is absent, the text already bundled in ``quotes/data/articles.jsonl`` is used if it has
that SHA-256, so a checkout without the seeds can still check and rebuild. Running the build
twice gives byte-identical files. Exit codes: 0 done (or up to date), 1 a check failed or a file
is out of date, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "curation"))

import agreement  # noqa: E402  (curation/agreement.py)
import drafts as D  # noqa: E402  (curation/drafts.py)

from quotes import card, croissant  # noqa: E402
from quotes.models import (  # noqa: E402
    KINDS,
    Annotation,
    Article,
    Correction,
    Quote,
    Region,
    Speaker,
    TextSpan,
    article_id_for,
    quote_id,
)

SEEDS = Path(os.environ.get("QUOTES_SEEDS", ROOT.parent / "shared" / "seeds"))
DATA = ROOT / "quotes" / "data"
NON_QUOTATIONS_JSON = ROOT / "curation" / "non_quotations.json"
ANNOTATION_MD = ROOT / "ANNOTATION.md"
CITATION_CFF = ROOT / "CITATION.cff"
README_MD = ROOT / "README.md"
CROISSANT_JSON = ROOT / "croissant.json"

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


def needle_of(loc: D.Locator) -> str:
    """The text a locator stands for."""
    return loc if isinstance(loc, str) else loc.text


def locate(text: str, loc: D.Locator, what: str) -> tuple[int, int]:
    """Offsets ``(start, end)`` of a locator (see curation/drafts.py) in ``text``."""
    if isinstance(loc, str):
        hits = occurrences(text, loc)
        if len(hits) != 1:
            fail(f"{what}: {loc!r} occurs {len(hits)} times (needs exactly 1)")
        return hits[0], hits[0] + len(loc)
    if isinstance(loc, D.Nth):
        hits = occurrences(text, loc.text)
        if not loc.index < len(hits):
            fail(f"{what}: {loc.text!r} has {len(hits)} occurrences, no index {loc.index}")
        return hits[loc.index], hits[loc.index] + len(loc.text)
    c_start, _ = locate(text, loc.within, f"{what} (context)")
    inner = occurrences(loc.within, loc.text)
    if len(inner) != 1:
        fail(f"{what}: {loc.text!r} occurs {len(inner)} times in its context {loc.within!r}")
    return c_start + inner[0], c_start + inner[0] + len(loc.text)


def locate_region(text: str, loc: D.Locator | D.Range, what: str) -> tuple[int, int]:
    if isinstance(loc, D.Range):
        start, first_end = locate(text, loc.start, f"{what} (from)")
        end_start = text.find(loc.to, start)
        if end_start == -1:
            fail(f"{what}: {loc.to!r} not found after {needle_of(loc.start)!r}")
        return start, max(first_end, end_start + len(loc.to))
    return locate(text, loc, what)


def span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(text=text[start:end], start=start, end=end)


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the line (paragraph) holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


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


def bundled_texts() -> dict[str, str]:
    """The article texts already in ``quotes/data/articles.jsonl`` (the fallback for seeds)."""
    try:
        lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        return {str(row["id"]): str(row["text"]) for row in rows}
    except (OSError, ValueError, TypeError, KeyError):  # absent or damaged: no fallback
        return {}


def seed_bytes(article_id: str, draft: D.ArticleDraft, bundled: dict[str, str]) -> bytes:
    """The article's text as bytes: its seed file, else the bundled text with the same hash."""
    path = SEEDS / draft.file
    if path.is_file():
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != draft.sha256:
            fail(
                f"{article_id}: {path} does not have the SHA-256 of curation/articles/"
                f"{article_id}.json; a seed is kept byte for byte, so restore it (or, for a new "
                "text, put its hash in the draft)"
            )
        return raw
    if article_id in bundled:
        raw = bundled[article_id].encode("utf-8")
        if hashlib.sha256(raw).hexdigest() == draft.sha256:
            return raw
    fail(
        f"{article_id}: no seed file {path} and no bundled text with the draft's SHA-256; "
        "put the seeds there or set QUOTES_SEEDS"
    )
    raise AssertionError  # unreachable


def build_articles(drafts: dict[str, D.ArticleDraft]) -> dict[str, Article]:
    if SEEDS.is_dir():
        files = {d.file for d in drafts.values()}
        for path in sorted(SEEDS.glob("*.txt")):
            if path.name not in files:
                fail(
                    f"seed {path.name} has no draft: run python curation/draft.py {path} "
                    "(see ANNOTATION.md, 'Adding an article')"
                )
    bundled = bundled_texts()
    articles: dict[str, Article] = {}
    for article_id, draft in sorted(drafts.items()):
        if left := D.unfinished(draft):
            fail(f"curation/articles/{article_id}.json is not finished: " + "; ".join(left))
        try:
            from_file = article_id_for(draft.file)
        except ValueError as error:
            fail(f"{article_id}: {error}")
        if from_file != article_id:
            fail(
                f"curation/articles/{article_id}.json: its seed {draft.file} gives the article "
                f"id {from_file!r}; name the draft {from_file}.json"
            )
        raw = seed_bytes(article_id, draft, bundled)
        text = raw.decode("utf-8")
        regions = []
        for r in draft.regions:
            start, end = locate_region(text, r.at, f"{article_id} region {r.kind}")
            regions.append(Region(start=start, end=end, kind=r.kind))
        regions.sort(key=lambda r: r.start)
        corrections = []
        for c in draft.corrections:
            start, end = locate(text, c.at, f"{article_id} correction")
            corrections.append(
                Correction(
                    start=start,
                    end=end,
                    original=text[start:end],
                    corrected=c.corrected,
                    reason=c.reason,
                )
            )
        corrections.sort(key=lambda c: c.start)
        if draft.published_precision != "day" and draft.published.day != 1:
            fail(f"{article_id}: published precision {draft.published_precision} needs day 01")
        article = Article(
            id=article_id,
            file=draft.file,
            title=draft.title,
            outlet=draft.outlet,
            outlet_confidence=draft.outlet_confidence,
            outlet_evidence=draft.outlet_evidence,
            url=draft.url,
            wire=draft.wire,
            wire_confidence=draft.wire_confidence,
            wire_evidence=draft.wire_evidence,
            byline=draft.byline,
            published=draft.published,
            published_precision=draft.published_precision,
            published_confidence=draft.published_confidence,
            published_evidence=draft.published_evidence,
            language="en",
            rights=draft.rights,
            text=text,
            sha256=hashlib.sha256(raw).hexdigest(),
            regions=regions,
            corrections=corrections,
        )
        if article.text.encode("utf-8") != raw:
            fail(f"{article_id}: text does not round-trip to the seed bytes")
        articles[article_id] = article
    return articles


# ------------------------------------------------------------------------------------ quotes


def build_quote(article: Article, item: D.QuoteDraft, what: str) -> Quote:
    text = article.text
    spans = [locate(text, seg, f"{what} segment") for seg in item.segments]
    if spans != sorted(spans):
        fail(f"{what}: segments are not in document order")
    kind = item.kind
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
    if kinds != {item.region}:
        fail(f"{what}: region {item.region!r} but the spans lie in {sorted(kinds)}")
    # Speaker mention and cue: in the quote's paragraph(s), outside its spans.
    para_start = line_bounds(text, spans[0][0])[0]
    para_end = line_bounds(text, spans[-1][1] - 1)[1]
    sp = item.speaker
    located: dict[str, TextSpan | None] = {}
    for key, loc in (("mention", sp.mention), ("cue", item.cue)):
        if loc is None:
            located[key] = None
            continue
        start, end = locate(text, loc, f"{what} {key}")
        if not (para_start <= start and end <= para_end):
            fail(f"{what}: {key} {text[start:end]!r} is outside the quote's paragraph")
        if any(start < e and s < end for s, e in spans):
            fail(f"{what}: {key} {text[start:end]!r} overlaps a quote span")
        located[key] = span(text, start, end)
    m, c = located["mention"], located["cue"]
    if m and c and m.start < c.end and c.start < m.end:
        fail(f"{what}: mention and cue overlap")
    speaker = Speaker(
        name=sp.name,
        description=sp.description,
        type=sp.type,
        members=list(sp.members),
        wikidata=sp.wikidata,
        mention=located["mention"],
        evidence=sp.evidence,
    )
    if speaker.type == "person" and not speaker.name:
        fail(f"{what}: a person needs a name")
    if speaker.type == "anonymous" and speaker.name:
        fail(f"{what}: an anonymous speaker has no name")
    uttered: dt.date | None = None
    u = item.uttered
    if u is not None:
        uttered = u.date
        if u.precision != "day" and uttered.day != 1:
            fail(f"{what}: uttered precision {u.precision} needs day 01")
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
        addressee=item.addressee,
        via=item.via,
        date=article.published,
        date_precision=article.published_precision,
        uttered=uttered,
        uttered_precision=u.precision if u else None,
        uttered_confidence=u.confidence if u else None,
        uttered_evidence=u.evidence if u else None,
        outlet=article.outlet,
        region=item.region,
        annotation=Annotation(method="manual", tool=None, confidence=None),
    )
    for (s, e), seg in zip(quote.spans, item.segments, strict=True):
        if text[s:e] != needle_of(seg):
            fail(f"{what}: text[{s}:{e}] is not the segment {needle_of(seg)!r}")
    for key, loc in (("mention", sp.mention), ("cue", item.cue)):
        found = located[key]
        if (
            found is not None
            and loc is not None
            and not (text[found.start : found.end] == found.text == needle_of(loc))
        ):
            fail(f"{what}: {key} text does not match the article")
    return quote


def build_quotes(
    drafts: dict[str, D.ArticleDraft], articles: dict[str, Article]
) -> list[tuple[D.QuoteDraft, Quote]]:
    """Every quote with the draft it was built from, in draft order (article, then reading)."""
    built: list[tuple[D.QuoteDraft, Quote]] = []
    for article_id, draft in sorted(drafts.items()):
        for n, item in enumerate(draft.quotes):
            what = f"curation/articles/{article_id}.json quote #{n} ({item.kind})"
            built.append((item, build_quote(articles[article_id], item, what)))
    quotes = [q for _, q in built]
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
    return built


# ------------------------------------------------------------------------------------ completeness


def build_non_quotations(
    drafts: dict[str, D.ArticleDraft], articles: dict[str, Article], quotes: list[Quote]
) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    for article_id, draft in sorted(drafts.items()):
        text = articles[article_id].text
        for n, item in enumerate(draft.non_quotations):
            start, end = locate(text, item.text, f"{article_id} non-quotation #{n}")
            listed.append(
                {
                    "article_id": article_id,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "reason": item.reason,
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


# ------------------------------------------------------------------------------------ ANNOTATION.md


def replace_block(document: str, name: str, body: str, file: str = "ANNOTATION.md") -> str:
    start_marker, end_marker = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if document.count(start_marker) != 1 or document.count(end_marker) != 1:
        fail(f"{file} needs exactly one {start_marker} and one {end_marker}")
    head, rest = document.split(start_marker)
    _, tail = rest.split(end_marker)
    return f"{head}{start_marker}\n{body}{end_marker}{tail}"


def md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def counts_block(articles: dict[str, Article], quotes: list[Quote]) -> str:
    counts = Counter((q.article_id, q.kind) for q in quotes)
    regions = Counter((q.article_id, q.region) for q in quotes)
    lines = [
        f"| article | outlet | {' | '.join(KINDS)} | total | of which sidebar |",
        "|---|---|" + "---:|" * (len(KINDS) + 2),
    ]
    for article_id, article in sorted(articles.items()):
        row = [counts[(article_id, k)] for k in KINDS]
        lines.append(
            f"| {article_id} | {article.outlet} | "
            + " | ".join(str(c) for c in row)
            + f" | {sum(row)} | {regions[(article_id, 'sidebar')]} |"
        )
    totals = [sum(counts[(a, k)] for a in articles) for k in KINDS]
    lines.append(
        "| **all** | | "
        + " | ".join(str(c) for c in totals)
        + f" | {sum(totals)} | {sum(regions[(a, 'sidebar')] for a in articles)} |"
    )
    return "\n".join(lines) + "\n"


def decisions_block(
    drafts: dict[str, D.ArticleDraft], built: list[tuple[D.QuoteDraft, Quote]]
) -> str:
    """Every record-level note (with the record's id), then the decisions that made no record."""
    lines = [f"- `{q.id}` ({q.kind}): {md(item.note)}" for item, q in built if item.note]
    for article_id, draft in sorted(drafts.items()):
        lines.extend(f"- {article_id}, no record: {md(text)}" for text in draft.decisions)
    return "\n".join(lines) + "\n"


def non_quotations_block(listed: list[dict[str, Any]]) -> str:
    lines = ["| article | offsets | quoted text | reason |", "|---|---|---|---|"]
    for d in listed:
        lines.append(
            f"| {d['article_id']} | {d['start']}-{d['end']} | `{md(d['text'])}` | "
            f"{md(d['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def agreement_block(articles: dict[str, Article], quotes: list[Quote]) -> str:
    """The agreement of the records with the second pass (see curation/agreement.py)."""
    try:
        a = agreement.agreement(quotes, {i: article.text for i, article in articles.items()})
    except (ValueError, KeyError) as error:
        fail(f"curation/second_pass.json: {error}")
    n = len(a.pairs)
    kind, speaker = a.agreeing("kind"), a.agreeing("speaker")
    rows = [
        ("records (dataset / second pass / matched)", f"{len(a.gold)} / {len(a.second)} / {n}"),
        ("quotation F1, overlapping spans", f"{a.f1:.3f}"),
        ("quotation F1, exact spans", f"{a.exact_f1:.3f} ({a.exact} of {n} identical)"),
        ("kind agreement on matched records", f"{kind / n:.3f} ({kind} of {n})"),
        (
            "speaker agreement on matched records (name, or type if unnamed)",
            f"{speaker / n:.3f} ({speaker} of {n})",
        ),
    ]
    lines = ["| measure | value |", "|---|---|", *(f"| {m} | {v} |" for m, v in rows)]
    return "\n".join(lines) + "\n"


def annotation_md(
    document: str,
    drafts: dict[str, D.ArticleDraft],
    articles: dict[str, Article],
    built: list[tuple[D.QuoteDraft, Quote]],
    listed: list[dict[str, Any]],
) -> str:
    quotes = [q for _, q in built]
    document = replace_block(document, "counts", counts_block(articles, quotes))
    document = replace_block(document, "decisions", decisions_block(drafts, built))
    document = replace_block(document, "agreement", agreement_block(articles, quotes))
    return replace_block(document, "non-quotations", non_quotations_block(listed))


# ------------------------------------------------------------------------------------ CITATION.cff

_PLAIN = re.compile(r"^[A-Za-z0-9(][^\n]*$")


def yaml_scalar(key: str, value: str | int, indent: int, width: int = 94) -> list[str]:
    """``key: value`` as YAML lines: plain, double-quoted, or folded (``>-``) when too long."""
    pad = " " * indent
    if isinstance(value, int):
        return [f"{pad}{key}: {value}"]
    if "\n" in value or "  " in value or value != value.strip():
        fail(f"CITATION.cff {key}: {value!r} has line breaks or runs of spaces")
    plain = _PLAIN.match(value) and ": " not in value and " #" not in value
    text = value if plain and not value.endswith(":") else json.dumps(value)
    if len(pad) + len(key) + 2 + len(text) <= width and key != "notes":
        return [f"{pad}{key}: {text}"]
    folded = textwrap.wrap(
        value,
        width=width,
        initial_indent=pad + "  ",
        subsequent_indent=pad + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [f"{pad}{key}: >-", *folded]


def reference(article: Article, draft: D.ArticleDraft) -> list[str]:
    """The ``CITATION.cff`` reference of one article."""
    title = article.title or draft.citation.title
    if title is None:
        fail(f"{article.id}: an article without a title needs citation.title (a description)")
    lines = ["  - type: newspaper-article", *yaml_scalar("title", str(title), 4)]
    lines += ["    authors:", *yaml_scalar("- name", draft.citation.author, 6)]
    if article.outlet:
        lines += ["    publisher:", *yaml_scalar("name", article.outlet, 6)]
    if article.url:
        lines += yaml_scalar("url", article.url, 4)
    published = article.published
    # Only a date known to the day and not inferred is given as a full date.
    if article.published_precision == "day" and article.published_confidence != "inferred":
        lines.append(f'    date-published: "{published.isoformat()}"')
    else:
        lines += yaml_scalar("year", published.year, 4)
        if article.published_precision != "year":
            lines += yaml_scalar("month", published.month, 4)
    notes = f"Article {article.id} of the dataset. {draft.citation.notes}"
    return lines + yaml_scalar("notes", notes, 4)


def citation_cff(
    document: str, drafts: dict[str, D.ArticleDraft], articles: dict[str, Article]
) -> str:
    head, marker, _ = document.partition("\nreferences:\n")
    if not marker:
        fail("CITATION.cff needs a top-level 'references:' key (the build writes the list)")
    lines = [line for a in sorted(articles) for line in reference(articles[a], drafts[a])]
    return head + marker + "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ README


def baseline_block(readme: str) -> str:
    """What the commands of the README's "Baseline scores" section print for the bundled data
    on disk (the extractor over the bundled articles, scored against the bundled quotes)."""
    try:
        section = readme.split("\n## Baseline scores\n", 1)[1]
        commands = section.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    except IndexError:
        fail("README.md: no ```bash block of commands under '## Baseline scores'")
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    output = ""
    with tempfile.TemporaryDirectory() as tmp:
        for command in commands:
            words = command.split()
            if words[:1] != ["quotes"]:
                fail(f"README.md, Baseline scores: {command!r} is not a quotes command")
            done = subprocess.run(
                [sys.executable, "-m", "quotes", *words[1:]],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                fail(f"README.md, Baseline scores: {command!r} failed: {done.stderr.strip()}")
            output = done.stdout
    return output


# ------------------------------------------------------------------------------------ outputs


def jsonl(records: Sequence[Article] | Sequence[Quote]) -> str:
    return "".join(r.model_dump_json() + "\n" for r in records)


def outputs() -> dict[Path, str]:
    """Every file the build makes, with its up-to-date text. Raises :class:`BuildError`."""
    try:
        drafts = D.load_all()
    except D.DraftError as error:
        fail(str(error))
    if not drafts:
        fail(f"no drafts in {D.ARTICLES_DIR}")
    articles = build_articles(drafts)
    built = build_quotes(drafts, articles)
    quotes = sorted((q for _, q in built), key=lambda q: (q.article_id, q.spans[0][0]))
    listed = build_non_quotations(drafts, articles, quotes)
    texts = {
        DATA / "articles.jsonl": jsonl(list(articles.values())),
        DATA / "quotes.jsonl": jsonl(quotes),
        NON_QUOTATIONS_JSON: json.dumps(listed, ensure_ascii=False, indent=2) + "\n",
        ANNOTATION_MD: annotation_md(
            ANNOTATION_MD.read_text(encoding="utf-8"), drafts, articles, built, listed
        ),
        CITATION_CFF: citation_cff(CITATION_CFF.read_text(encoding="utf-8"), drafts, articles),
    }
    readme = README_MD.read_text(encoding="utf-8")
    try:
        texts[README_MD] = card.render(readme, quotes, list(articles.values()))
    except ValueError as error:
        fail(f"README.md: {error}")
    with tempfile.TemporaryDirectory() as tmp:  # croissant hashes the data files it describes
        for path in (DATA / "articles.jsonl", DATA / "quotes.jsonl"):
            copy = Path(tmp) / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(texts[path], encoding="utf-8", newline="\n")
        texts[CROISSANT_JSON] = croissant.render(tmp)
    return texts


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python curation/build.py",
        description="Build quotes/data/ and every derived file (non_quotations.json, "
        "ANNOTATION.md blocks, CITATION.cff references, README card, croissant.json) from the "
        "drafts in curation/articles/.",
        epilog="example: python curation/build.py --check",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    try:
        texts = outputs()
        if not args.check:  # the baseline runs on the data on disk, so write the data first
            for path in (DATA / "articles.jsonl", DATA / "quotes.jsonl"):
                if not path.is_file() or path.read_text(encoding="utf-8") != texts[path]:
                    write_atomic(path, texts[path])
                    print(f"wrote {path.relative_to(ROOT)}")
        if "<!-- baseline:start -->" in texts[README_MD]:
            block = baseline_block(texts[README_MD])
            texts[README_MD] = replace_block(texts[README_MD], "baseline", block, "README.md")
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    stale = [
        path
        for path, text in texts.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(
                f"out of date: {path.relative_to(ROOT)}; run python curation/build.py",
                file=sys.stderr,
            )
        if not stale:
            print(f"up to date: {len(texts)} files")
        return 1 if stale else 0
    for path in stale:
        write_atomic(path, texts[path])
        print(f"wrote {path.relative_to(ROOT)}")
    quotes = texts[DATA / "quotes.jsonl"].splitlines()
    kinds = Counter(json.loads(line)["kind"] for line in quotes)
    print(
        f"{len(texts[DATA / 'articles.jsonl'].splitlines())} articles, {len(quotes)} quotes "
        f"({', '.join(f'{k} {kinds[k]}' for k in KINDS)}), "
        f"{len(json.loads(texts[NON_QUOTATIONS_JSON]))} non-quotations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
