"""Two people acting on the same post at the same moment, through the pages: two moderators
removing it, a moderator removing it while its author deletes it, two members reporting it
for patient privacy. Each pair is forced to read the same state before either writes
(tests.race), as two gunicorn workers would. One action wins; the other is told clearly what
happened; the counters the lists show equal a recount and one audit entry is written."""
import pytest
from sqlalchemy import func, select

from forum.discussion import queries
from forum.moderation import queries as moderation_queries
from forum.discussion.models import Category, Post, PostStatus, Thread
from forum.extensions import db
from tests import discussion_factories as df
from tests import factories
from tests import moderation_factories as mf
from tests.conftest import login
from tests.race import meeting_after, run_together


# Where the pages load the post: each request waits there until the other has loaded it too.
LOADS = ((queries, "get_post_or_404"), (moderation_queries, "get_post_or_404"))


@pytest.fixture
def people(db):
    people = {"author": factories.make_user(full_name="Ann Author"),
              "reader": factories.make_user(full_name="Rex Reader"),
              "reader2": factories.make_user(full_name="Rose Reader"),
              "moderator": factories.make_user(full_name="Mo Derator", role="moderator"),
              "moderator2": factories.make_user(full_name="Meg Second", role="moderator")}
    db.session.commit()
    return people


@pytest.fixture
def reply(people):
    thread = df.start_thread(people["author"], title="Sodium on sertraline", body="Opening post.")
    df.add_reply(people["reader"], thread, body="Check the urine osmolality first.")
    post = df.add_reply(people["author"], thread, body="Fluid restriction worked here.")
    db.session.commit()
    return post


def assert_counts_match_a_recount(thread_id):
    """What the lists show equals a count of the published posts."""
    db.session.expire_all()
    thread = db.session.get(Thread, thread_id)
    published = [p for p in db.session.scalars(select(Post).where(Post.thread_id == thread_id))
                 if p.is_visible]
    assert thread.reply_count == len([p for p in published if p.number > 1])
    category = db.session.get(Category, thread.category_id)
    assert category.post_count == len(published)
    assert category.thread_count == 1


def remove(client, post_id, reason="Dangerous advice."):
    return lambda: client.post(f"/moderation/posts/{post_id}/remove", data={
        "remove-category": "misinformation", "remove-reason": reason})


def test_two_moderators_removing_one_post_at_once(people, clients, reply):
    first, second = clients("moderator"), clients("moderator2")
    with meeting_after(*LOADS):
        answers = run_together(remove(first, reply.id), remove(second, reply.id, "Unsupported."))
    assert sorted(a.status_code for a in answers) == [302, 409]
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert "already removed" in refused
    assert len(mf.audit("post.remove")) == 1
    assert len(mf.moderation_notices(people["author"])) == 1
    assert_counts_match_a_recount(reply.thread_id)


def test_a_moderator_removing_a_post_its_author_deletes(people, clients, reply):
    author, moderator = clients("author"), clients("moderator")
    delete = f"/posts/{reply.id}/delete"
    with meeting_after(*LOADS):
        answers = run_together(lambda: author.post(delete),
                               remove(moderator, reply.id))
    assert all(a.status_code in (302, 409) for a in answers), [a.status_code for a in answers]
    assert_counts_match_a_recount(reply.thread_id)


def test_two_members_reporting_one_post_for_privacy_at_once(people, clients, reply):
    def report(name):
        client, url = clients(name), f"/posts/{reply.id}/report"
        return lambda: client.post(url, data={"reason": "privacy"})

    with meeting_after(*LOADS):
        answers = run_together(report("reader"), report("reader2"))
    assert sorted(a.status_code for a in answers) == [302, 409]
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert "already reported this post for patient privacy" in refused.replace("\n", " ")
    db.session.expire_all()
    assert db.session.get(Post, reply.id).status == PostStatus.HIDDEN
    assert len(mf.moderation_notices(people["author"])) == 1
    assert_counts_match_a_recount(reply.thread_id)


