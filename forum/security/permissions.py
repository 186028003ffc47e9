"""Every access rule in one place: named predicates, per-view access levels and the gate.

Each view has an access level. Views say nothing and get MEMBER (deny by default); a blueprint
may raise its default (admin -> ADMIN); `access(level)` marks the exceptions. One
`before_request` hook, `enforce_access`, applies the level before any view or CSRF check runs.
"""
from functools import wraps

from flask import current_app, flash, g, has_request_context, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from forum.auth.models import AccountState, Role
from forum.timeutil import utcnow

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # any account that may log in, whatever its state
MEMBER = "member"  # verified, not suspended
MODERATOR = "moderator"
ADMIN = "admin"

_BLUEPRINT_DEFAULTS: dict[str, str] = {}


def access(level):
    """Mark a view with its access level (the exception to its blueprint's default)."""

    def decorate(view):
        view.access_level = level
        return view

    return decorate


def set_blueprint_default(blueprint_name, level):
    _BLUEPRINT_DEFAULTS[blueprint_name] = level


def level_for_endpoint(endpoint):
    if endpoint is None:
        return PUBLIC  # 404 and 405 pages: nothing behind them
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    level = getattr(view, "access_level", None)
    if level:
        return level
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    return _BLUEPRINT_DEFAULTS.get(blueprint, MEMBER)


def is_member(user) -> bool:
    """Verified and not currently suspended: the content gate."""
    if not user or not user.is_authenticated:
        return False
    if user.state == AccountState.VERIFIED:
        return True
    return user.state == AccountState.SUSPENDED and not user.is_suspended_at(utcnow())


STAFF_ROLES = (Role.MODERATOR, Role.ADMIN)


def has_staff_role(user) -> bool:
    """A moderator's or admin's role, whether or not two-factor is on yet: enough to be shown
    the way to the staff pages (which send the member to enrol first), never to use them."""
    return is_member(user) and user.role in STAFF_ROLES


def has_admin_role(user) -> bool:
    return is_member(user) and user.role == Role.ADMIN


def is_moderator(user) -> bool:
    """Staff powers, to read or to act: the role and the second factor the role requires.
    Until a moderator enrols, every page treats them as a member (no held posts, no
    moderators-only revisions, no hidden threads)."""
    return has_staff_role(user) and _has_two_factor(user)


def is_admin(user) -> bool:
    return has_admin_role(user) and _has_two_factor(user)


def can_approve(actor, applicant) -> bool:
    return is_admin(actor) and applicant.state in (
        AccountState.PENDING_REVIEW,
        AccountState.REJECTED,
    )


def can_reject(actor, applicant) -> bool:
    return is_admin(actor) and applicant.state == AccountState.PENDING_REVIEW


def can_change_role(actor, target) -> bool:
    """Admins appoint and remove moderators, also while one is suspended (an abusive
    moderator must be removable at once)."""
    return is_admin(actor) and actor.id != target.id and target.state in (
        AccountState.VERIFIED,
        AccountState.SUSPENDED,
    )


def can_revoke(actor, target) -> bool:
    return is_admin(actor) and actor.id != target.id and target.state in (
        AccountState.VERIFIED,
        AccountState.SUSPENDED,
    )


def can_reinstate(actor, target) -> bool:
    return is_admin(actor) and actor.id != target.id and target.state == AccountState.REVOKED


def can_report(user, post) -> bool:
    """Members report the posts they can see, except their own."""
    from forum.discussion.models import PostStatus

    return (is_member(user) and user.id != post.author_id
            and post.status == PostStatus.VISIBLE and post.deleted_at is None)


def can_moderate_post(actor, post) -> bool:
    """Moderators act on other people's posts; only admins act on an admin's post."""
    return (is_moderator(actor) and actor.id != post.author_id
            and (post.author.role != Role.ADMIN or is_admin(actor)))


def can_moderate_thread(actor, thread) -> bool:
    """Lock, pin and move: moderators not on their own threads (pinning one's own thread is
    self-promotion) nor on an admin's; admins on any thread (e.g. pinning an announcement)."""
    if not is_moderator(actor):
        return False
    return is_admin(actor) or (actor.id != thread.author_id and thread.author.role != Role.ADMIN)


def can_act_on_member(actor, target) -> bool:
    """Warn, suspend, keep notes: moderators on members, admins also on moderators; nobody on
    an admin or on themselves."""
    return (is_moderator(actor) and actor.id != target.id and target.role != Role.ADMIN
            and (target.role != Role.MODERATOR or is_admin(actor)))


def can_remove_all_posts(actor, target) -> bool:
    """Admins clear out a compromised or abusive account in one action."""
    return is_admin(actor) and actor.id != target.id and target.role != Role.ADMIN


def can_appeal(user, post) -> bool:
    """The author of a removed post may appeal (once: the service checks for an earlier appeal)."""
    from forum.discussion.models import PostStatus

    return is_member(user) and user.id == post.author_id and post.status == PostStatus.REMOVED


# Discussion: who may start threads, reply, edit, delete, quote and read held posts and
# revisions. Views refuse and templates hide with these same predicates.


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


