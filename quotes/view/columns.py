"""One column of a page: an article's text with one set of quotations drawn on it, and the side
list of those quotations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from quotes.core.marking import marked_context
from quotes.core.models import Article, Correction, Quote, Region
from quotes.core.problems import Problem
from quotes.core.record_rules import KINDS
from quotes.view.compare import Status
from quotes.view.markup import Attributes, Mark, attr, markup, text

__all__ = ["Column", "column_html"]

KIND_LETTER = {k: k[0].upper() for k in KINDS}
"""The letter on each kind's labels (``D``, ``M``, ``I``), so colour is never the only signal."""

_LAYER_REGION, _LAYER_QUOTE, _LAYER_INNER, _LAYER_CORRECTION = 0, 1, 2, 3


@dataclass
class Column:
    """What one column draws: one set of quotations, with their comparison outcome if any."""

    prefix: str
    """Element id prefix: ``q`` on a plain page, ``g``/``p`` for gold/predicted."""
    heading: str | None
    quotes: list[Quote]
    problems: dict[int, list[Problem]]
    status: dict[int, Status] = field(default_factory=dict)
    partners: dict[int, list[tuple[str, Quote, bool]]] = field(default_factory=dict)
    """For each quotation, the other side's overlapping ones: (element id, quote, paired)."""


def _in_range(q: Quote, n: int) -> bool:
    spans = [*q.spans]
    for ts in (q.cue, q.speaker.mention):
        if ts is not None:
            spans.append((ts.start, ts.end))
    return all(end <= n for _, end in spans)


def _speaker_line(q: Quote) -> str:
    s = q.speaker
    parts = [s.label]
    if s.description and s.state != "anonymous":  # an anonymous label is its description
        parts.append(s.description)
    parts.append(s.type)
    if s.members:
        parts.append("members: " + "; ".join(s.members))
    return ", ".join(parts)


def _annotation_line(q: Quote) -> str:
    a = q.annotation
    parts: list[str] = [a.method]
    if a.tool:
        parts.append(a.tool)
    if a.confidence is not None:
        parts.append(f"confidence {a.confidence:.2f}")
    return ", ".join(parts)


_STATUS_LABEL = {"match": "match", "miss": "MISS", "false-alarm": "FALSE ALARM"}


def _marks_for(article: Article, col: Column) -> list[Mark]:
    """Everything drawn on the text: regions, each quotation's spans, the cues and speaker
    mentions (one mark for the quotations sharing one) and corrections."""
    n = len(article.text)
    drawn = [(i, q) for i, q in enumerate(col.quotes) if _in_range(q, n)]
    return [
        *(_region_mark(r) for r in article.regions),
        *(mark for i, q in drawn for mark in _span_marks(col, i, q)),
        *_cue_and_speaker_marks(col, drawn),
        *(_correction_mark(c) for c in article.corrections),
    ]


def _region_mark(r: Region) -> Mark:
    return Mark(
        r.start,
        r.end,
        _LAYER_REGION,
        "span",
        {"class": f"region region-{r.kind}", "data-region": r.kind},
        {"data-label": r.kind.upper()},
    )


def _span_marks(col: Column, i: int, q: Quote) -> list[Mark]:
    """The marks of the ``i``-th quotation's spans, labelled with its number and kind (and
    ``k/n`` when it has several)."""
    key = f"{col.prefix}{i + 1}"
    status = col.status.get(i)
    title = _quote_title(i, q, status)
    classes = f"q q-{q.kind}" + (f" st-{status}" if status else "")
    total = len(q.spans)
    marks: list[Mark] = []
    for s, (start, end) in enumerate(q.spans, start=1):
        label = f"{i + 1}{KIND_LETTER[q.kind]}" + (f" {s}/{total}" if total > 1 else "")
        if status is not None:
            label += " ✓" if status == "match" else f" {_STATUS_LABEL[status]}"
        marks.append(
            Mark(
                start,
                end,
                _LAYER_QUOTE,
                "mark",
                {
                    "class": classes,
                    "data-q": key,
                    "data-quote": q.id,
                    "data-kind": q.kind,
                    "data-seg": s,
                    "title": title,
                    "aria-describedby": f"info-{key}",
                },
                {
                    "id": key if s == 1 else f"{key}-{s}",
                    "tabindex": "0",
                    "data-label": label,
                    "data-first": "1" if s == 1 else None,
                },
            )
        )
    return marks


def _quote_title(i: int, q: Quote, status: Status | None) -> str:
    """The tooltip of a quotation's spans: its number, kind, speaker, cue, annotation, outcome."""
    title = f"#{i + 1} {q.kind} quotation; speaker: {_speaker_line(q)}"
    if q.cue is not None:
        title += f"; cue: {q.cue.text}"
    title += f"; annotation: {_annotation_line(q)}"
    if status is not None:
        title += f"; {_STATUS_LABEL[status]}"
    return title


def _cue_and_speaker_marks(col: Column, drawn: list[tuple[int, Quote]]) -> list[Mark]:
    """One mark for each cue and speaker mention, naming every quotation that shares it."""
    owners: dict[tuple[str, int, int], list[tuple[int, Quote]]] = defaultdict(list)
    for i, q in drawn:
        if q.cue is not None:
            owners[("cue", q.cue.start, q.cue.end)].append((i, q))
        if q.speaker.mention is not None:
            m = q.speaker.mention
            owners[("mention", m.start, m.end)].append((i, q))
    marks: list[Mark] = []
    for (what, start, end), quotes in sorted(owners.items(), key=lambda kv: kv[0][1:]):
        numbers = ", ".join(f"#{i + 1}" for i, _ in quotes)
        if what == "cue":
            title = f"cue of {numbers}"
        else:
            title = f"speaker of {numbers}: " + " / ".join(_speaker_line(q) for _, q in quotes)
        data_q = " ".join(f"{col.prefix}{i + 1}" for i, _ in quotes)
        attrs: Attributes = {"class": what, "data-q": data_q, "title": title}
        marks.append(Mark(start, end, _LAYER_INNER, "span", attrs))
    return marks


