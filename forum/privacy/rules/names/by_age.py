"""Names and initials tied to an age: "J.S., a 72-year-old", "Maria (45F)", "Sarah, 34, G2P1",
"Tyrone Washington, 23,", "Quigley B, 58M", "72M (J.S.)".

An age in apposition is what a case presentation gives a patient, so a name beside one is a
patient's whoever the words before it thank ("Thanks to Maria Gonzalez, 45F, for consenting").
Each form is found from the age (a word such as "year", a shorthand like "45M", or a bare number
between commas), looking back for the name or forward for initials in brackets.
"""
import re

from forum.privacy.lexicon import FAMOUS_SURNAMES, PLACEHOLDER_SURNAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.common import (
    CALENDAR_WORDS, DOTTED_INITIALS, INITIALS_REASON, UP, WORD_X, clinician_before,
    eponym_or_institution_after, folded, initials_ok, is_name, lone_given_name,
)

_AGE_AT = re.compile(r"\d{1,3}\s*-?\s*(?:(?i:years?[\s-]*old|years of age|yrs?[\s-]*old|y/?o\b|yo\b|y\.o\.)|[MF]\b)")
# A bare age between commas, followed by a word: "Sarah, 34, G2P1", "Aiden, 4, ingested".
_BARE_AGE_AT = re.compile(r"(?P<n>\d{1,3})(?:,\s+[A-Za-z?(#]|\))")
_AGE_NUMBER_BEFORE = re.compile(r"\d{1,3}\s*-?\s*$")
_INITIALS_BEFORE_AGE = re.compile(
    rf"(?<![\w.])(?P<name>{DOTTED_INITIALS}|[{UP}]{{2,3}})\s*(?:,|\(|\bis\b|\bwas\b)?\s*(?:an?\s+)?$")
_INITIALS_AFTER_AGE = re.compile(rf"\s*\(\s*(?P<name>{DOTTED_INITIALS}|[{UP}]{{2,3}})\s*\)")
# One or two name words, or a surname and an initial, in apposition to the age.
_NAME_BEFORE_AGE = re.compile(
    rf"(?<![\w.])(?P<name>{WORD_X}(?:\s+{WORD_X}|\s+[{UP}]\.|\s+[{UP}](?![\w.]))?)"
    r"\s*(?:,|\(|\bis\b|\bwas\b)?\s*(?:an?\s+|the\s+)?$")
# The initials-and-age form needs an age nearby: a word like "year" or a shorthand like "45M".
_AGE_WORDS = word_set("year years yr yrs yo y")
_AGE_SHORTHAND = frozenset(f"{n}{sex}".encode() for n in range(1, 125) for sex in ("m", "f", "yo", "yom", "yof"))
_INITIAL_WORDS = word_set("initial initials")
_INITIALS_LABEL = re.compile(r"initials?\s*(?:are|were|is|of)?\s*[:\-]?\s*\(?")
_INITIALS_AT = re.compile(rf"{DOTTED_INITIALS}|[{UP}]\.?\s?[{UP}]\.?(?:\s?[{UP}]\.?)?")
_MAX_AGE = 120


def _age_numbers(doc):
    """Where the number of an age expression starts ("45" in "a 45-year-old", "45M"), found once
    per document (two name forms read them)."""
    found = doc.shared.get("age_numbers")
    if found is None:
        found = doc.shared["age_numbers"] = tuple(_find_age_numbers(doc))
    return found


def _find_age_numbers(doc):
    for anchor in doc.word_offsets(_AGE_WORDS):
        number = _AGE_NUMBER_BEFORE.search(doc.low, max(0, anchor - 8), anchor)
        if number:
            yield number.start()
    for word in doc.words & _AGE_SHORTHAND:
        for index in doc.find_all(word.decode()):
            if doc.word_start(index):
                yield index


