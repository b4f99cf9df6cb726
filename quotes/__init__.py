"""quotes: a gold-standard quote-attribution dataset, and the tools to load, validate and extend it.

>>> import quotes
>>> corpus = quotes.load()                       # the bundled data, validated
>>> report = quotes.validate()                   # a Report; never raises on bad input
>>> report.ok
True

Offsets everywhere are Unicode code points into ``Article.text``, end-exclusive.
"""

from typing import TYPE_CHECKING, Any

from quotes.version import __version__

if TYPE_CHECKING:
    from quotes.core.corpus_rules import check_quote
    from quotes.core.ids import quote_id
    from quotes.core.models import (
        Annotation,
        Article,
        Correction,
        Quote,
        Region,
        Speaker,
        TextSpan,
    )
    from quotes.core.problems import PROBLEM_TYPES, Problem
    from quotes.core.report import Report
    from quotes.engine.corpus import Corpus, load
    from quotes.engine.pipeline import validate
    from quotes.io.files import RecordError
    from quotes.io.hub import features, from_dataset, to_dataset
    from quotes.io.jsonl import read, write

# Where each public name lives: imported on first use, so that ``quotes validate`` on a file of
# valid quotes starts without pydantic (see quotes.engine.fast) and ``import quotes`` stays light.
_HOME = {
    "PROBLEM_TYPES": "core.problems",
    "Problem": "core.problems",
    "Annotation": "core.models",
    "Article": "core.models",
    "Correction": "core.models",
    "Quote": "core.models",
    "Region": "core.models",
    "Speaker": "core.models",
    "TextSpan": "core.models",
    "quote_id": "core.ids",
    "Corpus": "engine.corpus",
    "load": "engine.corpus",
    "RecordError": "io.files",
    "read": "io.jsonl",
    "write": "io.jsonl",
    "Report": "core.report",
    "check_quote": "core.corpus_rules",
    "features": "io.hub",
    "from_dataset": "io.hub",
    "to_dataset": "io.hub",
    "validate": "engine.pipeline",
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
