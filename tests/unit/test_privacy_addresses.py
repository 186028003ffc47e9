"""Addresses rule: street addresses, units, PO boxes and ZIP codes in address context only."""
import pytest

from forum.privacy.rules.addresses import RULE


@pytest.mark.parametrize("text, expected", [
    ("She lives at 14 Oak Lane, two miles away.", "14 Oak Lane"),
    ("his address is in Springfield, IL 62704 but", "Springfield, IL 62704"),
    ("He lives on Elm Street next to the plant.", "Elm Street"),
    ("Three kids from the same ZIP code 02139.", "ZIP code 02139"),
    ("Social work found her in Apt 4B alone.", "Apt 4B"),
    ("Mail goes to PO Box 1123.", "PO Box 1123"),
    ("My patient lives at 301 W 5th Street, Apt 12.", "301 W 5th Street"),
    ("221B Baker Street", "221B Baker Street"),
    ("postcode M1 1AE", "postcode M1 1AE"),
    ("Massachusetts 02139", "Massachusetts 02139"),
    ("in the 02139 area", "the 02139 area"),
    ("Flat 2, 15 Kings Road", "15 Kings Road"),
])
def test_flags_addresses_and_zip_codes(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Our EHR forces a ZIP code field on every referral.",
    "Platelets fell from 150000 to 25000; CD4 count 12000.",
    "I discussed with Dr. Patel from cardiology.",
    "John Snow's map of the Broad Street pump.",
    "CPT 99214 and troponin 12345 ng/L.",
    "Bay Area hospitals adopted the protocol.",
    "Post-op day 2, the post code blue debrief was helpful.",
])
def test_leaves_numbers_and_lone_zip_alone(text):
    assert RULE.texts(text) == []
