"""Moderator pages about a member: history, private notes, warnings, suspensions, (admins)
removing every post of the account; and the decision on an appeal."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.database import id_arg
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.moderation import queries
from forum.moderation.blueprint import bp
from forum.moderation.forms import (AppealDecisionForm, LiftSuspensionForm, NoteForm, RemoveAllForm,
                                    SuspendForm, WarnForm)
from forum.moderation.services import appeals, members, posts
from forum.moderation.services.reports import false_privacy_counts
from forum.moderation.view_helpers import render_post, show_error
from forum.security.permissions import (ADMIN, access, can_act_on_member, can_moderate_post,
                                       can_remove_all_posts)
from forum.timeutil import utcnow

MEMBER_FORMS = {"note": NoteForm, "warn": WarnForm, "suspend": SuspendForm, "lift": LiftSuspensionForm,
                "remove_all": RemoveAllForm}


@bp.route("/moderation/members/<int:user_id>")
def show_member(user_id):
    member = queries.get_user_or_404(user_id)
    return render_member(member, post_id=request.args.get("post", type=id_arg))


def render_member(member, failed=None, status=200, post_id=None):
    forms = {prefix: (failed or {}).get(prefix) or form_class(prefix=prefix)
             for prefix, form_class in MEMBER_FORMS.items()}
    context_post = queries.get_post_or_none(post_id, author=member)
    if context_post is not None:
        for prefix in ("warn", "suspend"):
            if not forms[prefix].post_id.data:
                forms[prefix].post_id.data = str(context_post.id)
    return render_template(
        "moderation/member.html", member=member, forms=forms, context_post=context_post,
        suspended=member.is_suspended_at(utcnow()),
        history=queries.member_history([member.id]).get(member.id, []),
        notes=queries.member_notes([member.id]).get(member.id, []),
        reports=queries.reports_by(member),
        removable=posts.count_removable_posts(member) if can_remove_all_posts(current_user, member) else 0,
        false_privacy=false_privacy_counts([member.id]).get(member.id, 0)), status


def _member_action(user_id, prefix, call, message):
    member = queries.get_user_or_404(user_id)
    if not can_act_on_member(current_user, member):
        raise NotAllowed("You cannot act on this account: it is your own, an admin's, or (for "
                         "moderators) another moderator's.")
    form = MEMBER_FORMS[prefix](prefix=prefix)
    if not form.validate_on_submit():
        return render_member(member, {prefix: form}, 400)
    post = None
    if getattr(form, "post_id", None) is not None and form.post_id.data:
        post = queries.get_post_or_none(form.post_id.data, author=member)
        if post is None:  # only a forged or mistyped id: the page offers the member's own posts
            flash(f"That post is not one of {member.full_name}'s: nothing was recorded.", "warning")
            return render_member(member, {prefix: form}, 404)
    try:
        call(member, form, post)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return render_member(queries.get_user_or_404(user_id), {prefix: form}, exc.status)
    db.session.commit()
    flash(message.format(name=member.full_name), "success")
    return redirect(url_for("moderation.show_member", user_id=user_id))


@bp.route("/moderation/members/<int:user_id>/notes", methods=["POST"])
def add_note(user_id):
    return _member_action(user_id, "note", lambda m, f, _: members.add_note(current_user, m, f.body.data),
                          "Your note on {name} is saved (moderators only).")


@bp.route("/moderation/members/<int:user_id>/warn", methods=["POST"])
def warn_member(user_id):
    return _member_action(
        user_id, "warn", lambda m, f, p: members.warn_member(current_user, m, f.reason.data, post=p),
        "{name} is warned and has been told.")


@bp.route("/moderation/members/<int:user_id>/suspend", methods=["POST"])
def suspend_member(user_id):
    return _member_action(
        user_id, "suspend",
        lambda m, f, p: members.suspend_member(current_user, m, f.days.data, f.reason.data, post=p),
        "{name} is suspended; every session of theirs has ended.")


@bp.route("/moderation/members/<int:user_id>/lift-suspension", methods=["POST"])
def lift_suspension(user_id):
    return _member_action(
        user_id, "lift", lambda m, f, _: members.lift_suspension(current_user, m, f.reason.data),
        "The suspension of {name} is lifted; they have been told.")


@bp.route("/moderation/members/<int:user_id>/remove-posts", methods=["POST"])
@access(ADMIN)
def remove_all_posts(user_id):
    return _member_action(
        user_id, "remove_all",
        lambda m, f, _: posts.remove_all_posts(current_user, m, f.category.data, f.reason.data),
        "Every post of {name} that was still shown is removed.")


@bp.route("/moderation/appeals/<int:appeal_id>/decide", methods=["POST"])
def decide_appeal(appeal_id):
    appeal = queries.get_appeal_or_404(appeal_id)
    post = appeal.post
    if not can_moderate_post(current_user, post):
        raise NotAllowed("You cannot decide an appeal about your own post, or an admin's.")
    form = AppealDecisionForm(prefix="appeal")
    if not form.validate_on_submit():
        return render_post(post, {"appeal": form}, 400)
    try:
        appeals.decide_appeal(current_user, appeal, form.decision.data, form.reason.data,
                              seen_status=form.seen_status.data or None)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return render_post(queries.get_post_or_404(post.id), {"appeal": form}, exc.status)
    db.session.commit()
    flash("The appeal is decided; the author is told.", "success")
    return redirect(url_for("moderation.show_post", post_id=post.id))
