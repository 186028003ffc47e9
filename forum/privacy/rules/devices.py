"""Vehicle, device and network identifiers: licence plates, VINs, device serial numbers, IMEIs,
IP and MAC addresses (HIPAA's identifiers 12, 13 and 15).

A serial number or an IP address points at one pacemaker, one phone or one home connection, and
so at one patient. Plates, VINs and serials count only after their label, so model numbers,
lot numbers and lab values are left alone, except plates in a shape that only a plate takes
(UK, Indian and Singapore ones); an IP address counts on its own (four numbers of at
most 255 joined by dots, which no dose, version or lab value is written as).
"""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "device_id"
REASON = ("Looks like a vehicle, device or network identifier (licence plate, VIN, serial number, "
          "IMEI or IP address): remove it; it points at one person's car, implant, phone or home.")

# Anchors: the first word of each label; "s/n" is found with str.find (as a word, "s" is in
# every "patient's").
_LABEL_WORDS = word_set("licence license registration reg tag number vin device serial sn imei plate rego transmitter")
_LABEL = re.compile(
    r"(?:(?:licen[cs]e|number|registration|reg\.?|tag)\s+plates?(?:\s+(?:number|no\.?|#))?"
    r"|plate\s+(?:number|no\.?|#)|rego"
    # "reg KX19 ABV", "registration KX19 ABV": a UK plate's shape must follow (checked in code)
    r"|(?P<uk>(?:vehicle\s+)?(?:reg(?:istration)?)\.?(?:\s+(?:number|no\.?|#))?(?=\s*:?\s*[a-z]{2}\d{2}\s?[a-z]{3}\b))"
    r"|vin(?:\s+(?:number|no\.?|#))?"
    r"|(?:device\s+)?serial(?:\s+(?:number|no\.?|num\.?|#))?|s/n|sn"
    r"|imei(?:\s+(?:number|no\.?|#))?"
    # a CGM transmitter's ID is short and has few digits ("transmitter ID 8GM2KT")
    r"|(?P<transmitter>transmitter(?:\s+(?:id|serial|sn|number|no\.?|#))?)"
    # "Texas plate JHV-4821", "car plate KA 05 MN 4432": a bare "plate" is a growth or agar plate
    r"|(?<=[a-z] )(?P<plate>plate))(?![a-z])")
# Before a bare "plate", a word that makes it a vehicle's.
_VEHICLE_BEFORE = re.compile(
    r"(?:car|vehicle|truck|van|bike|motorbike|motorcycle|scooter|ute|taxi|his|her|their|state|number"
    r"|alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii"
    r"|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan"
    r"|minnesota|mississippi|missouri|montana|nebraska|nevada|hampshire|jersey|mexico|york|carolina"
    r"|dakota|ohio|oklahoma|oregon|pennsylvania|rhode\s+island|tennessee|texas|utah|vermont|virginia"
    r"|washington|wisconsin|wyoming|ontario|quebec|alberta)\s+$")
_GLUE = r"(?:\s{0,3}(?:is|was|=|:|#|of|ending\s+(?:in|with))){0,2}\s{0,3}[:#]?\s{0,3}"
# The identifier: a group of letters and digits holding a digit ("7ABC123", "PJN123456H",
# "356938035643809"), perhaps followed by more groups ("AB12 CDE", "4455-7788").
_ID_AFTER = re.compile(
    _GLUE + r"(?P<id>(?=[a-z]{0,16}-?\d)[0-9a-z]{1,17}(?:[- ][0-9a-z]{1,17}){0,3})(?![\w@])")
_MIN_DIGITS = 3  # serials, VINs and IMEIs; a plate needs one digit and four characters
# A dotted quad after one of these words is a section or version number, not an address.
_NUMBERING_BEFORE = re.compile(
    r"(?<![a-z])(?:table|section|sect|figure|fig|version|ver|chapter|item|step|rule|v)\.?\s*$")
# A MAC address: six pairs of hexadecimal digits joined by the same ":" or "-" ("00:1B:44:11:3A:B7").
_MAC = re.compile(r"(?<![\w:\-])[0-9a-f]{2}(?P<sep>[:\-])(?:[0-9a-f]{2}(?P=sep)){4}[0-9a-f]{2}(?![\w:\-])")
_IPV4 = re.compile(rb"(?<![0a.])0{1,3}\.0{1,3}\.0{1,3}\.0{1,3}(?![0a]|\.0)")


_GROUP_SEPARATOR = re.compile(r"([- ])")


def _identifier(doc, found) -> str:
    """The identifier's groups up to the first that reads as a word: a group after a space
    counts only with a digit or in capitals ("AB12 CDE", not "7ABC123 was noted")."""
    groups = _GROUP_SEPARATOR.split(doc.text[found.start("id"):found.end("id")])
    kept = groups[0]
    for separator, group in zip(groups[1::2], groups[2::2]):
        if separator == " " and not (any(c.isdigit() for c in group) or group.isupper()):
            break
        kept += separator + group
    return kept


