"""SSN rule: formatted social security numbers and numbers after an SSN label."""
import pytest

from forum.privacy.rules.ssn import RULE


@pytest.mark.parametrize("text, expected", [
    ("pasted his SSN 123-45-6789 into the note", "123-45-6789"),
    ("the last four of his social, which is 4432, to release", "4432"),
    ("scrawled 321-54-9876 next to the sticker", "321-54-9876"),
    ("social security number again (it is 078 05 1120 per the form)", "078 05 1120"),
    ("SSN ending in 6789 was on the wristband", "SSN ending in 6789"),
    ("SIN 046 454 286 on the Ontario form", "046 454 286"),
])
def test_flags_social_security_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "The lab date was 2024-03-14 and the phone 555-201-3344.",
    "Invalid area numbers: 000-12-3456, 666-12-3456, 912-34-5678.",
    "SSN field blank in 2019.",
    "Sinus rhythm; SIN is not a diagnosis.",
    "ISBN 978-0-07-180215-4.",
])
def test_leaves_dates_phones_and_invalid_numbers_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Her SSN ends in 1120", "SSN ends in 1120"),
    ("SSN xxx-xx-1120 on the scanned form", "xxx-xx-1120"),
    ("XXX-XX-1120 was written on the consent", "XXX-XX-1120"),
    ("social 078051120", "078051120"),
    ("Soc sec 078051120", "078051120"),
    ("last 4 of SS 1120", "1120"),
])
def test_flags_fragments_and_masked_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "Social worker did 2024 visits last year.",
    "Social history: 20 pack years, quit 2019.",
    "The SS 2024 guideline update.",
    "Template field xxx-xx-xxxx left blank.",
])
def test_leaves_social_history_and_blank_templates_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("NI no. AB 12 34 56 D on the benefits form", "NI no. AB 12 34 56 D"),
    ("PPS number 7654321W for the medical card", "PPS number 7654321W"),
    ("BSN 111222333 on the discharge letter", "BSN 111222333"),
    ("his national insurance number is JT123456A", "national insurance number is JT123456A"),
])
def test_flags_uk_irish_and_dutch_national_numbers(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", ["BSN 123456789 fails the eleven-test", "ni 12 patients", "GB 12 34 56 A"])
def test_leaves_numbers_that_fail_their_checks_alone(text):
    assert RULE.texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("SA ID 8001015009087 is on the J88.", "8001015009087"),
    ("her ID 9202204720083 was photocopied", "9202204720083"),
    ("NRIC S1234567D - copied from the header.", "S1234567D"),
    ("FIN G1234567X on the work permit", "G1234567X"),
    ("NIN 40211875530 is on the referral.", "NIN 40211875530"),
])
def test_flags_national_ids_with_check_digits_or_a_label(text, expected):
    assert expected in RULE.texts(text)


@pytest.mark.parametrize("text", [
    "barcode 8001015009088 on the box",  # Luhn fails
    "S1234567E is not a valid NRIC check letter",
    "the nin protein 12345678901",  # lower case, no label
    "EAN 4006381333931 on the pack",
])
def test_leaves_numbers_failing_their_check_alone(text):
    assert RULE.texts(text) == []


# A bare NI number is tried only where capitals meet digits in an ASCII text; other text is scanned.
@pytest.mark.parametrize("text, expected", [
    ("NI number missing; AB 12 34 56 C on the form", "AB 12 34 56 C"),
    ("AB123456C is on the form", "AB123456C"),
    ("NI missing, AB 12 34 56 C on the café receipt", "AB 12 34 56 C"),
])
def test_flags_bare_ni_numbers_in_any_text(text, expected):
    assert expected in RULE.texts(text)


def test_leaves_an_ni_shape_inside_a_word_alone():
    assert RULE.texts("code xAB 12 34 56 C") == []
