"""The extractor's rules as data: reporting verbs (the table is in :mod:`.verbs`), word lists,
regular expressions and the named attribution patterns with their kind, speaker side, cue and
confidence.

Nothing here runs: :mod:`.matcher` finds the patterns in a text and :mod:`.merge` turns the
matches into records. To teach the extractor a new reporting verb, add a
:class:`~quotes.extract.verbs.Verb` to :data:`~quotes.extract.verbs.VERBS`; to make a pattern
more or less trusted, change its ``confidence`` in :data:`PATTERNS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from quotes.core import marks
from quotes.core.record_rules import Kind
from quotes.extract.verbs import (
    CUE_VERBS,
)

__all__ = ["PATTERNS", "PRONOUN_PENALTY", "TOOL_NAME", "Pattern"]

TOOL_NAME = "quotes-extract"
"""The tool name written into ``annotation.tool`` (followed by the package version)."""


# --------------------------------------------------------------------------- named patterns

Side = Literal["before", "after", "sentence", "previous"]


@dataclass(frozen=True)
class Pattern:
    """One way news writing attributes speech, and how far the extractor trusts it."""

    kind: Kind
    """The kind of record the pattern gives."""
    speaker: Side
    """Where the speaker stands: ``before`` the reported words, ``after`` them, elsewhere in the
    ``sentence``, or the ``previous`` quotation's speaker carried over."""
    cue: str
    """What the cue is (a reporting verb, ``according to``, or none)."""
    confidence: float
    """Base confidence of a record found this way (see :data:`PATTERNS`)."""
    example: str
    """A short sentence the pattern matches."""


def _p(kind: Kind, speaker: Side, cue: str, confidence: float, example: str) -> Pattern:
    return Pattern(kind, speaker, cue, confidence, example)


VERB, ACCORDING, NONE = "reporting verb", "according to", "none"