def test_a_reply_written_while_its_thread_moves_counts_in_the_new_category(people, clients, reply):
    """The reply loads its thread (in the old category), the thread moves, then the reply is
    stored: it counts where the thread now is, and the old category keeps nothing of it."""
    import threading
    from unittest import mock

    from forum.discussion.services import posting

    target = df.make_category("Renal")
    db.session.commit()
    target_id, thread_id = target.id, reply.thread_id
    reached, moved = threading.Event(), threading.Event()
    original = posting._ensure_not_repeated

    def held_back(*args, **kwargs):
        reached.set()
        moved.wait(20)
        return original(*args, **kwargs)

    writer, moderator = clients("reader2"), clients("moderator")
    key = df.composer_form(writer, f"/t/{thread_id}/reply")
    with mock.patch.object(posting, "_ensure_not_repeated", held_back):
        answer = _reply_after_move(writer, thread_id, key, reached, moved, moderator, target_id)
    assert answer.status_code == 302
    db.session.expire_all()
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    published = [p for p in db.session.scalars(select(Post).where(Post.thread_id == thread_id)) if p.is_visible]
    assert categories[target_id].post_count == len(published) == 4
    assert categories[target_id].thread_count == 1
    old = next(c for i, c in categories.items() if i != target_id)
    assert (old.thread_count, old.post_count) == (0, 0)


def _reply_after_move(writer, thread_id, key, reached, moved, moderator, target_id):
    """Start the reply in a thread of its own, move the thread once the reply has loaded it,
    then let the reply go on; the reply's answer."""
    import threading

    answer = {}
    worker = threading.Thread(target=lambda: answer.update(
        r=writer.post(f"/t/{thread_id}/reply", data={"body": "Check the cortisol too.", "submission_key": key, "action": "post"})))
    worker.start()
    assert reached.wait(20)
    response = moderator.post(f"/moderation/threads/{thread_id}/move", data={
        "move-category": str(target_id), "move-reason": "Belongs in renal."})
    assert response.status_code == 302, response.status_code
    moved.set()
    worker.join(40)
    return answer["r"]


def seen_on_page(client, post_id, prefix):
    """The hidden status field of a form on the post's review page, as the moderator's browser sends it."""
    import re

    page = client.get(f"/moderation/posts/{post_id}").get_data(as_text=True)
    return re.search(rf'id="{prefix}-seen_status" name="{prefix}-seen_status" type="hidden" value="(\w+)"',
                     page).group(1)


@pytest.mark.parametrize("second_action", ["approve", "remove"])
def test_two_moderators_deciding_one_held_reply_at_once(people, clients, reply, second_action):
    """Both moderators read the review page of a held reply; one approves, the other approves or
    removes it at the same moment. Whichever comes second acted on a post it saw held and is
    refused (409, saying what the post is now): one decision, one audit entry."""
    held = mf.held_reply(people["reader"], reply.thread)
    db.session.commit()
    post_id, thread_id = held.id, held.thread_id
    first_client, second_client = clients("moderator"), clients("moderator2")
    seen = {"approve": seen_on_page(first_client, post_id, "approve"),
            second_action: seen_on_page(second_client, post_id, second_action)}
    assert set(seen.values()) == {"held"}
    approve = (lambda client: lambda: client.post(f"/moderation/posts/{post_id}/approve", data={
        "approve-reason": "A published case report.", "approve-seen_status": seen["approve"]}))
    remove_seen = (lambda client: lambda: client.post(f"/moderation/posts/{post_id}/remove", data={
        "remove-category": "misinformation", "remove-reason": "Dangerous advice.",
        "remove-seen_status": seen["remove"]}))
    second = approve if second_action == "approve" else remove_seen
    with meeting_after(*LOADS):
        answers = run_together(approve(first_client), second(second_client))
    codes = [a.status_code for a in answers]
    decided = [e.action for e in mf.audit() if e.action in ("post.approve_held", "post.remove")]
    assert sorted(codes) == [302, 409], codes
    assert len(decided) == 1
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    now = "published" if decided[0] == "post.approve_held" else "removed"
    assert f"Another moderator acted on this post a moment ago: it is now {now}." in refused
    db.session.expire_all()
    thread = db.session.get(Thread, thread_id)
    numbers = sorted(db.session.scalars(select(Post.number).where(Post.thread_id == thread_id)))
    assert len(numbers) == len(set(numbers)) == 4  # an approved reply takes one new number, once
    assert thread.post_count == (5 if decided[0] == "post.approve_held" else 4)
    assert_counts_match_a_recount(thread_id)


