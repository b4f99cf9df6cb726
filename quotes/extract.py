"""A rule-based baseline extractor (``quotes extract``): raw article text in, candidate quotes out.

It proposes records for review, never gold: every record says ``annotation.method = "rule"``,
the tool's name and version and a confidence. Every span is cut from the article text by offsets,
and every record is checked against the text (:func:`quotes.validation.check_quote`) before it is
returned, so no proposed quote can rewrite what was said.

The rules follow general conventions of English news writing:

* **Quotation marks.** Double quotes, straight (``"``) or curly (``“ ”``), guillemets
  (``« »``, ``„``) and the mis-decoded pair ``ì … î`` (Windows-1252 curly quotes read as
  Latin-1); single quotes (``‘ ’`` or ``'``) when a paragraph uses them as its outer marks
  (British style). Inside double quotes, single quotes are nested quotations and stay in the
  span. A quotation still open at the end of its paragraph ends there (the news convention for a
  quote running over several paragraphs). Spans are the text strictly inside the marks.
* **Kinds.** A quotation that starts its sentence, or follows a reporting verb (``said: "…"``,
  ``he told reporters, "…"``), is ``direct``. One embedded in the writer's sentence
  (``described it as "a turning point"``, ``said that they are "ready"``) is ``mixed``; short
  quoted labels (one or two words not introduced by ``as``) and names (``so-called "X"``,
  ``what is called "X"``) are scare quotes, not records. A reporting verb with a clause and no
  quotation marks (``X said (that) …``, ``…, X said.``, ``according to X, …``) gives an
  ``indirect`` record whose span is the reported clause.
* **Attribution.** A reporting verb (:data:`CUE_VERBS`) next to the quotation, in either order
  (``"…," X said`` / ``"…," said X`` / ``X said: "…"``); an appositive after the name becomes the
  description (``said Jane Roe, an analyst at …``). ``"A," he said. "B."`` and ``"A," he said,
  "B."`` are one record with two segments. A quotation with no attribution of its own continues
  the previous quotation's speaker (lower confidence).
* **Speakers.** Titles are stripped from names (``NATO spokesman James Appathurai`` →
  ``James Appathurai``); a surname alone resolves to the full name the article introduces
  (news style names a person in full first); ``he``/``she`` resolve to the last named person who
  spoke or opened a sentence before the pronoun; ``a NATO official`` is ``anonymous``, plural
  descriptions (``analysts``, ``some experts``, ``they``) are ``group``; other capitalised sources
  (``Moscow``, ``the Kremlin``) are ``organization``.
* **Regions.** Text in ``headline``, ``dateline`` and ``furniture`` regions is skipped; quotes in
  ``sidebar`` and ``caption`` regions are kept with that ``region``. A raw text has no regions.

:func:`article_from_text` builds the minimal :class:`~quotes.Article` a raw ``.txt`` file needs:
the id is the file name's prefix before ``_``; the publication date, which no rule can know, must
be given (``quotes extract --date``), or the article taken from an articles file
(``--articles``), which also brings its regions and outlet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .models import (
    Annotation,
    Article,
    Kind,
    Precision,
    Quote,
    QuoteRegion,
    Speaker,
    SpeakerType,
    TextSpan,
    quote_id,
)

__all__ = [
    "CUE_VERBS",
    "TOOL_NAME",
    "ExtractionError",
    "article_from_text",
    "extract",
    "extract_all",
]

TOOL_NAME = "quotes-extract"
"""The tool name written into ``annotation.tool`` (followed by the package version)."""

SKIPPED_REGIONS = frozenset({"headline", "dateline", "furniture"})


# Reporting verbs, every form written out (irregular ones included).
def _words(text: str) -> list[str]:
    return text.split()


_CUE_LEMMAS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "add": "add adds added adding",
    "state": "state states stated stating",
    "claim": "claim claims claimed claiming",
    "argue": "argue argues argued arguing",
    "insist": "insist insists insisted insisting",
    "warn": "warn warns warned warning",
    "note": "note notes noted noting",
    "explain": "explain explains explained explaining",
    "announce": "announce announces announced announcing",
    "declare": "declare declares declared declaring",
    "assert": "assert asserts asserted asserting",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "admit": "admit admits admitted admitting",
    "comment": "comment comments commented commenting",
    "reply": "reply replies replied replying",
    "respond": "respond responds responded responding",
    "answer": "answer answers answered answering",
    "write": "write writes wrote writing",
    "ask": "ask asks asked asking",
    "suggest": "suggest suggests suggested suggesting",
    "stress": "stress stresses stressed stressing",
    "emphasize": "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised",
    "recall": "recall recalls recalled recalling",
    "predict": "predict predicts predicted predicting",
    "confirm": "confirm confirms confirmed confirming",
    "deny": "deny denies denied denying",
    "complain": "complain complains complained complaining",
    "conclude": "conclude concludes concluded concluding",
    "observe": "observe observes observed observing",
    "maintain": "maintain maintains maintained maintaining",
    "contend": "contend contends contended contending",
    "concede": "concede concedes conceded conceding",
    "report": "report reports reported reporting",
    "describe": "describe describes described describing",
    "quip": "quip quips quipped quipping",
    "agree": "agree agrees agreed agreeing",
    "promise": "promise promises promised promising",
    "vow": "vow vows vowed vowing",
    "urge": "urge urges urged urging",
    "remark": "remark remarks remarked remarking",
    "point out": "point out|points out|pointed out|pointing out",
}
CUE_VERBS: frozenset[str] = frozenset(
    form
    for forms in _CUE_LEMMAS.values()
    for form in (forms.split("|") if "|" in forms else forms.split())
)
"""Every inflected form of the reporting verbs the rules know."""

# Verbs that introduce a quotation but are too general to report a clause on their own.
_QUOTE_ONLY = frozenset(
    form
    for lemma in ("describe", "agree", "promise", "urge", "answer", "respond")
    for form in _CUE_LEMMAS[lemma].split()
)
# Forms that are also plural nouns ("claims", "reports"): a verb only when "that" follows.
_NOUN_LIKE = frozenset(
    [
        "states",
        "claims",
        "reports",
        "notes",
        "comments",
        "remarks",
        "promises",
        "vows",
        "answers",
        "replies",
        "urges",
    ]
)
_CUE_RE = "|".join(sorted((re.escape(v) for v in CUE_VERBS), key=len, reverse=True))
_AUX = (
    r"(?:(?:has|have|had|was|were|is|are|will|would|also|later|then|earlier|again|once|"
    r"repeatedly|recently|previously|reportedly|now|still|even|already|just|never|not|\w+ly)\s+)*"
)
_CUE = re.compile(rf"\b{_AUX}(?P<verb>{_CUE_RE}|was quoted as saying|[Aa]ccording to)\b")
_ADDRESSEE_VERBS = frozenset({"tell", "tells", "told", "telling"})

_TITLES = frozenset(
    _words(
        """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. father
    president vice prime minister secretary secretary-general general lieutenant lt lt. colonel
    col col. major maj maj. captain capt capt. admiral adm adm. commander sergeant sgt sgt.
    ambassador envoy senator sen sen. representative rep rep. governor gov gov. mayor judge
    justice chancellor chairman chairwoman chair director spokesman spokeswoman spokesperson
    chief deputy executive ceo founder manager officer foreign defense defence interior finance
    state chief-of-staff king queen prince princess pope cardinal bishop sheikh premier
    councillor councilor commissioner
    secretary-general's gen gen. adviser advisor aide official analyst expert
    """
    )
)
_ROLE_WORDS = frozenset(
    _words(
        """
    spokesman spokeswoman spokesperson envoy ambassador minister president secretary
    secretary-general director chairman chairwoman official adviser advisor aide analyst expert
    chief head leader commander general senator governor mayor premier chancellor
    """
    )
)
_ORG_WORDS = frozenset(
    _words(
        """
    ministry institute institution council committee agency department office house kremlin
    pentagon government party union organization organisation association news times post press
    bank commission republic states nations federation alliance army navy force forces police
    court parliament duma senate congress university center centre foundation group company
    corporation corp inc ltd board authority authorities service services
    """
    )
)
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "we": "group", "i": "person"}
_DETERMINERS = frozenset(
    _words(
        """
    a an the one some many several most few two three four five six seven eight nine ten
    other others another this that these those various numerous senior top
    """
    )
)
_FUNCTION_WORDS = frozenset(
    _words(
        """
    then but and so yet however meanwhile also when after before in on at as while if although
    though still now later earlier there here it its his her their our we they he she i you
    for with from by of to last next since until today yesterday
    """
    )
)
_NAMING = re.compile(
    r"(?:so-called|called|call|calls|calling|dubbed|termed|known as|named|labelled|labeled|"
    r"what is called|the word|the term|the phrase)\s*$",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    _words(
        """
    mr mrs ms dr prof st sr jr gen lt col maj capt adm sgt sen rep gov rev gov inc corp ltd co
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc e.g i.e u.s u.k u.n e.u
    """
    )
)
_TITLE_ABBREVIATIONS = (
    r"(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Jr|Sr|Prof|Capt|Sgt|Adm|Maj|Rev)\."
)
_WORD = re.compile(r"[\w][\w’'.\-/]*")


class ExtractionError(ValueError):
    """The input cannot be turned into records (e.g. a file that is not UTF-8)."""


@dataclass(frozen=True)
class _Mark:
    """A quoted stretch: marks at ``open`` and ``close``; ``close`` is None when unclosed."""

    open: int
    inner_start: int
    inner_end: int
    close: int | None


@dataclass
class _Candidate:
    kind: Kind
    spans: list[tuple[int, int]]
    mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    addressee: str | None
    description: str | None
    confidence: float
    inherit_from: _Candidate | None = None
    speaker: Speaker | None = None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- text structure


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, without surrounding white space."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if line.strip():
            start = m.start() + len(line) - len(line.lstrip())
            yield start, m.start() + len(line.rstrip())


def _double_marks(text: str, start: int, end: int) -> list[_Mark]:
    marks: list[_Mark] = []
    opened: int | None = None
    for i in range(start, end):
        c = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if c in "“«„" or (c == "ì" and not before.isalpha() and after.isalpha()):
            if opened is None:
                opened = i
        elif c in "”»" or (c == "î" and not before.isspace() and not after.isalpha()):
            if opened is not None:
                marks.append(_Mark(opened, opened + 1, i, i))
                opened = None
        elif c == '"':
            if opened is None:
                if not after.isspace():
                    opened = i
            else:
                marks.append(_Mark(opened, opened + 1, i, i))
                opened = None
    if opened is not None:
        marks.append(_Mark(opened, opened + 1, end, None))
    return marks


def _single_marks(text: str, start: int, end: int) -> list[_Mark]:
    marks: list[_Mark] = []
    opened: int | None = None
    for i in range(start, end):
        c = text[i]
        if c not in "‘’'":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opening = c in "‘'" and (before.isspace() or before in "([—–-") and after.isalnum()
        closing = c in "’'" and not before.isspace() and (after.isspace() or after in ",.;:!?)—–")
        if opened is None and opening:
            opened = i
        elif opened is not None and closing:
            marks.append(_Mark(opened, opened + 1, i, i))
            opened = None
    return marks


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """The quotation marks of one paragraph: double quotes, else single quotes as outer marks."""
    marks = _double_marks(text, start, end) or _single_marks(text, start, end)
    cleaned = []
    for m in marks:
        inner = text[m.inner_start : m.inner_end]
        lead, trail = len(inner) - len(inner.lstrip()), len(inner) - len(inner.rstrip())
        if inner.strip():
            cleaned.append(
                replace(m, inner_start=m.inner_start + lead, inner_end=m.inner_end - trail)
            )
    return cleaned


def _is_abbreviation(text: str, dot: int) -> bool:
    m = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def _sentences(text: str, start: int, end: int, marks: list[_Mark]) -> list[tuple[int, int]]:
    """Sentences of a paragraph; terminators inside quotation marks end a sentence only when the
    quotation closes and a capitalised word or a new quotation follows."""
    inside = {i for m in marks for i in range(m.inner_start, m.inner_end)}
    closes = {m.close for m in marks if m.close is not None}
    result, s = [], start
    i = start
    while i < end:
        c = text[i]
        boundary = None
        if (c in ".!?" and i not in inside and not (c == "." and _is_abbreviation(text, i))) or (
            i in closes and i > start and text[i - 1] in ".!?"
        ):
            boundary = i + 1
        if boundary is not None:
            j = boundary
            while j < end and text[j] in " \t":
                j += 1
            if j >= end or (j > boundary and (text[j].isupper() or text[j] in "\"“‘'«ì(")):
                result.append((s, boundary))
                s = j
                i = j
                continue
        i += 1
    if s < end:
        result.append((s, end))
    return result


# --------------------------------------------------------------------------- names


def _tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _WORD.finditer(text)]


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s?$", "", word)


@dataclass(frozen=True)
class _Name:
    name: str
    start: int
    end: int
    titled: bool
    description: str | None


def _name_in(text: str, offset: int) -> _Name | None:
    """The trailing person-like name of a mention, with its titles stripped."""
    raw = _tokens(text, offset)
    toks = [(w.rstrip(".,;:"), s, s + len(w.rstrip(".,;:"))) for w, s, _ in raw]
    # A token that ends a clause (a comma, or a full stop that is not an initial or a title)
    # separates two names: "… Institute. Michael Elleman" is not one name.
    stops = [
        w[-1:] in ",;:"
        or (w.endswith(".") and not re.fullmatch(r"[A-Z]\.|" + _TITLE_ABBREVIATIONS, w))
        for w, _, _ in raw
    ]
    if not toks or not toks[-1][0]:
        return None
    run: list[tuple[str, int, int]] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        word = tok[0]
        lowered = word.lower()
        if run and stops[i]:
            break
        if word and (
            _capitalised(word)
            or (run and lowered in {"de", "van", "von", "bin", "al", "del", "der", "la", "le"})
        ):
            run.insert(0, tok)
        elif run:
            break
        else:
            return None
    while run and (run[0][0].lower() in _DETERMINERS or run[0][0].lower() in _FUNCTION_WORDS):
        run = run[1:]
    index = max((i for i, t in enumerate(run) if t[0].lower() in _TITLES), default=-1)
    preceding = toks[: len(toks) - len(run)]
    titled = index >= 0 or bool(preceding and preceding[-1][0].lower() in _ROLE_WORDS)
    name = run[index + 1 :]
    if not name:
        return None
    words = [_strip_possessive(w) for w, _, _ in name]
    if any(w.lower() in _ORG_WORDS for w in words) or any(
        w.isupper() and len(w) > 1 for w in words
    ):
        return None
    description = text[: name[0][1] - offset].strip() or None
    return _Name(" ".join(w for w, _, _ in name), name[0][1], name[-1][2], titled, description)


@dataclass
class _People:
    """Who the article names in full: surname → full name; and where people are mentioned."""

    full: dict[str, str] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)

    def resolve(self, name: str) -> str | None:
        if " " in name:
            return self.full.get(name.split()[-1], name)
        return self.full.get(name)


def _people(text: str, allowed: list[tuple[int, int]], masked: set[int]) -> _People:
    """Find full person names: a run of capitalised words (2 to 4) introduced by a title or a
    role, or followed by an appositive or a reporting verb."""
    people = _People()
    run_re = re.compile(
        r"(?<![\w’'])((?:(?:[A-Z]\.|" + _TITLE_ABBREVIATIONS + r"|[A-Z][\w’'\-]*)[ \t]+){1,5}"
        r"[A-Z][\w\-]+)(?P<after>[’']s|,\s+(?:the|a|an|his|her|their|its|who|whose|(?:[a-z\-]+\s+){1,3}"
        r"(?:of|at|for|to|in)\b)|\s+(?:" + _CUE_RE + r")\b)?"
    )
    found: list[tuple[int, str]] = []
    for start, end in allowed:
        for m in run_re.finditer(text, start, end):
            if m.start() in masked:
                continue
            before = text[max(start, m.start() - 40) : m.start()]
            combined = before + m.group(1)
            name = _name_in(combined, m.start() - len(before))
            if name is None or " " not in name.name:
                continue
            if not (name.titled or m.group("after")):
                continue
            surname = name.name.split()[-1]
            people.full.setdefault(surname, name.name)
            found.append((name.start, name.name))
    for start, end in allowed:
        for m in re.finditer(r"\b[A-Z][\w\-]+\b", text[start:end]):
            full = people.full.get(m.group())
            if full and start + m.start() not in masked:
                found.append((start + m.start(), full))
    people.mentions = sorted(set(found))
    return people


# --------------------------------------------------------------------------- speakers


def _speaker_from(
    mention_text: str, mention_start: int, people: _People, description: str | None
) -> tuple[Speaker | None, bool]:
    """A speaker (name unresolved for pronouns: returns (None, True)) from a mention."""
    words = mention_text.split()
    if not words:
        return None, False
    first = words[0].lower()
    if len(words) == 1 and first in _PRONOUNS:
        if _PRONOUNS[first] == "person":
            return None, True
        return _make_speaker(None, description, "group", mention_text, mention_start), False
    joint = re.split(r"\s+and\s+", mention_text)
    if len(joint) > 1:
        names = [_name_in(part, 0) for part in joint]
        if all(names):
            members = [people.resolve(n.name) or n.name for n in names if n is not None]
            speaker = _make_speaker(None, description, "group", mention_text, mention_start)
            return speaker.model_copy(update={"members": members}), False
    name = _name_in(mention_text, mention_start)
    if name is not None:
        full = people.resolve(name.name)
        if full is not None or " " in name.name or name.titled:
            role = name.description
            desc = description or (role if role and role.lower() not in _DETERMINERS else None)
            return _make_speaker(full or name.name, desc, "person", mention_text, mention_start), (
                False
            )
    head = _strip_possessive(words[-1])
    if head.lower() in _ORG_WORDS:  # "the ministry", "the White House"
        return _make_speaker(
            mention_text, description, "organization", mention_text, mention_start
        ), (False)
    if first in _DETERMINERS or not _capitalised(head):
        plural = head.lower().endswith("s") and not head.lower().endswith("ss")
        kind: SpeakerType = (
            "group" if plural or first in {"some", "many", "several"} else "anonymous"
        )
        if first in {"a", "an", "one"}:
            kind = "anonymous"
        return _make_speaker(
            None, description or mention_text, kind, mention_text, mention_start
        ), (False)
    return _make_speaker(mention_text, description, "organization", mention_text, mention_start), (
        False
    )


def _make_speaker(
    name: str | None, description: str | None, kind: SpeakerType, mention: str, start: int
) -> Speaker:
    return Speaker(
        name=(name or "").strip() or None,
        description=(description or "").strip(" ,;:") or None,
        type=kind,
        members=[],
        wikidata=None,
        mention=TextSpan(text=mention, start=start, end=start + len(mention)),
        evidence=None,
    )


# --------------------------------------------------------------------------- attribution


_BOUNDARY = re.compile(
    r",\s+|;\s+|\s—\s|\s--\s|\b(?:but|that|while|when|where|as|after|because|if|since|whom?"
    r"|which)\s+"
)
_NP_STOP = re.compile(r"\s*(?:,|;|\(|—|--|\bthat\b|\bwho\b|\bin\b|\bat\b|\bon\b|\bduring\b|$)")


@dataclass(frozen=True)
class _Attribution:
    mention: tuple[int, int]
    cue: tuple[int, int]
    addressee: str | None
    description: str | None


def _addressee(text: str, cue_end: int, limit: int) -> tuple[int, str | None]:
    """For ``told X``: extend the cue over its object; returns (new cue end, addressee)."""
    m = re.compile(r"\s+((?:an?\s+|the\s+)?[\w/\-’'.]+(?:\s+[A-Z][\w/\-’'.]*)*)").match(
        text, cue_end, limit
    )
    if not m:
        return cue_end, None
    obj = m.group(1).rstrip(".,")
    if obj.lower() in {"that", "him", "her", "them"}:
        return cue_end, None
    return m.start(1) + len(obj), obj


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,":
        start += 1
    while end > start and text[end - 1] in " \t,.;:":
        end -= 1
    return start, end


def _subject_before(text: str, start: int, end: int) -> tuple[tuple[int, int], str | None] | None:
    """The subject noun phrase ending at ``end`` (before a reporting verb), and an appositive."""
    left = text[start:end]
    description = None
    stripped = left.rstrip()
    if stripped.endswith(","):
        # "Jane Roe, an analyst at X, said": the appositive sits between two commas.
        inner = stripped[:-1]
        comma = inner.rfind(", ")
        if comma < 0:
            return None
        description = inner[comma + 2 :].strip()
        left = inner[:comma]
        end = start + len(left)
    boundaries = [m.end() for m in _BOUNDARY.finditer(left)]
    for m in re.finditer(r"\band\s+", left):
        # "Obama and Medvedev said" is one (joint) subject; "prices fell and analysts said" not.
        chunk = left[max([0, *(b for b in boundaries if b <= m.start())]) : m.start()].split()
        if not all(_capitalised(w) or w.lower() in _TITLES for w in chunk):
            boundaries.append(m.end())
    cut = max(boundaries, default=0)
    s, e = _trim(text, start + cut, end)
    words = text[s:e].split()
    for lead in ("But", "And", "So", "Yet", "However", "Still", "Also", "Meanwhile"):
        if words and words[0] == lead:
            s, e = _trim(text, s + len(lead), e)
            words = words[1:]
    if not words:
        return None
    if len(words) > 6 or words[0].lower() in {"at", "in", "on", "during", "after", "before"}:
        # A long stretch (an adverbial and a subject): keep its trailing name or noun phrase.
        name = _name_in(text[s:e], s)
        if name is None:
            tail = re.search(r"(?:\b(?:the|a|an|some|many|several)\s+)?[\w’'\-]+\s*$", text[s:e])
            if tail is None:
                return None
            s = s + tail.start()
        else:
            role = re.search(r"(?:[A-Z][\w\-’']*\s+)*(?:\w+\s+)?$", text[s : name.start])
            s = name.start if role is None else s + role.start()
            s, e = _trim(text, s, e)
    if e <= s:
        return None
    return (s, e), description


def _attribution_after(text: str, start: int, end: int) -> _Attribution | None:
    """``, X said`` or ``, said X`` at the start of ``text[start:end]``."""
    lead = re.compile(r"[\s,]*").match(text, start, end)
    pos = lead.end() if lead else start
    verb = re.compile(rf"(?:{_CUE_RE})\b").match(text, pos, end)
    if verb:  # inverted: said X(, appositive)
        np = re.compile(r"\s+(.+?)(?=,|\s+(?:in|at|on|during|after|before)\s|$)").match(
            text, verb.end(), end
        )
        if not np:
            return None
        s, e = _trim(text, np.start(1), np.end(1))
        rest = text[e:end]
        description = None
        app = re.match(r",\s+(.+)$", rest)
        if app:
            description = app.group(1).strip().rstrip(".") or None
        return _Attribution((s, e), (verb.start(), verb.end()), None, description)
    for m in _CUE.finditer(text, pos, end):
        subject = _subject_before(text, pos, m.start("verb"))
        if subject is None:
            return None
        (s, e), description = subject
        if len(text[s:e].split()) > 12:
            return None
        cue_end, addressee = m.end("verb"), None
        if m.group("verb") in _ADDRESSEE_VERBS:
            cue_end, addressee = _addressee(text, cue_end, end)
        return _Attribution((s, e), (m.start("verb"), cue_end), addressee, description)
    return None


def _attribution_before(text: str, start: int, end: int) -> _Attribution | None:
    """``X said: "…"``, ``X told reporters, "…"`` or ``according to X, "…"`` before ``end``."""
    head = text[start:end]
    m = re.search(
        rf"{_AUX}(?P<verb>{_CUE_RE}|[Aa]ccording to)(?P<obj>\s+[^,:;\"“]*?)?\s*[,:]?\s*$", head
    )
    if not m:
        return None
    v_start, v_end = start + m.start("verb"), start + m.end("verb")
    if m.group("verb").lower() == "according to":
        s, e = _trim(text, v_end, start + m.end())
        return _Attribution((s, e), (v_start, v_end), None, None) if e > s else None
    obj = (m.group("obj") or "").strip()
    if obj and m.group("verb") not in _ADDRESSEE_VERBS:
        return None
    subject = _subject_before(text, start, start + m.start())
    if subject is None:
        return None
    (s, e), description = subject
    cue_end = v_end + (len(m.group("obj") or "") - len((m.group("obj") or "").lstrip())) + len(obj)
    return _Attribution((s, e), (v_start, cue_end if obj else v_end), obj or None, description)


def _cue_in_sentence(
    text: str, start: int, end: int, masked: set[int]
) -> tuple[_Attribution, bool] | None:
    """A reporting verb anywhere in a sentence (outside quotations) and its subject; the flag
    says whether the verb follows the quotation's text (``said X``)."""
    for m in _CUE.finditer(text, start, end):
        if m.start("verb") in masked:
            continue
        verb_start = m.start("verb")
        subject = _subject_before(text, start, m.start())
        if subject is not None:
            (s, e), description = subject
            if text[s:e].strip() and not any(i in masked for i in range(s, e)):
                cue_end, addressee = m.end("verb"), None
                if m.group("verb") == "was quoted as saying":
                    pass
                elif m.group("verb") in _ADDRESSEE_VERBS:
                    cue_end, addressee = _addressee(text, cue_end, end)
                return _Attribution((s, e), (verb_start, cue_end), addressee, description), False
        inverted = re.compile(r"\s+((?:the\s+|a\s+|an\s+)?[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)*)")
        np = inverted.match(text, m.end("verb"), end)
        if np:
            return _Attribution(
                (np.start(1), np.end(1)), (verb_start, m.end("verb")), None, None
            ), True
    return None


