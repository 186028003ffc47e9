"""Nicknames and code names for a patient: 'known as "Captain"', "the patient we call Sparky".

"Known as" alone is everyday clinical English ("also known as Takotsubo"), so it counts only when
a person is its subject or a group of people is named ("known to the nurses as"); "aka", "dubbed"
and "code name" also name drugs and effects, so they need a person earlier in the sentence. The
nickname itself must be quoted or capitalised ("we call him back" is not one).

A quoted capitalised name needs no trigger word when it is the subject of a regular's return
("'Big Mike' is back") or in apposition to a person ("our frequent flyer, 'Captain Jack',").

Each form is found from a trigger word located with str.find, then matched forwards (the verb and
the nickname) and backwards (who is calling or known) around it.
"""
import re

from forum.privacy.lexicon import EPONYM_NOUNS, GIVEN_NAMES, NOT_NAMES
from forum.privacy.rules.base import Rule, word_set
from forum.privacy.rules.names.common import folded, short_form_of

KIND = "nickname"
REASON = ("Looks like a nickname or code name for a patient: leave it out, since people who know "
          "the patient would recognise it.")

QUOTED = r"[\"“'‘][^\"“”'‘’\n]{1,40}[\"”'’]"
WORDS = r"(?:the\s+)?[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*){0,2}"
NICK = rf"(?P<nick>{QUOTED}|{WORDS})"
PEOPLE = (r"(?:we|they|staff|everyone|everybody|the\s+(?:nurses|staff|team|ward|unit|residents|kids"
          r"|family|floor|techs|regulars|paramedics|medics|crew|others))")
PERSON_NOUN = r"(?:patient|pt|man|woman|gentleman|lady|guy|fellow|one|regular|resident|flyer)"
SUBJECT = r"(?:he|she|who|patient|pt|they)(?:['’]s|\s+is|\s+was|\s+are|\s+were)?"

