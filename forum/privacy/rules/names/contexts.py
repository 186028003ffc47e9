"""Names found from where a clinician's post puts them, rather than from a word introducing them:

- beside a bed, bay or room, as a handover or a tracking board writes them ("Fenella Crabbe, bed
  6", "can you see Kapoor in bay 3", "Bed 14 | OKORO, Ngozi");
- as the subject or the sender of a relative's or a caller's quoted message ("'Tomasz here, mum
  says...'", texted: "'Joy hasn't slept for days'");
- after "little" or "wee" ("little Mateo crying", "wee Callum's inhaler");
- a surname in capitals and a comma before a given name, in a table cell or at the start of a
  quotation ("| NGATA, Huia |", "'KESSLER, Miriam'").

Each form is found from a cheap anchor (a bed word, a quote mark, "little", a shape of capitals)
and rejects words that are not names: NOT_NAMES, months and days, places of care, clinicians' titles.
"""
import re

from forum.privacy.lexicon import (
    CLINICIAN_WORDS, FAMOUS_SURNAMES, GIVEN_NAMES, NOT_INITIALS, NOT_NAMES, PLACEHOLDER_SURNAMES,
)
from forum.privacy.rules.base import word_set
from forum.privacy.rules.names.by_age import _age_numbers
from forum.privacy.rules.names.common import (
    CALENDAR_WORDS, LOW, UP, WORD, clinician_before, colleague_before, eponym_or_institution_after, folded,
    given,
)

# Words that stand where a name would, in a handover or a quote, and are not one.
_NOT_A_PERSON = frozenset("""
resus majors minors ward bay bed room side cubicle theatre theatres recovery icu hdu ccu triage
mum mom dad mummy daddy nan nana granny grandma grandpa baby patient pain everything nothing
something someone anyone everybody nobody somebody doctor doc nurse sister staff please sorry
hi hello dear thanks thank yes no ok okay well so just also still again only now then maybe
breathing eating sleeping bloods results chest head tummy stomach back leg arm temperature fever
he's she's it's i'm i've i'll we're they're there's that's what's can't won't don't didn't
""".split())


# Endings of diseases, procedures and drugs ("Cellulitis", "Pneumonia", "Ramipril"): no given name
# or surname a post would hold ends so.
_MEDICAL_ENDINGS = ("itis", "osis", "oma", "emia", "aemia", "monia", "pathy", "algia", "ectomy", "otomy",
                    "ostomy", "plasty", "scopy", "uria", "penia", "trophy", "plegia", "paresis", "rrhoea",
                    "rrhea", "ism", "pril", "olol", "sartan", "statin", "mab", "nib", "azole", "mycin",
                    "cillin", "floxacin", "dipine", "pam", "lam", "done", "parin", "xaban", "gatran", "tide",
                    "gliptin", "flozin", "glitazone", "profen", "fenac", "setron", "prazole", "tidine")


def _plain(word: str) -> bool:
    low = folded(word)
    if low.endswith(_MEDICAL_ENDINGS) and low not in GIVEN_NAMES:  # "Chioma", "Ifeoma": Igbo names
        return False
    return (low not in NOT_NAMES and low not in _NOT_A_PERSON and low not in CALENDAR_WORDS
            and low not in CLINICIAN_WORDS and low not in FAMOUS_SURNAMES and low not in PLACEHOLDER_SURNAMES)


# --- beside a bed, bay or room -------------------------------------------------------------------
_BED_WORDS = word_set("bed bay room cubicle cube icu hdu ccu nicu picu resus")
_NAME_WORDS = rf"{WORD}(?:\s+{WORD})?"
# Before the bed: "Fenella Crabbe, bed 6", "Kapoor in bay 3", "Mrs Lee (bed 4)".
_NAME_BEFORE_BED = re.compile(
    rf"(?<![\w\-])(?P<name>{_NAME_WORDS})(?:\s*,\s*|\s+in\s+(?:the\s+)?(?:side\s+)?|\s*\(\s*|\s+[-–—]\s+|\s+)$")
# After it: "Bed 14 | HOLLOWAY, Bernadette", "bed 6: Amir Haddad", "Bay 2 - Rosalind Pereira".
_BED_NUMBER = re.compile(r"(?:bed|bay|room|cubicle|cube)\s*\d{1,3}[a-z]?|(?P<unit>icu|hdu|ccu|nicu|picu|resus)\b")
_IN_BEFORE = re.compile(r"\s+in\s+(?:the\s+)?$")
_NAME_AFTER_BED = re.compile(
    rf"\s*[:|\-–—]\s*(?P<name>(?:[{UP}]{{2}}[{UP}'’\-]*,\s?{WORD})|{WORD}\s+{WORD}|{WORD},\s?{WORD})"
    r"(?![\w'’\-]|\s+[A-Z])")  # not the start of a title-case phrase ("Cellulitis Lower Limb")
