"""Room and bed numbers: "room 412", "bed 7B", "bay 3 bed 2", a unit's bed ("MICU 12", "Resus 2"),
and where a patient is ("the patient in 412B", "pt in 4W-12"). Not "room air", "bed rest", "bedside"
or "head of bed 30 degrees", and not a room that the words after it describe as a place for staff
or a protocol ("Room 101 is where we hold M&M", "room 1 is for resuscitation", "Room 4 protocol")."""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "room"
REASON = "Looks like a room or bed number: leave out where the patient is or was located."

_ANCHORS = word_set("room rm bed bay cubicle bedspace micu sicu nicu picu cvicu ccu icu hdu resus")
# A unit's name and a colon starts a post or a line ("ICU: 80M, post-arrest", "NICU: 29 weeker"):
# after a unit, only a room or bed word's colon introduces a number.
_ROOM = re.compile(
    r"(?:(?:room|rm|bed|bay|cubicle|bed\s?space)\.?\s*(?:number|no\.?|num|#)?\s*[:#]?"
    r"|(?:micu|sicu|nicu|picu|cvicu|ccu|icu|hdu|resus)\.?\s*(?:number|no\.?|num|#)?\s*#?)\s*"
    r"(?P<id>[a-z]?\d{1,4}[a-z]?(?:[-/]\d{1,3}[a-z]?)?)(?![\w/%°]|\.\d)")
_AGE_SEX = re.compile(r"\d{1,3}\s?[mf]")
_UNIT_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:days?|weeks?|wks?|months?|hours?|hrs?|h|minutes?|mins?|degrees?|deg|°|%|mg|"
    r"mcg|g|ml|l|cm|mm|in|inch|inches|times|x|beds|rooms|patients|pts|hospitals|weeks?ers?|wk|admissions?"
    r"|transfers?|deaths?|cases|referrals?|arrests?|yo|y/o|years?)\b")
_FACILITY_AFTER = re.compile(
    r"\s*(?:is\s+where|are\s+where|is\s+for\b|are\s+for\b|is\s+used\s+for|protocol|pathway|meeting|conference"
    r"|huddle|teaching|seminar|lecture|rota|policy|layout)")
# "the patient in 412B", "pt in 4W-12": a room-like code (a letter in it, or three digits that
# are not a year) after "patient" or "pt" and "in" (the names rule looks up the same words, and
# a document keeps their offsets).
_PERSON_WORDS = word_set("patient pt")
_PERSON_IN = re.compile(
    r"(?:patient|pt)\s+in\s+(?:room\s+|bed\s+)?"
    r"(?P<id>\d[a-z]{1,2}-?\d{1,3}|\d{1,4}[a-z]|\d{3})(?![\w/%°\-]|\.\d)")
_HEAD_OF_BED = re.compile(r"(?:head\s+of(?:\s+the)?|hob)\s*$")


def find(doc):
    """Spans of a room, bed or bay label with its number."""
    low = doc.low
    for anchor in doc.word_offsets(_ANCHORS):
        match = _ROOM.match(low, anchor)
        if not match or _UNIT_AFTER.match(low, match.end()) or _FACILITY_AFTER.match(low, match.end()) \
                or _AGE_SEX.fullmatch(match.group("id")):
            continue
        start, end = match.span()
        if _HEAD_OF_BED.search(low, max(0, start - 15), start):
            continue
        yield start, end
    for anchor in doc.word_offsets(_PERSON_WORDS):
        match = _PERSON_IN.match(low, anchor) if low.find(" in ", anchor, anchor + 14) != -1 else None
        if match and not _UNIT_AFTER.match(low, match.end()) and not _FACILITY_AFTER.match(low, match.end()):
            yield match.start("id"), match.end()


RULE = Rule(KIND, REASON, find)
