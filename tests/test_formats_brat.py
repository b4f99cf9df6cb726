"""brat: any article with any valid quotes survives export and import; no .ann crashes the
reader."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.core.corpus_rules import check_quote
from quotes.core.models import Article, Quote, TextSpan
from quotes.formats import brat
from quotes.formats.build import Unmappable, make_article, make_quote, trim

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.sampled_from(list("ab \n\r\t\u201c\u201d\"'.,\u00e9\U0001f600"))


@st.composite
def articles_with_quotes(draw: st.DrawFn) -> tuple[Article, list[Quote]]:
    text = draw(st.text(ALPHABET, min_size=5, max_size=80).filter(lambda t: t.strip()))
    article = make_article(
        id="a1",
        text=text,
        corpus="test",
        file="a1.txt",
        published=dt.date(2020, 1, 2),
        published_evidence="test",
        rights="test",
    )
    quotes: dict[str, Quote] = {}
    for _ in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=6)))
        spans = trim(text, [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)])
        if not spans:
            continue
        roles: list[TextSpan | None] = []
        for _ in range(2):
            s, e = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2)))
            piece = trim(text, [(s, e)])
            wanted: bool = draw(st.booleans())
            if piece and wanted:
                (start, end), *_ = piece
                roles.append(TextSpan(text=text[start:end], start=start, end=end))
            else:
                roles.append(None)
        try:
            quote = make_quote(
                article,
                spans,
                corpus="test",
                file="a1.ann",
                quoted=draw(st.sampled_from([None, [], spans])),  # None: by the marks
                mention=roles[0],
                cue=roles[1],
            )
        except Unmappable:  # a content of quotation marks only
            continue
        quotes.setdefault(quote.id, quote)
    return article, list(quotes.values())


def key(q: Quote) -> tuple[object, ...]:
    return (q.id, q.kind, q.spans, q.quoted, q.speaker.mention, q.cue)


@SETTINGS
@given(articles_with_quotes())
def test_any_article_and_quotes_survive_a_brat_round_trip(
    case: tuple[Article, list[Quote]],
) -> None:
    article, quotes = case
    with tempfile.TemporaryDirectory() as folder:
        brat.write([article], quotes, folder)
        back = brat.read(folder)
    assert not back.lost and not back.adjusted
    assert [a.text for a in back.articles] == [article.text]
    assert sorted(map(key, back.quotes)) == sorted(map(key, quotes))


LINE = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda n, label, a, b, rest: f"T{n}\t{label} {a} {b}{rest}",
        st.integers(0, 9),
        st.sampled_from(["Source", "Cue", "Content", "Attribution", "Discard"]),
        st.integers(-2, 60),
        st.integers(-2, 60),
        st.sampled_from(["", "\tx", ";3 4\tx", ";9"]),
    ),
    st.builds(
        lambda n, roles: f"E{n}\tAttribution:T1 {roles}",
        st.integers(0, 9),
        st.sampled_from(["Content:T2", "Content:T9 Cue:T3", "Source:T1", "", "Content2:T2 x"]),
    ),
    st.builds(lambda v: f"A1\tKind E1 {v}", st.sampled_from(["direct", "odd", ""])),
)


@SETTINGS
@given(st.lists(LINE, max_size=12), st.text(ALPHABET, min_size=1, max_size=60))
def test_no_ann_file_crashes_the_reader(lines: list[str], text: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "d.txt").write_bytes(text.encode("utf-8"))
        (folder / "d.ann").write_text("\n".join(lines), encoding="utf-8")
        (folder / "metadata.tsv").write_text("filename\tpublication_date\nd\t2020-01-02\n")
        result = brat.read(folder)
    for quote in result.quotes:  # whatever came through is valid against its text
        assert check_quote(quote, result.articles[0]) == []


def test_the_kind_follows_the_quoted_parts_and_a_disagreeing_kind_is_counted() -> None:
    text = 'Ann Bell said: "We are ready." Aides called it "a first step" for all.'
    direct = text.index('"We are ready."')
    mixed = text.index('it "a first step" for all')
    ann = (
        f'T1\tContent {direct} {direct + 15}\t"We are ready."\n'
        "E1\tAttribution-no-source:T1 Content:T1\n"
        "A1\tKind E1 mixed\n"
        f'T2\tContent {mixed} {mixed + 25}\tit "a first step" for all\n'
        "E2\tAttribution-no-source:T2 Content:T2\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.txt").write_text(text, encoding="utf-8")
        (Path(folder) / "a.ann").write_text(ann, encoding="utf-8")
        (Path(folder) / "metadata.tsv").write_text(
            "filename\tpublication_date\na\t2020-01-02\n", encoding="utf-8"
        )
        result = brat.read(folder)
    first, second = sorted(result.quotes, key=lambda q: q.spans[0])
    assert (first.kind, first.quote, first.quoted) == ("direct", "We are ready.", first.spans)
    assert (second.kind, second.quote) == ("mixed", 'it "a first step" for all')
    assert [text[s:e] for s, e in second.quoted] == ["a first step"]
    assert result.adjusted == {"Kind attribute disagrees with the quoted parts: kind by them": 1}
