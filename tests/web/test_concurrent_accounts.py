"""Accounts decided or created by two requests at the same moment: two admins deciding one
application, the same registration sent twice, two people of the same name applying, one
confirmation link followed twice. Each pair is forced to read the same state before either
writes (tests.race). One wins; the other gets the answer it would get a moment later."""
from sqlalchemy import func, select

from forum.admin import views as admin_views
from forum.audit.models import AuditEntry
from forum.auth import services as auth_services
from forum.auth.models import AccountState, User
from forum.extensions import db
from forum.registry.models import VerificationCheck
from forum.security import passwords
from tests import factories
from tests.conftest import link_in, login
from tests.race import meeting_after, run_together
from tests.web.test_registration import registration


def audit_actions():
    return [a for a in db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))]


def admin_client(app, name):
    admin = factories.make_user(full_name=f"Ada {name}", role="admin")
    db.session.commit()
    client = app.test_client()
    assert login(client, admin).status_code == 302
    return client


def test_two_admins_approving_and_rejecting_one_applicant_at_once(app, outbox):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Paula Pending")
    db.session.commit()
    first, second = admin_client(app, "First"), admin_client(app, "Second")
    base = f"/admin/applications/{applicant.id}"
    with meeting_after((admin_views, "get_user_or_404")):
        answers = run_together(
            lambda: first.post(f"{base}/approve", data={"approve-reason": "NPI matches.",
                                                         "approve-seen_state": "pending_review"}),
            lambda: second.post(f"{base}/reject", data={"reject-reason": "Not a physician."}))
    assert sorted(a.status_code for a in answers) == [302, 409], [a.status_code for a in answers]
    db.session.expire_all()
    state = db.session.get(User, applicant.id).state
    decisions = [a for a in audit_actions() if a in ("account.approve", "account.reject")]
    assert len(decisions) == 1
    assert state == {"account.approve": AccountState.VERIFIED, "account.reject": AccountState.REJECTED}[decisions[0]]
    mailed = [m["Subject"] for m in outbox() if m["To"] == applicant.email]
    assert len(mailed) == 1
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert ("is verified cannot be rejected" in refused if state == AccountState.VERIFIED
            else "Another admin decided this application a moment ago: it is now rejected" in refused)


def test_an_approval_given_on_a_stale_page_does_not_overturn_a_rejection(app):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Paula Pending")
    db.session.commit()
    first, second = admin_client(app, "First"), admin_client(app, "Second")
    page = first.get(f"/admin/applications/{applicant.id}").get_data(as_text=True)
    assert 'name="approve-seen_state" type="hidden" value="pending_review"' in page
    assert second.post(f"/admin/applications/{applicant.id}/reject",
                       data={"reject-reason": "Not a physician."}).status_code == 302
    late = first.post(f"/admin/applications/{applicant.id}/approve",
                      data={"approve-seen_state": "pending_review"})
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "it is now rejected" in text and "Not a physician." in text
    assert 'value="rejected"' in text  # approving from this page is a decision made knowingly
    again = first.post(f"/admin/applications/{applicant.id}/approve", data={"approve-seen_state": "rejected"})
    assert again.status_code == 302


def test_two_admins_approving_one_applicant_at_once(app, outbox):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Paula Pending")
    db.session.commit()
    first, second = admin_client(app, "First"), admin_client(app, "Second")
    url = f"/admin/applications/{applicant.id}/approve"
    with meeting_after((admin_views, "get_user_or_404")):
        answers = run_together(lambda: first.post(url, data={}), lambda: second.post(url, data={}))
    assert sorted(a.status_code for a in answers) == [302, 409]
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert "already verified" in refused
    assert audit_actions().count("account.approve") == 1


def test_the_same_registration_sent_twice_at_once(app, outbox):
    client = app.test_client()
    with meeting_after((passwords, "hash_password")):
        answers = run_together(lambda: client.post("/register", data=registration()),
                               lambda: client.post("/register", data=registration()))
    assert [a.status_code for a in answers] == [200, 200]
    assert all("Check your email" in a.get_data(as_text=True) for a in answers)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    subjects = sorted(m["Subject"] for m in outbox())
    assert subjects == ["Confirm your email for Curbside", "Someone tried to register with your email"]


def test_two_people_of_the_same_name_applying_at_once(app, outbox):
    first, second = app.test_client(), app.test_client()
    with meeting_after((passwords, "hash_password")):
        answers = run_together(
            lambda: first.post("/register", data=registration(email="one@example.org")),
            lambda: second.post("/register", data=registration(email="two@example.org")))
    assert [a.status_code for a in answers] == [200, 200]
    handles = sorted(db.session.scalars(select(User.handle)))
    assert handles == ["amelia.quillfeather", "amelia.quillfeather2"]


def test_one_confirmation_link_followed_twice_at_once(app, client, outbox):
    client.post("/register", data=registration())
    path = link_in(outbox()[0], "/confirm/")
    other = app.test_client()
    with meeting_after((db.session, "get")):
        answers = run_together(lambda: client.post(path), lambda: other.post(path))
    assert sorted(a.status_code for a in answers) == [302, 400]
    refused = next(a for a in answers if a.status_code == 400).get_data(as_text=True)
    assert "already been used" in refused
    assert db.session.scalar(select(func.count()).select_from(VerificationCheck)) == 1
