"""What the name forms share: the shape of a name, the word lists that tell a name from other
capitalised words, and the context that makes a named person a clinician, an author or a patient."""
import functools
import re
import unicodedata

from forum.privacy.lexicon import (
    CLINICIAN_WORDS, EPONYM_NAMES, EPONYM_NOUNS, GIVEN_NAMES, INSTITUTION_NOUNS, NOT_INITIALS, NOT_NAMES,
)

KIND = "name"
REASON = "Looks like a patient's name: refer to them as \"the patient\" or by age and sex instead."
INITIALS_REASON = "Looks like a patient's initials: initials can identify; leave them out."

UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zß-öø-ÿ"
WORD = rf"(?:[{UP}]['’])?[{UP}][{LOW}][{UP}{LOW}]*(?:-[{UP}][{LOW}][{UP}{LOW}]*)?"
# A name word also written with the letters of Latin Extended-A and -B and Latin Extended
# Additional, which Polish, Czech, Turkish, Romanian, Hungarian, Māori and Vietnamese names use
# ("Wiśniewski", "Yılmaz", "Ștefan", "Nguyễn"); their capitals and small letters alternate, so both
# classes take the whole blocks. A class beyond Latin-1 compiles to a map of 65,536 characters
# (about 0.4 ms each at import), so only the forms that read a whole name from its context (an
# honorific, an age, a handover row, a patient's verb) use it; the others keep WORD.
_EXTENDED = "\u0100-\u024f\u1e00-\u1eff"
UP_X = UP + _EXTENDED
LOW_X = LOW + _EXTENDED
WORD_X = rf"(?:[{UP_X}]['’])?[{UP_X}][{LOW_X}][{UP_X}{LOW_X}]*(?:-[{UP_X}][{LOW_X}][{UP_X}{LOW_X}]*)?"
INITIAL = rf"[{UP}]\.\s?"
DOTTED_INITIALS = rf"[{UP}]\.\s?[{UP}]\.(?:\s?[{UP}]\.)?"
# A name after a trigger: dotted initials, initial + surname, or one or two name words.
NAME = rf"(?:{DOTTED_INITIALS}(?:\s?{WORD})?|{INITIAL}{WORD}|{WORD}(?:\s+(?:{INITIAL})?{WORD})?)"
NAME_X = rf"(?:{DOTTED_INITIALS}(?:\s?{WORD_X})?|{INITIAL}{WORD_X}|{WORD_X}(?:\s+(?:{INITIAL})?{WORD_X})?)"
NAME_AT = re.compile(rf"(?P<name>{NAME}|[{UP}]{{2,3}}\b)")
PLACEHOLDERS = frozenset("XYZ")
GIVEN_WORDS = frozenset(name.encode() for name in GIVEN_NAMES)
# Given names that are also months or days: "In June, a 45-year-old man" names nobody.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday".split())
# The text itself calls the named person a patient ("Tom Baker (my patient)", "Maria, our
# patient,"), or thanks them for consenting: that settles it, whatever came before.
PATIENT_AFTER = re.compile(
    r"\s*(?:[,(\u2013\u2014-]\s*(?:(?:my|our|the|a|this|your)\s+)?(?:patient|pt)\b"
    r"|,?\s+for\s+(?:consenting|agreeing|allowing|letting|permission|sharing\s+(?:his|her|their)\s+story))",
    re.IGNORECASE)
DEGREE_AFTER = re.compile(r"\s*,?\s*(?:MD|DO|MBBS|MBChB|PhD|RN|NP|PA|FRCP|FACP|MPH)\b|\s+et\.?\s+al")

_NEXT_WORD = re.compile(r"(?:['’]s)?\s*(?:,\s*)?(?P<word>[\w'’]+)(?:\s+(?P<second>[\w'’]+))?")
_NOT_A_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.'’-")
# A trainee's grade before a name ("PGY-3 Daniel Park", "FY2 Amir Khan").
_GRADE = re.compile(r"(?:pgy|fy|ct|st|ms|r)-?\d")
_CLINICIANS = "|".join(sorted(re.escape(word.rstrip(".")) for word in CLINICIAN_WORDS))
# A clinician word in apposition after the name: "Mr Hughes, the consultant surgeon,",
# "Mr. Kumar (colorectal surgeon)", "Mrs. Hart, our matron", "Ahmed Hassan (EM resident)".
_CLINICIAN_AFTER = re.compile(
    r"\s*(?:,|\(|\u2013|\u2014|-)\s*(?:(?:the|our|my|a|an|their|his|her|your)\s+)?(?:[\w\-]+\s+){0,2}"
    rf"(?:{_CLINICIANS})s?\b")
