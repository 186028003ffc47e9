"""Replies, quotes, mentions, edits with revisions, deletion tombstones, and the bad input a
composer meets: empty or over-long fields, forged ids, locked and archived places, someone
else's post, and the same form sent twice."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.discussion.models import Post, PostRevision, Thread
from forum.extensions import db
from forum.notifications.models import Notification, NotificationKind
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login


@pytest.fixture
def category(db):
    category = df.make_category("Practice & careers")
    db.session.commit()
    return category


@pytest.fixture
def colleague(db):
    user = factories.make_user(full_name="Rafael Colleague", handle="rafael.colleague")
    db.session.commit()
    return user


@pytest.fixture
def thread(db, colleague, category):
    thread = df.start_thread(colleague, category, title="Handover before leave", body="Ideas?")
    db.session.commit()
    return thread


def client_for(app, user):
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def test_reply_appears_in_the_thread(member_client, thread):
    response = df.post_reply(member_client, thread.id, body="A *single* page per patient.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{thread.id}#post-2")
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "A <em>single</em> page per patient." in page
    assert "1 reply" in page


def test_mentions_link_to_the_profile(member_client, thread, colleague):
    df.post_reply(member_client, thread.id, body="Thanks @Rafael.Colleague and @nobody.here.")
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert ('<a href="/members/rafael.colleague" class="mention" rel="nofollow noopener noreferrer">'
            '@Rafael.Colleague</a>') in page
    assert "@nobody.here" in page
    profile = member_client.get("/members/rafael.colleague")
    assert profile.status_code == 200 and "Rafael Colleague" in profile.get_data(as_text=True)


def test_quote_reply_starts_with_the_quoted_post(member_client, thread, colleague):
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    composer = member_client.get(f"/t/{thread.id}/reply?quote={opening.id}").get_data(as_text=True)
    assert f"&gt; [@rafael.colleague wrote in post #1](/posts/{opening.id})" in composer
    key = df.submission_key(member_client.get(f"/t/{thread.id}/reply"))
    member_client.post(f"/t/{thread.id}/reply", data={
        "body": f"> [@rafael.colleague wrote in post #1](/posts/{opening.id})\n>\n> Ideas?\n\nMine below.",
        "submission_key": key, "action": "post"})
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert f'<blockquote>\n<p><a href="/posts/{opening.id}" rel="nofollow noopener noreferrer">@rafael.colleague wrote in post #1</a></p>' in page


def test_quoting_a_post_of_another_thread_or_a_forged_one_is_404(member_client, thread, colleague, category):
    other = df.start_thread(colleague, category)
    db.session.commit()
    foreign = db.session.scalars(select(Post).where(Post.thread_id == other.id)).one()
    assert member_client.get(f"/t/{thread.id}/reply?quote={foreign.id}").status_code == 404
    assert member_client.get(f"/t/{thread.id}/reply?quote=99999").status_code == 404
    assert member_client.get(f"/t/{thread.id}/reply?quote=abc").status_code == 404


@pytest.mark.parametrize("url", ["/t/99999", "/t/99999/reply", "/c/99999", "/posts/99999",
                                 "/posts/99999/edit", "/posts/99999/delete", "/posts/99999/revisions",
                                 "/members/no.such.member", "/t/1?page=2"])
def test_forged_ids_are_404(member_client, thread, url):
    assert member_client.get(url).status_code == 404


def test_forged_ids_in_posts_are_404_and_store_nothing(member_client, thread):
    assert member_client.post("/t/99999/reply", data={"body": "x"}).status_code == 404
    assert member_client.post("/posts/99999/edit", data={"body": "x"}).status_code == 404
    assert df.count_rows(Post) == 1


def test_unknown_category_is_refused_beside_the_field(member_client, category):
    response = df.post_new_thread(member_client, category, kind="general", category="99999")
    assert response.status_code == 400
    assert "That category does not exist." in response.get_data(as_text=True)
    assert df.count_rows(Thread) == 0


def test_archived_category_refuses_new_threads_and_replies(member_client, thread, category):
    category.archived_at = utcnow()
    db.session.commit()
    response = df.post_new_thread(member_client, category, kind="general")
    assert response.status_code == 409
    assert "is archived: it is read-only and takes no new threads." in response.get_data(as_text=True)
    reply = df.post_reply(member_client, thread.id, body="Late")
    assert reply.status_code == 409
    assert "is archived: it is read-only." in reply.get_data(as_text=True)
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "this thread is read-only" in page and ">Reply</a>" not in page
    assert df.count_rows(Thread) == 1 and df.count_rows(Post) == 1


def test_locked_thread_refuses_replies_with_a_message(member_client, thread):
    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    thread.locked_at = utcnow()
    db.session.commit()
    response = member_client.post(f"/t/{thread.id}/reply", data={"body": "Too late", "submission_key": key,
                                                                 "action": "post"})
    assert response.status_code == 409
    assert "This thread is locked: it takes no new replies." in response.get_data(as_text=True)
    assert df.count_rows(Post) == 1
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Locked" in page and ">Reply</a>" not in page


def test_a_reply_to_a_thread_taken_out_of_sight_meanwhile_comes_back_to_its_author(member_client, thread, db):
    """The opening post was reported for patient privacy while the member wrote: the thread is
    out of sight, so the reply is not posted, but the member keeps their words (and learns
    nothing of the thread)."""
    from forum.moderation.models import ReportReason
    from tests import moderation_factories as mf

    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    reporter = factories.make_user(full_name="Rita Reporter")
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.number == 1)).one()
    mf.report(reporter, opening, ReportReason.PRIVACY)
    db.session.commit()
    response = member_client.post(f"/t/{thread.id}/reply", data={
        "body": "My long answer about the handover.", "submission_key": key, "action": "post"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "Your reply was not posted" in page
    assert "My long answer about the handover." in page and "Handover before leave" not in page
    assert df.count_rows(Post) == 1
    # a GET of the composer gets the plain 404 page (another site's POST never gets this far:
    # it has no CSRF token, which CSRFProtect checks before any view, see test_discussion_csrf)
    assert member_client.get(f"/t/{thread.id}/reply").status_code == 404


@pytest.mark.parametrize("fields, message", [
    ({"title": "ab"}, "Give the thread a title of at least 3 characters."),
    ({"title": "x" * 151}, "The title is 151 characters long; the limit is 150."),
    ({"body": "   "}, "Write your post: it cannot be empty."),
    ({"body": "y" * 20_001}, "Your post is 20,001 characters long; the limit is 20,000."),
    # Below 19 quotes or 9 lists the Markdown parser drops the text: said, not stored cut short.
    ({"body": "> " * 20 + "the deepest words"}, "Your post nests quotes or lists too deeply"),
    ({"body": "- " * 9_000 + "the deepest words"}, "Your post nests quotes or lists too deeply"),
    # "Zalgo" text: marks stacked on a letter spill over the posts and controls around it.
    ({"title": "Sodium" + "\u0336" * 30}, "The title stacks 30 accents or marks on one letter"),
    ({"body": "Help" + "\u0489" * 500}, "Your post stacks 500 accents or marks on one letter"),
    ({"kind": ""}, "Choose “Clinical case” or “General discussion”."),
    ({"category": ""}, "Choose a category from the list."),
])
def test_bad_fields_are_refused_with_a_message(member_client, category, fields, message):
    response = df.post_new_thread(member_client, category, **{"kind": "general", **fields})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert df.count_rows(Thread) == 0


def test_lengths_count_characters_as_readers_see_them(member_client, category):
    """An accent typed as a combining mark (as a Mac or a PDF may paste it) is no extra
    character: 150 accented letters are a title of 150, 20,000 a post of 20,000; one more says
    how many there are."""
    accented = "e\u0301"
    response = df.post_new_thread(member_client, category, kind="general", title=accented * 151,
                                  body=accented * 20_001)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The title is 151 characters long; the limit is 150." in page
    assert "Your post is 20,001 characters long; the limit is 20,000." in page
    response = df.post_new_thread(member_client, category, kind="general", title=accented * 150,
                                  body=accented * 20_000)
    assert response.status_code == 302
    thread = db.session.scalars(select(Thread)).one()
    assert thread.title == "é" * 150
    assert db.session.scalars(select(Post)).one().body_source == "é" * 20_000


def test_an_over_long_citation_note_says_how_long_it_is(member_client, category):
    response = df.post_new_thread(member_client, category, **df.clinical_fields(),
                                  **{"citations-0-note": "n" * 301})
    assert response.status_code == 400
    assert "Citation 1: the note is 301 characters long; the limit is 300." in response.get_data(as_text=True)
    assert df.count_rows(Thread) == 0


def test_double_submission_posts_once(member_client, thread):
    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    data = {"body": "Only once please", "submission_key": key, "action": "post"}
    assert member_client.post(f"/t/{thread.id}/reply", data=data).status_code == 302
    again = member_client.post(f"/t/{thread.id}/reply", data=data)
    assert again.status_code == 409
    page = again.get_data(as_text=True)
    assert "You already submitted this form; it was posted once." in page
    reply = db.session.scalars(select(Post).where(Post.number == 2)).one()
    assert f'href="/posts/{reply.id}"' in page
    assert df.count_rows(Post) == 2


def test_double_submission_of_a_new_thread_creates_one_thread(member_client, category):
    key = df.composer_form(member_client, "/threads/new")
    data = {"category": str(category.id), "kind": "general", "title": "Once", "body": "Once.",
            "submission_key": key, "action": "post"}
    assert member_client.post("/threads/new", data=data).status_code == 302
    assert member_client.post("/threads/new", data=data).status_code == 409
    assert df.count_rows(Thread) == 1


def test_the_same_words_sent_again_with_a_new_key_post_once(member_client, thread, category):
    """Back after posting, then Post: the browser restores the words, the server gave the form
    a new key. The author's identical post in the same place, minutes ago, is taken for it."""
    assert df.post_reply(member_client, thread.id, body="Check the urine osmolality.").status_code == 302
    again = df.post_reply(member_client, thread.id, body="Check the urine osmolality.")
    assert again.status_code == 409
    page = again.get_data(as_text=True)
    reply = db.session.scalars(select(Post).where(Post.number == 2)).one()
    assert "You posted exactly this a few minutes ago" in page and f'href="/posts/{reply.id}"' in page
    assert df.post_reply(member_client, thread.id, body="And the urine sodium.").status_code == 302
    assert df.count_rows(Post, Post.thread_id == thread.id) == 3
    fields = {"kind": "general", "title": "Hyponatraemia work-up", "body": "Which tests first?"}
    assert df.post_new_thread(member_client, category, **fields).status_code == 302
    assert df.post_new_thread(member_client, category, **fields).status_code == 409
    assert df.post_new_thread(member_client, category, **{**fields, "title": "Another title"}).status_code == 302
    assert df.count_rows(Thread, Thread.title == "Hyponatraemia work-up") == 1


