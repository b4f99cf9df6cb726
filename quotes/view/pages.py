"""The pages: one per article, and the index; :func:`write_view` writes them into a folder.

What an article's page shows:

* the verbatim article text (``Article.text``, escaped: it is data, never markup), with each
  quotation's spans highlighted by kind: ``direct`` solid underline, ``mixed`` dashed, ``indirect``
  dotted, each with a label (quote number, kind letter ``D``/``M``/``I``, segment ``1/2``) so
  colour is never the only signal;
* the cue (boxed, italic) and the speaker mention (boxed, bold) of each quotation;
* the regions (headline, dateline, sidebar, caption, furniture) set apart by a labelled tint, and
  corrections by a wavy overline whose tooltip gives the repaired reading;
* a side list of the quotations: the speaker (:attr:`quotes.Speaker.label`: the name,
  ``anonymous: <description>`` or ``unresolved: “<mention>”``), role, type, members, evidence,
  cue, mention,
  annotation method, tool and confidence (extractor output), the repaired reading where a stored
  correction falls inside the quotation (:func:`quotes.core.marking.marked_context`), and any
  problem
  found by :func:`quotes.check_quote`; the same facts are in each highlight's tooltip;
* the article's metadata with its evidence (outlet, date with precision, confidence and evidence,
  wire, byline, URL, rights, corrections).

An article without a ``title`` is headed by the text of its ``headline`` region if it has one,
else by "untitled" (never by its file name, and never by a made-up title): see :func:`title_of`.

A multi-segment quotation is one quotation: all its segments carry the same number, link to each
other through the side list and light up together when one has focus. Keyboard: every segment is
focusable (Tab), ``j``/``k`` move to the next/previous quotation, ``Escape`` clears the focus
highlight.

Comparison (``compare=``): the article is shown twice side by side, the reference records
("gold") on the left and the predicted ones on the right, marked as matches, misses and false
alarms by the rule of :mod:`quotes.view.compare` (one-to-one pairs, as ``quotes evaluate``).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from quotes.core.corpus_rules import check_quote
from quotes.core.models import Article, Quote
from quotes.core.pairing import shared
from quotes.core.problems import Problem
from quotes.core.record_rules import KINDS
from quotes.io.files import staged
from quotes.view.assets import LEGEND, page
from quotes.view.columns import Column, column_html
from quotes.view.compare import RULE, match
from quotes.view.markup import attr, text

__all__ = ["page_name", "render_article", "render_index", "title_of", "write_view"]


def page_name(article_id: str) -> str:
    """File name of an article's page: ``article-<id>.html`` (never clashes with the index)."""
    return f"article-{article_id}.html"


def title_of(article: Article) -> str | None:
    """The article's title: ``title``, else the text of its first ``headline`` region, else None
    (pages then say "untitled")."""
    if article.title:
        return article.title
    for r in article.regions:
        if r.kind == "headline":
            return " ".join(article.text[r.start : r.end].split()) or None
    return None


def _title_html(article: Article) -> str:
    title = title_of(article)
    return text(title) if title else "<em>untitled</em>"


