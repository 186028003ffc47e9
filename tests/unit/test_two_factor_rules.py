"""Two-factor settings without HTTP: turning it on and new recovery codes ask for the password
first, and a wrong one changes nothing (no code spent, nothing confirmed, no new codes)."""
import pyotp
import pytest
from sqlalchemy import func, select

from forum.auth import two_factor
from forum.auth.models import RecoveryCode, TwoFactorCredential
from forum.errors import InvalidState, ValidationFailed
from forum.extensions import db
from tests import factories


def _pending(user):
    credential = two_factor.begin_enrolment(user, factories.DEFAULT_PASSWORD)
    db.session.commit()
    return credential, pyotp.TOTP(two_factor.seed_of(credential)).now()


def test_confirming_an_enrolment_with_a_wrong_password_changes_nothing(member):
    credential, code = _pending(member)
    with pytest.raises(ValidationFailed) as refused:
        two_factor.confirm_enrolment(member, "not the password at all", code)
    assert refused.value.field == "password" and refused.value.message == two_factor.WRONG_PASSWORD
    assert credential.confirmed_at is None and credential.last_used_step == 0
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    assert len(two_factor.confirm_enrolment(member, factories.DEFAULT_PASSWORD, code)) == 10
    assert two_factor.is_enabled(member)


def test_confirming_checks_the_password_before_the_code(member):
    _pending(member)
    with pytest.raises(ValidationFailed) as refused:
        two_factor.confirm_enrolment(member, "", "000000")
    assert refused.value.field == "password"
    with pytest.raises(ValidationFailed) as wrong_code:
        two_factor.confirm_enrolment(member, factories.DEFAULT_PASSWORD, "000000")
    assert wrong_code.value.field == "code"


def test_new_recovery_codes_need_the_password_and_a_code(member):
    factories.enable_two_factor(member)
    old = two_factor.replace_recovery_codes(member)
    db.session.commit()
    code = factories.current_code(member.id)
    with pytest.raises(ValidationFailed) as refused:
        two_factor.regenerate_recovery_codes(member, "not the password at all", code)
    assert refused.value.field == "password"
    assert db.session.get(TwoFactorCredential, member.id).last_used_step == 0  # the code is not spent
    with pytest.raises(ValidationFailed) as wrong_code:
        two_factor.regenerate_recovery_codes(member, factories.DEFAULT_PASSWORD, "000000")
    assert wrong_code.value.field == "code"
    assert two_factor.use_recovery_code(member, old[0])  # the old codes still work
    new = two_factor.regenerate_recovery_codes(member, factories.DEFAULT_PASSWORD, code)
    assert len(new) == 10 and not two_factor.use_recovery_code(member, old[1])


def test_new_recovery_codes_need_two_factor_on(member):
    with pytest.raises(InvalidState):
        two_factor.regenerate_recovery_codes(member, factories.DEFAULT_PASSWORD, "123456")


def test_starting_an_enrolment_needs_the_password(member):
    """The set-up page shows the new secret: a stolen session must not learn the secret the
    member is about to turn on."""
    with pytest.raises(ValidationFailed) as refused:
        two_factor.begin_enrolment(member, "not the password at all")
    assert refused.value.field == "password"
    assert db.session.get(TwoFactorCredential, member.id) is None
    credential, _code = _pending(member)
    earlier = credential.sealed_secret
    with pytest.raises(ValidationFailed):
        two_factor.begin_enrolment(member, "")
    assert credential.sealed_secret == earlier  # a pending secret is not replaced either
