"""The built wheel carries its data: installed elsewhere, it loads and validates from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from quotes.version import DISTRIBUTION


def test_the_distribution_name_is_written_once_in_pyproject_too() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("[project]\n")[1].split("\n[")[0]
    assert f'\nname = "{DISTRIBUTION}"\n' in f"\n{project}"
    assert DISTRIBUTION != "quotes"  # "quotes" on the package index is another project


@pytest.mark.slow  # builds and installs a wheel
def test_wheel_installs_and_finds_its_data_from_another_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob(f"{DISTRIBUTION.replace('-', '_')}-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quotes/data/quotes.jsonl" in names and "quotes/data/articles.jsonl" in names
    assert "quotes/py.typed" in names
    for schema in (ROOT / "schema").glob("*.schema.json"):  # for the fast validator
        packaged = zipfile.ZipFile(wheel).read(f"quotes/data/schema/{schema.name}")
        assert packaged == schema.read_bytes()
    assert not any(n.startswith(("tests/", "curation/")) for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import quotes, sys; c = quotes.load(); r = quotes.validate();"
        "print(quotes.__file__); print(len(c.quotes), r.ok)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(code: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    where, result = run(code)
    assert where.startswith(str(target))
    count, ok = result.split()
    assert int(count) > 0 and ok == "True"

    # checking a file of valid quotes at record level needs no pydantic (quotes.engine.fast)
    valid = elsewhere / "valid.jsonl"
    valid.write_bytes((ROOT / "quotes" / "data" / "quotes.jsonl").read_bytes())
    code = (
        "import sys; from quotes.cli import main; code = main(['validate', 'valid.jsonl']);"
        "print(code, 'pydantic' in sys.modules)"
    )
    assert run(code)[-1] == "0 False"
