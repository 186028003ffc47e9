"""Street addresses and ZIP codes: "14 Oak Lane", "55 Elm st", "lives on Elm Street", "Apt 4B",
"PO Box 12", "Springfield, IL 62704", "Cambridge MA 02139", "ZIP code 02139", postcodes after
"postcode" or "PIN code", UK and Canadian postcodes on their own ("LS1 4DY", "M5V 2T6"), a home
town or county before its state ("lives in Smalltown, Ohio", "Lancaster County, PA"), and GPS
coordinates after a word that says so.

A five-digit number alone (a lab value, a platelet count) and the word "ZIP" alone never count. A
UK postcode must start with one of the postcode areas and end with a digit and two letters that
postcodes use, and a Canadian one must alternate letter and digit with letters that they use, so
"CD4 3MG" or "T2N1M0" are no postcodes.
"""
import bisect
import re

from forum.privacy.lexicon import CLINICIAN_WORDS, INSTITUTION_NOUNS, LARGE_PLACES, NOT_NAMES
from forum.privacy.rules import localities
from forum.privacy.rules.base import Rule, word_set

KIND = "address"
REASON = "Looks like a street address or ZIP code: name the region or state at most."

_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way"
           r"|Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Close|Crescent|Cres|Square|Sq|Trail"
           r"|Row|Walk|Gardens|Grove|Mews|Alley|Pike|Turnpike)")
# Found from the street suffix; the house number and street name are matched behind it.
_SUFFIX_AT = re.compile(rf"{_SUFFIX}\b\.?")
# Lower case ("55 Elm st") only with a house number before the street name.
_SUFFIX_ANY_CASE_AT = re.compile(rf"(?i:{_SUFFIX})\b\.?")
_SUFFIX_WORDS = word_set(_SUFFIX.strip("(?:)").replace("|", " "))
_STREET_WORD = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?|[nsew]\.)"
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
# In an ASCII text (whose words are exactly the ones the pattern reads) a state name needs all
# its words: "new" alone, in most posts, names no state.
_ONE_WORD_STATES = word_set(" ".join(name for name in _STATE_NAMES.split("|") if " " not in name))
_TWO_WORD_STATES = tuple(word_set(name) for name in _STATE_NAMES.split("|") if " " in name)
# The first letters of the state codes and names: a comma followed by anything else starts no
# state, and reading one character is far cheaper than trying a hundred alternatives there.
_STATE_INITIALS = frozenset(name[0] for name in f"{_STATES}|{_STATE_NAMES}".split("|"))
_CITY = re.compile(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}$")
# The town someone lives in, before its state: "lives in Smalltown, Ohio", "is from Waco, TX".
# Abbreviations that are also clinical words or degrees count only spelled out.
# MD, PA, MS, MA, MT: degrees and titles; ND: not done; SD: standard deviation; CO, LA, ID, IN,
# OR, ME, OK, HI, DE: clinical abbreviations or English words.
_WORDLIKE_STATES = {"MD", "PA", "MS", "MA", "MT", "ND", "SD", "CO", "LA", "ID", "IN", "OR", "ME",
                    "OK", "HI", "DE"}
_PLAIN_STATES = "|".join(code for code in _STATES.split("|") if code not in _WORDLIKE_STATES)
_COMMA_STATE = re.compile(rf",\s(?:{_PLAIN_STATES}|{_STATE_NAMES})\b\.?")
# After a county, any state code is a state: "Lancaster County, PA" (not a physician's degree).
_COUNTIES = (" County", " Parish", " Borough")
_COMMA_ANY_STATE = re.compile(rf",\s(?:{_STATES}|{_STATE_NAMES})\b\.?")
_HOME_WORDS = word_set("live lives lived living reside resides resided residing moved relocated"
                       " hometown native grew from")
_HOME_CUE = re.compile(
    r"\b(?:lives|lived|living|resides|resided|residing|moved|relocated|hometown(?:\s+is|\s+was)?"
    r"|native\s+of|grew\s+up|(?:is|was|comes|came|originally)(?:\s+in)?\s+from)"
    r"(?:\s+(?:in|to|at|near|outside(?:\s+of)?))?\s+$")
_POSTCODE = r"\d{6}\b|\d{5}(?:-\d{4})?|\d{3}\b|[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}\b|[a-z]\d[a-z]\s?\d[a-z]\d\b"
_ZIP_LABELLED = re.compile(
    r"(?:zip(?:\s*code)?|zip\+4|postal\s*code|post\s*code|postcode|pin\s*code|pincode)\s{0,3}(?:is|was|of|:|#)?\s{0,3}[:#]?\s{0,3}"
    rf"(?P<zip>{_POSTCODE})")
