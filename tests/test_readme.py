"""Every example of the README runs, in the order a reader meets them, in one folder; the README
starts with its title and the two commands CI runs.

```python blocks run as scripts, and each line of a ```bash block runs as written (``quotes ...`` in
process, ``echo`` by the shell), so files made by one example (``predicted.jsonl``,
``my_quotes.jsonl``) are there for the next. Blocks that are not run are marked: ```py needs the
Hub, ```sh needs data or a package index the tests do not have (checked below). The one module
that runs the README's examples: the baseline scores table is checked against its commands here
too (it is in ``docs/extractor.md``).
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from conftest import (
    FENCE,
    ROOT,
    assert_examples_not_run_say_why,
    code_blocks,
    command_lines,
    copy_of_the_checkout,
    run_examples,
    run_in_process,
)

from quotes import load

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXTRACTOR = (ROOT / "docs" / "extractor.md").read_text(encoding="utf-8")
BLOCKS = code_blocks(README)
CI_COMMANDS = 2  # the first two blocks install and test; .ci/run runs them (checked below)


@pytest.mark.slow
def test_every_example_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_of_the_checkout(tmp_path)
    monkeypatch.chdir(tmp_path)
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    ran, printed = run_examples(BLOCKS[CI_COMMANDS:], env, capsys)
    assert len(ran) >= 12
    assert Path("html/index.html").is_file() and Path("csv/quotes.csv").is_file()
    assert load().quotes[0].id in printed  # the Python examples print records


def test_examples_not_run_say_why() -> None:
    assert_examples_not_run_say_why(BLOCKS)


def test_the_baseline_table_is_what_its_commands_print(tmp_path: Path) -> None:
    """The scores under "Baseline scores" (docs/extractor.md) are what the ```bash block above
    them prints."""
    block = EXTRACTOR.split("<!-- baseline:start -->\n")[1].split("<!-- baseline:end -->")[0]
    commands = EXTRACTOR.split("## Baseline scores")[1].split("```bash\n")[1].split("```")[0]
    lines = [shlex.split(line) for line in command_lines(commands)]
    assert [line[:2] for line in lines] == [["quotes", "extract"], ["quotes", "evaluate"]]
    output = ""
    for line in lines:
        done = run_in_process(*line[1:], cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        output = done.stdout
    assert output == block


def test_readme_starts_with_title_and_the_two_ci_commands() -> None:
    lines = README.splitlines()
    assert lines[0].startswith("# ")
    blocks = list(FENCE.finditer(README))
    first_two = [m["body"].strip() for m in blocks[:2]]
    assert first_two == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/quotes validate"
        " && .venv/bin/quotes stats --by kind",
        'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/pytest -q',
    ]
    # nothing but blank lines between the title and the two blocks
    between = README[len(lines[0]) : blocks[1].end()]
    for block in blocks[:2]:
        between = between.replace(block.group(0), "")
    assert between.strip() == ""
    # CI runs every step of the two commands (pip with -q)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in first_two:
        for step in command.split(" && "):
            assert step.replace("pip install ", "pip install -q ") in ci, step


def test_readme_is_a_readme() -> None:
    """What the package index shows: no front matter, no issue numbers, short."""
    assert not README.startswith("---")
    assert not re.search(r"\bissues? \d+", README, re.IGNORECASE)
    assert len(README.splitlines()) <= 200
