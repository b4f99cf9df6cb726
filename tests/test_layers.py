"""The package's shape: imports point only down the layers, the features stand apart, and no
function is over 80 lines.

The layers are the import-linter contract in ``pyproject.toml`` (``[tool.importlinter]``); how
complex a function may be is ruff's to check (``[tool.ruff.lint]``: C90, PLR0915).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "quotes"
MAX_FUNCTION_LINES = 80


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
    done = _lint_with_import(tmp_path, "core/models.py", "from quotes import cli")
    assert done.returncode == 1
    assert "quotes.core.models -> quotes.cli" in done.stdout


def test_a_feature_importing_another_breaks_the_contract(tmp_path: Path) -> None:
    done = _lint_with_import(tmp_path, "view/markup.py", "from quotes import extract")
    assert done.returncode == 1
    assert "quotes.view.markup -> quotes.extract" in done.stdout


def _lint_with_import(root: Path, module: str, statement: str) -> subprocess.CompletedProcess[str]:
    """The contracts checked on a copy of the package in ``root`` whose ``module`` (a path in
    quotes/) has a function holding ``statement``: a lazy import hides no edge."""
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(PACKAGE, root / "quotes", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "quotes" / module
    source = path.read_text(encoding="utf-8")
    path.write_text(f"{source}\n\ndef _added() -> None:\n    {statement}\n", encoding="utf-8")
    return lint_imports(root)


def test_no_function_is_over_80_lines() -> None:
    too_long = [
        f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} {node.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not too_long, f"cut these functions by what each part does: {too_long}"
