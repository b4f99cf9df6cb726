"""Attribution: the subject and reporting verb next to reported words, in either order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.extract import rules, verbs
from quotes.extract.names import capitalised, name_in
from quotes.extract.text import trim


@dataclass(frozen=True)
class Attribution:
    mention: tuple[int, int]
    cue: tuple[int, int] | None
    """None when no word attributes the speech (``X had one message: "…"``)."""
    addressee: str | None
    description: str | None
    inverted: bool = False
    """The verb comes before the speaker (``said Ann Bell``)."""


def noun_use(text: str, verb_start: int) -> bool:
    """Whether the cue word at ``verb_start`` is used as a noun: a determiner, an adjective of
    :data:`~.rules.NOUN_MARKERS` or a possessive before it (``the warning``, ``Orlov's
    comments``)."""
    m = re.search(r"([\w’']+)\s+$", text[max(0, verb_start - 40) : verb_start])
    if m is None:
        return False
    word = m.group(1)
    return word.lower() in rules.NOUN_MARKERS or bool(re.search(r"[’']s$", word))


def addressee(text: str, cue_end: int, limit: int) -> tuple[int, str | None]:
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


def participle_subject(
    text: str, start: int, verb: re.Match[str]
) -> tuple[tuple[int, int], str | None] | None:
    """For an ``-ing`` cue after a comma or ``by`` (``…, saying``), the sentence's subject;
    otherwise None."""
    if not verb.group("verb").endswith("ing"):
        return None
    if rules.PARTICIPLE_LEAD.search(text, start, verb.start()) is None:
        return None
    return sentence_subject(text, start, verb.start())


def subject_before(text: str, start: int, end: int) -> tuple[tuple[int, int], str | None] | None:
    """The subject noun phrase ending at ``end`` (before a reporting verb), and an appositive."""
    relative = rules.RELATIVE_SUBJECT.search(text[start:end])
    if relative is not None:  # "criticised by analysts, who said": the antecedent speaks
        return (start + relative.start("np"), start + relative.end("np")), None
    appositive = _strip_appositive(text, start, end)
    if appositive is None:
        return None
    end, description = appositive
    end = _before_catenative(text, start, end)
    left = text[start:end]
    cut = _clause_start(left)
    if left[cut:].strip() in ("", "and") and re.search(r"\b(?:and|but)\s*$", left):
        # "The president went on stage and said": the sentence's subject
        return sentence_subject(text, start, end)
    span = _subject_span(text, start + cut, end)
    return None if span is None else (span, description)


def _strip_appositive(text: str, start: int, end: int) -> tuple[int, str | None] | None:
    """``Jane Roe, an analyst at X,``: the appositive sits between two commas. Returns the end
    before it and the appositive (``end`` and None when there is none), or None when a
    trailing comma has no comma before it."""
    stripped = text[start:end].rstrip()
    if not stripped.endswith(","):
        return end, None
    inner = stripped[:-1]
    comma = inner.rfind(", ")
    if comma < 0:
        return None
    return start + comma, inner[comma + 2 :].strip()


def _before_catenative(text: str, start: int, end: int) -> int:
    """The end before a catenative verb (``The crowd began to (chant)``), else ``end``."""
    catenative = rules.CATENATIVE.search(text[start:end])
    return end if catenative is None else start + catenative.start()


def _clause_start(left: str) -> int:
    """Where the subject's clause starts in ``left``: after its last boundary, or after an
    ``and`` that joins clauses rather than names."""
    boundaries = [m.end() for m in rules.BOUNDARY.finditer(left)]
    for m in re.finditer(r"\band(?:\s+|$)", left):
        # "Obama and Medvedev said" is one (joint) subject; "prices fell and analysts said" not.
        chunk = left[max([0, *(b for b in boundaries if b <= m.start())]) : m.start()].split()
        if not all(capitalised(w) or w.lower() in rules.TITLES for w in chunk):
            boundaries.append(m.end())
    return max(boundaries, default=0)


def _subject_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The subject in ``text[start:end]``, trimmed, without a lead-in or a time, and narrowed
    to its trailing name or noun phrase when it is long; None when nothing is left."""
    s, e = _without_lead_and_time(text, *trim(text, start, end))
    words = text[s:e].split()
    if not words:
        return None
    whole = len(words) <= 12 and rules.MODIFIED_SUBJECT.fullmatch(text, s, e) is not None
    if not whole and (
        len(words) > 6 or words[0].lower() in {"at", "in", "on", "during", "after", "before"}
    ):
        narrowed = _trailing_subject(text, s, e)
        if narrowed is None:
            return None
        s, e = narrowed
    if e <= s:
        return None
    return s, e


