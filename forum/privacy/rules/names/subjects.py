"""Names found from what a post says happens to the person, rather than from a word introducing them:

- a known given name (lexicon.GIVEN_NAMES) followed by what a patient does or has done to them
  ("Gareth keeps pulling out his cannula", "Yusuf was admitted again", "Morag's potassium is
  6.9", "Lachlan in the side room"), or after words of their care ("Update on Imogen:", "sent Phoebe
  home", "the family of Rashid");
- a name after a bed number and before an age, as a handover row writes it ("bed 7 - Ngaire -
  84F", "bay 2 is oisin, 19M");
- a name typed in lower case after an explicit label ("pt name - kerry-ann mcbride", "patient
  name - themba ndlovu"), where the label settles it whatever the words are.

A given name alone is not enough: colleagues, authors and eponyms carry given names too, so each
form needs its context, and the clinician, colleague and eponym checks of the other forms apply.
"""
import re

from forum.privacy.lexicon import DISEASE_EPONYMS, NOT_NAMES
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.contexts import _plain
from forum.privacy.rules.names.common import (
    GIVEN_WORDS, LOW_X, UP_X, WORD_X, clinician_after, clinician_before, colleague_before, eponym_or_institution_after,
    eponym_without_noun, folded, given, lone_given_name,
)

# What a patient does or has done to them, right after their name. Verbs a colleague shares
# ("presented the case", "has been great") are left out or need a patient's object.
_PATIENT_AFTER = re.compile(
    r"(?-i:\s+[" + UP_X + r"][" + LOW_X + r"][\w'’\-]*)?"  # a surname after the given name
    r"(?:\s*\([^()\n]{1,30}\))?"  # a nickname or a note in brackets ("Chukwuemeka (Emeka) came back")
    r"(?P<tail>['’]s\s+(?:inr|bloods?|obs|sats|sugars?|glucose|potassium|sodium|creatinine|egfr|crp|hb|platelets"
    r"|kidneys?|kidney\s+function|renal\s+function|liver|lfts|temp|temperature|bp|ecg|ct|mri|scan|biopsy"
    r"|results?|swab|cultures?|urine|x-?ray|wound|cast|seizures?|symptoms|fever|rash|ng|peg|catheter"
    r"|cannula|line|drain|meds|medications?|tablets|insulin|dose|inhaler|gp|carer|carers|discharge"
    r"|admission|surgery|op|operation|chemo|dialysis|transplant|pregnancy|baby|labour|delivery)\b"
    r"|\s+(?:(?:is|was)\s+(?:(?:now|still|just|being|already)\s+)?(?:admitted|readmitted|born|discharged"
    r"|intubated|extubated|transferred|brought\s+in|found|diagnosed|started\s+on|put\s+on|referred|febrile"
    r"|septic|hypotensive|tachycardic|confused|drowsy|unwell|vomiting|wheezy|jaundiced|pregnant|nil\s+by"
    r"|back\s+(?:in|again|with|on)|on\s+(?:the\s+)?(?:ward|unit|icu|hdu|nicu|picu))"
    r"|(?:has|had)\s+(?:had\s+(?:a|an|his|her|their|three|two|several|\d+)|been\s+(?:admitted|vomiting|having"
    r"|refusing|taking|pulling|falling|fitting|seizing|bleeding|coughing|wheezing|asking|crying|febrile|back"
    r"|unwell|off|on\s+(?:the|a|an|his|her|iv|oral)|in\s+(?:hospital|icu|and\s+out)))"
    r"|keeps\s+[a-z]+ing|kept\s+[a-z]+ing|came\s+(?:in|back|to\s+(?:ed|a&e|us|clinic))|turned\s+up"
    r"|re-?presented|presented\s+(?:with|to|again|back|today|yesterday|overnight|last|\d)"
    r"|was\s+seen\s+(?:in\s+(?:the\s+)?(?:clinic|ed|a&e|opd|er|casualty|resus|majors)|by\s+(?:the|our|his|her|me|us|gp)"
    r"|today|yesterday|again|last|this|on\s+(?:the\s+)?(?:ward|\d))"
    r"|bounced\s+back|collapsed|fell\s+(?:at|in|on|off|from|down)"
    r"|had\s+a\s+(?:fall|seizure|fit|bleed|stroke|hypo|collapse|cardiac\s+arrest)"
    r"|in\s+(?:the\s+)?(?:side\s+room|bed\s+\d|bay\s+\d|cubicle\s+\d|resus|majors|room\s+\d)"
    r"|from\s+the\s+(?:nursing|care|residential|group)\s+home"
    r"|on\s+(?:ward\s+)?\d{1,2}[a-z]?\s+(?:has|had|is|was|keeps|needs)\b"
    r"|(?:is|was|turned|turns)\s+\d{1,3}(?:\s*(?:yo|y/o|years?|yrs?|months?)(?:\s+old)?)?"
    r"(?=\s*(?:[,.;:!?)]|and\b|but\b|with\b|$))"
    r"|\(\s*(?:the|our|my|a|an)\s+(?:[\w\-]+\s+)?(?:lady|woman|man|gentleman|gent|boy|girl|patient|pt|chap|guy"
    r"|baby|child|toddler|teenager)\b))(?![\w\-])", re.IGNORECASE)
