"""Registration, email confirmation and the applicant's status page, through the test client."""
import re

import pytest
from sqlalchemy import func, select

from forum.auth.models import AccountState, User
from forum.registry.models import VerificationCheck
from tests.conftest import link_in, login

STRONG_PASSWORD = "plum orchard violin 1987 tidepool"


def registration(**overrides):
    data = {
        "full_name": "Amelia Quillfeather", "email": "amelia@example.org",
        "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD,
        "registry": "npi", "identifier": "1234567893", "jurisdiction": "US-MA",
        "specialty": "207R00000X", "institution": "Boston General", "coi_statement": "", "attest": "y",
    }
    data.update(overrides)
    return data


def user_count(db):
    return db.session.scalar(select(func.count()).select_from(User))


def test_registration_form_has_labelled_fields(client):
    page = client.get("/register").get_data(as_text=True)
    for field in ("full_name", "email", "password", "registry", "identifier", "jurisdiction", "specialty",
                  "institution", "coi_statement", "attest"):
        assert f'for="{field}"' in page, field


def test_registration_sends_confirmation_and_creates_pending_applicant(client, db, outbox):
    response = client.post("/register", data=registration())
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "amelia@example.org"))
    assert user.state == AccountState.PENDING_EMAIL
    assert user.registry_identifier == "1234567893"
    assert user.password_hash.startswith("$argon2id$")
    [message] = outbox()
    assert message["To"] == "amelia@example.org"
    assert "/confirm/" in message.get_content()


def test_identifier_is_normalised_before_storing(client, db):
    client.post("/register", data=registration(identifier="123-456-789 3"))
    user = db.session.scalar(select(User).where(User.email == "amelia@example.org"))
    assert user.registry_identifier == "1234567893"


