"""Every moderator action through the pages: its effect on what each role sees, search,
notifications and mail, sessions ended on suspension, refusals said clearly (409 for what is
already done), CSRF, and appeals decided by another moderator."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from forum.auth.models import AccountState, UserSession
from forum.discussion.models import Post, PostStatus, Thread
from forum.extensions import db
from forum.moderation.models import Appeal, AppealStatus, ModerationNote, ReportReason
from forum.moderation.services import posts
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.conftest import login


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator"),
              "admin": factories.make_user(full_name="Ada Admin", role="admin")}
    db.session.commit()
    return people


@pytest.fixture
def thread(people):
    thread = df.start_thread(people["author"], title="Sodium on sertraline", body="Opening post.")
    db.session.commit()
    return thread


@pytest.fixture
def reply(people, thread, unique):
    post = df.add_reply(people["author"], thread, body=f"Try {unique('zqm')} before fluid restriction.")
    db.session.commit()
    return post


def word_of(post):
    return next(w for w in post.body_source.split() if w.startswith("zqm"))


def visible_to(client, post):
    return word_of(post) in client.get(f"/t/{post.thread_id}").get_data(as_text=True)


def found_by(client, post):
    return f'href="/posts/{post.id}"' in client.get(f"/search?q={word_of(post)}").get_data(as_text=True)


def test_remove_then_restore_through_the_pages(people, clients, reply, outbox):
    assert visible_to(clients("reader"), reply) and found_by(clients("reader"), reply)
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/remove", data={
        "remove-category": "misinformation", "remove-reason": "Dangerous advice."})
    assert response.status_code == 302
    for name in ("reader", "author", "moderator2", "admin"):
        assert not visible_to(clients(name), reply), name
        assert not found_by(clients(name), reply), name
    page = clients("reader").get(f"/t/{reply.thread_id}").get_data(as_text=True)
    assert "removed by a moderator: Inaccurate or unsupported medical information" in page
    review = clients("moderator2").get(f"/moderation/posts/{reply.id}").get_data(as_text=True)
    assert word_of(reply) in review  # content kept for moderators
    assert outbox()[-1]["Subject"] == "A post of yours was removed"
    again = clients("moderator2").post(f"/moderation/posts/{reply.id}/remove", data={
        "remove-category": "misinformation", "remove-reason": "Dangerous advice."})
    assert again.status_code == 409 and "already removed" in again.get_data(as_text=True)
    assert len(mf.audit("post.remove")) == 1
    response = clients("moderator2").post(f"/moderation/posts/{reply.id}/restore",
                                          data={"restore-reason": "The advice is sound."})
    assert response.status_code == 302
    assert visible_to(clients("reader"), reply) and found_by(clients("reader"), reply)


@pytest.mark.parametrize("data", [{}, {"remove-category": "other"}, {"remove-reason": "No category."},
                                  {"remove-category": "other", "remove-reason": "x" * 1001}])
def test_remove_without_category_or_reason_is_refused(clients, reply, data):
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/remove", data=data)
    assert response.status_code == 400
    db.session.refresh(reply)
    assert reply.status == PostStatus.VISIBLE and mf.audit("post.remove") == []


def test_purge_needs_confirmation_then_destroys_the_text(people, clients, reply):
    word = word_of(reply)
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/purge",
                                         data={"purge-reason": "Identifies a patient."})
    assert response.status_code == 400
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/purge", data={
        "purge-reason": "Identifies a patient.", "purge-confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(reply)
    assert reply.status == PostStatus.PURGED and reply.body_source == ""
    page = clients("reader").get(f"/t/{reply.thread_id}").get_data(as_text=True)
    assert "removed for patient privacy" in page and word not in page
    assert word not in clients("moderator2").get(f"/moderation/posts/{reply.id}").get_data(as_text=True)
    again = clients("moderator2").post(f"/moderation/posts/{reply.id}/purge", data={
        "purge-reason": "Again.", "purge-confirm": "y"})
    assert again.status_code == 409
    assert clients("author").get(f"/posts/{reply.id}/appeal").status_code == 200
    assert clients("author").post(f"/posts/{reply.id}/appeal", data={"message": "Please."}).status_code == 409


def test_a_thread_whose_opening_post_is_removed_for_privacy_stays_out_of_sight(people, clients, unique):
    """The title may name the patient: hidden while the privacy report is open, the thread stays
    out of members' lists, search, profiles and its page once the post is removed for privacy;
    its author and moderators still reach it, and a restore brings it back."""
    word = unique("zqm")
    thread = df.start_thread(people["author"], title=f"Case of {word}", body="Opening post.")
    db.session.commit()
    opening = mf.opening(thread)
    mf.report(people["reader"], opening, ReportReason.PRIVACY)
    response = clients("moderator").post(f"/moderation/posts/{opening.id}/remove", data={
        "remove-category": "privacy", "remove-reason": "The title names the patient."})
    assert response.status_code == 302
    reader = clients("reader")
    for url in (f"/c/{thread.category_id}", "/forum", "/forum/latest",
                f"/members/{people['author'].handle}"):
        assert word not in reader.get(url).get_data(as_text=True).lower(), url
    assert f'href="/posts/{opening.id}"' not in reader.get(f"/search?q={word}").get_data(as_text=True)
    assert reader.get(f"/t/{thread.id}").status_code == 404
    assert clients("author").get(f"/t/{thread.id}").status_code == 200
    assert clients("moderator2").get(f"/t/{thread.id}").status_code == 200
    response = clients("moderator2").post(f"/moderation/posts/{opening.id}/restore",
                                          data={"restore-reason": "The name is the eponym."})
    assert response.status_code == 302
    assert reader.get(f"/t/{thread.id}").status_code == 200
    assert word in reader.get(f"/c/{thread.category_id}").get_data(as_text=True).lower()


def test_a_thread_whose_opening_post_is_removed_for_another_reason_stays_listed(people, clients, thread):
    opening = mf.opening(thread)
    response = clients("moderator").post(f"/moderation/posts/{opening.id}/remove", data={
        "remove-category": "unprofessional", "remove-reason": "Rude."})
    assert response.status_code == 302
    assert "Sodium on sertraline" in clients("reader").get(f"/c/{thread.category_id}").get_data(as_text=True)
    assert clients("reader").get(f"/t/{thread.id}").status_code == 200


def test_redact_through_the_page(people, clients, reply):
    word = word_of(reply)
    form = clients("moderator").get(f"/moderation/posts/{reply.id}/redact").get_data(as_text=True)
    assert word in form
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/redact", data={
        "body": "Try [redacted] before fluid restriction.", "reason": "A brand name used as a code."})
    assert response.status_code == 302
    page = clients("reader").get(f"/t/{reply.thread_id}").get_data(as_text=True)
    assert "redacted by a moderator" in page and word not in page
    versions = clients("author").get(f"/posts/{reply.id}/revisions").get_data(as_text=True)
    assert word not in versions
    versions = clients("moderator2").get(f"/posts/{reply.id}/revisions").get_data(as_text=True)
    assert word in versions and "shown to moderators only" in versions


def test_dismiss_and_approve_through_the_pages(people, clients, thread, reply):
    mf.report(people["reader"], reply, ReportReason.PRIVACY)
    assert not visible_to(clients("author"), reply)
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/dismiss",
                                         data={"dismiss-reason": "Nothing identifying."})
    assert response.status_code == 302
    assert visible_to(clients("reader"), reply)
    assert clients("moderator").post(f"/moderation/posts/{reply.id}/dismiss",
                                     data={"dismiss-reason": "Again."}).status_code == 409
    held = mf.held_reply(people["author"], thread)
    db.session.commit()
    response = clients("moderator").post(f"/moderation/posts/{held.id}/approve",
                                         data={"approve-reason": "A published case report."})
    assert response.status_code == 302
    db.session.refresh(held)
    assert held.status == PostStatus.VISIBLE
    assert clients("moderator").post(f"/moderation/posts/{held.id}/approve",
                                     data={"approve-reason": "Again."}).status_code == 409


def test_lock_pin_and_move_through_the_pages(people, clients, thread):
    target = df.make_category("Nephrology")
    archived = df.make_category("Old", archived=True)
    db.session.commit()
    client = clients("moderator")
    page = client.get(f"/moderation/threads/{thread.id}").get_data(as_text=True)
    assert "Nephrology" in page and ">Old<" not in page
    assert client.post(f"/moderation/threads/{thread.id}/lock", data={"lock-reason": "Heated."}).status_code == 302
    assert client.post(f"/moderation/threads/{thread.id}/lock", data={"lock-reason": "Again."}).status_code == 409
    assert client.post(f"/moderation/threads/{thread.id}/pin", data={"pin-reason": "Useful."}).status_code == 302
    shown = clients("reader").get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Locked" in shown and "Pinned" in shown and "takes no new replies" in shown
    assert client.post(f"/moderation/threads/{thread.id}/move", data={
        "move-category": str(archived.id), "move-reason": "Archive it."}).status_code == 400
    assert client.post(f"/moderation/threads/{thread.id}/move", data={
        "move-category": str(target.id), "move-reason": "Kidneys."}).status_code == 302
    db.session.refresh(thread)
    assert thread.category_id == target.id
    assert client.post(f"/moderation/threads/{thread.id}/unlock", data={"unlock-reason": "Calm."}).status_code == 302
    assert client.post(f"/moderation/threads/{thread.id}/unpin", data={"unpin-reason": "Old."}).status_code == 302
    assert [e.action for e in mf.audit()] == ["thread.lock", "thread.pin", "thread.move",
                                              "thread.unlock", "thread.unpin"]


def test_suspension_ends_sessions_and_login_shows_why(app, people, clients, reply):
    author_client = clients("author")
    assert author_client.get("/forum").status_code == 200
    response = clients("moderator").post(f"/moderation/members/{people['author'].id}/suspend", data={
        "suspend-days": "14", "suspend-reason": "Repeated insults.", "suspend-post_id": str(reply.id)})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)
                             .where(UserSession.user_id == people["author"].id)) == 0
    response = author_client.get("/forum")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    fresh = app.test_client()
    login(fresh, people["author"])
    status = fresh.get("/status").get_data(as_text=True)
    assert "suspended until" in status and "Repeated insults." in status
    assert fresh.get("/forum").status_code == 302
    db.session.refresh(people["author"])
    assert people["author"].state == AccountState.SUSPENDED
    again = clients("moderator").post(f"/moderation/members/{people['author'].id}/suspend", data={
        "suspend-days": "3", "suspend-reason": "Again."})
    assert again.status_code == 409
    for days in ("0", "366", "x"):
        bad = clients("moderator2").post(f"/moderation/members/{people['reader'].id}/suspend", data={
            "suspend-days": days, "suspend-reason": "Bad days."})
        assert bad.status_code == 400


def test_lift_a_suspension_through_the_member_page(people, clients, reply, outbox):
    author = people["author"]
    lift = f"/moderation/members/{author.id}/lift-suspension"
    assert "Lift the suspension" not in clients("moderator").get(f"/moderation/members/{author.id}").get_data(as_text=True)
    assert clients("moderator").post(lift, data={"lift-reason": "Nothing to lift."}).status_code == 409
    response = clients("moderator").post(f"/moderation/members/{author.id}/suspend",
                                         data={"suspend-days": "14", "suspend-reason": "Rude."})
    assert response.status_code == 302
    page = clients("moderator2").get(f"/moderation/members/{author.id}").get_data(as_text=True)
    assert "Lift the suspension" in page and lift in page
    refused = clients("moderator2").post(lift, data={"lift-reason": "  "})
    assert refused.status_code == 400 and 'id="lift-reason-error"' in refused.get_data(as_text=True)
    assert clients("reader").post(lift, data={"lift-reason": "Me."}).status_code == 403
    response = clients("moderator2").post(lift, data={"lift-reason": "Apologised."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(author), author.id).state == AccountState.VERIFIED
    assert len(mf.audit("account.lift_suspension")) == 1
    assert outbox()[-1]["Subject"] == "Your Curbside suspension was lifted"
    notices = clients("author").get("/account/moderation")  # logs in again: access is back
    assert notices.status_code == 200 and "Suspension lifted early" in notices.get_data(as_text=True)
    assert clients("moderator2").post(lift, data={"lift-reason": "Again."}).status_code == 409


def test_warn_and_notes_through_the_member_page(people, clients, reply):
    client = clients("moderator")
    page = client.get(f"/moderation/members/{people['author'].id}?post={reply.id}").get_data(as_text=True)
    assert f'value="{reply.id}"' in page
    response = client.post(f"/moderation/members/{people['author'].id}/warn", data={
        "warn-reason": "Mind the tone.", "warn-post_id": str(reply.id)})
    assert response.status_code == 302
    assert mf.audit("account.warn")[-1].details == {"post_id": reply.id}
    forged = client.post(f"/moderation/members/{people['author'].id}/warn", data={
        "warn-reason": "Another.", "warn-post_id": "999999"})
    assert forged.status_code == 404
    assert client.post(f"/moderation/members/{people['author'].id}/notes",
                       data={"note-body": "Keeps arguing."}).status_code == 302
    assert db.session.scalars(select(ModerationNote)).one().body == "Keeps arguing."
    notices = clients("author").get("/account/moderation").get_data(as_text=True)
    assert "Mind the tone." in notices and "Keeps arguing." not in notices


def test_a_warning_about_the_account_is_a_notification_that_opens_the_notices(people, clients):
    """A warning that names no post still reaches the member in the forum, not only by mail:
    the bell counts it, the list says it is about the account, and opening it shows the
    reason (the notices page), never a thread."""
    response = clients("moderator").post(f"/moderation/members/{people['author'].id}/warn", data={
        "warn-reason": "Keep discussions collegial.", "warn-post_id": ""})
    assert response.status_code == 302
    author = clients("author")
    listing = author.get("/notifications").get_data(as_text=True)
    assert "The moderators</strong>" in listing and "your account</a>" in listing
    assert '1<span class="visually-hidden"> unread' in author.get("/forum").get_data(as_text=True)
    link = re.search(r'href="(/notifications/\d+)"', listing)[1]
    opened = author.get(link)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/account/moderation")
    assert "Keep discussions collegial." in author.get("/account/moderation").get_data(as_text=True)
    assert "badge-unread" not in author.get("/forum").get_data(as_text=True)


def test_a_moderation_notice_about_a_post_opens_the_notices_page(people, clients, reply):
    """The removed post is gone from the thread; the notices page is where its reason is."""
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Rude to a colleague.")
    db.session.commit()
    author = clients("author")
    link = re.search(r'href="(/notifications/\d+)"', author.get("/notifications").get_data(as_text=True))[1]
    assert author.get(link).headers["Location"].endswith("/account/moderation")


def test_members_are_told_a_moderator_acted_and_staff_see_who(people, clients, reply):
    """In-app notices and mails never name a moderator; the member's notices page does not
    either, nor link to the staff-only post page (a 403 for members). Staff still see names."""
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Rude to a colleague.")
    db.session.commit()
    clients("moderator2").post(f"/moderation/members/{people['author'].id}/warn", data={
        "warn-reason": "Mind the tone.", "warn-post_id": ""})
    author = clients("author")
    notices = author.get("/account/moderation")
    page = notices.get_data(as_text=True)
    assert notices.status_code == 200
    assert "Rude to a colleague." in page and "Mind the tone." in page
    assert page.count("by a moderator") == 2
    assert "Mo Derator" not in page and "Meg Second" not in page
    assert "/moderation/" not in page
    assert f'href="/posts/{reply.id}"' in page
    assert author.get(f"/posts/{reply.id}").status_code == 302  # the link works for the member
    listing = author.get("/notifications").get_data(as_text=True)
    assert "Mo Derator" not in listing and "Meg Second" not in listing
    staff = clients("moderator2").get(f"/moderation/members/{people['author'].id}").get_data(as_text=True)
    assert "by Mo Derator" in staff and "by Meg Second" in staff
    assert f'href="/moderation/posts/{reply.id}"' in staff


def test_admins_remove_all_posts_of_an_account(people, clients, thread, reply):
    assert clients("moderator").post(f"/moderation/members/{people['author'].id}/remove-posts", data={
        "remove_all-category": "other", "remove_all-reason": "Spam.", "remove_all-confirm": "y"}).status_code == 403
    admin = clients("admin")
    page = admin.get(f"/moderation/members/{people['author'].id}").get_data(as_text=True)
    assert "<strong>2 posts</strong> would be removed." in page
    unconfirmed = admin.post(f"/moderation/members/{people['author'].id}/remove-posts", data={
        "remove_all-category": "other", "remove_all-reason": "Compromised account."})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm removing every post." in unconfirmed.get_data(as_text=True)
    assert not mf.audit("post.remove")
    response = admin.post(f"/moderation/members/{people['author'].id}/remove-posts", data={
        "remove_all-category": "other", "remove_all-reason": "Compromised account.", "remove_all-confirm": "y"})
    assert response.status_code == 302
    statuses = set(db.session.scalars(select(Post.status).where(Post.author_id == people["author"].id)))
    assert statuses == {PostStatus.REMOVED}
    assert len(mf.audit("post.remove")) == 2
    page = admin.get(f"/moderation/members/{people['author'].id}").get_data(as_text=True)
    assert "Ann Author has no posts left to remove." in page and "remove_all-confirm" not in page


def test_appeal_once_decided_by_another_moderator(people, clients, reply):
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Rude.")
    db.session.commit()
    author = clients("author")
    assert "Appeal the removal" in author.get(f"/t/{reply.thread_id}").get_data(as_text=True)
    assert clients("reader").get(f"/posts/{reply.id}/appeal").status_code == 403
    assert author.post(f"/posts/{reply.id}/appeal", data={"message": ""}).status_code == 400
    assert author.post(f"/posts/{reply.id}/appeal", data={"message": "It was a joke between colleagues."}).status_code == 302
    assert author.post(f"/posts/{reply.id}/appeal", data={"message": "Again."}).status_code == 409
    appeal = db.session.scalars(select(Appeal)).one()
    queue = clients("moderator2").get("/moderation").get_data(as_text=True)
    assert "It was a joke between colleagues." in queue and "Appeal" in queue
    refused = clients("moderator").post(f"/moderation/appeals/{appeal.id}/decide", data={
        "appeal-decision": "uphold", "appeal-reason": "I stand by it."})
    assert refused.status_code == 403
    response = clients("moderator2").post(f"/moderation/appeals/{appeal.id}/decide", data={
        "appeal-decision": "restore", "appeal-reason": "Banter, not rude."})
    assert response.status_code == 302
    db.session.refresh(appeal)
    assert appeal.status == AppealStatus.GRANTED
    assert visible_to(clients("reader"), reply)
    notices = author.get("/account/moderation").get_data(as_text=True)
    assert "Post restored" in notices


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_moderator_actions_need_a_csrf_token(app, people, reply):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": people["moderator"].email,
                                "password": factories.DEFAULT_PASSWORD, "csrf_token": token})
    verify = client.get("/login/verify").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', verify).group(1)
    client.post("/login/verify", data={"code": factories.current_code(people["moderator"].id),
                                       "csrf_token": token})
    assert client.get("/moderation").status_code == 200
    response = client.post(f"/moderation/posts/{reply.id}/remove", data={
        "remove-category": "other", "remove-reason": "No token."})
    assert response.status_code == 400
    db.session.refresh(reply)
    assert reply.status == PostStatus.VISIBLE


def test_moderators_leave_their_own_and_admins_threads_to_others(people, clients):
    """'Moderators cannot act on their own posts or on admins': pinning one's own thread is
    self-promotion, locking an admin's announcement is not a moderator's call. Admins may act
    on any thread, their own announcements included."""
    admins = df.start_thread(people["admin"], title="Admin announcement", body="Opening post.")
    own = df.start_thread(people["moderator"], title="My own thread", body="Opening post.")
    db.session.commit()
    moderator = clients("moderator")
    assert moderator.post(f"/moderation/threads/{admins.id}/lock", data={"lock-reason": "x"}).status_code == 403
    assert moderator.post(f"/moderation/threads/{own.id}/pin", data={"pin-reason": "Mine."}).status_code == 403
    assert "Moderate thread" not in moderator.get(f"/t/{own.id}").get_data(as_text=True)
    assert "Moderate thread" in clients("moderator2").get(f"/t/{own.id}").get_data(as_text=True)
    assert clients("moderator2").post(f"/moderation/threads/{own.id}/pin",
                                      data={"pin-reason": "Useful."}).status_code == 302
    assert clients("admin").post(f"/moderation/threads/{admins.id}/pin",
                                 data={"pin-reason": "Read first."}).status_code == 302
    assert len(mf.audit("thread.pin")) == 2 and not mf.audit("thread.lock")


def test_an_admin_removes_a_suspended_moderator(people, clients):
    """A moderator suspended for abuse must lose the role at once, not after the suspension."""
    moderator = people["moderator"]
    assert clients("admin").post(f"/moderation/members/{moderator.id}/suspend", data={
        "suspend-days": "7", "suspend-reason": "Abused the queue."}).status_code == 302
    response = clients("admin").post(f"/admin/members/{moderator.id}/role", data={
        "role-role": "member", "role-reason": "No longer a moderator."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(moderator), moderator.id).role == "member"


def test_a_quote_of_a_hidden_post_leaves_the_thread_page_and_comes_back(people, clients, thread, reply):
    """The quoting post's article was rendered and cached before the report: the page must not
    serve the cached copy of the quote."""
    from forum.discussion.rendering import quote_source

    df.add_reply(people["reader"], thread, body=quote_source(reply) + "Seen this too.")
    db.session.commit()
    word = word_of(reply)
    page = clients("moderator2").get(f"/t/{thread.id}").get_data(as_text=True)
    assert page.count(word) == 2
    mf.report(people["admin"], reply, ReportReason.PRIVACY)
    for name in ("reader", "moderator2"):
        page = clients(name).get(f"/t/{thread.id}").get_data(as_text=True)
        assert word not in page and "Quoted post hidden by a moderator." in page and "Seen this too." in page
    assert "Seen this too" not in clients("reader").get(f"/search?q={word}").get_data(as_text=True)
    response = clients("moderator").post(f"/moderation/posts/{reply.id}/dismiss",
                                         data={"dismiss-reason": "Nothing identifying."})
    assert response.status_code == 302
    assert clients("reader").get(f"/t/{thread.id}").get_data(as_text=True).count(word) == 2


def test_an_approved_held_thread_is_dated_and_listed_from_its_approval(people, clients, thread):
    """Discourse dates an approved topic from its approval: a thread held for three weeks is
    shown as started today, ahead of the threads published while it waited, and new to readers
    (in the New tab too, which lists threads started in the last 14 days)."""
    held = mf.held_thread(people["author"], thread.category, title="Falling sodium on an SSRI")
    sent = utcnow() - timedelta(days=21)
    db.session.execute(update(Post).where(Post.thread_id == held.id).values(created_at=sent))
    db.session.execute(update(Thread).where(Thread.id == held.id).values(created_at=sent, last_post_at=sent))
    db.session.commit()
    response = clients("moderator").post(f"/moderation/posts/{mf.opening(held).id}/approve",
                                         data={"approve-reason": "A published case report."})
    assert response.status_code == 302
    # new to a reader who has not opened it, and above the thread published while it waited
    listed = clients("reader").get("/forum/latest").get_data(as_text=True)
    row = re.search(r'<tr[^>]*>(?:(?!</tr>).)*Falling sodium on an SSRI(?:(?!</tr>).)*</tr>', listed, re.S).group(0)
    assert 'badge-new">new<' in row
    assert listed.index("Falling sodium on an SSRI") < listed.index("Sodium on sertraline")
    assert "Falling sodium on an SSRI" in clients("reader").get("/forum/new").get_data(as_text=True)
    listed = clients("reader").get(f"/members/{people['author'].handle}").get_data(as_text=True)
    assert listed.index("Falling sodium on an SSRI") < listed.index("Sodium on sertraline")
    today = utcnow().strftime("%d %b %Y")
    page = clients("reader").get(f"/t/{held.id}").get_data(as_text=True)
    started = re.search(r"started (?:<time [^>]*>)?([^<]+)", page).group(1)
    assert started == today and sent.strftime("%d %b %Y") not in page