_VISIT_WORDS = word_set("visited visiting visit")
_LIVES_WORDS = word_set("live lives lived living reside resides resided residing home house apartment flat address")
_ZIP_WORDS = word_set("zip zipcode postal post postcode pin pincode")
# "Cambridge MA 02139": a city and a state code before a ZIP code, without the comma.
_CITY_STATE_BEFORE_ZIP = re.compile(rf"(?<![\w,])[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}\s(?:{_STATES})\.?\s+$")
_UK_AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN
EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG
NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ
TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""".split())
# Found from the inward part (a space, a digit, two letters: " 1AA"); the outward part behind it.
_UK_INWARD = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}(?![\w])")
_UK_OUTWARD_BEFORE = re.compile(r"(?<![\w])(?P<area>[A-Z]{1,2})\d[A-Z\d]?$")
_CA_INWARD = re.compile(r"\d[A-CEGHJ-NPR-TV-Z]\d(?![\w])")
_CA_OUTWARD_BEFORE = re.compile(r"(?<![\w])[ABCEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z]$")
# GPS coordinates, after a word that says what they are: "GPS coordinates 40.7128, -74.0060".
_GPS_WORDS = word_set("gps coordinates coords coordinate latitude lat location pinned")
_COORDINATES = re.compile(
    r"(?P<lat>-?\d{1,2}\.\d{3,})°?\s*[ns]?\s*,?\s+(?P<lon>-?\d{1,3}\.\d{3,})°?(?:\s*[ew]\b)?")
_UNIT_WORDS = word_set("apt apartment box")
_ZIP_BEFORE = re.compile(r"(?<![\w\-])(?P<zip>\d{5})\s+$")
_ZIP_AREA_BEFORE = re.compile(r"\bthe\s+\d{5}\s+$")


def _state_name_possible(doc) -> bool:
    """Cheap pre-check for _STATE_ZIP, which re tries at every position of the text."""
    if not doc.has_word(_STATE_WORDS):
        return False
    if not doc.text.isascii():
        return True  # a non-breaking space or a letter beyond ASCII joins words: scan to be sure
    return doc.has_word(_ONE_WORD_STATES) or any(words <= doc.words for words in _TWO_WORD_STATES)


def _state_after(text: str, comma: int) -> bool:
    """Cheap pre-check for the patterns that start ",\\s" and a state: its first letter."""
    return text[comma + 2:comma + 3] in _STATE_INITIALS


def _word_before_fits(text: str, start: int) -> bool:
    """The word before a street suffix is a capitalised name, an ordinal ("5th") or a number."""
    begin = text.rfind(" ", 0, start - 1) + 1
    return begin < start - 1 and (text[begin].isupper() or text[begin].isdigit())


def _streets(doc):
    text = doc.text
    lives = doc.has_word(_LIVES_WORDS)
    lower_cue = lives or doc.has_word(_VISIT_WORDS)
    for start in doc.word_offsets(_SUFFIX_WORDS):
        match = _SUFFIX_AT.match(text, start)
        lower = not match
        match = match or _SUFFIX_ANY_CASE_AT.match(text, start)
        if not match or start < 2 or text[start - 1] != " ":
            continue
        if not _word_before_fits(text, start):
            street = _LOWER_STREET_BEFORE.search(doc.low, max(0, start - 60), start) if lower and lower_cue else None
            if street:
                yield street.start("street"), match.end()
            continue
        numbered = _NUMBER_AND_NAME.search(text, max(0, start - 60), start)
        if numbered:
            yield numbered.start(), match.end()
            continue
        named = _NAME_ONLY.search(text, max(0, start - 45), start) if lives and not lower else None
        if named and _LIVES.search(doc.low, max(0, named.start() - 60), named.start()):
            yield named.start(), match.end()


def _zips(doc):
    text, low = doc.text, doc.low
    five_digits = b"00000" in doc.shape
    for comma in doc.find_all(",") if five_digits else ():
        if not _state_after(text, comma):
            continue
        match = _COMMA_STATE_ZIP.match(text, comma)
        city = _CITY.search(text, max(0, comma - 40), comma) if match else None
        if city:
            yield city.start(), match.end()
    if five_digits and _state_name_possible(doc):
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
    if five_digits:
        yield from _city_state_zips(doc)
    for index in doc.find_all(" area") if b"area" in doc.words else ():
        before = _ZIP_AREA_BEFORE.search(low, max(0, index - 16), index + 1)
        if before:
            yield before.start(), index + len(" area")


def _city_state_zips(doc):
    """"Cambridge MA 02139": from each five-digit number, the city and state code behind it."""
    text, shape = doc.text, doc.shape
    index = shape.find(b" 00000")
    while index != -1:
        end = index + 6
        if end >= len(shape) or shape[end] not in b"0a":
            city = _CITY_STATE_BEFORE_ZIP.search(text, max(0, index - 40), index + 1)
            if city:
                yield city.start(), end
        index = shape.find(b" 00000", index + 1)


def _postcodes(doc):
    """UK ("LS1 4DY", "SW1A 1AA") and Canadian ("M5V 2T6") postcodes written on their own."""
    # Both postcodes are written in capitals, so their inward part is looked for in the capitals'
    # shape (" 0AA", " 0A0"): each inward match begins one, so none is missed, and bytes.find
    # there took 8,000 instructions a post against 29,000 for " 0aa" in the plain shape, where
    # "1st" and "5mg" also stopped it.
    text, shape = doc.text, doc.case_shape
    for needle, inward, outward in ((b" 0AA", _UK_INWARD, _UK_OUTWARD_BEFORE),
                                    (b" 0A0", _CA_INWARD, _CA_OUTWARD_BEFORE)):
        index = shape.find(needle)
        while index != -1:
            after = inward.match(text, index + 1)
            found = outward.search(text, max(0, index - 4), index) if after else None
            if found and found.groupdict().get("area", "B") in _UK_AREAS:
                yield found.start(), after.end()
            index = shape.find(needle, index + 1)


def _coordinates(doc):
    for anchor in doc.word_offsets(_GPS_WORDS):
        match = _COORDINATES.search(doc.low, anchor, anchor + 60)
        if match and abs(float(match.group("lat"))) <= 90 and abs(float(match.group("lon"))) <= 180:
            yield match.span()


def _home_towns(doc):
    """A town after a word of residence and before its state ("lives in Smalltown, Ohio"): a
    place smaller than a state, which in a small town can be enough to name the patient."""
    if not doc.has_word(_HOME_WORDS):
        return
    text = doc.text
    for comma in doc.find_all(","):
        if not _state_after(text, comma):
            continue
        state = _COMMA_STATE.match(text, comma)
        if not state and text.endswith(_COUNTIES, 0, comma):  # "Lancaster County, PA"
            state = _COMMA_ANY_STATE.match(text, comma)
        city = _CITY.search(text, max(0, comma - 40), comma) if state else None
        if city and _HOME_CUE.search(doc.low, max(0, city.start() - 40), city.start()):
            yield city.start(), state.end()


# Australian states and territories before a postcode ("Broken Hill NSW 2880"), and the regions
# of Australia, Canada and Ireland after a town of residence ("from Goondiwindi QLD").
_AU_STATES = r"NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT"
_REGION_WORDS = word_set("nsw vic qld sa wa tas nt act on bc ab qc ns nb mb sk pei nl nu yt")
_AU_POSTCODE = re.compile(rf"(?:{_AU_STATES})\s+\d{{4}}(?![\w\-/]|\.\d)")
_CITY_BEFORE_STATE = re.compile(r"(?<![\w])[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},?\s$")
_REGION = re.compile(r"(?:NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT|ON|BC|AB|QC|NS|NB|MB|SK|PEI|NL|NU|YT"
                     r"|Co\.?\s[A-Z][a-z]+)(?![\w])")
_TOWN_BEFORE_REGION = re.compile(r"(?<![\w])(?P<town>[A-Z][a-z]+(?:[\s\-][A-Z][a-z]+){0,2}),?\s$")
_HOME_CUE_NEAR = re.compile(
    r"\b(?:lives|lived|living|resides|resided|residing|moved|relocated|hometown|native\s+of|grew\s+up"
    r"|from|out\s+of|outside|near|in)\b[^.\n]{0,25}$")
# An Indian PIN code after a town and a comma ("Ward 12, Kota 324001").
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PIN_AFTER_TOWN = re.compile(r",\s(?P<town>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s?[-–]?\s?[1-8]\d{5}(?![\w\-/]|\.\d)")
# A street whose type comes first ("4432 Rue Saint-Denis", "12 Via Roma", "221 Calle Ocho").
_PREFIX_STREET_WORDS = word_set("rue via calle avenida chemin rua paseo strada viale piazza avenue boulevard")
_PREFIX_STREET = re.compile(
    r"(?<![\w.,/\-])\d{1,6}[A-Za-z]?,?\s+(?:Rue|Via|Calle|Avenida|Chemin|Rua|Paseo|Strada|Viale|Piazza|Avenue"
    r"|Boulevard|rue|via|calle|avenida|chemin|rua)\s+(?:(?:de|du|des|del|de\s+la|della|do|da|dos)\s+)?"
    r"[A-Z][a-zà-ÿ'’][\w'’]*(?:-[A-Z][\w'’]+)*")  # "Via Roma", not "1730 via EMS"
# A flat and its building's street in lower case: "flat 6b, 112 kingsway".
_FLAT_STREET = re.compile(r"(?:flat|apt\.?|apartment)\s*#?\s*\d{1,4}[a-z]?,\s+\d{1,5}[a-z]?\s+[a-z][a-z'’\-]{2,}"
                          r"(?:\s+(?:st|street|rd|road|ave|avenue|lane|way|close|drive|crescent|gardens|court))?\b")
_FLAT_WORDS = word_set("flat apt apartment")
# A plot or a stand and the estate or township after it, as Nigerian, Kenyan and South African
# addresses are written ("Plot 14, Karen Estate", "Stand 1184, Tembisa"); capitalised only, and
# not a figure's panel ("Plot 3, Figure 2").
_PLOT = re.compile(r"(?:Plot|Stand|Erf)\s+(?:No\.?\s*)?\d{1,5}[A-Z]?,\s+(?P<place>[A-Z][a-z]+)"
                   r"(?:\s+(?!Phase|Extension|Ext|Zone|Sector)[A-Z][a-z]+)?"
                   r"(?:\s+(?:Phase|Extension|Ext\.?|Zone|Sector)\s+\d{1,2}[A-Z]?)?")
_PLOT_WORDS = word_set("plot stand erf")
_NOT_PLOT_PLACES = frozenset("figure fig table panel graph chart appendix supplement see page section".split())


# An Irish Eircode: a routing key (a letter and two digits, or D6W) and four characters mixing
# letters and digits ("T12 X5PF", "D02 AF30"), letters from the Eircode alphabet only.
_EIRCODE = re.compile(r"(?<![\w\-])(?:[ACDEFHKNPRTVWXY]\d{2}|D6W) (?=[A-Z]{0,3}\d)(?=\d{0,3}[A-Z])"
                      r"[0-9ACDEFHKNPRTVWXY]{4}(?![\w\-])")
# A town and an Australian postcode after a word of residence or demographics: "Dubbo 2830",
# not a year ("moved to Perth 2019").
_AU_TOWN_POSTCODE = re.compile(r"(?P<town>[A-Z][a-z]+(?:[\s\-][A-Z][a-z]+)?),?\s(?P<code>[0-9]\d{3})(?![\w\-/]|\.\d)")
_RESIDENCE_BEFORE = re.compile(
    r"\b(?:lives|lived|living|resides|resided|residing|moved|relocated|from|address|suburb|hometown"
    r"|demographics)\b[^.\n]{0,12}$")
# A lower-case street after a word of residence: "lives on 7 brook st".
_LOWER_STREET_BEFORE = re.compile(
    r"\b(?:lives|lived|living|resides|resided|residing|address|house|home|flat|moved|visited|visiting|visit"
    r")\b[^.\n]{0,16}?"
    r"(?P<street>\d{1,5}[a-z]?\s+(?:[a-z][a-z'’\-]+\s+){1,2})$")
_TOWN_CUE_WORDS = word_set("lives lived living resides resided residing moved relocated from address suburb"
                           " hometown demographics")


def _eircodes_and_towns(doc):
    """Irish Eircodes on their own, and an Australian town and postcode after a word of residence,
    from their shapes ("A00 ", "a 0000"), found with bytes.find (a regex scan cost more)."""
    text = doc.text
    case_shape = doc.case_shape
    for needle in (b"A00 ", b"A0A "):
        index = case_shape.find(needle)
        while index != -1:
            match = _EIRCODE.match(text, index)
            if match:
                yield match.span()
            index = case_shape.find(needle, index + 1)
    if not doc.has_word(_TOWN_CUE_WORDS):
        return
    shape = doc.shape
    index = shape.find(b"0000")  # all digits: found far faster than "a 0000"
    while index != -1:
        at, index = index, shape.find(b"0000", index + 4)
        if at < 2 or shape[at - 2:at] != b"a " or shape[at + 4:at + 5] in (b"0", b"a"):
            continue
        if 1950 <= int(text[at:at + 4]) <= 2035:
            continue  # a year ("moved to Perth 2019")
        town = _AU_TOWN_POSTCODE.search(text, max(0, at - 31), at + 4)
        if town and town.end() == at + 4 \
                and _RESIDENCE_BEFORE.search(doc.low, max(0, town.start() - 30), town.start()):
            yield town.start(), town.end()


def _abroad(doc):
    """Australian postcodes, towns with an Australian, Canadian or Irish region after a word of
    residence, Indian PIN codes after a town, streets whose type comes first, a flat's street."""
    text = doc.text
    # Region codes are written in capitals ("ON"): most "on" are words. An Irish county ("Co.
    # Mayo") is found by its capital C ("co" is inside most words, a slow look-up as a word).
    regions = frozenset(word for word in doc.words & _REGION_WORDS if word.decode().upper() in text)
    anchors = list(doc.word_offsets(regions)) if regions else []
    if b"co" in doc.words:
        anchors += [index for index in doc.find_all("Co", low=False) if doc.word_start(index)]
    if anchors:
        for anchor in anchors:
            postcode = _AU_POSTCODE.match(text, anchor)
            # A town before the state: "NSW 2023" alone is as often a year's guidance.
            city = _CITY_BEFORE_STATE.search(text, max(0, anchor - 40), anchor) if postcode else None
            if city:
                yield city.start(), postcode.end()
                continue
            region = _REGION.match(text, anchor)
            town = _TOWN_BEFORE_REGION.search(text, max(0, anchor - 40), anchor) if region else None
            if town and _HOME_CUE_NEAR.search(doc.low, max(0, town.start() - 40), town.start()):
                yield town.start("town"), region.end()
    if b"000000" in doc.shape and (b"a 000000" in doc.shape or b"a-000000" in doc.shape or b"a - 000000" in doc.shape):
        for comma in doc.find_all(","):
            # The town's capital first (a character compare, far cheaper than a match).
            match = _PIN_AFTER_TOWN.match(text, comma) if text[comma + 2:comma + 3] in _CAPITALS else None
            if match:
                yield match.start("town"), match.end()
    streets = doc.words & _PREFIX_STREET_WORDS
    for anchor in doc.word_offsets(_PREFIX_STREET_WORDS) if streets and b"0 a" in doc.shape else ():
        number = text.rfind(" ", 0, max(0, anchor - 1))
        match = _PREFIX_STREET.match(text, number + 1) if number + 1 < anchor else None
        if match and match.end() > anchor:
            yield match.span()
    for anchor in doc.word_offsets(_FLAT_WORDS) if doc.has_word(_FLAT_WORDS) and b", 0" in doc.shape else ():
        match = _FLAT_STREET.match(doc.low, anchor)
        if match:
            yield match.span()


