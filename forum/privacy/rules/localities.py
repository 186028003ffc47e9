"""Places that narrow a patient down without a street or a word of residence, which the addresses
rule reports with its own: where they work or study ("a butcher in Ennis", "works as a nurse at
Ludhiana Civil Hospital", "a law student at UCT"), the town in a name-age row ("Mr Abdulrahman
Musa, 60, Kano;"), a district or a village by name ("in Sitapur district"), and a town typed in
lower case in a post written all in lower case ("lives in lower moreton", "55, from tondo manila").

A workplace counts only after an occupation that is not a clinician's or a trainee's (a colleague's
hospital names no patient), or after "works"/"teaches" of the person the post is about ("she works
at", not "Dr Ito works at"); a country, a state or a ward ("works in ICU") names nobody. The lower-case forms run only when the post has no capital letter at all: in ordinary prose
a lower-case word after "lives in" is a circumstance ("lives in fear", "lives in sheltered housing").
"""
import re

from forum.privacy.lexicon import CLINICIAN_WORDS, GIVEN_NAMES, LARGE_PLACES, NOT_NAMES
from forum.privacy.rules.base import word_set

# Occupations a patient is described by. Clinicians' words (lexicon.CLINICIAN_WORDS) are left out,
# and so are those a colleague or a company's staff hold ("principal investigator at", "the
# engineer at Medtronic", "presenter at the conference", "ward clerk at").
OCCUPATIONS = frozenset("""
builder butcher baker trader teacher headmaster headmistress jockey garda councillor councilor
pastor priest imam vicar rabbi nun monk shopkeeper vendor hawker carpenter plumber electrician mechanic
chef cook guard soldier policeman policewoman fireman firefighter miner labourer laborer accountant
lawyer solicitor barrister banker cashier waiter waitress bartender barman barmaid journalist footballer
student pupil mayor senator politician farmer fisherman driver tailor weaver herdsman shepherd sailor
seaman trucker
""".split())
_OCCUPATION_WORDS = frozenset(word.encode() for word in OCCUPATIONS)
_WORK_VERBS = word_set("works worked working employed teaches taught")
# A capitalised place, perhaps a saint's ("St Brigid's") or an acronym ("UCT"), of up to four words.
_PLACE = r"(?P<town>(?:St\.?\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})"
_OCCUPATION_AT = re.compile(rf"[A-Za-z]+\s+(?P<preposition>at|in)\s+(?:the\s+)?{_PLACE}")
# "works as a nurse at", "works night shifts at", "teaches maths at": at most four words between,
# not across a person taught or an infinitive ("taught me to look at the JVP").
_WORKS_AT = re.compile(rf"[A-Za-z]+(?:\s+(?!(?:to|me|us|him|her|them|you)\b)[a-z\-]+){{0,4}}?\s+"
                       rf"(?P<preposition>at|in|for)\s+(?:the\s+)?{_PLACE}")
# Who works: a person the post is about ("she works at", "patient works at"), not a named colleague
# ("Dr Ito works at", "Osler taught at").
_WORKER_WORDS = frozenset("he she who pt patient they also still now currently and".split())
# A trainee is a colleague: "our medical student at UCD", "my elective student at".
_TRAINEE_BEFORE = frozenset("medical med nursing pharmacy dental elective visiting my our final-year".split())
# Capitalised words that are no workplace: units of a hospital, sectors, school years.
_NOT_WORKPLACES = frozenset("""
icu hdu a&e ed er it the nhs hse army navy police government theatre theatres resus triage majors
minors pharmacy radiology pathology finance sales retail construction education year grade form class
""".split())


def _place_span(doc, match):
    """The workplace of `match`: its capitalised words up to the first that is no name."""
    words = match.group("town").split()
    kept = []
    for word in words:
        low = word.lower().rstrip(".,;:")
        if kept and (low in NOT_NAMES or low in LARGE_PLACES):
            break
        kept.append(word)
    place = " ".join(kept)
    first = kept[0].lower().rstrip(".")
    if place.lower() in LARGE_PLACES or first in NOT_NAMES or first in _NOT_WORKPLACES or first in LARGE_PLACES:
        return None
    start = match.start("town")
    return start, start + len(place)


def _worker_before(low: str, anchor: int, before: list[str]) -> bool:
    """The person who works is the one the post is about: a pronoun or "patient" just before the
    verb, or a phrase in apposition with no clinician in it ("Jaspreet Kaur, 33, works")."""
    if not before:
        return False
    if before[-1] in _WORKER_WORDS:
        return True
    return before[-1].endswith(",") and CLINICIAN_WORDS.isdisjoint(low[max(0, anchor - 40):anchor].split())


def _workplaces(doc):
    text, low = doc.text, doc.low
    for words, pattern in ((_OCCUPATION_WORDS, _OCCUPATION_AT), (_WORK_VERBS, _WORKS_AT)):
        for anchor in doc.word_offsets(words) if doc.has_word(words) else ():
            before = low[max(0, anchor - 24):anchor].split()[-2:]
            if words is _WORK_VERBS and not _worker_before(low, anchor, before):
                continue
            if words is _OCCUPATION_WORDS and not _TRAINEE_BEFORE.isdisjoint(before):
                continue
            match = pattern.match(text, anchor)
            span = _place_span(doc, match) if match else None
            if span and not (match.group("preposition") == "in" and text[span[0]:span[1]].isupper()):
                yield span  # "a driver in RTA" is no place


