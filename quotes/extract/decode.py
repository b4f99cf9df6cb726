"""From the learned extractor's tags back to records: BIO tags to spans, each content span grouped
with the nearest speaker mention and cue of its paragraph, its quoted parts and kind by the core
rules (:func:`quotes.core.marks.extent`, :func:`quotes.core.kinds.kind_from`), its speaker by the
rules' names code (:func:`.names.speaker_from`), and every record checked verbatim
(:func:`quotes.core.corpus_rules.check_quote`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from quotes.core.corpus_rules import check_quote
from quotes.core.marks import extent
from quotes.core.models import Annotation, Quote, Speaker, SpeakerType, TextSpan
from quotes.core.regions import region_of
from quotes.extract.features import Paragraph, Reading
from quotes.extract.matcher import allowed
from quotes.extract.merge import ExtractionError
from quotes.extract.names import People, make_speaker, people, speaker_from

__all__ = [
    "CONTENT",
    "CUE",
    "DECODINGS",
    "FAINT_SOURCE",
    "LABELS",
    "SOURCE",
    "WEAK_SOURCE",
    "Chunk",
    "Decoding",
    "chunks",
    "combined",
    "decoding",
    "learned_first",
    "records",
    "weak_sources",
]

CONTENT, SOURCE, CUE = "C", "S", "Q"
"""The roles a token is tagged with: content, source (the speaker mention), cue."""
WEAK_SOURCE = "s"
"""A run of tokens tagged ``O`` that the model still gives some chance of being a source
(:func:`weak_sources`): a German record's speaker when it is likelier than its sentence's source
chunks, or its sentence has none (:func:`_attach_in_sentence`)."""
WEAK = 0.1
"""The least probability of a source tag (``B-`` and ``I-`` together) of a weak source's tokens."""
FAINT_SOURCE = "f"
"""A run of tokens tagged ``O`` that the model gives at least a faint chance of being a source
(:data:`FAINT`): the speaker of a record whose sentence has neither a source nor a weak source,
rather than the speaker carried over from before it."""
FAINT = 0.01
"""The least source probability of a faint source's tokens. On the German corpus's ``dev``, a
sentence's own faint source is right more often than a speaker carried over from before it:
speaker right on matched pairs 0.754 carrying over, 0.782 with faint sources of 0.01 or 0.02,
0.773 of 0.005, 0.768 of 0.05."""
FIRST_FIELD = 0.2
"""What a source or weak source opening its sentence adds to its confidence when a German
record's source is chosen (:func:`_likeliest`): a German main clause's subject mostly stands
first. On the German corpus's ``dev``, speaker right on matched pairs 0.773 without it, 0.782
with 0.1 or 0.2, 0.770 with 0.3."""
LABELS = ("O", *(f"{p}-{r}" for r in (CONTENT, SOURCE, CUE) for p in "BI"))
"""Every tag: ``O`` and ``B-``/``I-`` of each role."""

_JOIN_GAP = 12
"""Most tokens between two content spans of one record (``"A," he said, "B."``)."""


@dataclass(frozen=True)
class Decoding:
    """How the records of an article in one language are made from its chunks."""

    source_over_content: bool = False
    """A speaker mention or cue inside a record's content is tagged as such in training (the
    German corpus's reported speech holds its speaker: ``Eine Reporterin sprach von ...``);
    otherwise the content's tag wins."""
    sentence_records: bool = False
    """A content chunk ends at a sentence boundary outside quotation marks, and no record joins
    contents of two sentences (German reported speech is annotated sentence by sentence)."""
    sentence_speakers: bool = False
    """A record's cue and source are those of its own sentence (the likeliest source there, not
    the nearest); with none there, its faint source, where a source from before it would
    otherwise be carried over: the source of the paragraph's record before it, else the
    nearest source before it in the paragraph (:func:`_attach_in_sentence`)."""
    weak_sources: bool = False
    """The tagger also reports runs of tokens it tags ``O`` but gives a source tag some chance
    (:func:`weak_sources`: weak and faint sources), the source of a record whose sentence has
    none."""
    rules_first: bool = True
    """The rules' direct quotations and their speakers win over the model's records
    (:func:`combined`); otherwise the model's records win (:func:`learned_first`: the English
    rules read German quotations, but not their speakers)."""
    nested_direct: bool = False
    """Each quoted part of a ``mixed`` record is also a ``direct`` record of its own (the German
    corpus annotates both)."""