# Plates written on their own, in capitals, in shapes that nothing clinical takes:
# a current UK plate (two letters, an age code 02-25 or 51-75, three letters: "YK68 XRT"), an
# Indian one (a state code, a district number, a series, four digits: "MH 12 AB 1234") and a
# Singapore one (S and two letters, up to four digits and a check letter: "SBA 1234 A").
_UK_PLATE = re.compile(
    r"(?<![\w\-])[A-HJ-PR-Y]{2}(?:0[2-9]|1\d|2[0-5]|5[1-9]|6\d|7[0-5]) ?[A-HJ-PR-Z]{3}(?![\w\-])")
_INDIAN_PLATE = re.compile(
    r"(?<![\w\-])(?:AP|AR|AS|BR|CG|CH|DD|DL|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK"
    r"|TN|TR|TS|UK|UP|WB)[ \-]?\d{1,2}[ \-]?[A-Z]{1,3}[ \-]?\d{4}(?![\w\-])")
_SG_PLATE = re.compile(r"S(?P<series>[A-HJ-NP-Z]{2}) ?(?P<number>[1-9]\d{0,3}) ?(?P<check>[A-HJ-MPR-UX-Z])(?![\w\-])")
_SG_CHECK = "AZYXUTSRPMLKJHGEDCB"
# A plate whose check letter is wrong (a typo, a made-up example) still counts beside a vehicle.
_VEHICLE_NEAR = re.compile(r"\b(?:car|vehicle|van|truck|taxi|bike|motorbike|motorcycle|scooter|plate|reg"
                           r"|registration|rego)\b[^.\n]{0,12}$")
_SG_WEIGHTS = (9, 4, 5, 4, 3, 2)


def _sg_plate(match) -> bool:
    series, number = match.group("series"), match.group("number").zfill(4)
    values = [ord(c) - 64 for c in series] + [int(d) for d in number]
    return _SG_CHECK[sum(v * w for v, w in zip(values, _SG_WEIGHTS)) % 19] == match.group("check")


# A plate right after the vehicle it is on, in any country's shape ("the bus LND 482 XY", "car
# (ABC-1234)"): capitals and digits in three groups, letters then digits ("ABC-1234"), or one group
# mixing both; a group of two letters and one of two digits at least ("ECG 12" is too short, "bus
# 42" has no letters, "HIV 1 2" no group of two digits).
_VEHICLE_WORDS = word_set("car bus bike motorbike motorcycle van truck lorry taxi vehicle keke okada danfo ute"
                          " scooter tuk")
_VEHICLE_PLATE = re.compile(
    r"(?i:car|bus|bike|motorbike|motorcycle|van|truck|lorry|taxi|vehicle|keke|okada|danfo|ute|scooter|tuk)"
    r"\s*(?:\(\s*|(?i:no\.?|number|reg\.?|plate)\s*:?\s*)?"
    r"(?P<plate>[A-Z0-9]{1,4}[ \-][A-Z0-9]{1,4}[ \-][A-Z0-9]{1,4}|[A-Z]{3,4}[ \-]\d{3,4}"
    r"|(?=[A-Z]{0,4}\d)(?=\d{0,4}[A-Z])[A-Z0-9]{5,8})"
    r"(?![\w\-])")


def _vehicle_plates(doc):
    if not doc.has_word(_VEHICLE_WORDS):
        return
    text = doc.text
    for anchor in doc.word_offsets(_VEHICLE_WORDS):
        match = _VEHICLE_PLATE.match(text, anchor)
        if not match:
            continue
        plate = match.group("plate")
        groups = plate.replace("-", " ").split()
        if any(sum(c.isdigit() for c in g) >= 2 for g in groups) \
                and any(sum(c.isalpha() for c in g) >= 2 for g in groups):
            yield match.span("plate")


def _plates(doc):
    """Plates from cheap anchors in the capitals' shape (a regex scan of the text cost more than
    every other device rule): a UK plate from "AA00", an Indian one from a capital before its four
    final digits, a Singapore one from its capital S."""
    text, shape = doc.text, doc.case_shape
    index = shape.find(b"AA00")
    while index != -1:
        match = _UK_PLATE.match(text, index)
        if match:
            yield match.span()
        index = shape.find(b"AA00", index + 1)
    index = shape.find(b"0000")
    while index != -1:
        if index >= 6 and (shape[index - 1] == 65 or shape[index - 2] == 65 and text[index - 1] in " -"):
            match = _INDIAN_PLATE.search(text, max(0, index - 12), index + 4)
            if match and match.end() == index + 4:
                yield match.span()
        index = shape.find(b"0000", index + 1)
    index = text.find("S")
    while index != -1:
        if shape[index + 1:index + 3] == b"AA":
            match = _SG_PLATE.match(text, index)
            if match and doc.word_start(index) and (
                    _sg_plate(match) or _VEHICLE_NEAR.search(doc.low, max(0, index - 24), index)):
                yield match.span()
        index = text.find("S", index + 1)


