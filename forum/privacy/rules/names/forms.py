"""Names found from a word that introduces them: an honorific ("Mrs. Abernathy"), the word
patient ("patient Svensson"), "named", a known given name ("Gregory Pellinger"), or a surname
and comma before a given name at the start of a sentence ("Smith, John presented")."""
import re

from forum.privacy.lexicon import CLINICIAN_WORDS, FAMOUS_SURNAMES, NOT_INITIALS, NOT_NAMES, PLACEHOLDER_SURNAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.common import (
    CALENDAR_WORDS, DOTTED_INITIALS, GIVEN_WORDS, INITIAL, INITIALS_REASON, LOW, NAME, NAME_AT, NAME_X,
    PATIENT_AFTER, PLACEHOLDERS, UP, WORD, clinician_after, clinician_before, colleague_before,
    comparison_before, eponym_or_institution_after, eponym_without_noun, folded, given, initials_ok, is_name, lone_given_name,
    short_form_of, starts_word, trim, words_of,
)

# A surname that starts with lower-case particles ("de la Cruz", "van der Berg", "al-Amin"):
# only after an honorific, where nothing else could follow.
PARTICLES = r"(?:de|del|della|der|den|des|van|von|da|das|dos|di|du|le|la|las|los|ter|ten|zu|bin|ibn|al|el)"
PARTICLE_SURNAME = rf"(?:(?:{PARTICLES}\s+){{1,3}}|(?:al|el)-){WORD}"

# Honorifics are scanned from the literal "M"; the other forms start from anchor words (patient,
# named, a given name) and match the name on the original text, for its capitals.
_HONORIFIC = re.compile(
    rf"M(?:r|rs|s|iss|x|ister|me|lle)(?:\.\s*|\s+)(?P<name>{PARTICLE_SURNAME}|[{UP}]\s{WORD}|{NAME_X}|[{UP}]\b\.?)")
# An honorific typed in lower case ("mrs gupta", "mr. Okafor", "mrs t. nakamura"): a capitalised
# name after it counts as after "Mrs"; a lower-case one only after "mrs" or a dotted honorific
# ("mr", "ms" alone are also mitral regurgitation and multiple sclerosis), or if it is a given name.
_HONORIFIC_WORDS = word_set("mr mrs ms miss mx")
_LOWER_HONORIFIC = re.compile(
    rf"(?P<title>mrs|mr|ms|miss|mx)(?P<dot>\.)?\s+(?:(?P<name>{NAME})|(?P<low>(?:[a-z]\.\s?)?[a-z][a-z'’\-]+)"
    r"(?:\s+(?P<second>[a-z][a-z'’\-]+))?)")
# Honorifics of other languages ("Herr Müller", "Señora Gómez"); the words set is ASCII, so
# "señor" is looked for as "seor".
_FOREIGN_WORDS = word_set("herr frau senor senora seor seora senhor senhora signor signora monsieur madame")
_FOREIGN_HONORIFIC = re.compile(
    rf"(?:Herr|Frau|Se[ñn]ora?|Senhora?|Signora?|Monsieur|Madame)\s+(?P<name>{PARTICLE_SURNAME}|{NAME})")
# Lower-case words after "mrs" or "mr." that are not a name ("mr. and mrs. smith" is caught by "smith").
_NOT_A_LOWER_NAME = frozenset("""
and or but with without who whom whose which that this they she he his her their has had have is was
are were said says asked asks wants came comes presented presents also again here there today
mr mrs ms miss mx
""".split())
_NUMBER_BEFORE = re.compile(r"\d\s*$")  # "QRS 130 ms." is milliseconds
# Before a lower-case "mr" or "ms", words that make it a person ("saw old mr horsfall"), where
# mitral regurgitation or multiple sclerosis would be "severe mr", "with ms".
_SEEING_BEFORE = re.compile(r"\b(?:saw|see|seeing|seen|visited|old|poor|dear|lovely|called|bed\s+\d+|pt|patient)\s+$")
_POSSESSIVE = re.compile(r"['’](?:s\b|(?=\s))")  # "Doe's", "Hastings' "
_PATIENT_WORDS = word_set("patient patients client clients pt")
_PATIENT = re.compile(
    r"(?P<trigger>(?:patient|client)s?['’]?s?|pt\b\.?)"
    r"(?P<glue>\s*,?\s*(?:whose name is|name is|name was|name:|named|called|by the name of"
    r"|initials?(?: are| were| is)?:?|is\b|was\b)?)\s*[,(:]?\s*")
