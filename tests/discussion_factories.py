"""Discussion content for tests: categories, threads and replies made through the services
(so counters, revisions and hooks are real), bulk rows for list tests, and composer helpers
for the test client (the one-time submission key, the form fields of a clinical post)."""
import itertools
import re
import secrets
from datetime import timedelta

from forum.discussion.drafts import (CitationInput, DisclosureInput, PostDraft,
                                     RelationshipInput, ThreadDraft)
from forum.discussion.models import Category, Post, Thread, ThreadKind
from forum.discussion.services import posting
from forum.extensions import db
from forum.timeutil import utcnow

_counter = itertools.count(1)
NO_CONFLICTS = DisclosureInput("none")


def make_category(name=None, *, archived=False, position=None, description=""):
    n = next(_counter)
    category = Category(name=name or f"Category {n}", description=description,
                        position=n if position is None else position,
                        archived_at=utcnow() if archived else None)
    db.session.add(category)
    db.session.flush()
    return category


def draft(body="A post.", *, citations=(), disclosure=None, key=None) -> PostDraft:
    return PostDraft(body=body, citations=[CitationInput(*c) if isinstance(c, tuple) else CitationInput(c)
                                           for c in citations],
                     disclosure=disclosure, submission_key=key or secrets.token_urlsafe(24))


def start_thread(author, category=None, *, title=None, body="Opening post.", kind=ThreadKind.GENERAL,
                 citations=None, disclosure=None):
    """A thread through posting.create_thread; clinical threads get a PMID and "no conflicts"."""
    category = category or make_category()
    if kind == ThreadKind.CLINICAL:
        citations = ["12345678"] if citations is None else citations
        disclosure = disclosure or NO_CONFLICTS
    return posting.create_thread(author, ThreadDraft(
        category.id, title or f"Thread number {next(_counter)}", kind,
        draft(body, citations=citations or (), disclosure=disclosure)))


def add_reply(author, thread, body="A reply.", *, disclosure=None, citations=()):
    if thread.is_clinical and disclosure is None:
        disclosure = NO_CONFLICTS
    return posting.create_reply(author, thread, draft(body, citations=citations, disclosure=disclosure))


def declared(*relationships) -> DisclosureInput:
    return DisclosureInput("declared", [RelationshipInput(*r) for r in relationships])


def bulk_threads(category, author, count, *, start=None, minutes_apart=1):
    """`count` threads inserted directly (newest last), each with its opening post."""
    start = start or utcnow() - timedelta(days=30)
    threads = []
    for i in range(count):
        at = start + timedelta(minutes=i * minutes_apart)
        thread = Thread(category=category, author=author, title=f"Bulk thread {i + 1:03d}",
                        kind=ThreadKind.GENERAL, created_at=at, last_post_at=at, post_count=1)
        db.session.add(thread)
        db.session.add(Post(thread=thread, author=author, number=1, body_source="Bulk.",
                            body_html="<p>Bulk.</p>", created_at=at))
        threads.append(thread)
    category.thread_count += count
    category.post_count += count
    category.last_post_at = start + timedelta(minutes=(count - 1) * minutes_apart)
    db.session.flush()
    return threads


_KEY_RE = re.compile(r'name="submission_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission_key"')


def submission_key(response) -> str:
    """The one-time key of the composer form in `response`."""
    match = _KEY_RE.search(response.get_data(as_text=True))
    assert match, "no submission key in the composer"
    return match.group(1) or match.group(2)


def composer_form(client, url):
    """GET a composer and return its submission key (the form also needs it when posted)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return submission_key(response)


def clinical_fields(*, choice="none", citations=("PMID: 12345678",), relationships=()):
    """Form fields for the disclosure and citations of a clinical post."""
    data = {"disclosure-choice": choice}
    for i, value in enumerate(citations):
        data[f"citations-{i}-value"] = value
    for i, (kind, body, note) in enumerate(relationships):
        data.update({f"disclosure-relationships-{i}-type": kind,
                     f"disclosure-relationships-{i}-body": body,
                     f"disclosure-relationships-{i}-note": note})
    return data


def count_rows(model, *where):
    from sqlalchemy import func, select
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def post_new_thread(client, in_category, **fields):
    """Open the composer, then post a thread through it; `fields` (form field names) override
    the defaults: a clinical thread titled "Sodium falling on an SSRI" in `in_category`."""
    data = {"category": str(in_category.id), "kind": "clinical", "title": "Sodium falling on an SSRI",
            "body": "What would you do next?", "action": "post",
            "submission_key": composer_form(client, "/threads/new")}
    data.update(fields)
    return client.post("/threads/new", data=data)


def post_reply(client, thread_id, *, body="I agree.", **fields):
    data = {"body": body, "submission_key": composer_form(client, f"/t/{thread_id}/reply"),
            "action": "post"}
    data.update(fields)
    return client.post(f"/t/{thread_id}/reply", data=data)
