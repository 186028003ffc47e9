"""Format and check-digit rules for each registry's identifier (see shared REGISTRY.md).

Every identifier is stored with ASCII digits: the extract lookup and the check for another
account claiming the same number compare stored strings.
"""
import re
import unicodedata

from forum.text import clean_text

NPI_PREFIX_SUM = 24  # contribution of the "80840" prefix to the Luhn sum


class InvalidIdentifier(ValueError):
    """The identifier cannot be right for its registry; the message says why."""


def npi_check_digit(base9: str) -> int:
    total = NPI_PREFIX_SUM
    for position, char in enumerate(reversed(base9)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def canonical_text(raw: str | None) -> str:
    """`raw` in Unicode NFKC, which turns full-width digits and letters (as East Asian keyboards
    type them) into ASCII ones. Raises InvalidIdentifier for a digit NFKC leaves non-ASCII
    (Arabic-Indic, Devanagari...) and for number signs that are not decimal digits (superscripts,
    circled or Roman numerals), which NFKC would otherwise read as digits."""
    for character in raw or "":
        if unicodedata.category(character).startswith("N") and not ("0" <= character <= "9"):
            ascii_form = unicodedata.normalize("NFKC", character)
            if unicodedata.category(character) != "Nd" or not (ascii_form.isascii() and ascii_form.isdigit()):
                raise InvalidIdentifier(f"Type the number with the digits 0 to 9 ('{character}' is not one).")
    return unicodedata.normalize("NFKC", raw or "")


def is_ascii_digits(value: str) -> bool:
    """str.isdigit() alone also accepts '²' and '٣', which int() then refuses or reads otherwise."""
    return value.isascii() and value.isdigit()


def normalize_npi(raw: str) -> str:
    value = re.sub(r"[\s.\-]", "", canonical_text(raw))
    if not value:
        raise InvalidIdentifier("Enter your 10-digit NPI.")
    if not is_ascii_digits(value):
        raise InvalidIdentifier("An NPI contains digits only.")
    if len(value) != 10:
        raise InvalidIdentifier(f"An NPI has 10 digits; this has {len(value)}.")
    if value[0] not in "12":
        raise InvalidIdentifier("An NPI starts with 1 or 2.")
    if npi_check_digit(value[:9]) != int(value[9]):
        raise InvalidIdentifier("This is not a valid NPI: its check digit does not match. "
                                "Please check for a mistyped or swapped digit.")
    return value


def normalize_gmc(raw: str) -> str:
    value = re.sub(r"[\s.\-]", "", canonical_text(raw)).upper()
    if value.startswith("C"):
        value = value[1:]
    if not value:
        raise InvalidIdentifier("Enter your 7-digit GMC reference number.")
    if not is_ascii_digits(value) or len(value) != 7:
        raise InvalidIdentifier("A GMC reference number has exactly 7 digits (an NHS 'C' prefix is fine).")
    return value


def normalize_nmc(raw: str) -> str:
    value = re.sub(r"\s+", " ", canonical_text(raw).strip()).upper()
    if not value:
        raise InvalidIdentifier("Enter your registration number from your State Medical Council.")
    if len(value) > 30 or not re.fullmatch(r"[A-Z0-9][A-Z0-9/\- ]*", value):
        raise InvalidIdentifier("A council registration number has letters, digits, '/' or '-' "
                                "only, at most 30 characters.")
    return value


def normalize_other(raw: str) -> str:
    """Any registry's licence number: letters of any script are kept, digits become ASCII."""
    value = re.sub(r"\s+", " ", clean_text(canonical_text(raw)).strip())
    if not value:
        raise InvalidIdentifier("Enter your licence or registration number.")
    if len(value) > 64:
        raise InvalidIdentifier("At most 64 characters.")
    return value


NORMALIZERS = {"npi": normalize_npi, "gmc": normalize_gmc, "nmc": normalize_nmc, "other": normalize_other}


def normalize(registry: str, raw: str) -> str:
    """Canonical form of `raw` for `registry`, or InvalidIdentifier with a reason."""
    try:
        return NORMALIZERS[registry](raw)
    except KeyError as exc:
        raise InvalidIdentifier("Choose a registry.") from exc
