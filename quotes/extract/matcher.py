"""The matcher: finds the named patterns of :mod:`.rules` in an article's paragraphs and returns
candidates (offsets, a pattern name, a speaker mention still to resolve)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from quotes.core import marks as marks_core
from quotes.core.kinds import letters
from quotes.core.models import Article, Speaker
from quotes.core.record_rules import Kind
from quotes.core.regions import SKIPPED
from quotes.extract import attribution, rules, verbs
from quotes.extract.attribution import Attribution
from quotes.extract.text import Mark, marks, paragraphs, sentences, trim


@dataclass
class Candidate:
    """A proposed record before its speaker is resolved."""

    pattern: str
    """The name of the :data:`~.rules.PATTERNS` entry that found it."""
    spans: list[tuple[int, int]]
    """The content (a quotation's: the quoted text; a mixed one's: the reported clause)."""
    mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    addressee: str | None
    description: str | None
    inherit_from: Candidate | None = None
    """The candidate whose speaker this one takes (it has no attribution of its own)."""
    runs_on: bool = False
    """An unattributed quotation still open at the end of its paragraph: it continues in the
    next one, whose attribution (if any) is its own."""
    speaker: Speaker | None = None
    quoted: list[tuple[int, int]] | None = None
    """The quoted parts of the content: None for the content itself (a quotation), ``[]`` for
    an indirect candidate."""
    confidence: float = field(init=False)

    def __post_init__(self) -> None:
        self.confidence = rules.PATTERNS[self.pattern].confidence

    def take_pattern(self, pattern: str) -> None:
        """Be found by ``pattern`` instead (its kind and confidence)."""
        self.pattern, self.confidence = pattern, rules.PATTERNS[pattern].confidence

    @property
    def kind(self) -> Kind:
        return rules.PATTERNS[self.pattern].kind

    @property
    def quoted_parts(self) -> list[tuple[int, int]]:
        """The quoted parts of the content (all of it for a quotation)."""
        if self.quoted is not None:
            return self.quoted
        return [] if self.kind == "indirect" else list(self.spans)


def allowed(article: Article) -> list[tuple[int, int]]:
    """Stretches of text the rules read: everything outside headline/dateline/furniture."""
    result, position = [], 0
    for region in article.regions:
        if region.kind in SKIPPED:
            if region.start > position:
                result.append((position, region.start))
            position = region.end
    if position < len(article.text):
        result.append((position, len(article.text)))
    return result


def paragraphs_in(text: str, stretches: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The paragraphs of the stretches the rules read, less a dateline opening one of the first
    three (the place news puts it; a raw text has no regions to mark it)."""
    count, dateline = 0, False
    for start, end in stretches:
        for s, e in paragraphs(text[start:end]):
            skip = 0 if dateline or count >= 3 else dateline_length(text, start + s, start + e)
            dateline, count = dateline or skip > 0, count + 1
            yield start + s + skip, start + e


def dateline_length(text: str, start: int, end: int) -> int:
    """The length of the dateline opening ``text[start:end]`` (see :data:`~.rules.DATELINE`),
    or 0."""
    m = rules.DATELINE.match(text, start, end)
    if m is None or m.end() >= end:
        return 0
    place = m.group("place")
    return m.end() - start if m.group("agency") or (place.isupper() and len(place) > 2) else 0


def _from(pattern: str, spans: list[tuple[int, int]], found: Attribution) -> Candidate:
    return Candidate(pattern, spans, found.mention, found.cue, found.addressee, found.description)


def _mixed(pattern: str, site: _Site, found: Attribution) -> Candidate:
    """A mixed candidate: its content the reported clause that carries the quotation (see
    :func:`_mixed_content`), the quoted words its quoted part; a direct one when the clause is
    nothing but the quoted words."""
    text = site.text
    spans = _mixed_content(site, found)
    if letters(text, spans) == letters(text, site.spans):
        return _from(pattern, site.spans, found)
    cand = Candidate(pattern, spans, found.mention, found.cue, found.addressee, found.description)
    cand.quoted = site.spans
    return cand


