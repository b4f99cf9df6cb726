# ruff: noqa: E501, RUF001, RUF003  (the verbatim text needs its curly quotes and dashes)
"""The human-readable source of every record in ``quotes/data/``.

Everything here is written by hand, by reading the articles (see ``ANNOTATION.md`` for the rules).
Nothing here is an offset: ``curation/build.py`` finds every string in the article text, fails
loudly when one is absent or ambiguous, and computes the offsets.

How a stretch of text is located (a *locator*):

* ``"some text"``: the string must occur exactly once in the article;
* ``("text", 2)``: the third (0-based index 2) occurrence of ``text`` in the article;
* ``("text", "a longer context containing text")``: the context must occur exactly once in the
  article and contain ``text`` exactly once; ``text`` is taken inside it. Used for short mentions
  and cues such as ``"he"`` or ``"said"``.

Regions are a locator, or ``(first, last)`` (both locators, written as a dict
``{"from": ..., "to": ...}``): the region runs from the start of ``first`` to the end of the first
occurrence of ``last`` at or after ``first``.
"""

from __future__ import annotations

from typing import Any

# --------------------------------------------------------------------------------------------
# Rights
# --------------------------------------------------------------------------------------------

_RIGHTS = (
    "The text is copyright {holder}; all rights stay with the publisher. It is included "
    "verbatim and unmodified, solely as the evidence against which the annotations can be "
    "checked, for non-commercial research (text and data mining) under fair use and the "
    "quotation and text-and-data-mining exceptions to copyright. The text is not covered by the "
    "CC BY 4.0 licence of the annotations."
)

# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------

