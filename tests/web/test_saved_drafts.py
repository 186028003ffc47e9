"""Saved drafts of new threads, replies and edits: kept for their author only, offered back when
the composer opens again, gone when posted (saved) or discarded; saving is not posting. An
edit's draft is per post and never offered over a newer version of the post."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.discussion.models import Post, SavedDraft
from forum.extensions import db
from forum.timeutil import utcnow
from tests import discussion_factories as df
from tests import factories
from tests.conftest import login

AUTOSAVE = {"X-Curbside-Autosave": "1"}


@pytest.fixture
def thread(db, member):
    author = factories.make_user(full_name="Rafael Colleague")
    thread = df.start_thread(author, df.make_category("Practice"), title="Handover before leave")
    db.session.commit()
    return thread


def reply_fields(body, **extra):
    return {"body": body, "action": "save_draft", **extra}


def stored(user):
    return db.session.scalars(select(SavedDraft).where(SavedDraft.user_id == user.id)).all()


def test_a_saved_reply_comes_back_when_the_composer_opens_again(member_client, member, thread):
    response = member_client.post(f"/t/{thread.id}/reply", data=reply_fields(
        "Half of my answer", **{"citations-0-value": "PMID: 12345678", "citations-0-note": "the trial"}))
    assert response.status_code == 200 and "Your draft is saved" in response.get_data(as_text=True)
    page = member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "This is your draft, saved" in page and "Half of my answer</textarea>" in page
    assert 'value="PMID: 12345678"' in page and 'value="the trial"' in page
    assert df.count_rows(Post) == 1  # saving posted nothing


def test_nobody_else_sees_a_members_draft(app, member_client, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("My private words"))
    other = app.test_client()
    login(other, factories.make_user(full_name="Olga Other"))
    page = other.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "My private words" not in page and "This is your draft" not in page


def test_the_page_script_saves_with_a_bare_204(member_client, member, thread):
    response = member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Typed so far"), headers=AUTOSAVE)
    assert response.status_code == 204 and response.data == b""
    [draft] = stored(member)
    assert ["body", "Typed so far"] in draft.fields and draft.place == f"reply:{thread.id}"


def test_a_composer_emptied_again_keeps_no_draft(member_client, member, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Typed so far"), headers=AUTOSAVE)
    response = member_client.post(f"/t/{thread.id}/reply", data=reply_fields("   "), headers=AUTOSAVE)
    assert response.status_code == 204 and stored(member) == []


def test_posting_the_reply_removes_its_draft(member_client, member, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Draft words"))
    assert df.post_reply(member_client, thread.id, body="Final words").status_code == 302
    assert stored(member) == []
    page = member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "This is your draft" not in page and "Draft words" not in page


def test_discarding_the_draft(member_client, member, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Draft words"))
    response = member_client.post(f"/t/{thread.id}/reply", data={"body": "Draft words", "action": "discard_draft"})
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{thread.id}/reply"
    assert stored(member) == []
    assert "Your draft is discarded." in member_client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_privacy_declaration_and_the_one_time_key_are_never_kept(member_client, member, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields(
        "Words", privacy_declared="y", privacy_explanation="It is fine", submission_key="k" * 20, csrf_token="t"))
    names = {name for name, _ in stored(member)[0].fields}
    assert names == {"body"}


def test_a_new_thread_draft_keeps_its_choices_and_the_case_template(member_client, member, db):
    category = df.make_category("Nephrology")
    db.session.commit()
    member_client.post("/threads/new", data={
        "category": str(category.id), "kind": "clinical", "title": "Sodium falling", "action": "save_draft",
        "case-age_band": "70-79", "case-presentation": "Fatigue for a week.", "body": ""})
    page = member_client.get("/threads/new").get_data(as_text=True)
    assert 'value="Sodium falling"' in page and "Fatigue for a week.</textarea>" in page
    assert f'<option selected value="{category.id}">' in page
    assert '<option selected value="70-79">' in page


def test_a_quote_asked_for_goes_below_the_saved_words(member_client, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("My start."))
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    page = member_client.get(f"/t/{thread.id}/reply?quote={opening.id}").get_data(as_text=True)
    assert page.index("My start.") < page.index(f"(/posts/{opening.id})")


def test_a_draft_older_than_30_days_is_not_offered(member_client, member, thread):
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Old words"))
    stored(member)[0].updated_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert "Old words" not in member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)


def test_a_draft_larger_than_a_composer_is_refused(member_client, member, thread):
    response = member_client.post(f"/t/{thread.id}/reply", data=reply_fields("x" * 70_000), headers=AUTOSAVE)
    assert response.status_code == 413 and stored(member) == []


@pytest.mark.parametrize("app_overrides", [{"REPLY_LIMIT": "1 per hour"}])
def test_saving_drafts_does_not_use_up_the_reply_limit(member_client, thread):
    for n in range(4):
        assert member_client.post(f"/t/{thread.id}/reply", data=reply_fields(f"Draft {n}"),
                                  headers=AUTOSAVE).status_code == 204
    assert df.post_reply(member_client, thread.id, body="The reply").status_code == 302


@pytest.mark.parametrize("app_overrides", [{"DRAFT_LIMIT": "2 per hour"}])
def test_draft_saves_have_a_limit_of_their_own(member_client, thread):
    codes = [member_client.post(f"/t/{thread.id}/reply", data=reply_fields(f"Draft {n}"), headers=AUTOSAVE).status_code
             for n in range(3)]
    assert codes == [204, 204, 429]


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_a_draft_save_without_the_forms_token_is_refused(app, member, thread):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD, "csrf_token": token})
    response = client.post(f"/t/{thread.id}/reply", data=reply_fields("Forged"), headers=AUTOSAVE)
    assert response.status_code == 400 and stored(member) == []
    composer = client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    token = composer.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/t/{thread.id}/reply", data=reply_fields("Mine", csrf_token=token), headers=AUTOSAVE)
    assert response.status_code == 204 and len(stored(member)) == 1


def test_a_draft_cannot_be_saved_for_a_thread_the_member_may_not_read(member_client, member, thread):
    from forum.moderation.models import ReportReason
    from tests import moderation_factories as mf

    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    mf.report(factories.make_user(full_name="Rita Reporter"), opening, ReportReason.PRIVACY)
    db.session.commit()
    response = member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Words"), headers=AUTOSAVE)
    assert response.status_code == 404 and stored(member) == []


def test_a_save_that_crosses_its_own_post_leaves_no_draft(member_client, member, thread):
    """The page's script may send a save just as the member presses Post: whichever arrives
    last, the posted words are not offered back as a draft."""
    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    assert member_client.post(f"/t/{thread.id}/reply", data={"body": "Final words", "submission_key": key,
                                                             "action": "post"}).status_code == 302
    late = member_client.post(f"/t/{thread.id}/reply", data=reply_fields("Final words", submission_key=key),
                              headers=AUTOSAVE)
    assert late.status_code == 204 and stored(member) == []
    # a save committed after the post's own clean-up (another database transaction) is dropped
    # when the composer opens
    db.session.add(SavedDraft(user_id=member.id, place=f"reply:{thread.id}", fields=[["body", "Final words"]],
                              submission_key=key, updated_at=utcnow()))
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "Final words" not in page and stored(member) == []


def test_a_previewed_reply_is_kept_as_a_draft(member_client, member, thread):
    """Without the page's script, a preview is the moment a member shows the words matter."""
    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    response = member_client.post(f"/t/{thread.id}/reply", data={"body": "Half-written on sodium",
                                                                 "submission_key": key, "action": "preview"})
    assert response.status_code == 200 and df.count_rows(Post) == 1
    page = member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "This is your draft, saved" in page and "Half-written on sodium</textarea>" in page


