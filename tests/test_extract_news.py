"""Classes of error found by measuring the extractor on news it was not written from (PolNeAR's
train split, issue 14), each pinned on sentences written for the purpose (no corpus text)."""

from __future__ import annotations

from test_extract import quoted, run, segments

from quotes.extract.rules import PATTERNS, PRONOUN_PENALTY


def test_a_pronoun_with_no_named_antecedent_is_kept_as_an_unresolved_mention() -> None:
    """A one-word subject (``Moreno backs it.``) names no one the rules can resolve ``he`` to;
    the quotation is still proposed, its speaker the pronoun itself (type ``unknown``)."""
    text = 'Moreno backs the bill. "It is a disgrace that the roads are broken," he said.'
    [q] = run(text)
    assert segments(text, q) == ["It is a disgrace that the roads are broken,"]
    assert q.speaker.name is None and q.speaker.type == "unknown"
    assert q.speaker.mention is not None and q.speaker.mention.text == "he"
    expected = PATTERNS["quote-speaker-said"].confidence - PRONOUN_PENALTY
    assert q.annotation.confidence == round(expected, 2)


def test_a_reported_clause_ends_before_a_participle_that_reports_again() -> None:
    """``X complained that A, suggesting "B"``: two records, the clause stopping at the comma
    (before, the clause ran into the quotation and was dropped)."""
    text = 'Dana Roe also complained that the mayor is too rigid, suggesting he sees "only black."'
    quotes = run(text)
    indirect = [q for q in quotes if q.kind == "indirect"]
    assert [segments(text, q) for q in indirect] == [["the mayor is too rigid"]]
    assert indirect[0].speaker.name == "Dana Roe"
    assert any(q.kind == "mixed" and quoted(text, q) == ["only black."] for q in quotes)


def test_beliefs_findings_and_intentions_are_attributions_too() -> None:
    """The extractor proposes what a source believes, finds or wants, not only what it says
    (PolNeAR annotates these; the bundled gold does not)."""
    text = (
        "Many farmers believe the new dam will ruin the valley.\n\n"
        "A survey by the Lake Institute shows that most residents oppose the dam.\n\n"
        "Governor Lena Park wants to hold a vote on the project in May."
    )
    got = {q.cue.text if q.cue else None: (segments(text, q), q.speaker.type) for q in run(text)}
    assert got["believe"] == (["the new dam will ruin the valley"], "group")
    assert got["shows"][0] == ["most residents oppose the dam"]
    assert got["wants"] == (["to hold a vote on the project in May"], "person")


def test_intentions_and_speech_acts_with_an_infinitive_or_an_object() -> None:
    """``promised to``, ``agreed to``, ``urged voters to``, ``sought to``, ``offered to``,
    ``called for``, ``accused X of``, ``described X as``, ``cited X``: each reports what the
    source said or intends (measured on PolNeAR train: most of these records are right)."""
    cases = {
        "Senator Ann Bell promised to cut the tax in May.": "to cut the tax in May",
        "Mayor Tom Reed agreed to meet the strikers on Monday.": "to meet the strikers on Monday",
        "Senator Ann Bell urged voters to reject the plan.": "to reject the plan",
        "Governor Tom Reed sought to calm the markets.": "to calm the markets",
        "Mayor Tom Reed offered to resign over the scandal.": "to resign over the scandal",
        "Senator Ann Bell called for an inquiry into the deal.": "an inquiry into the deal",
        "Mayor Tom Reed accused the council of hiding the figures.": (
            "the council of hiding the figures"
        ),
        "Senator Ann Bell described the plan as a mistake.": "the plan as a mistake",
        "Mayor Tom Reed cited a new survey of the city's drivers.": (
            "a new survey of the city's drivers"
        ),
    }
    for text, clause in cases.items():
        [q] = run(text)
        assert segments(text, q) == [clause] and q.kind == "indirect", text
        assert q.speaker.type == "person", text


def test_verbs_that_rarely_report_are_no_cues() -> None:
    """Measured on news: ``seems``, ``appears``, ``felt``, ``is expected to`` and ``to find``
    give the right words but almost never the source an annotator names; they stay out."""
    text = (
        "The plan seems likely to fail before the vote.\n\n"
        "The senator is expected to announce a run for governor.\n\n"
        "Rescuers hoped to find the missing climbers before nightfall."
    )
    cues = [q.cue.text if q.cue else None for q in run(text)]
    assert "seems" not in cues and "expected" not in cues and "find" not in cues
    assert cues == ["hoped"]


