"""Admin pages: the overview, verification queue, application decisions, members, roles, re-verification."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.admin import dashboard, services
from forum.admin.forms import ApproveForm, ReasonForm, RecheckForm, RoleForm
from forum.admin.queries import get_user_or_404
from forum.auth.models import AccountState
from forum.errors import DomainError
from forum.extensions import db
from forum.registry import overview, services as registry_services
from forum.security.permissions import ADMIN, set_blueprint_default

bp = Blueprint("admin", __name__, url_prefix="/admin")
set_blueprint_default("admin", ADMIN)


def show_error(form, exc):
    """Beside the field it concerns, else at the top of the page (the form may be hidden)."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors.append(exc.message)
    else:
        flash(exc.message, "warning")


@bp.route("/")
def show_dashboard():
    return render_template("admin/dashboard.html", board=dashboard.admin_dashboard(current_app.config),
                           state_labels=[(state, AccountState.LABELS[state]) for state in AccountState.ALL])


@bp.route("/applications")
def list_applications():
    return render_template("admin/applications.html", applications=services.pending_applications())


@bp.route("/applications/<int:user_id>")
def show_application(user_id):
    return _render_application(get_user_or_404(user_id))


def _render_application(applicant, approve_form=None, reject_form=None, status=200):
    return render_template(
        "admin/application.html", applicant=applicant, checks=services.checks_of(applicant),
        approve_form=approve_form or ApproveForm(prefix="approve"),
        reject_form=reject_form or ReasonForm(prefix="reject"),
        recheck_form=RecheckForm(),
    ), status


def _decide(user_id, form_class, action, success_message, form_slot):
    """Forms on one page carry prefixes (approve-, reject-) so every field id is unique."""
    applicant = get_user_or_404(user_id)
    form = form_class(prefix=form_slot.removesuffix("_form"))
    if form.validate_on_submit():
        try:
            action(current_user, applicant, form.reason.data,
                   **({"seen_state": form.seen_state.data or None} if hasattr(form, "seen_state") else {}))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return _render_application(applicant, **{form_slot: form}, status=exc.status)
        db.session.commit()
        flash(success_message.format(name=applicant.full_name), "success")
        return redirect(url_for("admin.list_applications"))
    return _render_application(applicant, **{form_slot: form}, status=400)


@bp.route("/applications/<int:user_id>/approve", methods=["POST"])
def approve_application(user_id):
    return _decide(user_id, ApproveForm, services.approve_application,
                   "{name} is verified and has been told by email.", "approve_form")


@bp.route("/applications/<int:user_id>/reject", methods=["POST"])
def reject_application(user_id):
    return _decide(user_id, ReasonForm, services.reject_application,
                   "{name}'s application was rejected; the reason was emailed.", "reject_form")


@bp.route("/applications/<int:user_id>/recheck", methods=["POST"])
def recheck_application(user_id):
    applicant = get_user_or_404(user_id)
    if RecheckForm().validate_on_submit():
        check = services.recheck_application(current_user, applicant)
        db.session.commit()
        flash(f"Registry checks re-run: {check.outcome.replace('_', ' ')}.", "info")
    return redirect(url_for("admin.show_application", user_id=applicant.id))


@bp.route("/members")
def list_members():
    state = request.args.get("state") or None
    if state not in (None, *AccountState.ALL):
        state = None
    query = (request.args.get("q") or "").strip()[:100]
    return render_template("admin/members.html", members=services.list_members(state, query),
                           state=state, query=query, states=AccountState.LABELS)


@bp.route("/members/<int:user_id>")
def show_member(user_id):
    return _render_member(get_user_or_404(user_id))


def _render_member(member, role_form=None, revoke_form=None, reinstate_form=None, status=200):
    role_form = role_form or RoleForm(prefix="role", role=member.role)
    return render_template(
        "admin/member.html", member=member, checks=services.checks_of(member), role_form=role_form,
        revoke_form=revoke_form or ReasonForm(prefix="revoke"),
        reinstate_form=reinstate_form or ReasonForm(prefix="reinstate"),
    ), status


def _member_action(user_id, form_class, call, message, slot):
    member = get_user_or_404(user_id)
    form = form_class(prefix=slot.removesuffix("_form"))
    if form.validate_on_submit():
        try:
            call(member, form)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
            return _render_member(member, **{slot: form}, status=exc.status)
        db.session.commit()
        flash(message.format(name=member.full_name), "success")
        return redirect(url_for("admin.show_member", user_id=member.id))
    return _render_member(member, **{slot: form}, status=400)


@bp.route("/members/<int:user_id>/role", methods=["POST"])
def change_role(user_id):
    return _member_action(user_id, RoleForm,
                          lambda m, f: services.change_role(current_user, m, f.role.data, f.reason.data),
                          "{name}'s role was changed.", "role_form")


@bp.route("/members/<int:user_id>/revoke", methods=["POST"])
def revoke_member(user_id):
    return _member_action(user_id, ReasonForm,
                          lambda m, f: services.revoke_verification(current_user, m, f.reason.data),
                          "{name}'s verification was revoked and every session ended.", "revoke_form")


@bp.route("/members/<int:user_id>/reinstate", methods=["POST"])
def reinstate_member(user_id):
    return _member_action(user_id, ReasonForm,
                          lambda m, f: services.reinstate_account(current_user, m, f.reason.data),
                          "{name} is verified again.", "reinstate_form")


@bp.route("/members/<int:user_id>/security-log")
def show_security_log(user_id):
    from forum.auth.security_log import EventKind, events_of

    member = get_user_or_404(user_id)
    return render_template("auth/security_log.html", member=member, events=events_of(member),
                           labels=EventKind.LABELS)


@bp.route("/reverification")
def list_lapsed():
    """Verified accounts whose registry record is now deactivated or missing."""
    return render_template("admin/lapsed.html", lapsed=registry_services.lapsed_members(),
                           imports=overview.recent_imports())
