"""The documentation site builds with ``mkdocs build --strict`` (a broken link, anchor or API
reference fails it), and its generated command line reference lists every command."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, require

from quotes.cli import COMMANDS

require(
    importlib.util.find_spec("mkdocs") and importlib.util.find_spec("mkdocs_gen_files"),
    "mkdocs is not installed (pip install '.[docs]')",
)

pytestmark = pytest.mark.slow  # a build takes seconds


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config`` into ``site``, documenting this checkout."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]  # no -q: it hides warnings
    return subprocess.run(
        [*command, "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    done = _build(ROOT / "mkdocs.yml", site)
    assert done.returncode == 0, done.stderr[-3000:]
    return site


def test_the_site_builds_strictly_with_every_page(site: Path) -> None:
    for page in ("guide", "formats/polnear", "cli", "api", "annotation", "benchmark", "changelog"):
        assert (site / page / "index.html").is_file(), page


def test_the_cli_reference_lists_every_command(site: Path) -> None:
    page = (site / "cli" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="quotes-([\w-]+)"', page)
    assert headings == list(COMMANDS)
    for command in COMMANDS.values():
        assert command.example.split()[1] in page  # the command's example, as written there


def test_the_api_reference_documents_every_exported_name(site: Path) -> None:
    import quotes

    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in quotes.__all__:
        assert re.search(rf'id="quotes\.([\w.]+\.)?{re.escape(name)}"', page), name


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    index = tmp_path / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n", "utf-8")
    done = _build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert done.returncode != 0
    assert "no-such-page.md" in done.stderr