def test_invalid_npi_check_digit_is_refused_next_to_the_field(client, db, outbox):
    response = client.post("/register", data=registration(identifier="1234567890"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="identifier-error"' in page and "check digit" in page
    assert user_count(db) == 0 and outbox() == []


def test_jurisdiction_must_fit_the_registry(client, db):
    response = client.post("/register", data=registration(registry="gmc", identifier="1234567", jurisdiction="US-MA"))
    assert response.status_code == 400
    assert 'id="jurisdiction-error"' in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_gmc_reference_with_nhs_prefix_is_accepted(client, db):
    client.post("/register", data=registration(registry="gmc", identifier="C1234567", jurisdiction="GB"))
    user = db.session.scalar(select(User))
    assert (user.registry_code, user.registry_identifier) == ("gmc", "1234567")


def test_short_password_is_refused_with_the_reason(client, db):
    response = client.post("/register", data=registration(password="short pass", password_confirm="short pass"))
    assert response.status_code == 400
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_common_password_is_refused_with_the_reason(client, db):
    weak = "password1234"
    response = client.post("/register", data=registration(password=weak, password_confirm=weak))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "too easy to guess" in page
    assert user_count(db) == 0


def test_mismatched_passwords_and_missing_attestation_are_refused(client, db):
    response = client.post("/register", data=registration(password_confirm="something else entirely 99", attest=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The two passwords differ." in page
    assert "You must confirm this to apply." in page
    assert user_count(db) == 0


def test_existing_email_gets_the_same_page_and_a_notice(client, db, outbox, member):
    response = client.post("/register", data=registration(email=member.email.upper()))
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert user_count(db) == 1
    [message] = outbox()
    assert "already has an account" in message.get_content()


def test_confirmation_link_moves_applicant_to_review_and_runs_checks(client, db, outbox):
    client.post("/register", data=registration())
    path = link_in(outbox()[0], "/confirm/")
    assert client.get(path).status_code == 200  # a page with a button; GET changes nothing
    user = db.session.scalar(select(User))
    assert user.state == AccountState.PENDING_EMAIL
    response = client.post(path)
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(select(User))
    assert user.state == AccountState.PENDING_REVIEW
    assert user.email_confirmed_at is not None
    assert db.session.scalar(select(func.count()).select_from(VerificationCheck)) == 1


def test_confirmation_link_works_once(client, outbox):
    client.post("/register", data=registration())
    path = link_in(outbox()[0], "/confirm/")
    assert client.post(path).status_code == 302
    again = client.post(path)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_tampered_confirmation_link_is_refused(client, db, outbox):
    client.post("/register", data=registration())
    path = link_in(outbox()[0], "/confirm/")
    response = client.post(path[:-3] + "abc")
    assert response.status_code == 400
    assert db.session.scalar(select(User)).state == AccountState.PENDING_EMAIL


def test_expired_confirmation_link_is_refused(app, client, db, outbox, monkeypatch):
    client.post("/register", data=registration())
    path = link_in(outbox()[0], "/confirm/")
    app.config["TOKEN_MAX_AGE_HOURS"] = 0
    import time
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 5)
    response = client.post(path)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_pending_applicant_sees_status_page_and_no_content(client, db, outbox):
    client.post("/register", data=registration())
    client.post(link_in(outbox()[0], "/confirm/"))
    response = login(client, "amelia@example.org", STRONG_PASSWORD)
    assert response.headers["Location"].endswith("/status")
    page = client.get("/status").get_data(as_text=True)
    assert "Waiting for registry review" in page
    assert client.get("/", follow_redirects=False).headers["Location"].endswith("/status")


def test_resend_confirmation_sends_a_fresh_link_only_to_unconfirmed(client, outbox, member):
    client.post("/register", data=registration())
    client.post("/confirm", data={"email": "amelia@example.org"})
    client.post("/confirm", data={"email": member.email})
    messages = outbox()
    assert [m["To"] for m in messages] == ["amelia@example.org", "amelia@example.org"]


def test_rejected_applicant_sees_the_reason(client, db, admin):
    from tests import factories

    applicant = factories.make_user(state=AccountState.REJECTED, state_reason="Registry shows a nurse practitioner.")
    db.session.commit()
    login(client, applicant)
    page = client.get("/status").get_data(as_text=True)
    assert "Registry shows a nurse practitioner." in page
    assert "Ada Admin" not in page


def test_auto_approve_strong_verifies_a_strong_match(make_app, database_url, db, outbox):
    from forum.demo.seed import SAMPLE
    from forum.registry.nppes_import import import_nppes

    app = make_app(database_url, AUTO_APPROVE="strong")
    client = app.test_client()
    with app.app_context():
        import_nppes(SAMPLE)
        from forum.extensions import db as app_db
        app_db.session.commit()
    client.post("/register", data=registration(full_name="Amelia J. Quillfeather"))
    client.post(link_in(outbox()[0], "/confirm/"))
    db.session.expire_all()
    user = db.session.scalar(select(User))
    assert user.state == AccountState.VERIFIED
    assert outbox()[-1]["Subject"] == "Your Curbside account is verified"


def test_auto_approve_off_leaves_a_strong_match_for_the_admin(app, client, db, outbox):
    from forum.demo.seed import SAMPLE
    from forum.registry.nppes_import import import_nppes

    import_nppes(SAMPLE)
    db.session.commit()
    client.post("/register", data=registration(full_name="Amelia J. Quillfeather"))
    client.post(link_in(outbox()[0], "/confirm/"))
    db.session.expire_all()
    user = db.session.scalar(select(User))
    assert user.state == AccountState.PENDING_REVIEW
    check = db.session.scalar(select(VerificationCheck))
    assert (check.outcome, check.match_level) == ("verified", "strong")


def _applicant_status(app, outbox, **fields):
    """Register, confirm and log in as a new applicant; the status page's text."""
    client = app.test_client()
    assert client.post("/register", data=registration(**fields)).status_code == 200
    client.post(link_in(outbox()[-1], "/confirm/"))
    assert login(client, fields["email"], STRONG_PASSWORD).headers["Location"].endswith("/status")
    response = client.get("/status")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_another_accounts_claim_is_not_told_to_the_applicant(app, db, outbox):
    """Applying with a physician's public registry record must not reveal whether that
    physician already has an account: a perfect match another account claims needs an admin,
    but the applicant reads the same as for a perfect match nobody claims. The admin sees why."""
    from forum.demo.seed import SAMPLE
    from forum.registry.nppes_import import import_nppes

    import_nppes(SAMPLE)
    db.session.commit()
    first = _applicant_status(app, outbox, full_name="Amelia J. Quillfeather", email="first@example.org")
    second = _applicant_status(app, outbox, full_name="Amelia J. Quillfeather", email="second@example.org")
    checks = {user.email: check for user, check in db.session.execute(
        select(User, VerificationCheck).join(VerificationCheck, VerificationCheck.user_id == User.id))}
    assert checks["first@example.org"].outcome == "verified"
    assert checks["second@example.org"].outcome == "needs_review"  # the duplicate claim, for the admin

    def check_sentence(page):
        return re.search(r"Automatic registry check: <strong>([^<]*)</strong>", page).group(1)

    assert check_sentence(first) == check_sentence(second) == "needs review by an admin"
    def application_part(page):
        return page[page.index("<h1>"):page.index("What you told us")]

    assert application_part(first) == application_part(second)  # nothing else tells them apart
    for page in (first, second):
        assert "claim" not in application_part(page).lower() and "verified" not in application_part(page).lower()
    from tests import factories

    admin = factories.make_user(role="admin", identifier="1999999992")  # claims another number
    db.session.commit()
    admin_client = app.test_client()
    assert login(admin_client, admin).status_code == 302
    second_id = checks["second@example.org"].user_id
    admin_page = admin_client.get(f"/admin/applications/{second_id}").get_data(as_text=True)
    assert "Another account already claims 1234567893" in admin_page


def test_an_adverse_check_still_reads_as_such_to_the_applicant(app, db, outbox):
    from forum.demo.seed import SAMPLE
    from forum.registry.nppes_import import import_nppes

    import_nppes(SAMPLE)
    db.session.commit()
    page = _applicant_status(app, outbox, full_name="Bartholomew Zzyzx", email="zz@example.org")
    assert "Automatic registry check: <strong>the name does not match the registry record</strong>" in page


def stored_user(db):
    db.session.expire_all()
    return db.session.scalar(select(User))


def test_name_and_institution_are_stored_without_controls_or_direction_overrides(client, db):
    response = client.post("/register", data=registration(
        full_name="Amelia \u202eQuillfeather\x07", institution="Boston\u202e  General\x1b",
        coi_statement="Speaker fees\u2066 from Acme\x07"))
    assert response.status_code == 200
    user = stored_user(db)
    assert (user.full_name, user.institution) == ("Amelia Quillfeather", "Boston General")
    assert user.coi_statement == "Speaker fees from Acme"


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u3164\u3164\u3164", "\u2800\u2800\u2800",
                                  " \u00ad\u00ad\u00ad ", "A\u200b\u200b", "1 2 3", "---"])
def test_name_without_three_visible_characters_and_a_letter_is_refused(client, db, name):
    response = client.post("/register", data=registration(full_name=name))
    assert response.status_code == 400
    assert 'id="full_name-error"' in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_name_minimum_counts_the_trimmed_name(client, db):
    response = client.post("/register", data=registration(full_name="   Al   "))
    assert response.status_code == 400
    assert "at least 3 characters" in response.get_data(as_text=True)
    assert user_count(db) == 0


@pytest.mark.parametrize("name", ["王伟", "이준", "ゆい", "Li Na", "Bo Li", "Zoë O'Connor-Ní Bhriain"])
def test_two_syllable_cjk_and_other_short_real_names_are_accepted(client, db, name):
    response = client.post("/register", data=registration(full_name=name, registry="other", identifier="X-1",
                                                           jurisdiction="CN"))
    assert response.status_code == 200
    assert stored_user(db).full_name == name


def test_one_cjk_character_or_two_latin_letters_is_not_a_full_name(client, db):
    for name in ("王", "Al"):
        response = client.post("/register", data=registration(full_name=name))
        assert response.status_code == 400 and 'id="full_name-error"' in response.get_data(as_text=True)
    assert user_count(db) == 0


def test_email_with_surrounding_spaces_is_trimmed_on_every_form(client, db, outbox):
    assert client.post("/register", data=registration(email="  Amelia@Example.org ")).status_code == 200
    assert stored_user(db).email == "amelia@example.org"
    assert client.post("/confirm", data={"email": " amelia@example.org\t"}).status_code == 200
    assert client.post("/reset", data={"email": " amelia@example.org "}).status_code == 200
    assert [m["To"] for m in outbox()] == ["amelia@example.org"] * 3


def test_email_in_decomposed_unicode_is_the_same_address(client, db, outbox):
    client.post("/register", data=registration(email="am\u00e9lie@example.org"))
    response = client.post("/register", data=registration(email="ame\u0301lie@example.org"))
    assert response.status_code == 200
    assert user_count(db) == 1 and stored_user(db).email == "am\u00e9lie@example.org"
    assert outbox()[-1]["Subject"].startswith("Someone tried")


def test_existing_email_costs_a_password_hash_like_a_new_one(client, db, member, monkeypatch):
    """The hash is most of the request's time: skipping it would reveal the account by timing."""
    from forum.security import passwords
    hashed = []
    real_hash = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password: hashed.append(1) or real_hash(password))
    assert client.post("/register", data=registration(email=member.email)).status_code == 200
    assert client.post("/register", data=registration(email="new@example.org")).status_code == 200
    assert len(hashed) == 2 and user_count(db) == 2