def _mixed_content(site: _Site, found: Attribution) -> list[tuple[int, int]]:
    """The reported clause around a quotation: after a cue before it (or a reporting verb
    coordinated with it: ``says A and calls her "B"``), less ``that``, to the end of the
    sentence or the next quotation, with the sentence's head before an inserted attribution
    (``A, she said, "B"``); before an attribution after it, from the sentence's start to the
    quotation. Never beginning or ending with a quotation mark."""
    text, mark = site.text, site.mark
    head: list[tuple[int, int]] = []
    if found.cue is not None and found.cue[1] <= mark.open:
        before = found.mention[0] if found.mention is not None else site.sentence[0]
        if text[site.sentence[0] : before].rstrip().endswith(","):
            head = [trim(text, site.sentence[0], before)]
        start = found.cue[1]
        between = text[start : mark.open]
        later = [
            m.end()
            for m in rules.CUE.finditer(between)
            if rules.COORDINATION.search(between, 0, m.start())
        ]
        start += max(later, default=0)
        that = re.match(r"\s*that\b", text[start : mark.open])
        start += that.end() if that else 0
        end = min(site.sentence[1], site.next_open)
    else:
        start, end = site.sentence[0], mark.inner_end
    start, end = trim(text, start, end)
    content = marks_core.unmarked(text, [(start, end)])
    start = min([mark.inner_start, *(s for s, _ in content)])
    end = max([mark.inner_end, *(e for _, e in content)])
    return [h for h in head if h[0] < h[1] <= start] + [(start, end)]


@dataclass(frozen=True)
class _Site:
    """One quotation where it stands: its sentence, the words of the sentence before its opening
    mark (``head``) and how far an attribution after it may reach (``tail_end``)."""

    text: str
    mark: Mark
    sentence: tuple[int, int]
    head: str
    tail_end: int
    next_open: int
    """Where the next quotation (or the paragraph) begins."""

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The quoted text, as a new record's spans."""
        return [(self.mark.inner_start, self.mark.inner_end)]

    @property
    def quoted(self) -> str:
        return self.text[self.mark.inner_start : self.mark.inner_end]

    @property
    def last_quoted(self) -> str:
        """The quoted text's last character (its closing punctuation, if any)."""
        return self.text[self.mark.inner_end - 1 : self.mark.inner_end]

    @property
    def fragment(self) -> bool:
        """The quoted text opens in lower case: part of a sentence."""
        return self.text[self.mark.inner_start : self.mark.inner_start + 1].islower()


def quotation_candidates(
    text: str, para: tuple[int, int], previous: Candidate | None
) -> tuple[list[Candidate], set[int]]:
    """Direct and mixed candidates of one paragraph, and the cue positions they use."""
    p_start, p_end = para
    found = marks(text, p_start, p_end)
    if not found:
        return [], set()
    sents = sentences(text, p_start, p_end, found)
    masked = {i for m in found for i in m.covered}
    used: set[int] = set()
    result: list[Candidate] = []
    last: Candidate | None = previous
    # '"A," he said. "B."' / '"A," he said, "B."': B may be a second segment of A's record
    merged_into: Candidate | None = None
    merge_after = p_start
    for index, mark in enumerate(found):
        next_open = found[index + 1].open if index + 1 < len(found) else p_end
        site = _site(text, mark, sents, para, next_open)
        if merged_into is not None:
            gap = text[merge_after : mark.open]
            cue = _adding_cue(gap, merge_after, merged_into)
            if (
                cue is not None
            ):  # '"A," he said, adding, "B."': B is a record of its own, with A's speaker
                last = Candidate(
                    "quote-said-adding-quote",
                    site.spans,
                    merged_into.mention,
                    cue,
                    None,
                    merged_into.description,
                )
                used.add(cue[0])
                result.append(last)
                merged_into = None
                continue
            if _continues(site, gap.rstrip(), merged_into):
                merged_into.spans.append((mark.inner_start, mark.inner_end))
                continue
            merged_into = None
        cand = _quotation(site, masked | used)
        if cand is None or not _kept(cand, mark, last, masked):
            continue
        if cand.cue is not None:
            used.add(cand.cue[0])
        result.append(cand)
        last = cand
        if cand.kind == "direct" and cand.cue is not None and cand.cue[0] > mark.end:
            merged_into, merge_after = cand, mark.end
    # a mixed quotation's cue may report a clause too ("X says A and calls her "B"")
    return result, used - {c.cue[0] for c in result if c.kind == "mixed" and c.cue}


