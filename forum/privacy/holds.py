"""Privacy holds: a post the screen flagged and its author declared harmless waits, invisible,
for a moderator to approve it (published) or remove it (closed by the moderation feature).

Services flush and never commit; each change writes its audit entry in the same transaction.
Audit entries name finding kinds only, never the flagged text or the author's explanation, so
a later purge of the post leaves no identifier in the (append-only) log.
"""
from functools import cache

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from forum.audit.services import record
from forum.auth.models import Role
from forum.discussion.models import Post, PostStatus, Thread
from forum.discussion.rendering import render_body
from forum.discussion.services import counters
from forum.database import constant
from forum.errors import Conflict, InvalidState, NotAllowed, ValidationFailed
from forum.extensions import db
from forum.mail.services import absolute_url, queue_mail
from forum.notifications.models import NotificationKind
from forum.notifications.services import (email_enabled, notify_edited_post, notify_new_post,
                                          notify_user)
from forum.privacy.models import HoldOrigin, HoldOutcome, PrivacyHold
from forum.search.services import index_post, remove_post
from forum.security.permissions import is_admin, is_moderator
from forum.timeutil import utcnow

EXPLANATION_MIN, EXPLANATION_MAX = 10, 500
REASON_MAX = 500


def clean_explanation(value) -> str:
    """The explanation as stored: one line of text, spaces collapsed, no NUL characters."""
    return " ".join((value or "").replace("\x00", "").split())


def explanation_problem(value) -> str | None:
    """Why `value` is not an acceptable explanation, or None when it is."""
    text = clean_explanation(value)
    if len(text) < EXPLANATION_MIN:
        return (f"Explain in at least {EXPLANATION_MIN} characters why the highlighted text "
                f"does not identify a patient.")
    if len(text) > EXPLANATION_MAX:
        return f"Your explanation is {len(text)} characters long; the limit is {EXPLANATION_MAX}."
    return None


def hold_post(post: Post, findings, explanation: str, *, origin: str | None = None) -> PrivacyHold:
    """Hold `post` (status "held") with the screen's `findings` (Finding objects or their
    as_dict()) and the author's `explanation`; the author is the actor.

    `origin` (thread, reply or edit) defaults to what the post says: edited -> edit, number 1
    -> thread, else reply. An edited post leaves the search index. Raises ValidationFailed
    (no findings; explanation missing, short or long: field "privacy_explanation") or Conflict
    (the post already has an open hold). Audit: `post.hold`. Flushes, never commits.
    """
    problem = explanation_problem(explanation)
    if problem:
        raise ValidationFailed(problem, field="privacy_explanation")
    rows = [f.as_dict() if hasattr(f, "as_dict") else dict(f) for f in findings or ()]
    if not rows:
        raise ValidationFailed("The screen found nothing in this post: there is nothing to hold.")
    if origin is None:
        origin = (HoldOrigin.EDIT if post.edited_at else
                  HoldOrigin.THREAD if post.number == 1 else HoldOrigin.REPLY)
    if origin not in HoldOrigin.ALL:
        raise ValidationFailed(f"Unknown hold origin {origin!r}.")
    db.session.flush()  # a new post needs its id
    if open_hold_for(post) is not None:
        raise Conflict("This post is already waiting for moderator review.")
    post.status = PostStatus.HELD
    hold = PrivacyHold(post=post, post_id=post.id, author_id=post.author_id, origin=origin,
                       findings=rows, explanation=clean_explanation(explanation),
                       created_at=utcnow())
    db.session.add(hold)
    db.session.flush()
    if origin == HoldOrigin.EDIT:
        remove_post(post)
    record(post.author, "post.hold", "post", post.id, target_label=_post_label(post),
           details={"hold_id": hold.id, "origin": origin, "finding_kinds": hold.finding_kinds,
                    "finding_count": len(rows)})
    return hold


def open_hold_for(post: Post) -> PrivacyHold | None:
    """The post's undecided hold, if any."""
    return db.session.scalar(select(PrivacyHold).where(PrivacyHold.post_id == post.id,
                                                       PrivacyHold.decided_at.is_(None)))


