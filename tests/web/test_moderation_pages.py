"""The moderation pages: the queue and a post's review page for moderators, the gate for
members, forged ids, and who may act on whose posts and accounts."""
import pytest

from forum.extensions import db
from forum.moderation.models import ReportReason
from forum.moderation.services import members
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reporter": factories.make_user(full_name="Rita Reporter"),
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


def test_the_queue_shows_items_in_order_with_their_context(people, clients, thread):
    quiet = df.add_reply(people["author"], thread, body="A quiet reply.")
    loud = df.add_reply(people["author"], thread, body="A loud reply.")
    db.session.commit()
    mf.report(people["reporter"], quiet, ReportReason.UNPROFESSIONAL, "Condescending.")
    mf.report(people["reporter"], loud, ReportReason.PRIVACY)
    members.add_note(people["moderator2"], people["author"], "Second time this week.")
    db.session.commit()
    page = clients("moderator").get("/moderation").get_data(as_text=True)
    assert page.index(f"mod-item-{loud.id}") < page.index(f"mod-item-{quiet.id}")
    assert "Patient privacy" in page and "Condescending." in page and "Rita Reporter" in page
    assert "A quiet reply." in page and "Opening post." in page  # the post and the one before
    assert "Second time this week." in page
    assert f'href="/moderation/posts/{quiet.id}"' in page


def test_the_review_page_shows_reports_findings_and_history(people, clients, thread):
    held = mf.held_reply(people["author"], thread)
    db.session.commit()
    page = clients("moderator").get(f"/moderation/posts/{held.id}").get_data(as_text=True)
    assert "Privacy screen findings" in page and "Mrs. Jones" in page
    assert mf.EXPLANATION in page
    assert "Approve" in page and "Purge post" in page


def test_members_cannot_open_or_post_to_moderation_routes(app, people, clients, thread):
    post = mf.opening(thread)
    client = clients("reporter")
    assert client.get("/moderation").status_code == 403
    assert client.get(f"/moderation/posts/{post.id}").status_code == 403
    routes = [f"/moderation/posts/{post.id}/{action}"
              for action in ("dismiss", "approve", "remove", "restore", "purge", "redact")]
    routes += [f"/moderation/threads/{thread.id}/{action}"
               for action in ("lock", "unlock", "pin", "unpin", "move")]
    routes += [f"/moderation/members/{people['author'].id}/{action}"
               for action in ("notes", "warn", "suspend", "remove-posts")]
    routes += ["/moderation/appeals/1/decide"]
    for route in routes:
        response = client.post(route, data={"reason": "x", "category": "other", "days": "3",
                                            "body": "x", "confirm": "y"})
        assert response.status_code == 403, route
    assert mf.audit() == []


@pytest.mark.parametrize("path", ["/moderation/posts/999999", "/moderation/threads/999999",
                                  "/moderation/members/999999", "/moderation/posts/999999/redact"])
def test_forged_ids_are_404_on_pages(clients, path):
    assert clients("moderator").get(path).status_code == 404


@pytest.mark.parametrize("path", ["/moderation/posts/999999/remove", "/moderation/posts/999999/purge",
                                  "/moderation/threads/999999/lock", "/moderation/members/999999/warn",
                                  "/moderation/appeals/999999/decide"])
def test_forged_ids_are_404_on_actions(clients, path):
    assert clients("moderator").post(path, data={"reason": "x"}).status_code == 404


def test_a_warning_about_a_forged_post_says_why_and_records_nothing(people, clients, thread):
    """The warning form's hidden post id, forged to another member's post or no post: the
    member page again, saying why, and no warning stored or sent."""
    someone_elses = df.add_reply(people["reporter"], thread, body="Not the author's post.")
    db.session.commit()
    for post_id in (someone_elses.id, 999999999):
        response = clients("moderator").post(f"/moderation/members/{people['author'].id}/warn", data={
            "warn-reason": "Mind your tone.", "warn-post_id": str(post_id)})
        assert response.status_code == 404
        assert "That post is not one of Ann Author&#39;s: nothing was recorded." in response.get_data(as_text=True)
    assert not mf.audit("account.warn") and not mf.moderation_notices(people["author"])