# Thanks, credit or a byline before a full name make it a colleague's or an author's. Checked
# on the last one or two words (a regex search behind each name cost more than the rest).
_COLLEAGUE_LAST_WORDS = frozenset({"cc", "cc:", "h/t", "@"})
_COLLEAGUE_PHRASES = frozenset(
    "thanks to|thank you|agree with|agreed with|agrees with|kudos to|credit to|courtesy of|behalf of"
    "|shout-out to|shoutout to".split("|"))
_BYLINE_WORDS = frozenset(
    "posted written shared presented submitted authored edited moderated hosted led run given taught"
    " supervised rounds case talk lecture presentation slides summary webinar session teaching".split())
# After a name: a reply's reference ("Sarah Chen above") or a clinician's or author's work
# ("Eric Topol's review", "Mr Patel's clinic"), but not a patient's visit ("clinic appointment").
_COLLEAGUE_AFTER = re.compile(
    r"\s+(?:above|below|upthread)\b|['’]s?\s+(?:review|trial|paper|study|studies|group|lab|team|clinic|list"
    r"|firm|service|theatre|lecture|talk|editorial|article|book|textbook|podcast|series|work|data)\b"
    r"(?!\s+(?:appointment|visit|letter|attendance|notes?)\b)")


@functools.lru_cache(maxsize=4096)
def folded(word: str) -> str:
    """Lower-case without accents, for list look-ups ("José" -> "jose"). Kept per word: the
    name forms fold the same few words again and again, and NFKD costs microseconds."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def given(word: str) -> bool:
    return folded(word) in GIVEN_NAMES


# Compiled once: re's module functions look the pattern up in their cache on every call.
_NAME_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_NON_SPACE = re.compile(r"\S+")
_NOT_A_CAPITAL = re.compile(r"[^A-ZÀ-ÖØ-Þ]")


def words_of(name: str) -> list[str]:
    return _NAME_WORD.findall(name)


def is_name(name: str, *, need_given: bool) -> bool:
    """No word is a common capitalised non-name; a bare single word must be a known given name."""
    words = words_of(name)
    if not words or any(w.lower() in NOT_NAMES for w in words):
        return False
    return not (need_given and len(words) == 1 and len(words[0]) > 1 and not given(words[0]))


def trim(name: str) -> str:
    """Drop trailing words that are clearly not part of the name ("Mr. Jones The" -> "Mr. Jones")."""
    words = list(_NON_SPACE.finditer(name))
    while len(words) > 1 and words[-1].group().strip(".").lower() in NOT_NAMES:
        words.pop()
    return name[:words[-1].end()] if words else name


def _named_thing(word) -> bool:
    return word in EPONYM_NOUNS or word in INSTITUTION_NOUNS


def eponym_or_institution_after(doc, end: int) -> bool:
    """A noun such as "syndrome" or "Hospital" follows, perhaps after one more capitalised word
    ("Lee Silverman Voice Treatment", "Henry Ford Heart Institute")."""
    match = _NEXT_WORD.match(doc.low, end, end + 40)
    if not match:
        return False
    if _named_thing(match.group("word")):
        return True
    return doc.text[match.start("word")].isupper() and _named_thing(match.group("second"))


def _words_before(doc, start: int) -> list[str]:
    """The last words (at most three) before `start`, lower-cased, a trailing comma dropped."""
    words = doc.low[max(0, start - 30):start].split()[-3:]
    if words and words[-1].endswith(","):
        words[-1] = words[-1][:-1]
    return words


def clinician_before(doc, start: int) -> bool:
    """A clinician word or a trainee's grade just before the name ("Dr.", "consultant", "PGY-3")."""
    words = _words_before(doc, start)
    return bool(words) and (words[-1] in CLINICIAN_WORDS or bool(_GRADE.fullmatch(words[-1])))


def clinician_after(doc, end: int) -> bool:
    """The name is a clinician's or an author's by what follows it: a clinician word in
    apposition, a degree, "et al.", or their clinic, trial or review."""
    return bool(_CLINICIAN_AFTER.match(doc.low, end, end + 60) or DEGREE_AFTER.match(doc.text, end, end + 12)
                or _COLLEAGUE_AFTER.match(doc.low, end, end + 40))


def colleague_before(doc, start: int) -> bool:
    """Thanks, credit or a byline just before the name ("Thanks to", "Grand rounds by")."""
    words = [word.rstrip(":") for word in _words_before(doc, start)]
    if not words:
        return False
    if words[-1] in _COLLEAGUE_LAST_WORDS or " ".join(words[-2:]) in _COLLEAGUE_PHRASES:
        return True
    return len(words) > 1 and words[-1] == "by" and words[-2] in _BYLINE_WORDS