@pytest.mark.parametrize("identifier", ["1²34567893", "123456789³", "1٢٣٤٥٦٧٨٩٣"])
def test_npi_with_a_digit_that_is_not_ascii_is_refused_next_to_the_field(client, db, outbox, identifier):
    response = client.post("/register", data=registration(identifier=identifier))
    page = response.get_data(as_text=True)
    assert response.status_code == 400  # '²'.isdigit() then int('²') was a server error
    assert 'id="identifier-error"' in page and "digits 0 to 9" in page
    assert user_count(db) == 0 and outbox() == []


def test_full_width_npi_is_stored_in_ascii_and_seen_as_another_claim(client, db, outbox):
    from tests import factories
    factories.make_user(state="verified", identifier="1234567893", email="real@example.org",
                        full_name="Amelia Quillfeather")
    db.session.commit()
    response = client.post("/register", data=registration(identifier="1２３４５６７８９３", email="imp@example.org"))
    assert response.status_code == 200
    assert db.session.scalar(select(User).where(User.email == "imp@example.org")).registry_identifier == "1234567893"
    client.post(link_in(outbox()[-1], "/confirm/"))
    check = db.session.scalar(select(VerificationCheck))
    assert any("Another account already claims 1234567893" in reason for reason in check.reasons), check.reasons