def test_a_no_break_space_between_sentences_still_separates_them() -> None:
    """Web copy puts U+00A0 after a full stop: ``"A," X said.\u00a0"B."`` is still one record
    with two segments (before, the second quotation was lost)."""
    text = (
        "Senator Mara Quinn spoke first.\n\n"
        "\u201cIf my aide had done that, I would resign,\u201d Quinn said.\u00a0"
        "\u201cI would have had to quit that very day.\u201d"
    )
    [q] = run(text)
    assert segments(text, q) == [
        "If my aide had done that, I would resign,",
        "I would have had to quit that very day.",
    ]
    assert q.speaker.name == "Mara Quinn"


def test_a_dash_and_a_name_after_a_quotation_sign_it() -> None:
    """``"…" ― Name`` closing the paragraph (readers' comments, pull quotes), or ``- Name.`` as
    the next paragraph: the name is the speaker, the dash the cue."""
    text = (
        "\u201cNo plan, no budget, a real fiasco.\u201d \u2015 Oscar P. Quintero\n\n"
        '"Boeing and GE pay zero taxes."\n\n- Sanders.\n\n'
        'He waved. "Thanks for all of it," he said - and left.'
    )
    quotes = run(text)
    signed = [q for q in quotes if q.cue is not None and q.cue.text in ("\u2015", "-")]
    assert [(segments(text, q), q.speaker.mention.text if q.speaker.mention else None)
            for q in signed] == [
        (["No plan, no budget, a real fiasco."], "Oscar P. Quintero"),
        (["Boeing and GE pay zero taxes."], "Sanders"),
    ]  # fmt: skip
    assert all(q.kind == "direct" for q in signed)


def test_a_question_attributed_by_a_long_sentence_after_it() -> None:
    """``"Why?" Trump said of the firm in May, when …``: the question ends its sentence, and
    the next one opens with the speaker and the verb, however long it runs."""
    text = (
        "\u201cWho do they think they are?\u201d Ben Ortiz said of the bank in May, when it "
        "closed the accounts of the two families who had come to the town for work."
    )
    [q] = run(text)
    assert segments(text, q) == ["Who do they think they are?"]
    assert q.speaker.name == "Ben Ortiz" and q.kind == "direct"
    # a sentence reporting with "that" is a report of its own, not the question's attribution
    text = '"Is it over?" Ben Ortiz said that the talks in the capital would go on for weeks.'
    got = {q.kind: segments(text, q) for q in run(text)}
    assert got["indirect"] == ["the talks in the capital would go on for weeks"]


def test_a_paragraph_ending_with_a_colon_attributes_the_quotation_after_it() -> None:
    """Web copy introduces a block quotation with ``X continued:`` or ``The Times reports:``
    closing the paragraph before (before, it was left to the previous speaker or lost)."""
    text = (
        "Ann Bell spoke first.\n\n"
        "Pat Cole continued:\n\n"
        '"The health issue is a partisan issue, but it does not explain the numbers."\n\n'
        "The Daily Ledger reports:\n\n"
        '"Only a quarter of the donors gave less than two hundred dollars."'
    )
    quotes = run(text)
    got = [(segments(text, q)[0][:20], q.speaker.mention.text if q.speaker.mention else None)
           for q in quotes]  # fmt: skip
    assert got == [
        ("The health issue is ", "Pat Cole"),
        ("Only a quarter of th", "The Daily Ledger"),
    ]
    assert all(q.kind == "direct" and q.cue is not None for q in quotes)


def test_a_quoted_fragment_after_a_reporting_verb_is_its_whole_content() -> None:
    """``X said "has a number of …"``: a quotation that starts in lower case continues the
    writer's sentence, but it is all the content there is, all of it quoted, so by the one rule
    of kinds (``quotes.core.kinds.kind_from``) it is ``direct``; with words of the writer's
    before it, ``mixed``."""
    text = 'Senator Ann Bell said "has a number of friends on Wall Street who pay her well."'
    [q] = run(text)
    assert q.kind == "direct" and q.speaker.name == "Ann Bell" and q.quoted == q.spans
    text = 'Senator Ann Bell said she "has a number of friends on Wall Street."'
    [q] = run(text)
    assert q.kind == "mixed" and segments(text, q) == [
        'she "has a number of friends on Wall Street.'
    ]
    text = 'Senator Ann Bell said, "She has a number of friends on Wall Street."'
    [q] = run(text)
    assert q.kind == "direct"