# Confidence = the share of the pattern's records that were right on PolNeAR's train split
# (840 articles, first annotator, as `quotes import polnear ... --split train` writes them): paired
# with an annotated attribution by quotes.core.pairing (spans overlapping) and the speaker mention
# overlapping its source; smoothed as (right + 1) / (records + 2). Counts in brackets, as
# `python bench/calibrate_extract.py polnear-train/` prints them: rerun it and update these
# numbers whenever a rule changes.
PATTERNS: dict[str, Pattern] = {
    # [696/719]
    "quote-said-speaker": _p("direct", "after", VERB, 0.97, '"We will win," said Ann Bell.'),
    # [2315/2410]
    "quote-speaker-said": _p("direct", "after", VERB, 0.96, '"We will win," Ann Bell said.'),
    # [405/455]
    "speaker-said-quote": _p("direct", "before", VERB, 0.89, 'Ann Bell said: "We will win."'),
    # [80/100]
    "quote-cue-in-sentence": _p(
        "direct", "sentence", VERB, 0.79, 'Ann Bell, who said little, ended with: "We will win."'
    ),
    # [5/5]: few; the smoothing keeps it below the verb patterns
    "quote-dash-speaker": _p("direct", "after", "a dash", 0.86, '"We will win." — Ann Bell'),
    # [8/8]
    "quote-said-adding-quote": _p(
        "direct", "previous", VERB, 0.90, '"We will win," Ann Bell said, adding, "All of us."'
    ),
    # [50/149]: the span is usually right, but PolNeAR often names another source
    "quote-continues": _p("direct", "previous", NONE, 0.34, '"A," said Ann Bell.\n"B, too."'),
    # [0/2]: too few to measure; 0.25 is only the smoothing of 0 of 2
    "quote-speaker-next-paragraph": _p(
        "direct", "after", NONE, 0.25, '"All of it.\n"Every word," said Ann Bell.'
    ),
    # [9/10]
    "speaker-said-colon-paragraph": _p(
        "direct", "before", VERB, 0.83, 'Ann Bell wrote:\n\n"We will win."'
    ),
    # [26/28]
    "speaker-colon-quote": _p(
        "direct", "before", NONE, 0.90, 'Rep. Ann Bell (D-Ore.): "We will win."'
    ),
    # [0/3]: spans right; the train annotator names "Partial transcript" (dev's, the label)
    "transcript-label": _p("direct", "before", NONE, 0.20, '"BELL: We will win.'),
    # [20/33]
    "subject-colon-quote": _p(
        "direct", "before", NONE, 0.60, 'Ann Bell had one message for them: "We will win."'
    ),
    # [4/7]
    "subject-colon-paragraph": _p(
        "direct", "before", NONE, 0.56, 'Ann Bell issued the following statement:\n\n"We will win."'
    ),
    # [140/255]
    "mixed-said-speaker": _p(
        "mixed", "after", VERB, 0.55, 'The plan is "a bad joke," said Ann Bell.'
    ),
    # [1074/1391]
    "mixed-in-sentence": _p(
        "mixed", "sentence", VERB, 0.77, 'Ann Bell described it as "a turning point."'
    ),
    # [3824/5190]
    "speaker-said-that": _p(
        "indirect", "before", VERB, 0.74, "Ann Bell said that the plan failed."
    ),
    # [234/339]
    "clause-speaker-said": _p("indirect", "after", VERB, 0.69, "The plan failed, Ann Bell said."),
    # [41/67]
    "coordinated-cue": _p(
        "indirect", "before", VERB, 0.61, "Ann Bell warned of a strike and threatened to resign."
    ),
    # [53/64]
    "headline-source": _p(
        "indirect", "before", "a colon or Says", 0.82, "Ann Bell: Plan Will Fail\n\nText."
    ),
    # [59/66]
    "according-to-speaker-clause": _p(
        "indirect", "before", ACCORDING, 0.88, "According to Ann Bell, the plan failed."
    ),
    # [52/62]
    "clause-according-to-speaker-clause": _p(
        "indirect", "sentence", ACCORDING, 0.83, "The plan, according to Ann Bell, failed."
    ),
    # [220/236]
    "clause-according-to-speaker": _p(
        "indirect", "after", ACCORDING, 0.93, "The plan failed, according to Ann Bell."
    ),
}
"""The named attribution patterns. A record's ``annotation.confidence`` is its pattern's
``confidence`` (the share of that pattern's records found right on PolNeAR's train split), less
:data:`PRONOUN_PENALTY` when the speaker is a pronoun resolved to an earlier name."""

SHORT_ATTRIBUTION = 8
"""Most words in the sentence after a quotation that ends its own sentence (``"Why?"``) for that
next sentence to be read as the quotation's attribution (``"Why?" Lichtman said last week.``)."""

PRONOUN_PENALTY = 0.1
"""Subtracted from a pattern's confidence when the speaker mention is ``he``/``she``: an
allowance for resolving the pronoun to the wrong person, which PolNeAR (it marks the pronoun,
not the person) cannot measure."""


# --------------------------------------------------------------------------- word lists


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. father
    president vice prime minister secretary secretary-general general lieutenant lt lt. colonel
    col col. major maj maj. captain capt capt. admiral adm adm. commander sergeant sgt sgt.
    ambassador envoy senator sen sen. representative rep rep. governor gov gov. mayor judge
    justice chancellor chairman chairwoman chair director spokesman spokeswoman spokesperson
    chief deputy executive ceo founder manager officer foreign defense defence interior finance
    state chief-of-staff king queen prince princess pope cardinal bishop sheikh premier
    councillor councilor commissioner secretary-general's gen gen. adviser advisor aide official
    analyst expert
    """
)
"""Words stripped from the front of a name (``NATO spokesman James Appathurai``)."""

ROLE_WORDS = _words(
    """
    spokesman spokeswoman spokesperson envoy ambassador minister president secretary
    secretary-general director chairman chairwoman official adviser advisor aide analyst expert
    chief head leader commander general senator governor mayor premier chancellor
    """
)
"""Words that, just before a capitalised run, make it a person's name."""