def test_mail_to_an_unconfirmed_address_does_not_carry_the_name_typed_for_it(client, db, outbox):
    """Anyone may register someone else's address: the name they typed would put their words
    (a link, an instruction) into mail from the forum to a stranger, again with each resend,
    reset request or second registration."""
    lure = "Dr Ann Lee - URGENT log in at https://curbside-verify.example.net"
    assert client.post("/register", data=registration(full_name=lure)).status_code == 200
    client.post("/confirm", data={"email": "amelia@example.org"})
    client.post("/reset", data={"email": "amelia@example.org"})
    client.post("/register", data=registration(full_name="Someone Else Entirely"))
    bodies = [message.get_content() for message in outbox()]
    assert len(bodies) == 4
    assert all("curbside-verify" not in body and body.startswith("Hello,\n") for body in bodies)


def test_mail_to_a_confirmed_address_greets_by_name(client, db, outbox):
    client.post("/register", data=registration())
    client.post(link_in(outbox()[-1], "/confirm/"), data={})
    client.post("/reset", data={"email": "amelia@example.org"})
    assert outbox()[-1].get_content().startswith("Hello Amelia Quillfeather,\n")


def test_registrations_for_one_address_share_its_mail_allowance_whoever_sends_them(app, db, member, outbox):
    """Each registration mails the address (a link, or "someone tried to register"): from many
    machines, one inbox still gets at most RESET_LIMIT of them, for an address with an account
    or without; form mistakes spend nothing."""
    def register_from(n, **fields):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        return client.post("/register", data=registration(**fields)).status_code

    assert [register_from(n, password="short") for n in range(6)] == [400] * 6
    assert [register_from(n, email=member.email.upper()) for n in range(7)] == [200] * 5 + [429, 429]
    assert len([mail for mail in outbox() if mail["To"] == member.email]) == 5
    assert [register_from(10 + n, email="new@example.org") for n in range(6)] == [200] * 5 + [429]
    assert len([mail for mail in outbox() if mail["To"] == "new@example.org"]) == 5
