"""Every URL rule requested as every kind of user, compared with the expected access.

The table names each endpoint's access level; a rule missing from it fails, so a new route
cannot escape the gate. Outcomes are read from the gate's own decision (g.access_decision)
and the status code, not guessed from redirects.
"""
import pytest
from flask import g
from werkzeug.routing import IntegerConverter

from forum.auth import sessions
from forum.auth.models import AccountState, Role
from forum.extensions import db
from tests import factories

PUBLIC, SIGNED_IN, MEMBER, MODERATOR, ADMIN = "public", "signed_in", "member", "moderator", "admin"

EXPECTED = {
    "static": PUBLIC,
    "home.index": PUBLIC,
    "home.health": PUBLIC,
    "home.ready": PUBLIC,
    "auth.register": PUBLIC,
    "auth.confirm_email": PUBLIC,
    "auth.resend_confirmation": PUBLIC,
    "auth.login": PUBLIC,
    "auth.request_reset": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.verify_login": PUBLIC,
    "auth.logout": SIGNED_IN,
    "auth.security_log": SIGNED_IN,
    "auth.show_two_factor": SIGNED_IN,
    "auth.setup_two_factor": SIGNED_IN,
    "auth.regenerate_recovery_codes": SIGNED_IN,
    "auth.disable_two_factor": SIGNED_IN,
    "auth.status": SIGNED_IN,
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.end_session": SIGNED_IN,
    "auth.end_other_sessions": SIGNED_IN,
    "admin.show_dashboard": ADMIN,
    "admin.list_applications": ADMIN,
    "admin.show_application": ADMIN,
    "admin.approve_application": ADMIN,
    "admin.reject_application": ADMIN,
    "admin.recheck_application": ADMIN,
    "admin.list_members": ADMIN,
    "admin.show_member": ADMIN,
    "admin.change_role": ADMIN,
    "admin.revoke_member": ADMIN,
    "admin.reinstate_member": ADMIN,
    "admin.list_lapsed": ADMIN,
    "admin.show_security_log": ADMIN,
    "admin.registry_overview": ADMIN,
    "admin.lookup_registry_record": ADMIN,
    "admin.import_registry_extract": ADMIN,
    "admin.recheck_pending_applications": ADMIN,
    "discussion.index": MEMBER,
    "discussion.list_latest": MEMBER,
    "discussion.list_unread": MEMBER,
    "discussion.list_new": MEMBER,
    "discussion.list_bookmarks": MEMBER,
    "discussion.list_open_cases": MEMBER,
    "discussion.bookmark_thread": MEMBER,
    "discussion.list_drafts": MEMBER,
    "discussion.discard_draft": MEMBER,
    "discussion.mark_helpful": MEMBER,
    "discussion.mark_answer": MEMBER,
    "discussion.watch_category": MEMBER,
    "discussion.member_directory": MEMBER,
    "discussion.dismiss_unread": MEMBER,
    "discussion.show_category": MEMBER,
    "discussion.show_thread": MEMBER,
    "discussion.first_unread": MEMBER,
    "discussion.set_thread_notifications": MEMBER,
    "discussion.show_post": MEMBER,
    "discussion.show_profile": MEMBER,
    "discussion.list_member_posts": MEMBER,
    "discussion.new_thread": MEMBER,
    "discussion.reply": MEMBER,
    "discussion.edit_post": MEMBER,
    "discussion.delete_post": MEMBER,
    "discussion.list_revisions": MEMBER,
    "discussion.edit_profile": MEMBER,
    "discussion.list_categories": ADMIN,
    "discussion.create_category": ADMIN,
    "discussion.edit_category": ADMIN,
    "discussion.move_category": ADMIN,
    "discussion.archive_category": ADMIN,
    "discussion.restore_category": ADMIN,
    "search.search_posts": MEMBER,
    "notifications.list_notifications": MEMBER,
    "notifications.open_notification": MEMBER,
    "notifications.mark_notification_read": MEMBER,
    "notifications.mark_all_notifications_read": MEMBER,
    "notifications.edit_settings": MEMBER,
    "notifications.unsubscribe": PUBLIC,
    "moderation.report_post": MEMBER,
    "moderation.appeal_post": MEMBER,
    "moderation.show_my_moderation": MEMBER,
    "moderation.show_queue": MODERATOR,
    "moderation.show_post": MODERATOR,
    "moderation.dismiss_reports": MODERATOR,
    "moderation.approve_post": MODERATOR,
    "moderation.remove_post": MODERATOR,
    "moderation.restore_post": MODERATOR,
    "moderation.purge_post": MODERATOR,
    "moderation.redact_post": MODERATOR,
    "moderation.show_thread": MODERATOR,
    "moderation.lock_thread": MODERATOR,
    "moderation.unlock_thread": MODERATOR,
    "moderation.pin_thread": MODERATOR,
    "moderation.unpin_thread": MODERATOR,
    "moderation.move_thread": MODERATOR,
    "moderation.set_answer": MODERATOR,
    "moderation.clear_answer": MODERATOR,
    "moderation.show_member": MODERATOR,
    "moderation.add_note": MODERATOR,
    "moderation.warn_member": MODERATOR,
    "moderation.suspend_member": MODERATOR,
    "moderation.lift_suspension": MODERATOR,
    "moderation.remove_all_posts": ADMIN,
    "moderation.decide_appeal": MODERATOR,
    "moderation.list_audit": MODERATOR,
    "moderation.export_audit": ADMIN,
}

