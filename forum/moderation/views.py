"""Moderator pages: the queue, a post's review page with its actions, a thread's actions.
Member pages, appeals and the audit log live in member_views, public_views and audit_views, on
the same blueprint (imported here so registering `bp` registers them all)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.formtools import select_choices
from forum.moderation import audit_views, member_views, public_views  # noqa: F401  (their routes)
from forum.moderation import queries
from forum.moderation.blueprint import bp
from forum.moderation.forms import AnswerForm, MoveForm, RedactForm, ReasonForm
from forum.moderation.services import posts, purge, reports, threads
from forum.moderation.view_helpers import POST_FORMS, render_post, show_error
from forum.security.permissions import can_moderate_post


@bp.route("/moderation")
def show_queue():
    queue = queries.moderation_queue()
    return render_template("moderation/queue.html", queue=queue)


@bp.route("/moderation/posts/<int:post_id>")
def show_post(post_id):
    return render_post(queries.get_post_or_404(post_id))


def _act(load, make_form, render, call, message, location):
    """One moderator action: load (and check access), validate, act once, commit, redirect.
    A refusal rolls back and re-renders the page, reloaded, with the form and its errors."""
    target = load()
    form = make_form(target)
    if not form.validate_on_submit():
        return render(target, form, 400)
    try:
        call(target, form)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return render(load(), form, exc.status)
    db.session.commit()
    flash(message, "success")
    return redirect(location)


def _moderated_post(post_id):
    post = queries.get_post_or_404(post_id)
    if not can_moderate_post(current_user, post):
        raise NotAllowed("You cannot act on this post: it is your own, or an admin's.")
    return post


def _seen(form) -> str | None:
    """The post's status as the moderator's page showed it (the forms' hidden field)."""
    return form.seen_status.data or None


def _post_action(post_id, prefix, call, message):
    return _act(lambda: _moderated_post(post_id),
                lambda post: POST_FORMS[prefix](prefix=prefix),
                lambda post, form, status: render_post(post, {prefix: form}, status),
                call, message, url_for("moderation.show_post", post_id=post_id))


@bp.route("/moderation/posts/<int:post_id>/dismiss", methods=["POST"])
def dismiss_reports(post_id):
    return _post_action(post_id, "dismiss",
                        lambda p, f: reports.dismiss_reports(current_user, p, f.reason.data, seen_status=_seen(f)),
                        "The reports are dismissed; the reporters and the author are told.")


@bp.route("/moderation/posts/<int:post_id>/approve", methods=["POST"])
def approve_post(post_id):
    return _post_action(post_id, "approve",
                        lambda p, f: posts.approve_held_post(current_user, p, f.reason.data, seen_status=_seen(f)),
                        "The post is approved and published.")


@bp.route("/moderation/posts/<int:post_id>/remove", methods=["POST"])
def remove_post(post_id):
    return _post_action(post_id, "remove",
                        lambda p, f: posts.remove_post(current_user, p, f.category.data, f.reason.data,
                                                       seen_status=_seen(f)),
                        "The post is removed; a tombstone names the reason.")


@bp.route("/moderation/posts/<int:post_id>/restore", methods=["POST"])
def restore_post(post_id):
    return _post_action(post_id, "restore",
                        lambda p, f: posts.restore_post(current_user, p, f.reason.data, seen_status=_seen(f)),
                        "The post is restored.")


@bp.route("/moderation/posts/<int:post_id>/purge", methods=["POST"])
def purge_post(post_id):
    return _post_action(post_id, "purge",
                        lambda p, f: purge.purge_post(current_user, p, f.reason.data, seen_status=_seen(f)),
                        "The post is purged: its text is destroyed everywhere.")


@bp.route("/moderation/posts/<int:post_id>/redact", methods=["GET", "POST"])
def redact_post(post_id):
    post = _moderated_post(post_id)
    form = RedactForm(data={"body": post.body_source, "title": post.thread.title}
                      if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            posts.redact_post(current_user, post, form.body.data, form.reason.data,
                              title=form.title.data if post.is_opening else None)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return render_template("moderation/redact.html", post=post, form=form), exc.status
        db.session.commit()
        flash("The post is redacted; the earlier version is kept for moderators only.", "success")
        return redirect(url_for("moderation.show_post", post_id=post.id))
    status = 400 if form.is_submitted() else 200
    return render_template("moderation/redact.html", post=post, form=form), status


@bp.route("/moderation/threads/<int:thread_id>")
def show_thread(thread_id):
    return render_thread(queries.get_thread_or_404(thread_id))


THREAD_FORMS = {"lock": ReasonForm, "unlock": ReasonForm, "pin": ReasonForm, "unpin": ReasonForm,
                "move": MoveForm, "answer": AnswerForm, "unanswer": ReasonForm}


def render_thread(thread, failed=None, status=200):
    forms = {prefix: (failed or {}).get(prefix) or form_class(prefix=prefix)
             for prefix, form_class in THREAD_FORMS.items()}
    if not (failed or {}).get("answer"):  # "Mark as the answer…" on a post names its number
        forms["answer"].number.data = request.args.get("answer", type=int)
    _move_choices(forms["move"], thread)
    return render_template("moderation/thread.html", thread=thread, forms=forms), status


def _move_choices(form, thread):
    form.category.choices = select_choices(
        [(0, "Choose…"), *((c.id, c.name) for c in queries.open_categories_except(thread))])


def _thread_action(thread_id, prefix, call, message):
    def make_form(thread):
        form = THREAD_FORMS[prefix](prefix=prefix)
        if prefix == "move":
            _move_choices(form, thread)
        return form

    return _act(lambda: queries.get_thread_or_404(thread_id), make_form,
                lambda thread, form, status: render_thread(thread, {prefix: form}, status),
                call, message, url_for("moderation.show_thread", thread_id=thread_id))


@bp.route("/moderation/threads/<int:thread_id>/lock", methods=["POST"])
def lock_thread(thread_id):
    return _thread_action(thread_id, "lock", lambda t, f: threads.lock_thread(current_user, t, f.reason.data),
                          "The thread is locked.")


@bp.route("/moderation/threads/<int:thread_id>/unlock", methods=["POST"])
def unlock_thread(thread_id):
    return _thread_action(thread_id, "unlock",
                          lambda t, f: threads.unlock_thread(current_user, t, f.reason.data),
                          "The thread is unlocked.")


@bp.route("/moderation/threads/<int:thread_id>/pin", methods=["POST"])
def pin_thread(thread_id):
    return _thread_action(thread_id, "pin", lambda t, f: threads.pin_thread(current_user, t, f.reason.data),
                          "The thread is pinned.")


@bp.route("/moderation/threads/<int:thread_id>/unpin", methods=["POST"])
def unpin_thread(thread_id):
    return _thread_action(thread_id, "unpin",
                          lambda t, f: threads.unpin_thread(current_user, t, f.reason.data),
                          "The thread is unpinned.")


@bp.route("/moderation/threads/<int:thread_id>/answer", methods=["POST"])
def set_answer(thread_id):
    return _thread_action(thread_id, "answer",
                          lambda t, f: threads.set_answer(current_user, t, f.number.data, f.reason.data),
                          "The reply is marked as the answer.")


@bp.route("/moderation/threads/<int:thread_id>/unanswer", methods=["POST"])
def clear_answer(thread_id):
    return _thread_action(thread_id, "unanswer",
                          lambda t, f: threads.clear_answer(current_user, t, f.reason.data),
                          "The case no longer claims an answer.")


@bp.route("/moderation/threads/<int:thread_id>/move", methods=["POST"])
def move_thread(thread_id):
    return _thread_action(
        thread_id, "move",
        lambda t, f: threads.move_thread(current_user, t, queries.get_category(f.category.data),
                                         f.reason.data),
        "The thread is moved.")
