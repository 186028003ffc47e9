"""Ages over 89 ("92-year-old", "aged 95", "age: 101", "94F", "94/F", "F, 95,", "she is 95",
"in her late 90s", "will be 100 next month", "born in 1928").

Safe Harbor lets ages over 89 be given only as one category, "90 or older". Ages under 90, cohort
descriptions ("patients aged 90 and over"), temperatures ("T 101F"), saturations ("she is 92 on
room air") and doses are left alone.
"""
import datetime
import re

from forum.privacy.rules.base import Rule, matches_from, word_set

KIND = "age"
REASON = "Ages over 89 can identify a patient: write \"90 or older\" instead."
BIRTH_YEAR_REASON = ("A birth year that makes the patient older than 89 can identify them: "
                     "write \"90 or older\" instead.")

_OVER_89 = r"(?P<n>9\d|1[0-2]\d)"
# Abbreviations alone count ("94y", "94yrs"); "years" needs "old" ("100 years of insulin").
_UNITS = (r"(?:years?|yrs?|yr)\s*-?\s*old|years?\s+of\s+age|y\.?\s?o\.?(?![a-z])|y/o|yo[mf]?\b|yrs?\b"
          r"|y(?![a-z/.])")
# "92-year-old", "92 y/o" and the "94F", "94 F", "94/F" shorthand (which needs its capital),
# matched at the number.
_YEARS_OLD = re.compile(rf"{_OVER_89}(?:\s*-?\s*(?i:{_UNITS})|(?P<sex>\s?/?\s?[MF])\b)")
# "aged 95", "Age (years): 94", "Sex/Age: F/94", "age/sex 94/F", "aged 94y"
_AGED = re.compile(rf"age(?:d|\s*\((?:years?|yrs?|y)\)|\s*/\s*sex)?\s*(?:of\s+)?[:=]?\s*(?:[mf]\s*/\s*)?"
                   rf"{_OVER_89}(?:y|yo|yrs?)?\b(?![.,]\d)")
# Ages stated without a unit are found from the number itself (a word from 90 to 129, which is
# rare in a post), looking back for what states it: the sex ("F, 95,", "F/94"), a person ("Pt is
# 95.", "she is 95 and", "he's 97") or a birthday to come ("will be 100 next month").
_OVER_89_NUMBERS = frozenset(str(n).encode() for n in range(90, 130))
_STATED_BEFORE = re.compile(
    r"(?:(?<![\w.])[MF]\s*[/,]\s*|(?i:\b(?:he|she|pt|patient)(?:\s+is|\s+was|['’]s)\s+(?:now\s+|only\s+"
    r"|nearly\s+|almost\s+)?)|(?P<future>(?i:\b(?:will\s+be|turns|turning)\s+))"
    # "a gentleman of 103", "a man of 95", "lady of 97"
    r"|(?i:\b(?:man|woman|gentleman|gent|lady|chap|fellow|patient|pt|widow|widower|veteran|grand(?:mother|father|ma|pa)"
    r"|granny|nan|resident)\s+of\s+))$")
# A named person just before a bare age: "Mr Hurley, 93,", "Dorothy (Dot) Pemberton, 91,", "Mrs
# Hamid is 90 in May". The age must end its phrase ("Ottawa Hospital, 95 beds" is a count).
_NAMED = r"(?:\bM(?:r|rs|s|iss)\.?\s+|\b[A-Z][a-z]+\s+(?:\([A-Z][a-z]+\)\s+)?)[A-Z][a-z'’\-]+"
_NAME_COMMA_BEFORE = re.compile(rf"{_NAMED},\s*$")
_NAME_IS_BEFORE = re.compile(rf"\bM(?:r|rs|s|iss)\.?\s+[A-Z][a-z'’\-]+\s+(?:is|was|turns|turned)\s+(?:now\s+)?$")
_NOT_A_PATIENTS_TITLE = frozenset({"dr", "prof", "doctor", "professor", "sister", "nurse"})


