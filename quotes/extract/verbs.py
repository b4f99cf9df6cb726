"""The reporting-verb table of the extractor's rules (data; the other rules are in :mod:`.rules`).

To teach the extractor a new reporting verb, add a :class:`Verb` to :data:`VERBS`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ADDRESSEE_VERBS",
    "AFTER_ONLY",
    "CUE_VERBS",
    "GERMAN_CUE_VERBS",
    "GERMAN_MARKERS",
    "GERMAN_SUBJUNCTIVE",
    "INFINITIVE",
    "NOUN_LIKE",
    "QUOTE_ONLY",
    "VERBS",
    "Verb",
]


@dataclass(frozen=True)
class Verb:
    """A reporting verb and how it may introduce speech."""

    forms: tuple[str, ...]
    """Every inflected form, irregular ones included (a phrasal verb keeps its particle)."""
    clause: bool = True
    """Reports a clause without quotation marks (``X said the plan failed``); when False the verb
    only introduces a quotation (``described it as "…"``)."""
    addressee: bool = False
    """Takes the person spoken to as its object (``told reporters``)."""
    infinitive: bool = False
    """Reports an intention as a ``to``-infinitive (``threatened to withdraw``)."""
    after_only: bool = False
    """A cue only next to a quotation (``"…," she continued``, ``he continued, "…"``):
    elsewhere the verb is too often not speech (``will continue its policy``)."""
    noun_forms: tuple[str, ...] = ()
    """Forms that are also nouns (``claims``, ``home state``) or mostly not speech (``add up``):
    a cue without quotation marks only when ``that`` follows."""


def _v(forms: str, **flags: bool | tuple[str, ...]) -> Verb:
    split = forms.split("|") if "|" in forms else forms.split()
    return Verb(tuple(split), **flags)  # type: ignore[arg-type]


VERBS: dict[str, Verb] = {
    "say": _v("say says said saying"),
    "tell": _v("tell tells told telling", addressee=True),
    "add": _v("add adds added adding"),
    "state": _v("state states stated stating", noun_forms=("states", "state")),
    "claim": _v("claim claims claimed claiming", noun_forms=("claims",)),
    "argue": _v("argue argues argued arguing"),
    "insist": _v("insist insists insisted insisting"),
    "warn": _v("warn warns warned warning"),
    "note": _v("note notes noted noting", noun_forms=("notes",)),
    "explain": _v("explain explains explained explaining"),
    "announce": _v("announce announces announced announcing"),
    "declare": _v("declare declares declared declaring"),
    "assert": _v("assert asserts asserted asserting"),
    "acknowledge": _v("acknowledge acknowledges acknowledged acknowledging"),
    "admit": _v("admit admits admitted admitting"),
    "comment": _v("comment comments commented commenting", noun_forms=("comments",)),
    "reply": _v("reply replies replied replying", noun_forms=("replies",)),
    "respond": _v("respond responds responded responding", clause=False),
    "answer": _v("answer answers answered answering", clause=False, noun_forms=("answers",)),
    "write": _v("write writes wrote written writing"),
    "ask": _v("ask asks asked asking"),
    "suggest": _v("suggest suggests suggested suggesting"),
    "stress": _v("stress stresses stressed stressing"),
    "emphasize": _v("emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised"),
    "recall": _v("recall recalls recalled recalling"),
    "predict": _v("predict predicts predicted predicting"),
    "confirm": _v("confirm confirms confirmed confirming"),
    "deny": _v("deny denies denied denying"),
    "complain": _v("complain complains complained complaining"),
    "conclude": _v("conclude concludes concluded concluding"),
    "observe": _v("observe observes observed observing"),
    "maintain": _v("maintain maintains maintained maintaining"),
    "contend": _v("contend contends contended contending"),
    "concede": _v("concede concedes conceded conceding"),
    "report": _v("report reports reported reporting", noun_forms=("reports", "report")),
    "describe": _v("describe describes described describing"),
    "quip": _v("quip quips quipped quipping"),
    "agree": _v("agree agrees agreed agreeing", infinitive=True),
    "promise": _v("promise promises promised promising", noun_forms=("promises",), infinitive=True),
    "vow": _v("vow vows vowed vowing", noun_forms=("vows",), infinitive=True),
    "threaten": _v("threaten threatens threatened threatening", infinitive=True),
    "pledge": _v(
        "pledge pledges pledged pledging", noun_forms=("pledges", "pledge"), infinitive=True
    ),
    "reiterate": _v("reiterate reiterates reiterated reiterating"),
    "caution": _v("caution cautions cautioned cautioning"),
    "allege": _v("allege alleges alleged alleging"),
    "testify": _v("testify testifies testified testifying"),
    "urge": _v("urge urges urged urging", noun_forms=("urges",), addressee=True, infinitive=True),
    "remark": _v("remark remarks remarked remarking", noun_forms=("remarks", "remark")),
    "point out": _v("point out|points out|pointed out|pointing out"),
    "tweet": _v("tweet tweets tweeted tweeting", noun_forms=("tweets", "tweet")),
    "charge": _v("charge charges charged charging", noun_forms=("charges", "charge")),
    "counter": _v("counter counters countered countering", noun_forms=("counter",)),
    "boast": _v("boast boasts boasted boasting"),
    "lament": _v("lament laments lamented lamenting"),
    "protest": _v("protest protests protested protesting", noun_forms=("protests", "protest")),
    "retort": _v("retort retorts retorted retorting"),
    "joke": _v("joke jokes joked joking", noun_forms=("jokes",)),
    "reveal": _v("reveal reveals revealed revealing"),
    "recount": _v("recount recounts recounted recounting"),
    "assure": _v("assure assures assured assuring", addressee=True),
    "remind": _v("remind reminds reminded reminding", addressee=True),
    "inform": _v("inform informs informed informing", addressee=True),
    "continue": _v("continue continues continued continuing", clause=False, after_only=True),
    "crack": _v("crack cracks cracked cracking", clause=False),
    "gloat": _v("gloat gloats gloated gloating", clause=False),
    "jeer": _v("jeer jeers jeered jeering", clause=False),
    "shout": _v("shout shouts shouted shouting", clause=False),
    "yell": _v("yell yells yelled yelling", clause=False),
    "scream": _v("scream screams screamed screaming", clause=False),
    "whisper": _v("whisper whispers whispered whispering", clause=False),
    "mutter": _v("mutter mutters muttered muttering", clause=False),
    "exclaim": _v("exclaim exclaims exclaimed exclaiming", clause=False),
    "chant": _v("chant chants chanted chanting", clause=False),
    "plead": _v("plead pleads pleaded pleading", clause=False),
    "snap": _v("snap snaps snapped snapping", clause=False),
    "scoff": _v("scoff scoffs scoffed scoffing", clause=False),
    "interject": _v("interject interjects interjected interjecting", clause=False),
    "shoot back": _v("shoot back|shoots back|shot back|shooting back", clause=False),
    "fire back": _v("fire back|fires back|fired back|firing back", clause=False),
    "call": _v("call calls called calling", clause=False, noun_forms=("calls",)),
    "label": _v("label labels labeled labelled labeling labelling", clause=False),
    "read": _v("read reads reading", clause=False, after_only=True),
    "beam": _v("beam beams beamed beaming", clause=False, after_only=True),
    "press": _v("press presses pressed pressing", clause=False, after_only=True),
    "react": _v("react reacts reacted reacting", clause=False, after_only=True),
    "post": _v("post posts posted posting", clause=False, after_only=True),
    "question": _v(
        "question questions questioned questioning",
        clause=False,
        after_only=True,
        noun_forms=("question", "questions"),
    ),
    "go on": _v("go on|goes on|went on|going on", clause=False, after_only=True),
    "echo": _v("echo echoes echoed echoing", clause=False, after_only=True),
    "sing": _v("sing sings sang singing", clause=False, after_only=True),
    "muse": _v("muse muses mused musing"),
    "surmise": _v("surmise surmises surmised surmising"),
    "wonder": _v("wonder wonders wondered wondering", noun_forms=("wonder",)),
    "blog": _v("blog blogs blogged blogging", noun_forms=("blog", "blogs")),
    "put it": _v("put it|puts it|putting it", clause=False),
    "bark": _v("bark barks barked barking", clause=False),
    "elaborate": _v("elaborate elaborates elaborated elaborating", clause=False),
    "estimate": _v("estimate estimates estimated estimating", noun_forms=("estimates", "estimate")),
    # Cognition, intention and findings, which PolNeAR annotates as attributions too. Left out
    # as measured on its train split (the span right, the source rarely): seem, appear, feel,
    # intend, plan, "expected" (mostly "is expected to") and "find" (mostly "to find").
    "believe": _v("believe believes believed believing"),
    "think": _v("think thinks thought thinking", noun_forms=("thought",)),
    "expect": _v("expect expects expecting", infinitive=True),
    "hope": _v("hope hopes hoped hoping", noun_forms=("hope", "hopes"), infinitive=True),
    "fear": _v("fear fears feared fearing", noun_forms=("fear", "fears")),
    "worry": _v("worry worries worried worrying", noun_forms=("worry", "worries")),
    "know": _v("know knows knew knowing"),
    "doubt": _v("doubt doubts doubted doubting", noun_forms=("doubts",)),
    "suspect": _v("suspect suspects suspected suspecting", noun_forms=("suspect", "suspects")),
    "realize": _v("realize realizes realized realizing realise realises realised"),
    "want": _v("want wants wanted wanting", infinitive=True),
    "refuse": _v("refuse refuses refused refusing", infinitive=True),
    "decline": _v("decline declines declined declining", infinitive=True),
    "show": _v("show shows showed shown showing"),
    "find": _v("finds found"),
    "indicate": _v("indicate indicates indicated indicating"),
    "demonstrate": _v("demonstrate demonstrates demonstrated demonstrating"),
    "determine": _v("determine determines determined determining"),
    "discover": _v("discover discovers discovered discovering"),
    # Intentions and speech acts with an infinitive or an object (PolNeAR train: most right).
    "call for": _v("call for|calls for|called for|calling for"),
    "offer": _v("offer offers offered", noun_forms=("offer", "offers"), infinitive=True),
    "refer to": _v("refer to|refers to|referred to|referring to"),
    "cite": _v("cite cites cited citing"),
    "seek": _v("seek seeks sought seeking", infinitive=True),
    "propose": _v("propose proposes proposed proposing", infinitive=True),
    "accuse": _v("accuse accuses accused accusing"),
}
"""The reporting verbs the rules know, by lemma."""

CUE_VERBS: frozenset[str] = frozenset(f for verb in VERBS.values() for f in verb.forms)
"""Every inflected form of the reporting verbs the rules know."""

QUOTE_ONLY = frozenset(f for v in VERBS.values() if not v.clause for f in v.forms)
NOUN_LIKE = frozenset(f for v in VERBS.values() for f in v.noun_forms)
ADDRESSEE_VERBS = frozenset(f for v in VERBS.values() if v.addressee for f in v.forms)
INFINITIVE = frozenset(f for v in VERBS.values() if v.infinitive for f in v.forms)
AFTER_ONLY = frozenset(f for v in VERBS.values() if v.after_only for f in v.forms)


# German, for the learned extractor's features (the rules read English only).


def _words(text: str) -> list[str]:
    return text.split()


_GERMAN_WEAK = _words(
    "sag erklär beton mein bericht teil füg kündig warn forder kritisier bestätig behaupt äußer "
    "frag antwort zitier glaub hoff befürcht fürcht vermut versicher verkünd erläuter bekräftig "
    "beklag mahn lob bezeichn kommentier dementier informier appellier ergänz bedauer bezweifel "
    "wünsch schätz argumentier begründ signalisier klag vernein rechtfertig beteuer spekulier "
    "entgegn erwider konter monier rüg plädier verteidig erinner verlang bilanzier prognostizier "
    "beschuldig räum zweifel bemerk beanstand bekenn"
)
"""Stems of weak German reporting verbs (``sag`` gives sage, sagt, sagte, sagten, sagen,
gesagt)."""

_GERMAN_STRONG = _words(
    "spricht sprach sprachen sprechen gesprochen schreibt schrieb schrieben schreiben geschrieben "
    "gibt gab gaben geben angegeben gegeben weist wies wiesen hingewiesen heißt hieß hießen "
    "nennt nannte nannten genannt denkt dachte dachten gedacht weiß wusste wussten ruft rief "
    "riefen gerufen verspricht versprach versprachen versprochen unterstrich unterstreicht "
    "unterstrichen bestreitet bestritt bestritten verweist verwies verwiesen lautet lautete "
    "eingeräumt wirft warf vorgeworfen sieht sah sahen"
)
"""Strong and irregular German reporting verbs, every form."""

_UNSTRESSED = ("be", "er", "ver", "zer", "ent", "emp", "miss", "ge")


def _weak_forms(stem: str) -> list[str]:
    """The finite forms and the participle of a weak German verb."""
    joint = "e" if stem.endswith(("t", "d", "chn", "gn")) else ""
    participle = stem + joint + "t"
    if not stem.startswith(_UNSTRESSED) and not stem.endswith("ier"):
        participle = "ge" + participle
    endings = ("e", "en", "st", "t", "te", "ten", "test")
    return [stem + (joint if end.startswith(("t", "s")) else "") + end for end in endings] + [
        participle
    ]


GERMAN_CUE_VERBS: frozenset[str] = frozenset(
    [f for stem in _GERMAN_WEAK for f in _weak_forms(stem)] + _GERMAN_STRONG
)
"""Every form of the German reporting verbs the learned extractor's features know (lower case)."""

GERMAN_MARKERS: frozenset[str] = frozenset(
    _words(
        "so laut zufolge gemäß angaben ansicht meinung aussage aussagen worten auffassung "
        "einschätzung zitiert sprecher sprecherin mitteilung erklärung"
    )
)
"""German words that mark an attribution without a reporting verb (``so X``, ``laut X``,
``X zufolge``, ``nach Angaben von X``), or name who speaks (lower case)."""

GERMAN_SUBJUNCTIVE: frozenset[str] = frozenset(
    _words(
        "sei seien seist habe hätte hätten werde würde würden wäre wären könne könnte könnten "
        "müsse müssten solle wolle dürfe gebe liege stehe gehe komme bleibe wisse brauche lasse "
        "gelte fehle zeige handle trage mache"
    )
)
"""German subjunctive forms (Konjunktiv I and the common II), the mark of reported speech
(lower case)."""
