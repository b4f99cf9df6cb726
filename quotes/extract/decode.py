"""From the learned extractor's tags back to records: BIO tags to spans, each content span grouped
with the nearest speaker mention and cue of its paragraph, its quoted parts and kind by the core
rules (:func:`quotes.core.marks.extent`, :func:`quotes.core.kinds.kind_from`), its speaker by the
rules' names code (:func:`.names.speaker_from`), and every record checked verbatim
(:func:`quotes.core.corpus_rules.check_quote`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotes.core.corpus_rules import check_quote
from quotes.core.marks import extent
from quotes.core.models import Annotation, Quote, Speaker, SpeakerType, TextSpan
from quotes.core.regions import region_of
from quotes.extract.features import Paragraph, Reading
from quotes.extract.matcher import allowed
from quotes.extract.merge import ExtractionError
from quotes.extract.names import People, make_speaker, people, speaker_from

__all__ = ["CONTENT", "CUE", "LABELS", "SOURCE", "Chunk", "chunks", "combined", "records"]

CONTENT, SOURCE, CUE = "C", "S", "Q"
"""The roles a token is tagged with: content, source (the speaker mention), cue."""
LABELS = ("O", *(f"{p}-{r}" for r in (CONTENT, SOURCE, CUE) for p in "BI"))
"""Every tag: ``O`` and ``B-``/``I-`` of each role."""

_JOIN_GAP = 12
"""Most tokens between two content spans of one record (``"A," he said, "B."``)."""


@dataclass(frozen=True)
class Chunk:
    """A run of tokens tagged with one role: token indexes ``first`` to ``last`` (inclusive)."""

    role: str
    first: int
    last: int
    confidence: float
    """The mean marginal probability of the chunk's tags."""


def chunks(tags: Sequence[str], confidences: Sequence[float]) -> list[Chunk]:
    """The chunks of a paragraph's tags: a ``B-`` starts one, an ``I-`` of the same role goes on
    (an ``I-`` after anything else starts one too)."""
    found: list[Chunk] = []
    role, first = None, 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        if role is not None and (prefix != "I" or this != role):
            mean = sum(confidences[first:i]) / (i - first)
            found.append(Chunk(role, first, i - 1, mean))
            role = None
        if role is None and prefix in ("B", "I"):
            role, first = this, i
    return found


@dataclass
class _Group:
    """One record to be: its content chunks, and the mention and cue chosen for it."""

    paragraph: Paragraph
    contents: list[Chunk]
    source: Chunk | None = None
    cue: Chunk | None = None


def _distance(a: Chunk, b: Chunk) -> int:
    return max(a.first - b.last, b.first - a.last, 0)


def _groups(paragraph: Paragraph, found: list[Chunk]) -> list[_Group]:
    """The content chunks, joined when only a short attribution stands between two of them
    (:func:`_joins`), each with the nearest cue of the paragraph (the same sentence first) and
    the source nearest that cue (or the content, with no cue): a cue stands beside its source,
    the content may be far."""
    groups: list[_Group] = []
    for chunk in found:
        if chunk.role != CONTENT:
            continue
        if groups and _joins(paragraph, found, groups[-1].contents, chunk):
            groups[-1].contents.append(chunk)
            continue
        groups.append(_Group(paragraph, [chunk]))
    for group in groups:
        group.cue = _nearest(paragraph, found, group.contents, CUE)
        near = group.contents if group.cue is None else [group.cue]
        group.source = _nearest(paragraph, found, near, SOURCE)
    return groups


def _joins(paragraph: Paragraph, found: list[Chunk], contents: list[Chunk], chunk: Chunk) -> bool:
    """Whether ``chunk`` goes on the record of ``contents`` (``"A," he said, "B."``): at most
    :data:`_JOIN_GAP` tokens after it, with only one attribution between (a source, a cue or
    both, no content), and none before the record's first content in its sentence. Otherwise
    the attribution between is the new chunk's own (``X said A, while Y argued B``)."""
    last, first = contents[-1], contents[0]
    between = [c for c in found if last.last < c.first and c.last < chunk.first]
    roles = [c.role for c in between]
    if not between or CONTENT in roles or chunk.first - last.last > _JOIN_GAP:
        return False
    if roles.count(CUE) > 1 or roles.count(SOURCE) > 1:
        return False
    sentence = paragraph.sentences[first.first]
    return not any(
        c.role == CUE and c.last < first.first and paragraph.sentences[c.last] == sentence
        for c in found
    )