def _named_person_before(text: str, number: int) -> bool:
    """A patient named just before the number ("Mr Hurley, 93"), not a clinician ("Dr Hurley, 93")."""
    named = _NAME_COMMA_BEFORE.search(text, max(0, number - 50), number) \
        or _NAME_IS_BEFORE.search(text, max(0, number - 50), number)
    return bool(named) and named.group().split()[0].lower().rstrip(".") not in _NOT_A_PATIENTS_TITLE


_AGE_ENDS = re.compile(r"\s*(?:[,;)]|[-–]\s|\s(?:in|next|this|and|with)\b|$)")
_SEX_WORDS = word_set("f m")
_STATING_WORDS = frozenset({"is", "was", "s", "be", "turns", "turning", "now", "only", "nearly", "almost", "of"})
_TIME_AFTER = re.compile(r"\s+(?:next|this|on|in|tomorrow|today|soon)\b")
# What follows a number that is not an age: a unit, a saturation on oxygen, a fraction.
_NOT_AN_AGE_AFTER = re.compile(
    r"(?:[.,]?\d|\s*(?:%|mg|kg|lbs?|cm|mmhg|bpm|/|°|percent|degrees|on\b|at\b|minutes|mins?\b|points))")
_SPELLED_AGE = (r"(?:ninety|one\s+hundred(?:\s+and)?)(?:[\s-](?:one|two|three|four|five|six|seven|eight"
                r"|nine))?")
# "ninety-three-year-old", "aged ninety-one", "age one hundred and two"
_WORDS = re.compile(rf"{_SPELLED_AGE}[\s-]+(?:years?[\s-]+old|year[\s-]old|years\s+of\s+age)"
                    rf"|aged?\s+(?:of\s+)?{_SPELLED_AGE}\b")
# "She is ninety-four", "he's now one hundred and one": a spelled age stated of a person.
_SPELLED_STATED = re.compile(
    rf"\b(?:he|she|pt|patient|mum|mom|dad|gran|nan)(?:\s+is|\s+was|['’]s)\s+(?:now\s+|only\s+|nearly\s+|almost\s+)?"
    rf"{_SPELLED_AGE}\b(?![\s-]+(?:percent|per\s+cent|%|minutes|mins|seconds|kg|pounds|lbs|degrees|mg|ml|units"
    r"|metres|meters|yards|miles|times))")
_DECADE = re.compile(
    r"in\s+(?:his|her)\s+(?:early\s+|mid\s*-?\s*|late\s+)?(?:90s|90['’]s|nineties|100s|hundreds)\b")
_BIRTHDAY = re.compile(rf"(?:{_OVER_89}(?:st|nd|rd|th)\s+birthday|turned\s+(?P<t>9\d|1[0-2]\d)\b(?!\s*(?:%|mg|/|°|deg))"
                       rf"|turned\s+{_SPELLED_AGE}\b)")
# "a nonagenarian", "centenarian with sepsis"; not the plural or a group ("nonagenarian patients").
_AGENARIAN = re.compile(r"(?:(?:an?|this|our|my|the)\s+(?:[a-z\-]+\s+)?)?(?:nonagenarian|centenarian|supercentenarian)\b"
                        r"(?!\s+(?:patients|people|population|cohorts?|studies|data|trials?|and\s+older))")
_BIRTH_YEAR = re.compile(
    r"(?:born|d\.?o\.?b\.?|year\s+of\s+birth|birth\s+year)\s*[:\-]?\s*(?:in\s+)?(?P<y>1[89]\d{2})\b")

# Ages are found from a word such as "year" (the number is matched behind it) or from a word
# that carries the number itself ("94f", "92yo", "92y" from "92y/o").
_YEAR_WORDS = word_set("year years yr yrs yo yom yof y")
_OVER_89_BEFORE = re.compile(r"(?<![\w.])(?:9\d|1[0-2]\d)\s*-?\s*$")
_OVER_89_WORDS = frozenset(f"{n}{suffix}".encode() for n in range(90, 130)
                           for suffix in ("m", "f", "yo", "yom", "yof", "y", "yr", "yrs", "years"))
