"""Security headers on every kind of page, and the per-account security log."""
import pytest
from sqlalchemy import select

from forum.auth.models import SecurityEvent
from tests import factories
from tests.conftest import login

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def check_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'",
                      "base-uri 'none'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in REQUIRED.items():
        assert response.headers[name] == value
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page", "/static/css/forum.css"])
def test_public_and_error_pages_carry_the_headers(client, path):
    check_headers(client.get(path))


def test_gated_page_carries_the_headers(member_client):
    response = member_client.get("/account")
    check_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_only_in_production(client, app):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["HSTS_ENABLED"] = True
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_has_inline_script_style_or_handlers():
    import pathlib
    import re
    root = pathlib.Path(__file__).resolve().parents[2] / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path}"
        assert not re.search(r"\sstyle\s*=", text), f"style attribute in {path}"
        assert not re.search(r"<style", text), f"style element in {path}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"event handler in {path}"


def kinds(db, user):
    db.session.expire_all()
    return db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
                              .order_by(SecurityEvent.id)).all()


def test_log_records_logins_failures_and_logout(app, db, member):
    client = app.test_client()
    login(client, member, "wrong password entirely 1")
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD},
                headers={"User-Agent": "LogTest/2"})
    client.post("/logout")
    assert kinds(db, member) == ["login_failed", "login", "logout"]
    event = db.session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "login"))
    assert (event.ip_address, event.user_agent) == ("127.0.0.1", "LogTest/2")


def test_member_sees_own_log_only(app, db, member_client, member):
    other = factories.make_user(full_name="Someone Else")
    db.session.commit()
    login(app.test_client(), other)
    page = member_client.get("/account/security-log").get_data(as_text=True)
    assert page.count("Logged in") == 1


def test_admin_sees_anyones_log(admin_client, db, member):
    login(admin_client.application.test_client(), member, "wrong password entirely 1")
    page = admin_client.get(f"/admin/members/{member.id}/security-log").get_data(as_text=True)
    assert "Failed login (wrong password)" in page


def test_password_change_and_session_end_are_logged(app, db, member):
    a, b = app.test_client(), app.test_client()
    login(a, member)
    login(b, member)
    a.post("/account/sessions/end-others")
    new = "lantern quarry mosaic 2210 fjord"
    a.post("/account/password", data={"current_password": factories.DEFAULT_PASSWORD,
                                      "new_password": new, "new_password_confirm": new})
    assert kinds(db, member)[-2:] == ["other_sessions_ended", "password_changed"]
