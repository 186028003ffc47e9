"""Error pages in the layout, headers on gated pages, request size limit, CSRF."""
import pytest

from tests.conftest import login


def test_404_page_is_in_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<main" in page and "Page not found" in page


def test_405_page_has_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_413_for_oversized_requests(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_500_shows_no_stack_trace(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    from forum.security.permissions import PUBLIC
    boom.access_level = PUBLIC
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret internals" not in page and "Traceback" not in page
    assert "Something went wrong" in page


def test_a_lost_write_race_is_a_503_to_send_again_and_other_database_errors_a_500(app):
    """SQLite lets one writer at a time: the loser is told to send again, with nothing said of
    the database; any other database error is a plain 500."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from forum.security.permissions import PUBLIC

    @app.route("/locked")
    def locked():
        raise OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))

    @app.route("/broken")
    def broken():
        raise OperationalError("SELECT x", {}, sqlite3.OperationalError("no such table: x"))

    locked.access_level = broken.access_level = PUBLIC
    client = app.test_client()
    response = client.get("/locked")
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    page = response.get_data(as_text=True)
    assert "please send it again" in page and "locked" not in page and "UPDATE" not in page
    response = client.get("/broken")
    assert response.status_code == 500 and "no such table" not in response.get_data(as_text=True)


def test_gated_pages_are_not_cached_or_indexed(member_client):
    response = member_client.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_status_page_shows_no_member_names(client, db, member):
    from tests import factories
    from forum.auth.models import AccountState

    applicant = factories.make_user(state=AccountState.PENDING_REVIEW)
    db.session.commit()
    login(client, applicant)
    page = client.get("/status").get_data(as_text=True)
    assert member.full_name not in page


@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent-folder/no/forum.db",
    "postgresql+psycopg://curbside:pw@127.0.0.1:1/curbside",
])
def test_readiness_fails_while_the_database_is_unreachable_and_liveness_does_not(make_app, url, caplog):
    client = make_app(url).test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json == {"status": "database unavailable"}
    assert "pw" not in response.get_data(as_text=True) and "Set-Cookie" not in response.headers
    assert "Readiness check: the database does not answer" in caplog.text


def test_readiness_answers_ok_without_a_session_or_rate_limit(client):
    for _ in range(50):
        response = client.get("/readyz")
        assert response.status_code == 200 and response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and "X-RateLimit-Limit" not in response.headers