ARTICLES: dict[str, dict[str, Any]] = {
    "000": {
        "file": "000_49a0f48f2e7f7fe1.txt",
        "title": "NATO Calls Defense Proposals Interesting but Vague",
        "outlet": "The Moscow Times",
        "outlet_confidence": "verified",
        "outlet_evidence": (
            "The text matches The Moscow Times archive page word for word (PROVENANCE.md: "
            "verified); the headline is verified on the same page."
        ),
        "url": (
            "http://oldtmt.vedomosti.ru/sitemap/free/2001/2/article/"
            "nato-calls-defense-proposals-interesting-but-vague/255045.html"
        ),
        "wire": "Associated Press",
        "wire_confidence": "inferred",
        "wire_evidence": (
            "Inferred (PROVENANCE.md): the dateline style 'BRUSSELS, Belgium —' is AP's, and the "
            "neighbouring archive item is an AP story. Not credited in the text."
        ),
        "byline": None,
        "published": "2001-02-23",
        "published_precision": "day",
        "published_confidence": "inferred",
        "published_evidence": (
            "Month verified: the archive path is 2001/2 (February 2001). Day inferred "
            "(PROVENANCE.md): Sergeyev handed the proposals to Robertson on Tuesday 2001-02-20, the "
            "officials spoke 'Thursday' (2001-02-22), the same wire text ran in a US paper dated "
            "Friday 2001-02-23, and the neighbouring archive item is from the same issue. The "
            "'Last Updated: 07/27/2016' line belongs to the archive mirror and is not a "
            "publication date."
        ),
        "rights": _RIGHTS.format(
            holder="The Moscow Times (wire text, probably The Associated Press)"
        ),
        "regions": [
            ("furniture", "Get the latest updates as we post them — right on your browser"),
            ("furniture", ". Last Updated: 07/27/2016"),
            ("headline", "NATO Calls Defense Proposals Interesting but Vague"),
            ("dateline", "BRUSSELS, Belgium —"),
        ],
        "corrections": [],
    },
    "001": {
        "file": "001_275f2e75e1c3b447.txt",
        "title": "No Fast Pact Seen After NATO Call",
        "outlet": "The Moscow Times",
        "outlet_confidence": "verified",
        "outlet_evidence": (
            "The Moscow Times page (PROVENANCE.md: verified), republishing Reuters; the headline "
            "is verified on the same page."
        ),
        "url": "http://themoscowtimes.com/news/article/383662.html",
        "wire": "Reuters",
        "wire_confidence": "inferred",
        "wire_evidence": (
            "The original page credits Reuters (verified, PROVENANCE.md); the credit stands with "
            "the factbox, so that it covers the main text as well is inferred."
        ),
        "byline": None,
        "published": "2009-09-21",
        "published_precision": "day",
        "published_confidence": "inferred",
        "published_evidence": (
            "Month verified: the archive path puts the article in September 2009. Day inferred "
            "(PROVENANCE.md): 'Friday's proposal' is Rasmussen's speech of Friday 2009-09-18, and "
            "the article numbering puts it about a week before a 2009-09-25 story. The "
            "'Last Updated: 07/27/2016' line belongs to the archive mirror and is not a "
            "publication date."
        ),
        "rights": _RIGHTS.format(holder="The Moscow Times and Reuters"),
        "regions": [
            ("furniture", "Get the latest updates as we post them — right on your browser"),
            ("furniture", ". Last Updated: 07/27/2016"),
            ("headline", "No Fast Pact Seen After NATO Call"),
            ("dateline", "LONDON —"),
            (
                "sidebar",
                {
                    "from": "NATO's Proposals to Boost Ties with Russia",
                    "to": "security interests should be taken into account.",
                },
            ),
        ],
        # One Correction per mis-decoded character (each is one code point, so offsets stay
        # valid). "ì"/"î" stand for the curly quotes “ ”, "í" for the apostrophe ’.
        "corrections": [
            (("í", "Rasmussenís"), "’"),
            (("ì", "ìopen doorî"), "“"),
            (("î", "ìopen doorî"), "”"),
            (("í", "Russiaís"), "’"),
        ],
    },
    "002": {
        "file": "002_bdc9815c2310340a.txt",
        "title": None,
        "outlet": "NATO Watch",
        "outlet_confidence": "verified",
        "outlet_evidence": (
            "A NATO Watch 'News Brief': the text is identical to http://natowatch.org/node/453 "
            "(PROVENANCE.md: verified). NATO Watch is an independent NATO-monitoring organisation. "
            "The page and the seed start with the body text, so the headline is unknown."
        ),
        "url": "http://natowatch.org/node/453",
        "wire": "Agence France-Presse (AFP) and ISN",
        "wire_confidence": "verified",
        "wire_evidence": (
            "A compilation that reuses AFP text (26 Jan 2011) and ISN text (25 Jan 2011) nearly "
            "verbatim (PROVENANCE.md: verified)."
        ),
        "byline": None,
        "published": "2011-01-26",
        "published_precision": "day",
        "published_confidence": "inferred",
        "published_evidence": (
            "Inferred (strong, PROVENANCE.md): the 'talks today in Brussels' are the NATO-Russia "
            "Council chiefs-of-defence meeting with Gen. Makarov of Wednesday 2011-01-26, and a "
            "later NATO Watch brief cites this one as 'News Brief, 26 January'."
        ),
        "rights": _RIGHTS.format(
            holder="NATO Watch (reusing text of Agence France-Presse and ISN)"
        ),
        "regions": [],
        "corrections": [
            (
                "NATO'sActive",
                "NATO's Active",
                "Missing space, as published (PROVENANCE.md); not a decoding error.",
            ),
        ],
    },
    "003": {
        "file": "003_0c8d9f83576395f4.txt",
        "title": "Russia: NATO, Moscow To Discuss U.S. Missile Defense",
        "outlet": "Radio Free Europe/Radio Liberty (RFE/RL)",
        "outlet_confidence": "verified",
        "outlet_evidence": (
            "https://www.rferl.org/a/1075945.html (PROVENANCE.md: verified); the dateline also "
            "states '(RFE/RL)'."
        ),
        "url": "https://www.rferl.org/a/1075945.html",
        "wire": None,
        "wire_confidence": None,
        "wire_evidence": (
            "Original reporting, not a wire text: sources 'told RFE/RL' (PROVENANCE.md: verified)."
        ),
        "byline": None,
        "published": "2007-04-18",
        "published_precision": "day",
        "published_confidence": "stated",
        "published_evidence": (
            "Stated in the dateline 'April 18, 2007 (RFE/RL)'; also verified on the original page "
            "(PROVENANCE.md)."
        ),
        "rights": _RIGHTS.format(holder="Radio Free Europe/Radio Liberty (RFE/RL)"),
        "regions": [
            ("furniture", ("Accessibility links", 0)),
            ("furniture", ("Breaking News", 0)),
            ("headline", "Russia: NATO, Moscow To Discuss U.S. Missile Defense"),
            ("caption", "Are Russian missiles the real reason for the missile shield? (ITAR-TASS)"),
            ("dateline", "April 18, 2007 (RFE/RL) --"),
            ("headline", "Seeing Different Threats"),
            ("headline", "Russians' Offense"),
            (
                "sidebar",
                {
                    "from": ("The Proliferation Threat", 0),
                    "to": "friendly countries like India and Japan.",
                },
            ),
            (
                "furniture",
                "Listen to the entire briefing (about 90 minutes):\nReal Audio Windows Media",
            ),
            (
                "furniture",
                {
                    "from": "Iran, North Korea Present Proliferation Challenges",
                    "to": "Why Shouldn't Pyongyang Join Nuclear Club?",
                },
            ),
            (
                "furniture",
                {"from": "RFE/RL has been declared", "to": "To find out more, click here."},
            ),
        ],
        "corrections": [],
    },
    "004": {
        "file": "004_9d47adbaa610f9ea.txt",
        "title": "NATO, Russia to jointly run missile defense shield?",
        "outlet": "United Press International (UPI)",
        "outlet_confidence": "verified",
        "outlet_evidence": (
            "The UPI page (PROVENANCE.md: verified); the dateline also states '(UPI)'."
        ),
        "url": (
            "https://www.upi.com/Top_News/Special/2010/04/20/"
            "NATO-Russia-to-jointly-run-missile-defense-shield/UPI-92271271796599/"
        ),
        "wire": "United Press International (UPI)",
        "wire_confidence": "stated",
        "wire_evidence": (
            "The dateline 'BRUSSELS, April 20 (UPI) --' credits UPI, a news agency that is also the "
            "outlet; no other agency is credited."
        ),
        "byline": None,
        "published": "2010-04-20",
        "published_precision": "day",
        "published_confidence": "stated",
        "published_evidence": (
            "Stated in the text: 'April 20, 2010 at 4:49 PM' and 'BRUSSELS, April 20 (UPI)'; "
            "verified on the original page (PROVENANCE.md)."
        ),
        "rights": _RIGHTS.format(holder="United Press International (UPI)"),
        "regions": [
            ("headline", "NATO, Russia to jointly run missile defense shield?"),
            ("dateline", "April 20, 2010 at 4:49 PM"),
            ("furniture", "share with facebook\nshare with twitter"),
            ("dateline", "BRUSSELS, April 20 (UPI) --"),
            ("furniture", "Related UPI Stories\nLatest Headlines\nTrending Stories"),
        ],
        "corrections": [],
    },
}

_MISDECODED = (
    "Mis-decoded character in the factbox as published (an encoding error of the source page): "
    "{shown!r} stands for {meant!r} (PROVENANCE.md)."
)
for _i, (_loc, _meant) in enumerate(ARTICLES["001"]["corrections"]):
    ARTICLES["001"]["corrections"][_i] = (
        _loc,
        _meant,
        _MISDECODED.format(shown=_loc[0], meant=_meant),
    )

# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


def person(name: str, description: str, wikidata: str | None = None) -> dict[str, Any]:
    """A named person (role at the time in ``description``)."""
    return {
        "name": name,
        "description": description,
        "type": "person",
        "members": [],
        "wikidata": wikidata,
    }


def anonymous(description: str) -> dict[str, Any]:
    return {
        "name": None,
        "description": description,
        "type": "anonymous",
        "members": [],
        "wikidata": None,
    }


def group(description: str, members: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": None,
        "description": description,
        "type": "group",
        "members": list(members or []),
        "wikidata": None,
    }