# A town in apposition after an age in a row: "Musa, 60, Kano;", "Russo, 77, Montreal, heart".
_ROW_SHAPES = (b", 00, A", b", 00A, A", b", 0, A", b", 000, A")
_TOWN_AFTER_AGE = re.compile(r",\s\d{1,3}[MF]?,\s(?P<town>[A-Z][a-z'’\-]+(?:\s[A-Z][a-z'’\-]+)?)(?=[,;]|\s[-–])")
# Words that stand in that place of a row and are no town: sex, smoking, marital status, ethnicity.
_NOT_ROW_TOWNS = frozenset("""
male female man woman boy girl retired married single widowed divorced smoker nonsmoker non-smoker
ex-smoker caucasian white black asian hispanic latino latina mixed coloured indigenous aboriginal
primigravida multigravida nulliparous term preterm known previously
""".split())
# "Nigerian", "Irish", "Filipino", "Congolese": a nationality, not a town.
_NATIONALITY_ENDINGS = ("ian", "ese", "ish", "ino", "ina", "ean", "ani", "ali", "eni", "ch")


def _row_towns(doc):
    text, shape = doc.text, doc.case_shape
    for needle in _ROW_SHAPES:
        index = shape.find(needle)
        while index != -1:
            match = _TOWN_AFTER_AGE.match(text, index)
            if match:
                town = match.group("town")
                low = town.lower()
                first = low.split()[0]
                if low not in LARGE_PLACES and first not in NOT_NAMES and first not in _NOT_ROW_TOWNS \
                        and first not in GIVEN_NAMES and not first.endswith(_NATIONALITY_ENDINGS):
                    yield match.span("town")
            index = shape.find(needle, index + 1)


# A place named with the noun of a subdivision smaller than a state, written in lower case after
# it: "in Sitapur district", "Ward 5, Kibera village", "barangay Tanauan". A capitalised noun is
# as often a region's proper name ("the Lake District", "the Peak District") and is left alone.
_SUBDIVISION_WORDS = word_set("district village township barangay taluk tehsil municipality parish")
_PLACE_BEFORE_NOUN = re.compile(r"(?<![\w\-])(?P<town>[A-Z][a-z'’\-]+(?:\s[A-Z][a-z'’\-]+)?)\s$")
_BARANGAY = re.compile(r"barangay\s+(?P<town>[A-Z][a-z'’\-]+(?:\s[A-Z][a-z'’\-]+)?)")


def _subdivisions(doc):
    text = doc.text
    for anchor in doc.word_offsets(_SUBDIVISION_WORDS) if doc.has_word(_SUBDIVISION_WORDS) else ():
        if not text[anchor].islower():
            continue
        match = _BARANGAY.match(text, anchor) if text.startswith("barangay", anchor) else None
        match = match or _PLACE_BEFORE_NOUN.search(text, max(0, anchor - 30), anchor)
        if not match:
            continue
        town = match.group("town")
        first = town.split()[0].lower()
        if town.lower() in LARGE_PLACES or first in NOT_NAMES or first in _NOT_WORKPLACES:
            continue
        yield match.span("town")


# In a post with no capital letter: a town after a word of residence ("lives in lower moreton") or
# after a person's age and "from" ("sarah o'brien, 40, from cork").
_LOWER_HOME = re.compile(
    r"(?:lives|lived|living|resides|resided|residing|grew\s+up|hails|moved)\s+(?:in|at|near|to|from|outside)\s+"
    r"(?P<town>[a-z][a-z'’\-]+(?:\s[a-z][a-z'’\-]+){0,2})")
_LOWER_FROM = re.compile(r",\s*\d{1,3}\s*[mf]?\s*,\s*from\s+(?P<town>[a-z][a-z'’\-]+(?:\s[a-z][a-z'’\-]+){0,2})")
_LOWER_HOME_WORDS = word_set("lives lived living resides resided residing grew hails moved")
# First words after "lives in" that make a circumstance or a kind of home, not a town.
_NOT_LOWER_TOWNS = frozenset("""
a an the his her their our my your this that one sheltered supported residential nursing care assisted
rural remote fear poverty denial hope pain squalor isolation temporary social council private rented
shared town city village country countryside suburbs suburb hostel shelter accommodation housing
home house flat apartment caravan tent halfway community hospice retirement poor
""".split())


def _lower_town(doc, match):
    words = match.group("town").split()
    kept = []
    for word in words:
        if word in NOT_NAMES or word in _NOT_LOWER_TOWNS:
            break
        kept.append(word)
    if not kept or words[0] in _NOT_LOWER_TOWNS or " ".join(kept) in LARGE_PLACES:
        return None
    start = match.start("town")
    return start, start + len(" ".join(kept))


def _lower_case_towns(doc):
    text = doc.text
    if text != doc.low:
        return
    for anchor in doc.word_offsets(_LOWER_HOME_WORDS) if doc.has_word(_LOWER_HOME_WORDS) else ():
        match = _LOWER_HOME.match(text, anchor)
        span = _lower_town(doc, match) if match else None
        if span:
            yield span
    for index in doc.find_all(" from ") if b"from" in doc.words else ():
        match = _LOWER_FROM.search(text, max(0, index - 14), index + 40) if text[index - 1:index] == "," else None
        span = _lower_town(doc, match) if match else None
        if span:
            yield span


def find(doc):
    """Spans of workplaces, towns in a name-age row, districts and villages, and lower-case towns."""
    yield from _workplaces(doc)
    yield from _row_towns(doc)
    yield from _subdivisions(doc)
    yield from _lower_case_towns(doc)
