"""Medical record, chart, account, insurance and member numbers, national health and identity
numbers, passports and licences: a label followed by an identifier.

Only labelled numbers count, so PMIDs, DOIs, trial registrations and lab values are left alone.
Labels that are also everyday words ("chart", "account", "Medicare", "UID") need a longer number
when no "number" or "#" follows them, so "chart 3" and "Medicare 2023 rules" stay clean, and an
NHS number after a bare "NHS" must pass its check digit ("NHS: 9434765919", not "NHS 111").
"""
import re

from forum.privacy.rules.base import Rule, word_set

KIND = "record_number"
REASON = ("Looks like a medical record, chart, account or insurance number: remove it entirely; "
          "even part of one can identify the patient.")

# A label that stands alone before its number, with the digits it needs there: record labels 3,
# word-like labels 5, national numbers (10 to 16 digits) 8. "m.r.n." is found with str.find.
_STANDALONE = {
    "mrn": 3, "m.r.n.": 3, "m.r.n": 3, "csn": 3, "fin": 3, "har": 3, "mbi": 3, "ohip": 3, "aadhaar": 3,
    "chart": 5, "acct": 5, "account": 5, "encounter": 5, "accession": 5,
    "phn": 8, "ihi": 8, "abha": 8, "uid": 8, "chi": 8, "medicare": 8, "nhs": 10,
    "nhi": 4, "uhid": 5, "block": 5,
    # Australia's unit record number ("UR 1138264", "URN 004417"), in capitals only
    "ur": 5, "urn": 5, "specimen": 5,
    # a case's or a file's reference ("case ref 23/04417", "coroner's reference 2024-0113")
    "ref": 5, "reference": 5,
    # a health plan's member or enrollee number ("Bupa member 88120934", "enrollee NHIA/KAN/0091822"):
    # six digits, so "member 3 of the team" and "the 2019 enrollees" stay clean
    "member": 6, "enrollee": 6, "enrolee": 6, "subscriber": 6, "beneficiary": 6,
}
# Scanned from an anchor: a number word ("number", "no.", "#", "ID") or a standalone label; the
# label before a number word is checked behind it.
_ANCHOR_WORDS = word_set("number no num id identifier record card " + " ".join(
    label for label in _STANDALONE if "." not in label))
_ANCHOR = re.compile(r"(?:number|no\.?|num\.?|#|id|identifier|record|card|m\.r\.n\.?|"
                     + "|".join(label for label in _STANDALONE if "." not in label) + r")(?![a-z])")
_MRN_LETTERS = word_set("m r n")
_LABEL_BEFORE = re.compile(
    r"(?:^|[^a-z])(?P<label>mr|medical|med|chart|hospital|hosp\.?|patient|pt|ur|unit|rec\.?|nhs|chi|health"
    r"|aadhaar|account|acct\.?|a/c|insurance|insurance\s+policy|policy|member|membership|subscriber|group"
    r"|medicare|medicare\s+beneficiary|medicaid|encounter|visit|episode|case|claim|accession|specimen|lab"
    r"|bracelet|wristband|billing|beneficiary|enrollee|plan|fin|csn|har|mrn|record|card|ohip|phn|mbi|ihi"
    r"|abha|uid|passport|licen[cs]e|driver['’]?s\s+licen[cs]e|dl|study|subject|participant|ehr|emr"
    # India's central registration (CR) and in/outpatient (IP, OP) numbers, NZ's NHI, a veteran's
    # DVA card, a hospital's UHID, registration, file or folder numbers
    r"|cr|crn|ip|ipd|op|opd|nhi|uhid|dva|gold|registration|reg|file|folder|inpatient|outpatient"
    r"|admission|pathology|path|histology|cytology|slide|block|coroner['’]?s?|referral)\s*$")
# Labels that count only after a qualifier ("medical record", "health card", "med rec").
_QUALIFIED = {"record": ("medical", "med"), "card": ("health", "gold", "dva", "medicare", "insurance", "member"),
              "rec": ("medical", "med"),
              "ref": ("case", "patient", "pt", "hospital", "hosp", "file", "claim", "coroner", "coroners", "coroner's", "coroner’s",
                      "episode", "referral"),
              "reference": ("case", "patient", "pt", "hospital", "hosp", "file", "claim", "coroner", "coroners", "coroner's", "coroner’s",
                            "episode", "referral")}
