"""Phone and fax numbers: "(555) 201-3344", "+44 20 7946 0958", "fax 020 7946 0958", "(02) 9382 1111".

Grouped formats count on their own; an ungrouped run of digits counts only after a phone word, so
PMIDs, trial numbers and lab values are left alone. North American toll-free numbers (800, 888...)
belong to services, not people ("call the poison centre on 1-800-222-1222"), and "number" after
a product or reference word ("batch number 1234567", "model number") is no phone word.
"""
import re

from forum.privacy.rules.base import Rule, offsets_of, word_set

KIND = "phone"
REASON = "Looks like a phone or fax number: remove it."

# North American numbers, matched from the separator before the last four digits ("201-3344");
# the exchange, area code and +1 are found behind it. (Space-only groups count after a phone word.)
_NANP_LINE = re.compile(r"[.\-]\d{4}(?![\w/\-]|\.\d)")
_NANP_EXCHANGE = re.compile(r"\d{3}$")
_NANP_AREA = re.compile(r"(?:(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-]))$")
_INTERNATIONAL = re.compile(r"\+\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){2,5}(?![\w/]|\.\d)")
_TRUNK = re.compile(r"0\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w/:\-]|\.\d)")
# The trunk code in brackets, as Australian, Irish, Indian and UK numbers are written: "(02) 9382
# 1111", "(01) 234 5678", "(080) 2345 6789"; found from the shape of "(0" and a digit.
_BRACKETED_TRUNK = re.compile(r"\(0\d{1,4}\)\s?\d{3,4}[\s\-]?\d{3,4}(?![\w/:\-]|\.\d)")
_LABELLED = re.compile(
    r"(?:phone|ph|tel|telephone|cell|cellphone|mobile|mob|fax|call(?:ed)?|text(?:ed)?|whatsapp"
    r"|contact|landline|reach(?:ed)?|number)\.?(?![a-z])(?:\s*(?:no\.?|number|#|:)|[\s,]+[a-z'’]{1,12}){0,4}"
    r"\s*[:#]?\s*"
    r"(?P<number>\+?\d[\d\s.\-()]{5,18}\d)(?![\w/]|\.\d)")
_LABEL_WORDS = word_set("phone ph tel telephone cell cellphone mobile mob fax call called text texted"
                        " whatsapp contact landline reach reached number")
# "number" after these words labels a product, a document or a record, not a phone.
_NOT_PHONE_LABEL = re.compile(
    r"(?:batch|lot|model|part|catalog(?:ue)?|cat|reference|ref|product|item|order|tracking|invoice|version"
    r"|serial|page|issue|volume|trial|study|protocol|registration|licen[cs]e|policy|claim|record|account"
    r"|case|bed|room|kit|dose|cycle|build|release|firmware|software|patch)\s*$")
_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})
# UK freephone is 0800 and 0808 only: Nigerian mobiles also start 080 ("0803 412 7765").
_UK_SERVICE = ("03", "0800", "0808", "084", "087")
# Ten-digit freephone and local-rate numbers of South Africa (0800, 0860, 0861), New Zealand
# (0800, 0508) and Australia (1800, 1300): helplines and switchboards ("0800 567 567").
_TEN_DIGIT_SERVICE = ("0800", "0508", "0860", "0861", "1800", "1300")
_NOT_AFTER = re.compile(r"\s*(?:mg|mcg|g|ml|units?|%|mmhg|/min|bpm|patients|cases|days|hours)\b")
_REFERENCE_BEFORE = re.compile(r"(?:pmid|pmcid|nct|isbn|issn|doi|ref|vol|pp?\.)\s*:?\s*$")
_DIGIT_OR_JOINER = frozenset("0123456789/.+-")


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _nanp(doc):
    text = doc.text
    for separator in doc.separators():
        line = _NANP_LINE.match(text, separator) if text[separator] != "/" else None  # "3/14" is no phone
        if not line or not _NANP_EXCHANGE.search(text, separator - 3, separator):
            continue
        exchange = separator - 3
        area = _NANP_AREA.search(text, max(0, exchange - 10), exchange)
        if not area:
            continue
        start = area.start()
        if start > 0 and (text[start - 1] in _DIGIT_OR_JOINER or text[start - 1].isalpha()):
            continue
        yield start, line.end()


def _has_trunk_token(doc) -> bool:
    """A national number starting 0 ("020 7946 0958") needs a word of digits starting with 0."""
    shape, low = doc.shape, doc.low
    index = shape.find(b"000")
    while index != -1:
        if low[index] == "0" and (index == 0 or shape[index - 1] != 48):
            return True
        index = shape.find(b"000", index + 1)
    return False


def _spans(doc):
    text = doc.text
    yield from _nanp(doc)
    if "+" in text:
        for match in _INTERNATIONAL.finditer(text):
            if doc.word_start(match.start()) and 8 <= _digits(match.group()) <= 15:
                yield match.span()
    for match in _TRUNK.finditer(text) if _has_trunk_token(doc) else ():
        start = match.start()
        if (start == 0 or text[start - 1] not in _DIGIT_OR_JOINER and not text[start - 1].isalnum()) \
                and 10 <= _digits(match.group()) <= 11:
            yield match.span()
    for index in offsets_of(doc.shape, b"(00") if b"(00" in doc.shape else ():
        match = _BRACKETED_TRUNK.match(text, index) if text[index + 1] == "0" else None
        if match and 9 <= _digits(match.group()) <= 11:
            yield match.span()
    for anchor in doc.word_offsets(_LABEL_WORDS):
        if doc.low.startswith("number", anchor) and _NOT_PHONE_LABEL.search(doc.low, max(0, anchor - 14), anchor):
            continue
        match = _LABELLED.match(doc.low, anchor)
        number = match.group("number").rstrip(" .-(") if match else ""
        if 7 <= _digits(number) <= 15:
            yield match.start("number"), match.start("number") + len(number)


def _toll_free(number: str) -> bool:
    """A North American toll-free number, a UK non-geographic one (03xx, 0800, 0808, 084x, 087x)
    or a South African, New Zealand or Australian freephone one, which organisations use:
    switchboards, helplines, poisons information."""
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) == 11 and digits.startswith(_UK_SERVICE):
        return True
    if len(digits) == 10 and digits.startswith(_TEN_DIGIT_SERVICE):
        return True
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[:3] in _TOLL_FREE


def find(doc):
    """Spans of phone and fax numbers."""
    low = doc.low
    for start, end in _spans(doc):
        if _REFERENCE_BEFORE.search(low, max(0, start - 10), start) or _NOT_AFTER.match(low, end):
            continue
        if not _toll_free(low[start:end]):
            yield start, end


RULE = Rule(KIND, REASON, find)