# After the trigger: (trigger, pattern matched at the trigger, pattern that must end just before it).
_FORMS = (
    # nicknamed "Captain"; nicknamed her Grandma Rose; nickname is Sparky
    ("nick", re.compile(rf"(?:nick-?named(?:\s+(?:him|her|them))?|nickname(?:\s+is|\s+was)?\s*:?)\s+{NICK}"), None),
    # he answers to 'Bubba'
    ("answers", re.compile(rf"answers\s+(?:only\s+)?to\s+{NICK}"), None),
    # goes by Sparky; went by the name Bubba
    ("goes by", re.compile(rf"goes\s+by(?:\s+the\s+name(?:\s+of)?)?\s+{NICK}"), None),
    ("went by", re.compile(rf"went\s+by(?:\s+the\s+name(?:\s+of)?)?\s+{NICK}"), None),
    # calls himself the Duke
    ("call", re.compile(rf"calls?\s+(?:himself|herself|themselves)\s+{NICK}"), None),
    # we call him "Captain"; the nurses all call her Duchess
    ("call", re.compile(rf"(?:call|called|calls)\s+(?:him|her|them|this\s+(?:patient|man|woman|gentleman|lady|guy))"
                        rf"\s+(?:as\s+)?{NICK}"),
     re.compile(rf"\b{PEOPLE}\s+(?:all\s+)?$")),
    # the patient we call Sparky; the man everyone calls "the Mayor"
    ("call", re.compile(rf"(?:call|calls|called)\s+{NICK}"),
     re.compile(rf"\b{PERSON_NOUN}\s+(?:that\s+|whom\s+|who\s+)?{PEOPLE}\s+(?:all\s+)?$")),
    # a frequent flyer the nurses call "Captain Crunch" (no pronoun: the nickname must be quoted)
    ("call", re.compile(rf"(?:call|calls|called)\s+(?P<nick>{QUOTED})"), re.compile(rf"\b{PEOPLE}\s+(?:all\s+)?$")),
    # known to everyone at the shelter as 'Tiny' (a quoted nickname after any "known to/at/by ... as")
    ("known", re.compile(rf"known\s+(?:to|by|among|around|on|in|at|throughout)\b[^.;\n\"“'‘]{{1,40}}?\bas\s+(?P<nick>{QUOTED})"),
     None),
    # the care home calls her 'Pixie'; her niece calls her "tante Marijke" (any caller: the name is quoted)
    ("call", re.compile(rf"(?:call|calls|called|calling)\s+(?:him|her|them)\s+(?:as\s+)?(?P<nick>{QUOTED})"), None),
    # the lads call him Gazza - 45M; the carers call her Duchess, ... (any caller: a capitalised name
    # that ends its clause, so "call her GP tomorrow" or "call him back" is none)
    ("call", re.compile(rf"(?:call|calls|called)\s+(?:him|her|them)\s+(?P<nick>[^\W\d_][\w'’\-]*)"
                        r"(?=\s*(?:[,.;:!?)\-–—]|$|\s(?:and|but|because|as|since|so|now|here|there)\b))"), None),
    # he is called Boomer
    ("call", re.compile(rf"called\s+{NICK}"), re.compile(rf"\b{SUBJECT}\s+(?:also\s+)?$")),
    # insists on being called Queenie; prefers to be called Bunny; likes being called "Chief"
    ("call", re.compile(rf"called\s+{NICK}"), re.compile(
        r"\b(?:(?:insists?|insisted|insisting)\s+on|prefers?|preferred|likes?|liked|wants?|wanted|asks?|asked"
        r"|demands?|demanded|loves?|loved)\s+(?:being|to\s+be)\s+(?:only\s+)?$")),
    # we know him as Dutch; the nurses refer to her as "Gran"
    ("know", re.compile(rf"(?:know|knows|knew)\s+(?:him|her|them)\s+as\s+{NICK}"),
     re.compile(rf"\b{PEOPLE}\s+(?:(?:on|in|at|around)\s+the\s+\w+\s+)?(?:all\s+)?$")),
    ("refer", re.compile(rf"refer\s+to\s+(?:him|her|them)\s+as\s+{NICK}"), re.compile(rf"\b{PEOPLE}\s+(?:all\s+)?$")),
    # he is known as "Captain"; she's known around the unit as Dutch
    ("known", re.compile(rf"known(?:\s+(?:to|on|around|in|at|throughout|among|by)\s+(?:the\s+)?[a-z]+"
                         rf"(?:\s+[a-z]+)?)?\s+as\s+{NICK}"),
     re.compile(rf"\b{SUBJECT}\s+(?:also\s+|affectionately\s+|widely\s+|locally\s+|better\s+)?$")),
    ("referred", re.compile(rf"referred\s+to\s+as\s+{NICK}"), re.compile(rf"\b{SUBJECT}\s+(?:also\s+)?$")),
    # (anyone) known to the nurses as Sparky; known on the ward as the Duke
    ("known", re.compile(rf"known\s+(?:to\s+(?:us|staff|everyone|everybody|the\s+\w+)|on\s+the\s+(?:ward|unit|floor)"
                         rf"|around\s+(?:here|the\s+hospital)|in\s+(?:town|the\s+(?:ed|er|department|clinic)))"
                         rf"\s+as\s+{NICK}"), None),
)
# Triggers that also name drugs and effects: they need a person earlier in the sentence.
_PERSON_FORMS = (
    ("aka", re.compile(rf"aka\s+(?P<obj>(?:him|her|them)\s+)?{NICK}")),
    ("a.k.a.", re.compile(rf"a\.k\.a\.\s+(?P<obj>(?:him|her|them)\s+)?{NICK}")),
    ("dubbed", re.compile(rf"dubbed\s+(?P<obj>(?:him|her|them)\s+)?{NICK}")),
    ("code", re.compile(rf"code\s*-?\s*name(?:d|\s+is|\s+was)?\s*:?\s+(?P<obj>(?:him|her|them)\s+)?{NICK}")),
)
_PERSON = re.compile(r"\b(?:he|she|him|her|his|patient|pt|man|woman|gentleman|lady|guy|boy|girl)\b")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_AFTER_WORD = re.compile(r"[\"”'’]?\s+(?P<word>\w+)")
_LOOK_BACK = 60


