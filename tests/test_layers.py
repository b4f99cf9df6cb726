"""The package's shape: imports point only down the layers, and no module is over 500 lines.

The layers are the import-linter contract in ``pyproject.toml`` (``[tool.importlinter]``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "quotes"
MAX_LINES = 500


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Check the contract of ``root/pyproject.toml`` against the package ``root/quotes``."""
    script = Path(sys.executable).parent / "lint-imports"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run(
        [*command, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_imports_point_only_down_the_layers() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_import_pointing_up_breaks_the_contract(tmp_path: Path) -> None:
    """Even one inside a function: a lazy import does not hide a cycle."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "quotes", ignore=shutil.ignore_patterns("__pycache__"))
    models = tmp_path / "quotes" / "models.py"
    models.write_text(
        models.read_text(encoding="utf-8") + "\n\ndef _up() -> None:\n    from . import cli\n",
        encoding="utf-8",
    )
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "quotes.models -> quotes.cli" in done.stdout


def test_no_module_is_over_500_lines() -> None:
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert not too_long, f"split these modules by job: {too_long}"