# A town of residence with no state or postcode after it ("a farmer from Ballyjamesduff", "lives
# on the outskirts of Stornoway", "a toddler from Gympie", "on a farm outside Wagga Wagga"): a place
# smaller than a state, after a word that makes it the patient's home. A town is one to three
# capitalised words (or a street whose type comes first, "rue des Lilas"); a country, a state or a
# province (lexicon.LARGE_PLACES) names nobody, and a place after travel ("returned from Lagos") or
# a referral ("transferred from Tygerberg") is not a home.
_PLACE_LOW = "a-zß-öø-ÿ\u0100-\u017f'’"
_TOWN = (rf"(?P<town>(?:(?:rue|via|calle|avenida|chemin|rua|avenue)\s+(?:(?:de|du|des|del|de\s+la|della|do|da|dos)\s+)?)?"
         rf"[A-ZÀ-ÖØ-Þ\u0100-\u017e][{_PLACE_LOW}]+(?:(?:\s|-)[A-ZÀ-ÖØ-Þ\u0100-\u017e][{_PLACE_LOW}]+){{0,2}})")
_RESIDENCE_AT = re.compile(
    r"(?i:lives|lived|living|resides|resided|residing|grew\s+up|hails|hailing)"
    r"(?:\s+(?:alone|independently|together|with\s+(?:(?:his|her|their)\s+)?[A-Za-z]+|by\s+(?:him|her|them)sel(?:f|ves)"
    r"|on\s+(?:a|the|their|his|her)\s+(?:farm|station|property|block|estate)))?"
    r"\s+(?:in|at|on|near|outside(?:\s+of)?|just\s+outside(?:\s+of)?|(?:on\s+)?the\s+outskirts\s+of|out\s+of|from"
    r"|(?:out|up|down|over|back)\s+(?:in|at|near)"
    rf"|(?:in|on)\s+(?:a|the)\s+(?:village|town|suburb|township)\s+(?:of|near|outside)|in\s+rural|in\s+remote)\s+{_TOWN}")