# --------------------------------------------------------------------------- extraction


def _allowed(article: Article) -> list[tuple[int, int]]:
    """Stretches of text the rules read: everything outside headline/dateline/furniture."""
    result, position = [], 0
    for region in article.regions:
        if region.kind in SKIPPED_REGIONS:
            if region.start > position:
                result.append((position, region.start))
            position = region.end
    if position < len(article.text):
        result.append((position, len(article.text)))
    return result


def _paragraphs_in(text: str, allowed: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for start, end in allowed:
        for s, e in _paragraphs(text[start:end]):
            yield start + s, start + e


def _quotation_candidates(
    text: str, para: tuple[int, int], previous: _Candidate | None
) -> tuple[list[_Candidate], set[int]]:
    """Direct and mixed candidates of one paragraph, and the cue positions they use."""
    p_start, p_end = para
    marks = _marks(text, p_start, p_end)
    if not marks:
        return [], set()
    sentences = _sentences(text, p_start, p_end, marks)
    masked = {i for m in marks for i in range(m.open, (m.close or m.inner_end) + 1)}
    used: set[int] = set()
    result: list[_Candidate] = []
    last: _Candidate | None = previous
    merged_into: _Candidate | None = None
    merge_after = p_start
    for index, mark in enumerate(marks):
        s_start, s_end = next(
            ((s, e) for s, e in sentences if s <= mark.open < e), (p_start, p_end)
        )
        head = text[s_start : mark.open]
        after = (mark.close + 1) if mark.close is not None else mark.inner_end
        next_open = marks[index + 1].open if index + 1 < len(marks) else p_end
        tail_end = min(s_end, next_open)
        inner = text[mark.inner_start : mark.inner_end]
        n_words = len(inner.split())

        gap = text[merge_after : mark.open].rstrip() if merged_into is not None else ""
        if merged_into is not None and (gap.endswith(",") or not head.strip()):
            own = _attribution_after(text, after, tail_end)
            if own is None:
                merged_into.spans.append((mark.inner_start, mark.inner_end))
                continue
        merged_into = None

        before = _attribution_before(text, s_start, mark.open)
        sentence_initial = not head.strip() or head.rstrip().endswith((":", "—", "--"))
        if _NAMING.search(head):
            continue
        if sentence_initial or (before is not None and not re.search(r"\bthat\s*$", head)):
            kind: Kind = "direct"
        else:
            kind = "mixed"
            if n_words < 3 and not re.search(r"\bas\s*$", head):
                continue
        attribution = _attribution_after(text, after, tail_end) if kind == "direct" else None
        confidence = 0.9
        if attribution is None and before is not None and kind == "direct":
            attribution = before
        if attribution is None:
            found = _cue_in_sentence(text, s_start, s_end, masked - set(range(mark.open, after)))
            if (found is not None and kind == "mixed") or (found is not None and kind == "direct"):
                attribution = found[0]
                confidence = 0.7
        if attribution is None:
            if kind == "direct" and last is not None:
                cand = _Candidate(
                    "direct",
                    [(mark.inner_start, mark.inner_end)],
                    None,
                    None,
                    None,
                    None,
                    0.5,
                    inherit_from=last,
                )
                result.append(cand)
                last = cand
            continue
        if any(i in masked for i in range(*attribution.mention)):
            continue
        cand = _Candidate(
            kind,
            [(mark.inner_start, mark.inner_end)],
            attribution.mention,
            attribution.cue,
            attribution.addressee,
            attribution.description,
            confidence if kind == "direct" else min(confidence, 0.7),
        )
        used.add(attribution.cue[0])
        result.append(cand)
        last = cand
        # "A," he said. "B."  /  "A," he said, "B."  -> one record with two segments.
        if kind == "direct" and attribution.cue[0] > after:
            merged_into, merge_after = cand, after
    return result, used


def _indirect_candidates(
    text: str, para: tuple[int, int], used: set[int], masked: set[int]
) -> list[_Candidate]:
    p_start, p_end = para
    marks = [m for m in _marks(text, p_start, p_end)]
    result: list[_Candidate] = []
    for s_start, s_end in _sentences(text, p_start, p_end, marks):
        sentence = text[s_start:s_end]
        body_end = s_start + len(sentence.rstrip().rstrip(".!?"))
        for m in _CUE.finditer(text, s_start, body_end):
            verb = m.group("verb").lower()
            v_start, v_end = m.start("verb"), m.end("verb")
            if v_start in used or v_start in masked or verb in _QUOTE_ONLY:
                continue
            if any(i in masked for i in range(v_end, min(body_end, v_end + 3))):
                continue  # the verb introduces a quotation
            if verb in _NOUN_LIKE and not re.match(r"\s+that\b", text[v_end:body_end]):
                continue  # "such claims of restraint": a plural noun, not a verb
            if verb == "according to":
                cand = _according_to(text, s_start, body_end, v_start, v_end)
                if cand:
                    result.append(cand)
                continue
            before = text[s_start : m.start()]
            if before.rstrip().endswith(",") and re.search(r"(?:^|,\s*)[^,]*,\s*$", before):
                pass
            subject = _subject_before(text, s_start, m.start())
            if verb in {"saying"} and before.rstrip().endswith(","):
                subject = _sentence_subject(text, s_start, m.start())
            if subject is None:
                continue
            (ms, me), description = subject
            if any(i in masked for i in range(ms, me)):
                continue
            cue_end, addressee = v_end, None
            if verb in _ADDRESSEE_VERBS:
                cue_end, addressee = _addressee(text, v_end, body_end)
            content = _content_after(text, cue_end, body_end)
            subject_words = text[ms:me].split()
            clause_before = text[s_start:ms].rstrip()
            if (content is None or len(text[content[0] : content[1]].split()) < 3) and (
                clause_before.endswith(",") and len(subject_words) <= 8
            ):
                cs, ce = _trim(text, s_start, len(clause_before) + s_start)
                lead = re.match(r"(?:But|And|So|Yet|However|Still)\b,?\s*", text[cs:ce])
                if lead:
                    cs += lead.end()
                content = (cs, ce) if ce > cs else None
            if content is None or len(text[content[0] : content[1]].split()) < 3:
                continue
            if any(i in masked for i in (content[0], content[1] - 1)):
                continue
            result.append(
                _Candidate(
                    "indirect",
                    [content],
                    (ms, me),
                    (v_start, cue_end),
                    addressee,
                    description,
                    0.5,
                )
            )
    return result


def _sentence_subject(text: str, start: int, end: int) -> tuple[tuple[int, int], str | None] | None:
    m = re.match(
        r"\s*(?:(?:But|And|So|Yet|However),?\s+)?((?:[A-Z][\w’'\-.]*\s+)*[A-Z][\w’'\-.]*)",
        text[start:end],
    )
    if not m:
        return None
    return (start + m.start(1), start + m.end(1)), None


def _content_after(text: str, cue_end: int, limit: int) -> tuple[int, int] | None:
    rest = text[cue_end:limit]
    that = re.match(r"[^,;]{0,60}?\bthat\s+", rest)
    if that and not re.search(r"\b(?:which|who)\b", rest[: that.start()]):
        start = cue_end + that.end()
    else:
        skip = re.match(
            r"\s*(?:(?:on|last|this|next|earlier|late|early)\s+)?(?:(?:Monday|Tuesday|Wednesday|"
            r"Thursday|Friday|Saturday|Sunday|today|yesterday|week|month|year|night|morning|"
            r"afternoon|evening)\b\s*)?",
            rest,
        )
        start = cue_end + (skip.end() if skip else 0)
        if re.match(r"\s*(?:in|at|on|to|during|after|before|by|with|for)\b", text[start:limit]):
            return None
    s, e = _trim(text, start, limit)
    return (s, e) if e > s else None


def _according_to(
    text: str, s_start: int, body_end: int, v_start: int, v_end: int
) -> _Candidate | None:
    after = re.compile(r"\s+([^,]+)").match(text, v_end, body_end)
    if not after:
        return None
    ms, me = _trim(text, after.start(1), after.end(1))
    if text[me:body_end].strip():  # According to X, CLAUSE.
        cs, ce = _trim(text, me, body_end)
    else:  # CLAUSE, according to X.
        cs, ce = _trim(text, s_start, v_start)
    if ce <= cs or len(text[cs:ce].split()) < 3:
        return None
    return _Candidate("indirect", [(cs, ce)], (ms, me), (v_start, v_end), None, None, 0.5)


def _resolve(
    candidates: list[_Candidate], text: str, people: _People, subjects: list[tuple[int, str]]
) -> list[_Candidate]:
    """Give every candidate a speaker, in document order (pronouns need earlier speakers)."""
    events: list[tuple[int, str]] = list(subjects)
    resolved: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.spans[0][0], c.kind)):
        if cand.inherit_from is not None:
            source = cand.inherit_from
            if source.speaker is None:
                continue
            cand.speaker = source.speaker
            cand.cue = None
            resolved.append(cand)
            continue
        if cand.mention is None:
            continue
        ms, me = cand.mention
        if not text[ms:me].strip():
            continue
        speaker, pronoun = _speaker_from(text[ms:me], ms, people, cand.description)
        if pronoun:
            earlier = [name for position, name in events if position < ms]
            if not earlier:
                continue
            speaker = _make_speaker(earlier[-1], cand.description, "person", text[ms:me], ms)
            cand.confidence = round(cand.confidence - 0.1, 2)
        if speaker is None:
            continue
        cand.speaker = speaker
        if speaker.type == "person" and speaker.name:
            events.append((ms, speaker.name))
            events.sort()
        resolved.append(cand)
    return resolved


