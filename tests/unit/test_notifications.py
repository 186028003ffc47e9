"""Notification services: who is told about a new post, unread counts, marking read, and
title-and-link-only emails for members who opted in."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.auth.models import AccountState
from forum.discussion.rendering import quote_source
from forum.discussion.services import editing
from forum.errors import NotFound
from forum.extensions import db
from forum.moderation.services.reports import create_report
from forum.notifications import services
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.services import notify_new_post
from forum.timeutil import utcnow
from tests import factories
from tests.discussion_factories import add_reply, draft, start_thread
from tests.search_factories import make_post, make_thread, opening_post

SECRET_BODY = "Patient-adjacent detail that must never leave the forum by mail"


def kinds_for(post):
    rows = db.session.execute(select(Notification.user_id, Notification.kind)
                              .where(Notification.post_id == post.id)).all()
    return dict(rows)


@pytest.fixture
def people(db):
    names = ("author", "replier", "third", "fourth")
    users = {name: factories.make_user(full_name=f"Dr {name.title()}", handle=name) for name in names}
    db.session.commit()
    return users


def test_a_reply_notifies_the_thread_author(people):
    thread = make_thread(people["author"], title="Atrial fibrillation")
    reply = make_post(thread, people["replier"], "My view")
    created = notify_new_post(reply, [], [])
    db.session.commit()
    assert kinds_for(reply) == {people["author"].id: NotificationKind.REPLY}
    note = created[0]
    assert (note.actor_id, note.thread_id, note.post_id, note.read_at) == (
        people["replier"].id, thread.id, reply.id, None)


def test_an_opening_post_notifies_nobody_but_mentions(people):
    thread = make_thread(people["author"], title="New thread")
    assert notify_new_post(opening_post(thread), [], []) == []
    notify_new_post(opening_post(thread), [people["third"]], [])
    assert kinds_for(opening_post(thread)) == {people["third"].id: NotificationKind.MENTION}


def test_mentions_and_quotes_notify_their_people(people):
    thread = make_thread(people["author"], title="Heart failure")
    quoted = make_post(thread, people["third"], "Quotable")
    reply = make_post(thread, people["replier"], "Reply")
    notify_new_post(reply, [people["fourth"]], [quoted.id])
    assert kinds_for(reply) == {
        people["author"].id: NotificationKind.REPLY,
        people["third"].id: NotificationKind.QUOTE,
        people["fourth"].id: NotificationKind.MENTION,
    }


def test_one_notification_per_user_per_post(people):
    thread = make_thread(people["author"], title="One each")
    quoted = make_post(thread, people["author"], "Author's own reply")
    reply = make_post(thread, people["replier"], "Reply")
    notify_new_post(reply, [people["author"], people["author"]], [quoted.id, quoted.id, thread.id])
    assert kinds_for(reply) == {people["author"].id: NotificationKind.QUOTE}


def test_authors_are_never_notified_of_their_own_post(people):
    thread = make_thread(people["author"], title="Self")
    own = make_post(thread, people["author"], "Quoting myself")
    reply = make_post(thread, people["author"], "Again me")
    assert notify_new_post(reply, [people["author"]], [own.id]) == []


def test_only_members_are_notified(people):
    suspended = factories.make_user(state=AccountState.SUSPENDED)
    revoked = factories.make_user(state=AccountState.REVOKED)
    pending = factories.make_user(state=AccountState.PENDING_REVIEW)
    thread = make_thread(revoked, title="By a revoked author")
    reply = make_post(thread, people["replier"], "Reply")
    assert notify_new_post(reply, [suspended, pending, 987654], []) == []


def test_quotes_of_deleted_or_unknown_posts_notify_nobody(people):
    thread = make_thread(people["author"], title="Quotes")
    gone = make_post(thread, people["third"], "Deleted later")
    gone.deleted_at = utcnow()
    reply = make_post(thread, people["author"], "Reply")
    assert notify_new_post(reply, [], [gone.id, 99999, "junk", None]) == []


def test_unread_count_and_marking_read(people):
    thread = make_thread(people["author"], title="Counting")
    replies = [make_post(thread, people["replier"], f"Reply {i}") for i in range(3)]
    for reply in replies:
        notify_new_post(reply, [], [])
    db.session.commit()
    author = people["author"]
    assert services.unread_count(author) == 3
    notes, _ = services.list_notifications(author)
    services.mark_read(author, notes[0].id)
    assert services.unread_count(author) == 2
    assert services.mark_all_read(author) == 2
    assert services.unread_count(author) == 0
    assert services.unread_count(people["replier"]) == 0


def test_nobody_may_mark_another_users_notification(people):
    thread = make_thread(people["author"], title="Mine")
    note = notify_new_post(make_post(thread, people["replier"], "Reply"), [], [])[0]
    db.session.commit()
    with pytest.raises(NotFound):
        services.mark_read(people["third"], note.id)
    with pytest.raises(NotFound):
        services.mark_read(people["third"], 424242)
    assert services.mark_all_read(people["third"]) == 0
    assert services.unread_count(people["author"]) == 1


def test_notifications_of_deleted_posts_leave_the_list(people):
    thread = make_thread(people["author"], title="Withdrawn")
    reply = make_post(thread, people["replier"], "Regretted")
    notify_new_post(reply, [], [])
    reply.deleted_at = utcnow()
    db.session.commit()
    assert services.unread_count(people["author"]) == 0
    assert services.list_notifications(people["author"]) == ([], None)


def test_moderation_notices_stay_listed(people):
    thread = make_thread(people["author"], title="Moderated")
    post = opening_post(thread)
    post.status = "removed"
    note = services.notify_user(people["author"], NotificationKind.MODERATION, thread=thread, post=post)
    db.session.commit()
    assert services.list_notifications(people["author"])[0] == [note]
    assert services.unread_count(people["author"]) == 1


def test_list_pages_newest_first(people):
    thread = make_thread(people["author"], title="Many")
    for i in range(5):
        notify_new_post(make_post(thread, people["replier"], f"Reply {i}"), [], [])
    db.session.commit()
    first, before = services.list_notifications(people["author"], limit=2)
    second, before2 = services.list_notifications(people["author"], before_id=before, limit=2)
    third, before3 = services.list_notifications(people["author"], before_id=before2, limit=2)
    ids = [n.id for n in first + second + third]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5 and before3 is None


def test_email_is_sent_only_to_those_who_opted_in(people, outbox, app):
    services.set_email_preference(people["author"], True)
    services.set_email_preference(people["fourth"], False)
    thread = make_thread(people["author"], title="Anticoagulation in pregnancy")
    reply = make_post(thread, people["replier"], SECRET_BODY)
    notify_new_post(reply, [people["fourth"]], [])  # outside a request, as from a CLI command
    assert outbox() == []  # nothing leaves before the commit
    db.session.commit()
    messages = outbox()
    assert [m["To"] for m in messages] == [people["author"].email]
    body = messages[0].get_content()
    assert "Anticoagulation in pregnancy" in body
    note = db.session.scalar(select(Notification).where(Notification.user_id == people["author"].id))
    assert f"http://localhost/notifications/{note.id}" in body
    assert SECRET_BODY not in body and SECRET_BODY not in messages[0]["Subject"]
    assert people["replier"].full_name not in body


def test_a_rolled_back_post_sends_no_email(people, outbox, app):
    services.set_email_preference(people["author"], True)
    db.session.commit()
    thread = make_thread(people["author"], title="Rolled back")
    reply = make_post(thread, people["replier"], SECRET_BODY)
    with app.test_request_context():
        notify_new_post(reply, [], [])
    db.session.rollback()
    assert outbox() == []
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_email_preference_defaults_off_and_toggles(people):
    user = people["third"]
    assert services.email_enabled(user) is False
    services.set_email_preference(user, True)
    assert services.email_enabled(user) is True
    services.set_email_preference(user, False)
    assert services.email_enabled(user) is False


def test_the_discussion_services_notify_on_reply_mention_and_quote(people):
    """End to end through posting.create_reply: the hook passes mentions and quotes along."""
    thread = start_thread(people["author"], title="Through the services")
    quoted = add_reply(people["third"], thread, "Worth quoting")
    reply = add_reply(people["replier"], thread,
                      quote_source(quoted) + "Agreed, and @fourth should see this.")
    db.session.commit()
    assert kinds_for(reply) == {
        people["author"].id: NotificationKind.REPLY,
        people["third"].id: NotificationKind.QUOTE,
        people["fourth"].id: NotificationKind.MENTION,
    }
    assert kinds_for(quoted) == {people["author"].id: NotificationKind.REPLY}


# Who may see the post: a post out of members' sight (held, deleted, or in a thread whose
# opening post a privacy report hid) notifies and mails nobody, on every path that notifies.

def _privacy_hidden_thread(people, title="Hyponatraemia in an elderly patient"):
    """A thread out of members' sight: its opening post hidden by a patient privacy report."""
    thread = start_thread(people["author"], title=title)
    db.session.commit()
    create_report(people["fourth"], opening_post(thread), "privacy")
    db.session.commit()
    return thread