_OUTSKIRTS_AT = re.compile(rf"outskirts\s+of\s+{_TOWN}")
# Where a person comes from or goes home to: "a native of Kottayam", "originally from Enugu", "took
# her back home to Tamale", "her home in Taupo".
_ORIGIN_AT = re.compile(rf"(?i:native\s+(?:of|to)|originally\s+(?:from|of)|home\s+(?:to|in))\s+{_TOWN}")
# "She's from Mullingar", "he is originally from Jos": a person's pronoun just before "from".
_PRONOUN_BEFORE_FROM = re.compile(
    r"(?<![a-z])(?:she|he|they)(?:['’]s|['’]re|\s+is|\s+are)\s+(?:originally\s+|also\s+)?$")
# Coming in from home: "drives in from Otaki every week", "commutes from Bathurst".
_COMMUTE_AT = re.compile(rf"(?i:drives?|drove|driving|commutes?|commuted|commuting|travels?|travelled|traveled)"
                         rf"(?:\s+(?:in|down|up|over|across))?\s+(?i:from)\s+{_TOWN}")
# A distance from a town: "a station 80 km west of Bathurst", "20 miles out of Moree" (not "80 km
# from Christchurch", which as often places the clinician as the patient).
_DISTANCE_AT = re.compile(
    rf"(?i:km|kms|kilometres|kilometers|miles)\s+(?i:(?:north|south|east|west|north-?east"
    rf"|north-?west|south-?east|south-?west|inland)\s+of|out\s+of|outside(?:\s+of)?)\s+{_TOWN}")