def organization(name: str | None, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "type": "organization",
        "members": [],
        "wikidata": None,
    }


RASMUSSEN_SG = person("Anders Fogh Rasmussen", "NATO Secretary-General")
APPATHURAI = person("James Appathurai", "NATO spokesman")
KOSACHYOV = person(
    "Konstantin Kosachyov", "chairman of the Russian State Duma's Foreign Affairs Committee"
)
MEDVEDEV = person("Dmitry Medvedev", "President of Russia", "Q23530")
PUTIN_2007 = person("Vladimir Putin", "President of Russia", "Q7747")
PUTIN_2000 = PUTIN_2007
OBAMA = person("Barack Obama", "President of the United States", "Q76")
ROGOZIN = person("Dmitry Rogozin", "Russia's ambassador (permanent representative) to NATO")
NAGORSKI = person("Andrew Nagorski", "director of public policy at the East-West Institute")
EYAL = person("Jonathan Eyal", "defense expert at London's Royal United Services Institute")
ELLEMAN = person(
    "Michael Elleman",
    "U.S.-based visiting senior fellow for missile defense at Britain's International Institute "
    "for Strategic Studies",
)
SOKOLSKI = person(
    "Henry Sokolski", "executive director of the Nonproliferation Policy Education Center"
)

RUSSIA_STATE = "the Russian state (its government) speaking as such"
US_STATE = "the United States (its government) speaking as such"

# --------------------------------------------------------------------------------------------
# Quotes, article by article, in reading order
# --------------------------------------------------------------------------------------------
# Keys: article, kind, segments (list of locators), speaker (dict from the helpers above plus
# "mention" (locator) and "evidence"), cue (locator), addressee, via, uttered
# ((date, precision, confidence, evidence) or None), region, note (optional: why a borderline call went the
# way it did; copied into ANNOTATION.md).


def q(
    article: str,
    kind: str,
    segments: list[Any],
    speaker: dict[str, Any],
    mention: Any,
    evidence: str,
    cue: Any,
    *,
    addressee: str | None = None,
    via: str | None = None,
    uttered: tuple[str, str, str, str] | None = None,
    region: str = "body",
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "article": article,
        "kind": kind,
        "segments": segments,
        "speaker": {**speaker, "mention": mention, "evidence": evidence},
        "cue": cue,
        "addressee": addressee,
        "via": via,
        "uttered": uttered,
        "region": region,
        "note": note,
    }