def test_german_low_and_high_quotation_marks_pair() -> None:
    """``„…“`` (the German convention docs/extractor.md lists): ``“`` closes a quotation ``„``
    opened, and inside English ``“…”`` a ``„…“`` pair stays nested in the span."""
    text = "\u201eWe will win\u201c, said Anna Bell."
    [q] = run(text)
    assert segments(text, q) == ["We will win"] and q.speaker.name == "Anna Bell"
    text = "\u201cThey wrote \u201esorry\u201c on it,\u201d said Anna Bell."
    [q] = run(text)
    assert segments(text, q) == ["They wrote \u201esorry\u201c on it,"]


def test_a_coordinated_cue_is_found_past_a_word_that_only_looks_like_one() -> None:
    """``says A, but insists B``: ``answer`` (a noun here) between the two verbs no longer hides
    the coordination, so the first clause ends at ``but`` and the second is a record."""
    text = "Mayor Ann Cox says people may not like the answer, but insists the tax is fair."
    got = {q.cue.text if q.cue else None: segments(text, q) for q in run(text)}
    assert got == {"says": ["people may not like the answer"], "insists": ["the tax is fair"]}


def test_a_mixed_quotations_cue_also_reports_the_clause_before_it() -> None:
    """``He says A and calls her "B."``: the mixed quotation takes ``says`` as its cue, and the
    clause ``A`` is still reported (before, the cue counted as used and ``A`` was lost)."""
    text = (
        "Governor Ann Cox spoke.\n\n"
        'He says he respects the senator and calls her "an intelligent woman with a record."'
    )
    got = {q.kind: (segments(text, q), quoted(text, q)) for q in run(text)}
    assert got["indirect"] == (["he respects the senator"], [])
    assert got["mixed"] == (
        ['her "an intelligent woman with a record.'],
        ["an intelligent woman with a record."],
    )


def test_a_title_naming_its_source_is_an_attribution() -> None:
    """The first line of a raw text is its title: ``Graham: Rhetoric Is Hurting Us`` and ``Bell
    Says Plan Will Fail`` name a source; rubrics (``The Latest:``, ``BREAKING:``) do not, nor
    does the same shape further down."""
    for title, source, content in (
        ("Graham: Their Rhetoric Is Hurting Us.", "Graham", "Their Rhetoric Is Hurting Us"),
        ("Ann Bell Says The Plan Will Fail", "Ann Bell", "The Plan Will Fail"),
    ):
        text = f"{title}\n\nThe council met on Monday."
        [q] = run(text)
        assert q.speaker.mention is not None and q.speaker.mention.text == source
        assert segments(text, q) == [content] and q.kind == "indirect"
    for text in (
        "The Latest: Cruz to give away a shotgun.\n\nThe council met.",
        "BREAKING: The Plan Will Fail Today.\n\nThe council met.",
        "The council met.\n\nGraham: Their Rhetoric Is Hurting Us.",
    ):
        assert run(text) == [], text


def test_an_ing_cue_after_an_attributed_quotation_opens_a_record_of_its_own() -> None:
    """``"A," he said, adding, "B."``: B is a second record, same speaker, cue ``adding``
    (before, it was merged into A as a second segment, or lost)."""
    for open_, close in (('"', '"'), ("''", "''")):
        text = (
            f"Ann Bell spoke first. {open_}We want this settled early,{close} Pat Cole said, "
            f"adding, {open_}We do not want a fight in the summer.{close}"
        )
        got = [(segments(text, q), q.speaker.name, q.cue.text if q.cue else None, q.kind)
               for q in run(text)]  # fmt: skip
        assert got == [
            (["We want this settled early,"], "Pat Cole", "said", "direct"),
            (["We do not want a fight in the summer."], "Pat Cole", "adding", "direct"),
        ]


def test_a_whole_sentence_after_a_cue_and_a_comma_is_direct() -> None:
    """``X said on Twitter, "We have never …."``: words between the cue and the quotation
    do not make it ``mixed``; a quotation after ``that`` still is."""
    text = 'The museum said Thursday on Twitter, "We have never wanted the rifle."'
    [q] = run(text)
    assert (q.kind, q.speaker.mention.text if q.speaker.mention else None) == (
        "direct",
        "The museum",
    )
    text = 'The museum said on Thursday that it was "not interested."'
    assert [q.kind for q in run(text)] == ["mixed"]