def _site(
    text: str, mark: Mark, sents: list[tuple[int, int]], para: tuple[int, int], next_open: int
) -> _Site:
    """Where ``mark`` stands among the paragraph's sentences; ``next_open`` is where the next
    quotation (or the paragraph) begins."""
    s_start, s_end = next(((s, e) for s, e in sents if s <= mark.open < e), para)
    tail_end = _attribution_end(text, mark, sents, s_end, next_open)
    return _Site(text, mark, (s_start, s_end), text[s_start : mark.open], tail_end, next_open)


def _attribution_end(
    text: str, mark: Mark, sents: list[tuple[int, int]], s_end: int, next_open: int
) -> int:
    """How far an attribution after the quotation may reach: the end of its sentence, or of the
    next one when the quotation ends its own and the next is short or, after a question or an
    exclamation, opens with an attribution ('"Why?" Lichtman said.'); never past the next
    quotation."""
    following = next(((s, e) for s, e in sents if s >= s_end), None)
    if following is None or text[mark.end : s_end].strip():
        return min(s_end, next_open)
    short = len(text[following[0] : following[1]].split()) <= rules.SHORT_ATTRIBUTION
    asks = text[mark.inner_end - 1 : mark.inner_end] in ("?", "!")
    if short or (asks and attribution.opens_with_attribution(text, *following)):
        return min(following[1], next_open)
    return min(s_end, next_open)


def _adding_cue(gap: str, gap_start: int, merged_into: Candidate) -> tuple[int, int] | None:
    """The cue of ``adding`` in the ``gap`` between an attributed quotation and the next one
    (``"A," he said, adding, "B."``), or None."""
    adding = rules.ADDING.search(gap)
    if merged_into.mention is None or adding is None or adding.group("cue") not in verbs.CUE_VERBS:
        return None
    return gap_start + adding.start("cue"), gap_start + adding.end("cue")


def _continues(site: _Site, gap: str, merged_into: Candidate) -> bool:
    """Whether the quotation is a further segment of ``merged_into``'s record: after a comma or
    opening its sentence, with no attribution after it and none before it but the record's."""
    own_before = attribution.before(site.text, site.sentence[0], site.mark.open)
    return (
        (gap.endswith(",") or not site.head.strip())
        and attribution.after(site.text, site.mark.end, site.tail_end) is None
        and (own_before is None or own_before.cue == merged_into.cue)
    )


def _kept(cand: Candidate, mark: Mark, last: Candidate | None, masked: set[int]) -> bool:
    """Whether ``cand`` is kept. An unattributed one continues the speaker of ``last`` (set as
    its ``inherit_from``) or runs on into the next paragraph; an attributed one needs a speaker
    outside quotation marks, unless a transcript's label inside them names the speaker."""
    if cand.mention is None:
        cand.runs_on = mark.close is None
        if last is None and not cand.runs_on:
            return False
        cand.inherit_from = last
        return True
    return cand.pattern == "transcript-label" or not any(i in masked for i in range(*cand.mention))