def test_moderators_cannot_act_on_their_own_posts_or_admins(people, clients, thread):
    own = df.add_reply(people["moderator"], thread, body="My own reply.")
    admins = df.add_reply(people["admin"], thread, body="An admin's reply.")
    db.session.commit()
    client = clients("moderator")
    for post in (own, admins):
        response = client.post(f"/moderation/posts/{post.id}/remove",
                               data={"remove-category": "other", "remove-reason": "No."})
        assert response.status_code == 403
        page = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
        assert "Remove post" not in page
    for target in ("admin", "moderator", "moderator2"):
        response = client.post(f"/moderation/members/{people[target].id}/warn",
                               data={"warn-reason": "No."})
        assert response.status_code == 403, target
    assert mf.audit("post.remove") == [] and mf.audit("account.warn") == []
    response = clients("admin").post(f"/moderation/posts/{own.id}/remove",
                                     data={"remove-category": "other", "remove-reason": "Admins may."})
    assert response.status_code == 302


def test_the_nav_links_moderators_to_the_queue(people, clients):
    assert 'href="/moderation"' in clients("moderator").get("/forum").get_data(as_text=True)
    assert 'href="/moderation"' not in clients("reporter").get("/forum").get_data(as_text=True)


def test_the_member_page_shows_history_notes_and_reports(people, clients, thread):
    members.warn_member(people["moderator2"], people["author"], "Mind the tone.")
    db.session.commit()
    page = clients("moderator").get(f"/moderation/members/{people['author'].id}").get_data(as_text=True)
    assert "Mind the tone." in page and "Warning" in page
    assert "Remove all posts" not in page  # admins only
    admin_page = clients("admin").get(f"/moderation/members/{people['author'].id}").get_data(as_text=True)
    assert "Remove all posts" in admin_page and f"/admin/members/{people['author'].id}" in admin_page


def test_moderation_pages_have_labelled_fields_and_no_inline_code(people, clients, thread):
    post = df.add_reply(people["author"], thread, body="A reply.")
    db.session.commit()
    mf.report(people["reporter"], post)
    client = clients("admin")
    import re
    for path in ("/moderation", f"/moderation/posts/{post.id}", f"/moderation/posts/{post.id}/redact",
                 f"/moderation/threads/{thread.id}", f"/moderation/members/{people['author'].id}",
                 "/moderation/audit"):
        page = client.get(path).get_data(as_text=True)
        assert "<main" in page, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), f"inline script on {path}"
        assert "style=" not in page and " onclick" not in page, path
        ids = re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', page)
        hidden = set(re.findall(r'<input[^>]*type="hidden"[^>]*id="([^"]+)"|<input[^>]*id="([^"]+)"[^>]*type="hidden"', page))
        hidden = {a or b for a, b in hidden}
        assert len(ids) == len(set(ids)), f"duplicate ids on {path}"
        for field_id in set(ids) - hidden:
            assert f'for="{field_id}"' in page, f"{field_id} unlabelled on {path}"


def test_the_thread_page_counts_published_replies_apart_from_the_rest(people, clients, thread):
    """The facts say what members see (published replies), not the last post number given out."""
    from forum.discussion.services.editing import delete_post

    df.add_reply(people["author"], thread, body="Kept reply.")
    withdrawn = df.add_reply(people["author"], thread, body="Withdrawn reply.")
    mf.held_reply(people["author"], thread)
    db.session.flush()
    delete_post(people["author"], withdrawn)
    db.session.commit()
    page = clients("admin").get(f"/moderation/threads/{thread.id}").get_data(as_text=True)
    assert "<dt>Replies</dt><dd>1 published (2 more held, withdrawn or removed" in page