ORG_WORDS = _words(
    """
    ministry institute institution council committee agency department office house kremlin
    pentagon government party union organization organisation association news times post press
    bank commission republic states nations federation alliance army navy force forces police
    court parliament duma senate congress university center centre foundation group company
    corporation corp inc ltd board authority authorities service services
    """
)
"""Head words of an organisation's name."""

OUTLET_WORDS = _words(
    """
    telegraph guardian herald tribune journal gazette observer chronicle inquirer examiner courier
    mail express mirror independent daily weekly izvestia kommersant pravda spiegel
    """
)
"""Capitalised, words of a newspaper's name (``The Daily Telegraph``, ``the Guardian``):
lower-case, most of them are common nouns (``her guardian``)."""

QUANTITY_WORDS = _words(
    """
    group groups majority minority number numbers lot lots crop handful couple pair dozen dozens
    series average percent share half third quarter most some many few one two three all each
    """
)
"""Heads that count or collect what follows (``a group of rabbis``): the speaker is what
follows."""

PREPOSITIONS = ("of", "in", "at", "for", "from", "with")
"""Prepositions that start a noun phrase's modifier (``an official in the prime minister's
office``, ``a spokesman for the ministry``)."""

MODIFIED_SUBJECT = re.compile(
    r"(?i:a|an|the|one)\s+(?:[a-z\-]+\s+){0,3}(?:" + "|".join(PREPOSITIONS) + r")\s+[^,;:]+"
)
"""A determiner, a lower-case noun phrase and its prepositional modifier: one subject, however
long (the speaker is the head before the preposition)."""

PRONOUNS = {"he": "person", "she": "person", "they": "group", "we": "group", "i": "person"}
"""Pronoun speakers: ``person`` ones are resolved to an earlier name, the others are groups."""

DETERMINERS = _words(
    """
    a an the one some many several most few two three four five six seven eight nine ten other
    others another this that these those various numerous senior top
    """
)
FUNCTION_WORDS = _words(
    """
    then but and so yet however meanwhile also when after before in on at as while if although
    though still now later earlier there here it its his her their our we they he she i you for
    with from by of to last next since until today yesterday
    """
)
ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof st sr jr gen lt col maj capt adm sgt sen rep gov rev gov inc corp ltd co
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc e.g i.e u.s u.k u.n e.u
    """
)
"""Words whose full stop does not end a sentence."""

MONTH_AND_DAY_NAMES = _words(
    """
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday
    """
)

NAME_PARTICLES = _words("de van von bin al del der la le")
"""Lower-case words inside a name (``Ursula von der Leyen``)."""

QUESTION_WORDS = _words(
    """
    are is was were do does did has have had can could will would shall should may might must
    why what who whom whose how where which
    """
)
NOT_IN_A_NAME = (
    ORG_WORDS | TITLES | DETERMINERS | FUNCTION_WORDS | MONTH_AND_DAY_NAMES | QUESTION_WORDS
)
"""Words that make a capitalised run something other than a person's name."""

SENTENCE_LEADS = (
    "But", "And", "So", "Yet", "However", "Still", "Also", "Meanwhile", "Then", "Later", "Now",
    "Finally", "Instead", "Afterward", "Afterwards",
)  # fmt: skip
"""Connectives dropped from the front of a subject, also two in a row (``And then Trump``)."""

LEADS = re.compile(rf"\s*(?:(?i:{'|'.join(SENTENCE_LEADS)}),?(?:\s+|$)){{0,2}}")
"""Up to two of :data:`SENTENCE_LEADS`, in any case, opening a subject (``And then``)."""


# --------------------------------------------------------------------------- regular expressions

INLINE_SPACE = " \t\u00a0\u2009\u202f"
"""Spaces inside a line: also the no-break and thin spaces of web copy (``said.\u00a0"B"``)."""

