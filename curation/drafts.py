"""The annotator's files: one ``curation/articles/<id>.json`` per article, as typed draft models.

A draft holds everything a person writes about one article and nothing a program can compute:

* the **text reference**: the seed file's name (in ``../shared/seeds/``) and its SHA-256;
* the **metadata** with its confidence and evidence (from ``PROVENANCE.md``), the rights holder
  and the citation notes;
* the **regions**, **corrections**, **quotes**, quoted strings that are **not quotations**, and
  the borderline **decisions** that made no record.

Nothing in a draft is an offset. Stretches of text are given by *locators*, which
``curation/build.py`` finds in the article text (failing when one is absent or ambiguous):

* ``"some text"``: the string must occur exactly once in the article;
* ``{"text": "said", "index": 2}``: the third (0-based index 2) occurrence of ``"said"``;
* ``{"text": "he", "in": "he said at a forum"}``: the context ``in`` must occur exactly once in
  the article and contain ``text`` exactly once; ``text`` is taken inside it (for short
  mentions and cues such as ``"he"`` or ``"said"``).

A region is a locator, or ``{"from": locator, "to": "last words"}``: it runs from the start of
``from`` to the end of the first occurrence of ``to`` at or after it.

The models are the one description of the file format: :func:`load` validates a file against
them (unknown keys are errors), :func:`dump` writes one canonically (defaults left out), and
``curation/draft.py`` writes a new one from the records ``quotes extract`` proposes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quotes.core.models import Confidence, NonEmpty, Precision, QuoteRegion, RegionKind
from quotes.core.record_rules import Kind

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
"""Where the drafts live: ``curation/articles/<article id>.json``."""
SCHEMA = ARTICLES_DIR.parent / "article.schema.json"
"""The JSON Schema of a draft, generated from :class:`ArticleDraft` by ``curation/build.py``."""
SCHEMA_REF = "../article.schema.json"
"""How a draft names its schema (``"$schema"``), relative to the draft."""

RIGHTS = (
    "The text is copyright {holder}; all rights stay with the publisher. It is included "
    "verbatim and unmodified, solely as the evidence against which the annotations can be "
    "checked, for non-commercial research (text and data mining) under fair use and the "
    "quotation and text-and-data-mining exceptions to copyright. The text is not covered by the "
    "CC BY 4.0 licence of the annotations."
)
"""Every article's rights statement; ``holder`` is :attr:`ArticleDraft.rights_holder`."""


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Nth(_Draft):
    """The ``index``-th (0-based) occurrence of ``text`` in the article."""

    text: NonEmpty
    index: Annotated[int, Field(ge=0)]


class Within(_Draft):
    """``text`` inside ``in``, a context that occurs exactly once in the article."""

    model_config = ConfigDict(populate_by_name=True)
    text: NonEmpty
    within: NonEmpty = Field(alias="in")


Locator = NonEmpty | Nth | Within
"""A stretch of text: a string occurring once, an occurrence by index, or a string in a context."""


class Range(_Draft):
    """From the start of ``from`` to the end of the first ``to`` at or after it."""

    model_config = ConfigDict(populate_by_name=True)
    start: Locator = Field(alias="from")
    to: NonEmpty


class RegionDraft(_Draft):
    """A stretch that is not running article text."""

    kind: RegionKind
    at: Locator | Range


class CorrectionDraft(_Draft):
    """A repaired reading offered beside the verbatim text (never instead of it)."""

    at: Locator
    corrected: str
    reason: NonEmpty


class SpeakerDraft(_Draft):
    """Who said the words (see docs/annotation.md, section 6)."""

    name: NonEmpty | None = None
    description: NonEmpty | None = None
    type: Literal["person", "anonymous", "group", "organization"]  # not "unknown": resolved
    members: list[NonEmpty] = []
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    mention: Locator | None = None
    """The surface attribution nearest the quote."""
    evidence: NonEmpty | None = None


class Uttered(_Draft):
    """When the words were said, and how that is known."""

    date: dt.date
    precision: Precision
    confidence: Confidence
    evidence: NonEmpty


class QuoteDraft(_Draft):
    """One attributed utterance, by its verbatim segments (see docs/annotation.md, sections 2-7)."""

    kind: Kind
    segments: Annotated[list[Locator], Field(min_length=1)]
    speaker: SpeakerDraft
    cue: Locator | None = None
    addressee: NonEmpty | None = None
    via: NonEmpty | None = None
    uttered: Uttered | None = None
    region: QuoteRegion = "body"
    note: NonEmpty | None = None
    """Why a borderline call went the way it did; copied into docs/annotation.md, section 10."""
    proposed_by: NonEmpty | None = None
    """Set by ``curation/draft.py`` on records proposed by a tool; the build refuses the article
    until the annotator has checked the record and deleted this key."""