def open_holds() -> list[PrivacyHold]:
    """Every undecided hold, oldest first, with post, thread, category and author loaded."""
    return list(db.session.scalars(
        select(PrivacyHold).where(PrivacyHold.decided_at.is_(None))
        .order_by(PrivacyHold.created_at, PrivacyHold.id)
        .options(joinedload(PrivacyHold.author),
                 joinedload(PrivacyHold.post).joinedload(Post.thread).joinedload(Thread.category))))


def holds_for_posts(post_ids) -> dict[int, list[PrivacyHold]]:
    """{post id: its holds, newest first} for several posts in one query (queue context,
    moderation history)."""
    found: dict[int, list[PrivacyHold]] = {}
    ids = [post_id for post_id in post_ids or () if post_id is not None]
    if not ids:
        return found
    for hold in db.session.scalars(select(PrivacyHold).where(PrivacyHold.post_id.in_(ids))
                                   .order_by(PrivacyHold.created_at.desc(), PrivacyHold.id.desc())):
        found.setdefault(hold.post_id, []).append(hold)
    return found


@cache
def unpublished_thread_ids():
    """SELECT of the ids of threads never published: their opening post is held, or was held
    and then removed, without ever being approved. Lists leave them out (small set: NOT IN)."""
    return (select(Post.thread_id).join(PrivacyHold, PrivacyHold.post_id == Post.id)
            .where(PrivacyHold.origin == constant(HoldOrigin.THREAD),
                   or_(PrivacyHold.outcome.is_(None),
                       PrivacyHold.outcome != constant(HoldOutcome.APPROVED))))


def is_unpublished_thread(thread: Thread) -> bool:
    """Was `thread` never published (its opening post held, or removed while held)? One query."""
    return db.session.scalar(select(func.count()).select_from(
        unpublished_thread_ids().where(Post.thread_id == thread.id).subquery())) > 0


def approve_hold(actor, hold: PrivacyHold, reason: str) -> Post:
    """Publish a held post: it becomes visible and searchable. A held new thread or reply is
    published as if written now (forum.discussion.services.counters.publish_held_post: a reply
    takes the thread's next number, so readers who read past its old place see it as new, and a
    new thread starts at the approval, as its page and the lists then date it); it
    counts in its thread and category and moves their last activity, and the people it
    concerns (mentions, quotes, the thread author) are notified as for any new post.
    An approved edit notifies only the members its text mentions or quotes who were not yet
    told about the post. Nobody is notified while the thread is out of members' sight.
    The author gets a moderation notification and an email (thread title and link only).

    Raises NotAllowed (not a moderator, own post, a moderator acting on an admin's post),
    InvalidState (already decided) or ValidationFailed (reason missing or too long).
    Audit: `post.approve_held`. Flushes, never commits.
    """
    reason = _check_decision(actor, hold, reason)
    post = hold.post
    now = utcnow()
    before = counters.before_change(post)
    _decide(actor, hold, HoldOutcome.APPROVED, reason, now)
    post.status = PostStatus.VISIBLE
    if hold.pending_title is not None:
        post.thread.title = hold.pending_title
    if hold.origin in (HoldOrigin.THREAD, HoldOrigin.REPLY):
        counters.publish_held_post(post, now)
    db.session.flush()
    counters.after_change(post, before)
    index_post(post)
    rendered = render_body(post.body_source)  # mentions and quotes, as at write time
    if hold.origin in (HoldOrigin.THREAD, HoldOrigin.REPLY):
        notify_new_post(post, rendered.mentioned_users, rendered.quoted_post_ids)
    else:  # an edit: those it mentions or quotes who were not yet told about the post
        notify_edited_post(post, rendered.mentioned_users, rendered.quoted_post_ids)
    _notify_author(post)
    record(actor, "post.approve_held", "post", post.id, target_label=_post_label(post),
           reason=reason, details={"hold_id": hold.id, "origin": hold.origin,
                                   "finding_kinds": hold.finding_kinds})
    return post


