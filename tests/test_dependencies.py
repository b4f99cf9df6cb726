"""Every third-party module the package imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys

import pytest
from conftest import ROOT

tomllib = pytest.importorskip("tomllib")

NOT_INSTALLED = {
    "indexed_bzip2": "indexed-bzip2",
    "pyspark": "pyspark",
    "pycrfsuite": "python-crfsuite",
}
"""Optional modules that may be missing here, with the distribution that provides them."""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported() -> set[str]:
    """Top-level names of the modules the package imports, anywhere in it."""
    names: set[str] = set()
    for path in (ROOT / "quotes").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "quotes"}


def _declared() -> tuple[set[str], set[str]]:
    """Distributions required always, and those an extra (not test, dev, bench) adds."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {_normal(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in requirements}

    extras = project["optional-dependencies"]
    optional = [
        r for extra, reqs in extras.items() if extra not in {"test", "dev", "bench"} for r in reqs
    ]
    return names(project["dependencies"]), names(optional)


def test_every_imported_module_is_declared() -> None:
    required, optional = _declared()
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for module in sorted(_imported()):
        provided = distributions.get(module) or [NOT_INSTALLED[module]]
        names = {_normal(d) for d in provided}
        if not names & (required | optional):
            undeclared[module] = sorted(names)
    assert not undeclared, f"declare these in pyproject.toml: {undeclared}"