def _metadata(article: Article) -> str:
    a = article

    def evidence(value: str | None, confidence: str | None, why: str | None) -> str:
        out = text(value) if value else "<em>unknown</em>"
        if confidence:
            out += f' <span class="conf">({text(confidence)})</span>'
        if why:
            out += f'<div class="evidence">{text(why)}</div>'
        return out

    if a.url and a.url.startswith(("http://", "https://")):
        url = f'<a href="{attr(a.url)}" rel="noreferrer noopener">{text(a.url)}</a>'
    else:
        url = text(a.url) if a.url else "<em>unknown</em>"
    date = f"{a.published.isoformat()} (precision: {a.published_precision})"
    rows = [
        ("article id", text(a.id)),
        ("seed file", text(a.file)),
        ("outlet", evidence(a.outlet, a.outlet_confidence, a.outlet_evidence)),
        ("published", evidence(date, a.published_confidence, a.published_evidence)),
        (
            "wire",
            evidence(a.wire, a.wire_confidence, a.wire_evidence)
            if a.wire
            else "none"
            + (f'<div class="evidence">{text(a.wire_evidence)}</div>' if a.wire_evidence else ""),
        ),
        ("byline", text(a.byline) if a.byline else "<em>unknown</em>"),
        ("url", url),
        ("language", text(a.language)),
        ("rights", text(a.rights)),
        ("sha256", f"<code>{text(a.sha256)}</code>"),
    ]
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    if a.corrections:
        corr = "".join(
            f"<tr><td>{c.start}-{c.end}</td><td><code>{text(repr(c.original))}</code></td>"
            f"<td><code>{text(repr(c.corrected))}</code></td><td>{text(c.reason)}</td></tr>"
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


def _problems_by_index(article: Article, quotes: Sequence[Quote]) -> dict[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for i, q in enumerate(quotes):
        found = check_quote(q, article)
        if found:
            out[i] = found
    return out


def _display_order(quotes: Sequence[Quote]) -> list[int]:
    """Positions of ``quotes`` in document order (first offset, last offset, id)."""
    return sorted(
        range(len(quotes)),
        key=lambda i: (quotes[i].spans[0][0], quotes[i].spans[-1][1], quotes[i].id),
    )


def _compare_columns(
    article: Article, gold: Sequence[Quote], predicted: Sequence[Quote], labels: tuple[str, str]
) -> tuple[list[Column], str]:
    """The gold and predicted columns, paired in input order, then shown in document order."""
    result = match(gold, predicted)
    g_order, p_order = _display_order(gold), _display_order(predicted)
    g_at = {i: n for n, i in enumerate(g_order)}
    p_at = {j: n for n, j in enumerate(p_order)}
    g_quotes, p_quotes = [gold[i] for i in g_order], [predicted[j] for j in p_order]
    gold_col = Column("g", labels[0], g_quotes, _problems_by_index(article, g_quotes))
    pred_col = Column("p", labels[1], p_quotes, _problems_by_index(article, p_quotes))
    for i, g in enumerate(gold):
        gold_col.status[g_at[i]] = result.gold_status(i)
        gold_col.partners[g_at[i]] = [
            (f"p{p_at[j] + 1}", p, result.gold[i] == j)
            for j, p in enumerate(predicted)
            if shared(g, p)
        ]
    for j, p in enumerate(predicted):
        pred_col.status[p_at[j]] = result.predicted_status(j)
        pred_col.partners[p_at[j]] = [
            (f"g{g_at[i] + 1}", g, result.predicted[j] == i)
            for i, g in enumerate(gold)
            if shared(g, p)
        ]
    for col in (gold_col, pred_col):
        for partners in col.partners.values():
            partners.sort(key=lambda partner: (not partner[2], int(partner[0][1:])))  # pair first
    c = result.counts()
    summary = (
        f"{labels[0]}: {len(gold)}, {labels[1]}: {len(predicted)} · matched {c['match']}, "
        f"missed {c['miss']}, false alarms {c['false-alarm']} ({RULE})"
    )
    return [gold_col, pred_col], summary


def render_article(
    article: Article,
    quotes: Sequence[Quote],
    *,
    compare: Sequence[Quote] | None = None,
    labels: tuple[str, str] = ("gold", "predicted"),
) -> str:
    """The HTML page of one article with its quotations (only those of this article are used).

    With ``compare``, the page shows ``quotes`` (gold) and ``compare`` (predicted) side by side,
    marking matches, misses and false alarms (:mod:`quotes.view.compare`); pass both in the order
    they were read, as pairing breaks ties by input order.
    """
    own = [q for q in quotes if q.article_id == article.id]
    nav = '<nav><a href="index.html">← all articles</a></nav>'
    if compare is None:
        ordered = [own[i] for i in _display_order(own)]
        columns = [Column("q", None, ordered, _problems_by_index(article, ordered))]
        summary = f"{len(own)} quotation{'' if len(own) == 1 else 's'}"
    else:
        pred = [q for q in compare if q.article_id == article.id]
        columns, summary = _compare_columns(article, own, pred, labels)
    cols = "".join(column_html(article, col) for col in columns)
    wrapper = f'<div class="compare">{cols}</div>' if compare is not None else cols
    body = (
        f"<header>{nav}<h1>{_title_html(article)}</h1>"
        f'<p class="sub">{text(article.outlet or "unknown outlet")}, '
        f"{text(article.published.isoformat())} · {text(summary)}</p>{LEGEND}</header>"
        f"<main>{wrapper}{_metadata(article)}</main>"
    )
    return page(f"{article.id}: {title_of(article) or 'untitled'}", body)


def render_index(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    *,
    compare: Sequence[Quote] | None = None,
) -> str:
    """The index page: one row per article with its quotation counts and a link to its page.

    With ``compare``, also the matched, missed and false-alarm counts per article and in total
    (the total of "matched" is ``quotes evaluate``'s overlap ``matched`` on the same records).
    """
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        by_article[q.article_id].append(q)
    pred_by: dict[str, list[Quote]] = defaultdict(list)
    for q in compare or ():
        pred_by[q.article_id].append(q)
    head = "<tr><th>article</th><th>title</th><th>outlet</th><th>published</th><th>quotations</th>"
    head += "".join(f"<th>{k}</th>" for k in KINDS)
    if compare is not None:
        head += "<th>predicted</th><th>matched</th><th>missed</th><th>false alarms</th>"
    head += "</tr>"
    rows = []
    totals: dict[str, int] = defaultdict(int)
    for a in articles:
        qs = by_article.get(a.id, [])
        cells = [
            f'<a href="{attr(page_name(a.id))}">{text(a.id)}</a>',
            _title_html(a),
            text(a.outlet or "unknown"),
            text(f"{a.published.isoformat()} ({a.published_precision})"),
            str(len(qs)),
            *(str(sum(1 for q in qs if q.kind == k)) for k in KINDS),
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
            f"false alarms {totals['false-alarm']} ({RULE})"
        )
    body = (
        f"<header><h1>Quotations by article</h1><p>{text(summary)}</p></header>"
        f'<main><table class="index">{head}{"".join(rows)}</table></main>'
    )
    return page("Quotations by article", body)


def write_view(
    articles: Mapping[str, Article] | Sequence[Article],
    quotes: Sequence[Quote],
    out: str | os.PathLike[str],
    *,
    compare: Sequence[Quote] | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``index.html`` and one ``article-<id>.html`` per article into ``out``.

    All or nothing (:func:`quotes.io.files.staged`): the pages are written to a staging folder
    and moved into place when all are written. Raises :class:`quotes.io.files.OutputExists`
    before writing anything if any of the files exists, unless ``force``, and
    ``NotADirectoryError`` when ``out`` is a file; other files in ``out`` are left alone. Raises
    ``KeyError`` naming the first quotation whose article is not among ``articles``, and
    ``ValueError`` if two articles share an id. Returns the paths written, the index first.
    """
    items = list(articles.values()) if isinstance(articles, Mapping) else list(articles)
    known: set[str] = set()
    for a in items:
        if a.id in known:
            raise ValueError(f"two articles have the id {a.id!r}: give each article once")
        known.add(a.id)
    for q in [*quotes, *(compare or ())]:
        if q.article_id not in known:
            raise KeyError(
                f"quote {q.id}: no article with id {q.article_id!r} among the articles given"
            )
    pages = {page_name(a.id): a for a in items}
    gold: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        gold[q.article_id].append(q)
    predicted: dict[str, list[Quote]] = defaultdict(list)
    for q in compare or ():
        predicted[q.article_id].append(q)
    with staged(out, ["index.html", *pages], overwrite=force) as stage:
        stage.write_text("index.html", render_index(items, quotes, compare=compare))
        for name, article in pages.items():
            stage.write_text(
                name,
                render_article(
                    article,
                    gold[article.id],
                    compare=None if compare is None else predicted[article.id],
                ),
            )
    return stage.written