# After the town, words of a visit: "a 40M from Dublin visiting relatives", "from Perth on holiday".
_VISIT_AFTER = re.compile(r",?\s+(?:visiting|on\s+holiday|on\s+vacation|travelling|traveling|touring|here\s+for"
                          r"|passing\s+through|in\s+transit|on\s+a\s+(?:trip|visit|holiday))\b", re.IGNORECASE)
_PLACE_NOUN_AT = re.compile(
    r"(?:farm|village|town|township|station|property|community|kampung|settlement|reserve|homestead|suburb)"
    rf"\s+(?:just\s+)?(?:outside|near|of|in)(?:\s+of)?\s+{_TOWN}")
_FROM_AT = re.compile(rf"(?i:from(?:\s+(?:just\s+)?(?:outside|near)(?:\s+of)?)?|near|outside(?:\s+of)?|out\s+of)\s+{_TOWN}")
# A person just before "from": an age ("9yo", "68M", "a 44-year-old"), a person or an occupation.
_PERSON_BEFORE_FROM = re.compile(
    r"(?:\b\d{1,3}\s?(?:yo|y/o|yrs?|years?(?:\s+old)?|months?(?:\s+old)?|mo|[mf])\b|-year-old|-month-old"
    r"|(?<![a-z])(?:girl|boy|man|woman|lady|gentleman|gent|guy|bloke|kid|child|toddler|baby|infant|neonate|teen|teenager"
    r"|adolescent|youth|lad|lass|[a-z]*farmer|miner|[a-z]*worker|labourer|laborer|[a-z]*fisherman|fisher|[a-z]*driver"
    r"|student|pensioner"
    r"|retiree|widow|widower|elder|patient|pt|family|mum|mom|mother|father|dad|grandmother|grandfather"
    r"|granny|grandma|grandpa|resident|twins?|sibling|son|daughter|wife|husband)s?\b)")