def _quotation(site: _Site, masked: set[int]) -> Candidate | None:
    """The candidate one quotation gives (mention None: no attribution found), or None for a
    label or scare quote. ``masked`` holds the quoted text and the cues already used."""
    text, head = site.text, site.head
    transcript = _transcript_line(site)
    if transcript is not None:
        return transcript
    if rules.NAMING.search(head):
        return None
    before = attribution.plausible(text, attribution.before(text, site.sentence[0], site.mark.open))
    if rules.QUOTED_TITLE.search(head) and _title_case(site.quoted):
        return None  # 'told MSNBC's "Morning Joe"': a name, not a quotation
    direct = _reads_direct(site, before)
    if direct:
        found = _direct_speaker(site, before)
        if found is not None:
            return found
    else:
        mixed = _mixed_said_after(site)
        if mixed is not None:
            return mixed
        if _scare_quote(site):
            return None
    return _cue_in_sentence(site, masked, direct)


def _transcript_line(site: _Site) -> Candidate | None:
    """'"WALLACE: Governor, …': a transcript quoted paragraph by paragraph, each paragraph opening
    with its speaker's label."""
    mark = site.mark
    label = rules.TRANSCRIPT_LABEL.match(site.text, mark.inner_start, mark.inner_end)
    if label is None or site.head.strip() or label.end() >= mark.inner_end:
        return None
    spans = [(label.end(), mark.inner_end)]
    return Candidate("transcript-label", spans, label.span("name"), None, None, None)


def _reads_direct(site: _Site, before: Attribution | None) -> bool:
    """Whether the quotation stands as direct speech: it opens its sentence (or follows a colon
    or a dash), or follows an attribution (not ``… that "…"``) as a whole sentence, or as a
    lower-case one after the subject, a cue and a comma ('Still, she added, "we also can't …"')."""
    head = site.head
    if not head.strip() or head.rstrip().endswith((":", "—", "--")):
        return True
    if before is None or re.search(r"\bthat\s*$", head):
        return False
    return not site.fragment or (
        head.rstrip().endswith((",", ":"))
        and attribution.subject_start(site.text, site.sentence[0], site.mark.open)
        == before.mention[0]
    )


def _mixed_said_after(site: _Site) -> Candidate | None:
    """'The plans are "profoundly irresponsible," said Steve Bell': a quoted part of a sentence,
    attributed after it."""
    if site.last_quoted != ",":
        return None
    after = attribution.plausible(
        site.text, attribution.after(site.text, site.mark.end, site.tail_end)
    )
    return _mixed("mixed-said-speaker", site, after) if after is not None else None


def _scare_quote(site: _Site) -> bool:
    """A quotation of one or two words with no cue just before it: a scare quote or a label
    (but 'called it "absurd."', 'said the plan was "dead."' are reported, and so is '… as
    "…"')."""
    if len(site.quoted.split()) >= 3 or re.search(r"\bas\s*$", site.head):
        return False
    tail = site.head[-40:]
    near = rules.CUE.search(tail)
    return (
        near is None
        or near.group("verb") in verbs.AFTER_ONLY
        or not re.fullmatch(r"[\w’'\- ]{0,25}", tail[near.end() :])
    )


def _direct_speaker(site: _Site, before: Attribution | None) -> Candidate | None:
    """A direct quotation's attribution after it or before it; else a speaker introducing it
    from the paragraph before, a label or subject before a colon, or a signature after it."""
    found = attribution.plausible(
        site.text, attribution.after(site.text, site.mark.end, site.tail_end)
    )
    if found is not None:
        name = "quote-said-speaker" if found.inverted else "quote-speaker-said"
        return _from(name, site.spans, found)
    if before is not None:
        return _from("speaker-said-quote", site.spans, before)
    for speaker in (_introduced, _before_colon, _signed):
        cand = speaker(site)
        if cand is not None:
            return cand
    return None


