"""Sealed values: they open only with a configured secret key and only for the row they were
sealed for, and a value sealed under a fallback key says it needs re-sealing."""
import pytest

from forum.security import sealing


def test_a_sealed_value_opens_to_what_was_sealed_and_does_not_show_it(app):
    with app.app_context():
        token = sealing.seal("JBSWY3DPEHPK3PXP", "row 1")
        assert token.startswith("v1.") and "JBSWY3DPEHPK3PXP" not in token
        assert sealing.unseal(token, "row 1") == ("JBSWY3DPEHPK3PXP", False)
        assert sealing.seal("JBSWY3DPEHPK3PXP", "row 1") != token  # a fresh nonce each time


def test_a_value_does_not_open_for_another_row(app):
    with app.app_context():
        token = sealing.seal("JBSWY3DPEHPK3PXP", "row 1")
        with pytest.raises(sealing.SealBroken):
            sealing.unseal(token, "row 2")


@pytest.mark.parametrize("token", ["JBSWY3DPEHPK3PXP", "v1.", "v1.AAAA", "v1.not base64!", "v1.é"])
def test_anything_but_a_sealed_value_is_refused(app, token):
    with app.app_context():
        with pytest.raises(sealing.SealBroken):
            sealing.unseal(token, "row 1")


def test_an_altered_value_is_refused(app):
    with app.app_context():
        token = sealing.seal("JBSWY3DPEHPK3PXP", "row 1")
        flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        with pytest.raises(sealing.SealBroken):
            sealing.unseal(flipped, "row 1")


def test_a_value_sealed_under_an_old_key_opens_with_it_as_a_fallback(app):
    with app.app_context():
        token = sealing.seal("JBSWY3DPEHPK3PXP", "row 1")
        app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
        app.config["SECRET_KEY"] = "a-new-secret-key-for-the-rotation-test-0123456789"
        assert sealing.unseal(token, "row 1") == ("JBSWY3DPEHPK3PXP", True)
        app.config["SECRET_KEY_FALLBACKS"] = []
        with pytest.raises(sealing.SealBroken):
            sealing.unseal(token, "row 1")
