"""quotes: a gold-standard quote-attribution dataset, and the tools to load, validate and extend it.

>>> import quotes
>>> corpus = quotes.load()                       # the bundled data, validated
>>> report = quotes.validate()                   # a Report; never raises on bad input
>>> report.ok
True

Offsets everywhere are Unicode code points into ``Article.text``, end-exclusive.
"""

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
