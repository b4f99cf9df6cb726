"""Each name has one home: a module exports only what it defines (no compatibility re-exports),
and importing a feature does not load the parallel engine (nor msgspec)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quotes"

FACADES = {
    "__init__.py",
    "cli/__init__.py",
    "extract/__init__.py",
    "formats/__init__.py",
    "engine/parallel/__init__.py",
}
"""The package's, the CLI's and the features' front doors, whose ``__all__`` names their
public API."""


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _defined(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {e.id for e in elements if isinstance(e, ast.Name)}
    return names


def _exported(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return [ast.literal_eval(e) for e in node.value.elts]  # type: ignore[attr-defined]
    return []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_module_exports_only_what_it_defines(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if relative not in FACADES:
        borrowed = [name for name in _exported(tree) if name not in _defined(tree)]
        assert not borrowed, f"import these from where they are defined: {borrowed}"
    if relative != "__init__.py":
        assert "__getattr__" not in _defined(tree), "a module-level __getattr__ hides an import"


def test_importing_a_feature_does_not_load_the_parallel_engine() -> None:
    code = (
        "import sys, quotes.view, quotes.extract, quotes.formats\n"
        "print(sorted(m for m in sys.modules if m.startswith(('quotes.engine.parallel', "
        "'quotes.engine.fast', 'quotes.engine.pipeline', 'msgspec'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
