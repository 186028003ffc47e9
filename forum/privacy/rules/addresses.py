"""Street addresses and ZIP codes: "14 Oak Lane", "lives on Elm Street", "Apt 4B", "PO Box 12",
"Springfield, IL 62704", "ZIP code 02139", postcodes after "postcode", and a home town before
its state ("lives in Smalltown, Ohio").

A five-digit number alone (a lab value, a platelet count) and the word "ZIP" alone never count.
"""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "address"
REASON = "Looks like a street address or ZIP code: name the region or state at most."

_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way"
           r"|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Close|Crescent|Cres|Square|Sq|Trail"
           r"|Row|Walk|Gardens|Grove|Mews|Alley|Pike|Turnpike)")
# Found from the street suffix; the house number and street name are matched behind it.
_SUFFIX_AT = re.compile(rf"{_SUFFIX}\b\.?")
_SUFFIX_WORDS = word_set(_SUFFIX.strip("(?:)").replace("|", " "))
_STREET_WORD = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?)"
_NUMBER_AND_NAME = re.compile(rf"(?<![\w.,/\-])\d{{1,6}}[A-Z]?(?:-\d{{1,4}})?\s+(?:{_STREET_WORD}\s+){{1,3}}$")
_NAME_ONLY = re.compile(r"(?:[A-Z][a-z]+\s+){1,3}$")
_LIVES = re.compile(r"(?:lives|lived|living|resides|resided|residing|home|house|apartment|flat|address)\b"
                    r"[^.\n]{0,25}?\b(?:on|at|off|is)\s+$")
_UNIT = re.compile(r"(?:apt|apartment)\.?\s*#?\s*\d{1,5}[a-z]?\b")
# "Apt 1 of the 4 regimens": a count, not a flat.
_COUNT_AFTER = re.compile(r"\s+of\s+(?:the\s+|all\s+)?(?:\d|[a-z]+\s+\d)")
_UNIT_CAPITAL = re.compile(r"(?:Suite|Flat)\s*#?\s*\d{1,5}[A-Z]?\b")
_PO_BOX = re.compile(r"p\.?\s?o\.?\s*box\s+\d{1,6}\b")
_STATES = (r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH"
           r"|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR")
_STATE_NAMES = (r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida"
                r"|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
                r"|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
                r"|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio"
                r"|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee"
                r"|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming")
# "Springfield, IL 62704" matched from each comma (the city is matched behind it), and
# "Massachusetts 02139" only when a state name occurs at all.
_COMMA_STATE_ZIP = re.compile(rf",\s(?:{_STATES}|{_STATE_NAMES})\.?\s+\d{{5}}(?:-\d{{4}})?(?![\w\-])")
_STATE_ZIP = re.compile(rf"(?:{_STATE_NAMES})\s+\d{{5}}(?:-\d{{4}})?(?![\w\-])")
_STATE_WORDS = word_set(" ".join(name.split()[0] for name in _STATE_NAMES.split("|")))
_CITY = re.compile(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}$")
# The town someone lives in, before its state: "lives in Smalltown, Ohio", "is from Waco, TX".
# Abbreviations that are also clinical words or degrees count only spelled out.
# MD, PA, MS, MA, MT: degrees and titles; ND: not done; SD: standard deviation; CO, LA, ID, IN,
# OR, ME, OK, HI, DE: clinical abbreviations or English words.
_WORDLIKE_STATES = {"MD", "PA", "MS", "MA", "MT", "ND", "SD", "CO", "LA", "ID", "IN", "OR", "ME",
                    "OK", "HI", "DE"}
_PLAIN_STATES = "|".join(code for code in _STATES.split("|") if code not in _WORDLIKE_STATES)
_COMMA_STATE = re.compile(rf",\s(?:{_PLAIN_STATES}|{_STATE_NAMES})\b\.?")
_HOME_WORDS = word_set("live lives lived living reside resides resided residing moved relocated"
                       " hometown native grew from")
_HOME_CUE = re.compile(
    r"\b(?:lives|lived|living|resides|resided|residing|moved|relocated|hometown(?:\s+is|\s+was)?"
    r"|native\s+of|grew\s+up|(?:is|was|comes|came|originally)\s+from)"
    r"(?:\s+(?:in|to|at|near|outside(?:\s+of)?))?\s+$")
