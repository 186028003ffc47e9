"""Authors edit their posts (every earlier version kept as a revision) and delete them (a
tombstone keeps the thread readable). Flush, never commit."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.discussion import hooks
from forum.discussion.drafts import PostDraft, Problems
from forum.discussion.models import Post, PostCitation, PostRevision
from forum.discussion.services import counters, saved_drafts
from forum.discussion.services.composing import check_title, prepare_post
from forum.discussion.services.quote_links import record_quotes
from forum.errors import Conflict, InvalidState, NotAllowed
from forum.extensions import db
from forum.privacy.holds import hold_post
from forum.privacy.models import HoldOrigin
from forum.timeutil import utcnow


class EditConflict(Conflict):
    """The post changed after the edit form was opened (another tab, or a moderator): saving
    would silently throw that version away. `version` is the post's version now."""

    def __init__(self, version: int):
        super().__init__("This post was changed after you opened this form (in another tab or "
                         "window, or by a moderator). Its current version is shown below and your "
                         "text is still in the form: save again to replace the current version "
                         "with yours.")
        self.version = version


def version_of(post: Post) -> int:
    """How many times `post` was changed (edited or redacted): the edit form's base version."""
    return db.session.scalar(select(func.max(PostRevision.number))
                             .where(PostRevision.post_id == post.id)) or 0


def edit_post(actor, post: Post, draft: PostDraft, title: str | None = None, *,
              base_version: int | None = None) -> bool:
    """Replace the body (and citations) of the author's own post, and for the opening post the
    thread's `title` when one is given; False if nothing changed.

    The previous version, with the title it carried, becomes a PostRevision: a title can name
    a patient as easily as a body, so its author must be able to correct it, and the versions
    show what it said. The disclosure snapshot is not touched: it records what was disclosed
    when the post was written. The new text is screened for patient
    identifiers; declared findings hold the post (it leaves members' sight and the search
    index until a moderator decides on the edited text; audit `post.hold`). Members the new text
    mentions or quotes who were not yet notified about the post are (notify_edited_post: once
    per post). Raises NotAllowed
    (not the author, 403), InvalidState (deleted, hidden, archived category, 409), InvalidDraft
    (HeldByScreen, 422, on undeclared findings) or Conflict: EditConflict when `base_version`
    (version_of the post when the form was opened; None skips the check) is no longer its
    version, so an edit never overwrites one its author has not seen.
    """
    counters.lock_post(post)
    prepared, problems = preview_edit(actor, post, draft, title)
    problems.raise_if_any()
    old_citations = [_citation_dict(c) for c in post.citations]
    new_citations = [c.as_dict() for c in prepared.citations]
    if (prepared.source == post.body_source and new_citations == old_citations
            and prepared.title is None):
        return False
    last = version_of(post)
    if base_version is not None and base_version != last:
        raise EditConflict(last)
    now = utcnow()
    db.session.add(PostRevision(
        post=post, number=last + 1, body_source=post.body_source,
        body_html=post.body_html, citations=old_citations, title=revision_title(post),
        written_at=post.edited_at or post.created_at, replaced_at=now, replaced_by_id=actor.id,
    ))
    post.body_source = prepared.source
    post.body_html = prepared.html
    post.edited_at = now
    if prepared.title is not None and not prepared.is_held:
        post.thread.title = prepared.title
    post.citations = [PostCitation(position=i, kind=c.kind, value=c.value, note=c.note)
                      for i, c in enumerate(prepared.citations)]
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise Conflict("This post was edited at the same moment elsewhere: reload it and try again.") from exc
    record_quotes(post.id, prepared.rendered.all_quoted_ids, new_post=False)
    if prepared.is_held:
        before = counters.before_change(post)
        hold = hold_post(post, prepared.findings, prepared.hold_explanation, origin=HoldOrigin.EDIT)
        hold.pending_title = prepared.title  # the thread is retitled only if a moderator approves
        counters.after_change(post, before)
        return True
    hooks.post_edited(post, prepared.rendered.mentioned_users, prepared.rendered.quoted_post_ids)
    return True


def delete_post(actor, post: Post):
    """Soft-delete the author's own post: it becomes a tombstone and leaves the search index,
    the reply counts and, when it was the latest, the thread's last activity (counters).

    Allowed in locked threads and archived categories too (an author must always be able to
    withdraw a post). Its author's draft of an edit goes with it. Raises NotAllowed (not the
    author) or InvalidState (already deleted).
    """
    counters.lock_post(post)
    check_deletable(actor, post)
    before = counters.before_change(post)
    post.deleted_at = utcnow()
    db.session.flush()
    counters.after_change(post, before)
    saved_drafts.forget_edits_of(post)  # a deleted post is edited no more
    hooks.post_deleted(post)


def check_deletable(actor, post: Post):
    """Raise NotAllowed (not the author) or InvalidState (already deleted)."""
    if actor.id != post.author_id:
        raise NotAllowed("You can only delete your own posts.")
    if post.is_deleted:
        raise InvalidState("This post is already deleted.")


def check_editable(actor, post: Post):
    """Raise NotAllowed (not the author) or InvalidState (deleted, hidden, archived)."""
    if actor.id != post.author_id:
        raise NotAllowed("You can only edit your own posts.")
    if post.is_deleted:
        raise InvalidState("This post was deleted: it can no longer be edited.")
    if not post.is_visible:
        raise InvalidState("This post is not visible: it cannot be edited now.")
    if post.thread.category.is_archived:
        raise InvalidState(f"“{post.thread.category.name}” is archived: its posts are read-only.")


def _citation_dict(citation: PostCitation) -> dict:
    return {"kind": citation.kind, "value": citation.value, "note": citation.note}


def preview_edit(actor, post: Post, draft: PostDraft, title: str | None = None):
    """(PreparedPost, problems) for the edit form's Preview button, and the first step of
    edit_post; stores nothing. The screen reads only what the edit changes: the title and the
    body if they differ, and citation notes that are new. `title` counts for the opening post
    only (a reply has none to edit); `prepared.title` is the new title when it changes."""
    check_editable(actor, post)
    problems = Problems()
    new_title = None
    if post.is_opening and title is not None:
        checked = check_title(title, problems)
        new_title = checked if checked != post.thread.title else None
    prepared = prepare_post(draft, problems, clinical=post.thread.is_clinical,
                            opening=post.is_opening, with_disclosure=False,
                            title=new_title or "", published_source=post.body_source,
                            published_notes=frozenset(c.note for c in post.citations if c.note))
    prepared.title = new_title if "title" not in problems.errors else None
    return prepared, problems


def next_revision_number(post: Post) -> int:
    return version_of(post) + 1


def revision_title(post: Post) -> str | None:
    """What a new PostRevision of `post` keeps as its title: the thread's, for the opening post."""
    return post.thread.title if post.is_opening else None