# Words that make a capitalised "Patient X" the start of a title, not a patient's surname.
_TITLE_WORDS = frozenset("""
controlled centred centered reported related focused focussed led held owned initiated activated
first level group groups population populations factors factor characteristics selection flow
discharge admission admissions handover checklist checklists leaflet leaflets list lists notes note
consent feedback pathway pathways journey journeys charter council forum panel liaison tracking
identification identifier id label labels wristband wristbands positioning transfer transfers
handling monitoring falls story stories engagement participation involvement outcome outcomes
preference preferences choice choices demographics details data summary summaries decision decisions
day days guide guides handbook handout handouts questionnaire survey surveys zero one
measure measures blood voice voices network networks association advisory committee board partners
representative representatives registry champion champions aids aid app apps safety
""".split())
# Endings of abstract nouns, which make "Patient X Y" a title ("Patient Blood Management").
_TITLE_ENDINGS = ("ment", "tion", "sion", "ness", "ity", "ship", "ism", "ance")
_DOTTED_INITIALS = re.compile(DOTTED_INITIALS)
_LOWER_NAME_AT = re.compile(r"(?P<first>[a-z][a-z'’\-]+)(?:\s+(?P<second>[a-z][a-z'’\-]+))?")
# A preposition of place before a bare full name makes it a town ("in Alice Springs", "near Port
# Elizabeth"); a person after one ("in Mary Jones's case") has a possessive, checked apart.
_PLACE_PREPOSITION_BEFORE = re.compile(r"(?<![a-z])(?:in|at|near|outside|around|across)\s+$")
_INSTITUTION_BEFORE = re.compile(r"\b(?:queen|king|king['’]s|prince|princess|st\.?|saint|royal)\s+$")
_NEXT_CAPITAL = re.compile(rf"\s+[{UP}][{LOW}]")
# What may follow a patient's two-word name: an age or a bracket, a comma, a stop, a lower-case
# word, or the end of the text.
_NAME_ENDS = re.compile(r"\s*(?:[,(;:.]|\s[a-z\d]|$)")
_NAMED_WORDS = word_set("name named called")
_NAMED = re.compile(r"(?:named|called|name is|name was|name['’]s|name:)\s+")
_PERSON_BEFORE = re.compile(
    r"\b(?:(?:man|woman|gentleman|lady|guy|boy|girl|baby|infant|child|kid|teen|teenager|toddler|veteran"
    r"|patient|pt|his|her|patient's|pt's|son|daughter|wife|husband|mother|father)\s*,?\s*(?:is\s+|was\s+)?"
    r"|(?:prefers?|likes?|wants?|asks?|asked|asking)\s+to\s+be\s+)$")
# Only the given name is consumed, so "The Maria Lopez" still finds "Maria Lopez". A short form in
# brackets may stand between the two ("Dorothy (Dot) Pemberton").
_FULL_NAME = re.compile(
    rf"(?P<given>[{UP}][{LOW}]+)(?=(?:\s+\([{UP}][{LOW}]{{1,11}}\))?\s+(?:{INITIAL})?(?P<surname>{WORD})\b)")
# "Smith, John presented": a surname and a comma before a known given name, starting a sentence.
_REVERSED_BEFORE = re.compile(rf"(?<![\w'’.\-])(?P<surname>{WORD}),\s$")
_SENTENCE_START = re.compile(r"(?:[.!?:;\n]|\n\s*[-*•])\s*$")
# "BRENNAN, Lachlan" as an EHR, a report or a tracking board writes it: a surname in capitals
# needs no sentence start.
_CAPITAL_SURNAME_BEFORE = re.compile(rf"(?<![\w.\-])(?P<surname>(?:[{UP}]['’])?[{UP}]{{2}}[{UP}'’\-]*[{UP}]),\s$")


def honorifics(doc):
    """"Mrs. Abernathy", "Herr Müller"; not a clinician in apposition ("Mr Hughes, the consultant
    surgeon"), an author ("Mr. Smith et al.") or an eponym ("Mr Jones' sign" is a person's)."""
    text = doc.text
    matches = list(_HONORIFIC.finditer(text))
    if doc.has_word(_FOREIGN_WORDS):
        matches += _FOREIGN_HONORIFIC.finditer(text)
    for match in matches:
        if not starts_word(text, match.start()) or clinician_before(doc, match.start()):
            continue
        name = trim(match.group("name"))
        if len(name.rstrip(".")) == 1 and name[0] in PLACEHOLDERS:
            continue
        if len(name) > 2 and not is_name(name, need_given=False):
            continue
        end = match.start("name") + len(name)
        if clinician_after(doc, end):
            continue
        # "Mrs. Hart's treatment" is a person's, whatever noun follows: eponyms take no honorific.
        if _POSSESSIVE.match(text, end) or not eponym_or_institution_after(doc, end):
            yield match.start(), end
    yield from _lower_case_honorifics(doc)