# Not a patient's after all: "Royal Prince Alfred's liver unit", "Sarah's renal team".
_SERVICE_AFTER = re.compile(r"\s+(?:unit|units|clinic|team|teams|department|service|services|ward|centre|center"
                            r"|lab|labs|group|programme|program|trust|hospital)\b", re.IGNORECASE)
_INSTITUTION_BEFORE = re.compile(r"\b(?:queen|king|king['’]s|prince|princess|st\.?|saint|royal|lady|sir)\s+$")
# Words of a patient's care just before the name: "Update on Imogen", "sent Phoebe home". Read as
# the last two words (a regex search behind every given name cost a try at every position).
_CARE_LAST_WORDS = frozenset({"sent", "discharged", "admitted", "readmitted", "got", "seen", "saw", "reviewed",
                              "review", "examined", "clerked"})
# After a word of seeing, the name must not own what was seen ("saw Sarah's talk").
_SEEING = frozenset({"seen", "saw", "reviewed", "review", "examined", "clerked"})
_OWNER_AFTER = re.compile(rf"\s+{WORD_X}['’]s?\b")
_CARE_LAST_TWO = frozenset({("update", "on"), ("following", "up"), ("follow", "up"), ("up", "on"),
                            ("follow-up", "on"), ("family", "of"), ("parents", "of"), ("mum", "of"),
                            ("mother", "of"), ("wife", "of"), ("husband", "of"), ("booked", "for"),
                            ("referral", "for"), ("consent", "for"), ("bloods", "for"), ("meeting", "for"),
                            ("case", "of")})


def _care_before(low: str, anchor: int):
    """The care word just before the name ("sent", "update on"...), or None."""
    words = low[max(0, anchor - 20):anchor].split()[-2:]
    if not words:
        return None
    if words[-1] in _CARE_LAST_WORDS:
        return words[-1]
    return words[-1] if tuple(words) in _CARE_LAST_TWO else None


# After "sent"/"got"/"discharged"/"admitted", the name must be their object: "sent Phoebe home",
# "got Lachlan back" (not "got Sarah's email", "sent Ben the slides").
_OBJECT_AFTER = re.compile(r"(?-i:\s+[" + UP_X + r"][" + LOW_X + r"][\w'’\-]*)?\s+(?:home|back|in|out|over|up|to\s+"
                           r"(?:ed|a&e|icu|hdu|theatre|the\s+ward|ward|resus))\b", re.IGNORECASE)