def test_an_action_on_a_post_another_moderator_changed_since_the_page_was_read(people, clients, reply):
    """No race needed: the page was read, another moderator removed the post, then the first
    purges, approves or restores from the page they read. Refused with 409, the page shown again
    with the post as it is now; a second try from that page goes through."""
    first, second = clients("moderator"), clients("moderator2")
    seen = seen_on_page(first, reply.id, "purge")
    assert seen == "visible"
    assert remove(second, reply.id)().status_code == 302
    refused = first.post(f"/moderation/posts/{reply.id}/purge", data={
        "purge-confirm": "y", "purge-reason": "Names a patient.", "purge-seen_status": seen})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Another moderator acted on this post a moment ago: it is now removed." in body
    assert "Restore post" in body  # the page as the post is now
    db.session.expire_all()
    assert db.session.get(Post, reply.id).status == PostStatus.REMOVED and not mf.audit("post.purge")
    again = first.post(f"/moderation/posts/{reply.id}/purge", data={
        "purge-confirm": "y", "purge-reason": "Names a patient.",
        "purge-seen_status": seen_on_page(first, reply.id, "purge")})
    assert again.status_code == 302 and len(mf.audit("post.purge")) == 1


def test_removing_all_of_a_members_posts_while_a_moderator_acts_in_one_of_their_threads(app, people):
    """An admin removes every post of a member (threads A and B) while a moderator removes
    another post in thread B. Forced order: the moderator holds thread B, the admin has written
    its first audit entry. Locking every thread before the first audit entry, both finish; in
    the opposite order PostgreSQL found a deadlock and one of them failed."""
    import threading
    from unittest import mock

    from forum.auth.models import User
    from forum.discussion.services import counters
    from forum.moderation.services import posts as moderation

    admin = factories.make_user(full_name="Ada Admin", role="admin")
    first = df.start_thread(people["reader"], title="Thread A here", body="Opening A.")
    second = df.start_thread(people["reader2"], title="Thread B here", body="Opening B.")
    df.add_reply(people["author"], first, body="Spam one.")
    df.add_reply(people["author"], second, body="Spam two.")
    other = df.add_reply(people["reader"], second, body="Unsupported claim.")
    db.session.commit()
    ids = {"admin": admin.id, "author": people["author"].id, "moderator": people["moderator"].id,
           "other": other.id}
    moderator_holds, admin_audited = threading.Event(), threading.Event()
    lock_post, record = counters.lock_post, moderation.record

    def moderator_locks(post):
        lock_post(post)
        if threading.current_thread().name == "moderator":
            moderator_holds.set()
            admin_audited.wait(5)

    def admin_records(*args, **kwargs):
        entry = record(*args, **kwargs)
        if threading.current_thread().name == "admin" and not admin_audited.is_set():
            admin_audited.set()
            moderator_holds.wait(5)
        return entry

    def as_admin():
        with app.app_context():
            moderation.remove_all_posts(db.session.get(User, ids["admin"]), db.session.get(User, ids["author"]),
                                        "credentials", "Compromised account.")
            db.session.commit()
            return "done"

    def as_moderator():
        with app.app_context():
            moderation.remove_post(db.session.get(User, ids["moderator"]), db.session.get(Post, ids["other"]),
                                   "misinformation", "Unsupported.")
            db.session.commit()
            return "done"

    results = {}
    workers = [threading.Thread(name=name, target=lambda n=name, f=f: results.update({n: _outcome(f)}))
               for name, f in (("moderator", as_moderator), ("admin", as_admin))]
    with mock.patch.object(counters, "lock_post", moderator_locks), \
            mock.patch.object(moderation, "record", admin_records):
        workers[0].start()
        assert moderator_holds.wait(10)
        workers[1].start()
        for worker in workers:
            worker.join(60)
    assert results == {"moderator": "done", "admin": "done"}
    assert len(mf.audit("post.remove")) == 3
    for thread in (first, second):
        assert_thread_counts(thread.id)


def _outcome(call):
    try:
        return call()
    except Exception as exc:  # noqa: BLE001  (the test compares outcomes)
        return repr(exc)[:300]


def assert_thread_counts(thread_id):
    db.session.expire_all()
    thread = db.session.get(Thread, thread_id)
    published = [p for p in db.session.scalars(select(Post).where(Post.thread_id == thread_id)) if p.is_visible]
    assert thread.reply_count == len([p for p in published if p.number > 1])