def _person_before(low: str, start: int) -> bool:
    window = low[max(0, start - 80):start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    return bool(_PERSON.search(window))


def _nickname_span(doc, match):
    """The nickname's span: quoted as written, or its capitalised words; None if it is neither."""
    start, end = match.span("nick")
    text = doc.text
    if text[start] in "\"“'‘":
        return (start, end) if text[start + 1:end - 1].strip() else None
    words = list(_NAME_WORD.finditer(text, start, end))
    if words and words[0].group().lower() == "the":
        words = words[1:]
    capitalised = []
    for word in words:
        if not word.group()[0].isupper() or word.group().lower() in NOT_NAMES:
            break
        capitalised.append(word)
    if not capitalised:
        return None
    after = _AFTER_WORD.match(doc.low, capitalised[-1].end())
    if after and after.group("word") in EPONYM_NOUNS:
        return None
    return start, capitalised[-1].end()


# The words whose presence makes a trigger worth looking for.
_TRIGGER_WORDS = {
    "nick": word_set("nick nicknamed nickname"),
    "answers": word_set("answers"),
    "goes by": word_set("goes"),
    "went by": word_set("went"),
    "call": word_set("call calls called"),
    "know": word_set("know knows knew"),
    "refer": word_set("refer"),
    "known": word_set("known"),
    "referred": word_set("referred"),
    "aka": word_set("aka"),
    "a.k.a.": word_set("k"),
    "dubbed": word_set("dubbed"),
    "code": word_set("code codename codenamed"),
}


def _matches(doc):
    low = doc.low
    for trigger, forward, backward in _FORMS:
        if not doc.has_word(_TRIGGER_WORDS[trigger]):
            continue
        for index in doc.find_all(trigger):
            if not doc.word_start(index):
                continue
            match = forward.match(low, index)
            if match and (backward is None or backward.search(low, max(0, index - _LOOK_BACK), index)):
                yield match
    for trigger, forward in _PERSON_FORMS:
        if not doc.has_word(_TRIGGER_WORDS[trigger]):
            continue
        for index in doc.find_all(trigger):
            match = forward.match(low, index) if doc.word_start(index) else None
            if match and (match.group("obj") or _person_before(low, index)):
                yield match


# A quoted name of one to three capitalised words ("'Big Mike'"), found from its opening quote.
_QUOTED_NAME = re.compile(r"[\"“'‘](?:[A-Z][a-z]+)(?:\s[A-Z][a-z]+){0,2}[\"”'’]")
_RETURN_AFTER = re.compile(r"\s+(?:is|was|['’]s)\s+(?:back|in\s+again|here\s+again|readmitted)\b")
_PERSON_APPOSITION_BEFORE = re.compile(rf"\b(?:{PERSON_NOUN}|flyer|frequent\s+flyer)\s*,\s*$|\b(?:pt|patient)\s+$")


def _quoted_names(doc):
    """'Big Mike' is back; our frequent flyer, 'Captain Jack', ..."""
    text = doc.text
    for quote in "\"“'‘":
        for index in doc.find_all(quote, low=False) if quote in text else ():
            if index + 1 >= len(text) or not text[index + 1].isupper():
                continue
            match = _QUOTED_NAME.match(text, index)
            if not match or match.group()[1:-1].lower() in NOT_NAMES:
                continue
            if _RETURN_AFTER.match(doc.low, match.end()) \
                    or _PERSON_APPOSITION_BEFORE.search(doc.low, max(0, index - 30), index):
                yield match.span()


# A quoted name and then who calls the patient so: "'Dolores' as the carers call her".
_QUOTED_CALLED = re.compile(r"[\"“'‘][^\"“”'‘’\n]{1,40}[\"”'’]\s*,?\s+as\s+(?:[\w'’]+\s+){1,4}?"
                            r"(?:call|calls|called|know|knows|knew)\s+(?:him|her|them)\b")
# Words after "call him" that are not a name for him.
_NOT_NICKNAMES = frozenset("""
gp doctor dr doc mum mom dad nurse sister back later tomorrow today tonight now soon again asap urgently
first directly instead out up down in over round
""".split())


def _quoted_called(doc):
    if not doc.has_word(_TRIGGER_WORDS["call"]) and not doc.has_word(_TRIGGER_WORDS["know"]):
        return
    text = doc.text
    for quote in "\"“'‘":
        for index in doc.find_all(quote, low=False) if quote in text else ():
            if index > 0 and text[index - 1].isalnum():
                continue
            match = _QUOTED_CALLED.match(text, index)
            if match:
                close = text.find(quote if quote in "\"'" else {"“": "”", "‘": "’"}[quote], index + 1)
                if close == -1:
                    close = match.end()
                name = text[index + 1:close].strip()
                if name and name[0].isupper() and name.lower() not in NOT_NAMES:
                    yield index, close + 1


# A family title before a name, as a ward names a regular or an elder: "Auntie Grace", "Grandpa
# Jack", "Tita Clara", "Gogo Mavis". The title is capitalised: "her auntie Grace" is a relative.
_KIN_TITLE_WORDS = word_set("auntie aunty uncle grandpa grandma granny gramps nana nanna tita tito lolo mama papa"
                            " baba mzee gogo ouma oupa")
_KIN_TITLE = re.compile(r"(?:Auntie|Aunty|Uncle|Grandpa|Grandma|Granny|Gramps|Nana|Nanna|Tita|Tito|Lolo|Mama|Papa"
                        r"|Baba|Mzee|Gogo|Ouma|Oupa)\s+(?P<name>[A-Z][a-z'’\-]+)\b")


def _kin_titles(doc):
    for anchor in doc.word_offsets(_KIN_TITLE_WORDS) if doc.has_word(_KIN_TITLE_WORDS) else ():
        match = _KIN_TITLE.match(doc.text, anchor)
        if not match or match.group("name").lower() in NOT_NAMES:
            continue
        after = _AFTER_WORD.match(doc.low, match.end())
        if not (after and after.group("word") in EPONYM_NOUNS):
            yield match.span()


# A short form of a given name in brackets after it: "Chukwuemeka (Emeka)", "Rajesh Kumar Yadav
# (Raju)", "Dorothy (Dot) Pemberton". The short form shares the name's letters, so a drug's brand
# or a department in brackets ("Sarah Chen (Cardiology)") is none.
_BRACKETED_SHORT = re.compile(r"\((?P<nick>[A-Z][a-z]{1,11})\)")
_NAME_BEFORE_BRACKET = re.compile(r"(?<![\w\-])(?P<given>[A-Z][a-z]+)(?:\s+[A-Z][a-z'’\-]+){0,2}\s*$")


def _short_forms(doc):
    text = doc.text
    for index in doc.find_all("(", low=False) if "(" in text else ():
        if not text[index + 1:index + 2].isupper():
            continue
        match = _BRACKETED_SHORT.match(text, index)
        name = _NAME_BEFORE_BRACKET.search(text, max(0, index - 40), index) if match else None
        if not name or folded(name.group("given")) not in GIVEN_NAMES:
            continue
        if short_form_of(match.group("nick"), name.group()):
            yield match.start("nick"), match.end("nick")


def find(doc):
    """Spans of nicknames given to a patient (the nickname itself, quotes included)."""
    seen = set()
    for match in _matches(doc):
        span = _nickname_span(doc, match)
        if span and span not in seen and (doc.text[span[0]] in "\"“'‘" or doc.low[span[0]:span[1]] not in _NOT_NICKNAMES):
            seen.add(span)
            yield span
    yield from _quoted_names(doc)
    yield from _quoted_called(doc)
    yield from _kin_titles(doc)
    yield from _short_forms(doc)


RULE = Rule(KIND, REASON, find)
