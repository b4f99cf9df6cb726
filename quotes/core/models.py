"""Record models: the single source of truth for every record in the dataset.

Two record types, one per JSON Lines file:

* :class:`Article`, one per source article (``quotes/data/articles.jsonl``);
* :class:`Quote`, one per attributed utterance (``quotes/data/quotes.jsonl``).

The JSON Schema files in ``schema/``, the ``datasets.Features``, the dataset card's feature block
and ``croissant.json`` are all generated from these classes (``python -m quotes schema --write``
and friends), and tests fail when a committed copy drifts.

Units are stated once, here: **every offset is a Unicode code point index into** ``Article.text``,
**end-exclusive**, so ``article.text[start:end]`` is the marked text in Python.

Record-level rules (checked by the models alone) are: enum values, real calendar dates, non-empty
text, ``0 <= start < end``, spans ordered and non-overlapping, ``quote`` as long as the joined
segments, the id rule, and no unknown keys. Rules that need the article text
(offsets equal the text, the article exists, date and outlet agree) are corpus-level and live in
:mod:`quotes.core.corpus_rules`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError, SchemaValidator, ValidationError, core_schema

from quotes.core.ids import ARTICLE_ID, quote_id
from quotes.core.kinds import kind_from
from quotes.core.record_rules import (
    Kind,
    check_article,
    check_correction,
    check_quote,
    check_region,
    check_text_span,
)

__all__ = [
    "Annotation",
    "Article",
    "Correction",
    "Quote",
    "QuoteLike",
    "Region",
    "Source",
    "Speaker",
    "SpeakerCandidate",
    "SpeakerLike",
    "TextSpan",
    "TextSpanLike",
    "made_kind",
    "segments",
]

Precision = Literal["day", "month", "year"]
Confidence = Literal["stated", "verified", "inferred"]
RegionKind = Literal["headline", "dateline", "sidebar", "caption", "furniture"]
QuoteRegion = Literal["body", "sidebar", "caption"]
SpeakerType = Literal["person", "anonymous", "group", "organization", "unknown"]
SpeakerState = Literal["resolved", "anonymous", "unresolved"]
Method = Literal["manual", "rule", "model"]

MAX_OFFSET = 2**31 - 1
"""Largest offset (the int32 that Arrow, Parquet and ``datasets`` store offsets in)."""

Offset = Annotated[StrictInt, Field(ge=0, le=MAX_OFFSET)]
NonEmpty = Annotated[str, Field(min_length=1)]
Span = Annotated[tuple[Offset, Offset], Field(strict=False)]
"""A ``[start, end]`` pair of code-point offsets, end-exclusive."""

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date written as the schema's ``format: date`` writes it."""
_JSON_DAY = SchemaValidator(core_schema.date_schema(strict=True))
"""pydantic's own reading of a JSON date (its messages are the problems')."""


def _written_as_a_day(value: object, info: ValidationInfo) -> object:
    """In JSON, a date is text written ``YYYY-MM-DD``, read as pydantic reads a JSON date:
    pydantic alone also reads a string of digits as seconds since 1970 (``"86400"`` as
    1970-01-02), which the schema's ``format: date`` and the fast path refuse."""
    if info.mode != "json" or not isinstance(value, str):
        return value  # the field's own strict check: a date, nothing else
    try:
        day = _JSON_DAY.validate_json(json.dumps(value))
    except ValidationError as e:
        message = e.errors()[0]["msg"].replace("{", "{{").replace("}", "}}")
        raise PydanticCustomError("invalid-date", message) from None
    if not _DAY.fullmatch(value):  # read as a number of seconds
        raise PydanticCustomError(
            "invalid-date", "Input should be a valid date in the format YYYY-MM-DD"
        )
    return day


Day = Annotated[dt.date, BeforeValidator(_written_as_a_day)]
"""A calendar date, written ``YYYY-MM-DD`` in JSON."""


_QID = r"^Q[1-9][0-9]*$"
_LANGUAGE = r"^[a-z]{2,3}$"
_SHA256 = r"^[0-9a-f]{64}$"


def after(check: Callable[[Any], None]) -> Any:
    """A model's after-validator running one of :data:`quotes.core.record_rules.CHECKS`."""

    def validate(self: Any) -> Any:
        check(self)
        return self

    validate.__wrapped__ = check  # type: ignore[attr-defined]
    return model_validator(mode="after")(validate)


