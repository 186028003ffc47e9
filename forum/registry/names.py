"""Personal-name normalisation and the applicant-versus-registry name match (REGISTRY.md)."""
import difflib
import re
import unicodedata
from dataclasses import dataclass

from forum.registry.base import MatchLevel

TITLES = frozenset({"DR", "MR", "MRS", "MS", "PROF"})
SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
# Degrees people type after their name without a comma; dropped only as an extra candidate,
# because some (DO) are also surnames.
CREDENTIALS = frozenset({"MD", "DO", "PHD", "MBBS", "MBCHB", "MRCP", "FRCP", "FRCS", "FACP", "MPH"})
# Letters NFKD leaves whole (no combining mark to strip), folded as registries usually write them.
FOLD = str.maketrans({"Ø": "O", "Æ": "AE", "Œ": "OE", "Ł": "L", "Đ": "D", "Þ": "TH", "Ð": "D", "ẞ": "SS"})
FUZZY_THRESHOLD = 0.85
MAX_FAMILY_TOKENS = 4
OTHER_NAME_PROFESSIONAL = "2"  # NPPES "Provider Other Last Name Type Code": 1 former, 2 professional

NICKNAME_GROUPS = (
    ("ROBERT", "BOB", "BOBBY", "ROB", "ROBBIE", "BERT"), ("WILLIAM", "BILL", "BILLY", "WILL", "LIAM"),
    ("RICHARD", "RICK", "RICH", "DICK"), ("JAMES", "JIM", "JIMMY", "JAMIE"), ("JOHN", "JACK", "JOHNNY"),
    ("ELIZABETH", "LIZ", "LIZZIE", "BETH", "BETTY", "ELIZA"), ("MARGARET", "MAGGIE", "MEG", "PEGGY"),
    ("KATHERINE", "CATHERINE", "KATE", "KATIE", "KATHY", "CATHY"), ("MICHAEL", "MIKE", "MICK"),
    ("THOMAS", "TOM", "TOMMY"), ("JOSEPH", "JOE", "JOEY"), ("CHRISTOPHER", "CHRIS"),
    ("CHRISTINE", "CHRISTINA", "CHRIS", "TINA"), ("DANIEL", "DAN", "DANNY"), ("DAVID", "DAVE"),
    ("EDWARD", "ED", "EDDIE", "TED", "NED"), ("ANTHONY", "TONY"), ("ALEXANDER", "ALEX", "SASHA"),
    ("ALEXANDRA", "ALEX", "SANDRA", "SASHA"), ("SUSAN", "SUE", "SUSIE"), ("PATRICK", "PAT"),
    ("PATRICIA", "PAT", "PATTY", "TRISH"), ("JENNIFER", "JEN", "JENNY"), ("REBECCA", "BECKY"),
    ("NICHOLAS", "NICK"), ("BENJAMIN", "BEN"), ("SAMUEL", "SAM"), ("SAMANTHA", "SAM"),
    ("STEPHEN", "STEVEN", "STEVE"), ("MATTHEW", "MATT"), ("ANDREW", "ANDY", "DREW"),
    ("JONATHAN", "JON"), ("DEBORAH", "DEBRA", "DEB", "DEBBIE"), ("VICTORIA", "VICKY", "TORI"),
    ("JOSEFINA", "JOSEPHINE", "JOSIE", "FINA"), ("RAFAEL", "RAPHAEL", "RAFA"),
    ("GREGORY", "GREG"), ("TIMOTHY", "TIM"), ("KENNETH", "KEN"), ("RONALD", "RON"),
)
_NICKNAMES: dict[str, set[int]] = {}
for _number, _group in enumerate(NICKNAME_GROUPS):
    for _name in _group:
        _NICKNAMES.setdefault(_name, set()).add(_number)

LEVEL_RANK = {MatchLevel.STRONG: 2, MatchLevel.PARTIAL: 1, MatchLevel.NONE: 0}
FAMILY_RANK = {"exact": 3, "partial": 2, "fuzzy": 1, "none": 0}
GIVEN_RANK = {"exact": 6, "initial": 5, "nickname": 5, "fuzzy": 3, "middle": 2, "missing": 1, "mismatch": 0}
STRONG_GIVEN = ("exact", "initial", "nickname")