def _introduced(site: _Site) -> Candidate | None:
    """'The Times reports:' closing the paragraph before one that opens with the quotation."""
    if site.head.strip():
        return None
    introduced = attribution.introduced(site.text, site.mark.open)
    if introduced is None:
        return None
    cued = introduced.cue is not None
    name = "speaker-said-colon-paragraph" if cued else "subject-colon-paragraph"
    return _from(name, site.spans, introduced)


def _before_colon(site: _Site) -> Candidate | None:
    """A speaker before a colon: a transcript's speaker (``Rep. Trey Gowdy (R-S.C.): "…"``) or
    the sentence's subject (``She had one message: "…"``)."""
    head, s_start = site.head, site.sentence[0]
    rubric = rules.RUBRIC_DASH.search(head)
    label = rules.SPEAKER_LABEL.fullmatch(head, rubric.end() if rubric is not None else 0)
    if label is not None:
        mention = (s_start + label.start("name"), s_start + label.end("name"))
        return Candidate("speaker-colon-quote", site.spans, mention, None, None, None)
    if not head.rstrip().endswith(":"):
        return None
    subject = attribution.plausible_subject(site.text, s_start, s_start + len(head.rstrip()) - 1)
    if subject is None:
        return None
    return Candidate("subject-colon-quote", site.spans, subject, None, None, None)


def _signed(site: _Site) -> Candidate | None:
    """'"…" ― Ann Bell' closing the paragraph: a dash and a name after the quotation."""
    text = site.text
    signed = rules.SIGNATURE.match(text, site.mark.end)
    if signed is None:
        return None
    ms, me = signed.span("name")
    if text[me - 1] == "." and not re.search(r"\b[A-Z]\.$", text[ms:me]):
        me -= 1  # the full stop closing the signature, not an initial's
    return Candidate("quote-dash-speaker", site.spans, (ms, me), signed.span("dash"), None, None)


def _cue_in_sentence(site: _Site, masked: set[int], direct: bool) -> Candidate | None:
    """An attribution elsewhere in the quotation's sentence, outside quoted text; without one, a
    direct quotation continues the speaker before it and any other is none."""
    text, mark, head = site.text, site.mark, site.head
    s_start, s_end = site.sentence
    outside = masked - set(range(mark.open, mark.end))
    found = attribution.plausible(
        text, attribution.in_sentence(text, s_start, s_end, outside, mark.open)
    )
    if found is None:
        return Candidate("quote-continues", site.spans, None, None, None, None) if direct else None
    if not direct and not site.fragment and found.cue is not None and found.cue[1] <= mark.open:
        # 'X said on Twitter, "We have never …"': a whole sentence after the cue's comma
        closes = site.last_quoted in (".", "?", "!")
        direct = head.rstrip().endswith((",", ":")) and (
            closes or not text[mark.end : s_end].strip(" \t.,")
        )
    if (
        direct
        and found.cue is not None
        and re.search(r"\bthat\b", text[found.cue[1] : mark.open]) is not None
    ):
        direct = False  # 'X said that if …, "I would …"': inside the reported clause
    if direct:
        return _from("quote-cue-in-sentence", site.spans, found)
    return _mixed("mixed-in-sentence", site, found)


def _title_case(quoted: str) -> bool:
    """Every word of a short quotation capitalised (``Morning Joe``, ``Face the Nation``)."""
    words = quoted.strip(" ,.").split()
    return 0 < len(words) <= 6 and all(
        w[0].isupper() or w in rules.TITLE_SMALL_WORDS for w in words
    )


def headline_candidates(text: str, para: tuple[int, int]) -> list[Candidate]:
    """The title's source (:data:`~.rules.HEADLINE_SOURCE`) when ``para`` is the text's first
    line: ``Graham: Trump's Rhetoric Is Hurting Us``."""
    start, end = para
    if text[:start].strip():
        return []
    m = rules.HEADLINE_SOURCE.fullmatch(text, start, end)
    if m is None:
        return []
    words = m.group("source").split()
    if words[0].lower() in rules.NOT_A_HEADLINE_SOURCE or any(
        w.isupper() and len(w) > 1 for w in words
    ):
        return []
    cs, ce = m.span("content")
    if len(text[cs:ce].split()) < 3:
        return []
    cue = m.span("cue") if m.group("cue") else m.span("colon")
    return [Candidate("headline-source", [(cs, ce)], m.span("source"), cue, None, None)]