# Religious and civic titles before a name: "Fr. Dermot Keane", "Pastor Adeyemi", "Alhaji Musa".
# "Sr" is left out: it is as often a ward sister (a nurse) as a nun.
_TITLE_WORDS_BEFORE_NAMES = word_set("fr rev revd pastor imam alhaji alhaja")
_TITLED = re.compile(rf"(?:Fr|Rev|Revd|Pastor|Imam|Alhaji|Alhaja)(?:\.\s*|\s+)(?P<name>{NAME_X})")


def titled(doc):
    """A name after a religious or civic title, unless it is a clinician's, an eponym or a place."""
    text = doc.text
    for anchor in doc.word_offsets(_TITLE_WORDS_BEFORE_NAMES) if doc.has_word(_TITLE_WORDS_BEFORE_NAMES) else ():
        match = _TITLED.match(text, anchor)
        if not match:
            continue
        name = trim(match.group("name"))
        end = match.start("name") + len(name)
        if words_of(name)[0].lower() in CLINICIAN_WORDS:
            continue  # "Rev Dr King": a clinician's title follows
        if is_name(name, need_given=False) and not clinician_after(doc, end) \
                and not eponym_or_institution_after(doc, end):
            yield anchor, end


def _lower_case_honorifics(doc):
    text = doc.text
    for anchor in doc.word_offsets(_HONORIFIC_WORDS):
        if text[anchor] != "m" or clinician_before(doc, anchor) or _NUMBER_BEFORE.search(text, max(0, anchor - 6), anchor):
            continue
        match = _LOWER_HONORIFIC.match(text, anchor)
        if not match:
            continue
        if match.group("name"):
            name = trim(match.group("name"))
            end = match.start("name") + len(name)
            if is_name(name, need_given=False) and not clinician_after(doc, end) \
                    and not eponym_or_institution_after(doc, end):
                yield anchor, end
            continue
        words = words_of(match.group("low"))
        first = words[-1] if words else ""
        if not first or first in NOT_NAMES or first in _NOT_A_LOWER_NAME:
            continue
        if not (given(first) or match.group("title") == "mrs" or match.group("dot")
                or _SEEING_BEFORE.search(doc.low, max(0, anchor - 16), anchor)):
            continue
        end = match.end("low")
        second = match.group("second")
        if second and given(first) and second not in NOT_NAMES and second not in _NOT_A_LOWER_NAME:
            end = match.end("second")
        yield anchor, end

def _needs_given(doc, match, glue: str, name: str, end: int) -> bool:
    """After "patient" without a label, a name must start with a given name when the trigger
    could end a sentence ("pt.") or "is"/"was" joins them ("patient is Dorothy", not "patient is
    Type 1"). A capitalised trigger ("Patient Kowalski", "Pt Venkataraman") needs one only when
    the words look like a title ("Patient Controlled Analgesia", "Patient Reported Outcome"):
    a title word, or a third capitalised word after them."""
    if glue in ("is", "was"):
        return True
    if glue:
        return False
    if match.group("trigger").endswith("."):
        return True
    if not doc.text[match.start()].isupper():
        return False
    words = words_of(name)
    if any(word.lower() in _TITLE_WORDS or word.lower().endswith(_TITLE_ENDINGS) for word in words):
        return True
    after = _NEXT_CAPITAL.match(doc.text, end)
    # Two capitalised words with no third after them are a name ("Patient Rosie Hartley, aged
    # 34", "Pt Rosie-May Hartley"); a title runs on ("Patient Safety Incident Report").
    return bool(after) or (len(words) > 1 and not _NAME_ENDS.match(doc.text, end))


def _lower_case_name(doc, index: int):
    """(start, end) of a lower-case given name, and the surname after it ("darren mcallister"),
    at `index`: after "pt is", "name is", where a known given name settles it."""
    found = _LOWER_NAME_AT.match(doc.text, index)
    if not found or not given(found.group("first")) or found.group("first") in NOT_NAMES:
        return None
    second = found.group("second")
    if second and second not in NOT_NAMES and second not in _NOT_A_LOWER_NAME and not given(second) \
            and len(second) > 2:
        return found.start(), found.end()
    return found.start(), found.end("first")


