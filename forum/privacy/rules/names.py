"""Patient names: honorific + name, "patient J. Smith", relatives by name, initials tied to a patient,
a given name tied to an age or to the word patient ("Maria, a 45-year-old", "Tom (my patient)").

Physicians are not patients: "Dr." and "Prof." never count, and a full name next to a clinician
word, "et al." or an eponym noun ("Austin Flint murmur") is left alone.
"""
import re
import unicodedata

from forum.privacy.lexicon import (
    CLINICIAN_WORDS, EPONYM_NOUNS, FAMOUS_SURNAMES, GIVEN_NAMES, INSTITUTION_NOUNS, NOT_INITIALS,
    NOT_NAMES,
)
from forum.privacy.rules.base import Rule, word_set

KIND = "name"
REASON = "Looks like a patient's name: refer to them as \"the patient\" or by age and sex instead."
INITIALS_REASON = "Looks like a patient's initials: initials can identify; leave them out."

UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zß-öø-ÿ"
WORD = rf"(?:[{UP}]['’])?[{UP}][{LOW}][{UP}{LOW}]*(?:-[{UP}][{LOW}][{UP}{LOW}]*)?"
INITIAL = rf"[{UP}]\.\s?"
DOTTED_INITIALS = rf"[{UP}]\.\s?[{UP}]\.(?:\s?[{UP}]\.)?"
# A name after a trigger: dotted initials, initial + surname, or one or two name words.
NAME = rf"(?:{DOTTED_INITIALS}(?:\s?{WORD})?|{INITIAL}{WORD}|{WORD}(?:\s+(?:{INITIAL})?{WORD})?)"
# A surname that starts with lower-case particles ("de la Cruz", "van der Berg", "al-Amin"):
# only after an honorific, where nothing else could follow.
PARTICLES = r"(?:de|del|della|der|den|des|van|von|da|das|dos|di|du|le|la|las|los|ter|ten|zu|bin|ibn|al|el)"
PARTICLE_SURNAME = rf"(?:(?:{PARTICLES}\s+){{1,3}}|(?:al|el)-){WORD}"

# Honorifics are scanned from the literal "M"; the other forms start from anchor words (patient,
# wife, named, initials, a given name) and match the name on the original text, for its capitals.
_HONORIFIC = re.compile(
    rf"M(?:r|rs|s|iss|x|ister|me|lle)(?:\.\s*|\s+)(?P<name>{PARTICLE_SURNAME}|{NAME}|[{UP}]\b\.?)")
_POSSESSIVE = re.compile(r"['’](?:s\b|(?=\s))")  # "Doe's", "Hastings' "
_PATIENT_WORDS = word_set("patient patients client clients pt")
_PATIENT = re.compile(
    r"(?P<trigger>(?:patient|client)s?['’]?s?|pt\b\.?)"
    r"(?P<glue>\s*,?\s*(?:whose name is|name is|name was|name:|named|called|by the name of"
    r"|initials?(?: are| were| is)?:?)?)\s*[,(:]?\s*")
_NAME_AT = re.compile(rf"(?P<name>{NAME}|[{UP}]{{2,3}}\b)")
_RELATION_WORDS = word_set(
    "wife husband son daughter mother mom mum father dad sister brother partner spouse grandson"
    " granddaughter grandmother grandfather niece nephew aunt uncle boyfriend girlfriend fiance fiancee"
    " friend neighbour neighbor caregiver carer roommate child baby")
_POSSESSIVE_BEFORE = re.compile(r"(?:\bhis|\bher|\btheir|\bpatient['’]s|\bpt['’]s)\s+$")
_RELATION = re.compile(r"[a-z]+\s*,?\s*")
_RELATIVE_NAME = re.compile(rf"{WORD}(?:\s+{WORD})?")
_NAMED = re.compile(r"(?:named|called|name is|name was|name:)\s+")
_PERSON_BEFORE = re.compile(
    r"\b(?:man|woman|gentleman|lady|guy|boy|girl|baby|infant|child|kid|teen|teenager|toddler|veteran"
    r"|patient|pt|his|her|patient's|pt's|son|daughter|wife|husband|mother|father)\s*,?\s*(?:is\s+|was\s+)?$")
