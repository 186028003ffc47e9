"""Social security numbers: "123-45-6789", or a number after "SSN" / "social security number",
including what is left of a masked one ("SSN xxx-xx-1120", "SSN ends in 1120", "last 4 of SS 1120")
and a bare nine digits after "social" ("social 078051120")."""
import re

from forum.privacy.rules.base import Rule, matches_from, offsets_of, word_set

KIND = "ssn"
REASON = "Looks like a social security number: remove it entirely, including any last four digits."

# Matched from each hyphen between digits ("-45-6789"); the three digits before it are checked in code.
_FORMATTED_TAIL = re.compile(r"-(?P<group>\d{2})-(?P<serial>\d{4})(?![\d\-/]|\.\d)")
_GLUE = (r"(?:\s{0,3}(?:is|was|are|:|#|ending\s+(?:in|with)|ends\s+(?:in|with)|last\s+(?:four|4)(?:\s+digits)?))"
         r"{0,3}\s{0,3}[:#]?\s{0,3}")
# A masked number keeps its last four digits: "xxx-xx-1120", "***-**-1120".
_MASKED = r"(?:xxx|\*\*\*|###)[\s\-]?(?:xx|\*\*|##)[\s\-]?\d{4}"
# A full nine-digit number may sit a few words after the label ("SSN (it is 078 05 1120)");
# a bare four-digit one ("SSN 6789") must follow it directly.
_NUMBER = (r"(?:(?P<masked>" + _MASKED + r")|[^\d\n]{0,24}?(?P<number>\d{3}[\s\-]?\d{2}[\s\-]?\d{4}"
           r"|\d{3}[\s\-]\d{3}[\s\-]\d{3})|(?P<last4>\d{4}))(?![\d\-])")
_LABELLED = re.compile(
    r"(?:ssn|ss\s?#|ss\s?no\.?|social\s+security(?:\s+(?:number|no\.?|#|card))?|social\s+insurance\s+number"
    r"|soc\.?\s*sec\.?(?:\s*(?:number|no\.?|#))?)"
    rf"(?![a-z]){_GLUE}{_NUMBER}")
_SIN = re.compile(rf"SIN\b{_GLUE}{_NUMBER}")
_LAST_FOUR = re.compile(
    r"last\s+(?:four|4)(?:\s+digits)?\s+of\s+(?:(?:his|her|their|the(?:\s+patient['’]s)?)\s+)?"
    r"(?:ssn|ss|soc(?:ial)?\.?(?:\s+sec(?:urity)?\.?)?(?:\s+number)?)(?![a-z])[^\d.\n]{0,20}?(?P<number>\d{4})\b")
# "social" alone is a label only before a full nine digits: "social 078051120".
_SOCIAL_NINE = re.compile(r"social\s*[:#]?\s*(?P<number>\d{3}[\s\-]?\d{2}[\s\-]?\d{4})(?![\d\-])")
_MASKED_ALONE = re.compile(_MASKED + r"(?![\d\-])")


_LABEL_WORDS = word_set("ssn ss social soc")
# National numbers of other countries, after their label: a UK National Insurance number
# ("QQ 12 34 56 C"), an Irish PPS number ("1234567TA"), a Dutch BSN (nine digits passing the
# eleven-test). Unlabelled, only an NI number whose letters are allowed counts.
_NATIONAL_WORDS = word_set("ni nino national pps ppsn bsn burgerservicenummer")
_NI_SHAPE = r"[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]"
_NATIONAL = re.compile(
    r"(?:(?:ni|national\s+insurance)(?:\s+(?:number|no\.?|#))?|nino)" + _GLUE + rf"(?P<ni>{_NI_SHAPE})(?![\w])"
    r"|(?:pps|ppsn|personal\s+public\s+service)(?:\s+(?:number|no\.?|#))?" + _GLUE
    + r"(?P<pps>\d{7}[a-w]{1,2})(?![\w])"
    r"|(?:bsn|burgerservicenummer)(?:\s+(?:number|no\.?|#))?" + _GLUE
    + r"(?P<bsn>\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w])")
