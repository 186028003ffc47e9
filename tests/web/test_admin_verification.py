"""The admin verification queue: approve, reject, re-check, roles, revocation; audit entries."""
from sqlalchemy import select

from forum.audit.models import AuditEntry
from forum.auth.models import AccountState, Role, User, UserSession
from tests import factories
from tests.conftest import login


def entries(db, action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def reload(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_queue_lists_pending_applications_oldest_first(admin_client, db):
    newer = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Newer Applicant")
    older = factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Older Applicant")
    older.submitted_at = newer.submitted_at.replace(year=newer.submitted_at.year - 1)
    factories.make_user(state=AccountState.PENDING_EMAIL, full_name="Unconfirmed Applicant")
    db.session.commit()
    page = admin_client.get("/admin/applications").get_data(as_text=True)
    assert page.index("Older Applicant") < page.index("Newer Applicant")
    assert "Unconfirmed Applicant" not in page


def test_approve_verifies_mails_and_audits(admin_client, db, outbox, admin):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    response = admin_client.post(f"/admin/applications/{applicant.id}/approve", data={"approve-reason": "NPI matches"})
    assert response.status_code == 302
    applicant = reload(db, applicant)
    assert applicant.state == AccountState.VERIFIED and applicant.verified_by_id == admin.id
    [entry] = entries(db, "account.approve")
    assert (entry.actor_id, entry.target_id, entry.reason) == (admin.id, str(applicant.id), "NPI matches")
    assert outbox()[-1]["Subject"] == "Your Curbside account is verified"


def test_approved_physician_can_log_in_to_the_forum(admin_client, app, db):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    client = app.test_client()
    login(client, applicant)
    assert client.get("/").headers["Location"].endswith("/status")
    admin_client.post(f"/admin/applications/{applicant.id}/approve", data={})
    assert client.get("/").status_code == 200


def test_reject_needs_a_reason_and_stores_nothing_without_it(admin_client, db, outbox):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    for blank in ("  ", "\u200b\u202e"):
        response = admin_client.post(f"/admin/applications/{applicant.id}/reject", data={"reject-reason": blank})
        assert response.status_code == 400 and "Give a reason" in response.get_data(as_text=True)
    assert reload(db, applicant).state == AccountState.PENDING_REVIEW
    assert entries(db, "account.reject") == [] and outbox() == []


def test_reject_with_reason_mails_the_applicant(admin_client, db, outbox):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    admin_client.post(f"/admin/applications/{applicant.id}/reject", data={"reject-reason": "Not a physician taxonomy."})
    applicant = reload(db, applicant)
    assert applicant.state == AccountState.REJECTED
    assert applicant.state_reason == "Not a physician taxonomy."
    assert "Not a physician taxonomy." in outbox()[-1].get_content()
    assert len(entries(db, "account.reject")) == 1


def test_approving_twice_says_so(admin_client, db):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    admin_client.post(f"/admin/applications/{applicant.id}/approve", data={})
    again = admin_client.post(f"/admin/applications/{applicant.id}/approve", data={})
    assert again.status_code == 409
    assert "already verified" in again.get_data(as_text=True)
    assert len(entries(db, "account.approve")) == 1


def test_unknown_application_is_404(admin_client):
    assert admin_client.get("/admin/applications/99999").status_code == 404
    assert admin_client.post("/admin/applications/99999/approve").status_code == 404


def test_role_change_is_audited(admin_client, db, member):
    response = admin_client.post(f"/admin/members/{member.id}/role", data={"role-role": "moderator", "role-reason": "Volunteered"})
    assert response.status_code == 302
    assert reload(db, member).role == Role.MODERATOR
    [entry] = entries(db, "account.role")
    assert entry.details == {"from": "member", "to": "moderator"}


def test_admin_cannot_change_own_role(admin_client, db, admin):
    response = admin_client.post(f"/admin/members/{admin.id}/role", data={"role-role": "member", "role-reason": "oops"})
    assert response.status_code == 403
    assert reload(db, admin).role == Role.ADMIN


def test_revocation_ends_sessions_and_blocks_login(admin_client, app, db, member):
    member_client = app.test_client()
    login(member_client, member)
    response = admin_client.post(f"/admin/members/{member.id}/revoke", data={"revoke-reason": "Licence lapsed"})
    assert response.status_code == 302
    assert reload(db, member).state == AccountState.REVOKED
    assert db.session.scalars(select(UserSession).where(UserSession.user_id == member.id)).all() == []
    assert member_client.get("/").status_code == 200  # public welcome page, signed out
    assert member_client.get("/account").headers["Location"].startswith("/login")
    assert login(app.test_client(), member).status_code == 401
    assert len(entries(db, "account.revoke")) == 1


def test_reinstate_after_revocation(admin_client, db, member):
    admin_client.post(f"/admin/members/{member.id}/revoke", data={"revoke-reason": "Licence lapsed"})
    admin_client.post(f"/admin/members/{member.id}/reinstate", data={"reinstate-reason": "Licence renewed"})
    assert reload(db, member).state == AccountState.VERIFIED


def test_member_search_filters_by_state(admin_client, db):
    factories.make_user(state=AccountState.REJECTED, full_name="Rejected Person")
    factories.make_user(full_name="Verified Person")
    db.session.commit()
    page = admin_client.get("/admin/members?state=rejected").get_data(as_text=True)
    assert "Rejected Person" in page and "Verified Person" not in page
    page = admin_client.get("/admin/members?q=verified+per").get_data(as_text=True)
    assert "Verified Person" in page


def test_member_search_matches_percent_underscore_and_backslash_literally(admin_client, db):
    factories.make_user(full_name="Amelia Quillfeather", email="aq@example.org")
    factories.make_user(full_name="Rafael Baptiste", email="rafael_b@example.org")
    factories.make_user(full_name="Percy 100% Sure", email="ps@example.org")
    db.session.commit()

    def found(query):
        page = admin_client.get("/admin/members", query_string={"q": query}).get_data(as_text=True)
        return {name for name in ("Amelia Quillfeather", "Rafael Baptiste", "Percy 100% Sure") if name in page}

    assert found("%") == {"Percy 100% Sure"}
    assert found("_") == {"Rafael Baptiste"}
    assert found("q_illfeather") == set() and found("a%q") == set()
    assert found("\\") == set()
    assert found("rafael_b@") == {"Rafael Baptiste"}


def test_audit_chain_covers_admin_decisions(admin_client, db, runner):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    admin_client.post(f"/admin/applications/{applicant.id}/approve", data={})
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def test_create_admin_from_the_command_line(runner, db):
    """The operator's first account: a verified admin with two-factor still to enrol; the
    password is read from stdin and never echoed; the name follows the registration rule."""
    password = "granite marmalade ocelot 7781"
    result = runner.invoke(args=["create-admin", "--email", " Chief@Hospital.ORG ", "--name",
                                 "  Ada   Chief\u202e ", "--password-stdin"], input=password + "\n")
    assert result.exit_code == 0, result.output
    assert password not in result.output and "Admin chief@hospital.org created" in result.output
    admin = db.session.scalar(select(User).where(User.email == "chief@hospital.org"))
    assert (admin.full_name, admin.role, admin.state) == ("Ada Chief", Role.ADMIN, AccountState.VERIFIED)
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == str(admin.id))) == "account.create_admin"
    refused = runner.invoke(args=["create-admin", "--email", "b@hospital.org", "--name", "\u200b\u200b\u200b",
                                  "--password-stdin"], input=password + "\n")
    assert refused.exit_code != 0 and "Enter your full name" in refused.output
    assert "Traceback" not in refused.output
    assert db.session.scalar(select(User).where(User.email == "b@hospital.org")) is None


def test_the_queue_shows_each_applicants_newest_check_in_a_fixed_number_of_queries(admin_client, db, app):
    """Two queries for the applications and their checks, whether one or six are waiting."""
    from sqlalchemy import event

    from forum.extensions import db as _db
    from forum.registry.services import run_checks

    def statements():
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            page = admin_client.get("/admin/applications").get_data(as_text=True)
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        return len(seen), page

    def applicant_checked_twice(name):
        applicant = factories.make_user(state=AccountState.PENDING_REVIEW, full_name=name)
        run_checks(applicant, "registration")
        applicant.registry_identifier = "12345"  # no longer a valid NPI: the newest check says so
        run_checks(applicant, "admin")
        db.session.commit()

    applicant_checked_twice("First Applicant")
    one, page = statements()
    assert page.count('class="tag outcome-invalid_identifier"') == 1 and "not run" not in page
    for i in range(5):
        applicant_checked_twice(f"Applicant {i}")
    factories.make_user(state=AccountState.PENDING_REVIEW, full_name="Never Checked")
    db.session.commit()
    six, page = statements()
    assert page.count('class="tag outcome-invalid_identifier"') == 6 and page.count("not run") == 1
    assert six == one