# A lower-case name of up to four words and an age after "pt" with no label: "pt jose dela cruz, 55".
_LOWER_NAME_AND_AGE = re.compile(r"(?P<name>[a-z][a-z'’\-]+(?:\s[a-z][a-z'’\-]+){1,3}),\s*\d{1,3}\b")


def _lower_case_name_and_age(doc, index: int):
    """(start, end) of a lower-case name that starts with a known given name and is followed by
    an age, at `index` (just after "pt" or "patient"); None otherwise."""
    if not doc.text[index:index + 1].islower():
        return None
    found = _LOWER_NAME_AND_AGE.match(doc.text, index)
    if not found:
        return None
    words = found.group("name").split()
    if not given(words[0]) or any(word in NOT_NAMES or word in _NOT_A_LOWER_NAME for word in words):
        return None
    return found.span("name")


def _stand_in(name: str) -> bool:
    """"John Doe", "Joe Bloggs": a stand-in for a patient, not a patient's name."""
    words = words_of(name)
    return len(words) > 1 and folded(words[-1]) in PLACEHOLDER_SURNAMES


def patient_names(doc):
    for span in _patient_names(doc):
        if not _stand_in(doc.text[span[0]:span[1]]):
            yield span


def _patient_names(doc):
    for anchor in doc.word_offsets(_PATIENT_WORDS):
        match = _PATIENT.match(doc.low, anchor)
        found = NAME_AT.match(doc.text, match.end()) if match else None
        if not found:
            if match and doc.word_start(anchor):
                span = _lower_case_name(doc, match.end()) if match.group("glue").strip(" ,") \
                    else _lower_case_name_and_age(doc, match.end())
                if span:
                    yield span
            continue
        name, start = trim(found.group("name")), found.start()
        glue = match.group("glue").strip(" ,")
        if name.isupper() and "." not in name:
            if "initial" in glue and initials_ok(name):
                yield start, start + len(name), INITIALS_REASON
        elif _DOTTED_INITIALS.fullmatch(name):
            if initials_ok(name):
                yield start, start + len(name), INITIALS_REASON
        elif _needs_given(doc, match, glue, name, start + len(name)):
            first = words_of(name)[0]
            if (given(first) or len(first) == 1) and is_name(name, need_given=True) \
                    and not eponym_or_institution_after(doc, start + len(name)):
                yield start, start + len(name)
        elif is_name(name, need_given=False) and not eponym_or_institution_after(doc, start + len(name)):
            yield start, start + len(name)


def named(doc):
    for anchor in doc.word_offsets(_NAMED_WORDS):
        match = _NAMED.match(doc.low, anchor)
        if not match:
            continue
        person = _PERSON_BEFORE.search(doc.low, max(0, match.start() - 30), match.start())
        if not (person or match.group().startswith("name")):
            continue
        found = NAME_AT.match(doc.text, match.end())
        if not found:
            span = _lower_case_name(doc, match.end())
            if span:
                yield span
            continue
        name = trim(found.group("name"))
        if not name.isupper() and is_name(name, need_given=False):
            yield found.start(), found.start() + len(name)


_PERSON_PAREN_WORDS = word_set("guy man woman lady gentleman gent bloke chap fella fellow boy girl lad lass"
                               " patient pt")
_PERSON_PAREN = re.compile(r"[a-z]+\s*\(\s*")


def lower_case_in_brackets(doc):
    """A lower-case full name in brackets after a person ("the guy (hamish ballantyne, farmer)"):
    it must start with a known given name."""
    if "(" not in doc.low:
        return
    for anchor in doc.word_offsets(_PERSON_PAREN_WORDS):
        match = _PERSON_PAREN.match(doc.low, anchor)
        if match and doc.text[match.end():match.end() + 1].islower():
            span = _lower_case_name(doc, match.end())
            if span:
                yield span


# A given name and a surname's initial, not followed by the surname ("Kayden B. - insulin").
_GIVEN_INITIAL = re.compile(rf"(?P<given>[{UP}][{LOW}]+) [{UP}]\.(?=\s*(?:[-–—,;:)'’\"]|[a-z]|$))")