_AGE_WORDS = word_set("age aged")
_STRAIGHT_DECADE = frozenset({b"90", b"s"})  # "90's", written with a straight apostrophe
_SPELLED_CHECKS = ((word_set("ninety hundred"), _WORDS), (word_set("ninety hundred"), _SPELLED_STATED),
                   (word_set("90s nineties 100s hundreds"), _DECADE),
                   (word_set("nonagenarian centenarian supercentenarian"), _AGENARIAN),
                   (word_set("birthday turned"), _BIRTHDAY))
_BIRTH_WORDS = word_set("born dob d birth")
_BIRTH_NEEDLES = ("born", "birth", "dob", "d.o", "do.b")  # "d.o.b" and "d.ob" hold "d.o"
_COHORT_AFTER = re.compile(
    r"\s*(?:\+|and\s+(?:over|older|above|up)|or\s+(?:over|older|above|more)|to\s+\d|-\s*\d|–\s*\d"
    r"|through\s+\d|years?\s+and\s+(?:over|older))")
_COHORT_BEFORE = re.compile(
    r"(?:patients|people|adults|persons|individuals|participants|subjects|those|cohort|residents"
    r"|mean|median|average|over|above|under|>|<|≥|≤|>=|<=)\s*$")
_TEMPERATURE_BEFORE = re.compile(r"(?:\bt|temp|temperature|t\s?max|febrile|fever|°)\s*(?:of|to|was|:)?\s*$")
_NUMBER_BEFORE = frozenset("0123456789.,#")


def _individual(doc, start: int, end: int, number_start: int | None = None) -> bool:
    """Not part of a longer number and not a cohort ("patients aged 90 and over")."""
    low = doc.low
    first = start if number_start is None else number_start
    if first > 0 and (low[first - 1] in _NUMBER_BEFORE or low[first - 1].isalpha()):
        return False
    return not (_COHORT_BEFORE.search(low, max(0, start - 20), start) or _COHORT_AFTER.match(low, end))


def _age_starts(doc):
    for anchor in doc.word_offsets(_YEAR_WORDS):
        number = _OVER_89_BEFORE.search(doc.low, max(0, anchor - 8), anchor)
        if number:
            yield number.start()
    for word in doc.words & _OVER_89_WORDS:
        yield from doc.find_all(word.decode())
    if doc.has_word(_SEX_WORDS):  # "94 F", "94/F"
        yield from doc.word_offsets(_OVER_89_NUMBERS)


def _numeric(doc):
    low = doc.low
    for age_start in _age_starts(doc):
        match = _YEARS_OLD.match(doc.text, age_start)
        if not match:
            continue
        start, end = match.span()
        if not _individual(doc, start, end):
            continue
        if match.group("sex") and (_TEMPERATURE_BEFORE.search(low, max(0, start - 20), start)
                                   or low.startswith("°", end)):
            continue
        yield start, end
    for anchor in doc.word_offsets(_AGE_WORDS):
        match = _AGED.match(low, anchor)
        if match and _individual(doc, match.start(), match.end(), match.start("n")):
            yield match.span()
    yield from _stated(doc)


def _stating_word_before(text: str, number: int) -> bool:
    """Cheap pre-check for _STATED_BEFORE (a search that costs microseconds): the number follows
    a sex letter or a name and "," or "/", or a word such as "is", "was", "'s" or "be"."""
    index = number
    while index and text[index - 1] == " ":
        index -= 1
    if index and text[index - 1] in ",/":
        index -= 1
        while index and text[index - 1] == " ":
            index -= 1
        if index > 0 and text[index - 1] in "MF" and (index == 1 or not text[index - 2].isalnum()):
            return True
        return index > 0 and text[index - 1].isalpha() \
            and bool(_NAME_COMMA_BEFORE.search(text, max(0, index - 50), index + 1))
    word_end = index
    while index and text[index - 1].isalpha():
        index -= 1
    return text[index:word_end].lower() in _STATING_WORDS