MARK_CHARS = re.escape(marks.PLAIN)
"""The double quotation marks, for a character class (``[^,;{MARK_CHARS}]``: no mark)."""
CLOSING_MARK = f"[{re.escape(''.join(sorted(set(marks.PLAIN) | set(marks.SINGLE_CLOSING_PLAIN))))}]"
"""A character class: one mark that may close a quotation, double or single."""
CUE_ALTERNATION = "|".join(sorted((re.escape(v) for v in CUE_VERBS), key=len, reverse=True))
AUX = (
    r"(?:(?:has|have|had|was|were|is|are|will|would|also|later|then|earlier|again|once|"
    r"repeatedly|recently|previously|reportedly|now|still|even|already|just|never|not|could|"
    r"can|should|might|may|must|did|does|do|only|\w+ly)\s+)*"
)
"""Auxiliaries and adverbs allowed before a reporting verb."""

CUE = re.compile(
    rf"(?<![\w\-<]){AUX}(?P<verb>{CUE_ALTERNATION}|was quoted as saying|[Aa]ccording to)"
    r"(?![\w\-])"
)
"""A reporting verb (group ``verb``), with any auxiliaries before it; never part of a hyphenated
compound (``early-warning``)."""

NOUN_MARKERS = _words(
    """
    a an the his her their its our my your this these those such any every each no another early
    late new first last latest recent further repeated public
    """
)
"""Words before a verb form that make it a noun (``the warning``, ``his comments``); so does a
possessive (``Orlov's warning``)."""

MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})"
    r"(?:,[ \t]*[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}){0,2}"
    rf"(?:,?[ \t]+{MONTHS}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)?"
    r"[ \t]*(?P<agency>\([\w.&'’ \-]{1,30}\))?"
    r"[ \t]*(?:--?|—|–)[ \t]+"
)
"""A dateline opening a paragraph (``MOSCOW, April 18 (Reuters) - ``, ``LONDON — ``): read as a
``dateline`` region when its place is in capitals or an agency follows it."""

COORDINATION = re.compile(r"(?:,\s*)?\b(?:and|but)\s+(?:(?:also|then|later)\s+)?$")
"""``and`` (or ``but``) just before a second reporting verb sharing the first one's subject;
searched in the text up to that verb."""

RELATIVE_SUBJECT = re.compile(
    r"(?<![\w’'\-])(?P<np>(?:(?:the|a|an|some|many|several|most|other|[A-Z][\w\-’']*)\s+)*"
    r"[\w\-’']+),?\s+who\s+$"
)
"""The antecedent of ``who`` just before a reporting verb (``analysts, who said``): a head word
with determiners or capitalised words before it."""

SENTENCE_SUBJECT_NAME = re.compile(
    rf"(?:^|(?<=[.!?][ \t])|(?<=[.!?]{CLOSING_MARK}[ \t])|(?<=\n))"
    r"(?P<name>[A-Z][a-z][\w’'\-]*(?:[ \t]+[A-Z][a-z][\w’'\-]*){1,2})[ \t]+[a-z]",
    re.MULTILINE,
)
"""Two or three capitalised words opening a sentence before a lower-case word (``Ivan Orlov
arrived``): a person's name (the antecedent of a later ``he``), unless a word is one of
:data:`NOT_IN_A_NAME` or :data:`PLACE_WORDS`."""

PLACE_WORDS = _words(
    """
    North South East West New United Saudi Hong San Santa Los Las Great Middle Central Upper
    Lower Northern Southern Eastern Western Sri Costa El Puerto Abu Tel Buenos Rio Cape Wall
    Street Capitol Hill Downing Silicon Valley Gulf Sea Ocean River Island Islands Republic
    """
)
"""Capitalised words that start or make up a place name rather than a person's."""