_NEEDS_OBJECT = frozenset({"sent", "got", "discharged", "admitted", "readmitted"})
_WORD_END = re.compile(r"[\w'’\-]*")
_SURNAME_AFTER = re.compile(rf" (?P<surname>{WORD_X})(?![\w'’\-])")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _given_anchors(doc):
    """Where the known given names start: from the words' set in an ASCII text; in another text
    also the capitalised words holding a letter beyond ASCII ("Ramón", "Eithne Ní"), which the
    words' set (ASCII only) cannot hold."""
    anchors = list(doc.word_offsets(GIVEN_WORDS))
    text = doc.text
    if not text.isascii():
        seen = -1
        for match in _NON_ASCII.finditer(text):
            index = match.start()
            if index < seen or not text[index].isalpha():
                continue
            start = index
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            seen = _WORD_END.match(text, index).end()
            if text[start].isupper() and given(text[start:seen].split("'")[0].split("’")[0]):
                anchors.append(start)
    return anchors


# A known given name typed in lower case counts only beside an age: "priya is 9", "our 6yo hamish
# has been".
_LOWER_IS_AGE = re.compile(r"[a-z'’\-]*\s+(?:is|was|turned|turns)\s+\d{1,3}"
                           r"(?:\s*(?:yo|y/o|years?|yrs?|months?)(?:\s+old)?)?"
                           r"(?=\s*(?:[,.;:!?)]|and\b|but\b|with\b|$))")
_AGE_JUST_BEFORE = re.compile(r"(?<![\w.])\d{1,3}\s?(?:yo|y/o|yr|yrs|years?\s+old|-year-old|[mf])\s+$")
_VERB_AFTER = re.compile(r"[a-z'’\-]*\s+(?:has|had|is|was|keeps|kept|presented|came|developed|needs|got|fell)\b")


def _lower_case_given(doc, anchor: int, end: int) -> bool:
    text = doc.text
    if _LOWER_IS_AGE.match(text, anchor):
        pass
    elif not (_VERB_AFTER.match(text, anchor) and _AGE_JUST_BEFORE.search(text, max(0, anchor - 16), anchor)):
        return False
    word = text[anchor:end]
    return given(word) and word not in NOT_NAMES and not clinician_before(doc, anchor)


def given_name_subjects(doc):
    """Cheap anchored matches first (what follows the name, the words before it); the checks
    shared with the other forms only on a hit."""
    text, low = doc.text, doc.low
    for anchor in _given_anchors(doc):
        end = _WORD_END.match(text, anchor).end()
        if text[anchor].islower():
            if _lower_case_given(doc, anchor, end):
                yield anchor, end
            continue
        possessive = text.startswith(("'s", "’s"), end - 2)
        if possessive:
            end -= 2
        after = _PATIENT_AFTER.match(text, end)
        if not after:
            care = _care_before(low, anchor)
            if not care or (care in _NEEDS_OBJECT and not _OBJECT_AFTER.match(text, end)) \
                    or (care in _SEEING and (possessive or _OWNER_AFTER.match(text, end))):
                continue
        if not lone_given_name(doc, text[anchor:end], anchor) or colleague_before(doc, anchor) \
                or clinician_after(doc, end) or _INSTITUTION_BEFORE.search(low, max(0, anchor - 12), anchor) \
                or eponym_or_institution_after(doc, end):
            continue
        if not after:
            yield anchor, end
        elif not _SERVICE_AFTER.match(text, after.end()):
            surname = _SURNAME_AFTER.match(text, end)
            if surname and after.start("tail") >= surname.end() and folded(surname.group("surname")) not in NOT_NAMES:
                yield anchor, surname.end()
            else:
                yield anchor, end