# Values for URL arguments by name; ids that do not exist are fine (the gate runs first).
SAMPLE_ARGS = {"filename": "css/forum.css", "token": "not-a-real-token"}

# "revoked" holds a session cookie from before the revocation: it must count for nothing.
USER_KINDS = ["anonymous", "revoked", "pending_email", "pending", "rejected", "suspended",
              "member", "moderator", "admin"]

ALLOWED = {
    PUBLIC: set(USER_KINDS),
    SIGNED_IN: set(USER_KINDS) - {"anonymous", "revoked"},
    MEMBER: {"member", "moderator", "admin"},
    MODERATOR: {"moderator", "admin"},
    ADMIN: {"admin"},
}


def expected_outcome(level, kind):
    if kind in ALLOWED[level]:
        return "allowed"
    if kind in ("anonymous", "revoked"):
        return "login"
    if kind in ("pending_email", "pending", "rejected", "suspended"):
        return "status"
    return "forbidden"


def _make_kind(kind):
    states = {"pending_email": AccountState.PENDING_EMAIL, "pending": AccountState.PENDING_REVIEW,
              "rejected": AccountState.REJECTED, "suspended": AccountState.SUSPENDED,
              "revoked": AccountState.REVOKED}
    roles = {"moderator": Role.MODERATOR, "admin": Role.ADMIN}
    return factories.make_user(state=states.get(kind, AccountState.VERIFIED), role=roles.get(kind, Role.MEMBER))


def _url_for_rule(rule, sample_args):
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        is_int = isinstance(converter, IntegerConverter)
        values[name] = sample_args.get(name, 1 if is_int else "sample")
    return rule.build(values, append_unknown=False)[1]


def _signed_in_client(app, user):
    client = app.test_client()
    if user is not None:
        token = sessions.start_session(user, "127.0.0.1", "matrix")
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
    return client


def test_every_rule_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(EXPECTED))
    stale = sorted(set(EXPECTED) - endpoints)
    assert not missing, f"routes without an access row: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.fixture
def decisions(app):
    """The gate's decision for each request, captured before the response leaves."""
    seen = []

    @app.after_request
    def capture(response):
        seen.append(g.get("access_decision", "allowed"))
        return response

    return seen


@pytest.mark.parametrize("kind", USER_KINDS)
def test_access_matrix(app, kind, decisions):
    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    user = None if kind == "anonymous" else _make_kind(kind)
    db.session.commit()
    sample_args = dict(SAMPLE_ARGS, user_id=applicant.id)
    mismatches = []
    for rule in app.url_map.iter_rules():
        level = EXPECTED.get(rule.endpoint)
        assert level is not None, f"{rule.endpoint} is missing from the access table"
        url = _url_for_rule(rule, sample_args)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            client = _signed_in_client(app, user)
            response = client.open(url, method=method)
            decision = decisions[-1]
            assert response.status_code != 500, f"{method} {url} as {kind} crashed"
            if decision == "allowed" and response.status_code == 403:
                decision = "forbidden"
            want = expected_outcome(level, kind)
            if decision != want:
                mismatches.append(f"{method} {url} ({rule.endpoint}) as {kind}: got {decision}, want {want}")
            if want == "login":
                assert response.status_code == 302 and "/login" in response.headers["Location"]
            if want == "status":
                assert response.status_code == 302 and response.headers["Location"].endswith("/status")
            if want == "forbidden":
                assert response.status_code == 403
    assert not mismatches, "\n".join(mismatches)
