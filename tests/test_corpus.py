"""quotes.load(): the bundled corpus as typed objects, with lookups."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import quotes
import quotes.core.bundled
import quotes.engine.corpus
from quotes import RecordError, load
from quotes.engine.corpus import UnknownArticle


def test_load_gives_typed_articles_and_quotes() -> None:
    corpus = load()
    drafts = sorted(p.stem for p in (ROOT / "curation" / "articles").glob("*.json"))
    assert sorted(corpus.articles) == drafts
    assert all(corpus.article(q).id == q.article_id for q in corpus.quotes)


def test_filter_by_speaker_matches_name_role_or_member() -> None:
    corpus = load()
    by_name = corpus.filter(speaker="appathurai")
    assert by_name and all(q.speaker.name == "James Appathurai" for q in by_name)
    by_member = corpus.filter(speaker="Medvedev")
    assert any("Dmitry Medvedev" in q.speaker.members for q in by_member)
    assert any(q.speaker.name == "Dmitry Medvedev" for q in by_member)


def test_filter_by_article_kind_outlet_and_dates() -> None:
    corpus = load()
    direct_003 = corpus.filter(article="003_0c8d9f83576395f4", kind="direct")
    assert direct_003 and all(
        q.article_id == "003_0c8d9f83576395f4" and q.kind == "direct" for q in direct_003
    )
    upi = corpus.filter(outlet="UPI")
    assert upi and {q.article_id for q in upi} == {"004_9d47adbaa610f9ea"}
    in_2007 = corpus.filter(since=dt.date(2007, 1, 1), until=dt.date(2007, 12, 31))
    assert {q.article_id for q in in_2007} == {"003_0c8d9f83576395f4"}
    assert corpus.filter(speaker="nobody of that name") == []
    first = corpus.quotes[0]
    assert corpus.filter(id=first.id) == [first]
    assert (
        corpus.filter(id=first.id, kind="indirect" if first.kind != "indirect" else "direct") == []
    )


def test_context_surrounds_the_quote() -> None:
    corpus = load()
    quote = corpus.filter(article="004_9d47adbaa610f9ea", kind="direct")[0]
    text = corpus.article(quote).text
    context = corpus.context(quote, chars=30)
    for segment in quote.segments(corpus.article(quote)):
        assert f"[[{' '.join(segment.split())}]]" in context
    start, end = quote.spans[0][0] - 30, quote.spans[-1][1] + 30
    unmarked = context.removeprefix("...").removesuffix("...").replace("[[", "").replace("]]", "")
    assert unmarked == " ".join(text[start:end].split())


def test_a_corrupted_installation_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        quotes.core.bundled.data_path("articles.jsonl") as a,
        quotes.core.bundled.data_path("quotes.jsonl") as q,
    ):
        shutil.copy(q, tmp_path / "quotes.jsonl")
        text = a.read_text(encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(
        text.replace("Interesting but Vague\\n\\nBRUSSELS", "Interesting but Vague\\n\\nBRUSSEL"),
        encoding="utf-8",
    )

    @contextmanager
    def fake_data_path(name: str) -> Iterator[Path]:
        yield tmp_path / name

    monkeypatch.setattr(quotes.engine.corpus, "data_path", fake_data_path)
    with pytest.raises(RecordError) as exc:
        load()
    assert exc.value.problem.type == "sha256-mismatch"


def test_filter_and_context_reject_bad_arguments() -> None:
    corpus = load()
    with pytest.raises(ValueError):
        corpus.filter(kind="paraphrase")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        corpus.context(corpus.quotes[0], chars=-5)
    assert corpus.filter(since="2010-01-01") == corpus.filter(since=dt.date(2010, 1, 1))


def test_load_reads_each_bundled_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import collections

    import quotes.io.files

    opened: collections.Counter[str] = collections.Counter()
    open_binary = quotes.io.files.open_binary

    def counting(path: Any, **options: Any) -> Any:
        opened[Path(path).name] += 1
        return open_binary(path, **options)

    monkeypatch.setattr(quotes.io.files, "open_binary", counting)
    assert load().quotes
    assert opened == {"articles.jsonl": 1, "quotes.jsonl": 1}


def test_a_duplicate_quote_in_the_installation_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        quotes.core.bundled.data_path("articles.jsonl") as a,
        quotes.core.bundled.data_path("quotes.jsonl") as q,
    ):
        shutil.copy(a, tmp_path / "articles.jsonl")
        lines = q.read_bytes().splitlines(keepends=True)
    (tmp_path / "quotes.jsonl").write_bytes(b"".join(lines) + lines[0])

    @contextmanager
    def fake_data_path(name: str) -> Iterator[Path]:
        yield tmp_path / name

    monkeypatch.setattr(quotes.engine.corpus, "data_path", fake_data_path)
    with pytest.raises(RecordError) as exc:
        load()
    assert (exc.value.problem.type, exc.value.problem.line) == ("duplicate-id", len(lines) + 1)


def test_load_reads_your_files_or_a_folder_and_checks_them(tmp_path: Path) -> None:
    corpus = quotes.load()
    quotes.write(corpus.quotes[:4], tmp_path / "quotes.jsonl")
    quotes.write(corpus.articles.values(), tmp_path / "articles.jsonl")
    mine = quotes.load(tmp_path / "quotes.jsonl", [tmp_path / "articles.jsonl"])
    assert mine.quotes == corpus.quotes[:4] and mine.articles == corpus.articles
    assert quotes.load(tmp_path).quotes == corpus.quotes[:4]  # a folder, as quotes import writes
    assert quotes.load(tmp_path / "quotes.jsonl").articles == corpus.articles  # bundled articles
    q = corpus.quotes[0]
    quotes.write([q, q], tmp_path / "twice.jsonl")
    with pytest.raises(quotes.RecordError, match="appears twice") as raised:
        quotes.load(tmp_path / "twice.jsonl")
    assert raised.value.problem.line == 2
    bad = q.model_copy(update={"quote": "X" + q.quote[1:]})
    quotes.write([bad], tmp_path / "bad.jsonl")
    with pytest.raises(quotes.RecordError, match="mismatch"):
        quotes.load(tmp_path / "bad.jsonl")
    assert quotes.load(tmp_path / "bad.jsonl", check=False).quotes == [bad]
    with pytest.raises(ValueError, match="only once"):
        quotes.load("-", ["-"])


def test_an_article_is_found_by_its_id_or_its_file_name() -> None:
    corpus = load()
    article = corpus.articles["003_0c8d9f83576395f4"]
    assert corpus.article_named("003_0c8d9f83576395f4") is article
    assert corpus.article_named("003_0c8d9f83576395f4.txt") is article


def test_an_unknown_article_names_the_closest_ids() -> None:
    corpus = load()
    with pytest.raises(UnknownArticle, match=r"'003'; the closest ids: 003_0c8d9f83576395f4$"):
        corpus.article_named("003")
    with pytest.raises(UnknownArticle) as found:
        corpus.article_named("003_0c8d9f83576395f5")
    assert found.value.closest[0] == "003_0c8d9f83576395f4"
    with pytest.raises(UnknownArticle, match=r"^no article with id or file name 'zzz'$"):
        corpus.article_named("zzz")