class _Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        validate_default=True,
    )


class TextSpan(_Record):
    """A stretch of the article text with its offsets."""

    text: NonEmpty
    """The marked text, exactly as it stands in ``Article.text[start:end]``."""
    start: Offset
    """First code point (inclusive)."""
    end: Offset
    """Last code point (exclusive)."""

    _range = after(check_text_span)


class Region(_Record):
    """A stretch of an article that is not plain article body."""

    start: Offset
    """First code point (inclusive)."""
    end: Offset
    """Last code point (exclusive)."""
    kind: RegionKind
    """``headline``, ``dateline``, ``sidebar`` (a box or factbox beside the story), ``caption``
    (a photo caption) or ``furniture`` (site navigation, share buttons, notices: not content)."""

    _range = after(check_region)


class Correction(_Record):
    """A repaired reading of a stretch of the verbatim text, kept beside it, never instead."""

    start: Offset
    """First code point of the stretch being corrected (inclusive)."""
    end: Offset
    """Last code point of the stretch being corrected (exclusive)."""
    original: NonEmpty
    """The verbatim text, ``Article.text[start:end]``."""
    corrected: str
    """The repaired reading."""
    reason: NonEmpty
    """Why the verbatim text is wrong, e.g. a mis-decoded character."""

    _range = after(check_correction)


class SpeakerCandidate(_Record):
    """A speaker a model proposed for an imported quote, with its probability."""

    name: NonEmpty
    """The name as the source gives it."""
    probability: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    """The source's probability that this is the speaker, in ``[0, 1]``."""
    wikidata: list[Annotated[str, Field(pattern=_QID)]]
    """Wikidata QIDs the source links the name to (several when it is ambiguous)."""


class Source(_Record):
    """Where an imported record came from, and what the source said that no other field holds.

    (Not the "source" of PARC-style annotation, which is the speaker: see :class:`Speaker`.)"""

    corpus: NonEmpty
    """The format it was imported from, as ``quotes import`` names it (``"polnear"``, ``"brat"``,
    ``"wikinews-de"``, ``"quotebank"``, ``"citron"``)."""
    file: NonEmpty
    """The source file the record was read from, relative to the source given to the import."""
    record: NonEmpty | None
    """The record's own id in the source (a brat event id such as ``"E3"``, a Quotebank
    ``quoteID``), or null when it has none."""
    annotator: NonEmpty | None
    """Who annotated it in the source (PolNeAR's annotator code), or null when unknown."""
    split: NonEmpty | None
    """Articles only: the split the source puts the article in, in its own words (PolNeAR:
    ``train``, ``dev`` or ``test``); null when the source has none."""
    label: NonEmpty | None
    """Quotes only: the source's own label for the quote (wikinews-de's ``Indirect``, ...),
    which ``kind`` maps onto our kinds; null when the source has none."""
    candidates: list[SpeakerCandidate]
    """Quotes only: the speakers a source model proposed, most probable first (Quotebank)."""
    notes: list[NonEmpty]
    """What a user must know about the record that the fields cannot say (e.g. that the
    source's text is lower-cased)."""


