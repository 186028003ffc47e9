"""Identifier formats and check digits for each registry (REGISTRY.md's worked examples)."""
import pytest

from forum.registry.identifiers import InvalidIdentifier, normalize, npi_check_digit


@pytest.mark.parametrize("npi", ["1234567893", "1987654328", "2453198766", "1000000004", "1999999992"])
def test_documented_valid_npis_pass(npi):
    assert normalize("npi", npi) == npi


def test_npi_separators_are_stripped_but_not_leading_digits():
    assert normalize("npi", " 123-456.7893 ") == "1234567893"


def test_worked_check_digit_example():
    assert npi_check_digit("123456789") == 3


@pytest.mark.parametrize("raw, message", [
    ("1234567890", "check digit"),
    ("1234567839", "check digit"),
    ("123456789", "10 digits"),
    ("3234567891", "starts with 1 or 2"),
    ("12345678a3", "digits only"),
    ("", "Enter your 10-digit NPI"),
])
def test_documented_invalid_npis_are_refused_with_a_reason(raw, message):
    with pytest.raises(InvalidIdentifier, match=message):
        normalize("npi", raw)


def test_gmc_accepts_nhs_c_prefix_and_needs_seven_digits():
    assert normalize("gmc", "C1234567") == "1234567"
    assert normalize("gmc", "1234567") == "1234567"
    with pytest.raises(InvalidIdentifier, match="7 digits"):
        normalize("gmc", "123456")


def test_nmc_numbers_are_upper_cased_and_limited():
    assert normalize("nmc", " mh/2001/ 123 ") == "MH/2001/ 123"
    with pytest.raises(InvalidIdentifier):
        normalize("nmc", "12#4")


def test_unknown_registry_is_refused():
    with pytest.raises(InvalidIdentifier, match="Choose a registry"):
        normalize("ama", "1")


@pytest.mark.parametrize("registry, raw, canonical", [
    ("npi", "1２３４５６７８９３", "1234567893"),  # full-width digits, as East Asian keyboards type them
    ("npi", "１２３４\u3000５６７\u3000８９３", "1234567893"),  # and an ideographic space
    ("gmc", "Ｃ１２３４５６７", "1234567"),
    ("nmc", "ｍｈ／２００１／１２３", "MH/2001/123"),
    ("other", "LIC－４２", "LIC-42"),
    ("other", "Ω-42", "Ω-42"),  # letters of any script stay; only digits must be ASCII
])
def test_compatibility_forms_become_the_ascii_identifier(registry, raw, canonical):
    assert normalize(registry, raw) == canonical
    assert normalize(registry, raw).isascii() or registry == "other"


@pytest.mark.parametrize("registry", ["npi", "gmc", "nmc", "other"])
@pytest.mark.parametrize("raw", [
    "1²34567893", "12345678⁹3", "123456789³",  # superscripts: isdigit() is True, int() raises
    "1٢٣٤٥٦٧٨٩٣",  # Arabic-Indic digits: NFKC leaves them, the registries never use them
    "१२३४५६७",  # Devanagari
    "①234567",  # circled
])
def test_digits_that_are_not_ascii_after_nfkc_are_refused_with_a_reason(registry, raw):
    with pytest.raises(InvalidIdentifier, match="digits 0 to 9"):
        normalize(registry, raw)


def test_other_registry_numbers_lose_control_and_direction_characters():
    assert normalize("other", "LIC\u202e 42\x07") == "LIC 42"