_TOWN_WORDS = word_set("from near outside outskirts lives lived living resides resided residing hails hailing grew"
                       " drives drive drove driving commutes commute commuted commuting travels travelled traveled"
                       " km kms kilometres kilometers miles"
                       " farm village town township station property community kampung settlement reserve"
                       " homestead suburb native originally")
# Capitalised words after "from" that are not towns: places of care, times, drugs' and tests' heads.
_NOT_TOWNS = frozenset("""
home work school theatre theatres recovery resus majors minors icu hdu ward wards triage day days week
weeks month months year baseline admission birth work-up workup surgery casualty a&e ed er outpatients
clinic hospital primary secondary tertiary rural remote the a an his her their our my your its
""".split())
_SPECIALTY_ENDINGS = ("ology", "iatry", "iatrics", "aedics", "opedics")
_GEOGRAPHY = frozenset("river valley forest mountain creek lake island bay hill hills falls springs".split())
_ROUTE_AFTER = re.compile(r"(?:\s+\S+)?\s+(?:to|into|-)\s", re.IGNORECASE)
# A state or province by its own noun ("Edo State", "Western Province"): too large a place.
_REGION_NOUNS = frozenset("state province region territory oblast prefecture governorate".split())


def town_span(doc, match):
    """The town of `match` (its group "town") as a span, or None when it is no town of residence."""
    town = match.group("town")
    words = town.split()
    while len(words) > 1 and (words[-1].lower() in NOT_NAMES and words[-1].lower() not in _GEOGRAPHY
                              or words[-1].lower() in INSTITUTION_NOUNS):
        words.pop()  # "Gympie Hospital" is not reached (see below); "Whanganui The" is trimmed
    town = " ".join(words) if " ".join(words) in match.group("town") else town
    low = town.lower()
    first = words[0].lower()
    if low in LARGE_PLACES or first in NOT_NAMES or first in _NOT_TOWNS or first in CLINICIAN_WORDS:
        return None
    if first.endswith(_SPECIALTY_ENDINGS):
        return None  # "he's from Cardiology": a department, not a town
    if town.isupper() or words[-1].lower() in _REGION_NOUNS:
        return None
    start = match.start("town")
    end = start + len(town)
    after = doc.low[end:end + 20].split()
    if after and (after[0].strip(",.;:)'’s") in INSTITUTION_NOUNS or after[0] in ("hospital's", "clinic's")):
        return None
    if _ROUTE_AFTER.match(doc.text, end) or _VISIT_AFTER.match(doc.text, end):
        return None  # "from Warfarin to apixaban", "from Lagos to London", "from Dublin visiting"
    return start, end


