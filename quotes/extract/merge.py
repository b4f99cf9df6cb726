"""The merge: candidates from the matcher become records — speakers resolved in document order,
quotations and reported clauses merged, overlaps dropped, every record checked verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterable

from quotes.core.building import with_changes
from quotes.core.corpus_rules import check_quote
from quotes.core.models import Annotation, Article, Quote, Speaker, SpeakerType, TextSpan
from quotes.core.record_rules import KINDS
from quotes.core.regions import region_of
from quotes.extract import rules
from quotes.extract.matcher import (
    Candidate,
    allowed,
    headline_candidates,
    indirect_candidates,
    paragraphs_in,
    quotation_candidates,
)
from quotes.extract.names import People, make_speaker, people, speaker_from
from quotes.extract.text import OPENING_CHARS, marks, sentences
from quotes.version import __version__

_OPENING_MARKS = re.compile(rf"[{re.escape(OPENING_CHARS)}]+\s*")
"""Opening marks (and the space after them) before a paragraph's first quotation."""


class ExtractionError(ValueError):
    """The input cannot be turned into records (e.g. a file that is not UTF-8)."""


def _resolve(
    candidates: list[Candidate], text: str, known: People, subjects: list[tuple[int, str]]
) -> list[Candidate]:
    """Give every candidate a speaker, in document order (pronouns need earlier speakers)."""
    events: list[tuple[int, str]] = list(subjects)
    roles = dict(known.roles)  # a person's role, carried to later mentions ("Orlov", "he")
    resolved: list[Candidate] = []
    ordered = sorted(candidates, key=lambda c: (c.spans[0][0], c.kind))
    for cand in ordered:
        found = _mention_speaker(cand, text, known, events)
        if found is None:
            continue
        position, speaker = found
        speaker = _carry_role(speaker, roles)
        cand.speaker = speaker
        if speaker.type == "person" and speaker.name:
            events.append((position, speaker.name))
            events.sort()
        resolved.append(cand)
    resolved += _inherit_speakers(ordered)
    return sorted(resolved, key=lambda c: (c.spans[0][0], c.kind))


def _mention_speaker(
    cand: Candidate, text: str, known: People, events: list[tuple[int, str]]
) -> tuple[int, Speaker] | None:
    """Where the candidate's speaker is mentioned and who it is; a pronoun takes the last
    person named before it (``events``) and lowers the candidate's confidence. None when the
    candidate has no mention or it names no speaker."""
    if cand.mention is None:
        return None
    ms, me = cand.mention
    if not text[ms:me].strip():
        return None
    speaker, pronoun = speaker_from(text[ms:me], ms, known, cand.description)
    if pronoun:
        earlier = [name for position, name in events if position < ms]
        # no named antecedent: the pronoun is the speaker, unresolved (type unknown)
        kind: SpeakerType = "person" if earlier else "unknown"
        name = earlier[-1] if earlier else None
        speaker = make_speaker(name, cand.description, kind, text[ms:me], ms)
        cand.confidence = round(cand.confidence - rules.PRONOUN_PENALTY, 2)
    return None if speaker is None else (ms, speaker)


def _carry_role(speaker: Speaker, roles: dict[str, str]) -> Speaker:
    """A person's role (description) is remembered from the mention that gives it and added
    to later mentions that do not."""
    if speaker.type != "person" or not speaker.name:
        return speaker
    if speaker.description:
        roles.setdefault(speaker.name, speaker.description)
    elif speaker.name in roles:
        speaker = with_changes(speaker, description=roles[speaker.name])
    return speaker


def _inherit_speakers(ordered: list[Candidate]) -> list[Candidate]:
    """The quotations that take another one's speaker, given it until none changes (a source
    may itself take its speaker from another, before or after it), in the order they got it."""
    taken: list[Candidate] = []
    waiting = [c for c in ordered if c.mention is None and c.inherit_from is not None]
    while waiting:
        ready = [c for c in waiting if c.inherit_from and c.inherit_from.speaker is not None]
        if not ready:
            break
        for cand in ready:
            assert cand.inherit_from is not None
            cand.speaker, cand.cue = cand.inherit_from.speaker, None
            taken.append(cand)
        waiting = [c for c in waiting if c not in ready]
    return taken


