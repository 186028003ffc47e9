"""Reports without HTTP: who may report what, one open report per member per post, privacy
reports hide the post at once, dismissal, the false-privacy count, and their audit entries."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.discussion.models import PostStatus
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.moderation.models import Report, ReportReason, ReportStatus
from forum.moderation.services import reports
from forum.search import services as search
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
              "other": factories.make_user(full_name="Otto Other"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


@pytest.fixture
def post(people):
    thread = df.start_thread(people["author"], title="Hyponatraemia on sertraline",
                             body="Sodium fell to 124 on sertraline.")
    db.session.commit()
    return mf.opening(thread)


def test_a_member_reports_a_post_and_the_report_is_audited(people, post):
    report = mf.report(people["reporter"], post, ReportReason.MISINFORMATION, "The dose is wrong.")
    assert report.status == ReportStatus.OPEN and report.explanation == "The dose is wrong."
    assert post.status == PostStatus.VISIBLE
    entry = mf.audit("report.create")[-1]
    assert entry.actor_id == people["reporter"].id and entry.target_id == str(post.id)
    assert entry.details == {"report_id": report.id, "reason": "misinformation", "hid_post": False}
    assert "dose" not in str(entry.details) and entry.reason == ""


def test_own_post_cannot_be_reported(people, post):
    with pytest.raises(NotAllowed):
        reports.create_report(people["author"], post, ReportReason.UNPROFESSIONAL)
    db.session.rollback()
    assert mf.audit("report.create") == []


def test_one_open_report_per_member_per_post(people, post):
    mf.report(people["reporter"], post)
    with pytest.raises(Conflict) as caught:
        reports.create_report(people["reporter"], post, ReportReason.HARASSMENT)
    assert caught.value.status == 409 and "already reported" in caught.value.message
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 1
    # another member may report the same post
    mf.report(people["other"], post)


def test_the_database_refuses_a_second_open_report(people, post):
    mf.report(people["reporter"], post)
    db.session.add(Report(post_id=post.id, reporter_id=people["reporter"].id, reason="other",
                          explanation="x", status=ReportStatus.OPEN))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_decided_report_allows_a_new_one(people, post):
    mf.report(people["reporter"], post)
    reports.dismiss_reports(people["moderator"], post, "Nothing wrong here.")
    db.session.commit()
    again = mf.report(people["reporter"], post, ReportReason.CONFLICT)
    assert again.status == ReportStatus.OPEN
    assert [e.action for e in mf.audit()] == ["report.create", "reports.dismiss", "report.create"]


@pytest.mark.parametrize("reason, explanation, field", [
    ("nonsense", "", "reason"), ("other", "", "explanation"), ("other", "   ", "explanation"),
    ("unprofessional", "x" * 1001, "explanation")])
def test_bad_reports_are_refused_and_nothing_is_stored(people, post, reason, explanation, field):
    with pytest.raises(ValidationFailed) as caught:
        reports.create_report(people["reporter"], post, reason, explanation)
    assert caught.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 0


def test_other_needs_an_explanation_and_gets_one(people, post):
    report = mf.report(people["reporter"], post, ReportReason.OTHER, "Spam for a clinic.")
    assert report.reason_label == "Other"
    assert mf.audit("report.create")[-1].details["reason"] == "other"


def test_non_members_cannot_report(people, post):
    suspended = factories.make_user(state="suspended")
    with pytest.raises(NotAllowed):
        reports.create_report(suspended, post, ReportReason.UNPROFESSIONAL)


def test_a_privacy_report_hides_the_post_at_once(people, post, unique):
    word = unique("zqv")
    post.body_html = f"<p>{word}</p>"
    search.index_post(post)
    db.session.commit()
    assert search.search(people["other"], word).hits
    report = mf.report(people["reporter"], post, ReportReason.PRIVACY)
    assert post.status == PostStatus.HIDDEN
    assert not search.search(people["other"], word).hits
    assert not search.search(people["moderator"], word).hits
    assert not search.can_see_post(people["other"], post)
    entry = mf.audit("report.create")[-1]
    assert entry.details["hid_post"] is True and entry.details["report_id"] == report.id
    # the author is told, without the reporter's name
    notices = mf.moderation_notices(people["author"])
    assert len(notices) == 1 and notices[0].actor_id is None


def test_a_hidden_post_cannot_be_reported_again(people, post):
    mf.report(people["reporter"], post, ReportReason.PRIVACY)
    with pytest.raises(InvalidState):
        reports.create_report(people["other"], post, ReportReason.UNPROFESSIONAL)


def test_dismissing_shows_a_hidden_post_again_and_tells_everyone(people, post, unique):
    word = unique("zqw")
    post.body_html = f"<p>{word}</p>"
    db.session.commit()
    mf.report(people["other"], post, ReportReason.UNPROFESSIONAL)
    mf.report(people["reporter"], post, ReportReason.PRIVACY)
    closed = reports.dismiss_reports(people["moderator"], post, "No patient is identifiable.")
    db.session.commit()
    assert post.status == PostStatus.VISIBLE
    assert search.search(people["other"], word).hits
    assert {r.status for r in closed} == {ReportStatus.DISMISSED}
    assert all(r.resolved_by_id == people["moderator"].id for r in closed)
    entry = mf.audit("reports.dismiss")[-1]
    assert entry.actor_id == people["moderator"].id and entry.reason == "No patient is identifiable."
    assert sorted(entry.details["report_ids"]) == sorted(r.id for r in closed)
    assert entry.details["shown_again"] is True
    assert len(mf.moderation_notices(people["reporter"])) == 1
    assert len(mf.moderation_notices(people["other"])) == 1
    assert len(mf.moderation_notices(people["author"])) == 2  # hidden, then dismissed


def test_dismissing_twice_says_so_and_writes_nothing(people, post):
    mf.report(people["reporter"], post)
    reports.dismiss_reports(people["moderator"], post, "Fine.")
    db.session.commit()
    before = len(mf.audit())
    with pytest.raises(InvalidState) as caught:
        reports.dismiss_reports(people["moderator"], post, "Fine.")
    assert caught.value.status == 409
    db.session.rollback()
    assert len(mf.audit()) == before


def test_false_privacy_reports_are_counted(people, post):
    other_post = df.add_reply(people["other"], post.thread, body="Check the TSH as well.")
    db.session.commit()
    for target in (post, other_post):
        mf.report(people["reporter"], target, ReportReason.PRIVACY)
        reports.dismiss_reports(people["moderator"], target, "Nothing identifying.")
        db.session.commit()
    mf.report(people["other"], post, ReportReason.PRIVACY)
    counts = reports.false_privacy_counts([people["reporter"].id, people["other"].id])
    assert counts == {people["reporter"].id: 2}


def test_moderators_cannot_dismiss_reports_on_their_own_or_an_admins_post(people):
    own = mf.opening(df.start_thread(people["moderator"], body="My own post."))
    admins = mf.opening(df.start_thread(people["admin"], body="An admin's post."))
    db.session.commit()
    mf.report(people["reporter"], own)
    mf.report(people["reporter"], admins)
    for target in (own, admins):
        with pytest.raises(NotAllowed):
            reports.dismiss_reports(people["moderator"], target, "Fine.")
    reports.dismiss_reports(people["admin"], own, "Fine.")  # admins act on moderators
    db.session.commit()
    assert mf.audit("reports.dismiss")[-1].actor_id == people["admin"].id


def test_dismissal_needs_a_reason(people, post):
    mf.report(people["reporter"], post)
    for reason in ("", "  ", "x" * 1001):
        with pytest.raises(ValidationFailed):
            reports.dismiss_reports(people["moderator"], post, reason)
    db.session.rollback()
    assert mf.audit("reports.dismiss") == []