def can_see_thread(user, thread, out_of_sight: bool) -> bool:
    """A thread out of members' sight (forum.search.services.out_of_sight_thread_ids: never
    published, or its opening post hidden or removed for patient privacy) is shown, title and
    all, to its author and the moderators only; `out_of_sight` is that fact, read by the caller."""
    return is_member(user) and (not out_of_sight or user.id == thread.author_id or is_moderator(user))


def can_view_revisions(user, post) -> bool:
    return is_member(user) and (user.id == post.author_id or is_moderator(user))


def can_quote(user, post) -> bool:
    return post.is_visible and can_reply(user, post.thread)


def can_mark_helpful(user, post) -> bool:
    """Members mark colleagues' published posts helpful (in threads they may read: the view
    checks that), never their own (forum.discussion.services.helpful gives the reasons)."""
    return is_member(user) and user.id != post.author_id and post.is_visible


def can_accept_answer(user, post) -> bool:
    """The author of a clinical case marks one of its published replies as the answer
    (forum.discussion.services.answers gives the reasons)."""
    thread = post.thread
    return (is_member(user) and user.id == thread.author_id and thread.is_clinical
            and post.number > 1 and post.is_visible)


def can_moderate_answer(user, thread) -> bool:
    """Moderators mark or unmark a clinical case's answer, with a reason, on the thread's
    moderation page (as they lock and pin it: not on their own threads nor on an admin's)."""
    return thread.is_clinical and can_moderate_thread(user, thread)


LEVEL_CHECKS = {MEMBER: is_member, MODERATOR: has_staff_role, ADMIN: has_admin_role}


def enforce_access():
    """before_request: anonymous -> login; not yet a member -> status page; too low a role -> 403."""
    level = level_for_endpoint(request.endpoint)
    g.access_decision = "allowed"
    if level == PUBLIC:
        return None
    if not current_user.is_authenticated:
        g.access_decision = "login"
        if request.method == "POST":
            from forum.auth.session_ended import sent_text, render_session_ended

            texts = sent_text()
            if texts:  # words typed into a form whose session ended meanwhile: show them back
                return render_session_ended(texts)
        return redirect(url_for("auth.login", next=_local_next() if request.method == "GET" else None))
    if level == SIGNED_IN:
        return None
    if not is_member(current_user):
        g.access_decision = "status"
        return redirect(url_for("auth.status"))
    if not LEVEL_CHECKS[level](current_user):
        g.access_decision = "forbidden"
        raise Forbidden()
    if level in (MODERATOR, ADMIN) and not _has_two_factor(current_user):
        g.access_decision = "enrol"
        flash("Moderators and admins must turn on two-factor authentication before using staff pages.",
              "warning")
        return redirect(url_for("auth.show_two_factor"))
    return None


def requires_two_factor(user) -> bool:
    """Staff accounts cannot work without a second factor."""
    return user.role in (Role.MODERATOR, Role.ADMIN)


def _has_two_factor(user) -> bool:
    """The second factor guards what a web session may do. A command run at the server's
    shell (create-admin, demo seed, imports) acts for the operator, who logged in to the
    machine itself. Asked once per user per request (a thread page asks about a hundred times)."""
    from forum.auth.two_factor import is_enabled

    if not has_request_context():
        return True
    known = g.setdefault("two_factor_enabled", {})
    if user.id not in known:
        known[user.id] = is_enabled(user)
    return known[user.id]


def forget_two_factor_answers():
    """After enrolment or removal in this request, ask the database again."""
    if has_request_context():
        g.pop("two_factor_enabled", None)


def _local_next():
    return request.full_path if request.query_string else request.path


def template_predicates():
    """Expose the same predicates to templates so pages hide exactly what views refuse."""
    return {
        "is_member": is_member,
        "is_moderator": is_moderator,
        "is_admin": is_admin,
        "has_staff_role": has_staff_role,
        "has_admin_role": has_admin_role,
        "can_approve": can_approve,
        "can_reject": can_reject,
        "can_change_role": can_change_role,
        "can_revoke": can_revoke,
        "can_reinstate": can_reinstate,
        "can_report": can_report,
        "can_moderate_post": can_moderate_post,
        "can_moderate_thread": can_moderate_thread,
        "can_act_on_member": can_act_on_member,
        "can_remove_all_posts": can_remove_all_posts,
        "can_appeal": can_appeal,
        "can_start_thread": can_start_thread,
        "can_reply": can_reply,
        "can_edit_post": can_edit_post,
        "can_delete_post": can_delete_post,
        "can_view_revisions": can_view_revisions,
        "can_view_held_post": can_view_held_post,
        "can_see_thread": can_see_thread,
        "can_quote": can_quote,
        "can_mark_helpful": can_mark_helpful,
        "can_accept_answer": can_accept_answer,
        "can_moderate_answer": can_moderate_answer,
    }


def anonymous_only(view):
    """For login and registration: a member who is already signed in goes to the forum."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            return redirect(url_for("home.index"))
        return view(*args, **kwargs)

    return wrapper