def initials_ok(name: str) -> bool:
    letters = _NOT_A_CAPITAL.sub("", name)
    return letters not in NOT_INITIALS and not set(letters) <= PLACEHOLDERS


def starts_word(text: str, index: int) -> bool:
    """Nothing of a word just before `index`; an apostrophe there counts as an opening quote when
    a space or a bracket stands before it ("said 'Mrs Kaur", but not "O'Brien")."""
    if index == 0 or text[index - 1].lower() not in _NOT_A_NAME_START:
        return True
    return text[index - 1] in "'’‘" and (index == 1 or text[index - 2] in " \t\n([\"“")


def lone_given_name(doc, word: str, start: int) -> bool:
    """A capitalised known given name that is not a month, a day or a clinician's."""
    folded_word = folded(word)
    return (word[0].isupper() and given(word) and folded_word not in NOT_NAMES
            and folded_word not in CALENDAR_WORDS and not clinician_before(doc, start))


# An eponym written without its noun ("a Graham Steell", "an Austin Flint", "positive Kernig"):
# an article or an examination finding before the name, or a named sign beside it ("Austin Flint
# murmur vs Graham Steell", "Graham Steell and Austin Flint murmurs"), or the same name elsewhere
# in the post with its noun ("the Graham Steell murmur ... a soft Graham Steell").
_NOUN_COORDINATED_AFTER = re.compile(
    r"\s*(?:vs\.?|versus|and|or|nor|/|,|&)\s*(?:(?:the|a|an)\s+)?(?:[A-Z][\w'’\-]*\s+){1,3}(?P<noun>[a-z]+)")


def eponym_name(name: str) -> bool:
    """A two-name eponym (lexicon.EPONYM_NAMES): "Austin Flint", "Graham Steell"."""
    return " ".join(folded(word) for word in _NAME_WORD.findall(name.replace("-", " "))) in EPONYM_NAMES


_FINDING_WORDS = frozenset("a an the positive negative equivocal bilateral unilateral elicited eliciting absent"
                           " brisk classic classical soft loud faint audible subtle marked +ve -ve + no".split())
_COORDINATORS = frozenset("vs vs. versus and or nor / , &".split())


def eponym_without_noun(doc, start: int, end: int) -> bool:
    """The name at start:end is an eponym whose noun is left out or given once for two names.
    The words before it are read as words (a regex search there cost a try at every position)."""
    if eponym_name(doc.text[start:end]):
        return True
    words = doc.low[max(0, start - 24):start].replace(",", " , ").replace("/", " / ").split()
    if words and words[-1].lstrip("(") in _FINDING_WORDS:
        return True
    if len(words) > 1 and words[-1] in _COORDINATORS and words[-2] in EPONYM_NOUNS:
        return True
    after = _NOUN_COORDINATED_AFTER.match(doc.text, end, end + 60)
    if after and after.group("noun") in EPONYM_NOUNS:
        return True
    return _named_with_noun(doc, doc.text[start:end])


def _named_with_noun(doc, name: str) -> bool:
    """`name` is followed by an eponym's noun somewhere in the text; kept per name and document
    (a text of many names would otherwise be read once per name per occurrence)."""
    known = doc.shared.setdefault("eponym_names", {})
    found = known.get(name)
    if found is None:
        found = False
        index = doc.text.find(name)
        while index != -1 and not found:
            found = eponym_or_institution_after(doc, index + len(name))
            index = doc.text.find(name, index + 1)
        known[name] = found
    return found


# A comparison with a famous person at a sentence's start: "Like Stephen Hawking, some ALS
# patients...", "Unlike Lou Gehrig".
_COMPARISON_BEFORE = re.compile(r"(?:^|[.!?:;\n(]\s*|\bjust\s+|\bmuch\s+)(?:like|unlike)\s+$", re.IGNORECASE)


def comparison_before(doc, start: int) -> bool:
    words = doc.low[max(0, start - 16):start].split()
    if not words or words[-1] not in ("like", "unlike"):
        return False
    return bool(_COMPARISON_BEFORE.search(doc.text, max(0, start - 16), start))


def short_form_of(short: str, name: str) -> bool:
    """`short` is a short form of `name` (of one of its words): it shares their letters ("Emeka" of
    "Chukwuemeka", "Raju" of "Rajesh", "Dot" of "Dorothy"), as a brand or a department in brackets
    after a name ("Paracetamol (Panadol)", "Sarah Chen (Cardiology)") does not."""
    short, name = folded(short), folded(name)
    return short in name or short[:3] in name or (len(short) <= 4 and any(
        word.startswith(short[:2]) for word in name.split()))
