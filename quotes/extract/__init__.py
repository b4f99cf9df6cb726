"""A rule-based baseline extractor (``quotes extract``): raw article text in, candidate quotes out.

The rules (what a record covers, quotation marks, kinds, attribution, speakers, titles,
regions, confidence) are specified in ``docs/extractor.md``.

It proposes records for review, never gold: every record says ``annotation.method = "rule"``,
the tool's name and version and a confidence. Every span is cut from the article text by offsets,
and every record is checked against the text (:func:`quotes.core.corpus_rules.check_quote`)
before it is returned, so no proposed quote can rewrite what was said.

The package: :mod:`.verbs` and :mod:`.rules` hold the rules as data (the verb table; word
lists, expressions, named patterns); :mod:`.text` reads paragraphs, quotation marks and
sentences; :mod:`.names` and :mod:`.attribution` find names, speakers and cues;
:mod:`.matcher` finds the patterns; :mod:`.merge` turns them into checked records;
:mod:`.files` reads raw text files and folders of them (:func:`article_from_text`,
:func:`extract_files`, :func:`write_extraction`). The publication
date of a raw text, which no rule can know, must be given (``date=``), or the article taken
from the given articles (``articles=``), which also brings its regions and outlet.
"""

from quotes.extract.files import (
    Extraction,
    MissingDate,
    TextDiffers,
    Written,
    article_from_text,
    articles_beside,
    extract_files,
    headline,
    read_text,
    text_files,
    write_extraction,
    write_sharded,
)
from quotes.extract.merge import ExtractionError, extract, extract_all, extract_patterns
from quotes.extract.rules import PATTERNS, TOOL_NAME
from quotes.extract.verbs import CUE_VERBS

__all__ = [
    "CUE_VERBS",
    "PATTERNS",
    "TOOL_NAME",
    "Extraction",
    "ExtractionError",
    "MissingDate",
    "TextDiffers",
    "Written",
    "article_from_text",
    "articles_beside",
    "extract",
    "extract_all",
    "extract_files",
    "extract_patterns",
    "headline",
    "read_text",
    "text_files",
    "write_extraction",
    "write_sharded",
]