class NonQuotation(_Draft):
    """A pair of quotation marks around words that are nobody's reported words."""

    text: Locator
    """The text inside the marks."""
    reason: NonEmpty


class CitationDraft(_Draft):
    """What ``CITATION.cff`` says about the article beyond its metadata."""

    author: NonEmpty
    """The name the reference gives as author (the publisher, when there is no byline)."""
    title: NonEmpty | None = None
    """A descriptive title, only for an article whose headline is unknown."""
    notes: NonEmpty
    """Provenance in a few sentences, after "Article <id> of the dataset."."""


class ArticleDraft(_Draft):
    """One article: text reference, metadata, and its annotations."""

    model_config = ConfigDict(populate_by_name=True)
    schema_: str | None = Field(default=None, alias="$schema")
    """The draft format's JSON Schema (``../article.schema.json``), for editors to check against."""
    file: NonEmpty
    """The seed file's name; its stem is the article id (the draft's file name)."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the seed file's bytes: the build refuses any other text."""
    title: NonEmpty | None
    outlet: NonEmpty | None
    outlet_confidence: Confidence | None
    outlet_evidence: NonEmpty | None
    url: NonEmpty | None
    wire: NonEmpty | None
    wire_confidence: Confidence | None
    wire_evidence: NonEmpty | None
    byline: NonEmpty | None
    published: dt.date
    published_precision: Precision
    published_confidence: Confidence
    published_evidence: NonEmpty
    rights_holder: NonEmpty
    """Who holds the copyright of the text (see :data:`RIGHTS`)."""
    citation: CitationDraft
    regions: list[RegionDraft] = []
    corrections: list[CorrectionDraft] = []
    quotes: list[QuoteDraft] = []
    """In reading order."""
    non_quotations: list[NonQuotation] = []
    decisions: list[NonEmpty] = []
    """Borderline decisions that made no record; copied into docs/annotation.md, section 10."""

    @property
    def rights(self) -> str:
        return RIGHTS.format(holder=self.rights_holder)


TODO = "TODO"
"""The start of every placeholder ``curation/draft.py`` writes; the build refuses any left."""


def unfinished(draft: ArticleDraft) -> list[str]:
    """What the annotator has still to do: ``TODO`` placeholders and unchecked proposals."""
    left = [f"{p} is a {TODO} placeholder" for p in _placeholders(draft.model_dump(mode="json"))]
    left += [
        f"quotes[{i}] is a proposal of {q.proposed_by} (check it, then delete 'proposed_by')"
        for i, q in enumerate(draft.quotes)
        if q.proposed_by
    ]
    return left


def _placeholders(value: Any, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [path] if value.startswith(TODO) else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _placeholders(v, f"{path}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _placeholders(v, f"{path}[{i}]")]
    return []


class DraftError(ValueError):
    """A draft file is unreadable or does not follow the models."""


def load(path: Path) -> ArticleDraft:
    """The draft in ``path``; raises :class:`DraftError` naming the file and each bad field."""
    try:
        return ArticleDraft.model_validate_json(path.read_bytes())
    except OSError as error:
        raise DraftError(f"{path}: cannot read ({error.strerror})") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()
        )
        raise DraftError(f"{path}: {problems}") from None


def load_all(folder: Path = ARTICLES_DIR) -> dict[str, ArticleDraft]:
    """Every draft in ``folder``, by article id (the file name without ``.json``)."""
    return {path.stem: load(path) for path in sorted(folder.glob("*.json"))}


def schema() -> str:
    """The text of :data:`SCHEMA`."""
    return json.dumps(ArticleDraft.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def dumps(draft: ArticleDraft) -> str:
    """The canonical text of a draft file: defaults left out, two-space indents, UTF-8."""
    data: dict[str, Any] = draft.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    # Keys with a null value that the model requires stay, so an annotator sees them.
    return _format(data, 0) + "\n"


def _format(value: Any, indent: int, width: int = 100) -> str:
    """JSON with two-space indents, a list or object kept on one line when it fits."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, dict | list) or indent + len(flat) <= width or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + _format(v, indent + 2, width) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = []
    for k, v in value.items():
        key = json.dumps(k, ensure_ascii=False) + ": "
        items.append(pad + key + _format(v, indent + 2, width - len(key)))
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