def test_a_reply_in_a_thread_out_of_sight_notifies_and_mails_nobody(people, outbox):
    services.set_email_preference(people["third"], True)
    thread = _privacy_hidden_thread(people)
    quoted = opening_post(thread)
    reply = add_reply(people["author"], thread, quote_source(quoted) + "Any thoughts, @third?")
    db.session.commit()
    assert kinds_for(reply) == {}
    assert [m for m in outbox() if m["To"] == people["third"].email] == []


def test_a_moderators_reply_in_a_thread_out_of_sight_notifies_nobody(people, outbox):
    moderator = factories.make_user(role="moderator", handle="mod.one")
    services.set_email_preference(people["author"], True)
    thread = _privacy_hidden_thread(people)
    reply = add_reply(moderator, thread, "Please edit the title, @author and @third.")
    db.session.commit()
    assert kinds_for(reply) == {}  # not even the thread's author (the list would not show it)
    assert [m for m in outbox() if "Hyponatraemia" in m.get_content()] == []


def test_approving_a_held_reply_in_a_thread_out_of_sight_notifies_only_its_author(people, outbox):
    from forum.moderation.services.posts import approve_held_post
    from tests.moderation_factories import IDENTIFYING, held_reply

    moderator = factories.make_user(role="moderator", handle="mod.one")
    services.set_email_preference(people["third"], True)
    thread = start_thread(people["author"], title="Falling sodium")
    held = held_reply(people["replier"], thread, IDENTIFYING + " Thoughts, @third?")
    db.session.commit()
    create_report(people["fourth"], opening_post(thread), "privacy")
    approve_held_post(moderator, held, "A published case report.")
    db.session.commit()
    assert kinds_for(held) == {people["replier"].id: NotificationKind.MODERATION}
    assert [m for m in outbox() if m["To"] == people["third"].email] == []


