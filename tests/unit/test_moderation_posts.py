"""Moderator actions on posts without HTTP: approve a held post, remove, restore, redact,
remove every post of an account. Each: its effects on visibility (members, search, profiles),
notifications and mail, refusal on own and admins' posts, idempotency, and its audit entry."""
import pytest
from sqlalchemy import select

from forum.discussion import queries as discussion_queries
from forum.discussion.models import PostRevision, PostStatus
from forum.errors import InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import ModerationEvent, ReportReason, ReportStatus
from forum.moderation.services import posts
from forum.privacy.holds import open_hold_for
from forum.privacy.models import HoldOutcome
from forum.search import services as search
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], title="Hyponatraemia on sertraline",
                             body="Opening question about sodium.")
    db.session.commit()
    return thread


@pytest.fixture
def reply(people, thread, unique):
    post = df.add_reply(people["author"], thread, body=f"Consider {unique('zqk')} and fluid restriction.")
    db.session.commit()
    return post


def word_of(post):
    return next(w for w in post.body_source.split() if w.startswith("zq"))


def test_remove_hides_the_post_and_keeps_its_text(people, reply, outbox):
    word = word_of(reply)
    assert search.search(people["reader"], word).hits
    mf.report(people["reporter"], reply, ReportReason.UNPROFESSIONAL)
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Insulting a colleague.")
    db.session.commit()
    assert reply.status == PostStatus.REMOVED and reply.removal_category == "unprofessional"
    assert word in reply.body_source  # kept for moderators and appeals
    for viewer in ("reader", "moderator", "author"):
        assert not search.search(people[viewer], word).hits
        assert not search.can_see_post(people[viewer], reply)
    assert reply not in discussion_queries.recent_posts(people["author"])
    entry = mf.audit("post.remove")[-1]
    assert entry.actor_id == people["moderator"].id and entry.target_id == str(reply.id)
    assert entry.reason == "Insulting a colleague."
    assert entry.details["category"] == "unprofessional" and entry.details["previous_status"] == "visible"
    assert word not in str(entry.details) and word not in entry.target_label
    assert len(mf.moderation_notices(people["author"])) == 1
    assert len(mf.moderation_notices(people["reporter"])) == 1
    mails = [m for m in outbox() if m["To"] == people["author"].email]
    assert mails and mails[-1]["Subject"] == "A post of yours was removed"
    body = mails[-1].get_content()
    assert "Unprofessional conduct" in body and "Insulting a colleague." in body and word not in body
    event = db.session.scalars(select(ModerationEvent)).one()
    assert event.subject_id == people["author"].id and event.action == "remove"


def test_remove_upholds_open_reports(people, reply):
    mf.report(people["reporter"], reply, ReportReason.HARASSMENT)
    posts.remove_post(people["moderator"], reply, ReportReason.HARASSMENT, "Harassment.")
    db.session.commit()
    from forum.moderation.models import Report
    report = db.session.scalars(select(Report)).one()
    assert report.status == ReportStatus.UPHELD and report.outcome == "removed"
    assert mf.audit("post.remove")[-1].details["report_ids"] == [report.id]


def test_removing_twice_says_so_and_writes_nothing(people, reply):
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Rude.")
    db.session.commit()
    before = len(mf.audit())
    with pytest.raises(InvalidState) as caught:
        posts.remove_post(people["moderator2"], reply, ReportReason.UNPROFESSIONAL, "Rude.")
    assert caught.value.status == 409 and "already removed" in caught.value.message
    db.session.rollback()
    assert len(mf.audit()) == before
    assert db.session.scalar(select(db.func.count()).select_from(ModerationEvent)) == 1


@pytest.mark.parametrize("category, reason, field", [
    ("bogus", "Rude.", "category"), ("unprofessional", "", "reason"),
    ("unprofessional", "x" * 1001, "reason")])
def test_remove_needs_a_category_and_a_reason(people, reply, category, reason, field):
    with pytest.raises(ValidationFailed) as caught:
        posts.remove_post(people["moderator"], reply, category, reason)
    assert caught.value.field == field
    db.session.rollback()
    assert reply.status == PostStatus.VISIBLE and mf.audit("post.remove") == []


def test_moderators_cannot_act_on_their_own_or_an_admins_posts(people, thread):
    own = df.add_reply(people["moderator"], thread, body="My view on sodium.")
    admins = df.add_reply(people["admin"], thread, body="An admin's view on sodium.")
    db.session.commit()
    for target in (own, admins):
        with pytest.raises(NotAllowed):
            posts.remove_post(people["moderator"], target, ReportReason.OTHER, "No.")
        with pytest.raises(NotAllowed):
            posts.redact_post(people["moderator"], target, "Changed.", "No.")
    with pytest.raises(NotAllowed):
        posts.remove_post(people["admin"], admins, ReportReason.OTHER, "Own post.")
    db.session.rollback()
    posts.remove_post(people["admin"], own, ReportReason.OTHER, "Admins act on moderators.")
    db.session.commit()
    assert own.status == PostStatus.REMOVED
    assert [(e.actor_id, e.target_id) for e in mf.audit("post.remove")] == [(people["admin"].id, str(own.id))]


def test_members_cannot_remove(people, reply):
    with pytest.raises(NotAllowed):
        posts.remove_post(people["reader"], reply, ReportReason.OTHER, "I do not like it.")