def test_two_threads_moved_in_opposite_directions_at_once(people, clients):
    """Thread A moves from Cardiology to Renal while thread B moves from Renal to Cardiology.
    Each move changes both categories' counters: forced to meet after each has changed its first
    category, PostgreSQL found a deadlock and one move failed. Locking both category rows up
    front in one order, the second waits for the first (the meeting times out) and both move."""
    from forum.discussion.services import counters

    cardiology, renal = df.make_category("Cardiology"), df.make_category("Renal")
    first = df.start_thread(people["reader"], cardiology, title="Thread A here")
    second = df.start_thread(people["reader2"], renal, title="Thread B here")
    df.add_reply(people["author"], first, body="A reply in A.")
    db.session.commit()
    ids = {"A": first.id, "B": second.id, "cardiology": cardiology.id, "renal": renal.id}

    def move(client, thread_id, category_id):
        return lambda: client.post(f"/moderation/threads/{thread_id}/move", data={
            "move-category": str(category_id), "move-reason": "Belongs there."})

    with meeting_after((counters, "shift_category"), timeout=3):
        answers = run_together(move(clients("moderator"), ids["A"], ids["renal"]),
                               move(clients("moderator2"), ids["B"], ids["cardiology"]))
    assert [a.status_code for a in answers] == [302, 302], [a.status_code for a in answers]
    db.session.expire_all()
    assert db.session.get(Thread, ids["A"]).category_id == ids["renal"]
    assert db.session.get(Thread, ids["B"]).category_id == ids["cardiology"]
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    assert (categories[ids["renal"]].thread_count, categories[ids["renal"]].post_count) == (1, 2)
    assert (categories[ids["cardiology"]].thread_count, categories[ids["cardiology"]].post_count) == (1, 1)
    assert len(mf.audit("thread.move")) == 2


def test_purging_a_post_while_a_moderator_removes_a_post_quoting_it(app, people):
    """A held post P (thread A) is quoted by Q (thread B). One moderator purges P (closing its
    hold writes the first audit entry) while another removes Q. Forced order: the remover holds
    Q, the purge has written its first audit entry. The purge rewrites Q (the quote goes), the
    remover waits for the audit log: PostgreSQL found a deadlock and one of them failed. Locking
    the quoting posts before the first audit entry, both finish."""
    import threading
    from unittest import mock

    from forum.auth.models import User
    from forum.discussion.rendering import quote_source
    from forum.discussion.services import counters, editing
    from forum.moderation.services import posts as moderation
    from forum.moderation.services import purge
    from forum.privacy import holds

    first = df.start_thread(people["reader"], title="Thread A here", body="Opening A.")
    second = df.start_thread(people["reader2"], title="Thread B here", body="Opening B.")
    quoted = df.add_reply(people["author"], first, body="Fluid restriction worked here.")
    db.session.commit()
    quoting = df.add_reply(people["reader"], second, body=quote_source(quoted) + "Not in my hands.")
    db.session.commit()
    draft = df.draft(mf.IDENTIFYING)
    draft.privacy_declared, draft.privacy_explanation = True, mf.EXPLANATION
    editing.edit_post(people["author"], quoted, draft)  # the edit is held for review
    db.session.commit()
    assert quoted.status == PostStatus.HELD
    ids = {"purger": people["moderator2"].id, "remover": people["moderator"].id,
           "quoted": quoted.id, "quoting": quoting.id}
    remover_holds, purge_audited = threading.Event(), threading.Event()
    lock_post, record = counters.lock_post, holds.record

    def remover_locks(post):
        lock_post(post)
        if threading.current_thread().name == "remover":
            remover_holds.set()
            purge_audited.wait(5)

    def purger_records(*args, **kwargs):
        entry = record(*args, **kwargs)
        if threading.current_thread().name == "purger" and not purge_audited.is_set():
            purge_audited.set()
            remover_holds.wait(5)
        return entry

    def as_purger():
        with app.app_context():
            purge.purge_post(db.session.get(User, ids["purger"]), db.session.get(Post, ids["quoted"]),
                             "Identifies a patient.")
            db.session.commit()
            return "done"

    def as_remover():
        with app.app_context():
            moderation.remove_post(db.session.get(User, ids["remover"]), db.session.get(Post, ids["quoting"]),
                                   "misinformation", "Unsupported.")
            db.session.commit()
            return "done"

    results = {}
    workers = [threading.Thread(name=name, target=lambda n=name, f=f: results.update({n: _outcome(f)}))
               for name, f in (("remover", as_remover), ("purger", as_purger))]
    with mock.patch.object(counters, "lock_post", remover_locks), mock.patch.object(holds, "record", purger_records):
        workers[0].start()
        assert remover_holds.wait(10)
        workers[1].start()
        for worker in workers:
            worker.join(60)
    assert results == {"remover": "done", "purger": "done"}
    db.session.expire_all()
    removed = db.session.get(Post, ids["quoting"])
    assert removed.status == PostStatus.REMOVED and "removed for patient privacy" in removed.body_source
    assert "Fluid restriction" not in removed.body_source
    assert len(mf.audit("post.purge")) == len(mf.audit("post.remove")) == 1
    for thread in (first, second):
        assert_thread_counts(thread.id)