@pytest.mark.parametrize("change", ["held", "deleted", "hidden"])
def test_a_post_members_may_not_see_notifies_nobody(people, change):
    thread = make_thread(people["author"], title="Not for members' eyes")
    reply = make_post(thread, people["replier"], "Reply")
    if change == "deleted":
        reply.deleted_at = utcnow()
    else:
        reply.status = change
    assert notify_new_post(reply, [people["third"]], []) == []
    assert kinds_for(reply) == {}


def test_notifications_stored_before_their_thread_left_sight_are_not_listed(people):
    thread = start_thread(people["author"], title="Visible at first")
    reply = add_reply(people["replier"], thread, "A reply, @third.")
    db.session.commit()
    assert services.unread_count(people["third"]) == services.unread_count(people["author"]) == 1
    create_report(people["fourth"], opening_post(thread), "privacy")
    db.session.commit()
    assert kinds_for(reply) == {people["author"].id: NotificationKind.REPLY,
                                people["third"].id: NotificationKind.MENTION}
    assert services.unread_count(people["third"]) == 0
    assert services.list_notifications(people["third"]) == ([], None)
    listed, _ = services.list_notifications(people["author"])  # the report's notice only
    assert [n.kind for n in listed] == [NotificationKind.MODERATION]
    assert services.unread_count(people["author"]) == 1


# Edits: a member first mentioned (or quoted) by an edit is told once; nobody twice.

