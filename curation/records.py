"""From drafts to records: every string of a draft found in its article, every record checked.

``curation/build.py`` calls :func:`build_articles`, :func:`build_quotes` and
:func:`build_non_quotations`; a string that is absent or ambiguous, or a failed check, raises
:class:`BuildError` with a message naming the draft file and the record. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import drafts as D

from quotes.core import marks
from quotes.core.ids import article_id_for
from quotes.core.models import (
    Annotation,
    Article,
    Correction,
    Quote,
    Region,
    Speaker,
    TextSpan,
)
from quotes.core.regions import MIXED, region_of, spans_regions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("QUOTES_SEEDS", ROOT.parent / "shared" / "seeds"))
"""The seed folder: ``$QUOTES_SEEDS``, or ``../shared/seeds`` next to the checkout."""
DATA = ROOT / "quotes" / "data"


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
    """Every pair of quotation marks (:mod:`quotes.core.marks`) as ``(inner_start, inner_end)``,
    line by line; fails on an unpaired mark or a mark inside a pair."""
    pairs: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        opened: re.Match[str] | None = None
        for mark in marks.MARK.finditer(text, line_start, line_start + len(line)):
            pos, ch = mark.start(), mark.group()
            if opened is None:
                if ch in marks.OPENING:
                    opened = mark
                else:
                    fail(f"{article_id}: closing mark {ch!r} at {pos} without an opening one")
            elif marks.closes(opened.group(), ch):
                pairs.append((opened.end(), pos))
                opened = None
            else:
                fail(
                    f"{article_id}: mark {ch!r} at {pos} inside the pair opened at {opened.start()}"
                )
        if opened is not None:
            fail(f"{article_id}: quotation mark at {opened.start()} is not closed on its line")
        line_start += len(line) + 1
    return pairs


def mark_before(text: str, offset: int) -> str | None:
    """The quotation mark that ends just before ``offset``, if any."""
    for start in (offset - len(marks.DOUBLED_APOSTROPHE), offset - 1):
        found = marks.MARK.match(text, start) if start >= 0 else None
        if found is not None and found.end() == offset:
            return found.group()
    return None


def mark_after(text: str, offset: int) -> str | None:
    """The quotation mark that starts at ``offset``, if any."""
    found = marks.MARK.match(text, offset)
    return found.group() if found else None


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
                    "(see docs/annotation.md, 'Adding an article')"
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
    """The record of one quote draft, every string found in the article and every rule of a
    curated record checked (``what`` names the draft in a :class:`BuildError`)."""
    text = article.text
    spans = quote_spans(text, item, what)
    quoted = quoted_parts(text, item, spans, what)
    check_region(article, item, spans, what)
    located = locate_attribution(text, item, spans, what)
    speaker = build_speaker(item.speaker, located["mention"], what)
    uttered = uttered_date(article, item.uttered, what)
    u = item.uttered
    quote = Quote.of_article(
        article,
        spans,
        quoted=quoted,
        speaker=speaker,
        cue=located["cue"],
        addressee=item.addressee,
        via=item.via,
        uttered=uttered,
        uttered_precision=u.precision if u else None,
        uttered_confidence=u.confidence if u else None,
        uttered_evidence=u.evidence if u else None,
        region=item.region,
        annotation=Annotation(method="manual", tool=None, confidence=None),
    )
    if quote.kind != item.kind:
        fail(f"{what}: kind {item.kind!r}, but its content and quoted parts make it {quote.kind!r}")
    check_verbatim(text, quote, item, located, what)
    return quote


def quote_spans(text: str, item: D.QuoteDraft, what: str) -> list[tuple[int, int]]:
    """The draft's segments located, in document order, without white space at their ends: a
    direct quote's each strictly inside a pair of quotation marks, a mixed quote's (its whole
    content) neither beginning nor ending with a mark, an indirect quote's touching none."""
    spans = [locate(text, seg, f"{what} segment") for seg in item.segments]
    if spans != sorted(spans):
        fail(f"{what}: segments are not in document order")
    for start, end in spans:
        before, after = mark_before(text, start), mark_after(text, end)
        if item.kind == "direct" and not _marked(text, start, end):
            fail(f"{what}: span {text[start:end]!r} is not strictly inside a pair of marks")
        edges = mark_after(text, start) is not None or mark_before(text, end) is not None
        if item.kind == "mixed" and edges:
            fail(f"{what}: span {text[start:end]!r} begins or ends with a quotation mark")
        touches = before in marks.OPENING or after in marks.CLOSING
        if item.kind == "indirect" and touches:
            fail(f"{what}: indirect span {text[start:end]!r} touches a quotation mark")
        if text[start:end] != text[start:end].strip():
            fail(f"{what}: span {text[start:end]!r} has leading or trailing white space")
    return spans