class Article(_Record):
    """One source article: its verbatim text and the facts about it, each with its evidence."""

    id: Annotated[str, Field(pattern=ARTICLE_ID.pattern)]
    """The article key: its file's whole stem (:func:`quotes.core.ids.article_id_for`), e.g.
    ``"000_49a0f48f2e7f7fe1"``; an imported article's, the source's own name for it."""
    file: NonEmpty
    """Name of the seed file the text was taken from."""
    title: NonEmpty | None
    """The headline as published, or null when unknown."""
    outlet: NonEmpty | None
    """The publication that carried the article, or null when unknown."""
    outlet_confidence: Confidence | None
    """How ``outlet`` is known: ``stated`` in the text, ``verified`` elsewhere, or ``inferred``."""
    outlet_evidence: NonEmpty | None
    """Where the outlet was established."""
    url: NonEmpty | None
    """Address of the original (or archived) page, or null when unknown."""
    wire: NonEmpty | None
    """The news agency the text comes from, if any (null for original reporting or when unknown)."""
    wire_confidence: Confidence | None
    """How ``wire`` is known; null when ``wire`` is null."""
    wire_evidence: NonEmpty | None
    """Why the text is attributed to ``wire`` (or why it is original reporting)."""
    byline: NonEmpty | None
    """The author as credited, or null when unknown."""
    published: Day
    """Publication date (ISO ``YYYY-MM-DD``); see ``published_precision`` for what it means."""
    published_precision: Precision
    """How much of ``published`` is meaningful: ``day``, ``month`` (day set to 01) or ``year``
    (month and day set to 01)."""
    published_confidence: Confidence
    """``stated`` in the article text, ``verified`` in another source, or ``inferred``."""
    published_evidence: NonEmpty
    """The reasoning or source behind ``published``."""
    language: Annotated[str, Field(pattern=_LANGUAGE)]
    """ISO 639 language code of the text (``"en"``, ``"de"``)."""
    rights: NonEmpty
    """Who holds the copyright of the text and on what basis it is included."""
    text: NonEmpty
    """The seed file's content, byte for byte (decoded as UTF-8). All offsets index into it."""
    sha256: Annotated[str, Field(pattern=_SHA256)]
    """SHA-256 of ``text`` encoded as UTF-8, lower-case hex."""
    regions: list[Region]
    """Stretches of ``text`` that are not article body, in order and non-overlapping."""
    corrections: list[Correction]
    """Repaired readings of mis-decoded or mistyped stretches, in order and non-overlapping."""
    source: Source | None = None
    """Where an imported article came from (corpus, file, split); null for articles made here
    (the bundled data, ``quotes extract``). May be left out of a JSONL line."""

    _consistent = after(check_article)

    @property
    def corrected_text(self) -> str:
        """``text`` with every correction applied (offsets then no longer apply)."""
        parts: list[str] = []
        position = 0
        for c in self.corrections:
            parts += [self.text[position : c.start], c.corrected]
            position = c.end
        parts.append(self.text[position:])
        return "".join(parts)

    def region_at(self, offset: int) -> Region | None:
        """The region containing ``offset``, or None when it is article body."""
        # regions are in order and do not overlap: a binary search finds the one to test
        i = bisect.bisect_right(self.regions, offset, key=_start) - 1
        if i >= 0 and offset < self.regions[i].end:
            return self.regions[i]
        return None

    def region_after(self, offset: int) -> Region | None:
        """The first region starting after ``offset``, or None."""
        i = bisect.bisect_right(self.regions, offset, key=_start)
        return self.regions[i] if i < len(self.regions) else None


def _start(item: Region) -> int:
    return item.start


class Speaker(_Record):
    """Who said the words, resolved to a canonical name where the article allows it."""

    name: NonEmpty | None
    """Canonical full name (``"James Appathurai"``), or null for unnamed sources."""
    description: NonEmpty | None
    """Role or title at the time, as the article gives it, else as a public source does
    (``evidence`` says which; the rules are in docs/annotation.md)."""
    type: SpeakerType
    """``person``, ``anonymous`` (an unnamed individual), ``group`` (several people, e.g.
    "analysts", or joint speakers), ``organization`` (a state or institution speaking as such) or
    ``unknown`` (imported records that give only the mention)."""
    members: list[NonEmpty]
    """Names of the speakers (people, or states and bodies) speaking jointly; empty otherwise."""
    wikidata: Annotated[str, Field(pattern=_QID)] | None
    """Wikidata QID, only where one was seen in a public source; else null."""
    mention: TextSpan | None
    """The surface attribution nearest the quote (``"he"``, ``"a NATO official"``)."""
    evidence: NonEmpty | None
    """How the name and role were established (coreference, an appositive, a public source
    outside the article, ...; see docs/annotation.md)."""

    @property
    def state(self) -> SpeakerState:
        """How far the speaker is known, derived from the fields by one rule:

        * ``resolved``: canonical names are given: ``name``, or the ``members`` speaking jointly;
        * ``unresolved``: no names and type ``unknown``: the record has only the mention (an
          imported speaker whose source names no one, a pronoun the extractor could not follow);
        * ``anonymous``: no names, but a type was decided (``anonymous``, ``group``,
          ``organization`` or ``person``): an unnamed source, known by its description."""
        if self.name is not None or self.members:
            return "resolved"
        return "unresolved" if self.type == "unknown" else "anonymous"

    @property
    def label(self) -> str:
        """The speaker as every tool displays it, by :attr:`state`: the canonical name (joint
        speakers' names: ``A, B and C``); ``anonymous: <description>``; ``unresolved:
        “<mention>”`` (white space collapsed; the bare state when there is nothing to add)."""
        mention = " ".join(self.mention.text.split()) if self.mention is not None else None
        state = self.state
        if state == "resolved":
            *others, last = self.members or [""]
            return self.name or (f"{', '.join(others)} and {last}" if others else last)
        if state == "anonymous":
            what = self.description or (f"“{mention}”" if mention else None)
            return f"anonymous: {what}" if what else "anonymous"
        return f"unresolved: “{mention}”" if mention else "unresolved"