NAMING = re.compile(
    r"(?:so-called|called|call|calls|calling|dubbed|termed|known as|named|labelled|labeled|"
    r"what is called|the word|the term|the phrase|(?:show|book|film|movie|song|album|program|"
    r"programme|series|novel|musical|memoir|hashtag),?)(?:\s+(?:a|an|the))?\s*$",
    re.IGNORECASE,
)
"""Words before a quoted name or label (not a quotation): ``so-called "X"``, ``what is called
a "Y"``, a title after ``show``, ``book``, ``song`` (``his late night show "Lopez Tonight."``).
(``called her "a rising star"`` is speech: an object stands between.)"""

QUOTED_TITLE = re.compile(r"[\w.]+(?:’s|'s)\s*$")
"""A possessive just before a quotation in title case: the quotation is a name (``told
MSNBC's "Morning Joe"``)."""

TITLE_SMALL_WORDS = _words("the of and a an in on for")
"""Words a title in title case may keep in lower case (``Face the Nation``)."""

TITLE_ABBREVIATIONS = (
    r"(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Jr|Sr|Prof|Capt|Sgt|Adm|Maj|Rev)\."
)
WORD = re.compile(r"[\w][\w’'.\-/]*")

BOUNDARY = re.compile(
    r",\s+|;\s+|\s—\s|\s--\s|\b(?:but|that|while|when|where|as|after|because|if|since|whom?"
    r"|which|As|While|When|After|Because|If|Since)\s+"
)
"""Where a subject noun phrase before a verb can start."""

TIME_WORDS = (
    r"\s*(?:(?:on|last|this|next|earlier|late|early)\s+)?(?:(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|today|yesterday|week|month|year|night|morning|"
    r"afternoon|evening)\b\s*)?"
)
"""A time adverbial between a reporting verb and its clause (``said on Friday``)."""

CLAUSE_VERBS = _words(
    """
    is was are were has had have went came took made spoke got gave left met sat stood ran will
    would can could may might must should does did
    """
)
"""Verbs that end a sentence's subject (with any word in ``-ed``)."""

NOT_A_SPEAKER_END = (FUNCTION_WORDS - {*PRONOUNS, "it"}) | QUESTION_WORDS | _words("shown seen")
"""Words a speaker mention cannot end with (``and``, ``by``, ``why``; nor can it start with a
lower-case ``-ing`` word): a mention ending so is a misreading of the sentence, and the
quotation looks for its speaker elsewhere."""

OPENING_ADVERBIAL = re.compile(
    r"\s*(?:[A-Z][a-z]+ing|(?i:in|on|at|after|before|during|with|without|as|when|while|although|"
    r"though|since|because|if|for|asked|pressed|here|there|now|then|later|earlier|instead|"
    r"meanwhile|separately|today|yesterday|last|this|minutes|moments|hours|days|weeks|months|"
    r"years|afterward|afterwards|finally|once|amid|despite|following|under))\b"
    rf"[^,;{MARK_CHARS}]{{0,80}},\s+"
)
"""A phrase opening a sentence before its subject (``Speaking in his real voice again, he``,
``On Thursday, after a long wait, Warren``): up to three in a row."""

PARTICIPLE_LEAD = re.compile(
    rf"(?:,{CLOSING_MARK}?\s+(?:\w+\s+){{0,2}}|\b(?:by|before|after|while|when)\s+(?:\w+\s+)?)$"
)
"""Before an ``-ing`` cue, a comma (maybe closing a quotation, and up to two words) or ``by``
(``before``, ``after``, ``while``, ``when``): ``X did Y, saying …``, ``X called it "a breach,"
adding: …``, ``X responded by first saying …`` and ``X deflected questions before saying …``
attribute to the sentence's subject."""

TRANSCRIPT_LABEL = re.compile(r"(?P<name>[A-Z][A-Z.’'\-]+(?:[ \t]+[A-Z][A-Z.’'\-]+){0,3}):[ \t]+")
"""A speaker's name in capitals and a colon opening a quoted transcript's paragraph
(``"WALLACE: Governor, …``): the speaker, left out of the span."""