def _stated(doc):
    """Ages stated without a unit: beside the sex ("F, 95,") or a name ("Mr Hurley, 93,"), of a
    person ("she is 95", "Mrs Hamid is 90 in May"), or a coming birthday ("will be 100 next month")."""
    text, low = doc.text, doc.low
    for number in doc.word_offsets(_OVER_89_NUMBERS):
        end = number + (3 if text[number:number + 3].isdigit() else 2)
        if not _stating_word_before(text, number) or _NOT_AN_AGE_AFTER.match(low, end) \
                or _COHORT_AFTER.match(low, end):
            continue
        before = _STATED_BEFORE.search(text, max(0, number - 30), number)
        if before and (not before.group("future") or _TIME_AFTER.match(low, end)):
            yield before.start(), end
        elif _AGE_ENDS.match(text, end) and _named_person_before(text, number):
            yield number, end


_STATING_PEOPLE = word_set("he she pt patient mum mom dad gran nan")


def _spelled_matches(doc, pattern):
    """pattern.finditer(doc.low), tried only where a match can begin (matches_from) for the
    patterns that start with an alternation: a scan of the text cost 50-100 microseconds."""
    low = doc.low
    if pattern is _WORDS:
        return matches_from(pattern, low, doc.find_all("ninety") + doc.find_all("one") + doc.find_all("age"))
    if pattern is _BIRTHDAY:
        return matches_from(pattern, low, [*doc.find_all("turned"), *_ordinals_before_birthday(doc)])
    if pattern is _SPELLED_STATED and doc.text.isascii():  # its words are then the text's words
        return matches_from(pattern, low, doc.word_offsets(_STATING_PEOPLE))
    return pattern.finditer(low)


def _ordinals_before_birthday(doc) -> list[int]:
    """Where "95th" or "101st" may start before white space and "birthday"."""
    low, starts = doc.low, []
    for birthday in doc.find_all("birthday"):
        index = birthday
        while index > 0 and low[index - 1].isspace():
            index -= 1
        if index < birthday:
            starts += [start for start in (index - 4, index - 5) if start >= 0]
    return starts


def _spelled(doc):
    low = doc.low
    for words, pattern in _SPELLED_CHECKS:
        # "90's" splits into the words "90" and "s": its apostrophe is looked for instead.
        if doc.words.isdisjoint(words) and not (pattern is _DECADE and _STRAIGHT_DECADE <= doc.words):
            continue
        for match in _spelled_matches(doc, pattern):
            if not doc.word_start(match.start()):
                continue
            number = match.groupdict().get("n") or match.groupdict().get("t")
            if number is None or 90 <= int(number) <= 129:
                yield match.span()


def _birth_years(doc, this_year: int):
    # "d" (vitamin D, D/C) lets most posts past the words; every label holds one of the needles,
    # and a few str.find calls cost far less than the pattern's scan of the text.
    if not doc.has_word(_BIRTH_WORDS) or not doc.has(*_BIRTH_NEEDLES):
        return
    # A label starts with one of the needles or "year" ("year of birth"): tried only there.
    starts = [index for needle in (*_BIRTH_NEEDLES, "year") for index in doc.find_all(needle)]
    for match in matches_from(_BIRTH_YEAR, doc.low, starts):
        if doc.word_start(match.start()) and this_year - int(match.group("y")) > 89:
            yield match.start(), match.end(), BIRTH_YEAR_REASON


def find(doc):
    """Spans of an individual's age over 89, however it is written."""
    yield from _numeric(doc)
    yield from _spelled(doc)
    yield from _birth_years(doc, datetime.date.today().year)


RULE = Rule(KIND, REASON, find)