def test_a_preview_too_large_to_keep_as_a_draft_still_previews(member_client, member, thread):
    key = df.composer_form(member_client, f"/t/{thread.id}/reply")
    response = member_client.post(f"/t/{thread.id}/reply", data={"body": "x" * 70_000, "submission_key": key,
                                                                 "action": "preview"})
    assert response.status_code == 200 and stored(member) == []
    assert "the limit is 20,000" in response.get_data(as_text=True)


# Drafts of edits: one per post, for its author only, offered back over the post as it stands.

@pytest.fixture
def own_post(db, member):
    thread = df.start_thread(member, df.make_category("Nephrology"), title="Sodium on sertraline",
                             body="Na 124 on sertraline.", citations=["12345678"])
    db.session.commit()
    return db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()


def edit_version_on(page):
    return re.search(r'name="edit_version" type="hidden" value="([^"]*)"', page).group(1)


def edit_fields(client, post, body, action="save_draft", **extra):
    """The edit composer of the opening post as its author sends it: opened, then `body` typed
    over the post (the title as it is)."""
    page = client.get(f"/posts/{post.id}/edit").get_data(as_text=True)
    return {"title": "Sodium on sertraline", "body": body, "citations-0-value": "12345678", "citations-0-note": "",
            "citations-1-value": "", "citations-1-note": "", "edit_version": edit_version_on(page),
            "action": action, **extra}


