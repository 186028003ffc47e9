"""The only place passwords are hashed, checked and judged for strength."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-shape check: a missing hash still costs a hash so timing does not leak."""
    if not password_hash:
        _hasher.hash(password or "-")
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, user_inputs=()) -> list[str]:
    """Reasons a password is refused, in words a person can act on; empty when acceptable."""
    if len(password) < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    inputs = [part for value in user_inputs if value for part in str(value).replace("@", " ").split()]
    result = zxcvbn(password[:100], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return []
    feedback = result.get("feedback") or {}
    reasons = []
    if feedback.get("warning"):
        reasons.append(feedback["warning"].rstrip(".") + ".")
    reasons.extend(s.rstrip(".") + "." for s in feedback.get("suggestions", []))
    if not reasons:
        reasons.append("This password is too easy to guess.")
    return ["This password is too easy to guess. " + " ".join(dict.fromkeys(reasons))]
