"""Mail through SMTP leaves from a background thread after the commit; the outbox is written at once."""
import logging
import smtplib
import threading

import pytest

from forum.mail import services as mail
from tests import factories
from tests.conftest import login


@pytest.fixture
def app_overrides():
    return {"MAIL_SERVER": "smtp.invalid", "RATELIMIT_ENABLED": False}


@pytest.fixture
def smtp(monkeypatch):
    """A stand-in SMTP server that holds every message until `release` is set."""
    class Server:
        release = threading.Event()
        sent = []

        def send(self, app, message):
            self.release.wait(10)
            self.sent.append(message)

    server = Server()
    monkeypatch.setattr(mail, "_send_smtp", server.send)
    yield server
    server.release.set()
    mail.courier.flush(10)


def test_reset_request_answers_before_the_smtp_server_does(client, member, smtp):
    """Waiting for the server inside the request told, by timing, which emails have an account."""
    response = client.post("/reset", data={"email": member.email})
    assert response.status_code == 200 and smtp.sent == []  # answered while the server still holds the mail
    smtp.release.set()
    assert mail.courier.flush(10)
    [message] = smtp.sent
    assert message["To"] == member.email and "/reset/" in message.get_content()


def test_confirmation_resend_answers_before_the_smtp_server_does(client, db, smtp):
    applicant = factories.make_user(state="pending_email", email="p@example.org")
    db.session.commit()
    assert client.post("/confirm", data={"email": applicant.email}).status_code == 200 and smtp.sent == []
    smtp.release.set()
    assert mail.courier.flush(10) and [m["To"] for m in smtp.sent] == ["p@example.org"]


def test_a_failed_delivery_is_logged_without_the_body_and_the_next_one_goes(client, member, monkeypatch, caplog):
    sent, attempts = [], []

    def flaky(app, message):
        attempts.append(message)
        if len(attempts) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        sent.append(message)

    monkeypatch.setattr(mail, "_send_smtp", flaky)
    with caplog.at_level(logging.INFO, logger="forum.mail.services"):
        client.post("/reset", data={"email": member.email})
        client.post("/reset", data={"email": member.email})
        assert mail.courier.flush(10)
    assert len(attempts) == 2 and len(sent) == 1
    assert "Could not deliver mail to member@example.org: Reset your Curbside password" in caplog.text
    assert "SMTPServerDisconnected" in caplog.text
    assert "/reset/" not in caplog.text and attempts[0].get_content().split("/reset/")[1][:20] not in caplog.text


def test_the_queue_is_bounded_and_says_what_it_dropped(app, monkeypatch, caplog):
    release = threading.Event()
    monkeypatch.setattr(mail, "_send_smtp", lambda app, message: release.wait(10))
    courier = mail.Courier(maxsize=1)
    messages = []
    for n in range(4):
        message = mail.EmailMessage()
        message["To"], message["Subject"] = f"n{n}@example.org", f"Message {n}"
        messages.append(message)
    with caplog.at_level(logging.ERROR, logger="forum.mail.services"):
        courier.submit(app, messages[0])
        while courier._queue.qsize():  # the thread has taken the first message
            threading.Event().wait(0.01)
        for message in messages[1:]:
            courier.submit(app, message)
    assert "dropped mail to n2@example.org: Message 2" in caplog.text
    assert "dropped mail to n3@example.org" in caplog.text and "n1@example.org" not in caplog.text
    assert not courier.flush(0.05)  # still held by the server
    release.set()
    assert courier.flush(10)


def test_outbox_mail_is_written_before_the_request_returns(make_app, database_url, outbox, member):
    app = make_app(database_url, MAIL_SERVER=None, RATELIMIT_ENABLED=False)
    app.test_client().post("/reset", data={"email": member.email})
    assert [m["To"] for m in outbox()] == [member.email]


def test_mail_of_a_logged_in_action_is_sent_after_its_commit(client, member, smtp):
    login(client, member)
    new = "saffron lantern quietly 2077 orbit"
    response = client.post("/account/password", data={"current_password": factories.DEFAULT_PASSWORD,
                                                       "new_password": new, "new_password_confirm": new})
    assert response.status_code == 302
    smtp.release.set()
    assert mail.courier.flush(10)
    assert [m["Subject"] for m in smtp.sent] == ["Your Curbside password was changed"]