def _nearest(
    paragraph: Paragraph, found: list[Chunk], contents: list[Chunk], role: str
) -> Chunk | None:
    sentence = {paragraph.sentences[i] for c in contents for i in range(c.first, c.last + 1)}
    options = [c for c in found if c.role == role]
    if not options:
        return None

    def rank(c: Chunk) -> tuple[bool, int]:
        elsewhere = paragraph.sentences[c.first] not in sentence
        return elsewhere, min(_distance(c, x) for x in contents)

    return min(options, key=rank)


def _span(paragraph: Paragraph, chunk: Chunk) -> tuple[int, int]:
    return paragraph.tokens[chunk.first][0], paragraph.tokens[chunk.last][1]


def records(reading: Reading, tagged: Sequence[list[Chunk]], tool: str) -> list[Quote]:
    """The records of an article from the chunks of each of its paragraphs (in the order of
    ``reading.paragraphs``), in document order; a group with no mention in its paragraph takes
    the previous record's speaker, and is left out when there is none."""
    article = reading.article
    known = people(article.text, allowed(article), reading.masked)
    result: list[Quote] = []
    previous: Speaker | None = None
    for paragraph, found in zip(reading.paragraphs, tagged, strict=True):
        for group in _groups(paragraph, found):
            speaker = _speaker(reading, group, known) if group.source else previous
            if speaker is None:
                continue
            record = _record(reading, group, speaker, tool)
            if record is not None:
                result.append(record)
                previous = speaker
    return result


def _speaker(reading: Reading, group: _Group, known: People) -> Speaker | None:
    """The speaker a group's mention names: a pronoun is the last person named before it."""
    assert group.source is not None
    text = reading.article.text
    start, end = _span(group.paragraph, group.source)
    speaker, pronoun = speaker_from(text[start:end], start, known, None)
    if not pronoun:
        return speaker
    earlier = [name for position, name in known.mentions if position < start]
    kind: SpeakerType = "person" if earlier else "unknown"
    return make_speaker(earlier[-1] if earlier else None, None, kind, text[start:end], start)


def _record(reading: Reading, group: _Group, speaker: Speaker, tool: str) -> Quote | None:
    """The checked record of a group; None when its spans cross a region boundary or sit in a
    region the rules skip."""
    article = reading.article
    text = article.text
    spans = [_span(group.paragraph, c) for c in group.contents]
    spans, quoted = extent(text, spans, reading.regions)
    region = region_of(article, spans) if spans else None
    if region is None:
        return None
    cue = None
    if group.cue is not None:
        cs, ce = _span(group.paragraph, group.cue)
        cue = TextSpan(text=text[cs:ce], start=cs, end=ce)
    confidence = min(c.confidence for c in group.contents)
    record = Quote.of_article(
        article,
        spans,
        quoted=quoted,
        speaker=speaker,
        cue=cue,
        region=region,
        annotation=Annotation(method="model", tool=tool, confidence=round(confidence, 2)),
    )
    problems = check_quote(record, article)
    if problems:  # cannot happen by construction: fail loudly rather than emit it
        raise ExtractionError(f"article {article.id}: {record.id}: {problems[0].message}")
    return record


def _overlaps(a: Quote, b: Quote) -> bool:
    return any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)


def _touch(a: TextSpan | None, b: TextSpan | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _bounded(record: Quote, learned: Sequence[Quote]) -> Quote:
    """``record`` with the speaker mention and cue of the learned records overlapping it, where
    they overlap its own: the same words, bounded as the annotators bound them (the speaker it
    names stays the record's)."""
    near = [q for q in learned if _overlaps(record, q)]
    own_mention, own_cue = record.speaker.mention, record.cue
    mention = next(
        (q.speaker.mention for q in near if _touch(q.speaker.mention, own_mention)), None
    )
    cue = next((q.cue for q in near if _touch(q.cue, own_cue)), None)
    if mention is None and cue is None:
        return record
    speaker = record.speaker.model_copy(update={"mention": mention or own_mention})
    return record.model_copy(update={"speaker": speaker, "cue": cue or own_cue})


def combined(by_rules: Sequence[Quote], learned: Sequence[Quote]) -> list[Quote]:
    """The records of both extractors where each is the stronger, in document order: every
    ``direct`` record of the rules (their quotation patterns are precise, their speakers
    right), its mention and cue bounded as the model bounds them (:func:`_bounded`), and the
    learned records that overlap none of them, as the model made them (on PolNeAR dev, giving
    those the speaker and cue of an overlapping rules record put fewer speakers right)."""
    direct = [_bounded(q, learned) for q in by_rules if q.kind == "direct"]
    result = list(direct)
    result += [q for q in learned if not any(_overlaps(q, d) for d in direct)]
    return sorted(result, key=lambda q: q.spans[0][0])
