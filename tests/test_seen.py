"""seen: a set of strings in flat memory (the most recent in memory, the rest in an SQLite file),
answering as a set does; and an import's article ids kept in one, the output byte for byte
that of ids kept in memory, its file removed however the import ends."""

from __future__ import annotations

import bz2
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_formats_quotebank import copies

from quotes.engine.mapping import PoolMapper
from quotes.formats import ImportSummary, import_corpus
from quotes.io import blocks, seen
from quotes.io.files import RecordError
from quotes.io.progress import Progress
from quotes.io.seen import Seen

STRINGS = st.text(alphabet="abc\u00e9\0", max_size=3)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), STRINGS),
        st.tuples(st.just("update"), st.lists(STRINGS, max_size=6)),
        st.tuples(st.just("in"), STRINGS),
        st.tuples(st.just("intersection"), st.lists(STRINGS, max_size=6)),
        st.tuples(st.just("len"), st.none()),
    ),
    max_size=40,
)


def answer(strings: Seen | set[str], operation: str, argument: str | list[str] | None) -> object:
    """What ``strings`` answers to one operation (None for those that change it)."""
    if operation == "len":
        return len(strings)
    if isinstance(argument, str):
        if operation == "in":
            return argument in strings
        strings.add(argument)
        return None
    given = list(argument or [])
    if operation == "update":
        strings.update(given)
        return None
    return strings.intersection(given)


@settings(max_examples=300, deadline=None)
@given(OPERATIONS, st.integers(min_value=0, max_value=4))
def test_seen_answers_as_a_set_whatever_it_moved_to_its_file(
    operations: list[tuple[str, str | list[str] | None]], limit: int
) -> None:
    expected: set[str] = set()
    with Seen(limit=limit) as strings:
        for operation, argument in operations:
            assert answer(strings, operation, argument) == answer(expected, operation, argument)
        assert len(strings.recent) <= limit
        assert len(strings) == len(expected)
        assert strings.intersection(expected) == expected


def test_seen_makes_its_file_past_the_limit_in_the_folder_given_and_removes_it(
    tmp_path: Path,
) -> None:
    with Seen(tmp_path, limit=2) as strings:
        strings.update(["a", "b"])
        assert strings.path is None and not list(tmp_path.iterdir())  # nothing moved yet
        strings.add("c")
        assert strings.path is not None and strings.path.parent == tmp_path
        assert (strings.recent, len(strings), "a" in strings) == (set(), 3, True)
    assert not list(tmp_path.iterdir())
    with pytest.raises(KeyboardInterrupt), Seen(tmp_path, limit=0) as strings:
        strings.add("a")
        assert list(tmp_path.iterdir())
        raise KeyboardInterrupt
    assert not list(tmp_path.iterdir())


def test_seen_is_not_sent_to_another_process() -> None:
    with Seen() as strings, pytest.raises(TypeError, match="intersection"):
        pickle.dumps(strings)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The files every :class:`Seen` makes, with every ``.bz2`` cut at its blocks, one a
    part."""
    monkeypatch.setattr(blocks, "BLOCKS_MIN_BYTES", 0)
    monkeypatch.setattr(blocks, "BLOCKS_PER_PART", 1)
    paths: list[Path] = []
    making = Seen._made

    def noted(self: Seen) -> object:
        db = making(self)
        assert self.path is not None
        paths.append(self.path)
        return db

    monkeypatch.setattr(Seen, "_made", noted)
    yield paths


def _imported(source: Path, out: Path, **options: object) -> tuple[ImportSummary, list[bytes]]:
    summary = import_corpus("quotebank", [source], out, **options)  # type: ignore[arg-type]
    return summary, [p.read_bytes() for p in sorted(out.iterdir())]


@pytest.mark.parametrize("options", [{"jobs": 1}, {"jobs": 2}, {"engine": PoolMapper(2)}])
def test_an_import_with_a_tiny_memory_for_ids_writes_the_same_bytes(
    options: dict[str, object],
    tmp_path: Path,
    made: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "quotebank.json.bz2"
    source.write_bytes(bz2.compress(b"".join(copies(100, repeated=7)), 1))
    assert len(list(blocks.cut(str(source), 1))) > 3
    in_memory = _imported(source, tmp_path / "in-memory", **options)
    assert not made
    monkeypatch.setattr(seen, "MEMORY_STRINGS", 2)
    spilled = _imported(source, tmp_path / "spilled", **options)
    assert made
    assert spilled[1] == in_memory[1]
    summary = spilled[0]
    assert summary.lost["article id already used"] == 3 * 14  # copies 7, 14, ... 98
    for counts in ("articles", "quotes", "kinds", "lost", "adjusted", "examples"):
        assert getattr(summary, counts) == getattr(in_memory[0], counts), counts
    assert not [p for p in made if p.exists()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_ids_file_is_removed_when_an_import_fails(
    jobs: int, tmp_path: Path, made: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seen, "MEMORY_STRINGS", 1)
    source = tmp_path / "quotebank.json.bz2"
    source.write_bytes(bz2.compress(b"".join(copies(100, repeated=7)), 1)[:-1000])  # cut off
    with pytest.raises(RecordError, match="compression"):
        import_corpus("quotebank", [source], tmp_path / "out", jobs=jobs)
    assert made
    assert not [p for p in made if p.exists()]
    assert not (tmp_path / "out").exists()


def test_the_ids_file_is_removed_when_an_import_is_interrupted(
    tmp_path: Path, made: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(seen, "MEMORY_STRINGS", 1)
    source = tmp_path / "quotebank.json.bz2"
    source.write_bytes(bz2.compress(b"".join(copies(100, repeated=7)), 1))

    class Interrupting(Progress):
        """Ctrl-C once the ids file is made."""

        def update(self, nbytes: int, records: int) -> None:
            if made:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_corpus("quotebank", [source], tmp_path / "out", progress=Interrupting(enabled=False))
    assert made
    assert not [p for p in made if p.exists()]
