"""The admin overview: what waits for a decision (applications, the moderation queue, stale
registry extracts) and the forum's activity, with exact figures; admins only."""
import re
from datetime import timedelta

from sqlalchemy import update

from forum.admin.dashboard import admin_dashboard
from forum.auth.models import AccountState
from forum.discussion.models import Post
from forum.extensions import db
from forum.registry.models import RegistryImport, RegistryRecord
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


def _written_days_ago(post, days):
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=utcnow() - timedelta(days=days)))


def _forum_with_history(admin):
    """Posts written 60, 20 and 3 days ago, in id order (as time gives them)."""
    author, other = factories.make_user(full_name="Amelia Author"), factories.make_user(full_name="Omar Other")
    category = df.make_category("Nephrology")
    old = df.start_thread(author, category, title="Old thread on dialysis timing")
    db.session.flush()
    _written_days_ago(mf.opening(old), 60)
    old.created_at = utcnow() - timedelta(days=60)
    for days in (20, 20):
        _written_days_ago(df.add_reply(other, old, body="A month-old reply."), days)
    recent = df.start_thread(other, category, title="Recent thread on hyperkalaemia")
    db.session.flush()
    _written_days_ago(mf.opening(recent), 3)
    recent.created_at = utcnow() - timedelta(days=3)
    reply = df.add_reply(author, recent, body="A reply this week.")
    db.session.commit()
    return author, other, recent, reply


def test_the_overview_counts_what_waits_and_what_was_written(app, admin, admin_client):
    author, other, recent, reply = _forum_with_history(admin)
    for _ in range(2):
        factories.make_user(state=AccountState.PENDING_REVIEW)
    factories.make_user(state=AccountState.PENDING_EMAIL)
    mf.report(other, reply)
    mf.report(factories.make_user(full_name="Third Reporter"), reply, reason="privacy")
    mf.held_reply(author, recent)
    db.session.commit()

    board = admin_dashboard(app.config)
    assert (board.pending_review, board.pending_email) == (2, 1)
    assert (board.open_reports, board.reported_posts, board.open_holds, board.open_appeals) == (2, 1, 1, 0)
    week, month = board.activity
    # the held reply was written now too; the 60-day-old opening post is in neither period
    assert (week.days, week.threads, week.posts, week.authors) == (7, 1, 3, 2)
    assert (month.days, month.threads, month.posts, month.authors) == (30, 1, 5, 2)
    # in all, what members may read: not the held reply, nor the one a privacy report hides
    assert board.threads_total == 2 and board.posts_total == 4

    page = " ".join(admin_client.get("/admin/").get_data(as_text=True).split())
    assert re.search(r"<strong>2</strong> applications waiting for registry review</a>", page)
    assert "1 more applicant yet to confirm their email" in page
    assert "1 reported post (2 open reports), 1 post held by the privacy screen, 0 appeals." in page
    assert "Every registry extract in use is within its refresh interval." in page
    activity = re.search(r'<tr><th scope="row">Posts written</th>(.*?)</tr>', page).group(1)
    assert re.findall(r">([\d,]+)</td>", activity) == ["3", "5", "4"]


def test_an_empty_forum_has_nothing_waiting(admin_client):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "No application is waiting for registry review." in page
    assert "The moderation queue is empty." in page


def test_a_stale_extract_is_named_on_the_overview(admin_client):
    db.session.add(RegistryRecord(registry_code="gmc", council="", identifier="7654321", family_name="Q"))
    db.session.add(RegistryImport(registry_code="gmc", source_name="gmc.csv", rows_read=1, rows_kept=1,
                                  started_at=utcnow() - timedelta(days=50), finished_at=utcnow() - timedelta(days=50)))
    db.session.commit()
    page = " ".join(admin_client.get("/admin/").get_data(as_text=True).split())
    assert "Stale</span>" in page and "(50 days)" in page
    assert "Applicants to that register are checked against old data." in page


def test_the_main_menu_leads_admins_to_the_overview(admin_client, moderator, app):
    page = admin_client.get("/forum").get_data(as_text=True)
    assert '<a href="/admin/">Admin</a>' in page
    assert '<a href="/admin/">Overview</a>' in admin_client.get("/admin/applications").get_data(as_text=True)