def _without_lead_and_time(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without a leading ``And then`` and a trailing time (``Trump on Monday``)."""
    lead = rules.LEADS.match(text, s, e)  # "And then Trump"
    if lead is not None and lead.end() > s:
        s, e = trim(text, lead.end(), e)
    time = rules.SUBJECT_TIME.search(text, s, e)
    if time is not None and time.start() > s:
        e = time.start()
    return s, e


def _trailing_subject(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A long stretch (an adverbial and a subject): its trailing name (with a role before
    it) or noun phrase."""
    name = name_in(text[s:e], s)
    if name is None:
        tail = re.search(
            r"(?:\b(?:the|a|an|some|many|several)\s+)?(?:[A-Z][\w’'\-]*\s+)*[\w’'\-]+\s*$",
            text[s:e],
        )
        if tail is None:
            return None
        return s + tail.start(), e
    role = re.search(r"(?:[A-Z][\w\-’']*\s+)*(?:\w+\s+)?$", text[s : name.start])
    s = name.start if role is None else s + role.start()
    return trim(text, s, e)


def after(text: str, start: int, end: int) -> Attribution | None:
    """``, X said`` or ``, said X`` at the start of ``text[start:end]``."""
    lead = re.compile(r"[\s,]*").match(text, start, end)
    pos = lead.end() if lead else start
    verb = re.compile(rf"(?:{rules.CUE_ALTERNATION})(?![\w\-])").match(text, pos, end)
    if verb:  # inverted: said X(, appositive)
        np = re.compile(r"\s+(.+?)(?=,|\s+(?:in|at|on|during|after|before)\s|$)").match(
            text, verb.end(), end
        )
        if not np:
            return None
        s, e = trim(text, np.start(1), np.end(1))
        rest = text[e:end]
        description = None
        app = re.match(r",\s+(.+)$", rest)
        if app:
            description = app.group(1).strip().rstrip(".") or None
        return Attribution((s, e), (verb.start(), verb.end()), None, description, inverted=True)
    for m in rules.CUE.finditer(text, pos, end):
        if noun_use(text, m.start("verb")):
            continue
        subject = subject_before(text, pos, m.start())
        if subject is None:
            return None
        (s, e), description = subject
        if len(text[s:e].split()) > 12:
            return None
        cue_end, obj = m.end("verb"), None
        if m.group("verb") in verbs.ADDRESSEE_VERBS:
            cue_end, obj = addressee(text, cue_end, end)
        return Attribution((s, e), (m.start("verb"), cue_end), obj, description)
    return None


def before(text: str, start: int, end: int) -> Attribution | None:
    """``X said: "…"``, ``X told reporters, "…"`` or ``according to X, "…"`` before ``end``."""
    tail = re.compile(rf"(?P<obj>\s+[^,:;{rules.MARK_CHARS}]*?)?\s*[,:]?\s*$")
    found = None
    for cue in rules.CUE.finditer(text, start, end):  # the last verb the tail fits
        colon = text.startswith(":", cue.end("verb"))  # "The Times reports:" is a verb
        if (cue.group("verb") in verbs.NOUN_LIKE and not colon) or noun_use(
            text, cue.start("verb")
        ):
            continue  # "calling the two reports "…"": a noun, not the cue
        rest = tail.match(text, cue.end("verb"), end)
        if rest is None:
            continue
        if (rest.group("obj") or "").strip() and cue.group("verb") in verbs.AFTER_ONLY:
            continue  # "will continue its "open door" policy"
        found = cue, rest
    if found is None:
        return None
    m, rest = found
    v_start, v_end = m.start("verb"), m.end("verb")
    if m.group("verb").lower() == "according to":
        s, e = trim(text, v_end, rest.end())
        return Attribution((s, e), (v_start, v_end), None, None) if e > s else None
    raw = rest.group("obj") or ""
    obj = raw.strip()
    if obj and (m.group("verb") not in verbs.ADDRESSEE_VERBS or re.search(r"\bthat\b", obj)):
        return None  # "told investors that concerns were "…"": the quotation is embedded
    subject = participle_subject(text, start, m) or subject_before(text, start, m.start())
    if subject is None:
        return None
    (s, e), description = subject
    cue_end = v_end + (len(raw) - len(raw.lstrip())) + len(obj)
    return Attribution((s, e), (v_start, cue_end if obj else v_end), obj or None, description)


def in_sentence(
    text: str, start: int, end: int, masked: set[int], anchor: int | None = None
) -> Attribution | None:
    """A reporting verb anywhere in a sentence (outside quotations) and its subject: the
    nearest one before ``anchor`` (a quotation) first, then those after it."""
    found = list(rules.CUE.finditer(text, start, end))
    if anchor is not None:
        found = [m for m in reversed(found) if m.end() <= anchor] + [
            m for m in found if m.end() > anchor
        ]
    for m in found:
        if m.start("verb") in masked or noun_use(text, m.start("verb")):
            continue
        if m.group("verb") in verbs.AFTER_ONLY:
            continue
        if m.group("verb") in verbs.NOUN_LIKE and not re.match(r"\s+that\b", text[m.end() :]):
            continue  # "the two reports": a plural noun
        verb_start = m.start("verb")
        subject = participle_subject(text, start, m) or subject_before(text, start, m.start())
        if subject is not None:
            (s, e), description = subject
            if text[s:e].strip() and not any(i in masked for i in range(s, e)):
                cue_end, obj = m.end("verb"), None
                if m.group("verb") in verbs.ADDRESSEE_VERBS:
                    cue_end, obj = addressee(text, cue_end, end)
                return Attribution((s, e), (verb_start, cue_end), obj, description)
        inverted = re.compile(r"\s+((?:the\s+|a\s+|an\s+)?[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)*)")
        np = inverted.match(text, m.end("verb"), end)
        if np and np.group(1).lower() not in rules.MONTH_AND_DAY_NAMES | {"today", "yesterday"}:
            ms, me = trim(text, np.start(1), np.end(1))
            return Attribution((ms, me), (verb_start, m.end("verb")), None, None, inverted=True)
    return None


def subject_start(text: str, start: int, end: int) -> int:
    """Where the subject of the sentence starting at ``start`` begins: after any opening
    adverbials (``Speaking again,``, ``On Thursday, after a long wait,``) and connectives
    (``And then``, ``Still,``)."""
    for _ in range(3):
        opening = rules.OPENING_ADVERBIAL.match(text, start, end)
        if opening is None:
            break
        start = opening.end()
    lead = rules.LEADS.match(text, start, end)
    return lead.end() if lead is not None else start


def sentence_subject(text: str, start: int, end: int) -> tuple[tuple[int, int], str | None] | None:
    """The subject that opens a sentence (``Ann Bell …, saying …``): a capitalised run, a
    determiner and its noun, or a pronoun, after any opening adverbial (``Speaking again, he``)."""
    start = subject_start(text, start, end)
    m = re.match(
        r"((?:[A-Z][\w’'\-.]*\s+)*[A-Z][\w’'\-.]*|(?:he|she|they|we|it)\b)",
        text[start:end],
    )
    if not m:
        return None
    s, e = start + m.start(1), start + m.end(1)
    if text[s:e].lower() in rules.DETERMINERS:  # "The president went …": up to the verb
        for word in re.finditer(r"\s+([\w’'\-]+)", text[e:end]):
            if word.group(1).lower() in rules.CLAUSE_VERBS or word.group(1).endswith("ed"):
                break
            if word.start() > 40 or not word.group(1).isalpha():
                return None
            e += word.end() - word.start()
    return (s, e), None


def _complementizer(between: str, after_object: bool) -> bool:
    """Whether a ``that`` after ``verb + between`` opens the reported clause: nothing between,
    or an aside or adverbial (``said, however, that``, ``said on Friday that``), or after an
    object the rest of it (``told a briefing on Friday that``); not the clause's own words
    (``said she would not jump to that conclusion``)."""
    words = between.split()
    if re.search(r"\b(?:which|who)\b", between):
        return False
    if not words or between.lstrip().startswith(","):
        return True
    if after_object:
        return not any(w.lower() in rules.PRONOUNS or w.lower() == "it" for w in words)
    first = words[0].lower().strip(",")
    return first in rules.ADVERBIAL_LEADS or first.endswith("ly")


def content_after(
    text: str, cue_end: int, limit: int, *, infinitive: bool = False, after_object: bool = False
) -> tuple[int, int] | None:
    """The reported clause after a verb: after ``that``, or right after the verb (less a time
    adverbial); None when a preposition follows (``said in a statement``), except ``to`` before
    a verb when ``infinitive`` (``threatened to withdraw``)."""
    rest = text[cue_end:limit]
    if infinitive and re.match(r"\s+to\s+[a-z]", rest):
        s, e = trim(text, cue_end, limit)
        return (s, e) if e > s else None
    that = re.match(r"(?P<between>[^;]{0,60}?)\bthat\s+", rest)
    if that and _complementizer(that.group("between"), after_object):
        start = cue_end + that.end()
    else:
        skip = re.match(rules.TIME_WORDS, rest)
        start = cue_end + (skip.end() if skip else 0)
        if re.match(r"\s*(?:in|at|on|to|during|after|before|by|with|for)\b", text[start:limit]):
            return None
    s, e = trim(text, start, limit)
    return (s, e) if e > s else None


def plausible(text: str, found: Attribution | None) -> Attribution | None:
    """``found`` unless its speaker mention cannot name anyone (``and``, ``having``, ``by``)."""
    if found is None:
        return None
    words = text[found.mention[0] : found.mention[1]].split()
    last = words[-1].strip(",.;:") if words else ""
    if (
        not last
        or last.lower() in rules.NOT_A_SPEAKER_END
        or (words[0].islower() and words[0].endswith("ing"))  # "having", "drawing loud boos"
    ):
        return None
    return found


def introduced(text: str, open_at: int) -> Attribution | None:
    """The attribution ending the previous paragraph with a colon (``Caddell continued:``, or
    with no cue, ``Trump issued the following statement:``, cue None) when the quotation at
    ``open_at`` opens its paragraph."""
    lead = text[:open_at]
    body = lead.rstrip()
    if not body.endswith(":") or "\n" not in lead[len(body) :]:
        return None
    line_start = body.rfind("\n") + 1
    sentence_end = rf"[.!?]{rules.CLOSING_MARK}?\s"
    ends = [m.end() for m in re.finditer(sentence_end, text[line_start : len(body)])]
    start = line_start + (ends[-1] if ends else 0)
    found = plausible(text, before(text, start, open_at))
    if found is not None:
        return found
    subject = plausible_subject(text, start, len(body) - 1)
    return None if subject is None else Attribution(subject, None, None, None)


def plausible_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The subject opening the sentence ``text[start:end]`` when it can name a source (a
    capitalised name or a noun phrase, not a pronoun such as ``it`` or ``this``, nor an
    adverbial such as ``With Democratic leaders`` or ``Once``)."""
    if "\n" in text[start:end] or rules.CUE.search(text, start, end) is not None:
        return None
    found = sentence_subject(text, start, end)
    if found is None:
        return None
    (s, e), _ = found
    words = [w.lower().strip(",.;:") for w in text[s:e].split()]
    if (
        not words
        or words[-1] in rules.NOT_A_SPEAKER_END | {"it", "this"}
        or words[0] in rules.NOT_A_SUBJECT
    ):
        return None
    return s, e


def opens_with_attribution(text: str, start: int, end: int) -> bool:
    """Whether a sentence opens with a short subject and a reporting verb (``Trump said of
    Apple in February, when …``): the attribution of the quotation before it, however long."""
    m = rules.CUE.search(text, start, min(end, start + 60))
    if m is None or m.group("verb").endswith("ing"):
        return False
    words = text[start : m.start()].split()
    after = re.match(r"\s*([\w’']+|[,.;:—–-])", text[m.end() : end])
    nxt = after.group(1).lower() if after else ""
    if nxt.isalpha() and nxt not in rules.ADVERBIAL_LEADS | {"of", "about", "to", "with"}:
        return False  # "Trump said that …", "Bell said the plan …": a report of its own
    return 0 < len(words) <= 4 and (words[0][0].isupper() or words[0].lower() in rules.PRONOUNS)