_NI_BARE = re.compile(r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])")
_NI_NOT_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _eleven_test(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    return len(digits) == 9 and (sum(d * (9 - i) for i, d in enumerate(digits[:8])) - digits[8]) % 11 == 0


def _ni_bare_matches(doc):
    """_NI_BARE.finditer(doc.text); in an ASCII text, from where its capitals meet its digits."""
    if not doc.text.isascii():
        return _NI_BARE.finditer(doc.text)
    starts = offsets_of(doc.case_shape, b"AA00") + offsets_of(doc.case_shape, b"AA 00")
    return matches_from(_NI_BARE, doc.text, starts)


def _national(doc):
    if doc.has_word(_NATIONAL_WORDS):
        for anchor in doc.word_offsets(_NATIONAL_WORDS):
            match = _NATIONAL.match(doc.low, anchor)
            if match and (not match.group("bsn") or _eleven_test(match.group("bsn"))):
                yield match.span()
    if b"00 00 00 a" in doc.shape or b"000000a" in doc.shape:
        for match in _ni_bare_matches(doc):
            if match.group()[:2] not in _NI_NOT_PREFIXES:
                yield match.span()


# Numbers with a check digit, written on their own: a South African ID (13 digits: a birth date,
# a sequence, citizenship 0 or 1, then a Luhn check digit) and a Singapore NRIC or FIN (S, T, F,
# G or M, seven digits and a check letter). A Nigerian NIN (11 digits) has no public check, so
# it counts only after its label ("NIN 31209947561", "SA ID 7204150123082" needs no label).
_SA_ID = re.compile(r"(?<![\w\-/.])\d{13}(?![\w\-/]|\.\d)")
_NRIC = re.compile(r"(?<![\w\-/])[STFGM]\d{7}[A-Z](?![\w\-/])")
_NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK",
                 "M": "KLJNPQRTUWX"}
_NRIC_OFFSETS = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}
_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NIN = re.compile(r"NIN\b" + _GLUE + r"(?P<number>\d{11})(?![\w\-])")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _sa_id(number: str) -> bool:
    month, day = int(number[2:4]), int(number[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31 and number[10] in "01" and _luhn(number)


def _nric(value: str) -> bool:
    total = sum(int(d) * w for d, w in zip(value[1:8], _NRIC_WEIGHTS)) + _NRIC_OFFSETS[value[0]]
    return _NRIC_LETTERS[value[0]][total % 11] == value[8]


def _check_digit_ids(doc):
    """From cheap anchors: a run of 13 digits, the "A0000000A" shape, the label "NIN"."""
    text, shape = doc.text, doc.case_shape
    for needle, pattern, valid in ((b"0000000000000", _SA_ID, _sa_id), (b"A0000000A", _NRIC, _nric)):
        index = shape.find(needle)
        while index != -1:
            match = pattern.match(text, index)
            if match and valid(match.group()):
                yield match.span()
            index = shape.find(needle, index + len(needle))
    index = text.find("NIN")
    while index != -1:
        match = _NIN.match(text, index)
        if match and doc.word_start(index):
            yield match.span()
        index = text.find("NIN", index + 3)


def _formatted(doc):
    text = doc.text
    for separator in doc.separators():
        # The pattern's hyphens, compared first: most separators are a date's "/" or a decimal point.
        if text[separator] != "-" or text[separator + 3:separator + 4] != "-":
            continue
        match = _FORMATTED_TAIL.match(text, separator)
        if not match:
            continue
        start = match.start() - 3
        area = text[max(0, start):match.start()]
        if start < 0 or not area.isdigit() or (start > 0 and text[start - 1] in "0123456789-/."):
            continue
        group, serial = match.group("group", "serial")
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            continue
        yield start, match.end()


def find(doc):
    """Spans of social security numbers (the digits, or the label and digits together)."""
    yield from _formatted(doc)
    yield from _national(doc)
    yield from _check_digit_ids(doc)
    matches = []
    if doc.has_word(_LABEL_WORDS):
        matches += [m for pattern in (_LABELLED, _LAST_FOUR, _SOCIAL_NINE) for m in pattern.finditer(doc.low)]
    # A multi-character str.find costs a few microseconds; "xxx" is looked up as a word, and "*"
    # and "#" (single characters, which str.find finds fastest) before "***" or "###".
    # A mask is tried at the start of a run of its character only, so "#" repeated costs one try.
    masks = [mask for mask, present in (("xxx", b"xxx" in doc.words), ("***", "*" in doc.low), ("###", "#" in doc.low))
             if present]
    for mask in masks:
        matches += [m for index in doc.find_all(mask) if not doc.low.startswith(mask[0], index - 1) or index == 0
                    for m in [_MASKED_ALONE.match(doc.low, index)] if m]
    if "SIN" in doc.text:
        matches += list(_SIN.finditer(doc.text))
    for match in matches:
        if not doc.word_start(match.start()):
            continue
        if match.groupdict().get("number"):
            yield match.start("number"), match.end()
        elif match.groupdict().get("masked"):
            yield match.start("masked"), match.end()
        else:
            yield match.start(), match.end()


RULE = Rule(KIND, REASON, find)
