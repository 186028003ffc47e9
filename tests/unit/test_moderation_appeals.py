"""Appeals without HTTP: once per removed post, decided by a moderator other than the one who
removed it (the same one only when nobody else could, with a note), with audit entries."""
import pytest
from sqlalchemy import select

from forum.auth.models import AccountState
from forum.discussion.models import PostStatus
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, ReportReason
from forum.moderation.services import appeals, posts, purge
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "other": factories.make_user(full_name="Otto Other"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def removed(people):
    thread = df.start_thread(people["author"], body="Opening post.")
    post = df.add_reply(people["author"], thread, body="A blunt reply.")
    db.session.commit()
    posts.remove_post(people["moderator"], post, ReportReason.UNPROFESSIONAL, "Rude to a colleague.")
    db.session.commit()
    return post


def test_the_author_appeals_once(people, removed):
    appeal = appeals.file_appeal(people["author"], removed, "I was quoting the guideline, not insulting.")
    db.session.commit()
    assert appeal.status == AppealStatus.OPEN and appeal.removed_by_id == people["moderator"].id
    entry = mf.audit("appeal.create")[-1]
    assert entry.actor_id == people["author"].id and entry.details["appeal_id"] == appeal.id
    assert "guideline" not in str(entry.details)
    with pytest.raises(Conflict) as caught:
        appeals.file_appeal(people["author"], removed, "Again.")
    assert caught.value.status == 409
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Appeal)) == 1


def test_only_the_author_of_a_removed_post_appeals(people, removed):
    with pytest.raises(NotAllowed):
        appeals.file_appeal(people["other"], removed, "Not mine.")
    visible = df.add_reply(people["author"], removed.thread, body="Still here.")
    db.session.commit()
    with pytest.raises(InvalidState):
        appeals.file_appeal(people["author"], visible, "Nothing removed.")
    for message in ("", "x" * 2001):
        with pytest.raises(ValidationFailed):
            appeals.file_appeal(people["author"], removed, message)


def test_a_purged_post_cannot_be_appealed(people, removed):
    purge.purge_post(people["moderator2"], removed, "Privacy.")
    db.session.commit()
    with pytest.raises(InvalidState):
        appeals.file_appeal(people["author"], removed, "Please.")


def test_the_remover_may_not_decide_while_another_moderator_exists(people, removed):
    appeal = appeals.file_appeal(people["author"], removed, "Please reconsider.")
    db.session.commit()
    with pytest.raises(NotAllowed):
        appeals.decide_appeal(people["moderator"], appeal, appeals.RESTORE, "I changed my mind.")
    db.session.rollback()
    appeals.decide_appeal(people["moderator2"], appeal, appeals.RESTORE, "Fair criticism, not rude.")
    db.session.commit()
    assert appeal.status == AppealStatus.GRANTED and appeal.decided_by_id == people["moderator2"].id
    assert removed.status == PostStatus.VISIBLE
    entry = mf.audit("appeal.decide")[-1]
    assert entry.details["decision"] == "restore" and entry.details["same_moderator"] is False
    assert mf.audit("post.restore")[-1].details["appeal_id"] == appeal.id
    with pytest.raises(InvalidState):
        appeals.decide_appeal(people["moderator2"], appeal, appeals.UPHOLD, "Again.")


def test_uphold_keeps_the_removal(people, removed):
    appeal = appeals.file_appeal(people["author"], removed, "Please reconsider.")
    db.session.commit()
    appeals.decide_appeal(people["moderator2"], appeal, appeals.UPHOLD, "It was rude.")
    db.session.commit()
    assert appeal.status == AppealStatus.UPHELD and removed.status == PostStatus.REMOVED
    assert mf.audit("appeal.decide")[-1].details["decision"] == "uphold"
    notices = mf.moderation_notices(people["author"])
    assert len(notices) == 2  # the removal, then the decision


def test_the_remover_decides_when_nobody_else_can(people, removed):
    appeal = appeals.file_appeal(people["author"], removed, "Please reconsider.")
    people["moderator2"].state = AccountState.REVOKED
    db.session.commit()
    appeals.decide_appeal(people["moderator"], appeal, appeals.UPHOLD, "Still rude.")
    db.session.commit()
    assert appeal.same_moderator is True
    entry = mf.audit("appeal.decide")[-1]
    assert entry.details["same_moderator"] is True and entry.details["note"]


def test_a_decision_needs_a_valid_choice_and_reason(people, removed):
    appeal = appeals.file_appeal(people["author"], removed, "Please reconsider.")
    db.session.commit()
    with pytest.raises(ValidationFailed):
        appeals.decide_appeal(people["moderator2"], appeal, "maybe", "Hmm.")
    with pytest.raises(ValidationFailed):
        appeals.decide_appeal(people["moderator2"], appeal, appeals.UPHOLD, "")
