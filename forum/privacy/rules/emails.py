"""Email addresses, including spelled-out ones ("jsmith [at] gmail [dot] com"). A role address
("support@", "abstracts@", "info@" on any domain) belongs to an organisation, not a patient."""
import re

from forum.privacy.rules.base import Rule

KIND = "email"
REASON = "Looks like an email address: remove it."

# Scanned from each "@": the local part is walked back in code, the domain matched after it.
_DOMAIN = re.compile(r"[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}\b")
_MAX_LOCAL = 64
_AT = r"(?:\s{0,3}[\[({]at[\])}]\s{0,3}|\s{1,3}at\s{1,3})"
_SEP = r"(?:\s{0,3}[\[({]dot[\])}]\s{0,3}|\s{1,3}dot\s{1,3}|\.)"
_SPELLED = re.compile(
    rf"[\w.\-]{{1,64}}{_AT}[\w\-]{{1,63}}(?:{_SEP}[\w\-]{{1,63}}){{0,3}}{_SEP}"
    r"(?:com|org|net|edu|gov|io|co|uk|us|ca|au|in|de|fr|info|me)\b")
_BRACKETED = ("[at]", "(at)", "{at}")
# Parts of a spelled local part before the one next to "at": "j dot morrow at gmail dot com".
_SPELLED_LOCAL_PART = re.compile(r"[\w\-]{1,30}(?:\s{1,3}dot\s{1,3}|\s{0,3}[\[({]dot[\])}]\s{0,3})$")
_LOCAL_PART = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.%+-")
_ROLES = frozenset("""
support info admin administrator abstracts abstract noreply no-reply donotreply enquiries enquiry
inquiries inquiry contact office secretariat registration registrations helpdesk help webmaster
press media editor editors editorial submissions conference congress events sales billing accounts
privacy dpo security postmaster hello team referrals bookings appointments switchboard reception
feedback complaints pals customerservice service services membership journal newsletter
""".split())


def find(doc):
    """Spans of email addresses."""
    low = doc.low
    for at in doc.find_all("@"):
        start = at
        while start > 0 and at - start < _MAX_LOCAL and low[start - 1] in _LOCAL_PART:
            start -= 1
        domain = _DOMAIN.match(low, at + 1)
        if start < at and domain and low[start:at] not in _ROLES:
            yield start, domain.end()
    markers = [index for bracket in _BRACKETED for index in doc.find_all(bracket)]
    if " dot " in low:
        markers += list(doc.find_all(" at "))
    for marker in markers:
        end = marker
        while end > 0 and low[end - 1] == " ":
            end -= 1
        start = end
        while start > 0 and end - start < _MAX_LOCAL and low[start - 1] in _LOCAL_PART:
            start -= 1
        match = _SPELLED.match(low, start) if start < end else None
        if match:
            found = match.group()
            if any(b in found for b in _BRACKETED) or "dot" in found:
                yield _local_part_start(low, start), match.end()


def _local_part_start(low: str, start: int) -> int:
    """Where a spelled local part begins, taking in its earlier "x dot" parts."""
    for _ in range(4):
        before = _SPELLED_LOCAL_PART.search(low, max(0, start - 40), start)
        if not before or (before.start() > 0 and low[before.start() - 1] not in " \t\n(:'\""):
            break
        start = before.start()
    return start


RULE = Rule(KIND, REASON, find)