# Verbs of seeing before a lone surname: "see Kapoor in bay 3".
_SEE_BEFORE = re.compile(r"\b(?:see|seen|saw|review|reviewed|check\s+on|checked\s+on|clerk|clerked|assess"
                         r"|assessed|bleep\s+about|page\s+about|paged\s+about)\s+$")


def _words_back(text: str, index: int) -> int:
    """Where to start looking for a name of two words ending before `index` (after its glue: ", ",
    " in ", " ("): one character before the second word back, so a search tries a few positions
    only (a search over a fixed window cost a try at every position)."""
    end = index
    while end > 0 and text[end - 1] in " ,(-–—\t":
        end -= 1
    for word in (" side", " the", " in"):
        if text.endswith(word, 0, end):
            end -= len(word)
    start = end
    for _ in range(2):
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
            start -= 1
    return max(0, start - 1, index - 40)


def _name_ok(doc, name: str, start: int) -> bool:
    words = name.replace(",", " ").split()
    if not all(_plain(word) for word in words):
        return False
    if clinician_before(doc, start) or colleague_before(doc, start):
        return False
    return not eponym_or_institution_after(doc, start + len(name))


def bed_names(doc):
    text, low = doc.text, doc.low
    for anchor in doc.word_offsets(_BED_WORDS):
        number = _BED_NUMBER.match(low, anchor)
        if not number:
            continue
        if number.group("unit"):
            # A unit without a number: only "Wiremu in ICU", a known given name or two name words.
            glue = _IN_BEFORE.search(text, max(0, anchor - 6), anchor)
            before = _NAME_BEFORE_BED.search(text, _words_back(text, glue.start()), glue.end()) if glue else None
            if before and _name_ok(doc, before.group("name"), before.start("name")) \
                    and (given(before.group("name").split()[0]) or " " in before.group("name")):
                yield before.span("name")
            continue
        after = _NAME_AFTER_BED.match(text, number.end())
        if after and _name_ok(doc, after.group("name"), after.start("name")):
            yield after.span("name")
            continue
        before = _NAME_BEFORE_BED.search(text, _words_back(text, anchor), anchor)
        if not before:
            continue
        name, start = before.group("name"), before.start("name")
        if not _name_ok(doc, name, start):
            continue
        if " " in name or given(name) or _SEE_BEFORE.search(low, max(0, start - 20), start):
            yield start, start + len(name)


# --- quoted messages -----------------------------------------------------------------------------
_QUOTES = "'‘\"“"
# A self-introduction at a message's start: "'Tomasz here,", "'Hi, this is Ingrid", "'It's Aroha".
_SENDER = re.compile(
    rf"(?:(?:hi|hello|hey|dear\s+\w+|good\s+(?:morning|afternoon|evening))[,!]?\s+)?"
    rf"(?:(?:this\s+is|it['’]s|i['’]m|my\s+name\s+is)\s+(?P<intro>{WORD})|(?P<here>{WORD})\s+here\b)",
    re.IGNORECASE)
# The subject of a quoted message, with a verb of a person after it: "'Joy hasn't slept",
# "'Brooke won't talk to anyone'", "'Bongani still vomiting'".
_SUBJECT = re.compile(
    rf"(?:(?i:hi|hello|doc|doctor|sister|nurse|dear)[,!]?\s+)?(?P<name>{WORD})\s+(?:still\s+|just\s+|really\s+|now\s+|keeps\s+|has\s+been\s+|is\s+|was\s+)?"
    r"(?:hasn['’]t|hadn['’]t|isn['’]t|wasn['’]t|won['’]t|can['’]t|cannot|couldn['’]t|doesn['’]t|didn['’]t"
    r"|wouldn['’]t|keeps|kept|says|said|wants|wanted|refuses|refused|cried|crying|screaming|vomiting|sleeping"
    r"|declined|declines|denied|denies|missed|attended|agreed|consented|requested|phoned|rang|called|left"
    r"|(?:has|had|is|was)\s+(?:not\s+|just\s+|still\s+)?(?:[a-z]+ing|stopped|started|refused|declined|gone"
    r"|fallen|vomited|eaten|slept|taken|missed|been\s+[a-z]+)"
    r"|asked|asking|told|tells|fell|fainted|collapsed|passed\s+out|threw\s+up|woke|slept|stopped|started"
    r"|seems|seemed|looks|looked|feels|felt|needs|needed|went|came|is\s+not|was\s+not|has\s+not|had\s+a"
    r"|has\s+had|has\s+a|is\s+asking|is\s+crying|is\s+confused|is\s+refusing|is\s+talking|was\s+talking)\b")
