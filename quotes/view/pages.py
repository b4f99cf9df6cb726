"""Static HTML views of articles with their quotations highlighted, for checking records by eye.

:func:`write_view` writes one page per article (``article-<id>.html``) and an ``index.html`` into
a folder. The pages need no server and no network: the CSS and the little JavaScript they use are
inline, and nothing is fetched.

What a page shows:

* the verbatim article text (``Article.text``, escaped: it is data, never markup), with each
  quotation's spans highlighted by kind: ``direct`` solid underline, ``mixed`` dashed, ``indirect``
  dotted, each with a label (quote number, kind letter ``D``/``M``/``I``, segment ``1/2``) so
  colour is never the only signal;
* the cue (boxed, italic) and the speaker mention (boxed, bold) of each quotation;
* the regions (headline, dateline, sidebar, caption, furniture) set apart by a labelled tint, and
  corrections by a wavy overline whose tooltip gives the repaired reading;
* a side list of the quotations: speaker name, role, type, members, evidence, cue, mention,
  annotation method, tool and confidence (extractor output), and any problem found by
  :func:`quotes.check_quote`; the same facts are in each highlight's tooltip;
* the article's metadata with its evidence (outlet, date with precision, confidence and evidence,
  wire, byline, URL, rights, corrections).

A multi-segment quotation is one quotation: all its segments carry the same number, link to each
other through the side list and light up together when one has focus.

Keyboard: every segment is focusable (Tab), ``j``/``k`` move to the next/previous quotation, and
``Escape`` clears the focus highlight.

Comparison (``compare=``): the article is shown twice side by side, the reference records
("gold") on the left and the predicted ones on the right. A gold and a predicted quotation
**match** when they belong to the same article and any span of one overlaps any span of the other
(they share at least one code point). A gold quotation with no matching prediction is a **miss**,
a prediction with no matching gold quotation a **false alarm**. Kind and speaker need not agree
for a match; the side list says when they differ.

The markup is built from a sorted list of boundaries: where highlights overlap without nesting
(a quote crossing a region's edge, two machine-made quotes overlapping), an element is closed and
reopened, and each piece carries its own ``data-start``/``data-end`` offsets.
"""

from __future__ import annotations

import errno
import html
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .io import atomic_output
from .models import Article, Quote
from .report import Problem
from .validation import check_quote

__all__ = ["Match", "match", "page_name", "render_article", "render_index", "write_view"]

Status = Literal["match", "miss", "false-alarm"]

_KIND_LETTER = {"direct": "D", "mixed": "M", "indirect": "I"}
_LAYER_REGION, _LAYER_QUOTE, _LAYER_INNER, _LAYER_CORRECTION = 0, 1, 2, 3


def page_name(article_id: str) -> str:
    """File name of an article's page: ``article-<id>.html`` (never clashes with the index)."""
    return f"article-{article_id}.html"


def _text(value: str) -> str:
    """Escape text content. A carriage return is written as a reference: browsers would
    otherwise turn CR LF into LF while parsing and the offsets would drift."""
    return html.escape(value, quote=False).replace("\r", "&#13;")


def _attr(value: str | int | float) -> str:
    return html.escape(str(value), quote=True).replace("\r", "&#13;")


def _attrs(attributes: Mapping[str, str | int | float | None]) -> str:
    return "".join(f' {k}="{_attr(v)}"' for k, v in attributes.items() if v is not None)


# --------------------------------------------------------------------------------------------
# Markup from boundaries


@dataclass
class _Mark:
    start: int
    end: int
    layer: int
    tag: str
    attrs: dict[str, str | int | float | None]
    first: dict[str, str | int | float | None] = field(default_factory=dict)
    """Attributes only the first piece gets (``id``, ``tabindex``, label)."""
    seq: int = 0


@dataclass
class _Open:
    mark: _Mark
    start: int
    end: int = -1
    first: bool = False