def test_the_same_words_are_welcome_again_after_a_while(member_client, thread):
    assert df.post_reply(member_client, thread.id, body="Agreed.").status_code == 302
    first = db.session.scalars(select(Post).where(Post.number == 2)).one()
    first.created_at = utcnow() - timedelta(minutes=11)
    db.session.commit()
    assert df.post_reply(member_client, thread.id, body="Agreed.").status_code == 302


def test_post_without_its_one_time_key_is_refused(member_client, thread):
    response = member_client.post(f"/t/{thread.id}/reply", data={"body": "hi", "action": "post"})
    assert response.status_code == 400
    assert "This form is missing its one-time key" in response.get_data(as_text=True)


def test_edit_keeps_revisions_for_author_and_moderators(app, member_client, member, thread, moderator):
    df.post_reply(member_client, thread.id, body="Frist draft")
    post = db.session.scalars(select(Post).where(Post.number == 2)).one()
    form = member_client.get(f"/posts/{post.id}/edit").get_data(as_text=True)
    assert "Frist draft</textarea>" in form
    response = member_client.post(f"/posts/{post.id}/edit", data={"body": "First draft", "action": "post"})
    assert response.status_code == 302
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "First draft" in page and "Frist draft" not in page
    assert 'class="edited">edited ' in page
    revisions = member_client.get(f"/posts/{post.id}/revisions").get_data(as_text=True)
    assert "Frist draft" in revisions and "First draft" in revisions and "Version 1" in revisions
    assert client_for(app, moderator).get(f"/posts/{post.id}/revisions").status_code == 200
    stranger_user = factories.make_user()
    db.session.commit()
    stranger = client_for(app, stranger_user)
    assert stranger.get(f"/posts/{post.id}/revisions").status_code == 403
    assert "Earlier versions" not in stranger.get(f"/t/{thread.id}").get_data(as_text=True)
    assert df.count_rows(PostRevision) == 1