def test_restore_shows_the_post_again(people, reply):
    word = word_of(reply)
    posts.remove_post(people["moderator"], reply, ReportReason.MISINFORMATION, "Unsupported claim.")
    db.session.commit()
    posts.restore_post(people["moderator2"], reply, "The claim has a source after all.")
    db.session.commit()
    assert reply.status == PostStatus.VISIBLE and reply.removal_category is None
    assert search.search(people["reader"], word).hits
    assert reply in discussion_queries.recent_posts(people["author"])
    entry = mf.audit("post.restore")[-1]
    assert entry.actor_id == people["moderator2"].id and entry.details["removal_category"] == "misinformation"
    with pytest.raises(InvalidState):
        posts.restore_post(people["moderator2"], reply, "Again.")


def test_restore_refuses_posts_that_were_not_removed(people, reply):
    with pytest.raises(InvalidState) as caught:
        posts.restore_post(people["moderator"], reply, "Nothing to restore.")
    assert caught.value.status == 409


def test_approve_publishes_a_held_post(people, thread):
    held = mf.held_reply(people["author"], thread)
    db.session.commit()
    assert held.status == PostStatus.HELD
    posts.approve_held_post(people["moderator"], held, "A published case report, not a patient.")
    db.session.commit()
    assert held.status == PostStatus.VISIBLE
    assert mf.audit("post.approve_held")[-1].actor_id == people["moderator"].id
    with pytest.raises(InvalidState):
        posts.approve_held_post(people["moderator"], held, "Again.")


def test_removing_a_held_post_closes_its_hold(people, thread):
    held = mf.held_reply(people["author"], thread)
    db.session.commit()
    hold = open_hold_for(held)
    posts.remove_post(people["moderator"], held, ReportReason.PRIVACY, "It does identify the patient.")
    db.session.commit()
    assert hold.outcome == HoldOutcome.REMOVED and held.status == PostStatus.REMOVED
    assert mf.audit("privacy_hold.close")[-1].details["post_id"] == held.id
    assert mf.audit("post.remove")[-1].details["hold_id"] == hold.id
    # never published: a restore cannot publish it behind the screen's back
    with pytest.raises(InvalidState) as caught:
        posts.restore_post(people["moderator2"], held, "Try again.")
    assert "never" in caught.value.message or "before it was ever published" in caught.value.message


def test_redact_keeps_the_old_version_for_moderators_only(people, reply):
    word = word_of(reply)
    mf.report(people["reporter"], reply, ReportReason.PRIVACY)
    assert reply.status == PostStatus.HIDDEN
    posts.redact_post(people["moderator"], reply, "Consider [redacted] and fluid restriction.",
                      "Removed an identifier.")
    db.session.commit()
    assert reply.status == PostStatus.VISIBLE and reply.redacted_at is not None
    assert word not in reply.body_source and "[redacted]" in reply.body_html
    revision = db.session.scalars(select(PostRevision).where(PostRevision.post_id == reply.id)).one()
    assert revision.moderator_only and word in revision.body_source
    assert revision.replaced_by_id == people["moderator"].id
    assert discussion_queries.revisions_of(reply, people["author"]) == []
    assert discussion_queries.revisions_of(reply, people["moderator2"]) == [revision]
    assert not search.search(people["reader"], word).hits
    assert search.search(people["reader"], "fluid restriction").hits
    entry = mf.audit("post.redact")[-1]
    assert entry.details["revision"] == revision.number and entry.details["previous_status"] == "hidden"
    assert word not in str(entry.details)
    with pytest.raises(InvalidState):  # the same text again: nothing to redact
        posts.redact_post(people["moderator"], reply, reply.body_source, "Again.")


def test_redact_refuses_empty_text(people, reply):
    with pytest.raises(ValidationFailed) as caught:
        posts.redact_post(people["moderator"], reply, "   ", "Empty.")
    assert caught.value.field == "body"


def test_admins_remove_every_post_of_an_account(people, thread):
    first = mf.opening(thread)
    second = df.add_reply(people["author"], thread, body="Second post.")
    third = df.add_reply(people["author"], thread, body="Third post.")
    df.add_reply(people["reader"], thread, body="Someone else's post.")
    db.session.commit()
    removed = posts.remove_all_posts(people["admin"], people["author"], ReportReason.OTHER,
                                     "Compromised account posting spam.")
    db.session.commit()
    assert {p.id for p in removed} == {first.id, second.id, third.id}
    assert all(p.status == PostStatus.REMOVED for p in removed)
    per_post = mf.audit("post.remove")
    assert sorted(int(e.target_id) for e in per_post) == sorted(p.id for p in removed)
    assert all(e.details["bulk"] for e in per_post)
    summary = mf.audit("account.remove_posts")[-1]
    assert summary.target_id == str(people["author"].id) and len(summary.details["post_ids"]) == 3
    with pytest.raises(InvalidState):
        posts.remove_all_posts(people["admin"], people["author"], ReportReason.OTHER, "Again.")


def test_only_admins_remove_every_post(people, thread):
    for actor, target in ((people["moderator"], people["author"]), (people["admin"], people["admin"])):
        with pytest.raises(NotAllowed):
            posts.remove_all_posts(actor, target, ReportReason.OTHER, "No.")