SPEAKER_LABEL = re.compile(
    r"\s*(?P<name>(?:[A-Z][\w.’'\-]*[ \t]+){0,4}[A-Z][\w.’'\-]*)(?:[ \t]*\([^)]{1,30}\))?"
    r"[ \t]*:[ \t]*"
)
"""A name and a colon opening a sentence before a quotation (a transcript's speaker label)."""

RUBRIC_DASH = re.compile(r"^.*\s(?:-|–|—)\s+")
"""A digest's rubric and dash before a speaker label (``POLL OVERHYPE - Ann Bell: "…"``)."""

SIGNATURE = re.compile(
    rf"(?:[{INLINE_SPACE}]*|[{INLINE_SPACE}]*\n\s*)(?P<dash>―|—|–|--?)[{INLINE_SPACE}]*"
    rf"(?P<name>[A-Z][\w.’'\-]*(?:[{INLINE_SPACE}]+[A-Z][\w.’'\-]*){{0,4}})"
    rf"[{INLINE_SPACE}]*\.?[{INLINE_SPACE}]*(?=\n|$)"
)
"""A dash and a name closing the paragraph after a quotation, or making up the next one
(``"…" ― Ann Bell``): the quotation's signature, as under a pull quote or a reader's comment."""

HEADLINE_SOURCE = re.compile(
    r"(?P<source>[A-Z][\w.’'\-]*(?:[ \t]+[A-Z][\w.’'\-]*){0,2})"
    r"(?:(?P<colon>:)|[ \t]+(?P<cue>Says))[ \t]+(?P<content>\S[^\n]*?)[ \t.]*$"
)
"""A title naming its source (``Graham: Trump's Rhetoric Is Hurting Us``, ``Bell Says Plan
Will Fail``): read only in the article's first line when no region marks it a headline."""

NOT_A_HEADLINE_SOURCE = _words(
    """
    the breaking revealed exclusive watch look update latest analysis opinion video photos live
    poll report byline paid boom just new why how what
    """
)
"""Words that make a title's ``X:`` a rubric, not a source."""

ADDING = re.compile(r",\s*(?:(?:and|then|before|after|while)\s+)?(?P<cue>\w+ing)\s*[,:]?\s*$")
"""After an attributed quotation, an ``-ing`` cue opening the next one (``"A," he said,
adding, "B."``): a second record with the same speaker and its own cue."""

CATENATIVE = re.compile(
    r"(?:\s+(?:was|were|is|are|be|been|being|has|have|had|will|would))*\s+[a-z]+(?:\s+on)?\s+to\s*$"
)
"""A verb and ``to`` before a reporting verb (``began to chant``, ``went on to say``, ``was
prompted to say``): not part of the subject."""

ADVERBIAL_LEADS = _words(
    """
    in on at during after before last this next earlier late early yesterday today tonight again
    also then later however separately privately publicly repeatedly recently previously monday
    tuesday wednesday thursday friday saturday sunday
    """
)
"""Words that open an adverbial between a reporting verb and ``that`` (``said on Friday
that``)."""

NOT_A_SUBJECT = (
    FUNCTION_WORDS | ADVERBIAL_LEADS | _words("with without once partial full here there")
)
"""Words opening a sentence before a colon that make its first words no source (``Partial
transcript as follows:``, ``With Democratic leaders worried, …``)."""

DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
SUBJECT_TIME = re.compile(
    rf"\s+(?:(?:last|this|next|earlier this|late last|early this)\s+(?:week|weekend|month|year|"
    rf"{DAYS})|on\s+{DAYS}|yesterday|today)(?:\s+(?:in|at)\s+[A-Z][\w\-]*)?$"
)
"""A time adverbial (and place) ending a subject: ``the powers last month in Prague`` is
``the powers``."""