# --- any name before a verb only a person takes ------------------------------------------------
# "Gift was admitted with malaria", "Sunday Adeyemi came in with", "Joy-Marie was born at 31
# weeks": the lexicon leaves out given names that are words (Gift, Hope, Sunday), but what only a
# person undergoes makes the capitalised words before it a name. Found with str.find; one or two
# name words just before, not a pronoun, a relative or a word of NOT_NAMES.
_PERSON_ONLY = (" was admitted", " was readmitted", " was born", " was discharged", " was intubated",
                " was brought in", " came in with", " got admitted", " presented with", " presented to",
                " was seen in clinic", " was seen in the clinic")
# Before "presented", a plural names a group ("Children presented with", "Cases presented to").
_GROUP_VERBS = (" presented with", " presented to")
# Each verb's last word, read from the words' set first: a scan of the text per verb cost more
# than the rest of the form.
_PERSON_ONLY_WORDS = tuple((needle, needle.split()[-1].encode(), needle.split()[0].encode()) for needle in _PERSON_ONLY)
_NAME_WORD_X = re.compile(WORD_X)
_NOT_A_SUBJECT = frozenset("""
mum mom dad mummy daddy nan nana granny grandma grandpa grandad granddad gran grandmother grandfather
mother father son daughter wife husband brother sister uncle aunt auntie cousin partner baby twin
everyone everybody someone somebody nobody anyone one neither either each both all many most few
another other patient patients pt child kid boy girl man woman lady gentleman he she they who
children men women people adults folk staff
""".split())


def _word_start(text: str, end: int) -> int:
    """Where the word of letters, apostrophes and hyphens that ends at `end` starts."""
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
        start -= 1
    return start


def _names_before(text: str, index: int):
    """The one or two capitalised name words ending at `index`, as (start, words), or None. Walked
    back character by character: a regex search behind every verb tried each of 40 positions."""
    start = _word_start(text, index)
    if start == index or not _NAME_WORD_X.fullmatch(text, start, index):
        return None
    words = [text[start:index]]
    if start > 1 and text[start - 1] == " ":
        first = _word_start(text, start - 1)
        if first < start - 1 and _NAME_WORD_X.fullmatch(text, first, start - 1) \
                and (first == 0 or not text[first - 1].isalnum()):
            return first, [text[first:start - 1]] + words
    if start and text[start - 1].isalnum():
        return None
    return start, words


def _subject_word(word: str) -> bool:
    return all(_plain(part) and folded(part) not in _NOT_A_SUBJECT for part in word.split("-"))


_ONE_PERSON_WORDS = word_set("he she his her him hers")
# Words of a group in the sentence: a disease presents "in 30% of the cohort", a person does not.
_GROUP_WORDS = frozenset("cohort cohorts series patients cases majority proportion study studies trial trials"
                         " most percent %".split())


_SENTENCE_END = re.compile(r"[.;!?\n]")


def _one_person_presenting(doc, start: int, index: int, words: list[str]) -> bool:
    """Before "presented with/to", a word that is no known given name names a person unless it
    is a plural ("Cases presented with"), an eponym named with its noun ("Kawasaki disease ...
    Kawasaki presented with") or a disease on its own (lexicon.DISEASE_EPONYMS), or a disease said of a group with no "he" or "she" in the post
    ("Migraine presented with aura in 30% of the cohort")."""
    if eponym_without_noun(doc, start, index):
        return False
    if len(words) == 1 and folded(words[0]) in DISEASE_EPONYMS:
        return False
    if len(words) > 1 or given(words[0]):
        return True
    if words[0].endswith("s"):
        return False
    if doc.has_word(_ONE_PERSON_WORDS):
        return True
    window = doc.low[index:index + 160]  # bounded: a hostile text of one long sentence stays linear
    sentence_end = _SENTENCE_END.search(window)
    sentence = window[:sentence_end.start()] if sentence_end else window
    return _GROUP_WORDS.isdisjoint(sentence.replace("%", " % ").split())


