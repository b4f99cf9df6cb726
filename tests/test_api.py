"""The public API is small, typed and deliberate: a change to it must change this test."""

from __future__ import annotations

import subprocess
import sys

import quotes
from quotes.version import DISTRIBUTION

PUBLIC = {
    "PROBLEM_TYPES",
    "Annotation",
    "Article",
    "Corpus",
    "Correction",
    "Problem",
    "Quote",
    "RecordError",
    "Region",
    "Report",
    "Speaker",
    "TextSpan",
    "__version__",
    "check_quote",
    "features",
    "from_dataset",
    "load",
    "quote_id",
    "read",
    "to_dataset",
    "validate",
    "write",
}


def test_all_lists_exactly_the_public_api() -> None:
    assert set(quotes.__all__) == PUBLIC
    assert all(hasattr(quotes, name) for name in quotes.__all__)


def test_public_callables_have_docstrings() -> None:
    for name in quotes.__all__:
        obj = getattr(quotes, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name


def test_package_is_typed() -> None:
    from importlib.resources import files

    assert files("quotes").joinpath("py.typed").is_file()


def test_import_does_not_load_datasets_or_pyarrow() -> None:
    code = "import sys, quotes; print('datasets' in sys.modules, 'pyarrow' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_version_is_defined_once() -> None:
    from importlib.metadata import version

    assert quotes.__version__ == version(DISTRIBUTION)
