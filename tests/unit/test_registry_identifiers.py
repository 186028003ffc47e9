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