def given_and_initial(doc):
    """"Re: Kayden B. - insulin at school": a known given name and one initial; not a
    clinician's or a colleague's ("Dr Sarah K.", "thanks to Priya M.")."""
    text = doc.text
    if ". " not in text and not text.endswith("."):
        return
    size = len(text)
    for anchor in doc.word_offsets(GIVEN_WORDS):
        end = text.find(" ", anchor, anchor + 24)
        if end == -1 or end + 2 >= size or text[end + 2] != "." or not text[end + 1].isupper():
            continue
        match = _GIVEN_INITIAL.match(text, anchor)
        if not match or not starts_word(text, anchor) or not lone_given_name(doc, match.group("given"), anchor):
            continue
        if colleague_before(doc, anchor) or clinician_after(doc, match.end()):
            continue
        yield anchor, match.end()


def given_names_alone(doc):
    """A given name on its own that the words after it call a patient ("Maria (my patient)");
    tied to an age, the ages module finds it."""
    text = doc.text
    if text.isascii():
        for anchor in doc.word_offsets(GIVEN_WORDS):
            end = anchor
            while end < len(text) and (text[end].isalpha() or text[end] in "'’-"):
                end += 1
            if PATIENT_AFTER.match(text, end) and lone_given_name(doc, text[anchor:end], anchor):
                yield anchor, end


def _given_name_matches(doc):
    """"Given Surname" candidates: from the given names that occur (ASCII text), else a full scan."""
    text = doc.text
    if not text.isascii():
        yield from _FULL_NAME.finditer(text)
        return
    for anchor in doc.word_offsets(GIVEN_WORDS):
        if text[anchor].isupper():
            match = _FULL_NAME.match(text, anchor)
            if match:
                yield match


def full_names(doc):
    """"Gregory Pellinger"; not a clinician's or an author's name (a clinician word, a degree,
    thanks or a byline around it), an eponym ("Austin Flint murmur") or a famous physician's."""
    text = doc.text
    for match in _given_name_matches(doc):
        given_name, surname = match.group("given"), match.group("surname")
        start, end = match.start(), match.end("surname")
        if not given(given_name) or not starts_word(text, start):
            continue
        bracket = text.find("(", start, end)
        if bracket != -1 and not short_form_of(text[bracket + 1:text.find(")", bracket)], given_name):
            continue
        if PATIENT_AFTER.match(text, end):
            yield start, end
            continue
        if folded(surname) in NOT_NAMES or folded(surname) in FAMOUS_SURNAMES \
                or folded(surname) in PLACEHOLDER_SURNAMES:
            continue
        if clinician_before(doc, start) or colleague_before(doc, start) or clinician_after(doc, end):
            continue
        if _INSTITUTION_BEFORE.search(doc.low, max(0, start - 12), start):
            continue  # "Queen Elizabeth Birmingham", "St Mary Paddington", "Royal Alexandra Paisley"
        if _PLACE_PREPOSITION_BEFORE.search(doc.low, max(0, start - 9), start) and not _POSSESSIVE.match(text, end):
            continue  # "a locum in Alice Springs", "based at Port Elizabeth": a place

        if comparison_before(doc, start) or eponym_without_noun(doc, start, end):
            continue
        if not eponym_or_institution_after(doc, end):
            yield start, end


def reversed_names(doc):
    """"Smith, John presented": a surname, a comma and a known given name at the start of a
    sentence. An opening adverb or discourse word ("Sadly, John", "Later, Maria") is no surname."""
    text = doc.text
    for anchor in doc.word_offsets(GIVEN_WORDS):
        if not text.startswith(", ", anchor - 2):
            continue
        end = anchor
        while end < len(text) and text[end].isalpha():
            end += 1
        if not lone_given_name(doc, text[anchor:end], anchor):
            continue
        capitals = _CAPITAL_SURNAME_BEFORE.search(text, max(0, anchor - 30), anchor)
        if capitals and capitals.group("surname") not in NOT_INITIALS \
                and folded(capitals.group("surname")) not in NOT_NAMES:
            yield capitals.start(), end
            continue
        before = _REVERSED_BEFORE.search(text, max(0, anchor - 30), anchor)
        if not before:
            continue
        surname = folded(before.group("surname"))
        if surname in NOT_NAMES or surname in CALENDAR_WORDS or surname.endswith("ly") or given(surname):
            continue
        if before.start() == 0 or _SENTENCE_START.search(text, max(0, before.start() - 6), before.start()):
            yield before.start(), end