def indirect_candidates(
    text: str, para: tuple[int, int], used: set[int], masked: set[int]
) -> list[Candidate]:
    """Indirect candidates of one paragraph: a reporting verb and a clause without quotation
    marks, skipping cues already ``used`` by a quotation and ``masked`` (quoted) text."""
    p_start, p_end = para
    result: list[Candidate] = []
    for s_start, s_end in sentences(text, p_start, p_end, marks(text, p_start, p_end)):
        sentence = text[s_start:s_end]
        body_end = s_start + len(sentence.rstrip().rstrip(".!?"))
        every = list(rules.CUE.finditer(text, s_start, body_end))
        cues = [m for m in every if _reports(text, m, body_end, used, masked)]
        previous: Candidate | None = None
        for m in cues:
            v_start, v_end = m.start("verb"), m.end("verb")
            if m.group("verb").lower() == "according to":
                cand = _according_to(text, s_start, body_end, v_start, v_end)
            else:
                # "X warned of A and threatened to B": the first clause ends at "and", and
                # the second verb shares the first one's subject. So does a clause before
                # "but added, "…"".
                limit = body_end
                following = next(
                    (f for f in every if f.start() > v_end and _coordinated_with(text, s_start, f)),
                    None,
                )
                if following is not None:
                    joint = rules.COORDINATION.search(text, s_start, following.start())
                    limit = joint.start() if joint else body_end
                limit = min(limit, _participle_boundary(text, v_end, limit, every))
                if (
                    previous is not None
                    and previous.mention
                    and _coordinated_with(text, s_start, m)
                ):
                    cand = _coordinated(text, m, limit, previous)
                else:
                    cand = _reported_clause(text, s_start, m, masked, limit)
            if cand is not None:
                result.append(cand)
            previous = cand
    return result


def _participle_boundary(text: str, start: int, limit: int, cues: list[re.Match[str]]) -> int:
    """Where a reported clause ends before a comma and an ``-ing`` cue (``X complained that A,
    suggesting B``: the participle opens a report of its own), or ``limit``."""
    for m in cues:
        if start < m.start() < limit and m.group("verb").endswith("ing"):
            comma = re.search(r",\s*$", text[start : m.start()])
            if comma:
                return start + comma.start()
    return limit


def _reports(text: str, m: re.Match[str], body_end: int, used: set[int], masked: set[int]) -> bool:
    """Whether a reporting-verb match may report a clause (not a quotation's cue, not a noun)."""
    verb = m.group("verb").lower()
    v_start, v_end = m.start("verb"), m.end("verb")
    if v_start in used or v_start in masked or verb in verbs.QUOTE_ONLY | verbs.AFTER_ONLY:
        return False
    if any(i in masked for i in range(v_end, min(body_end, v_end + 3))):
        return False  # the verb introduces a quotation
    if verb in verbs.NOUN_LIKE and not re.match(r"\s+that\b", text[v_end:body_end]):
        return False  # "such claims of restraint": a plural noun, not a verb
    if re.search(r"\bto\s+$", text[max(0, m.start() - 4) : m.start()]):
        return False  # "reluctant to reveal": not a report
    return not attribution.noun_use(text, v_start)  # "the warning came", "his comments"


def _coordinated_with(text: str, s_start: int, m: re.Match[str]) -> bool:
    """Whether the finite reporting verb of ``m`` follows ``and``/``but`` (a participle such as
    ``and reporting back`` is not a second cue)."""
    finite = not m.group("verb").endswith("ing")
    return finite and rules.COORDINATION.search(text, s_start, m.start()) is not None