DECODINGS: dict[str, Decoding] = {
    "de": Decoding(
        source_over_content=True,
        sentence_records=True,
        sentence_speakers=True,
        weak_sources=True,
        rules_first=False,
        nested_direct=True,
    )
}
"""The decoding of each language other than English (by ``Article.language``)."""


def decoding(language: str) -> Decoding:
    """How the records of an article in ``language`` are made (English's by default)."""
    return DECODINGS.get(language, Decoding())


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


def _attach_in_sentence(
    paragraph: Paragraph, found: list[Chunk], groups: list[_Group], spoken: bool
) -> None:
    """Each group's cue and source chosen from its own sentences: the nearest cue there, and the
    likeliest source or weak source there (:func:`_likeliest`). A group with no source in its
    sentences takes the source of the group before it in the paragraph (and its cue), else the
    last source standing before it, else the nearest after it, else none (and the speaker of
    the article's record before it, :func:`records`). Where it would so take a speaker from
    before it (``spoken``: a record before the paragraph has one), the likeliest faint source
    of its sentences, if any, stands in for it, with the sentences' own cue: a faint source
    never makes a record of its own."""
    previous: _Group | None = None
    for group in groups:
        sentence = {paragraph.sentences[c.first] for c in group.contents}
        sentence |= {paragraph.sentences[c.last] for c in group.contents}
        here = [c for c in found if paragraph.sentences[c.first] in sentence]
        cue = group.cue = _closest(here, group.contents, CUE)
        group.source = _likeliest(paragraph, here, (SOURCE, WEAK_SOURCE))
        if group.source is None:
            _carry_over(found, group, previous)
            faint = _likeliest(paragraph, here, (FAINT_SOURCE,))
            if (spoken or group.source is not None) and faint is not None:
                group.source, group.cue = faint, cue
        previous = group


def _carry_over(found: list[Chunk], group: _Group, previous: _Group | None) -> None:
    """A source for a group with none in its sentences: the source and cue of the group before
    it, else the last source standing before it, else the nearest after it, else none."""
    if previous is not None and previous.source is not None:
        group.source, group.cue = previous.source, previous.cue
        return
    before = [c for c in found if c.role == SOURCE and c.last < group.contents[0].first]
    group.source = before[-1] if before else _closest(found, group.contents, SOURCE)


def _likeliest(paragraph: Paragraph, options: list[Chunk], roles: tuple[str, ...]) -> Chunk | None:
    """The chunk of ``roles`` among ``options`` with the highest confidence, a chunk that
    opens its sentence counting :data:`FIRST_FIELD` more (the first of equals): the model's
    probabilities, not the distance to the cue, which often falls on the object between the verb
    and the content (``Die CCE bestätigte die Aussage der Gewerkschaft nicht``)."""
    found = [c for c in options if c.role in roles]
    if not found:
        return None

    def score(c: Chunk) -> float:
        opens = c.first == 0 or paragraph.sentences[c.first - 1] != paragraph.sentences[c.first]
        return c.confidence + (FIRST_FIELD if opens else 0.0)

    return max(found, key=score)


def weak_sources(tags: Sequence[str], source: Sequence[float]) -> list[Chunk]:
    """The runs of tokens tagged ``O`` whose probability of a source tag (``source``, each
    token's) is at least :data:`WEAK`, as :data:`WEAK_SOURCE` chunks, and those of at least
    :data:`FAINT`, as :data:`FAINT_SOURCE` chunks."""
    return _runs(tags, source, WEAK, WEAK_SOURCE) + _runs(tags, source, FAINT, FAINT_SOURCE)