def _markup(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, with every mark wrapped around its stretch, nesting kept valid.

    Between two consecutive boundaries the open elements are the marks covering that stretch,
    outermost first by (layer, start, longest, order given). At each boundary the elements that
    stop being a prefix of the new stack are closed and the rest reopened, so overlapping marks
    are split into pieces instead of producing crossed tags.
    """
    for seq, m in enumerate(marks):
        m.seq = seq
    points = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    by_start: dict[int, list[_Mark]] = defaultdict(list)
    for m in marks:
        by_start[m.start].append(m)
    tokens: list[str | _Open] = []
    stack: list[_Open] = []
    live: list[_Mark] = []
    opened: set[int] = set()
    for a, b in itertools.pairwise(points):
        live = [m for m in live if m.end > a] + by_start.get(a, [])
        active = sorted(live, key=lambda m: (m.layer, m.start, -m.end, m.seq))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep].mark is active[keep]:
            keep += 1
        for piece in reversed(stack[keep:]):
            piece.end = a
            tokens.append(f"</{piece.mark.tag}>")
        del stack[keep:]
        for m in active[keep:]:
            piece = _Open(m, a, first=m.seq not in opened)
            opened.add(m.seq)
            stack.append(piece)
            tokens.append(piece)
        tokens.append(_text(text[a:b]))
    for piece in reversed(stack):
        piece.end = len(text)
        tokens.append(f"</{piece.mark.tag}>")
    out = []
    for token in tokens:
        if isinstance(token, str):
            out.append(token)
            continue
        m = token.mark
        attributes: dict[str, str | int | float | None] = dict(m.attrs)
        if token.first:
            attributes.update(m.first)
        else:
            attributes["data-cont"] = "1"
        attributes["data-start"] = token.start
        attributes["data-end"] = token.end
        out.append(f"<{m.tag}{_attrs(attributes)}>")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True)
class Match:
    """The outcome of comparing gold and predicted quotations of one article (see module doc)."""

    gold: dict[int, list[int]]
    """For each gold quotation (by position), the positions of the predictions overlapping it."""
    predicted: dict[int, list[int]]
    """For each prediction (by position), the positions of the gold quotations overlapping it."""

    def gold_status(self, i: int) -> Status:
        """``match`` or ``miss``."""
        return "match" if self.gold[i] else "miss"

    def predicted_status(self, i: int) -> Status:
        """``match`` or ``false-alarm``."""
        return "match" if self.predicted[i] else "false-alarm"

    def counts(self) -> dict[Status, int]:
        """How many matched gold quotations, misses and false alarms."""
        return {
            "match": sum(1 for v in self.gold.values() if v),
            "miss": sum(1 for v in self.gold.values() if not v),
            "false-alarm": sum(1 for v in self.predicted.values() if not v),
        }


def _overlap(a: Quote, b: Quote) -> bool:
    return a.article_id == b.article_id and any(
        max(s1, s2) < min(e1, e2) for s1, e1 in a.spans for s2, e2 in b.spans
    )


def match(gold: Sequence[Quote], predicted: Sequence[Quote]) -> Match:
    """Pair gold and predicted quotations: same article and overlapping spans."""
    g: dict[int, list[int]] = {i: [] for i in range(len(gold))}
    p: dict[int, list[int]] = {j: [] for j in range(len(predicted))}
    for i, a in enumerate(gold):
        for j, b in enumerate(predicted):
            if _overlap(a, b):
                g[i].append(j)
                p[j].append(i)
    return Match(g, p)


# --------------------------------------------------------------------------------------------
# One column: an article's text with one set of quotations


@dataclass
class _Column:
    prefix: str
    """Element id prefix: ``q`` on a plain page, ``g``/``p`` for gold/predicted."""
    heading: str | None
    quotes: list[Quote]
    problems: dict[int, list[Problem]]
    status: dict[int, Status] = field(default_factory=dict)
    partners: dict[int, list[tuple[str, Quote]]] = field(default_factory=dict)


def _in_range(q: Quote, n: int) -> bool:
    spans = [*q.spans]
    for ts in (q.cue, q.speaker.mention):
        if ts is not None:
            spans.append((ts.start, ts.end))
    return all(end <= n for _, end in spans)


def _speaker_line(q: Quote) -> str:
    s = q.speaker
    parts = [s.name or "(unnamed)"]
    if s.description:
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


def _marks_for(article: Article, col: _Column) -> list[_Mark]:
    marks: list[_Mark] = []
    for r in article.regions:
        marks.append(
            _Mark(
                r.start,
                r.end,
                _LAYER_REGION,
                "span",
                {"class": f"region region-{r.kind}", "data-region": r.kind},
                {"data-label": r.kind.upper()},
            )
        )
    inner: dict[tuple[str, int, int], list[tuple[int, Quote]]] = defaultdict(list)
    n = len(article.text)
    for i, q in enumerate(col.quotes):
        if not _in_range(q, n):
            continue
        key = f"{col.prefix}{i + 1}"
        status = col.status.get(i)
        title = f"#{i + 1} {q.kind} quotation; speaker: {_speaker_line(q)}"
        if q.cue is not None:
            title += f"; cue: {q.cue.text}"
        title += f"; annotation: {_annotation_line(q)}"
        if status is not None:
            title += f"; {_STATUS_LABEL[status]}"
        classes = f"q q-{q.kind}" + (f" st-{status}" if status else "")
        total = len(q.spans)
        for s, (start, end) in enumerate(q.spans, start=1):
            label = f"{i + 1}{_KIND_LETTER[q.kind]}" + (f" {s}/{total}" if total > 1 else "")
            if status is not None:
                label += " ✓" if status == "match" else f" {_STATUS_LABEL[status]}"
            marks.append(
                _Mark(
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
        if q.cue is not None:
            inner[("cue", q.cue.start, q.cue.end)].append((i, q))
        if q.speaker.mention is not None:
            m = q.speaker.mention
            inner[("mention", m.start, m.end)].append((i, q))
    for (what, start, end), owners in sorted(inner.items(), key=lambda kv: kv[0][1:]):
        numbers = ", ".join(f"#{i + 1}" for i, _ in owners)
        if what == "cue":
            title = f"cue of {numbers}"
        else:
            title = f"speaker of {numbers}: " + " / ".join(_speaker_line(q) for _, q in owners)
        marks.append(
            _Mark(
                start,
                end,
                _LAYER_INNER,
                "span",
                {
                    "class": what,
                    "data-q": " ".join(f"{col.prefix}{i + 1}" for i, _ in owners),
                    "title": title,
                },
            )
        )
    for c in article.corrections:
        marks.append(
            _Mark(
                c.start,
                c.end,
                _LAYER_CORRECTION,
                "span",
                {"class": "corr", "title": f"corrected: {c.corrected!r} ({c.reason})"},
            )
        )
    return marks


def _info_item(article: Article, col: _Column, i: int, q: Quote) -> str:
    key = f"{col.prefix}{i + 1}"
    s = q.speaker
    status = col.status.get(i)
    head = f'<a href="#{key}">#{i + 1}</a> <span class="kind-tag k-{q.kind}">{q.kind}</span>' + (
        f' <span class="status-tag st-{status}">{_STATUS_LABEL[status]}</span>' if status else ""
    )
    rows: list[tuple[str, str]] = [
        ("speaker", _text(s.name or "(unnamed)")),
        ("role", _text(s.description or "-")),
        ("type", _text(s.type)),
    ]
    if s.members:
        rows.append(("members", _text("; ".join(s.members))))
    if s.wikidata:
        rows.append(("wikidata", _text(s.wikidata)))
    if s.mention is not None:
        rows.append(("mention", f"“{_text(s.mention.text)}” [{s.mention.start}:{s.mention.end}]"))
    if q.cue is not None:
        rows.append(("cue", f"“{_text(q.cue.text)}” [{q.cue.start}:{q.cue.end}]"))
    if s.evidence:
        rows.append(("evidence", _text(s.evidence)))
    if q.addressee:
        rows.append(("addressee", _text(q.addressee)))
    if q.via:
        rows.append(("via", _text(q.via)))
    if q.uttered is not None:
        rows.append(
            (
                "uttered",
                _text(
                    f"{q.uttered} (precision: {q.uttered_precision}, "
                    f"{q.uttered_confidence}); {q.uttered_evidence}"
                ),
            )
        )
    rows.append(("region", _text(q.region)))
    rows.append(("annotation", _text(_annotation_line(q))))
    segs = " ".join(
        f'<a href="#{key if n == 1 else f"{key}-{n}"}">[{a}:{b}]</a>'
        for n, (a, b) in enumerate(q.spans, start=1)
    )
    rows.append(("segments" if len(q.spans) > 1 else "span", segs))
    if not _in_range(q, len(article.text)):
        rows.append(("not drawn", "offsets past the end of the text"))
    for partner_prefix, partner in col.partners.get(i, []):
        agree = []
        if partner.kind != q.kind:
            agree.append(f"kind {partner.kind}")
        if partner.speaker.name != s.name:
            agree.append(f"speaker {partner.speaker.name or '(unnamed)'}")
        note = "; differs: " + ", ".join(agree) if agree else "; same kind and speaker"
        rows.append(
            (
                "matches",
                f'<a href="#{partner_prefix}">{_text(partner.id)}</a>{_text(note)}',
            )
        )
    problems = "".join(
        f'<li class="problem">{_text(p.type)}: {_text(p.message)}</li>'
        for p in col.problems.get(i, [])
    )
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<li id="info-{key}" data-q="{key}" class="info st-{status or "none"}">'
        f'<div class="info-head">{head}</div>'
        f'<blockquote class="qtext">{_text(q.quote)}</blockquote>'
        f"<dl>{body}</dl>" + (f'<ul class="problems">{problems}</ul>' if problems else "") + "</li>"
    )


def _column_html(article: Article, col: _Column) -> str:
    text = _markup(article.text, _marks_for(article, col))
    items = "".join(_info_item(article, col, i, q) for i, q in enumerate(col.quotes))
    heading = f"<h2>{_text(col.heading)}</h2>" if col.heading else ""
    n = len(col.quotes)
    return (
        f'<section class="column" data-prefix="{col.prefix}">{heading}'
        f'<div class="layout"><div class="text" lang="{_attr(article.language)}">{text}</div>'
        f'<aside class="quotes" aria-label="quotations">'
        f'<h3>{n} quotation{"" if n == 1 else "s"}</h3><ol class="info-list">{items}</ol>'
        f"</aside></div></section>"
    )


# --------------------------------------------------------------------------------------------
# Pages


def _metadata(article: Article) -> str:
    a = article

    def evidence(value: str | None, confidence: str | None, why: str | None) -> str:
        out = _text(value) if value else "<em>unknown</em>"
        if confidence:
            out += f' <span class="conf">({_text(confidence)})</span>'
        if why:
            out += f'<div class="evidence">{_text(why)}</div>'
        return out

    if a.url and a.url.startswith(("http://", "https://")):
        url = f'<a href="{_attr(a.url)}" rel="noreferrer noopener">{_text(a.url)}</a>'
    else:
        url = _text(a.url) if a.url else "<em>unknown</em>"
    date = f"{a.published.isoformat()} (precision: {a.published_precision})"
    rows = [
        ("article id", _text(a.id)),
        ("seed file", _text(a.file)),
        ("outlet", evidence(a.outlet, a.outlet_confidence, a.outlet_evidence)),
        ("published", evidence(date, a.published_confidence, a.published_evidence)),
        (
            "wire",
            evidence(a.wire, a.wire_confidence, a.wire_evidence)
            if a.wire
            else "none"
            + (f'<div class="evidence">{_text(a.wire_evidence)}</div>' if a.wire_evidence else ""),
        ),
        ("byline", _text(a.byline) if a.byline else "<em>unknown</em>"),
        ("url", url),
        ("language", _text(a.language)),
        ("rights", _text(a.rights)),
        ("sha256", f"<code>{_text(a.sha256)}</code>"),
    ]
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    if a.corrections:
        corr = "".join(
            f"<tr><td>{c.start}-{c.end}</td><td><code>{_text(repr(c.original))}</code></td>"
            f"<td><code>{_text(repr(c.corrected))}</code></td><td>{_text(c.reason)}</td></tr>"
            for c in a.corrections
        )
        corrections = (
            "<table class='corrections'><caption>corrections (verbatim text kept)</caption>"
            "<tr><th>offsets</th><th>original</th><th>corrected</th><th>reason</th></tr>"
            f"{corr}</table>"
        )
    else:
        corrections = "<p>No corrections.</p>"
    return f'<section class="meta"><h2>Article metadata</h2><dl>{body}</dl>{corrections}</section>'


_LEGEND = (
    '<div class="legend" aria-label="legend">'
    '<mark class="q q-direct" data-label="D">direct</mark> '
    '<mark class="q q-mixed" data-label="M">mixed</mark> '
    '<mark class="q q-indirect" data-label="I">indirect</mark> '
    '<span class="cue">cue</span> <span class="mention">speaker mention</span> '
    '<span class="region region-sidebar">region</span> '
    '<span class="corr">corrected</span>'
    " · keys: Tab / <kbd>j</kbd> next quotation, <kbd>k</kbd> previous, <kbd>Esc</kbd> clear"
    "</div>"
)

_CSS = """
:root{--direct:#b3d9ff;--mixed:#ffe08a;--indirect:#c9f2c2;--fg:#111;--muted:#555}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--fg);margin:0;padding:0 1.2rem 3rem;background:#fff}
header{border-bottom:1px solid #ccc;padding:.6rem 0}
h1{font-size:1.4rem;margin:.3rem 0}
nav a{margin-right:1rem}
.layout{display:flex;gap:1.2rem;align-items:flex-start}
.text{flex:3;white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.3;font-family:Georgia,
"DejaVu Serif",serif;font-size:17px;padding-top:.8rem;min-width:0}
.quotes{flex:2;max-height:92vh;overflow:auto;position:sticky;top:0;font-size:14px;min-width:0}
.compare{display:flex;gap:1.5rem}
.compare .column{flex:1;min-width:0}
.compare .layout{flex-direction:column}
.compare .quotes{position:static;max-height:none}
mark.q{color:inherit;padding:0;position:relative;text-decoration-line:underline;
text-decoration-thickness:2px;text-underline-offset:4px}
mark.q-direct{background:var(--direct);text-decoration-style:solid}
mark.q-mixed{background:var(--mixed);text-decoration-style:dashed}
mark.q-indirect{background:var(--indirect);text-decoration-style:dotted;text-decoration-thickness:3px}
[data-label]::before{content:attr(data-label);position:absolute;left:0;top:-1.25em;
font:bold 10px/1.2 system-ui,"DejaVu Sans",sans-serif;background:#222;color:#fff;padding:0 3px;
border-radius:2px;white-space:nowrap;pointer-events:none}
.legend [data-label]::before{position:static;margin-right:3px}
mark.q:focus,mark.q.active{outline:3px solid #000;outline-offset:1px}
mark.q.active{filter:saturate(2)}
mark.st-miss{box-shadow:inset 0 -0.45em 0 rgba(220,0,0,.35)}
mark.st-false-alarm{box-shadow:inset 0 -0.45em 0 rgba(150,0,200,.35)}
mark.st-miss[data-label]::before{background:#a00}
mark.st-false-alarm[data-label]::before{background:#60a}
.cue{font-style:italic;outline:1px dashed #333;outline-offset:0}
.mention{font-weight:bold;outline:1.5px solid #333;outline-offset:0}
.corr{text-decoration:overline wavy #c00}
.region{position:relative}
.region-headline{font-weight:bold;font-size:1.25em;background:#eee}
.region-dateline{font-variant:small-caps;background:#eee}
.region-sidebar{background:repeating-linear-gradient(135deg,#f3eee0 0 8px,#e9e1cc 8px 16px)}
.region-caption{font-style:italic;background:#eef3f7}
.region-furniture{color:var(--muted);font-style:italic;
background:repeating-linear-gradient(45deg,#f2f2f2 0 6px,#e4e4e4 6px 12px)}
.region[data-label]::before{background:#666}
.info-list{padding-left:0;list-style:none}
.info{border:1px solid #ccc;border-left-width:6px;border-radius:4px;margin:0 0 .6rem;
padding:.4rem .6rem}
.info.active{border-color:#000}
.info.st-miss{border-left-color:#a00}.info.st-false-alarm{border-left-color:#60a}
.info dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .6rem;margin:.3rem 0}
.info dt{color:var(--muted)}.info dd{margin:0}
.qtext{margin:.2rem 0;font-style:italic}
.kind-tag,.status-tag{font-size:12px;border:1px solid #333;border-radius:3px;padding:0 4px}
.problem{color:#a00}
.meta dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem}
.meta dt{font-weight:bold}.meta dd{margin:0}
.evidence{color:var(--muted);font-size:14px}
.corrections{border-collapse:collapse;font-size:14px}
.corrections td,.corrections th{border:1px solid #ccc;padding:2px 6px;text-align:left}
.legend{font-size:14px;padding:.8rem 0 .2rem;line-height:2}
table.index{border-collapse:collapse}
table.index td,table.index th{border:1px solid #ccc;padding:3px 8px;text-align:left}
"""

_JS = """
(function(){
  function firsts(scope){
    return Array.prototype.slice.call(scope.querySelectorAll('mark[data-first]'));}
  function mark(key,on){
    document.querySelectorAll('[data-q]').forEach(function(el){
      var keys=el.getAttribute('data-q').split(' ');
      if(keys.indexOf(key)>=0){el.classList.toggle('active',on);}
    });
  }
  var current=null;
  document.addEventListener('focusin',function(e){
    var el=e.target.closest&&e.target.closest('mark[data-q]');
    if(current){mark(current,false);current=null;}
    if(el){current=el.getAttribute('data-q');mark(current,true);}
  });
  document.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey)return;
    if(e.key==='Escape'&&current){mark(current,false);current=null;
      if(document.activeElement)document.activeElement.blur();return;}
    if(e.key!=='j'&&e.key!=='k')return;
    var active=document.activeElement&&document.activeElement.closest?
      document.activeElement.closest('mark[data-q]'):null;
    var scope=(active&&active.closest('.column'))||document.querySelector('.column');
    if(!scope)return;
    var list=firsts(scope);if(!list.length)return;
    var i=-1;
    if(active){var key=active.getAttribute('data-q');
      for(var n=0;n<list.length;n++){if(list[n].getAttribute('data-q')===key){i=n;break;}}}
    i=e.key==='j'?Math.min(i+1,list.length-1):Math.max(i-1,0);
    list[i].focus();list[i].scrollIntoView({block:'center'});e.preventDefault();
    /* focusin does not fire while the window is unfocused: light the quotation up here too */
    if(current){mark(current,false);}
    current=list[i].getAttribute('data-q');mark(current,true);
  });
})();
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_text(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>{body}<script>{_JS}</script></body></html>\n"
    )


def _problems_by_index(article: Article, quotes: Sequence[Quote]) -> dict[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for i, q in enumerate(quotes):
        found = check_quote(q, article)
        if found:
            out[i] = found
    return out


def _ordered(quotes: Iterable[Quote]) -> list[Quote]:
    return sorted(quotes, key=lambda q: (q.spans[0][0], q.spans[-1][1], q.id))


def render_article(
    article: Article,
    quotes: Sequence[Quote],
    *,
    compare: Sequence[Quote] | None = None,
    labels: tuple[str, str] = ("gold", "predicted"),
) -> str:
    """The HTML page of one article with its quotations (only those of this article are used).

    With ``compare``, the page shows ``quotes`` (gold) and ``compare`` (predicted) side by side,
    marking matches, misses and false alarms (see the module documentation).
    """
    own = _ordered(q for q in quotes if q.article_id == article.id)
    title = article.title or article.file
    nav = '<nav><a href="index.html">← all articles</a></nav>'
    if compare is None:
        columns = [_Column("q", None, own, _problems_by_index(article, own))]
        summary = f"{len(own)} quotation{'' if len(own) == 1 else 's'}"
    else:
        pred = _ordered(q for q in compare if q.article_id == article.id)
        result = match(own, pred)
        gold_col = _Column("g", labels[0], own, _problems_by_index(article, own))
        pred_col = _Column("p", labels[1], pred, _problems_by_index(article, pred))
        for i in range(len(own)):
            gold_col.status[i] = result.gold_status(i)
            gold_col.partners[i] = [(f"p{j + 1}", pred[j]) for j in result.gold[i]]
        for j in range(len(pred)):
            pred_col.status[j] = result.predicted_status(j)
            pred_col.partners[j] = [(f"g{i + 1}", own[i]) for i in result.predicted[j]]
        columns = [gold_col, pred_col]
        c = result.counts()
        summary = (
            f"{labels[0]}: {len(own)}, {labels[1]}: {len(pred)} · matched {c['match']}, "
            f"missed {c['miss']}, false alarms {c['false-alarm']} "
            "(match = same article and overlapping spans)"
        )
    cols = "".join(_column_html(article, col) for col in columns)
    wrapper = f'<div class="compare">{cols}</div>' if compare is not None else cols
    body = (
        f"<header>{nav}<h1>{_text(title)}</h1>"
        f'<p class="sub">{_text(article.outlet or "unknown outlet")}, '
        f"{_text(article.published.isoformat())} · {_text(summary)}</p>{_LEGEND}</header>"
        f"<main>{wrapper}{_metadata(article)}</main>"
    )
    return _page(f"{article.id}: {title}", body)


def render_index(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    *,
    compare: Sequence[Quote] | None = None,
) -> str:
    """The index page: one row per article with its quotation counts and a link to its page."""
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        by_article[q.article_id].append(q)
    pred_by: dict[str, list[Quote]] = defaultdict(list)
    for q in compare or ():
        pred_by[q.article_id].append(q)
    head = "<tr><th>article</th><th>title</th><th>outlet</th><th>published</th>"
    head += "<th>quotations</th><th>direct</th><th>mixed</th><th>indirect</th>"
    if compare is not None:
        head += "<th>predicted</th><th>matched</th><th>missed</th><th>false alarms</th>"
    head += "</tr>"
    rows = []
    totals: dict[str, int] = defaultdict(int)
    for a in articles:
        qs = by_article.get(a.id, [])
        cells = [
            f'<a href="{_attr(page_name(a.id))}">{_text(a.id)}</a>',
            _text(a.title or a.file),
            _text(a.outlet or "unknown"),
            _text(f"{a.published.isoformat()} ({a.published_precision})"),
            str(len(qs)),
            *(str(sum(1 for q in qs if q.kind == k)) for k in ("direct", "mixed", "indirect")),
        ]
        if compare is not None:
            pred = pred_by.get(a.id, [])
            c = match(qs, pred).counts()
            cells += [str(len(pred)), str(c["match"]), str(c["miss"]), str(c["false-alarm"])]
            for k, v in c.items():
                totals[k] += v
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    summary = (
        f"{len(articles)} article(s), {sum(len(by_article[a.id]) for a in articles)} quotation(s)"
    )
    if compare is not None:
        summary += (
            f"; matched {totals['match']}, missed {totals['miss']}, "
            f"false alarms {totals['false-alarm']} (match = same article and overlapping spans)"
        )
    body = (
        f"<header><h1>Quotations by article</h1><p>{_text(summary)}</p></header>"
        f'<main><table class="index">{head}{"".join(rows)}</table></main>'
    )
    return _page("Quotations by article", body)


def write_view(
    articles: Mapping[str, Article] | Sequence[Article],
    quotes: Sequence[Quote],
    out: str | os.PathLike[str],
    *,
    compare: Sequence[Quote] | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``index.html`` and one ``article-<id>.html`` per article into ``out``.

    Every file is written atomically (a temporary file renamed into place). Raises
    ``FileExistsError`` before writing anything if any of the files exists, unless ``force``;
    other files in ``out`` are left alone. Raises ``KeyError`` naming the first quotation whose
    article is not among ``articles``. Returns the paths written, the index first.
    """
    items = list(articles.values()) if isinstance(articles, Mapping) else list(articles)
    known = {a.id for a in items}
    for q in [*quotes, *(compare or ())]:
        if q.article_id not in known:
            raise KeyError(
                f"quote {q.id}: no article with id {q.article_id!r} among the articles given"
            )
    folder = Path(out)
    pages = {folder / page_name(a.id): a for a in items}
    targets = [folder / "index.html", *pages]
    if not force:
        for target in targets:
            if target.exists():
                raise FileExistsError(
                    errno.EEXIST, "already exists (--force replaces it)", str(target)
                )
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} exists and is not a folder")
    gold: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        gold[q.article_id].append(q)
    predicted: dict[str, list[Quote]] = defaultdict(list)
    for q in compare or ():
        predicted[q.article_id].append(q)
    contents = {folder / "index.html": render_index(items, quotes, compare=compare)}
    for path, article in pages.items():
        contents[path] = render_article(
            article,
            gold[article.id],
            compare=None if compare is None else predicted[article.id],
        )
    for path, content in contents.items():
        with atomic_output(path) as tmp:
            tmp.write_text(content, encoding="utf-8", newline="")
    return targets
