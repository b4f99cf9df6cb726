"""Names and speakers: person names in a mention (titles stripped), the people an article names
in full, and the :class:`~quotes.Speaker` a mention gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quotes.core.building import with_changes
from quotes.core.models import Speaker, SpeakerType, TextSpan
from quotes.extract import rules
from quotes.extract.text import tokens


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def strip_possessive(word: str) -> str:
    return re.sub(r"[’']s?$", "", word)


@dataclass(frozen=True)
class Name:
    name: str
    start: int
    end: int
    titled: bool
    description: str | None
    role: str | None = None
    """The title words inside the capitalised run before the name (``Deputy Foreign
    Minister``)."""


def name_in(text: str, offset: int) -> Name | None:
    """The trailing person-like name of a mention, with its titles stripped."""
    raw = tokens(text, offset)
    toks = [(w.rstrip(".,;:"), s, s + len(w.rstrip(".,;:"))) for w, s, _ in raw]
    # A token that ends a clause (a comma, or a full stop that is not an initial or a title)
    # separates two names: "… Institute. Michael Elleman" is not one name.
    stops = [
        w[-1:] in ",;:"
        or (w.endswith(".") and not re.fullmatch(r"[A-Z]\.|" + rules.TITLE_ABBREVIATIONS, w))
        for w, _, _ in raw
    ]
    if not toks or not toks[-1][0]:
        return None
    run: list[tuple[str, int, int]] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        word = tok[0]
        if run and stops[i]:
            break
        if word and (capitalised(word) or (run and word.lower() in rules.NAME_PARTICLES)):
            run.insert(0, tok)
        elif run:
            break
        else:
            return None
    while run and (
        run[0][0].lower() in rules.DETERMINERS or run[0][0].lower() in rules.FUNCTION_WORDS
    ):
        run = run[1:]
    index = max((i for i, t in enumerate(run) if t[0].lower() in rules.TITLES), default=-1)
    preceding = toks[: len(toks) - len(run)]
    titled = index >= 0 or bool(preceding and preceding[-1][0].lower() in rules.ROLE_WORDS)
    name = run[index + 1 :]
    if not name:
        return None
    words = [strip_possessive(w) for w, _, _ in name]
    if any(w.lower() in rules.ORG_WORDS for w in words) or any(
        w.isupper() and len(w) > 1 for w in words
    ):
        return None
    if not titled and any(_outlet_word(w) for w in words):  # Mayor Don Guardian is a person
        return None
    description = text[: name[0][1] - offset].strip() or None
    titles = run[: index + 1]
    while titles and not (titles[0][0].lower() in rules.TITLES or capitalised(titles[0][0])):
        titles = titles[1:]
    role = text[titles[0][1] - offset : titles[-1][2] - offset] if titles else None
    return Name(" ".join(w for w, _, _ in name), name[0][1], name[-1][2], titled, description, role)


@dataclass
class People:
    """Who the article names in full: surname → full name; and where people are mentioned."""

    full: dict[str, str] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    """Full name → the role the article first gives it (a title or an appositive)."""

    def resolve(self, name: str) -> str | None:
        if " " in name:
            return self.full.get(name.split()[-1], name)
        return self.full.get(name)


_NAME_RUN = re.compile(
    r"(?<![\w’'])((?:(?:[A-Z]\.|" + rules.TITLE_ABBREVIATIONS + r"|[A-Z][\w’'\-]*)[ \t]+){1,5}"
    r"[A-Z][\w\-]+)(?P<after>[’']s|,\s+(?:the|a|an|his|her|their|its|who|whose|"
    r"(?:[a-z\-]+\s+){1,3}(?:of|at|for|to|in)\b)|\s+(?:" + rules.CUE_ALTERNATION + r")\b)?"
)
"""A run of capitalised words (group 1), and what follows it when that makes it a name
(``after``: a possessive, an appositive or a reporting verb)."""


def people(text: str, allowed: list[tuple[int, int]], masked: set[int]) -> People:
    """Find full person names: a run of capitalised words (2 to 4) introduced by a title or a
    role, or followed by an appositive or a reporting verb."""
    result = People()
    found = _introduced_names(text, allowed, masked, result)
    found += _sentence_subject_names(text, allowed, masked, result)
    found += _later_mentions(text, allowed, masked, result)
    result.mentions = sorted(set(found))
    return result


def _introduced_names(
    text: str, allowed: list[tuple[int, int]], masked: set[int], result: People
) -> list[tuple[int, str]]:
    """Add the names a title, a role, an appositive or a reporting verb introduces (and the
    role they are given) to ``result``; returns where they are mentioned."""
    found: list[tuple[int, str]] = []
    for start, end in allowed:
        for m in _NAME_RUN.finditer(text, start, end):
            if m.start() in masked:
                continue
            name = _introduced_name(text, start, m)
            if name is None:
                continue
            surname = name.name.split()[-1]
            result.full.setdefault(surname, name.name)
            role = name.role or _appositive(text, m.end(1), end)
            if role:
                result.roles.setdefault(name.name, role)
            found.append((name.start, name.name))
    return found


def _introduced_name(text: str, start: int, m: re.Match[str]) -> Name | None:
    """The full person name in a :data:`_NAME_RUN` match (read with up to 40 characters before
    it, from ``start`` on, for a title), or None when it is not one."""
    before = text[max(start, m.start() - 40) : m.start()]
    combined = before + m.group(1)
    name = name_in(combined, m.start() - len(before))
    if name is None or " " not in name.name:
        return None
    if not (name.titled or m.group("after")):
        return None
    if not name.titled and any(w in rules.PLACE_WORDS for w in name.name.split()):
        return None  # "South Korea protested"
    if name.name.split()[0].lower() in rules.QUESTION_WORDS - {"may"}:
        return None  # "Are Russian fears justified?": a question, not a name
    return name


def _sentence_subject_names(
    text: str, allowed: list[tuple[int, int]], masked: set[int], result: People
) -> list[tuple[int, str]]:
    """Add the names that are a sentence's subject (:data:`~.rules.SENTENCE_SUBJECT_NAME`) to
    ``result``; returns where they are mentioned."""
    found: list[tuple[int, str]] = []
    for start, end in allowed:
        for m in rules.SENTENCE_SUBJECT_NAME.finditer(text, start, end):
            words = m.group("name").split()
            if m.start("name") in masked or any(
                w.lower() in rules.NOT_IN_A_NAME or w in rules.PLACE_WORDS for w in words
            ):
                continue
            result.full.setdefault(words[-1], " ".join(words))
            found.append((m.start("name"), " ".join(words)))
    return found


def _later_mentions(
    text: str, allowed: list[tuple[int, int]], masked: set[int], result: People
) -> list[tuple[int, str]]:
    """Where a surname of a full name in ``result`` is mentioned, with that full name."""
    found: list[tuple[int, str]] = []
    for start, end in allowed:
        for m in re.finditer(r"\b[A-Z][\w\-]+\b", text[start:end]):
            named = result.full.get(m.group())
            if named and start + m.start() not in masked:
                found.append((start + m.start(), named))
    return found


def _appositive(text: str, name_end: int, limit: int) -> str | None:
    """``, the mayor of Springfield,`` after a name: its text (up to 12 words), or None."""
    m = re.compile(
        rf",\s+((?:the|a|an|his|her|their|its)\s+[^,;:{rules.MARK_CHARS}]+?)\s*(?:[,;]|\.(?:\s|$))"
    ).match(text, name_end, limit)
    if m is None or len(m.group(1).split()) > 12:
        return None
    return m.group(1)


def speaker_from(
    mention_text: str, mention_start: int, known: People, description: str | None
) -> tuple[Speaker | None, bool]:
    """A speaker from a mention; ``(None, True)`` for a pronoun the caller must resolve."""
    words = mention_text.split()
    if not words:
        return None, False
    first = words[0].lower()
    if len(words) == 1 and first in rules.PRONOUNS:
        if rules.PRONOUNS[first] == "person":
            return None, True
        return make_speaker(None, description, "group", mention_text, mention_start), False
    joint = re.split(r"\s+and\s+", mention_text)
    if len(joint) > 1:
        names = [name_in(part, 0) for part in joint]
        if all(names):
            members = [known.resolve(n.name) or n.name for n in names if n is not None]
            speaker = make_speaker(None, description, "group", mention_text, mention_start)
            return with_changes(speaker, members=members), False
    name = name_in(mention_text, mention_start)
    if name is not None:
        full = known.resolve(name.name)
        if full is not None or " " in name.name or name.titled:
            role = name.description
            desc = description or (role if role and role.lower() not in rules.DETERMINERS else None)
            speaker = make_speaker(full or name.name, desc, "person", mention_text, mention_start)
            return speaker, False
    known_name = known.resolve(mention_text) if len(words) == 1 else None
    if known_name is not None:  # "Guardian", after "Mayor Don Guardian"
        return make_speaker(known_name, description, "person", mention_text, mention_start), False
    head = strip_possessive(_head(words))
    if head.lower() in rules.ORG_WORDS or (  # "the ministry", "the White House"
        capitalised(head) and any(_outlet_word(w) for w in words)  # "The Daily Caller"
    ):
        speaker = make_speaker(
            mention_text, description, "organization", mention_text, mention_start
        )
        return speaker, False
    if first in rules.DETERMINERS or not capitalised(head):
        plural = head.lower().endswith("s") and not head.lower().endswith("ss")
        kind: SpeakerType = (
            "group" if plural or first in {"some", "many", "several"} else "anonymous"
        )
        if first in {"a", "an", "one"}:
            kind = "anonymous"
        speaker = make_speaker(None, description or mention_text, kind, mention_text, mention_start)
        return speaker, False
    speaker = make_speaker(mention_text, description, "organization", mention_text, mention_start)
    return speaker, False


def _outlet_word(word: str) -> bool:
    """A capitalised word of a newspaper's name (``Telegraph``, not ``guardian``)."""
    return capitalised(word) and strip_possessive(word).lower() in rules.OUTLET_WORDS


def _head(words: list[str]) -> str:
    """A mention's head word: its last, or the last before the modifier of a determiner's noun
    phrase (``official`` in ``a senior official in the prime minister's office``)."""
    if words[0].lower() in rules.DETERMINERS:
        for i, word in enumerate(words[1:], 1):
            if word in rules.PREPOSITIONS:
                head = words[i - 1]
                return words[-1] if head.lower() in rules.QUANTITY_WORDS else head
    return words[-1]


def make_speaker(
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
