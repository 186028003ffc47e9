"""The accepted answer of a clinical case through the pages: the author's button on each
reply, the opening post's "Answered by" line, the marked reply, the lists' marker, moving and
unmarking, every refusal, the moderator's audited path with its reason, a removed answer no
longer claimed, and a thread page that runs no more statements for any of it."""
import re

import pytest

from forum.extensions import db
from forum.moderation.services import posts as moderation
from tests import discussion_factories as df
from tests import moderation_factories as mf
from tests.web.test_discussion_queries import THREAD_PAGE_BUDGET, statements_for
from tests.unit.test_accepted_answers import people, case  # noqa: F401  (fixtures)


def answer(client, post, value="yes"):
    return client.post(f"/posts/{post.id}/answer", data={"answer": value})


def article(html, number):
    found = re.search(rf'<article class="post[^"]*" id="post-{number}">(.*?)</article>', html, re.S)
    assert found, f"post #{number} not on the page"
    return found.group(1)


def page(client, thread):
    response = client.get(f"/t/{thread.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def latest_row(client, thread):
    html = client.get("/forum/latest").get_data(as_text=True)
    row = re.search(rf'<tr[^>]*>((?:(?!</tr>).)*href="/t/{thread.id}"(?:(?!</tr>).)*)</tr>', html, re.S)
    assert row, "thread not listed"
    return row.group(1)


def test_the_author_marks_a_reply_and_everyone_sees_it(people, clients, case):
    thread, first, _ = case
    asker = clients("asker")
    html = page(asker, thread)
    assert "Mark as the answer" in article(html, 2) and "Mark as the answer" not in article(html, 1)
    assert "Mark as the answer" not in page(clients("other"), thread)
    response = answer(asker, first)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{thread.id}#post-2")
    html = asker.get(response.headers["Location"]).get_data(as_text=True)
    assert "Post #2 by Eve Expert is marked as the answer." in html
    assert "Unmark as the answer" in article(html, 2)
    for reader in ("other", "expert"):
        html = page(clients(reader), thread)
        opening = article(html, 1)
        assert "Answered</strong> by Eve Expert in" in opening
        assert f'href="/posts/{first.id}">post #2</a>' in opening
        assert "Accepted answer" in article(html, 2) and "Accepted answer" not in article(html, 3)
        assert 'class="tag tag-answered">Answered' in html
        assert "Answered" in latest_row(clients(reader), thread)


def test_moving_and_unmarking_the_answer_updates_the_cached_posts(people, clients, case):
    thread, first, second = case
    asker, reader = clients("asker"), clients("other")
    answer(asker, first)
    page(reader, thread)  # the articles are cached with the first answer
    assert answer(asker, second).status_code == 302
    html = page(reader, thread)
    assert "Answered</strong> by Otto Other in" in article(html, 1)
    assert "Accepted answer" not in article(html, 2) and "Accepted answer" in article(html, 3)
    response = answer(asker, second, "no")
    assert "Post #3 is no longer marked as the answer." in asker.get(response.headers["Location"]).get_data(as_text=True)
    html = page(reader, thread)
    assert "Answered" not in html and "Answered" not in latest_row(reader, thread)


def test_resubmitting_changes_nothing_and_says_so(people, clients, case):
    thread, first, second = case
    asker = clients("asker")
    answer(asker, first)
    response = answer(asker, first)
    assert response.status_code == 302
    assert "Post #2 already is the answer." in asker.get(response.headers["Location"]).get_data(as_text=True)
    response = answer(asker, second, "no")
    assert "Post #3 is not the answer: nothing was changed." in asker.get(response.headers["Location"]).get_data(as_text=True)


def test_refusals(people, clients, case):
    thread, first, second = case
    response = answer(clients("other"), first)
    assert response.status_code == 403 and "Only the author of the case" in response.get_data(as_text=True)
    response = answer(clients("asker"), mf.opening(thread))
    assert response.status_code == 409 and "opening post cannot be the answer" in response.get_data(as_text=True)
    general = df.start_thread(people["asker"])
    reply = df.add_reply(people["expert"], general)
    held = mf.held_reply(people["expert"], thread)
    moderation.remove_post(people["moderator"], second, "misinformation", "Unsupported.")
    db.session.commit()
    response = answer(clients("asker"), reply)
    assert response.status_code == 409 and "Only a clinical case" in response.get_data(as_text=True)
    response = answer(clients("asker"), second)
    assert response.status_code == 409 and "not published" in response.get_data(as_text=True)
    assert answer(clients("asker"), held).status_code == 404  # the asker may not see it
    assert "Answered" not in page(clients("asker"), thread)


def test_a_thread_out_of_sight_is_not_found(people, clients):
    thread = mf.held_thread(people["asker"], df.make_category())
    db.session.commit()
    assert answer(clients("other"), mf.opening(thread)).status_code == 404


def test_a_removed_answer_is_no_longer_claimed(people, clients, case):
    thread, first, _ = case
    answer(clients("asker"), first)
    reader = clients("other")
    assert "Answered" in page(reader, thread)
    moderation.remove_post(people["moderator"], first, "misinformation", "Unsupported.")
    db.session.commit()
    html = page(reader, thread)
    assert "Answered" not in html and "Accepted answer" not in html
    assert "Answered" not in latest_row(reader, thread)


def test_a_moderator_marks_and_unmarks_with_a_reason(people, clients, case):
    thread, first, second = case
    client = clients("moderator")
    link = f"/moderation/threads/{thread.id}?answer=3#answer"
    assert f'href="{link}"' in article(page(client, thread), 3)
    form = client.get(f"/moderation/threads/{thread.id}?answer=3").get_data(as_text=True)
    assert 'name="answer-number"' in form and 'value="3"' in form
    url = f"/moderation/threads/{thread.id}/answer"
    response = client.post(url, data={"answer-number": "3", "answer-reason": "The asker confirmed it."})
    assert response.status_code == 302
    assert "Answered</strong> by Otto Other in" in article(page(clients("other"), thread), 1)
    assert "Unmark as the answer…" in article(page(client, thread), 3)
    response = client.post(f"/moderation/threads/{thread.id}/unanswer", data={"unanswer-reason": "Disputed."})
    assert response.status_code == 302
    assert "Answered" not in page(clients("other"), thread)
    entries = mf.audit()
    assert [e.action for e in entries] == ["thread.answer", "thread.unanswer"]
    assert entries[0].reason == "The asker confirmed it." and entries[0].details["number"] == 3
    assert len(mf.moderation_notices(people["asker"])) == 2


@pytest.mark.parametrize("data, status, message", [
    ({"answer-number": "3"}, 400, "Give a reason."),
    ({"answer-reason": "Why."}, 400, "Give the reply&#39;s number"),
    ({"answer-number": "1", "answer-reason": "Why."}, 400, "Give the number of a reply"),
    ({"answer-number": "99", "answer-reason": "Why."}, 400, "This thread has no post with that number."),
    ({"answer-number": "99999999999", "answer-reason": "Why."}, 400, "Give the number of a reply"),
])
def test_the_moderators_form_says_what_is_wrong_beside_the_field(people, clients, case, data, status, message):
    thread, _, _ = case
    response = clients("moderator").post(f"/moderation/threads/{thread.id}/answer", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert re.search(r'<ul class="errors" id="answer-(number|reason)-error">\s*<li>' + re.escape(message), html)
    assert mf.audit() == []


def test_the_moderator_cannot_unmark_what_is_not_marked_nor_act_on_a_general_thread(people, clients, case):
    thread, _, _ = case
    client = clients("moderator")
    response = client.post(f"/moderation/threads/{thread.id}/unanswer", data={"unanswer-reason": "Why."})
    assert response.status_code == 409 and "no accepted answer" in response.get_data(as_text=True)
    general = df.start_thread(people["asker"])
    df.add_reply(people["expert"], general)
    db.session.commit()
    response = client.post(f"/moderation/threads/{general.id}/answer",
                           data={"answer-number": "2", "answer-reason": "Why."})
    assert response.status_code == 409 and "Only a clinical case" in response.get_data(as_text=True)
    response = clients("other").post(f"/moderation/threads/{thread.id}/answer",
                                     data={"answer-number": "2", "answer-reason": "Why."})
    assert response.status_code == 403
    assert mf.audit() == []


def test_the_thread_page_runs_no_more_statements_with_an_answer(people, clients, case):
    thread, first, _ = case
    reader = clients("other")
    page(reader, thread)
    before, _ = statements_for(reader, f"/t/{thread.id}")
    answer(clients("asker"), first)
    page(reader, thread)  # the opening post and the answer are rendered anew (their citations read)
    after, html = statements_for(reader, f"/t/{thread.id}")
    assert "Answered</strong> by Eve Expert" in html
    assert len(after) == len(before) <= THREAD_PAGE_BUDGET, (before, after)


def test_the_replys_author_reads_that_it_answered_the_case(people, clients, case):
    thread, first, _ = case
    answer(clients("asker"), first)
    listed = " ".join(clients("expert").get("/notifications").get_data(as_text=True).split())
    assert "Ada Asker</strong> marked your reply as the answer to" in listed
    assert "Refractory hyponatraemia" in listed
