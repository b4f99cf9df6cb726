"""A rule-based baseline extractor (``quotes extract``): raw article text in, candidate quotes out.

**What a proposed record covers.** An attribution as news annotators mark it (PolNeAR's
scheme): what a source *says* (quotations, reported speech), and also what it *believes*,
*wants* or *found* when a verb attributes it (``many farmers believe …``, ``a survey shows
that …``, ``the governor wants to …``), and speech acts and intentions with an object or an
infinitive (``called for …``, ``accused X of …``, ``sought to …``). This was decided
deliberately (issue 14): on news it raises recall for attributions; on the bundled data, whose
gold records are speech only, it adds a few records the gold does not have. Left out: verbs that
give the right words but rarely the source an annotator names (``seems``, ``appears``,
``felt``, ``is expected to``), and stances with a bare object (``endorsed Cruz``,
``criticized Clinton``), which are not what anyone said (:mod:`.verbs`).

It proposes records for review, never gold: every record says ``annotation.method = "rule"``,
the tool's name and version and a confidence. Every span is cut from the article text by offsets,
and every record is checked against the text (:func:`quotes.core.corpus_rules.check_quote`)
before it is returned, so no proposed quote can rewrite what was said.

The rules follow general conventions of English news writing:

* **Quotation marks.** The marks of :mod:`quotes.core.marks`, the importers' too: double
  quotes, straight (``"``) or curly (``“ ”``), German (``„ “``), guillemets (``« »``, ``» «``),
  doubled apostrophes (``''…''``, wire copy) and the mis-decoded pair ``ì … î`` (Windows-1252
  curly quotes read as Latin-1); single quotes (``‘ ’`` or ``'``) when a paragraph uses them
  as its outer marks (British style). Inside double quotes, single
  quotes are nested quotations and stay in the span. A quotation still open at the end of its
  paragraph ends there (the news convention for a quote running over several paragraphs).
  Spans are the text strictly inside the marks.
* **Kinds.** A quotation that starts its sentence, or follows a reporting verb (``said: "…"``,
  ``he told reporters, "…"``, or a paragraph ending ``X reports:``), is ``direct``, unless
  it starts in lower case (``X said "has a number of …"``: a fragment). One embedded in the
  writer's sentence (``described it as "a turning point"``, ``said that they are "ready"``)
  is ``mixed``; short quoted labels (one or two words not introduced by ``as`` nor just after
  a reporting verb, as in ``called it "absurd"``) and names (``so-called "X"``, ``what is
  called a "X"``) are scare quotes, not records. A reporting verb with a clause and no
  quotation marks (``X said (that) …``, ``…, X said.``, ``analysts, who said that …``,
  ``according to X, …``, ``A, according to X, B`` in two segments) gives an ``indirect`` record
  whose span is the reported clause; ``that`` opens the clause only right after the verb, an
  aside, an adverbial or the addressee. Two coordinated cues (``warned of X and threatened to
  Y``) give two records with one speaker; a clause ends before a comma and another ``-ing``
  cue (``complained that A, suggesting "B"``). A cue word inside a hyphenated compound
  (``early-warning``), used as a noun (``the warning``, ``his comments``) or after ``to``
  (``reluctant to reveal``) is no cue.
* **Attribution.** A reporting verb (:data:`CUE_VERBS`) next to the quotation, in either order
  (``"…," X said`` / ``"…," said X`` / ``X said: "…"``), also a transcript's label
  (``Rep. X (D-Ore.): "…"``), a dash and a name closing the paragraph after it (``"…" ―
  Ann Bell``, a reader's comment or pull quote) and, for an embedded quotation, right after it
  (``are "irresponsible," said X``); an ``-ing`` cue after a comma (``…, saying "…"``) takes the
  sentence's subject; an appositive after the name becomes the description (``said Jane Roe,
  an analyst at …``). ``"A," he said. "B."`` and ``"A," he said,
  "B."`` are one record with two segments; ``"A," he said, adding, "B."`` two records. A
  sentence's subject and a colon introduce a quotation with no cue (``She had one message:
  "…"``, ``X issued the following statement:`` closing the paragraph), as do a digest's
  ``RUBRIC - Name: "…"`` and a quoted transcript's ``"WALLACE: …`` (the label is the speaker,
  outside the span). Titles are names, not quotations (``told MSNBC's "Morning Joe"``). A
  quotation with no attribution of its own continues the previous quotation's speaker (lower
  confidence), unless it is left open at its paragraph's end and the next paragraph opens with
  an attributed quotation: then it takes that speaker.
* **Speakers.** Titles are stripped from names (``NATO spokesman James Appathurai`` →
  ``James Appathurai``); a surname alone resolves to the full name the article introduces
  (news style names a person in full first); ``he``/``she`` resolve to the last named person who
  spoke or opened a sentence before the pronoun (``Ivan Orlov arrived. He said …``), and one with no
  such antecedent stays the speaker, unresolved (``name`` null, ``type`` ``unknown``, the
  pronoun as mention); a role
  (title or appositive) is carried to later mentions (``Orlov``, ``he``); a time adverbial ends a
  subject (``the powers last month in Prague``); ``a NATO official`` is ``anonymous``, plural
  descriptions (``analysts``, ``some experts``, ``they``) are ``group``; other capitalised sources
  (``Moscow``, ``the Kremlin``) are ``organization``.
* **Titles.** The first line of a text that no region marks as a headline is read as its
  title: ``Graham: Rhetoric Is Hurting Us`` and ``Bell Says Plan Will Fail`` attribute the rest
  of the title to the source (rubrics such as ``The Latest:`` and all-capital words excepted).
* **Regions.** Text in ``headline``, ``dateline`` and ``furniture`` regions is skipped; quotes in
  ``sidebar`` and ``caption`` regions are kept with that ``region``. A raw text has no regions,
  but a dateline opening one of its first three paragraphs (``MOSCOW, April 18 (Reuters) -``)
  is skipped.

**Confidence.** Each record carries the confidence of the named pattern that found it
(:data:`~quotes.extract.rules.PATTERNS`): the share of that pattern's records found right on
PolNeAR's train split, less :data:`~quotes.extract.rules.PRONOUN_PENALTY` for a pronoun speaker.

The package: :mod:`.verbs` and :mod:`.rules` hold the rules as data (the verb table; word
lists, expressions, named patterns); :mod:`.text` reads paragraphs, quotation marks and
sentences; :mod:`.names` and :mod:`.attribution` find names, speakers and cues;
:mod:`.matcher` finds the patterns; :mod:`.merge` turns them into checked records;
:mod:`.files` reads raw text files (:func:`article_from_text`, :func:`extract_files`,
:func:`write_extraction`). The publication
date of a raw text, which no rule can know, must be given (``date=``), or the article taken
from the given articles (``articles=``), which also brings its regions and outlet.
"""

from quotes.extract.files import (
    Extraction,
    MissingDate,
    TextDiffers,
    article_from_text,
    extract_files,
    read_text,
    write_extraction,
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
    "article_from_text",
    "extract",
    "extract_all",
    "extract_files",
    "extract_patterns",
    "read_text",
    "write_extraction",
]