# "little Mateo", "wee Callum", "baby Amara" written in lower case ("Baby Amara" is relatives').
_LITTLE_WORDS = word_set("little wee")
_LITTLE = re.compile(rf"(?:little|wee)\s+(?P<name>{WORD})(?=['’]s\b|[^\w'’\-]|$)")
_NOT_LITTLE_BEFORE = re.compile(r"\b(?:a|very|too|so|quite|rather|pretty|bit|the|this|that|of)\s+$")


def quoted_names(doc):
    text = doc.text
    if not any(quote in text for quote in _QUOTES):
        return
    for quote in _QUOTES:
        for index in doc.find_all(quote, low=False) if quote in text else ():
            begin = index + 1
            if begin >= len(text) or (index > 0 and text[index - 1].isalnum()):
                continue  # an apostrophe inside a word ("don't", "O'Brien")
            sender = _SENDER.match(text, begin)
            if sender:
                group = "intro" if sender.group("intro") else "here"
                name = sender.group(group)
                if name[0].isupper() and _plain(name) and not clinician_before(doc, sender.start(group)):
                    yield sender.span(group)
                    continue
            if not text[begin:begin + 1].isupper():
                continue
            subject = _SUBJECT.match(text, begin)
            if subject and _plain(subject.group("name")) and not eponym_or_institution_after(doc, subject.end("name")):
                yield subject.span("name")


def little_names(doc):
    text = doc.text
    for anchor in doc.word_offsets(_LITTLE_WORDS):
        size = 7 if text.startswith("little", anchor) else 4
        if not text[anchor].islower() or not text[anchor + size:anchor + size + 1].isupper():
            continue
        match = _LITTLE.match(text, anchor)
        if not match or _NOT_LITTLE_BEFORE.search(doc.low, max(0, anchor - 10), anchor):
            continue
        name = match.group("name")
        if _plain(name) and not eponym_or_institution_after(doc, match.end("name")):
            yield match.span("name")


# --- a surname in capitals before a given name, where a list or a quotation starts -------------
_CAPITAL_COMMA = re.compile(
    rf"(?P<surname>(?:[{UP}]['’])?[{UP}]{{2}}[{UP}'’\-]*[{UP}]),\s?(?P<given>[{UP}][{LOW}]+)(?![\w'’\-])")
_CELL_START = re.compile(r"(?:^|[|\t'‘\"“]|\n)\s*$")
_LABEL_START = re.compile(r"[a-z]:\s*$")


def capital_surnames(doc):
    shape = doc.case_shape
    # "AA, Aa" is found as "AA, A" with its last byte checked in code: the same places, and
    # bytes.find on the capitals' shape takes three quarters of the instructions for it.
    for needle in (b"AA, A",):
        index = shape.find(needle)
        while index != -1:
            if shape[index + 5:index + 6] != b"a":
                index = shape.find(needle, index + 1)
                continue
            start = index
            while start > 0 and doc.case_shape[start - 1:start] in (b"A", b"'", b"-"):
                start -= 1
            match = _CAPITAL_COMMA.match(doc.text, start)
            index = shape.find(needle, index + 1)
            if not match:
                continue
            surname, given_name = match.group("surname"), match.group("given")
            if not _CELL_START.search(doc.text, max(0, start - 3), start):
                # After a label ("Printed label: KOWALSKI, Irena"), a surname of two vowels or more
                # ("MRI, Ultrasound" is abbreviations).
                if not (_LABEL_START.search(doc.text, max(0, start - 3), start)
                        and sum(ch in "AEIOUY" for ch in surname) >= 2 and len(surname) >= 4):
                    continue
            if surname in NOT_INITIALS or folded(surname) in NOT_NAMES or not _plain(given_name):
                continue
            if sum(ch in "AEIOUY" for ch in surname) == 0:
                continue  # "CXR, Troponin": an abbreviation
            yield match.span()