def test_a_colon_after_a_sentence_subject_introduces_a_quotation() -> None:
    """``She had one message: "…"``, ``X issued the following statement:`` closing a
    paragraph, and a digest's ``RUBRIC - Name: "…"``: the subject or the label is the speaker,
    with no cue; ``It was simple: "…"`` names no one."""
    text = (
        'It was simple: "Go home."\n\n'
        "Ann Bell then addressed the crowd again: \u201cHere is what I regret.\u201d\n\n"
        "Later, Pat Cole issued the following statement:\n\n"
        "\u201cOur prayers are with all those affected.\u201d\n\n"
        "POLLS MISSED THE SURGE - Carl Reyes: \u201cTurnout was far higher than expected.\u201d"
    )
    got = [(segments(text, q), q.speaker.name, q.cue, q.kind) for q in run(text)]
    assert got == [
        (["Here is what I regret."], "Ann Bell", None, "direct"),
        (["Our prayers are with all those affected."], "Pat Cole", None, "direct"),
        (["Turnout was far higher than expected."], "Carl Reyes", None, "direct"),
    ]


def test_connectives_before_the_subject_and_cues_only_next_to_a_quotation() -> None:
    """``And then Trump went on the attack, saying, "…"``: the connectives are not the
    speaker; ``beamed``, ``pressed``, ``went on`` and ``posted`` attribute a quotation they
    follow, but are no cues elsewhere (``pressed the button``)."""
    text = 'And then Ann Bell went on the attack, saying, "They should resign."'
    [q] = run(text)
    assert (q.speaker.mention.text if q.speaker.mention else None, q.kind) == (
        "Ann Bell",
        "direct",
    )
    text = (
        "\u201cThis is fantastic!\u201d beamed Pat Cole.\n\n"
        '"Would it be negotiable?" Carl Reyes pressed.\n\n'
        '"It is a bit concerning," Ann Bell went on.\n\n'
        "\u201cCome together,\u201d she posted.\n\n"
        "Pat Cole pressed the button and went on with the meeting."
    )
    got = [(q.cue.text if q.cue else None, q.speaker.name) for q in run(text)]
    assert got == [
        ("beamed", "Pat Cole"),
        ("pressed", "Carl Reyes"),
        ("went on", "Ann Bell"),
        ("posted", "Ann Bell"),
    ]


def test_an_opening_mark_typed_for_a_closing_one_still_closes_the_quotation() -> None:
    """``“It is unusual,“ said X.``: web copy types the opening mark where the closing one
    belongs; after a comma or a full stop and before a space it closes the quotation."""
    text = "\u201cIt is unusual,\u201c said Larry Noble, an attorney."
    [q] = run(text)
    assert segments(text, q) == ["It is unusual,"] and q.speaker.name == "Larry Noble"


def test_opening_adverbials_and_an_auxiliary_do_not_hide_the_speaker() -> None:
    """Two adverbials before the subject (``On Thursday, after a long wait, Warren …,
    saying``) and an auxiliary after it (``"…," Sotomayor has said in speeches``)."""
    text = (
        "On Thursday, after remaining neutral for months, Ann Bell appeared on television and "
        'endorsed the mayor, saying, "I think a fighter in the lead is what this city needs."'
    )
    [q] = run(text)
    assert (q.speaker.name, q.kind) == ("Ann Bell", "direct")
    text = (
        "It began in May.\n\n"
        '"I would hope for a better conclusion," Pat Cole has said in speeches, in varying '
        "forms, before becoming a judge."
    )
    [q] = run(text)
    assert q.speaker.mention is not None and q.speaker.mention.text == "Pat Cole"


def test_a_lower_case_quotation_after_the_subject_a_cue_and_a_comma_is_direct() -> None:
    """``Still, she added, "we also can't …"``: a whole quotation, though it starts in lower
    case; ``An economic downturn, he said, "could be …"`` continues the writer's clause."""
    text = 'Ann Bell spoke. Still, she added, "we also cannot ignore the changes to the land."'
    [q] = run(text)
    assert (q.kind, q.speaker.name) == ("direct", "Ann Bell")
    text = 'Ann Bell spoke. An economic downturn, she said, "could be a good time to borrow."'
    [q] = run(text)
    assert q.kind == "mixed"
    assert segments(text, q) == ["An economic downturn", "could be a good time to borrow."]