_INITIALS_LABEL = re.compile(r"initials?\s*(?:are|were|is|of)?\s*[:\-]?\s*\(?")
_INITIALS_AT = re.compile(rf"{DOTTED_INITIALS}|[{UP}]\.?\s?[{UP}]\.?(?:\s?[{UP}]\.?)?")
# Initials tied to an age ("J.S., a 72-year-old", "JS, 45M"): found from the age, looking back.
_AGE_AT = re.compile(r"\d{1,3}\s*-?\s*(?:(?i:years?[\s-]*old|years of age|yrs?[\s-]*old|y/?o\b|yo\b|y\.o\.)|[MF]\b)")
_AGE_NUMBER_BEFORE = re.compile(r"\d{1,3}\s*-?\s*$")
_INITIALS_BEFORE_AGE = re.compile(
    rf"(?<![\w.])(?P<name>{DOTTED_INITIALS}|[{UP}]{{2,3}})\s*(?:,|\(|\bis\b|\bwas\b)?\s*(?:an?\s+)?$")
# Only the given name is consumed, so "The Maria Lopez" still finds "Maria Lopez".
_FULL_NAME = re.compile(rf"(?P<given>[{UP}][{LOW}]+)(?=\s+(?:{INITIAL})?(?P<surname>{WORD})\b)")

# The text itself calls the named person a patient ("Tom Baker (my patient)", "Maria, our
# patient,"): that settles it, whatever came before ("Dear colleagues, Tom Baker ...").
_PATIENT_AFTER = re.compile(
    r"\s*[,(\u2013\u2014-]\s*(?:(?:my|our|the|a|this|your)\s+)?(?:patient|pt)\b", re.IGNORECASE)
# A lone given name in apposition to an age ("Maria, a 45-year-old teacher", "Maria (45F)").
_GIVEN_BEFORE_AGE = re.compile(
    rf"(?<![\w.])(?P<name>{WORD})\s*(?:,|\(|\bis\b|\bwas\b)?\s*(?:an?\s+)?$")
# Given names that are also months or days: "In June, a 45-year-old man" names nobody.
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday".split())
_NAMED_WORDS = word_set("name named called")
_INITIAL_WORDS = word_set("initial initials")
# The initials-and-age form needs an age nearby: a word like "year" or a shorthand like "45M".
_AGE_WORDS = word_set("year years yr yrs yo y")
_AGE_SHORTHAND = frozenset(f"{n}{sex}".encode() for n in range(1, 125) for sex in ("m", "f", "yo", "yom", "yof"))
_GIVEN_WORDS = frozenset(name.encode() for name in GIVEN_NAMES)
_PLACEHOLDERS = frozenset("XYZ")
_LAST_WORD = re.compile(r"([\w.]+)\s*,?\s*$")
_NEXT_WORD = re.compile(r"(?:['’]s)?\s*(?:,\s*)?(?P<word>[\w'’]+)(?:\s+(?P<second>[\w'’]+))?")
_DEGREE_AFTER = re.compile(r"\s*,?\s*(?:MD|DO|MBBS|MBChB|PhD|RN|NP|PA|FRCP|FACP|MPH)\b|\s+et\.?\s+al")
_NOT_A_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.'’-")