def _subject_mentions(
    text: str, people: _People, paragraphs: list[tuple[int, int]]
) -> list[tuple[int, str]]:
    """People named at the start of a sentence (the usual antecedent of a later pronoun)."""
    starts = set()
    for p in paragraphs:
        marks = _marks(text, *p)
        starts |= {s for s, _ in _sentences(text, *p, marks)}
    result = []
    for position, name in people.mentions:
        window = text[max(0, position - 60) : position]
        sentence_start = max((s for s in starts if s <= position), default=0)
        if (
            sentence_start >= position - 60 and "," not in text[sentence_start:position]
        ) or not window.strip():
            result.append((position, name))
    return result


def extract(article: Article) -> list[Quote]:
    """Candidate quote records for one article, in document order, each checked verbatim.

    >>> quotes = extract(article)  # doctest: +SKIP
    >>> all(" ".join(q.segments(article)) == q.quote for q in quotes)  # doctest: +SKIP
    True
    """
    from .validation import check_quote
    from .version import __version__

    text = article.text
    allowed = _allowed(article)
    paragraphs = list(_paragraphs_in(text, allowed))
    masked: set[int] = set()
    for p in paragraphs:
        for m in _marks(text, *p):
            masked |= set(range(m.open, (m.close or m.inner_end) + 1))
    people = _people(text, allowed, masked)

    candidates: list[_Candidate] = []
    previous: _Candidate | None = None
    for para in paragraphs:
        found, used = _quotation_candidates(text, para, previous)
        candidates += found
        directs = [c for c in found if c.kind == "direct"]
        previous = directs[-1] if directs else None
        quote_masked = {i for c in found for s, e in c.spans for i in range(s - 1, e + 1)}
        candidates += _indirect_candidates(text, para, used, masked | quote_masked)
    subjects = _subject_mentions(text, people, paragraphs)
    resolved = _resolve(candidates, text, people, subjects)

    tool = f"{TOOL_NAME} {__version__}"
    quotes: list[Quote] = []
    seen: set[str] = set()
    for cand in resolved:
        assert cand.speaker is not None
        spans = sorted(cand.spans)
        kinds = {_region_kind(article, s) for s, e in spans} | {
            _region_kind(article, e - 1) for s, e in spans
        }
        where = kinds.pop()
        if kinds or where not in ("body", "sidebar", "caption"):
            continue  # a quotation running across a region boundary is not a record
        region: QuoteRegion = "sidebar" if where == "sidebar" else "caption"
        if where == "body":
            region = "body"
        cue = None
        if cand.cue is not None:
            cs, ce = cand.cue
            cue = TextSpan(text=text[cs:ce], start=cs, end=ce)
        record = Quote(
            id=quote_id(article.id, spans[0][0]),
            article_id=article.id,
            kind=cand.kind,
            quote=" ".join(text[s:e] for s, e in spans),
            spans=spans,
            speaker=cand.speaker,
            cue=cue,
            addressee=cand.addressee,
            via=None,
            date=article.published,
            date_precision=article.published_precision,
            uttered=None,
            uttered_precision=None,
            uttered_confidence=None,
            uttered_evidence=None,
            outlet=article.outlet,
            region=region,
            annotation=Annotation(method="rule", tool=tool, confidence=cand.confidence),
        )
        if record.id in seen:
            continue
        problems = check_quote(record, article)
        if problems:  # cannot happen by construction: fail loudly rather than emit it
            raise ExtractionError(f"article {article.id}: {record.id}: {problems[0].message}")
        seen.add(record.id)
        quotes.append(record)
    quotes.sort(key=lambda q: q.spans[0][0])
    return _drop_overlaps(quotes)