QUOTES: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- 000 (The Moscow Times/AP)
    q(
        "000",
        "indirect",
        [
            "broad, lacking any mention of a specific missile system, but enough to start serious "
            "discussions"
        ],
        group("NATO officials (unnamed)"),
        ("NATO officials", "NATO officials getting their first close look"),
        "Unnamed plural source: 'NATO officials' in the same sentence.",
        "characterized",
        uttered=(
            "2001-02-22",
            "day",
            "inferred",
            "The text says the officials spoke 'Thursday'. Inferred: the proposals were handed "
            "over on Tuesday 2001-02-20 (PROVENANCE.md), so that Thursday is 2001-02-22 (the "
            "article itself is dated, by inference, Friday 2001-02-23).",
        ),
        note="'characterized them Thursday as X' is reported speech (a characterisation of the "
        "proposals); the reported content is the complement of 'as'; the object pronoun "
        "'them' and the time adverb 'Thursday' stand between cue and content and belong to "
        "neither.",
    ),
    q(
        "000",
        "indirect",
        [
            "sidetracking Washington's plans for a national missile defense program in favor of a "
            "joint system for Europe"
        ],
        PUTIN_2000,
        "President Vladimir Putin",
        "Named in full in the sentence; President of Russia since May 2000 (the text: 'President "
        "Vladimir Putin'; PROVENANCE.md: President in 2001); Wikidata from PROVENANCE.md.",
        "proposed",
        uttered=(
            "2000-06-01",
            "month",
            "verified",
            "PROVENANCE.md: Putin's first proposal of a joint European system was made in early "
            "June 2000; the text agrees ('eight months' before the handover of 2001-02-20). "
            "Day not established, so month precision.",
        ),
        note="'first proposed sidetracking ...' reports a proposal (a speech act with its content "
        "as a gerund phrase), so an indirect record, although PROVENANCE.md lists Putin as "
        "'mentioned, not quoted' (true of direct quotation: he has no quoted words). The "
        "adverb 'first' is not part of the cue.",
    ),
    q(
        "000",
        "indirect",
        [
            "they are willing to provide the European allies and Canada with the same technology, "
            "if they want it"
        ],
        organization("United States", US_STATE + " ('The Americans')"),
        "The Americans",
        "'The Americans' here is the US side in the missile-defence dispute (the preceding "
        "sentence is about what 'The United States wants'), i.e. the state speaking as such.",
        ("say", "The Americans say"),
        note="'The Americans say' is typed organization (the United States as a state), not group: "
        "the sentence reports a US policy offer, not the views of a set of people.",
    ),
    q(
        "000",
        "direct",
        [
            "They are certainly substantial enough to start discussions,",
            "But we still would characterize them as very broad. We would need to see a lot more.",
        ],
        anonymous("NATO official, speaking on condition he not be identified"),
        "a NATO official",
        "Unnamed source: 'a NATO official, speaking on condition he not be identified'.",
        ("said", 'discussions," said a NATO official'),
        note="The official's words are not dated: the lead says officials spoke 'Thursday', but the "
        "text does not tie these particular words to that day, so 'uttered' is null.",
    ),
    q(
        "000",
        "indirect",
        ["it's a phased approach"],
        group("NATO officials (unnamed)"),
        ("they", "they say it's a phased approach"),
        "'they' refers to 'NATO officials' at the start of the same sentence pair ('NATO officials "
        "are reluctant to reveal details ...').",
        ("say", "they say it's a phased approach"),
    ),
    q(
        "000",
        "direct",
        [
            "They put a high degree of emphasis on joint development and deployment,",
            "There is no specific mention of any system.",
        ],
        anonymous("NATO official, speaking on condition he not be identified"),
        "the NATO official",
        "'the NATO official' is the unnamed official introduced earlier ('a NATO official, "
        "speaking on condition he not be identified').",
        ("said", '" said the NATO official'),
    ),
    # ------------------------------------------------------- 001 (The Moscow Times/Reuters)
    q(
        "001",
        "indirect",
        ["the idea is unlikely to go beyond a limited exchange of early warning data"],
        group("some experts (unnamed)"),
        "some experts",
        "Unnamed plural source: 'some experts'.",
        ("say", "some experts say"),
    ),
    # Factbox (sidebar)
    q(
        "001",
        "indirect",
        [
            "he hoped the various missile systems would be integrated but that he would leave the "
            "technical aspects to experts"
        ],
        RASMUSSEN_SG,
        ("Rasmussen", "Rasmussen gave few details"),
        "'Rasmussen' is 'NATO Secretary-General Anders Fogh Rasmussen' named at the top of the "
        "factbox; role from the text (and PROVENANCE.md).",
        "saying",
        uttered=(
            "2009-09-18",
            "day",
            "inferred",
            "Inferred: the factbox presents 'Rasmussen's proposals Friday', and PROVENANCE.md "
            "dates his speech proposing to link the missile defences to Friday 2009-09-18; "
            "these remarks ('gave few details, saying ...') accompany that proposal.",
        ),
        region="sidebar",
        note="Factbox: the bullet points themselves (imperative summaries of the proposals, "
        "introduced by the noun 'proposals', not by a reporting verb) are not records; only "
        "the clauses with a reporting verb inside them are.",
    ),
    q(
        "001",
        "indirect",
        ["could lead to the production of an atomic bomb"],
        group("the West (Western governments)"),
        ("the West", "the West says could lead"),
        "'the West' is several states speaking jointly, typed group (no individual members named).",
        ("says", "the West says could lead"),
        region="sidebar",
        note="'nuclear technology that the West says could lead to ...': the reported clause is a "
        "relative clause whose subject ('that' = the nuclear technology) has been extracted; "
        "the span is the remaining predicate. 'the West' is typed group (several states), not "
        "organization (no single state or institution).",
    ),
    q(
        "001",
        "indirect",
        [
            "many experts believed the world could be on the tipping point of nuclear proliferation "
            "because if North Korea continues to have nuclear bombs and Iran develops one, neighbors "
            "may want to build such weapons, too"
        ],
        RASMUSSEN_SG,
        ("Rasmussen", "Rasmussen said many experts"),
        "'Rasmussen' is 'NATO Secretary-General Anders Fogh Rasmussen' named at the top of the "
        "factbox; role from the text.",
        ("said", "Rasmussen said many experts"),
        uttered=(
            "2009-09-18",
            "day",
            "inferred",
            "Inferred: the factbox presents 'Rasmussen's proposals Friday', and PROVENANCE.md "
            "dates his speech to Friday 2009-09-18; the remark is given as part of those "
            "proposals.",
        ),
        region="sidebar",
        note="'many experts believed ...' is Rasmussen's report of experts' beliefs (a mental "
        "state, inside his own words), so it is not a second record for 'many experts'.",
    ),
    # Body
    q(
        "001",
        "mixed",
        ["the realm of possibility,"],
        NAGORSKI,
        "Andrew Nagorski",
        "Named in the attribution; role as the article gives it ('director of public policy at "
        "the East-West Institute'; PROVENANCE.md: Vice President and Director of Public Policy, "
        "EastWest Institute).",
        ("said", "\u201d said Andrew Nagorski"),
    ),
    q(
        "001",
        "indirect",
        [
            "making the notion a reality would require resolving a long list of military, diplomatic "
            "and technical questions that will likely take years, even in the favorable conditions of "
            "a diplomatic thaw between Moscow and the West"
        ],
        group("analysts (unnamed)"),
        "analysts",
        "Unnamed plural source: 'analysts'.",
        ("say", "analysts say"),
        note="Parenthetical attribution after the content ('..., analysts say.'): the span starts "
        "after the sentence connective 'But', which belongs to the writer.",
    ),
    q(
        "001",
        "direct",
        ["We are years away. It’s like a discussion of what we’ll do once we land a man on Mars,"],
        EYAL,
        ("Jonathan Eyal", "said Jonathan Eyal"),
        "Named in the attribution; role as the article gives it (PROVENANCE.md: Director of "
        "Studies, Royal United Services Institute, London).",
        ("said", "\u201d said Jonathan Eyal"),
    ),
    q(
        "001",
        "indirect",
        [
            "work on missile cooperation would likely focus on early warning radar information "
            "exchange"
        ],
        ELLEMAN,
        ("Michael Elleman", "Michael Elleman, a U.S.-based"),
        "Named in the attribution; role from the appositive in the same sentence.",
        ("said", "said work on missile cooperation"),
    ),
    q(
        "001",
        "direct",
        ["If you want to go beyond that, it gets really tricky,"],
        ELLEMAN,
        ("Elleman", "\u201d Elleman said"),
        "'Elleman' is Michael Elleman, named in full in the preceding paragraph.",
        ("said", "\u201d Elleman said"),
    ),
    q(
        "001",
        "indirect",
        [
            "work could only meaningfully start once Washington had executed a revamped U.S. missile "
            "shield system for Europe that would replace the plans that had so alarmed Moscow"
        ],
        EYAL,
        ("Eyal", "Eyal said work could"),
        "'Eyal' is Jonathan Eyal, named in full earlier in the article.",
        ("said", "Eyal said work could"),
    ),
    q(
        "001",
        "direct",
        [
            "There isn’t even a consensus in Europe or even in NATO over what that system should be, "
            "what technology it would apply and how extensive it would be,",
            "All you have is a tentative American decision unilaterally taken in the hope that the "
            "Europeans will follow. They will, I think, follow, but it’s not obvious. And only when "
            "that decision is taken can you talk about plugging the Russians into this.",
        ],
        EYAL,
        ("Eyal", "\u201d Eyal said. \u201cAll"),
        "'Eyal' is Jonathan Eyal, named in full earlier in the article.",
        ("said", "\u201d Eyal said. \u201cAll"),
    ),
    # ---------------------------------------------------------------- 002 (NATO Watch)
    q(
        "002",
        "mixed",
        ["of the future framework for missile defence cooperation"],
        group(
            "NATO and Russia (the two sides at the Lisbon summit, in the NATO-Russia Council)",
            ["NATO", "Russia"],
        ),
        "the two sides",
        "'the two sides' are NATO and Russia, meeting at 'last November's Lisbon summit'; a joint "
        "statement by two parties, typed group, with the two parties as members.",
        ("agreed", "the two sides agreed"),
        uttered=(
            "2010-11-01",
            "month",
            "verified",
            "The text: 'last November's Lisbon summit' (article of 2011-01-26, inferred); "
            "PROVENANCE.md dates the Lisbon summit 2010-11-19/20. The day of the joint "
            "statement is not established, so month precision.",
        ),
        note="'agreed to undertake a joint analysis \"of ...\"' quotes the wording of the Lisbon "
        "joint statement: a joint agreement is a speech act, and the marked words are the "
        "parties' own, so mixed.",
    ),
    q(
        "002",
        "mixed",
        [
            "analyze the ballistic missile challenges of the 21st century and to prepare appropriate "
            "recommendations"
        ],
        group(
            "President of the United States and President of Russia",
            ["Barack Obama", "Dmitry Medvedev"],
        ),
        "US President Barack Obama and Medvedev",
        "Joint speakers named in the sentence: 'US President Barack Obama and Medvedev' (Medvedev "
        "is President Dmitry Medvedev, PROVENANCE.md); Wikidata ids are per person, so the group "
        "record has none.",
        ("agreed", "also agreed at their July 2009 summit"),
        uttered=(
            "2009-07-01",
            "month",
            "stated",
            "The text: 'at their July 2009 summit'; no day given.",
        ),
        note="Joint agreement quoted in its own words: mixed, with the two presidents as a group "
        "(members listed).",
    ),
    q(
        "002",
        "indirect",
        ["keeping two independent systems"],
        RASMUSSEN_SG,
        "NATO Secretary General Anders Fogh Rasmussen",
        "Named in full in the attribution; role from the text ('NATO Secretary General').",
        "insisting on",
        note="'insisting on keeping ...' reports a stated position (reporting verb 'insist'); the "
        "content is a gerund phrase, and the governed preposition 'on' belongs to the cue.",
    ),
    q(
        "002",
        "mixed",
        [("sectoral", 0)],
        organization("Russia", RUSSIA_STATE),
        ("Russia", "and Russia calling for"),
        "'Russia' as a party to the talks: the state speaking as such.",
        "calling for",
        note="'Russia calling for a \"sectoral\" system, in which ...' is reported speech (call for "
        '= demand) carrying one marked word. Adjudicated after the second pass: "sectoral" '
        "is Russia's own name for its proposal, quoted (used and mentioned) in the reporter's "
        "paraphrase, so the record is mixed and its span is the quoted word; the explanatory "
        "relative clause is the reporter's gloss. (The first pass had made it indirect, "
        "reading the marks as a label; see ANNOTATION.md, agreement.)",
    ),
    q(
        "002",
        "indirect",
        [
            "NATO would be looking into command and control issues and reporting back to defence "
            "ministers in March"
        ],
        RASMUSSEN_SG,
        ("Rasmussen", "Rasmussen said NATO would"),
        "'Rasmussen' is NATO Secretary General Anders Fogh Rasmussen, named in full in the "
        "preceding paragraph.",
        ("said", "Rasmussen said NATO would"),
        uttered=(
            "2011-01-01",
            "month",
            "inferred",
            "The text: 'at his monthly press briefing earlier this week', in an article of "
            "Wednesday 2011-01-26 (inferred): so 2011-01-24 or 2011-01-25; the day is not "
            "established, so month precision.",
        ),
        note="'at his monthly press briefing' is the occasion, not an addressee: no addressee.",
    ),
    q(
        "002",
        "indirect",
        ["they could undermine its own nuclear deterrent"],
        organization("Russia", RUSSIA_STATE + " ('Moscow')"),
        ("Moscow", "Moscow has long been wary"),
        "'Moscow' stands for the Russian state (metonymy).",
        "asserting",
    ),
    q(
        "002",
        "indirect",
        [
            "it would withdraw from any missile defence deal if it does not think it is being treated "
            "as an equal partner and would instead move to expand its nuclear arsenal"
        ],
        MEDVEDEV,
        "President Dmitry Medvedev",
        "Named in full in the attribution; role from the text and PROVENANCE.md (President of "
        "Russia 2008–2012); Wikidata from PROVENANCE.md.",
        "has warned",
    ),
    q(
        "002",
        "direct",
        [
            "Our partners have to understand that we do not want this simply to have some common toys "
            "that NATO and us can play with, but because we want adequate protection for Russia,"
        ],
        MEDVEDEV,
        ("Medvedev", "Medvedev said in televised"),
        "'Medvedev' is President Dmitry Medvedev, named in full in the preceding sentence.",
        ("said", "Medvedev said in televised"),
        note="Relayed second-hand (PROVENANCE.md: the compilation reuses AFP text) but the article "
        "names no source outlet for these words, so 'via' is null; the date of the televised "
        "remarks was not found, so 'uttered' is null.",
    ),
    q(
        "002",
        "direct",
        [
            "Russia has proposed not to create two different systems that would exchange information. "
            "This would not be a European missile defence shield but a system aimed at deterring "
            "Russia's nuclear potential under the guise of protection against Iranian missiles"
        ],
        ROGOZIN,
        "Moscow’s NATO envoy Ambassador Dmitry Rogozin",
        "Named in full in the attribution ('Moscow's NATO envoy Ambassador Dmitry Rogozin'); role "
        "from PROVENANCE.md (Russia's ambassador to NATO 2008–2011).",
        ("said", "Rogozin said"),
        uttered=(
            "2011-01-01",
            "month",
            "inferred",
            "The text: 'Earlier in January', in an article of 2011-01-26 (inferred); the exact "
            "day was not found (PROVENANCE.md), so month precision.",
        ),
        note="'said \"...\"' with no complementizer and the whole report inside the marks: direct.",
    ),
    q(
        "002",
        "indirect",
        [
            "it needs commitments from the US and NATO that the planned missile defences will not "
            "target its strategic nuclear forces"
        ],
        organization("Russia", RUSSIA_STATE),
        ("Russia", "Russia insists"),
        "'Russia' speaking as a state.",
        "insists",
    ),
    q(
        "002",
        "mixed",
        ["solidarity"],
        RASMUSSEN_SG,
        ("Rasmussen", "Rasmussen, who has championed"),
        "'Rasmussen' is NATO Secretary General Anders Fogh Rasmussen, named in full earlier.",
        ("offered", "offered the Alliance"),
        uttered=(
            "2011-01-01",
            "month",
            "inferred",
            "After the Domodedovo airport bombing (Monday 2011-01-24) and 'ahead of the NRC "
            "meeting' (2011-01-26), both dated in PROVENANCE.md; the day is not established, "
            "so month precision.",
        ),
        note="'offered the Alliance's \"solidarity\"': the marked word is Rasmussen's own (it fails "
        "the 'so-called' test), so mixed with the fragment as the only span.",
    ),
    # ---------------------------------------------------------------- 003 (RFE/RL)
    q(
        "003",
        "indirect",
        ["no major breakthrough should be expected at the talks"],
        APPATHURAI,
        "NATO spokesman James Appathurai",
        "Named in full in the attribution; role from the text ('NATO spokesman').",
        ("said", "Appathurai said that"),
        note="No addressee: 'told RFE/RL' in the next sentence attaches to the direct quote only.",
    ),
    q(
        "003",
        "direct",
        [
            "This shouldn't be seen as a decision-making meeting, nor is anyone seeking a "
            "breakthrough. This is an opportunity to have a discussion about missile defense, both "
            "the U.S. plans and the NATO efforts to develop missile defense,"
        ],
        APPATHURAI,
        ("he", "he told RFE/RL"),
        "'he' refers to James Appathurai, named in the preceding sentence; role from the text.",
        ("told RFE/RL", "he told RFE/RL"),
        addressee="RFE/RL",
    ),
    q(
        "003",
        "direct",
        [
            "So it's an open and free discussion, an opportunity to exchange views -- but also, if "
            "possible, to break down any misconceptions and mistrust that might have built up over "
            "the issue of missile defense,"
        ],
        APPATHURAI,
        ("Appathurai", "Appathurai added"),
        "'Appathurai' is James Appathurai, named in full two sentences earlier.",
        ("added", "Appathurai added"),
        note="A new attribution ('Appathurai added') makes a new record; it probably continues the "
        "RFE/RL interview, but the sentence does not say so, so no addressee.",
    ),
    q(
        "003",
        "mixed",
        ["rogue"],
        organization("United States", US_STATE + " ('Washington')"),
        ("Washington", "Washington insists"),
        "'Washington' stands for the US government (metonymy).",
        "insists",
        note='Adjudicated after the second pass: "rogue" (states) is Washington\'s own term, '
        "quoted inside the reporter's paraphrase of what Washington insists, so the record is "
        "mixed and its span is the quoted word. (The first pass had made the whole clause an "
        "indirect record, reading the marks as scare quotes.)",
    ),
    q(
        "003",
        "indirect",
        ["it poses a threat to Russia and disrupts global strategic balance"],
        organization("Russia", RUSSIA_STATE + " ('Moscow')"),
        ("Moscow", "But Moscow has angrily objected"),
        "'Moscow' stands for the Russian state (metonymy).",
        "saying",
        note="'Moscow has angrily objected to X, saying Y': one utterance, one record; the cue is "
        "the verb introducing the reported clause ('saying'); the objection ('objected to "
        "having parts of the shield stationed on its doorstep') is its frame, not a second "
        "record.",
    ),
    q(
        "003",
        "indirect",
        ["a new Cold War"],
        PUTIN_2007,
        "Russian President Vladimir Putin",
        "Named in full in the attribution; role from the text and PROVENANCE.md (President of "
        "Russia in 2007); Wikidata from PROVENANCE.md.",
        "has warned of",
        note="'has warned of X and has threatened to Y': two coordinated reporting predicates with "
        "different content are two speech acts, so two records sharing the subject mention; a "
        "governed preposition ('of') belongs to the cue.",
    ),
    q(
        "003",
        "indirect",
        ["to retaliate if the United States goes ahead with the project"],
        PUTIN_2007,
        "Russian President Vladimir Putin",
        "Named in full in the attribution (the subject of both coordinated predicates).",
        "has threatened",
    ),
    q(
        "003",
        "direct",
        [
            "We don't understand why the Iranian and North Korean threats must be countered on the "
            "territory of Poland and the Czech Republic -- and not, for example, in Turkey, which is "
            "also a NATO member and whose participation in this issue would be a lot more logical,"
        ],
        KOSACHYOV,
        "Konstantin Kosachyov",
        "Named in full in the attribution; role from the appositive ('the chairman of the Russian "
        "State Duma's Foreign Affairs Committee') and PROVENANCE.md.",
        ("told RFE/RL", "Foreign Affairs Committee, told RFE/RL"),
        addressee="RFE/RL",
    ),
    q(
        "003",
        "indirect",
        ["the U.S. shield would not be capable of intercepting Russian missiles"],
        group("military experts (unnamed)"),
        "Military experts",
        "Unnamed plural source: 'Military experts'.",
        ("say", "Military experts say"),
    ),
    q(
        "003",
        "indirect",
        ["the United States of failing to consult Moscow on its missile plans"],
        organization("Russia", RUSSIA_STATE + " ('Russian authorities')"),
        "Russian authorities",
        "'Russian authorities' speaking as such: the Russian state.",
        "accuse",
        note="'accuse A of B': the span is the whole complement (accused party and charge); the "
        "adverb 'also' is not part of the cue.",
    ),
    q(
        "003",
        "direct",
        [
            "We would like such dialogue to take place,",
            "We would like Russia to be at least informed, or even better, involved in global programs "
            "to counter new challenges and threats. But this is not happening. This is precisely why "
            "we have the impression that the real target of these missile-defense systems is not some "
            "third countries, but Russia.",
        ],
        KOSACHYOV,
        ("Kosachyov", "Kosachyov said"),
        "'Kosachyov' is Konstantin Kosachyov, named in full earlier in the article.",
        ("said", "Kosachyov said"),
    ),
    q(
        "003",
        "mixed",
        [("unfair", 0)],
        APPATHURAI,
        "NATO spokesman Appathurai",
        "'Appathurai' is James Appathurai, named in full earlier; role from the text.",
        "describe as",
        note="'describe as \"unfair\" Russian accusations that ...': the marked word is "
        "Appathurai's (he says 'unfair accusation' in the next paragraph), so mixed. The "
        "following 'Russian accusations that Washington has failed to consult Russia' is a "
        "nominal restatement of the accusation already recorded, not a new record. The "
        "article's 'describe' (for 'described') is kept as published.",
    ),
    q(
        "003",
        "direct",
        [
            "It is certainly not true. The U.S. has consulted Russia regularly on a bilateral basis "
            "but also in the NATO-Russia Council at a high level,",
            "There have been well over a dozen briefings by the United States to the Russian "
            "Federation. So, frankly, I think that's simply an unfair accusation.",
        ],
        APPATHURAI,
        ("he", 'high level," he said'),
        "'he' refers to NATO spokesman Appathurai in the preceding sentence.",
        ("said", 'high level," he said'),
    ),
    q(
        "003",
        "indirect",
        [
            "Moscow's anger is less about security concerns -- and more about what it perceives as "
            "Washington's efforts to impose its will on the world"
        ],
        group("Russian defense experts (unnamed)"),
        "A number of Russian defense experts",
        "Unnamed plural source: 'A number of Russian defense experts'.",
        "have suggested",
    ),
    # Sidebar "The Proliferation Threat" (a recurring RFE/RL sidebar, PROVENANCE.md)
    q(
        "003",
        "indirect",
        [
            "the West is hamstrung in dealing with Iran and North Korea because of the way it has "
            "interpreted the international nonproliferation regime to benefit friendly countries "
            "like India and Japan"
        ],
        SOKOLSKI,
        "Henry Sokolski",
        "Named in full in the attribution; role from the appositive and PROVENANCE.md.",
        "told an RFE/RL-Radio Free Asia briefing",
        addressee="RFE/RL-Radio Free Asia briefing",
        region="sidebar",
        note="Sidebar quote: included with region 'sidebar', although PROVENANCE.md notes that this "
        "recurring sidebar is not part of this article's reporting. 'on January 9' has no "
        "year; PROVENANCE.md dates the sidebar's appearances to January–June 2007 but does "
        "not establish the year of the briefing, so 'uttered' is null.",
    ),
    # ---------------------------------------------------------------- 004 (UPI)
    q(
        "004",
        "indirect",
        [
            "Confidential talks between Washington and Moscow on a new concept for the missile shield "
            "have already started"
        ],
        APPATHURAI,
        "NATO spokesman James Appathurai",
        "Named in full in the attribution; role from the text ('NATO spokesman').",
        "told journalists in London",
        addressee="journalists in London",
        uttered=(
            "2010-04-01",
            "month",
            "inferred",
            "The text: 'last week', in an article of 2010-04-20 (stated): the week of "
            "2010-04-12 to 2010-04-18; the day is not established, so month precision.",
        ),
        note="Content before the attribution ('..., NATO spokesman James Appathurai told ...'); "
        "the cue is the verb with its addressee object ('told journalists in London'), the "
        "time adverb 'last week' is excluded.",
    ),
    q(
        "004",
        "direct",
        [
            "We need a missile defense system that includes not just all countries of NATO but "
            "Russia, too,",
            "One security roof that we build together, that we support together and that we operate "
            "together. One security roof that protects us all.",
        ],
        RASMUSSEN_SG,
        ("he", "he said at a forum"),
        "'he' refers to NATO Secretary-General Anders Fogh Rasmussen, the subject of the preceding "
        "sentence; role from the text.",
        ("said", "he said at a forum"),
        uttered=(
            "2010-03-27",
            "day",
            "verified",
            "PROVENANCE.md (verified): said at the Brussels Forum on Saturday 2010-03-27 "
            "(NATO's own page carries the same words); the text: 'at a forum in Brussels "
            "last month'.",
        ),
    ),
    q(
        "004",
        "direct",
        [
            "Of course there are many practical challenges,",
            "We would have to hook up our systems; share intelligence assessments; and link sensitive "
            "technologies. But that's precisely the point.",
        ],
        RASMUSSEN_SG,
        ("Rasmussen", "Rasmussen added"),
        "'Rasmussen' is NATO Secretary-General Anders Fogh Rasmussen, named in full earlier.",
        ("added", "Rasmussen added"),
        note="A new attribution ('Rasmussen added'), so a new record. 'uttered' is null: the text "
        "does not place these words at the Brussels Forum, and PROVENANCE.md verifies only the "
        "'We need a missile defense system ... protects us all.' passage.",
    ),
    q(
        "004",
        "mixed",
        [
            "part of the same security family, inside rather than outside looking in, and this would "
            "help to address Russian concerns about walls being built with them on the outside."
        ],
        APPATHURAI,
        ("Appathurai", "Appathurai was quoted"),
        "'Appathurai' is NATO spokesman James Appathurai, named in full earlier in the article.",
        "was quoted as saying",
        via="The Telegraph",
        note="'was quoted as saying by Britain's Telegraph newspaper that ... they are \"...\"': "
        "the words come from The Telegraph (via); a paraphrase carrying a quoted fragment, so "
        "mixed; the span is the marked fragment (final period inside the marks kept).",
    ),
    q(
        "004",
        "direct",
        [
            "The secretary-general believes missile defense is a way to address in a very concrete "
            "way that average people understand that they're under one security umbrella, that we "
            "all run together,"
        ],
        APPATHURAI,
        ("Appathurai", "Appathurai added"),
        "'Appathurai' is NATO spokesman James Appathurai, named in full earlier.",
        ("added", "Appathurai added"),
        via="The Telegraph",
        note="'Appathurai added' continues the passage relayed from The Telegraph, so 'via' is The "
        "Telegraph here too. The words report what 'the secretary-general believes', but the "
        "speaker is Appathurai.",
    ),
    q(
        "004",
        "indirect",
        ["to talk about it in the future"],
        group("the United States and Russia ('the powers')", ["United States", "Russia"]),
        "the powers",
        "'the powers' are Washington and Moscow, named in the preceding paragraphs; two states "
        "speaking jointly, typed group, with the two states as members.",
        "vowed",
        note="'vowed' reports a promise, so a record. 'uttered' is null: the text says 'last month "
        "in Prague', but the Prague meeting (New START signing) was 2010-04-08 (PROVENANCE.md), "
        "in the article's own month, so the text's date is contradictory.",
    ),
    q(
        "004",
        "mixed",
        ["a serious dialog about Russian-American cooperation on missile defense."],
        OBAMA,
        ("Obama", "Obama said he"),
        "'Obama' is U.S. President Barack Obama, named in full earlier; Wikidata from "
        "PROVENANCE.md.",
        ("said", "Obama said he"),
        uttered=(
            "2010-04-08",
            "day",
            "verified",
            "PROVENANCE.md (verified): from Obama's statement at the New START signing, "
            "Prague, 2010-04-08.",
        ),
        note="The agreement with Medvedev is embedded in Obama's own report, so it is one record "
        "with Obama as speaker; mixed, the span is the marked fragment (final period inside "
        "the marks kept).",
    ),
]