def _labelled(doc):
    low = doc.low
    covered = -1
    anchors = list(doc.word_offsets(_LABEL_WORDS))
    anchors += [index for index in doc.find_all("s/n") if doc.word_start(index)]
    for start in sorted(anchors):
        label = _LABEL.match(low, start) if start >= covered else None
        if not label:
            continue
        # A bare "plate" (growth plate, agar plate) is no label; "SN" counts in capitals only.
        if label.group().startswith("sn") and doc.text[start:start + 2] != "SN":
            continue
        found = _ID_AFTER.match(low, label.end())
        if not found:
            continue
        identifier = _identifier(doc, found)
        digits = sum(c.isdigit() for c in identifier)
        if label.group("plate") and not _VEHICLE_BEFORE.search(low, max(0, start - 16), start):
            continue
        if label.group("uk"):
            enough = True  # the lookahead checked a UK plate's shape
        elif label.group("transmitter"):
            enough = len(identifier) >= 5 and digits >= 1
        elif "plate" in label.group() or label.group() == "rego":
            enough = len(identifier) >= 4 and digits >= 1
        else:
            enough = digits >= _MIN_DIGITS
        if enough:
            covered = found.start("id") + len(identifier)
            yield start, covered


def _ip_addresses(doc):
    """From each dot between digits (Document.separators, shared with dates and phones), the
    digits before it are tried as the first number of an address: a scan of the whole text
    with the pattern cost as much as all the other device rules together."""
    text, shape = doc.text, doc.shape
    tried = set()
    for dot in doc.separators():
        if text[dot] != ".":
            continue
        start = dot
        while start > 0 and shape[start - 1] == 48 and dot - start < 3:  # 48: a digit ("0")
            start -= 1
        if start in tried:
            continue
        tried.add(start)
        match = _IPV4.match(shape, start)
        if not match:
            continue
        address = text[match.start():match.end()]
        if all(int(part) <= 255 for part in address.split(".")) \
                and not _NUMBERING_BEFORE.search(doc.low, max(0, start - 12), start):
            yield match.start(), match.end()


def _mac_addresses(doc):
    """From each ":" (a single-character str.find is fast) with the same separator 3 and 6 characters on;
    the hyphenated form only when the text says "MAC"."""
    low = doc.low
    separators = [":", "-"] if b"mac" in doc.words else [":"]
    for separator in separators:
        for index in doc.find_all(separator):
            if low[index + 3:index + 4] == separator and low[index + 6:index + 7] == separator:
                match = _MAC.match(low, max(0, index - 2))
                if match:
                    yield match.span()


# An implanted or worn device's code right after its noun, with six digits or more: a serial,
# whatever label it lacks ("Neurostimulator RNS-0088142", "LVAD controller HM3-004417"). Model
# names have few digits ("Dexcom G7", "MiniMed 780G", "Micra AV2").
_DEVICE_NOUN_WORDS = word_set(
    "pacemaker icd crt crtd neurostimulator stimulator pump implant lvad controller generator transmitter"
    " sensor valve shunt port catheter monitor loop recorder ilr vns dbs scs cochlear")
_DEVICE_CODE = re.compile(
    r"(?:pacemaker|icd|crt-?d?|neurostimulator|stimulator|pump|implant|lvad|controller|generator|transmitter"
    r"|sensor|valve|shunt|port|catheter|monitor|loop\s+recorder|recorder|ilr|vns|dbs|scs)\s*[:#]?\s*"
    r"(?P<id>(?=[a-z0-9\-]*\d{6})[a-z]{0,5}-?\d[0-9a-z\-]{5,19})(?![\w@])")


def _device_codes(doc):
    if not doc.has_word(_DEVICE_NOUN_WORDS) or b"000000" not in doc.shape:
        return
    for anchor in doc.word_offsets(_DEVICE_NOUN_WORDS):
        match = _DEVICE_CODE.match(doc.low, anchor)
        if match:
            yield match.span("id")


def find(doc):
    """Spans of labelled plates, VINs, serials and IMEIs, and of IP and MAC addresses."""
    labelled = list(_labelled(doc))
    yield from labelled
    for start, end in _device_codes(doc):
        if not any(s < end and start < e for s, e in labelled):
            yield start, end
    for start, end in (*_plates(doc), *_vehicle_plates(doc)):
        if not any(s <= start < e for s, e in labelled):
            yield start, end
    yield from _ip_addresses(doc)
    yield from _mac_addresses(doc)


RULE = Rule(KIND, REASON, find)