def tokens(text: str) -> list[str]:
    """Upper-case ASCII-folded words of a name, without what follows a comma, titles or suffixes."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper().translate(FOLD)
    plain = plain.split(",", 1)[0]
    plain = re.sub(r"['\u2018\u2019\u02bc`.]", "", plain)
    words = re.sub(r"[\W\d_]+", " ", plain).split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return words


def similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_THRESHOLD


def are_nicknames(a: str, b: str) -> bool:
    return bool(_NICKNAMES.get(a, set()) & _NICKNAMES.get(b, set()))


@dataclass(frozen=True)
class RegistryName:
    """A name as a registry lists it; `other_type` is NPPES's other-last-name type code."""

    family: str
    given: str = ""
    middle: str = ""
    other_family: str = ""
    other_given: str = ""
    other_type: str = ""

    def display(self) -> str:
        return " ".join(part for part in (self.given, self.middle, self.family) if part)


@dataclass(frozen=True)
class NameMatch:
    level: str  # MatchLevel.STRONG / PARTIAL / NONE
    family: str  # exact, partial, fuzzy, none
    given: str  # exact, initial, nickname, fuzzy, middle, missing, mismatch
    middle_conflict: bool
    via_other_name: bool
    reasons: tuple[str, ...]

    @property
    def score(self):
        return (LEVEL_RANK[self.level], FAMILY_RANK[self.family], not self.via_other_name,
                GIVEN_RANK[self.given], not self.middle_conflict)


def family_agreement(applicant: list[str], record: list[str]) -> str:
    """exact when the joined tokens are equal (DE LA CRUZ = DELA CRUZ), partial on token subsets."""
    if not applicant or not record:
        return "none"
    if "".join(applicant) == "".join(record):
        return "exact"
    if set(applicant) <= set(record) or set(record) <= set(applicant):
        return "partial"
    return "fuzzy" if similar("".join(applicant), "".join(record)) else "none"


def given_agreement(applicant: list[str], first: list[str], middle: list[str]) -> tuple[str, bool]:
    """How the applicant's given names compare, and whether a middle name contradicts the record."""
    if not applicant or not first:
        return ("exact" if not applicant and not first else "missing"), False
    a0, r0 = applicant[0], first[0]
    if "".join(applicant) == "".join(first):
        return "exact", False
    rest = first[1:] + middle
    if a0 == r0:
        kind = "exact"
    elif (len(a0) == 1 and r0.startswith(a0)) or (len(r0) == 1 and a0.startswith(r0)):
        kind = "initial"
    elif are_nicknames(a0, r0):
        kind = "nickname"
    elif similar(a0, r0):
        kind = "fuzzy"
    elif any(a0 == m or (len(a0) == 1 and m.startswith(a0)) for m in middle):
        return "middle", False
    else:
        return "mismatch", False
    return kind, _middle_conflict(applicant[1:], rest)


def _middle_conflict(applicant_rest: list[str], record_rest: list[str]) -> bool:
    """Middle names or initials are tolerated when absent on either side, not when they differ."""
    if not applicant_rest or not record_rest:
        return False
    for word in applicant_rest:
        if not any(word == r or (len(r) == 1 and word.startswith(r)) or (len(word) == 1 and r.startswith(word))
                   for r in record_rest):
            return True
    return False


def candidate_splits(full_name: str) -> list[tuple[list[str], list[str]]]:
    """(family, given) token splits worth trying for a free-text full name, best guesses first."""
    words = tokens(full_name)
    variants = [words]
    if len(words) > 2 and words[-1] in CREDENTIALS:
        variants.append(words[:-1])
    splits = []
    if "," in full_name:
        before, after = full_name.split(",", 1)
        if tokens(before) and tokens(after):
            splits.append((tokens(before), tokens(after)))
    for variant in variants:
        n = len(variant)
        if n == 1:
            splits.append((variant, []))
        for k in range(1, min(MAX_FAMILY_TOKENS, n - 1) + 1):
            splits.append((variant[n - k:], variant[:n - k]))  # Given ... Family
            splits.append((variant[:k], variant[k:]))  # Family Given (registry or East Asian order)
    unique = []
    for split in splits:
        if split not in unique:
            unique.append(split)
    return unique