def test_a_quoted_transcript_takes_each_paragraphs_speaker_label() -> None:
    """``"WALLACE: Governor, …`` paragraph after paragraph: the label in capitals is the
    speaker, and it is left out of the span."""
    text = (
        "Partial transcript as follows:\n\n"
        '"HOST: Governor, I do not want to interrupt.\n\n'
        '"BELL: And that is why we will win in the fall.'
    )
    got = [(segments(text, q), q.speaker.mention.text if q.speaker.mention else None, q.kind)
           for q in run(text)]  # fmt: skip
    assert got == [
        (["Governor, I do not want to interrupt."], "HOST", "direct"),
        (["And that is why we will win in the fall."], "BELL", "direct"),
    ]


def test_a_signature_after_a_no_break_space_and_more_verbs_and_verb_forms() -> None:
    """Web copy's no-break spaces around a signature's dash; ``sings``, ``had written``,
    ``was prompted to say`` and ``before saying``."""
    text = (
        "\u201cHe is ignorant of our culture.\u201d \u2015\u00a0Ann Bell\u00a0\n"
        "\u201cPromise you will keep your hands in sight,\u201d Pat Cole sings to the crowd.\n\n"
        "As the columnist Carl Reyes had written, ''We could not have an industry without "
        "him.''\n\n"
        'The debate was so calm that Ann Bell was prompted to say, "I cannot believe it."\n\n'
        "On Tuesday, Pat Cole deflected questions before saying, \u201cIt is time to stop.\u201d"
    )
    got = [(q.speaker.name, q.cue.text if q.cue else None) for q in run(text)]
    assert got == [
        ("Ann Bell", "\u2015"),
        ("Pat Cole", "sings"),
        ("Carl Reyes", "written"),
        ("Ann Bell", "say"),
        ("Pat Cole", "saying"),
    ]


def test_titles_are_no_quotations_and_a_that_clause_keeps_a_quotation_mixed() -> None:
    """``told MSNBC's "Morning Joe"`` and ``his late night show "Lopez Tonight."`` are names;
    ``X said that if …, "I would …"`` quotes inside the reported clause: ``mixed``."""
    text = (
        'Ann Bell told MSNBC\'s "Morning Joe" on Friday that the plan would fail.\n\n'
        "Pat Cole spoke about the end of his late night show \u201cLopez Tonight.\u201d\n\n"
        "Carl Reyes said that if his son had enlisted, ''I would have stopped him.''"
    )
    got = [(q.kind, segments(text, q), quoted(text, q)) for q in run(text)]
    assert got == [
        ("indirect", ["the plan would fail"], []),
        (
            "mixed",
            ["if his son had enlisted, ''I would have stopped him."],
            ["I would have stopped him."],
        ),
    ]


def test_an_official_in_an_office_is_an_anonymous_official() -> None:
    """``A senior official in the prime minister's office said``: the speaker is the official,
    unnamed, with the whole phrase as mention and description (it was ``office``, typed an
    organisation: the long subject was narrowed to its last word)."""
    for text in (
        "A senior official in the prime minister's office said the talks would resume.",
        '"The talks will resume," a senior official in the prime minister\'s office said.',
    ):
        [q] = run(text)
        s = q.speaker
        assert (s.name, s.type) == (None, "anonymous")
        phrase = "senior official in the prime minister's office"
        assert s.mention is not None and s.mention.text.lower() == f"a {phrase}"
        assert s.description is not None and s.description.lower() == f"a {phrase}"


def test_a_spokesman_for_a_ministry_is_not_the_ministry() -> None:
    """The head of ``a spokesman for the ministry`` is ``spokesman``; of ``the ministry of
    defence``, ``ministry``."""
    [q] = run("A spokesman for the ministry said the talks would resume.")
    assert (q.speaker.name, q.speaker.type) == (None, "anonymous")
    [q] = run("The ministry of defence said the talks would resume.")
    assert (q.speaker.name, q.speaker.type) == ("The ministry of defence", "organization")


def test_a_newspaper_is_an_organisation() -> None:
    """``The Daily Telegraph said``: a newspaper, not a person named Daily Telegraph; a
    newspaper's word in lower case stays a common noun."""
    for paper in ("The Daily Telegraph", "The Guardian", "The Wall Street Journal"):
        [q] = run(f"{paper} said the talks would resume on Monday.")
        assert (q.speaker.name, q.speaker.type) == (paper, "organization")
    [q] = run("Her guardian said the talks would resume on Monday.")
    assert (q.speaker.name, q.speaker.type) == (None, "anonymous")