def test_an_edit_keeps_a_draft_for_its_author(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    response = member_client.post(url, data=edit_fields(member_client, own_post, "Na 124, now 118. Half-written"))
    assert response.status_code == 200 and "Your draft is saved" in response.get_data(as_text=True)
    [draft] = stored(member)
    assert draft.place == f"edit:{own_post.id}"
    page = member_client.get(url).get_data(as_text=True)
    assert "This is your draft, saved" in page and "Save it, go on writing, or" in page
    assert "Na 124, now 118. Half-written</textarea>" in page
    assert 'data-autosave' in page and "js/drafts.js" in page
    db.session.refresh(own_post)
    assert own_post.body_source == "Na 124 on sertraline." and own_post.edited_at is None  # nothing saved
    assert "Half-written" not in member_client.get(f"/t/{own_post.thread_id}").get_data(as_text=True)


def test_the_page_script_saves_an_edit_and_nobody_else_sees_it(app, member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    response = member_client.post(url, data=edit_fields(member_client, own_post, "My private second thoughts"),
                                  headers=AUTOSAVE)
    assert response.status_code == 204 and response.data == b""
    for role in ("member", "moderator"):
        other = app.test_client()
        someone = factories.make_user(full_name=f"Olga {role.title()}", role=role)
        db.session.commit()
        assert login(other, someone).status_code == 302
        refused = other.get(url)
        assert refused.status_code == 403 and "My private second thoughts" not in refused.get_data(as_text=True)
        assert "My private second thoughts" not in other.get(f"/t/{own_post.thread_id}").get_data(as_text=True)
        # nor can anyone else save over it, or discard it
        assert other.post(url, data={"body": "Overwritten", "action": "save_draft"}, headers=AUTOSAVE).status_code == 403
        assert other.post(url, data={"action": "discard_draft"}).status_code == 403
    assert ["body", "My private second thoughts"] in stored(member)[0].fields


def test_saving_the_edit_removes_its_draft(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    member_client.post(url, data=edit_fields(member_client, own_post, "Na 118 now."), headers=AUTOSAVE)
    assert len(stored(member)) == 1
    response = member_client.post(url, data=edit_fields(member_client, own_post, "Na 118 now.", action="post"))
    assert response.status_code == 302 and stored(member) == []
    page = member_client.get(url).get_data(as_text=True)
    assert "This is your draft" not in page and "Na 118 now.</textarea>" in page


def test_discarding_an_edits_draft_shows_the_post_again(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    member_client.post(url, data=edit_fields(member_client, own_post, "Second thoughts"))
    response = member_client.post(url, data={"action": "discard_draft"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert stored(member) == []
    page = member_client.get(url).get_data(as_text=True)
    assert "Second thoughts" not in page and "Na 124 on sertraline.</textarea>" in page


def test_an_edit_that_changes_nothing_keeps_no_draft(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    member_client.post(url, data=edit_fields(member_client, own_post, "Changed"), headers=AUTOSAVE)
    # typed back to the post as it is (the browser sends CRLF line ends): the draft goes
    response = member_client.post(url, data=edit_fields(member_client, own_post, "Na 124 on sertraline.\r\n"))
    assert "Nothing is changed from the post yet" in response.get_data(as_text=True)
    assert stored(member) == []


def test_a_new_title_alone_is_worth_a_draft(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    fields = edit_fields(member_client, own_post, "Na 124 on sertraline.", title="Hyponatraemia on sertraline")
    assert member_client.post(url, data=fields, headers=AUTOSAVE).status_code == 204
    assert 'value="Hyponatraemia on sertraline"' in member_client.get(url).get_data(as_text=True)


def test_a_draft_of_an_older_version_of_the_post_is_not_offered(member_client, member, own_post):
    """The page's script may send a save just as the member presses Save changes, and arrive
    after it: the words written against the earlier version are not offered over the new one."""
    url = f"/posts/{own_post.id}/edit"
    opened = edit_fields(member_client, own_post, "Na 118 now, almost")
    assert member_client.post(url, data={**opened, "body": "Na 118 now.", "action": "post"}).status_code == 302
    assert member_client.post(url, data=opened, headers=AUTOSAVE).status_code == 204
    assert len(stored(member)) == 1
    page = member_client.get(url).get_data(as_text=True)
    assert "almost" not in page and "This is your draft" not in page and stored(member) == []
    assert "Na 118 now.</textarea>" in page


def test_a_deleted_post_takes_its_edit_draft_with_it(member_client, member, own_post):
    reply = df.add_reply(member, own_post.thread, "A second post.")
    db.session.commit()
    url = f"/posts/{reply.id}/edit"
    member_client.post(url, data={"body": "Second thoughts", "action": "save_draft"}, headers=AUTOSAVE)
    assert len(stored(member)) == 1
    assert member_client.post(f"/posts/{reply.id}/delete").status_code == 302
    assert stored(member) == []


def test_edit_drafts_have_the_limits_of_the_other_drafts(member_client, member, own_post):
    url = f"/posts/{own_post.id}/edit"
    response = member_client.post(url, data={"body": "x" * 70_000, "action": "save_draft"}, headers=AUTOSAVE)
    assert response.status_code == 413 and stored(member) == []
    page = member_client.post(url, data={"body": "x" * 70_000, "action": "save_draft"}).get_data(as_text=True)
    assert "A draft holds at most 80 fields and 60,000 characters." in page


@pytest.mark.parametrize("app_overrides", [{"DRAFT_LIMIT": "2 per hour", "EDIT_LIMIT": "1 per hour"}])
def test_edit_draft_saves_count_as_draft_saves_not_edits(member_client, own_post):
    url = f"/posts/{own_post.id}/edit"
    codes = [member_client.post(url, data={"body": f"Draft {n}", "action": "save_draft"}, headers=AUTOSAVE).status_code
             for n in range(3)]
    assert codes == [204, 204, 429]
    assert member_client.post(url, data={"title": "Sodium on sertraline", "body": "Saved at last.",
                                         "action": "post"}).status_code == 302


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_an_edit_draft_save_without_the_forms_token_is_refused(app, member, own_post):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"email": member.email, "password": factories.DEFAULT_PASSWORD, "csrf_token": token})
    url = f"/posts/{own_post.id}/edit"
    response = client.post(url, data={"body": "Forged", "action": "save_draft"}, headers=AUTOSAVE)
    assert response.status_code == 400 and stored(member) == []


def test_a_purged_post_quoted_in_a_draft_is_not_offered_back(member_client, member, thread):
    """The member quoted a reply in a draft; a moderator purged that reply: the composer offers
    the draft back with a note in place of the quote, and says nothing of who or what."""
    from forum.moderation.services import purge

    quoted = df.add_reply(thread.author, thread, body="The Zqxhidden sign was absent.")
    moderator = factories.make_user(full_name="Mo Derator", role="moderator")
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}/reply?quote={quoted.id}").get_data(as_text=True)
    body = re.search(r'<textarea[^>]*name="body"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    assert "Zqxhidden" in body
    member_client.post(f"/t/{thread.id}/reply", data=reply_fields(body.replace("&gt;", ">") + "\r\nMy view."))
    purge.purge_post(moderator, quoted, "Identifies a patient.")
    db.session.commit()
    page = member_client.get(f"/t/{thread.id}/reply").get_data(as_text=True)
    assert "This is your draft, saved" in page and "My view." in page
    assert "A quoted post was removed for patient privacy." in page
    assert "Zqxhidden" not in page and f"@{quoted.author.handle} wrote" not in page