def test_editing_someone_elses_post_is_403(member_client, thread):
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    assert member_client.get(f"/posts/{opening.id}/edit").status_code == 403
    response = member_client.post(f"/posts/{opening.id}/edit", data={"body": "Hijacked", "action": "post"})
    assert response.status_code == 403
    assert "You can only edit your own posts." in response.get_data(as_text=True)
    assert member_client.post(f"/posts/{opening.id}/delete").status_code == 403
    db.session.expire_all()
    assert opening.body_source == "Ideas?" and opening.deleted_at is None
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert f"/posts/{opening.id}/edit" not in page


def test_invalid_edit_is_refused_and_changes_nothing(member_client, thread):
    df.post_reply(member_client, thread.id, body="Keep me")
    post = db.session.scalars(select(Post).where(Post.number == 2)).one()
    response = member_client.post(f"/posts/{post.id}/edit", data={
        "body": "Edited", "citations-0-value": "10.1/x", "action": "post"})
    assert response.status_code == 400
    assert "Citation 1: “10.1/x” is not a valid DOI" in response.get_data(as_text=True)
    db.session.expire_all()
    assert post.body_source == "Keep me" and df.count_rows(PostRevision) == 0


def test_delete_leaves_a_tombstone_and_keeps_the_thread_readable(member_client, thread):
    df.post_reply(member_client, thread.id, body="I should not have said this")
    df.post_reply(member_client, thread.id, body="Later reply")
    post = db.session.scalars(select(Post).where(Post.number == 2)).one()
    confirm = member_client.get(f"/posts/{post.id}/delete")
    assert confirm.status_code == 200 and "Delete your post #2?" in confirm.get_data(as_text=True)
    assert member_client.post(f"/posts/{post.id}/delete").status_code == 302
    page = member_client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "I should not have said this" not in page
    assert "Post #2 by Amelia Quillfeather was deleted by its author on" in page
    assert "Later reply" in page and "Ideas?" in page
    assert member_client.post(f"/posts/{post.id}/delete").status_code == 409
    assert member_client.get(f"/posts/{post.id}/edit").status_code == 409


def test_preview_in_an_archived_category_says_why_and_keeps_the_text(member_client, category):
    category.archived_at = utcnow()
    db.session.commit()
    response = df.post_new_thread(member_client, category, kind="general", body="Keep my words",
                                  action="preview")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "is archived" in page and "Keep my words</textarea>" in page


def test_more_mentions_than_a_post_may_make_are_refused_beside_the_body(member_client, category, thread):
    """Discourse's max_mentions_per_post: past 50 members the post is refused, not cut short."""
    people = [factories.make_user(handle=f"m{i:02d}") for i in range(51)]
    db.session.commit()
    body = "Calling " + " ".join(f"@{person.handle}" for person in people)
    message = "Your post mentions 51 members; a post may mention at most 50."
    for response in (df.post_new_thread(member_client, category, kind="general", body=body),
                     df.post_reply(member_client, thread.id, body=body)):
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert message in page and 'id="body-error"' in page
    assert df.count_rows(Post) == 1 and df.count_rows(Notification) == 0
    response = df.post_reply(member_client, thread.id, body=body.replace(" @m50", ""))
    assert response.status_code == 302
    assert df.count_rows(Notification, Notification.kind == NotificationKind.MENTION) == 50