def passive_subjects(doc):
    text, words = doc.text, doc.words
    for needle, last, first in _PERSON_ONLY_WORDS:
        for index in doc.find_all(needle) if last in words and first in words else ():
            found = _names_before(text, index)
            if not found:
                continue
            start, words = found
            if len(words) == 2 and not _subject_word(words[0]):
                start += len(words[0]) + 1  # "Yesterday Mary", "Our Kwame": the last word only
                words = words[1:]
            if not all(_subject_word(word) for word in words):
                continue
            if needle in _GROUP_VERBS and not _one_person_presenting(doc, start, index, words):
                continue
            if clinician_before(doc, start) or colleague_before(doc, start) \
                    or eponym_or_institution_after(doc, index):
                continue
            yield start, index


# --- a handover row: bed number, name, age ------------------------------------------------------
_BED_WORDS = word_set("bed bay cubicle cube")
_BED_ROW = re.compile(
    rf"(?:bed|bay|cubicle|cube)\s*\d{{1,3}}[a-z]?\s*(?:[:|\-–—]|\bis\b)\s*"
    rf"(?P<name>{WORD_X}|[a-z][a-z'’\-]+)\s*(?:[,(\-–—|:]|\bis\b)\s*"
    r"\d{1,3}\s*(?:[mf]\b|yo\b|y/o|yrs?\b|years?\b|\)|,)",
    re.IGNORECASE)


def bed_rows(doc):
    """"bed 7 - Ngaire - 84F", "Bay 2: Tane, 4M", "bay 2 is oisin, 19M": a lower-case name
    needs to be a known given name."""
    text = doc.text
    for anchor in doc.word_offsets(_BED_WORDS):
        number = text.find(" ", anchor, anchor + 9) + 1
        if not (text[number:number + 1].isdigit() or text[anchor + 3:anchor + 4].isdigit()):
            continue  # most beds and bays have no number after them: no match to try
        match = _BED_ROW.match(text, anchor)
        if not match:
            continue
        name = match.group("name")
        folded_name = folded(name)
        if folded_name in NOT_NAMES or folded_name in _NOT_A_ROW_NAME:
            continue
        if name[0].islower() and not given(name):
            continue
        if clinician_before(doc, match.start("name")):
            continue
        yield match.span("name")


_NOT_A_ROW_NAME = frozenset("""
male female man woman boy girl lady gent gentleman baby infant pt patient aged age day pod post side
room bay bed cubicle query known new old
""".split())


# --- a lower-case name after an explicit label -------------------------------------------------
_LABEL_WORDS = word_set("name")
_NAME_LABEL = re.compile(
    r"(?:(?:patient|pt|patient['’]s|pt['’]s|child['’]s|baby['’]s)\s+)?name\s*(?:[:\-–—]|is|was)\s*"
    r"(?P<first>[a-z][a-z'’\-]+)(?:\s+(?P<second>[a-z][a-z'’\-]+))?")
_NOT_A_LABELLED_NAME = frozenset("""
and or but with without who which that this the a an not unknown withheld removed redacted hidden
changed anonymised anonymized xxx tbc na n/a none same of on in is was to for
""".split())


def labelled_lower_names(doc):
    """"pt name - kerry-ann mcbride, 33": the words after a patient's name label, in lower case."""
    text = doc.text
    for anchor in doc.word_offsets(_LABEL_WORDS):
        start = anchor
        for prefix in ("patient ", "pt ", "patient's ", "pt's ", "patient’s ", "pt’s "):
            if doc.low.startswith(prefix, anchor - len(prefix)):
                start = anchor - len(prefix)
                break
        else:
            continue  # a bare "name -" is anyone's (a drug's, a trial's)
        match = _NAME_LABEL.match(doc.low, start)
        if not match or not text[match.start("first")].islower():
            continue
        first, second = match.group("first"), match.group("second")
        if first in NOT_NAMES or first in _NOT_A_LABELLED_NAME:
            continue
        if second and second not in NOT_NAMES and second not in _NOT_A_LABELLED_NAME and len(second) > 1:
            yield match.start("first"), match.end("second")
        else:
            yield match.start("first"), match.end("first")