def _correction_mark(c: Correction) -> Mark:
    title = f"corrected: {c.corrected!r} ({c.reason})"
    return Mark(c.start, c.end, _LAYER_CORRECTION, "span", {"class": "corr", "title": title})


def _info_item(article: Article, col: Column, i: int, q: Quote) -> str:
    """The ``i``-th quotation in the side list: its text, its fields, how it compares and its
    problems."""
    key = f"{col.prefix}{i + 1}"
    status = col.status.get(i)
    head = f'<a href="#{key}">#{i + 1}</a> <span class="kind-tag k-{q.kind}">{q.kind}</span>' + (
        f' <span class="status-tag st-{status}">{_STATUS_LABEL[status]}</span>' if status else ""
    )
    rows = [
        *_attribution_rows(q),
        *_record_rows(q, key),
        *_drawing_rows(article, q),
        *_partner_rows(q, col.partners.get(i, [])),
    ]
    problems = "".join(
        f'<li class="problem">{text(p.type)}: {text(p.message)}</li>'
        for p in col.problems.get(i, [])
    )
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<li id="info-{key}" data-q="{key}" class="info st-{status or "none"}">'
        f'<div class="info-head">{head}</div>'
        f'<blockquote class="qtext">{text(q.quote)}</blockquote>'
        f"<dl>{body}</dl>" + (f'<ul class="problems">{problems}</ul>' if problems else "") + "</li>"
    )


def _attribution_rows(q: Quote) -> list[tuple[str, str]]:
    """Who said it (and where the text names them), with which cue, to whom and through whom."""
    s = q.speaker
    rows: list[tuple[str, str]] = [
        ("speaker", text(s.label)),
        ("role", text(s.description or "-")),
        ("type", text(s.type)),
    ]
    if s.members:
        rows.append(("members", text("; ".join(s.members))))
    if s.wikidata:
        rows.append(("wikidata", text(s.wikidata)))
    if s.mention is not None:
        rows.append(("mention", f"“{text(s.mention.text)}” [{s.mention.start}:{s.mention.end}]"))
    if q.cue is not None:
        rows.append(("cue", f"“{text(q.cue.text)}” [{q.cue.start}:{q.cue.end}]"))
    if s.evidence:
        rows.append(("evidence", text(s.evidence)))
    if q.addressee:
        rows.append(("addressee", text(q.addressee)))
    if q.via:
        rows.append(("via", text(q.via)))
    return rows


def _record_rows(q: Quote, key: str) -> list[tuple[str, str]]:
    """When it was said, its region, how it was annotated and its spans (linked to the text)."""
    rows: list[tuple[str, str]] = []
    if q.uttered is not None:
        uttered = (
            f"{q.uttered} (precision: {q.uttered_precision}, "
            f"{q.uttered_confidence}); {q.uttered_evidence}"
        )
        rows.append(("uttered", text(uttered)))
    rows.append(("region", text(q.region)))
    rows.append(("annotation", text(_annotation_line(q))))
    segs = " ".join(
        f'<a href="#{key if n == 1 else f"{key}-{n}"}">[{a}:{b}]</a>'
        for n, (a, b) in enumerate(q.spans, start=1)
    )
    rows.append(("segments" if len(q.spans) > 1 else "span", segs))
    return rows


def _drawing_rows(article: Article, q: Quote) -> list[tuple[str, str]]:
    """Why the text does not show the quotation as it is: offsets past its end, or corrections
    inside it (then the quotation with them applied)."""
    if not _in_range(q, len(article.text)):
        return [("not drawn", "offsets past the end of the text")]
    if any(c.start < b and a < c.end for c in article.corrections for a, b in q.spans):
        return [("corrected", text(marked_context(q, article, 0)))]
    return []


def _partner_rows(q: Quote, partners: list[tuple[str, Quote, bool]]) -> list[tuple[str, str]]:
    """The other side's overlapping quotations: the one paired with it, how they differ, and
    those paired elsewhere."""
    rows: list[tuple[str, str]] = []
    for partner_key, partner, paired in partners:
        agree = []
        if partner.kind != q.kind:
            agree.append(f"kind {partner.kind}")
        if partner.speaker.name != q.speaker.name:
            agree.append(f"speaker {partner.speaker.label}")
        note = "; differs: " + ", ".join(agree) if agree else "; same kind and speaker"
        if not paired:
            note = " (paired elsewhere: pairs are one to one)"
        link = f'<a href="#{partner_key}">{text(partner.id)}</a>{text(note)}'
        rows.append(("matches" if paired else "also overlaps", link))
    return rows


def column_html(article: Article, col: Column) -> str:
    drawn = markup(article.text, _marks_for(article, col))
    items = "".join(_info_item(article, col, i, q) for i, q in enumerate(col.quotes))
    heading = f"<h2>{text(col.heading)}</h2>" if col.heading else ""
    n = len(col.quotes)
    return (
        f'<section class="column" data-prefix="{col.prefix}">{heading}'
        f'<div class="layout"><div class="text" lang="{attr(article.language)}">{drawn}</div>'
        f'<aside class="quotes" aria-label="quotations">'
        f'<h3>{n} quotation{"" if n == 1 else "s"}</h3><ol class="info-list">{items}</ol>'
        f"</aside></div></section>"
    )
