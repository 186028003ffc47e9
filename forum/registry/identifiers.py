"""Format and check-digit rules for each registry's identifier (see shared REGISTRY.md)."""
import re

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


def normalize_npi(raw: str) -> str:
    value = re.sub(r"[\s.\-]", "", raw or "")
    if not value:
        raise InvalidIdentifier("Enter your 10-digit NPI.")
    if not value.isdigit():
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
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    if value.startswith("C"):
        value = value[1:]
    if not value:
        raise InvalidIdentifier("Enter your 7-digit GMC reference number.")
    if not value.isdigit() or len(value) != 7:
        raise InvalidIdentifier("A GMC reference number has exactly 7 digits (an NHS 'C' prefix is fine).")
    return value


def normalize_nmc(raw: str) -> str:
    value = re.sub(r"\s+", " ", (raw or "").strip()).upper()
    if not value:
        raise InvalidIdentifier("Enter your registration number from your State Medical Council.")
    if len(value) > 30 or not re.fullmatch(r"[A-Z0-9][A-Z0-9/\- ]*", value):
        raise InvalidIdentifier("A council registration number has letters, digits, '/' or '-' "
                                "only, at most 30 characters.")
    return value


def normalize_other(raw: str) -> str:
    value = re.sub(r"\s+", " ", (raw or "").strip())
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