def _bare_age_numbers(doc):
    """Where a bare age between commas starts, after a word: "Sarah, 34, G2P1"."""
    # Found as ", 0" with the letter before it checked in code: the same places, but on the shape
    # (a text of few distinct bytes) bytes.find took 16,000 instructions a post for "a, 0" and
    # 6,500 for ", 0", which is rare in prose.
    shape = doc.shape
    index = shape.find(b", 0")
    while index != -1:
        number = index + 2
        match = _BARE_AGE_AT.match(doc.text, number) if index and shape[index - 1] == 97 else None  # 97: "a"
        if match and int(match.group("n")) <= _MAX_AGE:
            yield number
        index = shape.find(b", 0", index + 1)


def _capitalised_word_before(text: str, number: int) -> bool:
    """Cheap pre-check: the word before the age and its glue ("is a", ", a", "(") is capitalised."""
    index = number
    for skip in (" ", "an", "a", "the", " ", ",(", "is", "was", " "):
        if len(skip) == 1 or skip == ",(":
            while index > 0 and text[index - 1] in skip:
                index -= 1
        elif text.endswith(skip, 0, index) and (index == len(skip) or text[index - len(skip) - 1] in " ,("):
            index -= len(skip)
    while index > 0 and (text[index - 1].isalpha() or text[index - 1] in "'’-."):
        index -= 1
    return index < number and text[index].isupper()


_TITLES = frozenset({"dr", "dr.", "doctor", "prof", "prof.", "professor"})


def _clinician_not_titled(doc, start: int) -> bool:
    """A clinician word before the name other than a title: a colleague is not given an age in
    apposition, so "(Dr. Evangeline Moss, 74)" is a patient who is a doctor, but "registrar
    Tom Hale, 29" stays a colleague."""
    before = doc.low[max(0, start - 12):start].split()
    return clinician_before(doc, start) and not (before and before[-1].rstrip(",") in _TITLES)


def _name_before(doc, number: int):
    """A name in apposition just before the age: a known given name alone, or two name words
    ("Tyrone Washington", "Quigley B") that are not a place, an eponym or a clinician."""
    found = _NAME_BEFORE_AGE.search(doc.text, max(0, number - 40), number)
    if not found:
        return None
    name, start = found.group("name"), found.start("name")
    parts = name.split()
    if len(parts) == 2 and is_name(name, need_given=False) and not _clinician_not_titled(doc, start) \
            and not {folded(p) for p in parts} & (CALENDAR_WORDS | FAMOUS_SURNAMES | PLACEHOLDER_SURNAMES) \
            and not eponym_or_institution_after(doc, found.end("name")):
        return start, found.end("name")
    last = parts[-1]
    last_start = found.end("name") - len(last)
    if len(last) > 1 and lone_given_name(doc, last, last_start):
        return last_start, found.end("name")
    return None


def names_by_age(doc):
    """Initials after "initials" or beside an age, and names in apposition to an age."""
    for anchor in doc.word_offsets(_INITIAL_WORDS):
        match = _INITIALS_LABEL.match(doc.low, anchor)
        found = _INITIALS_AT.match(doc.text, match.end())
        if found and initials_ok(found.group()):
            yield found.start(), found.end(), INITIALS_REASON
    text = doc.text
    for number in _age_numbers(doc):
        age = _AGE_AT.match(text, number)
        if not age:
            continue
        after = _INITIALS_AFTER_AGE.match(text, age.end())
        if after and initials_ok(after.group("name")):
            yield after.start("name"), after.end("name"), INITIALS_REASON
        if not _capitalised_word_before(text, number):
            continue
        found = _INITIALS_BEFORE_AGE.search(text, max(0, number - 16), number)
        if found and initials_ok(found.group("name")):
            yield found.start("name"), found.end("name"), INITIALS_REASON
            continue
        span = _name_before(doc, number)
        if span:
            yield span
    for number in _bare_age_numbers(doc):
        span = _name_before(doc, number) if _capitalised_word_before(text, number) else None
        if span:
            yield span
