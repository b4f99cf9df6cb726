"""Fuzzing every command in-process: random bytes and mutated records never crash the CLI.

For any input, each command exits 0, 1 or 2, prints no traceback and no internal error, and when
it rejects the data it names the file and the line.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.cli import main

QUOTES = (DATA / "quotes.jsonl").read_bytes().splitlines(keepends=True)
ARTICLES = DATA / "articles.jsonl"


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The fixture's quote lines with random edits: bytes flipped, cut, inserted, lines repeated."""
    lines = list(QUOTES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        at = draw(st.integers(0, len(line)))
        edit = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "drop", "swap"]))
        if edit == "flip" and at < len(line):
            line = line[:at] + bytes([line[at] ^ draw(st.integers(1, 255))]) + line[at + 1 :]
        elif edit == "cut":
            line = line[:at]
        elif edit == "insert":
            piece = draw(
                st.sampled_from([b'"', b"{", b"}", b",", b"\n", b"\xff", b"0", b"-1", b"\\"])
            )
            line = line[:at] + piece + line[at:]
        elif edit == "repeat":
            lines.insert(i, line)
        elif edit == "drop" and len(lines) > 1:
            del lines[i]
            continue
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            continue
        lines[i] = line
    return b"".join(lines)


inputs = st.one_of(st.binary(max_size=2000), mutated())

COMMANDS = {
    "validate": lambda f, out: ["validate", f, "--quiet", "--jobs", "1"],
    "validate-corpus": lambda f, out: [
        "validate",
        f,
        "--articles",
        str(ARTICLES),
        "--quiet",
        "--jobs",
        "1",
    ],
    "validate-articles": lambda f, out: ["validate", str(DATA / "quotes.jsonl"), "--articles", f],
    "stats": lambda f, out: ["stats", f],
    "evaluate": lambda f, out: ["evaluate", str(DATA / "quotes.jsonl"), f],
    "evaluate-corpus": lambda f, out: [
        "evaluate",
        f,
        str(DATA / "quotes.jsonl"),
        "--articles",
        str(ARTICLES),
    ],
    "extract-articles": lambda f, out: ["extract", "--articles", f],
    "view": lambda f, out: ["view", f, "--articles", str(ARTICLES), "--out", out, "--force"],
    "view-articles": lambda f, out: ["view", "--articles", f, "--out", out, "--force"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=inputs)
def test_any_input_gets_an_exit_code_and_a_located_message(
    command: str, data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        path.write_bytes(data)
        code = main(COMMANDS[command](str(path), str(Path(folder) / "view")))
        out = capsys.readouterr()
    said = out.out + out.err
    assert code in (0, 1, 2), said
    assert "Traceback" not in said and "internal error" not in said, said
    if command.startswith("validate"):
        problems = [line for line in out.out.splitlines() if line.endswith("]")]
        assert bool(problems) == (code != 0), said
        for line in problems:  # each names its file and line (a whole-file one, its file)
            assert re.match(r"\S+:\d+: ", line) or line.endswith("[unreadable-file]"), line
    elif code != 0:  # the message names a file (the input, or the other one) and the line
        assert re.search(r"\.jsonl:\d+: ", said), said


@settings(max_examples=25, deadline=None)
@given(data=inputs)
def test_extract_takes_any_bytes_as_a_text(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "005_story.txt"
        path.write_bytes(data)
        out = Path(folder) / "out.jsonl"
        assert main(["extract", str(path), "--date", "2020-01-02", "--out", str(out)]) in (0, 2)