def _region_kind(article: Article, offset: int) -> str:
    region = article.region_at(offset)
    return "body" if region is None else region.kind


def _drop_overlaps(quotes: list[Quote]) -> list[Quote]:
    """Keep the first of two records whose spans overlap (quotation records come first)."""
    order = {"direct": 0, "mixed": 1, "indirect": 2}
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (order[q.kind], q.spans[0][0])):
        if any(s < e2 and s2 < e for k in kept for s, e in q.spans for s2, e2 in k.spans):
            continue
        kept.append(q)
    return sorted(kept, key=lambda q: q.spans[0][0])


def extract_all(articles: Iterable[Article]) -> list[Quote]:
    """:func:`extract` over several articles, concatenated."""
    return [q for article in articles for q in extract(article)]


def article_from_text(
    path: str | Path,
    published: dt.date,
    precision: Precision = "day",
) -> Article:
    """A minimal :class:`~quotes.Article` for a raw text file: the text verbatim (bytes decoded
    as UTF-8, line ends untouched), id = the file name's prefix before ``_``, outlet unknown,
    no regions. ``published`` is the user's date (``published_confidence = "inferred"``)."""
    p = Path(path)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ExtractionError(f"{p}: not valid UTF-8 at byte {e.start}; re-encode it") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ExtractionError(f"{p}: the file is empty")
    article_id = re.sub(r"[^A-Za-z0-9_.]", "", p.name.split("_")[0]) or "article"
    if "_" not in p.name:
        article_id = re.sub(r"[^A-Za-z0-9_.]", "", p.stem) or "article"
    return Article(
        id=article_id,
        file=p.name,
        title=None,
        outlet=None,
        outlet_confidence=None,
        outlet_evidence=None,
        url=None,
        wire=None,
        wire_confidence=None,
        wire_evidence=None,
        byline=None,
        published=published,
        published_precision=precision,
        published_confidence="inferred",
        published_evidence="Given on the command line (quotes extract --date); not checked.",
        language="en",
        rights="Unknown: a raw text given to quotes extract.",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        regions=[],
        corrections=[],
    )
