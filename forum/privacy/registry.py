"""The rules the screen runs, in priority order (earlier wins a tie between overlapping spans)."""
from forum.privacy.rules import (
    addresses, ages, dates, devices, emails, image_links, names, nicknames, phones, profile_links,
    record_numbers, rooms, ssn,
)

RULES = (
    ssn.RULE,
    record_numbers.RULE,
    devices.RULE,
    emails.RULE,
    image_links.RULE,
    profile_links.RULE,
    phones.RULE,
    addresses.RULE,
    dates.RULE,
    ages.RULE,
    rooms.RULE,
    nicknames.RULE,
    names.RULE,
)
KINDS = tuple(rule.kind for rule in RULES)