# --------------------------------------------------------------------------------------------
# Quoted strings that are not quotations (build.py computes the offsets of the text inside the
# marks and writes curation/non_quotations.json).
# --------------------------------------------------------------------------------------------

NON_QUOTATIONS: list[dict[str, Any]] = [
    {
        "article": "000",
        "text": "boost phase system,",
        "reason": "Name of a kind of system, introduced by 'what is called': a term, not anybody's "
        "reported words (passes the 'so-called' test).",
    },
    {
        "article": "001",
        "text": "open door",
        "reason": "Name of NATO's 'open door' policy in a factbox bullet (the marks are the "
        "mis-decoded ì…î pair): a name, not a reported utterance.",
    },
    {
        "article": "003",
        "text": "undesirable organization",
        "reason": "Official designation quoted in the site's closing notice, which is page furniture "
        "(PROVENANCE.md); furniture carries no quotations.",
    },
]

# --------------------------------------------------------------------------------------------
# Further borderline decisions that do not belong to one record (copied into ANNOTATION.md).
# --------------------------------------------------------------------------------------------

OTHER_DECISIONS: list[tuple[str, str]] = [
    (
        "000",
        "'What cheers top officials at NATO is they believe Moscow now acknowledges the threat "
        "exists ...': 'believe' is a mental state, and Moscow's 'acknowledges' is embedded in "
        "that belief, not reported as an utterance: no record.",
    ),
    (
        "000",
        "'what Washington used to call rogue nations': a naming verb with an unmarked label, "
        "not reported content: no record.",
    ),
    (
        "000",
        "'The Russians, Chinese and many of the allies oppose the idea.': a stance, no "
        "reporting verb: no record.",
    ),
    (
        "001",
        "'Friday's proposal by NATO Secretary-General Anders Fogh Rasmussen': a nominal "
        "mention of a speech act without reported content: no record.",
    ),
    (
        "002",
        "'Moscow has long been wary of ...': a stance, not speech; the record is the "
        "'asserting' clause that follows.",
    ),
    (
        "002",
        "'such claims of restraint by Senate Republicans': nominal, no reported content: no "
        "record.",
    ),
    (
        "002",
        "'NATO'sActive': missing space as published; a Correction offers 'NATO's Active' "
        "beside the verbatim text.",
    ),
    (
        "003",
        "'But Moscow is concerned that such capabilities might be reached ...': a mental state "
        "('is concerned'), not a reporting verb: no record.",
    ),
    (
        "003",
        "Subheadings 'Seeing Different Threats' and \"Russians' Offense\" are marked as "
        "regions of kind 'headline' (the models have no 'subheading' kind).",
    ),
    (
        "003",
        "The photo caption 'Are Russian missiles the real reason for the missile shield? "
        "(ITAR-TASS)' is a 'caption' region (PROVENANCE.md lists it with the furniture; the "
        "models' 'caption' kind is more precise). It contains no quotation. The image "
        "caption inside the sidebar ('The Arak heavy-water plant ...') stays inside the "
        "sidebar region, since regions cannot overlap.",
    ),
    (
        "003",
        "The closing notice 'RFE/RL has been declared ...' is furniture: its 'declared' is not "
        "annotated.",
    ),
    (
        "004",
        "'April 20, 2010 at 4:49 PM' below the headline is marked as a 'dateline' region "
        "(a publication time stamp, not site navigation).",
    ),
    (
        "004",
        "'George W. Bush, had pushed for the system': advocacy (an action), not a verb of "
        "saying with reported content: no record.",
    ),
    (
        "002",
        "'Rasmussen, who has championed better ties with Russia': advocacy, not a report of "
        "words: no record.",
    ),
    (
        "004",
        "'Russia, which took it as a direct threat to its security': perception, not speech: "
        "no record. 'Washington's pledge to reset relations': nominal: no record.",
    ),
    (
        "004",
        "'NATO wants to invite Russia ...' (lead): the writer's statement, no attribution: no "
        "record.",
    ),
]