def _folded(word: str) -> str:
    """Lower-case without accents, for list look-ups ("José" -> "jose")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _given(word: str) -> bool:
    return _folded(word) in GIVEN_NAMES


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’\-]*", name)


def _is_name(name: str, *, need_given: bool) -> bool:
    """No word is a common capitalised non-name; a bare single word must be a known given name."""
    words = _words(name)
    if not words or any(w.lower() in NOT_NAMES for w in words):
        return False
    return not (need_given and len(words) == 1 and len(words[0]) > 1 and not _given(words[0]))


def _trim(name: str) -> str:
    """Drop trailing words that are clearly not part of the name ("Mr. Jones The" -> "Mr. Jones")."""
    words = list(re.finditer(r"\S+", name))
    while len(words) > 1 and words[-1].group().strip(".").lower() in NOT_NAMES:
        words.pop()
    return name[:words[-1].end()] if words else name


def _named_thing(word) -> bool:
    return word in EPONYM_NOUNS or word in INSTITUTION_NOUNS


def _eponym_or_institution_after(doc, end: int) -> bool:
    """A noun such as "syndrome" or "Hospital" follows, perhaps after one more capitalised word
    ("Lee Silverman Voice Treatment", "Henry Ford Heart Institute")."""
    match = _NEXT_WORD.match(doc.low, end, end + 40)
    if not match:
        return False
    if _named_thing(match.group("word")):
        return True
    return doc.text[match.start("word")].isupper() and _named_thing(match.group("second"))


def _clinician_before(doc, start: int) -> bool:
    match = _LAST_WORD.search(doc.low, max(0, start - 30), start)
    return bool(match) and match.group(1) in CLINICIAN_WORDS


def _initials_ok(name: str) -> bool:
    letters = re.sub(r"[^A-ZÀ-ÖØ-Þ]", "", name)
    return letters not in NOT_INITIALS and not set(letters) <= _PLACEHOLDERS


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or text[index - 1].lower() not in _NOT_A_NAME_START


def _honorifics(doc):
    text = doc.text
    for match in _HONORIFIC.finditer(text):
        if not _starts_word(text, match.start()) or _clinician_before(doc, match.start()):
            continue
        name = _trim(match.group("name"))
        if len(name.rstrip(".")) == 1 and name[0] in _PLACEHOLDERS:
            continue
        if len(name) > 2 and not _is_name(name, need_given=False):
            continue
        end = match.start("name") + len(name)
        # "Mrs. Hart's treatment" is a person's, whatever noun follows: eponyms take no honorific.
        if _POSSESSIVE.match(text, end) or not _eponym_or_institution_after(doc, end):
            yield match.start(), end


def _needs_given(doc, match, glue: str) -> bool:
    """A lone capitalised word after "patient" is a surname ("patient Svensson") unless the trigger
    could end a sentence ("pt.") or starts a title ("Patient Flow"): then it must be a given name."""
    if glue:
        return False
    trigger = match.group("trigger")
    return trigger.endswith(".") or doc.text[match.start()].isupper()


def _patient_names(doc):
    for anchor in doc.word_offsets(_PATIENT_WORDS):
        match = _PATIENT.match(doc.low, anchor)
        found = _NAME_AT.match(doc.text, match.end()) if match else None
        if not found:
            continue
        name, start = _trim(found.group("name")), found.start()
        glue = match.group("glue").strip(" ,")
        if name.isupper() and "." not in name:
            if "initial" in glue and _initials_ok(name):
                yield start, start + len(name), INITIALS_REASON
        elif re.fullmatch(DOTTED_INITIALS, name):
            if _initials_ok(name):
                yield start, start + len(name), INITIALS_REASON
        elif _is_name(name, need_given=_needs_given(doc, match, glue)) \
                and not _eponym_or_institution_after(doc, start + len(name)):
            yield start, start + len(name)


def _relatives(doc):
    for anchor in doc.word_offsets(_RELATION_WORDS):
        if not _POSSESSIVE_BEFORE.search(doc.low, max(0, anchor - 16), anchor):
            continue
        found = _RELATIVE_NAME.match(doc.text, _RELATION.match(doc.low, anchor).end())
        if found:
            name = _trim(found.group())
            if _is_name(name, need_given=False) and not _eponym_or_institution_after(doc, found.start() + len(name)):
                yield found.start(), found.start() + len(name)


def _named(doc):
    for anchor in doc.word_offsets(_NAMED_WORDS):
        match = _NAMED.match(doc.low, anchor)
        if not match:
            continue
        person = _PERSON_BEFORE.search(doc.low, max(0, match.start() - 30), match.start())
        found = _NAME_AT.match(doc.text, match.end())
        if not found or not (person or match.group().startswith("name")):
            continue
        name = _trim(found.group("name"))
        if not name.isupper() and _is_name(name, need_given=False):
            yield found.start(), found.start() + len(name)


def _initials(doc):
    """Initials after "initials", or before an age (and a lone given name before an age)."""
    for anchor in doc.word_offsets(_INITIAL_WORDS):
        match = _INITIALS_LABEL.match(doc.low, anchor)
        found = _INITIALS_AT.match(doc.text, match.end())
        if found and _initials_ok(found.group()):
            yield found.start(), found.end(), INITIALS_REASON
    for number in _age_numbers(doc):
        if not _AGE_AT.match(doc.text, number):
            continue
        found = _INITIALS_BEFORE_AGE.search(doc.text, max(0, number - 16), number)
        if found and _initials_ok(found.group("name")):
            yield found.start("name"), found.end("name"), INITIALS_REASON
            continue
        # A given name on its own in apposition to the age ("Maria, a 45-year-old", "Maria (45F)").
        found = _GIVEN_BEFORE_AGE.search(doc.text, max(0, number - 24), number)
        if found and _lone_given_name(doc, found.group("name"), found.start("name")):
            yield found.start("name"), found.end("name")


def _given_names_alone(doc):
    """A given name on its own that the words after it call a patient ("Maria (my patient)");
    tied to an age, _initials finds it."""
    text = doc.text
    if text.isascii():
        for anchor in doc.word_offsets(_GIVEN_WORDS):
            end = anchor
            while end < len(text) and (text[end].isalpha() or text[end] in "'’-"):
                end += 1
            if _PATIENT_AFTER.match(text, end) and _lone_given_name(doc, text[anchor:end], anchor):
                yield anchor, end


def _lone_given_name(doc, word: str, start: int) -> bool:
    folded = _folded(word)
    return (word[0].isupper() and _given(word) and folded not in NOT_NAMES
            and folded not in _CALENDAR_WORDS and not _clinician_before(doc, start))


def _age_numbers(doc):
    """Where the number of an age expression starts ("45" in "a 45-year-old", "45M")."""
    for anchor in doc.word_offsets(_AGE_WORDS):
        number = _AGE_NUMBER_BEFORE.search(doc.low, max(0, anchor - 8), anchor)
        if number:
            yield number.start()
    for word in doc.words & _AGE_SHORTHAND:
        for index in doc.find_all(word.decode()):
            if doc.word_start(index):
                yield index


def _given_name_matches(doc):
    """"Given Surname" candidates: from the given names that occur (ASCII text), else a full scan."""
    text = doc.text
    if not text.isascii():
        yield from _FULL_NAME.finditer(text)
        return
    for anchor in doc.word_offsets(_GIVEN_WORDS):
        if text[anchor].isupper():
            match = _FULL_NAME.match(text, anchor)
            if match:
                yield match


def _full_names(doc):
    text = doc.text
    for match in _given_name_matches(doc):
        given, surname = match.group("given"), match.group("surname")
        start, end = match.start(), match.end("surname")
        if not _given(given) or not _starts_word(text, start):
            continue
        if _PATIENT_AFTER.match(text, end):
            yield start, end
            continue
        if _folded(surname) in NOT_NAMES or _folded(surname) in FAMOUS_SURNAMES:
            continue
        if _clinician_before(doc, start) or _DEGREE_AFTER.match(text, end, end + 12):
            continue
        if not _eponym_or_institution_after(doc, end):
            yield start, end


def find(doc):
    """Spans of patient names, initials and relatives' names."""
    for finder in (_honorifics, _patient_names, _relatives, _named, _initials, _full_names,
                   _given_names_alone):
        yield from finder(doc)


RULE = Rule(KIND, REASON, find)