# Anchors whose next word may be in lower case ("lives alone in", "native of", "home to").
_ANY_NEXT = ("live", "resi", "hail", "grew", "driv", "drov", "comm", "trav", "nati", "orig")
_HOME = word_set("home")


def _home_to_towns(doc):
    """"took her back home to Tamale", "her home in Taupo": from each "home" (a common word; "home
    to" and "home in" before a capital are rare, so most are left at the first compare)."""
    if not doc.has_word(_HOME):
        return
    text, low = doc.text, doc.low
    for index in doc.word_offsets(_HOME):
        if low.startswith(("home to ", "home in "), index) and text[index + 8:index + 9].isupper():
                match = _ORIGIN_AT.match(text, index)
                span = town_span(doc, match) if match else None
                if span:
                    yield span


_LOWER_NEXT = ("outside", "near", "just", "of", "the", "rue", "via", "calle", "avenida", "chemin", "rua")


_CLAUSE_END = re.compile(r"[.;:\n]")


def _clause_before(low: str, anchor: int, size: int = 40) -> str:
    """The same clause's text in the `size` characters before `anchor`."""
    window = low[max(0, anchor - size):anchor]
    cut = max(window.rfind("."), window.rfind(";"), window.rfind(":"), window.rfind("\n"))
    return window[cut + 1:] if cut != -1 else window


_LETTERS = re.compile(r"[a-z]+")
_AWAY_WORDS_SET = frozenset("""
returned returning return back travelled traveled travelling traveling trip holiday vacation visiting visit
visitor tourist flew flown arrived transferred transfer referred referral retrieved retrieval repatriated
evacuated outreach switch switched switching change changed changing convert converted converting weaned
weaning dr prof sent
""".split())
_PERSON_WORDS_SET = frozenset("""
girl boy man woman lady gentleman gent guy bloke kid child toddler baby infant neonate teen teenager
adolescent youth lad lass miner labourer laborer fisher student pensioner retiree widow widower elder
patient pt family mum mom mother father dad grandmother grandfather granny grandma grandpa resident twin
twins sibling son daughter wife husband yo mo m f year years yr yrs month months
""".split())
_PERSON_ENDINGS = ("farmer", "worker", "fisherman", "driver")


# An age in apposition just before "from": "Bongani, 45, from Soweto", "Ms O, 30F, from Ikeja".
_AGE_IN_APPOSITION = re.compile(r",\s*\d{1,3}\s*(?:[mf]|yo|y/o|yrs?)?\s*,\s*$")


def _person_and_home(low: str, anchor: int) -> bool:
    """A person or an age before "from" in its clause (within 24 characters of its end), and no
    travel, referral or switch there. Read as words (a regex search over the clause cost a try of
    every alternative at every position)."""
    clause = _clause_before(low, anchor)
    words = _LETTERS.findall(clause)
    if not _AWAY_WORDS_SET.isdisjoint(words):
        return False
    tail = clause[-26:]
    if _AGE_IN_APPOSITION.search(tail):
        return True  # checked before the words: "Mrs K.L., 61, from" leaves only ", 61, " in its clause
    if not words:
        return False
    tail_words = _LETTERS.findall(tail)
    if tail_words and tail_words[-1] in localities.OCCUPATIONS:
        return True  # "a builder from Enniskillen"
    if any(word in _PERSON_WORDS_SET or word.rstrip("s") in _PERSON_WORDS_SET or word.endswith(_PERSON_ENDINGS)
           for word in tail_words):
        return bool(_PERSON_BEFORE_FROM.search(clause, max(0, len(clause) - 40)))
    return False


