"""The queue: one item per post, privacy first (holds and privacy reports), then by number of
reports, then oldest; each item with its context; a fixed number of queries."""
from datetime import timedelta

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.moderation import queries
from forum.moderation.models import Report, ReportReason
from forum.moderation.services import appeals, members, posts, reports
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator"),
              "reporters": [factories.make_user(full_name=f"Reporter {i}") for i in range(4)]}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], title="Sodium", body="Opening post.")
    db.session.commit()
    return thread


def reply(people, thread, body):
    post = df.add_reply(people["author"], thread, body=body)
    db.session.commit()
    return post


def age(post, minutes):
    for report in db.session.scalars(db.select(Report).where(Report.post_id == post.id)):
        report.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def test_the_queue_order(people, thread):
    r = people["reporters"]
    one_old = reply(people, thread, "One report, old.")
    one_new = reply(people, thread, "One report, new.")
    three = reply(people, thread, "Three reports.")
    privacy = reply(people, thread, "A privacy report.")
    held = mf.held_reply(people["author"], thread)
    db.session.commit()
    mf.report(r[0], one_old)
    age(one_old, 30)
    mf.report(r[0], one_new)
    for reporter in r[:3]:
        mf.report(reporter, three)
    mf.report(r[1], privacy, ReportReason.PRIVACY)
    age(privacy, 5)
    queue = queries.moderation_queue()
    order = [item.post.id for item in queue.items]
    # privacy items first (the held post is newer than the privacy report), then by count, then age
    assert order == [privacy.id, held.id, three.id, one_old.id, one_new.id]
    assert queue.waiting == 5
    first = queue.items[0]
    assert first.privacy and first.report_count == 1 and first.reports[0].reason == "privacy"
    held_item = queue.items[1]
    assert held_item.hold is not None and held_item.hold.findings
    assert queue.items[2].report_count == 3


def test_an_item_shows_the_post_before_the_history_and_the_notes(people, thread):
    before = reply(people, thread, "The post before.")
    target = reply(people, thread, "The reported post.")
    members.warn_member(people["moderator"], people["author"], "Mind the tone.")
    members.add_note(people["moderator"], people["author"], "Watch this one.")
    db.session.commit()
    mf.report(people["reporters"][0], target, ReportReason.HARASSMENT, "Bullying.")
    item = queries.moderation_queue().items[0]
    assert item.post.id == target.id and item.previous.id == before.id
    assert [e.action for e in item.history] == ["warn"]
    assert [n.body for n in item.notes] == ["Watch this one."]
    assert item.reports[0].explanation == "Bullying." and item.reports[0].reporter.id == people["reporters"][0].id


def test_decided_items_leave_the_queue_and_appeals_enter_it(people, thread):
    target = reply(people, thread, "Rude reply.")
    mf.report(people["reporters"][0], target)
    posts.remove_post(people["moderator"], target, ReportReason.UNPROFESSIONAL, "Rude.")
    db.session.commit()
    assert queries.moderation_queue().items == []
    appeals.file_appeal(people["author"], target, "Please reconsider.")
    db.session.commit()
    item = queries.moderation_queue().items[0]
    assert item.post.id == target.id and item.appeal is not None and item.report_count == 0


def test_the_false_privacy_count_is_in_the_queue(people, thread):
    first = reply(people, thread, "First.")
    second = reply(people, thread, "Second.")
    mf.report(people["reporters"][0], first, ReportReason.PRIVACY)
    reports.dismiss_reports(people["moderator"], first, "Nothing identifying.")
    db.session.commit()
    mf.report(people["reporters"][0], second, ReportReason.PRIVACY)
    queue = queries.moderation_queue()
    assert queue.false_privacy == {people["reporters"][0].id: 1}


def count_queries(app):
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    return statements, lambda: event.remove(engine, "before_cursor_execute", before)


def test_the_queue_runs_a_fixed_number_of_queries(app, people, thread):
    def fill(n):  # each round's words differ: the same words again would be refused as a repeat
        for i in range(n):
            post = reply(people, thread, f"Reported reply {n}.{i}.")
            for reporter in people["reporters"][:2]:
                mf.report(reporter, post, ReportReason.MISINFORMATION, "Wrong dose.")
        mf.held_reply(people["author"], thread, body=f"{mf.IDENTIFYING} Round {n}.")
        db.session.commit()

    fill(1)
    db.session.expire_all()
    statements, stop = count_queries(app)
    queries.moderation_queue()
    small = len(statements)
    stop()
    fill(6)
    db.session.expire_all()
    statements, stop = count_queries(app)
    queue = queries.moderation_queue()
    large = len(statements)
    stop()
    assert len(queue.items) == 9
    assert small == large <= 12
