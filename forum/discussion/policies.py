"""Object-level rules for discussion: who may reply, edit, delete or read revisions. Views
refuse and templates hide with the same predicates (exposed through the blueprint)."""
from forum.security.permissions import is_member, is_moderator


def can_start_thread(user, category) -> bool:
    return is_member(user) and category is not None and not category.is_archived


def can_reply(user, thread) -> bool:
    return is_member(user) and not thread.is_locked and not thread.category.is_archived


def can_edit_post(user, post) -> bool:
    """Authors edit their own visible posts while the category is open."""
    return (is_member(user) and user.id == post.author_id and post.is_visible
            and not post.thread.category.is_archived)


def can_delete_post(user, post) -> bool:
    """Authors delete their own posts anywhere, locked or archived (to withdraw a mistake)."""
    return is_member(user) and user.id == post.author_id and not post.is_deleted


def can_view_held_post(user, post) -> bool:
    """A post held for moderator review is shown to its author and to moderators only."""
    return is_member(user) and (user.id == post.author_id or is_moderator(user))


def can_view_revisions(user, post) -> bool:
    return is_member(user) and (user.id == post.author_id or is_moderator(user))


def can_quote(user, post) -> bool:
    return post.is_visible and can_reply(user, post.thread)


def template_predicates():
    return {
        "can_start_thread": can_start_thread,
        "can_reply": can_reply,
        "can_edit_post": can_edit_post,
        "can_delete_post": can_delete_post,
        "can_view_revisions": can_view_revisions,
        "can_view_held_post": can_view_held_post,
        "can_quote": can_quote,
    }