def _runs(tags: Sequence[str], source: Sequence[float], least: float, role: str) -> list[Chunk]:
    found: list[Chunk] = []
    first = None
    for i, tag in enumerate([*tags, "B-C"]):
        weak = i < len(tags) and tag == "O" and source[i] >= least
        if weak and first is None:
            first = i
        elif not weak and first is not None:
            found.append(Chunk(role, first, i - 1, sum(source[first:i]) / (i - first)))
            first = None
    return found


def _closest(options: list[Chunk], near: list[Chunk], role: str) -> Chunk | None:
    """The chunk of ``role`` among ``options`` nearest ``near`` (the first of equals)."""
    found = [c for c in options if c.role == role]
    if not found:
        return None
    return min(found, key=lambda c: min(_distance(c, x) for x in near))


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
    how = decoding(article.language)
    result: list[Quote] = []
    previous: Speaker | None = None
    for paragraph, found in zip(reading.paragraphs, tagged, strict=True):
        if how.sentence_records:
            found = _by_sentence(paragraph, found)
        strong = [c for c in found if c.role not in (WEAK_SOURCE, FAINT_SOURCE)]
        if how.sentence_records:
            groups = _groups_by_sentence(paragraph, strong)
        else:
            groups = _groups(paragraph, strong)
        if how.sentence_speakers:
            _attach_in_sentence(paragraph, found, groups, previous is not None)
        for group in groups:
            speaker = _speaker(reading, group, known) if group.source else previous
            if speaker is None:
                continue
            record = _record(reading, group, speaker, tool)
            if record is not None:
                result.append(record)
                previous = speaker
                if how.nested_direct:
                    result += _nested_direct(reading, record)
    return result


def _by_sentence(paragraph: Paragraph, found: list[Chunk]) -> list[Chunk]:
    """``found`` with each content chunk cut where a sentence ends outside quotation marks."""
    result = []
    for chunk in found:
        first = chunk.first
        for i in range(chunk.first + 1, chunk.last + 1):
            new_sentence = paragraph.sentences[i] != paragraph.sentences[i - 1]
            if chunk.role == CONTENT and new_sentence and "q=in" not in paragraph.features[i]:
                result.append(replace(chunk, first=first, last=i - 1))
                first = i
        result.append(replace(chunk, first=first))
    return result


def _groups_by_sentence(paragraph: Paragraph, found: list[Chunk]) -> list[_Group]:
    """:func:`_groups` of each sentence's chunks (by the sentence of a chunk's first token): no
    record joins contents of two sentences."""
    groups: list[_Group] = []
    sentences = sorted({paragraph.sentences[c.first] for c in found})
    for sentence in sentences:
        groups += _groups(paragraph, [c for c in found if paragraph.sentences[c.first] == sentence])
    return groups


def _nested_direct(reading: Reading, record: Quote) -> list[Quote]:
    """A ``direct`` record for each quoted part of a ``mixed`` ``record`` (with its speaker and
    cue) that does not start where the record starts (one start, one id)."""
    if record.kind != "mixed":
        return []
    article = reading.article
    found = []
    for start, end in record.quoted:
        if start == record.spans[0][0]:
            continue
        spans, quoted = extent(article.text, [(start, end)], reading.regions)
        direct = Quote.of_article(
            article,
            spans,
            quoted=quoted,
            speaker=record.speaker,
            cue=record.cue,
            region=record.region,
            annotation=record.annotation,
        )
        if not check_quote(direct, article):
            found.append(direct)
    return found


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


def learned_first(by_rules: Sequence[Quote], learned: Sequence[Quote]) -> list[Quote]:
    """Every learned record, and the ``direct`` records of the rules that overlap none of them,
    in document order."""
    direct = [q for q in by_rules if q.kind == "direct"]
    kept = [q for q in direct if not any(_overlaps(q, record) for record in learned)]
    return sorted([*learned, *kept], key=lambda q: q.spans[0][0])