# --- an age, then a name and a verb: "4yo Sunny has had 7 episodes", "9M Tevita presented" -----
_AGE_THEN_NAME = re.compile(
    rf"(?<![\w.])\d{{1,3}}\s?(?:yo|y/o|y\.o\.|-year-old|-month-old|year\s+old|month\s+old|[MF])"
    rf"\s+(?:(?:boy|girl|man|woman|male|female|baby|infant|toddler)\s+)?(?P<name>{WORD})\s+"
    r"(?:has|had|presented|presents|came|comes|developed|keeps|refuses|refused|needs|got|fell|woke"
    r"|started|stopped|complains|complained|reports|reported|says|said|wants)\b")


def age_then_names(doc):
    """From each age the names rule finds ("4yo", "45M", "a 9-year-old"), a name and a verb after it."""
    text = doc.text
    for number in set(_age_numbers(doc)):
        match = _AGE_THEN_NAME.match(text, number)
        if match and _plain(match.group("name")) and not clinician_before(doc, match.start("name")):
            yield match.span("name")


# --- a name in apposition to a person, or with a relative of theirs ------------------------------
# "Ashok, the gentleman I mentioned", "Annelise, our 29-year-old with anorexia", "Beatriz's mum says".
_PERSON_NOUNS = (r"gentleman|gent|lady|man|woman|boy|girl|patient|pt|chap|guy|bloke|lad|lass|teenager|teen"
                 r"|toddler|baby|infant|child|kid|youngster|fellow|widow|widower|resident|veteran|farmer")
_APPOSITION_BEFORE = re.compile(
    rf"(?<![\w\-])(?P<name>{WORD}),\s+(?:the|our|my|this|that|a|an)\s+(?:[\w\-]+\s+|\d+-){{0,2}}$")
# Before the name, words that make it a place or a time ("In Auckland, the man", "Sadly, the lady").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|of|by|across|around|outside|inside|into|after"
                           r"|before|during|since|until|via)\s+$", re.IGNORECASE)
_NOT_APPOSED = frozenset("meanwhile subsequently besides anyway anyhow regardless nevertheless nonetheless"
                         " furthermore moreover likewise otherwise finally firstly secondly lastly".split())


_CAPITALISED_BEFORE = re.compile(rf"[{UP}][\w'’\-]*\s+$")


def _apposed(doc, name: str, start: int) -> bool:
    """A lone name in apposition: not an adverb, a place after a preposition, or the last word of a
    longer name ("Like Stephen Hawking, a few patients": the full-name forms judge those)."""
    low = folded(name)
    if low in _NOT_APPOSED or (low.endswith("ly") and not given(name)):
        return False
    if _CAPITALISED_BEFORE.search(doc.text, max(0, start - 20), start):
        return False
    return not _PLACE_BEFORE.search(doc.text, max(0, start - 9), start)
_KIN_BEFORE = re.compile(rf"(?<![\w\-])(?P<name>{WORD})['’]s\s+$")


# ", the gentleman", ", our 29-year-old", ", a lady": one scan (re finds the literal ", " prefix fast).
_APPOSED = re.compile(rf", (?:the|our|my|this|that|an?) (?:[\w\-]+\s+|\d+-){{0,2}}?(?:{_PERSON_NOUNS}|year|month)s?\b")
# "Beatriz's mum says": a relative after a possessive.
_KIN_AFTER = re.compile(r"['’]s (?:mum|mom|mummy|dad|daddy|mother|father|wife|husband|partner|son|daughter|carer"
                        r"|parents|sister|brother|grandmother|grandfather|nan|nana|granny|grandma|grandpa|family"
                        r"|fiance|fiancee|boyfriend|girlfriend)\b")


def apposition_names(doc):
    """A name before ", the gentleman" (or "our", "a"... and a person noun or an age), or before
    "'s mum" (a relative)."""
    text, low = doc.text, doc.low
    for match in _APPOSED.finditer(low) if ", " in low else ():
        comma = match.start()
        after_article = low.index(" ", comma + 2) + 1  # ", the |gentleman"
        found = _APPOSITION_BEFORE.search(text, _words_back(text, comma + 1), after_article)
        if found and _plain(found.group("name")) and _apposed(doc, found.group("name"), found.start("name")) \
                and not clinician_before(doc, found.start("name")) and not colleague_before(doc, found.start("name")):
            yield found.span("name")
    for index in [i for needle in ("'s ", "’s ") if needle in text for i in doc.find_all(needle, low=False)]:
        if not _KIN_AFTER.match(low, index):
            continue
        found = _KIN_BEFORE.search(text, _words_back(text, index), index + 3)
        if found and _plain(found.group("name")) and not clinician_before(doc, found.start("name")) \
                and not colleague_before(doc, found.start("name")):
            yield found.span("name")