# A few words may stand between a label and its number: "member id on the card: ZGP882104739".
_GLUE = (r"(?:\s{0,12}(?:is|was|are|were|=|:|#|-|–|\||of|ends?\s+(?:in|with)|ending(?:\s+(?:in|with))?"
         r"|last\s+(?:four|4|six|6)(?:\s+digits)?|(?:on|in|from)\s+(?:the|his|her|their|our|this)\s+"
         r"(?:card|file|system|chart|form|letter|label|wristband|bracelet|notes|records?|referral|request|sticker)"
         r")){0,3}\s{0,12}[:#]?\s{0,3}")
_ID_AFTER = re.compile(
    # a scheme's and a state's code before the number, joined by slashes ("nhia/kan/0091822")
    _GLUE + r"(?P<id>(?:[a-z]{2,5}/){0,2}(?:[a-z]{1,4}[- ]?)?\d[0-9a-z]{0,19}(?:[- /](?=[a-z]{0,4}\d|[a-z]{1,4}-\d)[0-9a-z]{1,12}){0,4}"
    r"(?:-[a-z]{1,2}(?![\w\-]))?)(?![\w@])")  # a version code after the number ("1234-567-890-AB")
# Short labels that are also English words count only in capitals ("FIN 88812", not "fin").
_CAPITALS_ONLY = frozenset({"fin", "har", "csn", "dl", "cr", "crn", "ip", "ipd", "op", "opd", "nhi", "ur", "urn"})
_MIN_DIGITS = 3
# "##*" matches exactly what "#+" does; written with a literal first, re skips to each "#" in C
# instead of trying the pattern at every position (a scan of a long text costs a tenth as much).
_HASHES = re.compile(r"##*")


def _nhs_number(digits: str) -> bool:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    if len(digits) != 10:
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return (0 if check == 11 else check) == int(digits[9])


def _label_start(doc, anchor: re.Match):
    """Where the record label begins, or None when the anchor is not a record label."""
    word = anchor.group()
    label_start = anchor.start()
    if word not in _STANDALONE:
        before = _LABEL_BEFORE.search(doc.low, max(0, label_start - 30), label_start)
        if not before:
            return None
        word, label_start = before.group("label").split()[0].rstrip("."), before.start("label")
    # Take in the words of a longer label: "medical record number", "health card number".
    for _ in range(2):
        before = _LABEL_BEFORE.search(doc.low, max(0, label_start - 30), label_start)
        if not before:
            break
        qualifier = before.group("label").split()[0].rstrip(".")
        if word in _QUALIFIED and qualifier not in _QUALIFIED[word]:
            break
        word, label_start = qualifier, before.start("label")
    if word in _QUALIFIED:
        return None
    first = doc.text[label_start:label_start + 3].rstrip("#: ")
    if first.lower() in _CAPITALS_ONLY and first != first.upper():
        return None
    return label_start


def _enough(label: str, identifier: str) -> bool:
    digits = "".join(c for c in identifier if c.isdigit())
    if label == "nhs":
        return _nhs_number(digits)
    return len(digits) >= _STANDALONE.get(label, _MIN_DIGITS)


def find(doc):
    """Spans from the label through the identifier it introduces."""
    low = doc.low
    starts = list(doc.word_offsets(_ANCHOR_WORDS))
    if "#" in low:  # the last "#" of a run ("##12345"): a run of thousands is one anchor
        starts += [run.end() - 1 for run in _HASHES.finditer(low)]
    if _MRN_LETTERS <= doc.words:  # "M.R.N.": its letters are words of their own
        starts += [index for index in doc.find_all("m.r.n") if doc.word_start(index)]
    for start in starts:
        anchor = _ANCHOR.match(low, start)
        if not anchor:
            continue
        found = _ID_AFTER.match(low, anchor.end())
        if not found or not _enough(anchor.group().rstrip("."), found.group("id")):
            continue
        start = _label_start(doc, anchor)
        if start is not None:
            yield start, found.end()


RULE = Rule(KIND, REASON, find)
