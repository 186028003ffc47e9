"""The weekly summary mail: opt-in, the week's listable threads only (titles and links, never post
text), at most one a week per member whoever runs the command, and stopped by the one-click
unsubscribe like every optional mail."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.auth.models import AccountState
from forum.discussion.models import Thread
from forum.extensions import db
from forum.notifications import digest, services
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf

SECRET_BODY = "The body text that must never leave the forum by mail."


@pytest.fixture
def week(db):
    """Three threads this week (one with two replies), one a month old, one held for review."""
    author, other = factories.make_user(full_name="Amelia Author"), factories.make_user(full_name="Omar Other")
    category = df.make_category("Nephrology")
    quiet = df.start_thread(author, category, title="Quiet thread on dialysis access", body=SECRET_BODY)
    busy = df.start_thread(other, category, title="Busy thread on hyperkalaemia", body=SECRET_BODY)
    for n in range(2):
        df.add_reply(author, busy, body=f"{SECRET_BODY} ({n})")
    mine = df.start_thread(other, category, title="A thread by the reader")
    old = df.start_thread(author, category, title="Month-old thread on sodium")
    mf.held_thread(author, category, title="Held thread naming a patient")
    db.session.flush()
    db.session.execute(update(Thread).where(Thread.id == old.id)
                       .values(created_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    return {"quiet": quiet, "busy": busy, "mine": mine, "other": other}


def reader(state=AccountState.VERIFIED, digest_on=True, user=None):
    user = user or factories.make_user(state=state)
    services.set_mail_preferences(user, digest=digest_on)
    db.session.commit()
    return user


def digests(outbox, user):
    return [m for m in outbox() if m["To"] == user.email]


def test_the_summary_lists_the_weeks_listable_threads_most_discussed_first(app, week, outbox):
    member = reader()
    assert digest.send_digests() >= 1
    db.session.commit()
    [mail] = digests(outbox, member)
    text = mail.get_content()
    assert mail["Subject"] == "This week on Curbside: 3 new threads"
    assert text.index("Busy thread on hyperkalaemia") < text.index("Quiet thread on dialysis access")
    assert "2 replies" in text and f"/t/{week['busy'].id}" in text
    assert "Month-old" not in text and "Held thread" not in text
    assert SECRET_BODY not in text
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_members_own_threads_are_left_out_of_theirs(app, week, outbox):
    author = reader(user=week["other"])
    digest.send_digests()
    db.session.commit()
    [mail] = digests(outbox, author)
    text = mail.get_content()
    assert "Quiet thread on dialysis access" in text and "Busy thread" not in text and "by the reader" not in text


def test_only_members_who_asked_and_are_verified_get_one(app, week, outbox):
    asked, unasked = reader(), reader(digest_on=False)
    suspended = reader(state=AccountState.SUSPENDED)
    digest.send_digests()
    db.session.commit()
    assert len(digests(outbox, asked)) == 1
    assert digests(outbox, unasked) == [] and digests(outbox, suspended) == []


def test_one_a_week_however_often_the_command_runs(app, week, outbox, runner):
    member = reader()
    assert "Weekly summaries sent: 1." in runner.invoke(args=["notifications", "send-digests"]).output
    assert "Weekly summaries sent: 0." in runner.invoke(args=["notifications", "send-digests"]).output
    assert len(digests(outbox, member)) == 1
    assert digest.send_digests(utcnow() + timedelta(days=5)) == 0
    assert digest.send_digests(utcnow() + timedelta(days=6, minutes=1)) == 1


def test_a_week_with_no_new_thread_sends_nothing(app, db, outbox):
    member = reader()
    assert digest.send_digests() == 0
    db.session.commit()
    assert digests(outbox, member) == []


def test_settings_turn_the_summary_on_and_unsubscribe_turns_every_optional_mail_off(
        app, member, member_client, week, outbox):
    response = member_client.post("/notifications/settings", data={"digest_enabled": "y"}, follow_redirects=True)
    assert "The weekly summary is on" in response.get_data(as_text=True)
    assert services.digest_enabled(member) is True and services.email_enabled(member) is False
    digest.send_digests()
    db.session.commit()
    [mail] = digests(outbox, member)
    path = mail["List-Unsubscribe"][1:-1].replace("http://localhost", "")
    page = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"}).get_data(as_text=True)
    assert "and so is the weekly summary" in page
    db.session.expire_all()
    assert services.digest_enabled(member) is False