class Annotation(_Record):
    """How the record was made."""

    method: Method
    """``manual`` (read and checked by a person), ``rule`` or ``model`` (machine-made)."""
    tool: NonEmpty | None
    """Name and version of the tool that made the record; null for manual records."""
    confidence: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None
    """The tool's confidence in ``[0, 1]`` for machine-made records; null for manual ones."""


class Quote(_Record):
    """One attributed utterance: the words, who said them, and where they stand in the article."""

    id: NonEmpty
    """``"<article_id>-<start of first span>"`` (see :func:`quote_id`): stable under additions."""
    article_id: Annotated[str, Field(pattern=ARTICLE_ID.pattern)]
    """The ``id`` of the article the quote is taken from."""
    kind: Kind
    """``direct``, ``mixed`` or ``indirect``: follows from ``spans`` and ``quoted`` by one rule
    (:func:`quotes.core.kinds.kind_from`): ``direct`` when the quoted parts hold every letter and
    digit of the content, ``mixed`` when they hold some, ``indirect`` when there are none."""
    quote: NonEmpty
    """The content's text: the segments' text joined by a single space."""
    spans: Annotated[list[Span], Field(min_length=1)]
    """The content, what was attributed to the speaker, for every kind and every source: one
    ``[start, end]`` pair per segment, Unicode code-point offsets into the article text,
    end-exclusive, ordered and non-overlapping. A span never begins or ends with a quotation
    mark or white space: the marks around quoted words stay outside it (a direct quote's spans
    are its quoted parts), while marks within a mixed quote's content are part of it."""
    quoted: list[Span]
    """The parts of the content that stand inside quotation marks, strictly inside the marks,
    each within one span of ``spans``, ordered and non-overlapping: equal to ``spans`` for a
    direct quote, some of it for a mixed one, empty for an indirect one."""
    speaker: Speaker
    """Who said it."""
    cue: TextSpan | None
    """The reporting verb or phrase (``"said"``, ``"told RFE/RL"``, ``"was quoted as saying"``)."""
    addressee: NonEmpty | None
    """Whom the words were addressed to, when the article says (``"RFE/RL"``)."""
    via: NonEmpty | None
    """The outlet the article relays the words from (``"The Telegraph"``), if any."""
    date: Day
    """The article's publication date (``Article.published``)."""
    date_precision: Precision
    """The article's ``published_precision``."""
    uttered: Day | None
    """When the words were said, where the text or the provenance notes establish it."""
    uttered_precision: Precision | None
    """Precision of ``uttered``; null exactly when ``uttered`` is null."""
    uttered_confidence: Confidence | None
    """How ``uttered`` is known: ``stated`` in the text, ``verified`` in another source, or
    ``inferred``; null exactly when ``uttered`` is null."""
    uttered_evidence: NonEmpty | None
    """How ``uttered`` was established; null exactly when ``uttered`` is null."""
    outlet: NonEmpty | None
    """The article's outlet, repeated so that a quote record stands alone."""
    region: QuoteRegion
    """Where in the article the quote stands: ``body``, ``sidebar`` or ``caption``."""
    annotation: Annotation
    """How the record was made."""
    source: Source | None = None
    """Where an imported quote came from (corpus, file, annotator, the source's own label); null
    for quotes made here (the bundled data, ``quotes extract``). May be left out of a JSONL line."""

    _consistent = after(check_quote)

    @classmethod
    def of_article(
        cls,
        article: Article,
        spans: list[tuple[int, int]],
        *,
        quoted: list[tuple[int, int]],
        speaker: Speaker | dict[str, Any],
        annotation: Annotation | dict[str, Any],
        cue: TextSpan | None = None,
        addressee: str | None = None,
        via: str | None = None,
        region: QuoteRegion = "body",
        uttered: dt.date | None = None,
        uttered_precision: Precision | None = None,
        uttered_confidence: Confidence | None = None,
        uttered_evidence: str | None = None,
        source: Source | dict[str, Any] | None = None,
    ) -> Quote:
        """The quote of ``article`` with the content ``spans`` and the ``quoted`` parts (sorted,
        code points): its ``id`` (the id rule), ``kind`` (:func:`~quotes.core.kinds.kind_from`),
        ``quote`` (the spans' text joined by single spaces), ``date`` and ``outlet`` (the
        article's) follow from them; the rest is given (the records it holds, ``speaker``,
        ``annotation`` and ``source``, as records or as their fields). Raises
        ``pydantic.ValidationError``."""
        text = article.text
        held: dict[str, Any] = {"speaker": speaker, "annotation": annotation, "source": source}
        return cls(
            id=quote_id(article.id, spans[0][0]),
            article_id=article.id,
            kind=_kind_made(text, spans, quoted),
            quote=" ".join(text[s:e] for s, e in spans),
            spans=spans,
            quoted=quoted,
            cue=cue,
            addressee=addressee,
            via=via,
            date=article.published,
            date_precision=article.published_precision,
            uttered=uttered,
            uttered_precision=uttered_precision,
            uttered_confidence=uttered_confidence,
            uttered_evidence=uttered_evidence,
            outlet=article.outlet,
            region=region,
            **held,
        )

    def segments(self, article: Article) -> list[str]:
        """The text of each span, taken from ``article`` (see :func:`segments`)."""
        return segments(self, article)

    def context(self, article: Article, chars: int = 200) -> str:
        """The quote with up to ``chars`` code points of article text on either side."""
        if chars < 0:
            raise ValueError(f"chars must be 0 or more, not {chars}")
        start = max(0, self.spans[0][0] - chars)
        end = min(len(article.text), self.spans[-1][1] + chars)
        return article.text[start:end]


