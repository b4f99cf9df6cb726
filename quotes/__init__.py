"""quotes: a gold-standard quote-attribution dataset, and the tools to load, validate and extend it.

>>> import quotes
>>> corpus = quotes.load()                       # the bundled data, validated
>>> report = quotes.validate()                   # a Report; never raises on bad input
>>> report.ok
True

Offsets everywhere are Unicode code points into ``Article.text``, end-exclusive.
"""

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
from .report import PROBLEM_TYPES, Problem, Report
from .validation import check_quote, validate
from .version import __version__

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