def match_name(full_name: str, record: RegistryName) -> NameMatch:
    """The best agreement between what the applicant typed and the record's legal or other name."""
    names = [(False, tokens(record.family), tokens(record.given), tokens(record.middle))]
    if record.other_family:
        other_given = tokens(record.other_given) or tokens(record.given)
        names.append((True, tokens(record.other_family), other_given, tokens(record.middle)))
    best = None
    for family, given in candidate_splits(full_name):
        for via_other, r_family, r_given, r_middle in names:
            result = _judge(family, given, via_other, r_family, r_given, r_middle, record)
            if best is None or result.score > best.score:
                best = result
    if best is None:
        return NameMatch(MatchLevel.NONE, "none", "missing", False, False,
                         (f"No name was given to compare with the registry's {record.display()}.",))
    return best


def _judge(family, given, via_other, r_family, r_given, r_middle, record) -> NameMatch:
    family_kind = family_agreement(family, r_family)
    given_kind, conflict = given_agreement(given, r_given, r_middle)
    professional = via_other and record.other_type == OTHER_NAME_PROFESSIONAL
    if family_kind == "none":
        level = MatchLevel.NONE
    elif (family_kind == "exact" and given_kind in STRONG_GIVEN and not conflict
          and (not via_other or professional)):
        level = MatchLevel.STRONG
    else:
        level = MatchLevel.PARTIAL
    reasons = _reasons(level, family, given, family_kind, given_kind, conflict, via_other, record)
    return NameMatch(level, family_kind, given_kind, conflict, via_other, tuple(reasons))


def _reasons(level, family, given, family_kind, given_kind, conflict, via_other, record) -> list[str]:
    """Sentences for the admin: what agreed, what did not, and against which registry name."""
    shown, listed = " ".join(given + family), record.display()
    if level == MatchLevel.NONE:
        other = f" (other name {record.other_family})" if record.other_family else ""
        return [f"The family name does not match: the applicant wrote {shown!r}, the registry lists "
                f"{listed}{other}."]
    reasons = []
    registry_family = record.other_family if via_other else record.family
    if via_other:
        kind = "professional" if record.other_type == OTHER_NAME_PROFESSIONAL else "former or other"
        reasons.append(f"The name matches the registry's {kind} last name {record.other_family}, "
                       f"not the current legal name {record.family}.")
    if family_kind == "partial":
        reasons.append(f"The family name {' '.join(family)!r} only partly matches the registry's "
                       f"{registry_family}.")
    elif family_kind == "fuzzy":
        reasons.append(f"The family name {' '.join(family)!r} is similar to, but not the same as, the "
                       f"registry's {registry_family}.")
    reasons.extend(_given_reasons(given, given_kind, record))
    if conflict:
        reasons.append(f"A middle name or initial in {shown!r} differs from the registry's {listed}.")
    if level == MatchLevel.STRONG and not reasons:
        reasons.append(f"The name matches the registry record ({listed}).")
    elif level == MatchLevel.STRONG:
        reasons.insert(0, f"The name matches the registry record ({listed}).")
    return reasons


def _given_reasons(given, given_kind, record) -> list[str]:
    first = record.given or "(none)"
    typed = given[0] if given else ""
    return {
        "initial": [f"The first name is given as an initial, which agrees with the registry's {first}."],
        "nickname": [f"{typed.title()!r} is taken as a short form of the registry's first name {first}."],
        "fuzzy": [f"The first name {typed!r} is similar to, but not the same as, the registry's {first}."],
        "middle": [f"The first name {typed!r} is the registry's middle name; its first name is {first}."],
        "missing": [f"Only one of the applicant and the registry gives a first name (registry: {first})."],
        "mismatch": [f"The first name {typed!r} does not match the registry's {first}."],
    }.get(given_kind, [])