@pytest.fixture
def appealed(people, reply):
    """The reply removed by "moderator" and appealed by its author; an admin joins the
    moderators, so two people other than the remover may decide."""
    from forum.moderation.models import ReportReason
    from forum.moderation.services import appeals, posts

    people["admin"] = factories.make_user(full_name="Ada Admin", role="admin")
    posts.remove_post(people["moderator"], reply, ReportReason.UNPROFESSIONAL, "Rude.")
    appeal = appeals.file_appeal(people["author"], reply, "It was banter between colleagues.")
    db.session.commit()
    return appeal


def decide(client, appeal_id, seen, decision, reason):
    return lambda: client.post(f"/moderation/appeals/{appeal_id}/decide", data={
        "appeal-decision": decision, "appeal-reason": reason, "appeal-seen_status": seen})


def test_two_moderators_deciding_one_appeal_at_once(people, clients, reply, appealed):
    """Both read the review page with the open appeal; one upholds the removal while the other
    restores the post. The second is refused (409) and told who decided and how: one decision,
    one audit entry, one message to the author."""
    from forum.moderation.models import Appeal, AppealStatus

    post_id, appeal_id = reply.id, appealed.id
    notices_before = len(mf.moderation_notices(people["author"]))
    uphold_client, restore_client = clients("moderator2"), clients("admin")
    seen = {name: seen_on_page(client, post_id, "appeal")
            for name, client in (("uphold", uphold_client), ("restore", restore_client))}
    assert set(seen.values()) == {"removed"}
    with meeting_after((moderation_queries, "get_appeal_or_404")):
        answers = run_together(decide(uphold_client, appeal_id, seen["uphold"], "uphold", "It was rude."),
                               decide(restore_client, appeal_id, seen["restore"], "restore", "Banter."))
    assert sorted(a.status_code for a in answers) == [302, 409], [a.status_code for a in answers]
    [entry] = mf.audit("appeal.decide")
    db.session.expire_all()
    appeal = db.session.get(Appeal, appeal_id)
    winner, label = (("Meg Second", "removal upheld") if entry.details["decision"] == "uphold"
                     else ("Ada Admin", "post restored"))
    assert appeal.status == (AppealStatus.UPHELD if label == "removal upheld" else AppealStatus.GRANTED)
    assert appeal.decided_by.full_name == winner
    refused = next(a for a in answers if a.status_code == 409).get_data(as_text=True)
    assert (f"{winner} decided this appeal a moment ago: {label}. Your decision was not recorded "
            "and nothing was changed; read the page again.") in refused
    assert len(mf.audit("post.restore")) == (1 if label == "post restored" else 0)
    assert len(mf.moderation_notices(people["author"])) == notices_before + 1
    assert_counts_match_a_recount(reply.thread_id)


def test_deciding_an_appeal_from_a_page_read_before_the_post_was_restored(people, clients, reply, appealed):
    """No race needed: a moderator reads the appeal, an admin restores the post from its own
    form (which grants the appeal), then the moderator upholds the removal from the page they
    read. Refused (409) naming the admin's decision; the post stays restored."""
    first = clients("moderator2")
    seen = seen_on_page(first, reply.id, "appeal")
    restored = clients("admin").post(f"/moderation/posts/{reply.id}/restore", data={
        "restore-reason": "Banter, not rudeness.", "restore-seen_status": "removed"})
    assert restored.status_code == 302
    refused = decide(first, appealed.id, seen, "uphold", "It was rude.")()
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Ada Admin decided this appeal a moment ago: post restored." in body
    assert "Decide the appeal" not in body  # the page as it is now: nothing left to decide
    db.session.expire_all()
    assert db.session.get(Post, reply.id).status == PostStatus.VISIBLE
    assert not mf.audit("appeal.decide") and len(mf.audit("post.restore")) == 1