def close_hold(actor, hold: PrivacyHold, outcome: str, reason: str) -> PrivacyHold:
    """Record the decision on a hold without touching its post: the moderation feature calls
    this when it removes (or purges) a held post, and changes the post itself.

    Raises NotAllowed, InvalidState (already decided) or ValidationFailed (unknown outcome,
    reason missing or too long). Audit: `privacy_hold.close`. Flushes, never commits.
    """
    if outcome not in HoldOutcome.ALL:
        raise ValidationFailed(f"A hold is closed as {' or '.join(HoldOutcome.ALL)}, not {outcome!r}.")
    reason = _check_decision(actor, hold, reason)
    _decide(actor, hold, outcome, reason, utcnow())
    db.session.flush()
    record(actor, "privacy_hold.close", "privacy_hold", hold.id,
           target_label=f"hold {hold.id} on {_post_label(hold.post)}", reason=reason,
           details={"post_id": hold.post_id, "outcome": outcome, "origin": hold.origin,
                    "finding_kinds": hold.finding_kinds})
    return hold


def scrub_holds(post: Post):
    """Destroy the text the holds of `post` keep (the flagged spans and the author's
    explanation), leaving kinds and offsets: for a purge. Flushes; no audit entry (the purge
    writes its own)."""
    for hold in db.session.scalars(select(PrivacyHold).where(PrivacyHold.post_id == post.id)):
        hold.findings = [{**finding, "text": ""} for finding in hold.findings or []]
        hold.explanation = ""
        hold.pending_title = None
    db.session.flush()


def scrub_quoted_findings(post_ids, quoted_texts) -> list[int]:
    """For a purge: in the holds of the posts `post_ids` (which quoted the purged post), blank
    the text of every finding that comes from `quoted_texts` (the purged post's versions), so
    the identifiers the quote copied do not outlive the purge; the quoting author's own findings
    stay for the moderator deciding the hold. Returns the ids of the holds changed. Flushes; no
    audit entry (the purge writes its own)."""
    ids = [post_id for post_id in post_ids or () if post_id is not None]
    purged = [_comparable(text) for text in quoted_texts or () if text]
    if not ids or not purged:
        return []
    changed = []
    for hold in db.session.scalars(select(PrivacyHold).where(PrivacyHold.post_id.in_(ids))
                                   .order_by(PrivacyHold.id)):
        findings = [{**finding, "text": ""} if _quoted(finding, purged) else finding
                    for finding in hold.findings or []]
        if findings != (hold.findings or []):
            hold.findings = findings
            changed.append(hold.id)
    db.session.flush()
    return changed


def _quoted(finding, purged_texts) -> bool:
    text = _comparable(finding.get("text") or "")
    return bool(text) and any(text in purged for purged in purged_texts)


def _comparable(text: str) -> str:
    """Text as a quote copies it, whatever its lines' "> " prefixes and spacing: for matching."""
    return " ".join(text.replace(">", " ").split()).casefold()


def _check_decision(actor, hold: PrivacyHold, reason) -> str:
    if not is_moderator(actor):
        raise NotAllowed("Only moderators decide on held posts.")
    post = hold.post
    if post.author_id == actor.id:
        raise NotAllowed("Moderators cannot act on their own posts.")
    if post.author.role == Role.ADMIN and not is_admin(actor):
        raise NotAllowed("Moderators cannot act on an admin's posts.")
    if not hold.is_open:
        raise InvalidState(f"This hold was already decided: the post was {hold.outcome}.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed("Give a reason.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"The reason is {len(reason)} characters long; the limit is {REASON_MAX}.",
                               field="reason")
    return reason


def _decide(actor, hold, outcome, reason, now):
    hold.decided_at = now
    hold.decided_by_id = actor.id
    hold.outcome = outcome
    hold.decision_reason = reason


def _notify_author(post: Post):
    """In-app notice; an email too, sent here unless the author's preference already sends one.
    Like every moderation notice it names no moderator (members are told "the moderators")."""
    author = post.author
    notification = notify_user(author, NotificationKind.MODERATION, thread=post.thread, post=post)
    if notification is None or email_enabled(author):
        return
    queue_mail(author.email, "Your held post on Curbside is published", "privacy_hold_approved",
               user=author, thread_title=" ".join(post.thread.title.split()),
               link=absolute_url("notifications.open_notification", notification_id=notification.id))


def _post_label(post: Post) -> str:
    return f"post {post.id} (#{post.number} in thread {post.thread_id})"
