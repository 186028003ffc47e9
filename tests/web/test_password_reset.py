"""Password reset by signed, expiring, single-use link."""
from sqlalchemy import func, select

from forum.auth.models import UserSession
from tests import factories
from tests.conftest import link_in, login

NEW = "harbour crocus anvil 5521 meteor"


def test_reset_link_is_mailed_and_sets_a_new_password(app, client, db, outbox, member):
    other = app.test_client()
    login(other, member)
    response = client.post("/reset", data={"email": member.email})
    assert "If an account uses" in response.get_data(as_text=True)
    path = link_in(outbox()[0], "/reset/")
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": NEW, "password_confirm": NEW}).status_code == 302
    assert login(app.test_client(), member, NEW).status_code == 302
    assert login(app.test_client(), member).status_code == 401
    # every session that existed before the reset is gone
    assert other.get("/account").status_code == 302


def test_reset_link_works_once(client, outbox, member):
    client.post("/reset", data={"email": member.email})
    path = link_in(outbox()[0], "/reset/")
    client.post(path, data={"password": NEW, "password_confirm": NEW})
    again = client.post(path, data={"password": NEW + "x", "password_confirm": NEW + "x"})
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_unknown_email_gets_the_same_answer_and_no_mail(client, outbox):
    response = client.post("/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "If an account uses" in response.get_data(as_text=True)
    assert outbox() == []


def test_weak_new_password_is_refused_and_link_stays_usable(client, outbox, member):
    client.post("/reset", data={"email": member.email})
    path = link_in(outbox()[0], "/reset/")
    weak = client.post(path, data={"password": "qwertyuiop12", "password_confirm": "qwertyuiop12"})
    assert weak.status_code == 400
    assert "too easy to guess" in weak.get_data(as_text=True)
    assert client.post(path, data={"password": NEW, "password_confirm": NEW}).status_code == 302


def test_forged_reset_link_is_refused(client):
    response = client.get("/reset/eyJ1aWQiOjF9.forged.signature")
    assert response.status_code == 400


def test_password_changed_mail_is_sent(client, outbox, member):
    client.post("/reset", data={"email": member.email})
    client.post(link_in(outbox()[0], "/reset/"), data={"password": NEW, "password_confirm": NEW})
    assert outbox()[-1]["Subject"] == "Your Curbside password was reset"


def test_reset_is_rate_limited(app, client):
    app.config["RESET_LIMIT"] = "2 per hour"
    for _ in range(2):
        assert client.post("/reset", data={"email": "a@example.org"}).status_code == 200
    assert client.post("/reset", data={"email": "a@example.org"}).status_code == 429


def test_reset_mails_to_one_address_are_capped_whoever_asks(app, member, outbox):
    """RESET_LIMIT also holds per address asked for: from many machines, one inbox still gets
    at most that many links (and an address without an account is counted the same way)."""
    statuses = []
    for n in range(7):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        statuses.append(client.post("/reset", data={"email": member.email.upper()}).status_code)
    assert statuses == [200] * 5 + [429, 429]
    assert len([mail for mail in outbox() if mail["To"] == member.email]) == 5
    unknown = [app.test_client() for _ in range(6)]
    for n, client in enumerate(unknown):
        client.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
    assert [client.post("/reset", data={"email": "nobody@example.org"}).status_code
            for client in unknown] == [200] * 5 + [429]