def _attribute_run_on(
    text: str, previous: Candidate | None, para: tuple[int, int], found: list[Candidate]
) -> None:
    """A quotation left open at the end of the previous paragraph, with no attribution there,
    takes the speaker of this paragraph's opening quotation when that one is attributed
    (``"A.`` / ``"B," Orlov said.``)."""
    if previous is None or not previous.runs_on or not found:
        return
    first = found[0]
    if first.mention is None or first.kind != "direct":
        return
    if not re.fullmatch(_OPENING_MARKS, text[para[0] : first.spans[0][0]]):
        return  # this paragraph does not open with the quotation
    previous.inherit_from = first
    previous.take_pattern("quote-speaker-next-paragraph")


def _subject_mentions(
    text: str, known: People, paras: list[tuple[int, int]]
) -> list[tuple[int, str]]:
    """People named at the start of a sentence (the usual antecedent of a later pronoun)."""
    starts = set()
    for p in paras:
        starts |= {s for s, _ in sentences(text, *p, marks(text, *p))}
    result = []
    for position, name in known.mentions:
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
    return [q for q, _ in extract_patterns(article)]


def extract_patterns(article: Article) -> list[tuple[Quote, str]]:
    """:func:`extract`, each record with the name of the :data:`~.rules.PATTERNS` entry that
    found it (to measure how far each pattern can be trusted)."""
    text = article.text
    stretches = allowed(article)
    paras = list(paragraphs_in(text, stretches))
    masked: set[int] = set()
    for p in paras:
        for m in marks(text, *p):
            masked |= set(m.covered)
    known = people(text, stretches, masked)

    candidates: list[Candidate] = []
    previous: Candidate | None = None
    if paras:
        candidates += headline_candidates(text, paras[0])
    for para in paras:
        found, used = quotation_candidates(text, para, previous)
        _attribute_run_on(text, previous, para, found)
        candidates += found
        directs = [c for c in found if c.kind == "direct"]
        previous = directs[-1] if directs else None
        quote_masked = {i for c in found for s, e in c.spans for i in range(s - 1, e + 1)}
        candidates += indirect_candidates(text, para, used, masked | quote_masked)
    resolved = _resolve(candidates, text, known, _subject_mentions(text, known, paras))

    tool = f"{rules.TOOL_NAME} {__version__}"
    quotes: list[tuple[Quote, str]] = []
    seen: set[str] = set()
    for cand in resolved:
        record = _record(article, cand, tool)
        if record is None or record.id in seen:
            continue
        problems = check_quote(record, article)
        if problems:  # cannot happen by construction: fail loudly rather than emit it
            raise ExtractionError(f"article {article.id}: {record.id}: {problems[0].message}")
        seen.add(record.id)
        quotes.append((record, cand.pattern))
    return _drop_overlaps(quotes)


def _record(article: Article, cand: Candidate, tool: str) -> Quote | None:
    """The record of a resolved candidate; None when it runs across a region boundary or sits
    in a region the rules skip."""
    assert cand.speaker is not None
    text = article.text
    spans = sorted(cand.spans)
    region = region_of(article, spans)
    if region is None:
        return None
    cue = None
    if cand.cue is not None:
        cs, ce = cand.cue
        cue = TextSpan(text=text[cs:ce], start=cs, end=ce)
    return Quote.of_article(
        article,
        spans,
        quoted=sorted(cand.quoted_parts),
        speaker=cand.speaker,
        cue=cue,
        addressee=cand.addressee,
        region=region,
        annotation=Annotation(method="rule", tool=tool, confidence=cand.confidence),
    )


def _drop_overlaps(quotes: list[tuple[Quote, str]]) -> list[tuple[Quote, str]]:
    """Keep the first of two records whose spans overlap, in the order of :data:`KINDS`
    (quotation records first); the result in document order."""
    kept: list[tuple[Quote, str]] = []
    for q, pattern in sorted(quotes, key=lambda r: (KINDS.index(r[0].kind), r[0].spans[0][0])):
        if any(s < e2 and s2 < e for k, _ in kept for s, e in q.spans for s2, e2 in k.spans):
            continue
        kept.append((q, pattern))
    return sorted(kept, key=lambda r: r[0].spans[0][0])


def extract_all(articles: Iterable[Article]) -> list[Quote]:
    """:func:`extract` over several articles, concatenated."""
    return [q for article in articles for q in extract(article)]
