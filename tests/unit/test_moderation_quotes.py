"""Quoted copies of a post in other posts follow what moderators do to the post: hidden by a
privacy report, removed, redacted or purged, its text leaves the quoting posts (their stored
HTML, revisions and search entries); a dismissed report, a restore or a granted appeal brings
the quotes back."""
import pytest
from sqlalchemy import select

from forum.discussion.models import PostRevision
from forum.discussion.rendering import QUOTE_WITHHELD, quote_source, render_body, withhold_quotes
from forum.discussion.services import editing
from forum.extensions import db
from forum.moderation.models import ReportReason
from forum.moderation.services import appeals, posts, reports
from forum.search import services as search
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "quoter": factories.make_user(full_name="Quinn Quoter"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def quoted(people, unique):
    """(the quoted post, the reply quoting it, the quoted post's unique word)."""
    word = unique("zqq")
    thread = df.start_thread(people["author"], title="Sodium questions", body="Opening post.")
    post = df.add_reply(people["author"], thread, body=f"The patient is {word}.")
    db.session.commit()
    quoting = df.add_reply(people["quoter"], thread, body=quote_source(post) + "Interesting case.")
    db.session.commit()
    assert word in quoting.body_html
    return post, quoting, word


def shows_quote(quoting, word):
    db.session.refresh(quoting)
    return word in quoting.body_html


def found(people, word):
    return [hit.post.id for hit in search.search(people["reader"], word).hits]


def test_a_privacy_report_withholds_the_quotes_and_a_dismissal_brings_them_back(people, quoted):
    post, quoting, word = quoted
    assert quoting.id in found(people, word)
    mf.report(people["reader"], post, ReportReason.PRIVACY)
    assert not shows_quote(quoting, word) and QUOTE_WITHHELD in quoting.body_html
    assert "Interesting case." in quoting.body_html and word in quoting.body_source
    assert found(people, word) == [] and quoting.id in found(people, "interesting")
    assert mf.audit("report.create")[-1].details["quoting_post_ids"] == [quoting.id]
    reports.dismiss_reports(people["moderator"], post, "Nothing identifying.")
    db.session.commit()
    assert shows_quote(quoting, word) and sorted(found(people, word)) == sorted([post.id, quoting.id])
    assert mf.audit("reports.dismiss")[-1].details["quoting_post_ids"] == [quoting.id]


def test_a_removal_withholds_the_quotes_and_a_granted_appeal_brings_them_back(people, quoted):
    post, quoting, word = quoted
    posts.remove_post(people["moderator"], post, ReportReason.UNPROFESSIONAL, "Rude.")
    db.session.commit()
    assert not shows_quote(quoting, word) and found(people, word) == []
    assert mf.audit("post.remove")[-1].details["quoting_post_ids"] == [quoting.id]
    appeal = appeals.file_appeal(people["author"], post, "It was not rude.")
    db.session.commit()
    appeals.decide_appeal(people["moderator2"], appeal, appeals.RESTORE, "Fair point.")
    db.session.commit()
    assert shows_quote(quoting, word) and quoting.id in found(people, word)
    assert mf.audit("post.restore")[-1].details["quoting_post_ids"] == [quoting.id]


def test_the_quoting_posts_earlier_versions_follow_too(people, quoted):
    post, quoting, word = quoted
    draft = df.draft(quote_source(post) + "Interesting case, edited.")
    editing.edit_post(people["quoter"], quoting, draft)
    db.session.commit()
    revision = db.session.scalars(select(PostRevision).where(PostRevision.post_id == quoting.id)).one()
    assert word in revision.body_html
    posts.remove_post(people["moderator"], post, ReportReason.PRIVACY, "Identifies the patient.")
    db.session.commit()
    db.session.refresh(revision)
    assert word not in revision.body_html and word in revision.body_source
    posts.restore_post(people["moderator2"], post, "It does not.")
    db.session.commit()
    db.session.refresh(revision)
    assert word in revision.body_html


def test_a_redaction_cuts_the_quoted_text_out_for_good(people, quoted):
    post, quoting, word = quoted
    posts.redact_post(people["moderator"], post, "The patient is [redacted].", "An identifier.")
    db.session.commit()
    db.session.refresh(quoting)
    assert word not in quoting.body_source and word not in quoting.body_html
    assert "redacted by a moderator" in quoting.body_html and "Interesting case." in quoting.body_html
    assert found(people, word) == []
    assert mf.audit("post.redact")[-1].details["quoting_post_ids"] == [quoting.id]


def test_a_new_post_quoting_a_withheld_post_shows_the_note(people, quoted):
    post, quoting, word = quoted
    source = quote_source(post)
    mf.report(people["reader"], post, ReportReason.PRIVACY)
    rendered = render_body(source + "Late reply.")
    assert word not in rendered.html and QUOTE_WITHHELD in rendered.html
    assert rendered.quoted_post_ids == []


def test_a_quote_of_a_quote_withholds_only_the_inner_quote(people, quoted):
    post, quoting, word = quoted
    second = df.add_reply(people["reader"], quoting.thread, body=quote_source(quoting) + "Me too.")
    db.session.commit()
    assert word in second.body_html
    mf.report(people["moderator"], post, ReportReason.PRIVACY)
    db.session.refresh(second)
    assert word not in second.body_html
    assert "Interesting case." in second.body_html and "Me too." in second.body_html


def test_withhold_quotes_keeps_the_depth_and_the_lines_around():
    source = ("> [@a wrote in post #2](/posts/7)\n>\n> > [@b wrote in post #1](/posts/5)\n> >\n"
              "> > secret\n>\n> kept\n\nmine")
    assert withhold_quotes(source, [5], "[note]") == (
        "> [@a wrote in post #2](/posts/7)\n>\n> > [note]\n>\n> kept\n\nmine")
    assert withhold_quotes(source, [7], "[note]") == "> [note]\n\nmine"
    assert withhold_quotes(source, [9], "[note]") == source


@pytest.mark.parametrize("action", ["privacy report", "removal"])
def test_a_quote_in_another_thread_follows_the_post_too(people, unique, action):
    """A quote marker typed by hand in another thread is a quote like any other: written
    before the post is hidden or removed, it loses its text as one written after would."""
    word = unique("zqx")
    source_thread = df.start_thread(people["author"], title="Sodium questions", body="Opening post.")
    post = df.add_reply(people["author"], source_thread, body=f"The patient is {word}.")
    elsewhere = df.start_thread(people["quoter"], title="Another case", body="Opening post.")
    quoting = df.add_reply(people["quoter"], elsewhere, body=quote_source(post) + "Same here.")
    edited = df.add_reply(people["quoter"], elsewhere, body="Nothing quoted yet.")
    db.session.commit()
    editing.edit_post(people["quoter"], edited, df.draft(quote_source(post) + "Quoted on edit."))
    db.session.commit()
    assert word in quoting.body_html and word in edited.body_html
    if action == "privacy report":
        mf.report(people["reader"], post, reason=ReportReason.PRIVACY)
    else:
        posts.remove_post(people["moderator"], post, ReportReason.UNPROFESSIONAL, "Rude.")
    db.session.commit()
    for other in (quoting, edited):
        db.session.refresh(other)
        assert word not in other.body_html and QUOTE_WITHHELD in other.body_html


def _signed_in(app, user):
    from tests.conftest import login

    client = app.test_client()
    login(client, user)
    return client


def test_quoting_a_post_that_quotes_a_withheld_post_does_not_bring_its_text_back(app, people, quoted):
    """Rex never saw the hidden post; the Quote button on Quinn's reply must not hand it to him."""
    post, quoting, word = quoted
    mf.report(people["moderator"], post, ReportReason.PRIVACY)
    composer = _signed_in(app, people["reader"]).get(f"/t/{quoting.thread_id}/reply?quote={quoting.id}")
    page = composer.get_data(as_text=True)
    assert composer.status_code == 200 and "Interesting case." in page
    assert word not in page and QUOTE_WITHHELD in page


def test_editing_a_post_that_quotes_a_withheld_post_starts_without_its_text(app, people, quoted):
    post, quoting, word = quoted
    posts.remove_post(people["moderator"], post, ReportReason.PRIVACY, "Identifies the patient.")
    db.session.commit()
    page = _signed_in(app, people["quoter"]).get(f"/posts/{quoting.id}/edit").get_data(as_text=True)
    assert "Interesting case." in page and word not in page and QUOTE_WITHHELD in page
