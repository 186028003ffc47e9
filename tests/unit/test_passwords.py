"""Password hashing and strength rules."""
from forum.security import passwords


def test_hash_is_argon2id_and_verifies():
    hashed = passwords.hash_password("violet harbour engine 42 tulip")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "violet harbour engine 42 tulip")
    assert not passwords.verify_password(hashed, "violet harbour engine 42 tulips")


def test_missing_or_garbage_hash_never_verifies():
    assert not passwords.verify_password(None, "anything at all here")
    assert not passwords.verify_password("not-a-hash", "anything at all here")


def test_minimum_length():
    assert passwords.password_problems("Xk9#qLm2!vB") == ["Use at least 12 characters."]


def test_common_and_patterned_passwords_are_refused():
    for weak in ("password1234", "qwertyuiop12", "123456789012", "aaaaaaaaaaaa", "iloveyou1234"):
        problems = passwords.password_problems(weak)
        assert problems and "too easy to guess" in problems[0], weak


def test_password_built_from_the_users_name_is_refused():
    assert passwords.password_problems("quillfeather2024", ("Amelia Quillfeather", "amelia@example.org"))


def test_strong_passphrase_is_accepted():
    assert passwords.password_problems("correct horse battery staple 42") == []