def test_a_mention_added_by_an_edit_notifies_once(people, outbox):
    services.set_email_preference(people["third"], True)
    thread = start_thread(people["author"], title="Edited mentions")
    reply = add_reply(people["replier"], thread, "Asking @thrid for an opinion.")
    db.session.commit()
    assert kinds_for(reply) == {people["author"].id: NotificationKind.REPLY}
    editing.edit_post(people["replier"], reply, draft("Asking @third for an opinion."))
    db.session.commit()
    assert kinds_for(reply) == {people["author"].id: NotificationKind.REPLY,
                                people["third"].id: NotificationKind.MENTION}
    assert len([m for m in outbox() if m["To"] == people["third"].email]) == 1
    for body in ("Asking @third for an opinion, please.", "Asking nobody.",
                 "Asking @third again, and @author."):
        editing.edit_post(people["replier"], reply, draft(body))
        db.session.commit()
    rows = db.session.scalars(select(Notification).where(Notification.post_id == reply.id)).all()
    assert sorted((n.user_id, n.kind) for n in rows) == sorted([
        (people["author"].id, NotificationKind.REPLY), (people["third"].id, NotificationKind.MENTION)])
    assert len([m for m in outbox() if m["To"] == people["third"].email]) == 1


def test_approving_a_held_edit_notifies_those_it_newly_mentions(people):
    from forum.moderation.services.posts import approve_held_post
    from tests.moderation_factories import EXPLANATION, IDENTIFYING

    moderator = factories.make_user(role="moderator", handle="mod.one")
    thread = start_thread(people["author"], title="A held edit")
    reply = add_reply(people["replier"], thread, "First words, @fourth.")
    db.session.commit()
    edit = draft(IDENTIFYING + " Thoughts, @third and @fourth?")
    edit.privacy_declared, edit.privacy_explanation = True, EXPLANATION
    editing.edit_post(people["replier"], reply, edit)
    db.session.commit()
    assert people["third"].id not in kinds_for(reply)
    approve_held_post(moderator, reply, "A published case report.")
    db.session.commit()
    assert kinds_for(reply) == {people["author"].id: NotificationKind.REPLY,
                                people["fourth"].id: NotificationKind.MENTION,
                                people["third"].id: NotificationKind.MENTION,
                                people["replier"].id: NotificationKind.MODERATION}


# Mentions resolve as is_member says, and never to a member the name does not spell.

def test_a_member_whose_suspension_has_ended_can_be_mentioned(people):
    served = factories.make_user(state=AccountState.SUSPENDED, handle="sam.served",
                                 suspended_until=utcnow() - timedelta(hours=1))
    current = factories.make_user(state=AccountState.SUSPENDED, handle="sue.current",
                                  suspended_until=utcnow() + timedelta(hours=1))
    thread = start_thread(people["author"], body="What do you think, @sam.served and @sue.current?")
    db.session.commit()
    post = opening_post(thread)
    assert kinds_for(post) == {served.id: NotificationKind.MENTION}
    assert 'href="/members/sam.served"' in post.body_html
    assert 'href="/members/sue.current"' not in post.body_html


def test_an_accented_mention_notifies_the_member_it_spells_never_a_shorter_handle(people):
    jos = factories.make_user(full_name="Jos Short", handle="jos")
    jose = factories.make_user(full_name="José García", handle="jose.garcia")
    thread = start_thread(people["author"], body="Thanks @José.García, and @Weiß.")
    db.session.commit()
    post = opening_post(thread)
    assert kinds_for(post) == {jose.id: NotificationKind.MENTION}
    assert '<a href="/members/jose.garcia" class="mention"' in post.body_html
    assert "@José.García</a>" in post.body_html and "/members/jos\"" not in post.body_html
    assert jos.id not in kinds_for(post)


def test_names_in_code_do_not_crowd_out_a_real_mention(people):
    code = "\n".join(f"    @a{i:03d}" for i in range(600))
    thread = start_thread(people["author"], body=f"Config:\n\n{code}\n\n`@b1 @b2`\n\nAnd @third?")
    db.session.commit()
    post = opening_post(thread)
    assert kinds_for(post) == {people["third"].id: NotificationKind.MENTION}
    assert 'href="/members/third"' in post.body_html
