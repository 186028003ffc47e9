"""Relatives by name ("her daughter Priya", "the daughter, Keisha, who", "wife (Linda)",
"husband Gerald is POA", "husband is Thabo", "Hope, her sister, called") and newborns by surname
("Baby Quigley", "Baby boy Garcia").

After a possessive ("his", "the patient's") any capitalised name counts; without one, the name
must stand in apposition (between commas or in brackets) or be a known given name, so "mother
(Graves disease)" or "Sister Mary Joseph nodule" name nobody. "Sister" is also a nurse's title,
so it counts only after a possessive.
"""
import re

from forum.privacy.lexicon import FAMOUS_SURNAMES, NOT_NAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.common import (
    WORD, clinician_before, colleague_before, eponym_or_institution_after, folded, given, is_name, trim,
)
from forum.privacy.rules.names.contexts import _NOT_APPOSED

_RELATION_WORDS = word_set(
    "wife husband son daughter mother mom mum father dad sister brother partner spouse grandson"
    " granddaughter grandmother grandfather niece nephew aunt uncle boyfriend girlfriend fiance fiancee"
    " friend neighbour neighbor caregiver carer roommate child baby twin")
_TITLES = frozenset({"sister"})
_POSSESSIVE_BEFORE = re.compile(
    r"(?:\bhis|\bher|\btheir|\bpatient['’]s|\bpt['’]s)\s+(?:(?:older|younger|elder|eldest|oldest|youngest"
    r"|little|big|baby|twin|late|new|ex|step|only|other|adult|teenage|estranged|de\s+facto)-?\s*){0,2}$")
_RELATION = re.compile(r"[a-z]+\s*,?\s*")
_RELATIVE_NAME = re.compile(rf"{WORD}(?:\s+{WORD})?")
_APPOSITION = re.compile(rf"\s*(?:,\s*(?P<comma>{WORD})\s*[,;.)]|\(\s*(?P<paren>{WORD})\s*\))")
_BARE = re.compile(rf"\s+(?:(?:is|was)\s+)?(?P<bare>{WORD})\b(?!['’]\w(?<!s)|-\w)")
_BABY_WORDS = word_set("baby")
_BABY = re.compile(rf"[Bb]aby\s+(?:(?:[Bb]oy|[Gg]irl)\s+)?(?P<name>{WORD})\b")
# Things called "baby" that are capitalised in titles.
_BABY_THINGS = frozenset({"aspirin", "boomer", "boomers", "formula", "food", "shark", "monitor", "friendly"})


def _plain_name(doc, word: str, start: int) -> bool:
    return (is_name(word, need_given=False) and folded(word) not in FAMOUS_SURNAMES
            and not eponym_or_institution_after(doc, start + len(word)))


def _after_possessive(doc, anchor: int):
    found = _RELATIVE_NAME.match(doc.text, _RELATION.match(doc.low, anchor).end())
    if found:
        name = trim(found.group())
        if is_name(name, need_given=False) and not eponym_or_institution_after(doc, found.start() + len(name)):
            return found.start(), found.start() + len(name)
    return None


def _without_possessive(doc, anchor: int):
    end = anchor
    while end < len(doc.low) and doc.low[end].isalpha():
        end += 1
    if doc.low[anchor:end] in _TITLES:
        return None
    match = _APPOSITION.match(doc.text, end)
    if match:
        group = "comma" if match.group("comma") else "paren"
        if _plain_name(doc, match.group(group), match.start(group)):
            return match.span(group)
        return None
    match = _BARE.match(doc.text, end)
    if match and given(match.group("bare")) and folded(match.group("bare")) not in NOT_NAMES:
        return match.span("bare")
    return None


# A name in apposition before a possessive relation: "Hope, her sister, called 999", "Jess, the
# patient's partner, rang". The relation must close the apposition (a comma, a stop, a verb).
_NAME_BEFORE_POSSESSIVE = re.compile(
    rf"(?<![\w\-])(?P<name>{WORD}),\s+(?:his|her|their|the\s+(?:patient|pt)['’]s|(?:patient|pt)['’]s)\s+"
    r"(?:(?:older|younger|elder|eldest|oldest|youngest|little|big|twin|only)\s+)?$")
# A place or a time before the name: "In Glasgow, her sister lives", "By Friday, his wife".
_PLACE_OR_TIME_BEFORE = re.compile(r"(?<![a-z])(?:in|at|from|near|of|by|since|until|after|before)\s+$", re.IGNORECASE)
_APPOSITION_CLOSES = re.compile(r"[a-z]*\s*(?:[,;.)]|\s(?:who|is|was|has|had|called|rang|phoned|says|said)\b)")


def _named_before(doc, anchor: int):
    """The name in apposition just before the possessive relation at `anchor`, or None."""
    found = _NAME_BEFORE_POSSESSIVE.search(doc.text, max(0, anchor - 40), anchor)
    if not found or not _APPOSITION_CLOSES.match(doc.low, anchor):
        return None
    name, start = found.group("name"), found.start("name")
    low = folded(name)
    if low in _NOT_APPOSED or (low.endswith("ly") and not given(name)) or not _plain_name(doc, name, start):
        return None
    if _PLACE_OR_TIME_BEFORE.search(doc.text, max(0, start - 7), start) \
            or clinician_before(doc, start) or colleague_before(doc, start):
        return None
    return found.span("name")


def relatives(doc):
    for anchor in doc.word_offsets(_RELATION_WORDS):
        if _POSSESSIVE_BEFORE.search(doc.low, max(0, anchor - 36), anchor):
            span = _after_possessive(doc, anchor)
            before = _named_before(doc, anchor)
            if before:
                yield before
        else:
            span = _without_possessive(doc, anchor)
        if span:
            yield span


def babies(doc):
    """A newborn is named by surname: "Baby Quigley was born", "Baby boy Garcia"."""
    for anchor in doc.word_offsets(_BABY_WORDS):
        match = _BABY.match(doc.text, anchor)
        if match and folded(match.group("name")) not in _BABY_THINGS \
                and _plain_name(doc, match.group("name"), match.start("name")):
            yield match.start(), match.end("name")
