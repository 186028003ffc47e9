"""Reporting through the pages: the Report link on each post, the form, the one-open-report
rule, own posts refused, forged ids, a privacy report hiding the post at once, the reporter
told the outcome and the author never told who reported, CSRF and the rate limit."""
import re

import pytest
from sqlalchemy import select

from forum.discussion.models import PostStatus
from forum.extensions import db
from forum.moderation.models import Report, ReportStatus
from forum.moderation.services import reports
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.conftest import login


@pytest.fixture
def author(db):
    user = factories.make_user(full_name="Ann Author", handle="ann.author")
    db.session.commit()
    return user


@pytest.fixture
def thread(author, unique):
    thread = df.start_thread(author, title="Sodium on sertraline",
                             body=f"Sodium fell to 124; {unique('zqr')} suspected.")
    db.session.commit()
    return thread


@pytest.fixture
def post(thread):
    return mf.opening(thread)


def client_for(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_each_post_has_a_report_link_but_ones_own(app, member_client, author, thread, post):
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert f'href="/posts/{post.id}/report"' in page
    own = client_for(app, author).get(f"/t/{thread.id}").get_data(as_text=True)
    assert f"/posts/{post.id}/report" not in own


def test_the_report_form_has_every_reason_labelled(member_client, post):
    page = member_client.get(f"/posts/{post.id}/report").get_data(as_text=True)
    for label in ("Patient privacy breach", "Unprofessional conduct",
                  "Inaccurate or unsupported medical information", "Cyberbullying or harassment",
                  "Derogatory remark about a patient", "Discriminatory language",
                  "Undisclosed conflict of interest or advertising", "Misrepresented credentials", "Other"):
        assert label in page
    for match in re.finditer(r'<input[^>]*id="([^"]+)"[^>]*type="radio"|<input[^>]*type="radio"[^>]*id="([^"]+)"', page):
        assert f'for="{match.group(1) or match.group(2)}"' in page


def test_a_member_reports_a_post(member_client, member, post):
    response = member_client.post(f"/posts/{post.id}/report",
                                  data={"reason": "misinformation", "explanation": "Wrong threshold."})
    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    assert (report.reporter_id, report.reason, report.status) == (member.id, "misinformation", "open")
    assert mf.audit("report.create")[-1].actor_id == member.id


def test_a_second_open_report_is_refused_clearly(member_client, post):
    member_client.post(f"/posts/{post.id}/report", data={"reason": "unprofessional"})
    response = member_client.post(f"/posts/{post.id}/report", data={"reason": "harassment"})
    assert response.status_code == 409
    assert "already reported" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 1


def test_own_post_report_is_refused(app, author, post):
    client = client_for(app, author)
    assert client.get(f"/posts/{post.id}/report").status_code == 403
    assert client.post(f"/posts/{post.id}/report", data={"reason": "other", "explanation": "x"}).status_code == 403
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 0


@pytest.mark.parametrize("data", [{}, {"reason": "bogus"}, {"reason": "other"},
                                  {"reason": "other", "explanation": "x" * 1001}])
def test_bad_input_is_refused_and_nothing_stored(member_client, post, data):
    response = member_client.post(f"/posts/{post.id}/report", data=data)
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 0


def test_forged_ids_are_404(member_client):
    assert member_client.get("/posts/999999/report").status_code == 404
    assert member_client.post("/posts/999999/report", data={"reason": "other"}).status_code == 404


def test_a_privacy_report_hides_the_post_at_once(app, member_client, author, thread, unique):
    word = unique("zqr")
    post = df.add_reply(author, thread, body=f"Sodium fell further; {word} suspected.")
    reader = factories.make_user(full_name="Rex Reader")
    moderator = factories.make_user(full_name="Mo Derator", role="moderator")
    db.session.commit()
    response = member_client.post(f"/posts/{post.id}/report", data={"reason": "privacy"})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PostStatus.HIDDEN
    clients = {viewer.id: client_for(app, viewer) for viewer in (reader, moderator, author)}
    for client in clients.values():
        page = client.get(f"/t/{thread.id}").get_data(as_text=True)
        assert word not in page
        assert "hidden while moderators review a patient privacy report" in page
        results = client.get(f"/search?q={word}").get_data(as_text=True)
        assert f'href="/posts/{post.id}"' not in results and 'class="search-hit"' not in results
    page = clients[moderator.id].get(f"/t/{thread.id}").get_data(as_text=True)
    assert f'href="/moderation/posts/{post.id}"' in page


def test_the_author_never_learns_who_reported(app, member_client, member, author, post):
    member_client.post(f"/posts/{post.id}/report", data={"reason": "privacy"})
    client = client_for(app, author)
    for path in ("/notifications", "/account/moderation", f"/t/{post.thread_id}"):
        page = client.get(path).get_data(as_text=True)
        assert member.full_name not in page and member.email not in page, path


def test_the_reporter_is_told_the_outcome(app, member_client, member, post):
    member_client.post(f"/posts/{post.id}/report", data={"reason": "unprofessional"})
    moderator = factories.make_user(role="moderator")
    db.session.commit()
    reports.dismiss_reports(moderator, post, "Robust but professional.")
    db.session.commit()
    assert len(mf.moderation_notices(member)) == 1
    page = member_client.get("/account/moderation").get_data(as_text=True)
    assert "dismissed: no rule was broken" in page
    assert db.session.scalars(select(Report)).one().status == ReportStatus.DISMISSED


@pytest.mark.parametrize("app_overrides", [{"REPORT_LIMIT": "2 per hour"}])
def test_reports_are_rate_limited(app, member_client, author, thread):
    posts = [df.add_reply(author, thread, body=f"Reply {i}.") for i in range(3)]
    db.session.commit()
    codes = [member_client.post(f"/posts/{p.id}/report", data={"reason": "unprofessional"}).status_code
             for p in posts]
    assert codes == [302, 302, 429]
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 2


def csrf_login(app, user):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD,
                                "csrf_token": token})
    return client


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_a_report_needs_a_csrf_token(app, member, post):
    client = csrf_login(app, member)
    response = client.post(f"/posts/{post.id}/report", data={"reason": "unprofessional"})
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Report)) == 0
    assert 'name="csrf_token"' in client.get(f"/posts/{post.id}/report").get_data(as_text=True)