_Spans = Sequence[tuple[int, int]]
_MADE: list[tuple[str | None, list[tuple[int, int]], list[tuple[int, int]], Kind]] = [
    (None, [], [], "indirect")
]
"""The kind :meth:`Quote.of_article` last found, with what it was found from: the article's text
(held, so that it stays that very string) and copies of the spans and the quoted parts."""


def _kind_made(text: str, spans: _Spans, quoted: _Spans) -> Kind:
    """:func:`~quotes.core.kinds.kind_from`, remembered for :func:`made_kind`."""
    kind = kind_from(text, spans, quoted)
    _MADE[0] = (text, [(s, e) for s, e in spans], [(s, e) for s, e in quoted], kind)
    return kind


def made_kind(text: str, spans: _Spans, quoted: _Spans) -> Kind:
    """:func:`~quotes.core.kinds.kind_from` of ``text``, ``spans`` and ``quoted``: found once for
    a quote :meth:`Quote.of_article` has just made and that is checked against its article next
    (the very same text, and equal spans and quoted parts, give the kind it found)."""
    last, last_spans, last_quoted, kind = _MADE[0]
    if text is last and spans == last_spans and quoted == last_quoted:
        return kind
    return kind_from(text, spans, quoted)


@runtime_checkable
class TextSpanLike(Protocol):
    """A text span as the corpus rules read it: a :class:`TextSpan`, or the fast validator's."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...


@runtime_checkable
class SpeakerLike(Protocol):
    """A speaker as the corpus rules read it: a :class:`Speaker`, or the fast validator's."""

    @property
    def mention(self) -> TextSpanLike | None: ...


@runtime_checkable
class QuoteLike(Protocol):
    """A quote as the checking pipeline reads it: a :class:`Quote`, or the struct the fast
    validator (:mod:`quotes.engine.fast`) decodes a valid line to, which has the model's fields
    but none of its methods."""

    @property
    def id(self) -> str: ...

    @property
    def article_id(self) -> str: ...

    @property
    def kind(self) -> Kind: ...

    @property
    def quote(self) -> str: ...

    @property
    def spans(self) -> Sequence[tuple[int, int]]: ...

    @property
    def quoted(self) -> Sequence[tuple[int, int]]: ...

    @property
    def speaker(self) -> SpeakerLike: ...

    @property
    def cue(self) -> TextSpanLike | None: ...

    @property
    def date(self) -> dt.date: ...

    @property
    def date_precision(self) -> str: ...

    @property
    def outlet(self) -> str | None: ...

    @property
    def region(self) -> str: ...


def segments(quote: QuoteLike, article: Article) -> list[str]:
    """The text of each of the quote's spans, taken from ``article``."""
    return [article.text[start:end] for start, end in quote.spans]