# "the only case of Fabry disease in Tuam", "the only person with Huntington's in Ballyjamesduff".
_ONLY = word_set("only")
_ONLY_ONE_IN = re.compile(
    r"only\s+(?:[a-z'’\-]+\s+){0,2}?(?:case|cases|person|patient|one|child|family|man|woman|boy|girl)\b"
    r"[^.;\n]{0,40}?\s(?:in|from)\s+(?P<town>[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+){0,2})")


# "treated in Phase 2", "in Cohort 3": a stage of a study, not a town.
_NUMBERED_AFTER = re.compile(r"\s*[\dIVX]+\b")


def _only_cases(doc):
    for anchor in doc.word_offsets(_ONLY) if doc.has_word(_ONLY) else ():
        match = _ONLY_ONE_IN.match(doc.text, anchor)
        span = town_span(doc, match) if match else None
        if span and not _NUMBERED_AFTER.match(doc.text, span[1]):
            yield span


def _residence_towns(doc):
    yield from _home_to_towns(doc)
    yield from _only_cases(doc)
    yield from localities.find(doc)
    if not doc.has_word(_TOWN_WORDS):
        return
    text, low = doc.text, doc.low
    size = len(text)
    for anchor in doc.word_offsets(_TOWN_WORDS):
        word = low[anchor:anchor + 4]
        # Cheap way out: a town starts with a capital (or "rue", "outside", "near", "the outskirts").
        after = low.find(" ", anchor) + 1
        if 0 < after < size and not text[after].isupper() and not low.startswith(_LOWER_NEXT, after) \
                and word not in _ANY_NEXT \
                and word[:1] not in ("k", "m"):
            continue
        match = None
        if word in ("nati", "orig"):
            match = _ORIGIN_AT.match(text, anchor)
        elif word in ("from", "near", "outs"):
            if word == "outs" and low.startswith("outskirts", anchor):
                match = _OUTSKIRTS_AT.match(text, anchor)
                if match and not _AWAY_WORDS_SET.isdisjoint(_LETTERS.findall(_clause_before(low, anchor))):
                    match = None
            else:
                match = _FROM_AT.match(text, anchor)
                if match and not _person_and_home(low, anchor) \
                        and not (word == "from" and _PRONOUN_BEFORE_FROM.search(low, max(0, anchor - 24), anchor)):
                    match = None
        elif word in ("live", "resi", "hail", "grew"):
            match = _RESIDENCE_AT.match(text, anchor)
        elif word in ("driv", "drov", "comm", "trav"):
            match = _COMMUTE_AT.match(text, anchor)
        elif word[:1] in ("k", "m"):
            match = _DISTANCE_AT.match(text, anchor)
        else:
            match = _PLACE_NOUN_AT.match(text, anchor)
        span = town_span(doc, match) if match else None
        if span:
            yield span


def find(doc):
    """Spans of street addresses, units, PO boxes, ZIP or postal codes and home towns, and the
    places of rules.localities (workplaces, districts...); a town of residence or a place only
    where no other address covers it ("lives in Smalltown, Ohio")."""
    spans = list(_find(doc))
    yield from spans
    towns = sorted(set(_residence_towns(doc)))
    if towns:
        taken = sorted((span[0], span[1]) for span in spans)
        starts = [span[0] for span in taken]
        for start, end in towns:
            # Only the spans starting before the town's end can overlap it; the longest-reaching of
            # the few just before it is enough to look at (spans of one rule rarely nest).
            index = bisect.bisect_left(starts, end)
            if not any(b > start for _, b in taken[max(0, index - 4):index]):
                yield start, end


def _find(doc):
    yield from _streets(doc)
    yield from _eircodes_and_towns(doc)
    yield from _abroad(doc)
    yield from _zips(doc)
    yield from _postcodes(doc)
    yield from _coordinates(doc)
    yield from _home_towns(doc)
    low = doc.low
    if doc.has_word(_UNIT_WORDS):
        for pattern in (_UNIT, _PO_BOX):
            for match in pattern.finditer(low):
                if doc.word_start(match.start()) and not _COUNT_AFTER.match(low, match.end()):
                    yield match.span()
    # The pattern starts with an alternation, which re tries at every position: a scan of the text
    # cost more than the rest of the rule; most texts hold neither word.
    for needle in ("Plot ", "Stand ", "Erf ") if doc.has_word(_PLOT_WORDS) else ():
        for index in doc.find_all(needle, low=False) if needle in doc.text else ():
            match = _PLOT.match(doc.text, index)
            if match and doc.word_start(index) and match.group("place").lower() not in _NOT_PLOT_PLACES:
                yield match.span()
    units = "Suite" in doc.text or "Flat" in doc.text
    for match in _UNIT_CAPITAL.finditer(doc.text) if units else ():
        if doc.word_start(match.start()):
            yield match.span()


RULE = Rule(KIND, REASON, find)
