"""quotes: a gold-standard quote-attribution dataset, and the tools to load, validate and extend it.

>>> import quotes
>>> corpus = quotes.load()                       # the bundled data, validated
>>> report = quotes.validate()                   # a Report; never raises on bad input
>>> report.ok
True

Offsets everywhere are Unicode code points into ``Article.text``, end-exclusive.
"""

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .checks import check_quote
    from .corpus import Corpus, load
    from .hub import features, from_dataset, to_dataset
    from .io import RecordError, read, write
    from .models import (
        Annotation,
        Article,
        Correction,
        Quote,
        Region,
        Speaker,
        TextSpan,
        quote_id,
    )
    from .problems import PROBLEM_TYPES, Problem
    from .report import Report
    from .validation import validate

# Where each public name lives: imported on first use, so that ``quotes validate`` on a file of
# valid quotes starts without pydantic (see quotes.fast) and ``import quotes`` stays light.
_HOME = {
    "PROBLEM_TYPES": "problems",
    "Problem": "problems",
    "Annotation": "models",
    "Article": "models",
    "Correction": "models",
    "Quote": "models",
    "Region": "models",
    "Speaker": "models",
    "TextSpan": "models",
    "quote_id": "models",
    "Corpus": "corpus",
    "load": "corpus",
    "RecordError": "io",
    "read": "io",
    "write": "io",
    "Report": "report",
    "check_quote": "checks",
    "features": "hub",
    "from_dataset": "hub",
    "to_dataset": "hub",
    "validate": "validation",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
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
]