def test_members_see_a_tombstone_with_the_reason_after_removal(app, member_client, author, thread, post):
    from forum.moderation.services import posts
    moderator = factories.make_user(role="moderator")
    db.session.commit()
    posts.remove_post(moderator, post, "harassment", "Bullying a colleague.")
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "removed by a moderator: Cyberbullying or harassment" in page
    assert post.body_html not in page
    own = client_for(app, author).get(f"/t/{thread.id}").get_data(as_text=True)
    assert f"/posts/{post.id}/appeal" in own


def test_the_title_of_a_thread_out_of_sight_is_withheld_on_the_pages_that_name_it(app, db, author, thread, post):
    """A title hidden with its opening post (a privacy report, or removal for privacy) may name
    the patient: a member with a reply there, or a report about it, sees it nowhere until the
    thread is back; its author and the moderators still do."""
    from forum.discussion.queries import WITHHELD_TITLE
    from forum.moderation.services import members, posts
    replier = factories.make_user(full_name="Rae Replier")
    reporter = factories.make_user(full_name="Rob Reporter")
    moderator = factories.make_user(role="moderator")
    reply = df.add_reply(replier, thread, body="A reply about sodium levels.")
    db.session.commit()
    mf.report(reporter, post, "privacy")
    posts.remove_post(moderator, post, "privacy", "The title names the patient.")
    members.warn_member(moderator, replier, "Mind the thread you reply in.", post=reply)
    db.session.commit()
    pages = {replier: [f"/posts/{reply.id}/edit", f"/posts/{reply.id}/delete",
                       f"/posts/{reply.id}/revisions", "/notifications"],
             reporter: ["/account/moderation", "/notifications"]}
    for user, paths in pages.items():
        client = client_for(app, user)
        for path in paths:
            page = client.get(path).get_data(as_text=True)
            assert thread.title not in page and WITHHELD_TITLE in page, (user.full_name, path)
    for user in (author, moderator):
        assert thread.title in client_for(app, user).get(f"/posts/{post.id}/revisions").get_data(as_text=True)


def test_a_privacy_report_on_an_opening_post_hides_the_whole_thread(app, member_client, author, thread, post):
    reply = df.add_reply(author, thread, body="A reply about sodium levels.")
    moderator = factories.make_user(role="moderator")
    db.session.commit()
    assert member_client.post(f"/posts/{post.id}/report", data={"reason": "privacy"}).status_code == 302
    assert member_client.get(f"/t/{thread.id}").status_code == 404
    assert member_client.get(f"/posts/{reply.id}").status_code == 404
    assert thread.title not in member_client.get(f"/c/{thread.category_id}").get_data(as_text=True)
    assert thread.title not in member_client.get("/forum/latest").get_data(as_text=True)
    results = member_client.get("/search?q=sodium+levels").get_data(as_text=True)
    assert 'class="search-hit"' not in results and thread.title not in results
    profile = member_client.get(f"/members/{author.handle}").get_data(as_text=True)
    assert thread.title not in profile
    assert client_for(app, moderator).get(f"/t/{thread.id}").status_code == 200
    assert client_for(app, author).get(f"/t/{thread.id}").status_code == 200
    reports.dismiss_reports(moderator, post, "Nothing identifying.")
    db.session.commit()
    assert member_client.get(f"/t/{thread.id}").status_code == 200
    assert 'class="search-hit"' in member_client.get("/search?q=sodium+levels").get_data(as_text=True)