def _coordinated(text: str, m: re.Match[str], limit: int, previous: Candidate) -> Candidate | None:
    """The second of two coordinated cues, with the first one's speaker."""
    v_start, v_end = m.start("verb"), m.end("verb")
    content = attribution.content_after(text, v_end, limit, infinitive=True)
    if content is None or len(text[content[0] : content[1]].split()) < 2:
        return None
    return Candidate(
        "coordinated-cue",
        [content],
        previous.mention,
        (v_start, v_end),
        None,
        previous.description,
    )


def _reported_clause(
    text: str,
    s_start: int,
    m: re.Match[str],
    masked: set[int],
    limit: int,
) -> Candidate | None:
    """``X said (that) CLAUSE`` or ``CLAUSE, X said``; the clause ends by ``limit``."""
    verb = m.group("verb").lower()
    v_start, v_end = m.start("verb"), m.end("verb")
    subject = attribution.subject_before(text, s_start, m.start())
    participle = attribution.participle_subject(text, s_start, m)
    if participle is not None:
        subject = participle
    elif subject is None and _coordinated_with(text, s_start, m):
        # "The senator survived prison and says such methods fail": the sentence's subject
        subject = attribution.sentence_subject(text, s_start, m.start())
    if subject is None:
        return None
    (ms, me), description = subject
    if any(i in masked for i in range(ms, me)):
        return None
    cue_end, obj = v_end, None
    if verb in verbs.ADDRESSEE_VERBS:
        cue_end, obj = attribution.addressee(text, v_end, limit)
    relative = rules.RELATIVE_SUBJECT.search(text, s_start, m.start()) is not None
    if relative and not re.match(r"[^;]{0,60}?\bthat\s", text[cue_end:limit]):
        return None  # "officials, who asked not to be named": reports only with "that"
    content = attribution.content_after(
        text, cue_end, limit, infinitive=verb in verbs.INFINITIVE, after_object=obj is not None
    )
    pattern = "speaker-said-that"
    clause_before = text[s_start:ms].rstrip()
    if (content is None or len(text[content[0] : content[1]].split()) < 3) and (
        clause_before.endswith(",") and len(text[ms:me].split()) <= 8
    ):
        cs, ce = trim(text, s_start, len(clause_before) + s_start)
        lead = re.match(r"(?:But|And|So|Yet|However|Still)\b,?\s*", text[cs:ce])
        if lead:
            cs += lead.end()
        content = (cs, ce) if ce > cs else None
        pattern = "clause-speaker-said"
    if content is None or len(text[content[0] : content[1]].split()) < 3:
        return None
    if any(i in masked for i in (content[0], content[1] - 1)):
        return None
    return Candidate(pattern, [content], (ms, me), (v_start, cue_end), obj, description)


def _according_to(
    text: str, s_start: int, body_end: int, v_start: int, v_end: int
) -> Candidate | None:
    after = re.compile(r"\s+([^,]+)").match(text, v_end, body_end)
    if not after:
        return None
    ms, me = trim(text, after.start(1), after.end(1))
    head = text[s_start:v_start].rstrip()
    spans = []
    if head.endswith(",") and text[me:body_end].strip():  # A, according to X, B.
        spans = [trim(text, s_start, v_start), trim(text, me, body_end)]
        pattern = "clause-according-to-speaker-clause"
    elif text[me:body_end].strip():  # According to X, CLAUSE.
        spans = [trim(text, me, body_end)]
        pattern = "according-to-speaker-clause"
    else:  # CLAUSE, according to X.
        spans = [trim(text, s_start, v_start)]
        pattern = "clause-according-to-speaker"
    if any(e <= s for s, e in spans) or sum(len(text[s:e].split()) for s, e in spans) < 3:
        return None
    return Candidate(pattern, spans, (ms, me), (v_start, v_end), None, None)