_POSTCODE = r"\d{5}(?:-\d{4})?|\d{3}\b|[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}\b|[a-z]\d[a-z]\s?\d[a-z]\d\b"
_ZIP_LABELLED = re.compile(
    r"(?:zip(?:\s*code)?|zip\+4|postal\s*code|post\s*code|postcode)\s{0,3}(?:is|was|of|:|#)?\s{0,3}[:#]?\s{0,3}"
    rf"(?P<zip>{_POSTCODE})")
_LIVES_WORDS = word_set("live lives lived living reside resides resided residing home house apartment flat address")
_ZIP_WORDS = word_set("zip zipcode postal post postcode")
_UNIT_WORDS = word_set("apt apartment box")
_ZIP_BEFORE = re.compile(r"(?<![\w\-])(?P<zip>\d{5})\s+$")
_ZIP_AREA_BEFORE = re.compile(r"\bthe\s+\d{5}\s+$")


def _word_before_fits(text: str, start: int) -> bool:
    """The word before a street suffix is a capitalised name, an ordinal ("5th") or a number."""
    begin = text.rfind(" ", 0, start - 1) + 1
    return begin < start - 1 and (text[begin].isupper() or text[begin].isdigit())


def _streets(doc):
    text = doc.text
    lives = doc.has_word(_LIVES_WORDS)
    for start in doc.word_offsets(_SUFFIX_WORDS):
        match = _SUFFIX_AT.match(text, start)
        if not match or start < 2 or text[start - 1] != " " or not _word_before_fits(text, start):
            continue
        numbered = _NUMBER_AND_NAME.search(text, max(0, start - 60), start)
        if numbered:
            yield numbered.start(), match.end()
            continue
        named = _NAME_ONLY.search(text, max(0, start - 45), start) if lives else None
        if named and _LIVES.search(doc.low, max(0, named.start() - 60), named.start()):
            yield named.start(), match.end()


def _zips(doc):
    text, low = doc.text, doc.low
    five_digits = b"00000" in doc.shape
    for comma in doc.find_all(",") if five_digits else ():
        match = _COMMA_STATE_ZIP.match(text, comma)
        city = _CITY.search(text, max(0, comma - 40), comma) if match else None
        if city:
            yield city.start(), match.end()
    if five_digits and doc.has_word(_STATE_WORDS):
        for match in _STATE_ZIP.finditer(text):
            if doc.word_start(match.start()):
                yield match.span()
    if doc.has_word(_ZIP_WORDS):
        for anchor in doc.word_offsets(_ZIP_WORDS):
            match = _ZIP_LABELLED.match(low, anchor)
            if match:
                yield match.span()
        for label in ("zip", "postcode"):
            for index in doc.find_all(label):
                before = _ZIP_BEFORE.search(low, max(0, index - 12), index)
                if before and doc.word_end(index + len(label)):
                    yield before.start("zip"), index + len(label)
    for index in doc.find_all(" area") if b"area" in doc.words else ():
        before = _ZIP_AREA_BEFORE.search(low, max(0, index - 16), index + 1)
        if before:
            yield before.start(), index + len(" area")


def _home_towns(doc):
    """A town after a word of residence and before its state ("lives in Smalltown, Ohio"): a
    place smaller than a state, which in a small town can be enough to name the patient."""
    if not doc.has_word(_HOME_WORDS):
        return
    text = doc.text
    for comma in doc.find_all(","):
        state = _COMMA_STATE.match(text, comma)
        city = _CITY.search(text, max(0, comma - 40), comma) if state else None
        if city and _HOME_CUE.search(doc.low, max(0, city.start() - 40), city.start()):
            yield city.start(), state.end()


def find(doc):
    """Spans of street addresses, units, PO boxes, ZIP or postal codes and home towns."""
    yield from _streets(doc)
    yield from _zips(doc)
    yield from _home_towns(doc)
    low = doc.low
    if doc.has_word(_UNIT_WORDS):
        for pattern in (_UNIT, _PO_BOX):
            for match in pattern.finditer(low):
                if doc.word_start(match.start()) and not _COUNT_AFTER.match(low, match.end()):
                    yield match.span()
    for match in _UNIT_CAPITAL.finditer(doc.text):
        if doc.word_start(match.start()):
            yield match.span()


RULE = Rule(KIND, REASON, find)