def _marked(text: str, start: int, end: int) -> bool:
    before, after = mark_before(text, start), mark_after(text, end)
    return before is not None and after is not None and marks.closes(before, after)


def quoted_parts(
    text: str, item: D.QuoteDraft, spans: list[tuple[int, int]], what: str
) -> list[tuple[int, int]]:
    """The quoted parts of the content: a direct quote's spans, a mixed quote's ``quoted``
    located, each strictly inside a pair of marks and within one span (none for indirect)."""
    if item.kind != "mixed":
        if item.quoted:
            fail(f"{what}: only a mixed quote lists its quoted parts")
        return list(spans) if item.kind == "direct" else []
    if not item.quoted:
        fail(f"{what}: a mixed quote lists its quoted parts")
    quoted = [locate(text, part, f"{what} quoted part") for part in item.quoted]
    for start, end in quoted:
        if not _marked(text, start, end):
            fail(f"{what}: quoted part {text[start:end]!r} is not strictly inside a pair of marks")
        if not any(s <= start and end <= e for s, e in spans):
            fail(f"{what}: quoted part {text[start:end]!r} is not within the content")
    if quoted != sorted(quoted):
        fail(f"{what}: quoted parts are not in document order")
    return quoted


def check_region(
    article: Article, item: D.QuoteDraft, spans: list[tuple[int, int]], what: str
) -> None:
    """Every span in the same region, which must agree with the record's."""
    kinds = spans_regions(article, spans)
    if MIXED in kinds:
        fail(f"{what}: span crosses a region boundary")
    if region_of(article, spans) != item.region:
        fail(f"{what}: region {item.region!r} but the spans lie in {sorted(kinds)}")


def locate_attribution(
    text: str, item: D.QuoteDraft, spans: list[tuple[int, int]], what: str
) -> dict[str, TextSpan | None]:
    """The speaker mention and the cue (``"mention"``, ``"cue"``; None when not given): in the
    quote's paragraph(s), outside its spans, not overlapping each other."""
    para_start = line_bounds(text, spans[0][0])[0]
    para_end = line_bounds(text, spans[-1][1] - 1)[1]
    located: dict[str, TextSpan | None] = {}
    for key, loc in (("mention", item.speaker.mention), ("cue", item.cue)):
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
    return located


def build_speaker(sp: D.SpeakerDraft, mention: TextSpan | None, what: str) -> Speaker:
    """The speaker record: a person has a name, an anonymous speaker none."""
    speaker = Speaker(
        name=sp.name,
        description=sp.description,
        type=sp.type,
        members=list(sp.members),
        wikidata=sp.wikidata,
        mention=mention,
        evidence=sp.evidence,
    )
    if speaker.type == "person" and not speaker.name:
        fail(f"{what}: a person needs a name")
    if speaker.type == "anonymous" and speaker.name:
        fail(f"{what}: an anonymous speaker has no name")
    return speaker


def uttered_date(article: Article, u: D.Uttered | None, what: str) -> dt.date | None:
    """When the quote was uttered, if the draft says: day 01 unless to the day, not after the
    article's date."""
    if u is None:
        return None
    uttered = u.date
    if u.precision != "day" and uttered.day != 1:
        fail(f"{what}: uttered precision {u.precision} needs day 01")
    if uttered > article.published:
        fail(f"{what}: uttered {uttered} is after the article's date")
    return uttered


def check_verbatim(
    text: str,
    quote: Quote,
    item: D.QuoteDraft,
    located: dict[str, TextSpan | None],
    what: str,
) -> None:
    """The record's spans, mention and cue are the draft's strings, verbatim in the article."""
    for (s, e), seg in zip(quote.spans, item.segments, strict=True):
        if text[s:e] != needle_of(seg):
            fail(f"{what}: text[{s}:{e}] is not the segment {needle_of(seg)!r}")
    for key, loc in (("mention", item.speaker.mention), ("cue", item.cue)):
        found = located[key]
        if (
            found is not None
            and loc is not None
            and not (text[found.start : found.end] == found.text == needle_of(loc))
        ):
            fail(f"{what}: {key} text does not match the article")


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
        spans_of.setdefault(q.article_id, []).extend(q.quoted)
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
                    "a quote's quoted part nor listed as a non-quotation"
                )
            if is_listed:
                accounted.add((article_id, a, b))
    if missing := listed_keys - accounted:
        fail(f"listed non-quotations that are not a pair of quotation marks: {sorted(missing)}")
    return listed
