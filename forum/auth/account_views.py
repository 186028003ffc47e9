"""The member's own account pages: sessions, password, two-factor authentication, security log."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from forum.auth import known_devices, services, sessions, throttles, two_factor
from forum.auth.forms import (ChangePasswordForm, ConfirmActionForm, RecoveryCodesForm, TwoFactorDisableForm,
                              TwoFactorEnableForm, TwoFactorStartForm)
from forum.auth.request_info import request_info
from forum.auth.security_log import EventKind, events_of, log_event
from forum.auth.views import bp
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db, limiter
from forum.security.permissions import SIGNED_IN, access, requires_two_factor


@bp.route("/account")
@access(SIGNED_IN)
def account():
    return _render_account(ChangePasswordForm())


def _render_account(password_form, status=200):
    return render_template(
        "auth/account.html", user=current_user, password_form=password_form, end_form=ConfirmActionForm(),
        sessions=sessions.sessions_of(current_user), current_session=g.get("user_session"),
        two_factor_on=two_factor.is_enabled(current_user),
    ), status


@bp.route("/account/password", methods=["POST"])
@access(SIGNED_IN)
@throttles.account_password_guesses
def change_password():
    """Checks the current password: its failures are limited like failed logins (an allowance
    of the account pages' own), so a stolen session cannot guess the password here without end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data,
                                     keep_session=g.get("user_session"), origin=request_info())
        except ValidationFailed as exc:
            _count_failed_guess(exc.field)
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash("Password changed. Your other sessions have been ended.", "success")
            response = redirect(url_for("auth.account"))
            known_devices.remember(response, current_user)  # the other browsers are forgotten
            return response
    return _render_account(form, 400)


def _refused_guess(form, exc):
    """A refused password or code: nothing of the action stored, the guess counted, and the
    message beside its field (at the top of the page when it concerns no field)."""
    db.session.rollback()
    _count_failed_guess(exc.field)
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors.append(exc.message)
    else:
        flash(exc.message, "warning")


def _count_failed_guess(field):
    """A wrong password or code on an account page: counted by the throttles and written to
    the member's security log (committed even though the form is refused)."""
    kinds = {"current_password": EventKind.PASSWORD_CHECK_FAILED,
             "password": EventKind.PASSWORD_CHECK_FAILED, "code": EventKind.TWO_FACTOR_FAILED}
    if field in kinds:
        g.guess_failed = "code" if field == "code" else "password"
        log_event(current_user, kinds[field], request_info())
        db.session.commit()


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@access(SIGNED_IN)
def end_session(session_id):
    row = sessions.find_session_of(current_user, session_id)
    if row is None:
        flash("That session no longer exists.", "warning")
        return redirect(url_for("auth.account"))
    is_current = g.get("user_session") is not None and row.id == g.user_session.id
    sessions.end_session(row)
    log_event(current_user, EventKind.SESSION_ENDED, request_info(), session_id=session_id)
    db.session.commit()
    if is_current:
        sessions.fresh_cookie_session()
        logout_user()
        return redirect(url_for("auth.login"))
    flash("Session ended.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@access(SIGNED_IN)
def end_other_sessions():
    count = sessions.end_all_sessions(current_user, keep=g.get("user_session"))
    log_event(current_user, EventKind.OTHER_SESSIONS_ENDED, request_info(), count=count)
    db.session.commit()
    flash(f"{count} other session{'s' if count != 1 else ''} ended.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/security-log")
@access(SIGNED_IN)
def security_log():
    return render_template("auth/security_log.html", member=current_user, events=events_of(current_user),
                           labels=EventKind.LABELS)


@bp.route("/account/two-factor")
@access(SIGNED_IN)
def show_two_factor():
    return _render_two_factor()


def _render_two_factor(disable_form=None, regenerate_form=None, start_form=None, status=200):
    return render_template(
        "auth/two_factor.html", enabled=two_factor.is_enabled(current_user),
        required=requires_two_factor(current_user), remaining=two_factor.remaining_recovery_codes(current_user),
        disable_form=disable_form or TwoFactorDisableForm(), regenerate_form=regenerate_form or RecoveryCodesForm(),
        start_form=start_form or TwoFactorStartForm(formdata=None),
    ), status


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@access(SIGNED_IN)
@limiter.limit(lambda: current_app.config["TWO_FACTOR_LIMIT"], methods=["POST"],
               key_func=lambda: f"two-factor-setup:{current_user.id}")
@throttles.account_password_guesses
def setup_two_factor():
    """POST with the password alone starts (or restarts) enrolment and shows the new secret;
    POST with the password and a code confirms it. The secret is shown only in answer to the
    password (a stolen session must not learn the secret the member is about to turn on), so
    GET goes back to the two-factor page. A wrong password counts like one on the other
    account pages."""
    if request.method == "GET":
        return redirect(url_for("auth.show_two_factor"))
    if "code" not in request.form:
        return _start_two_factor()
    form = TwoFactorEnableForm()
    credential = two_factor.credential_of(current_user)
    if credential is None or credential.confirmed_at is not None:
        return redirect(url_for("auth.show_two_factor"))
    password_checked = False
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_enrolment(current_user, form.password.data, form.code.data,
                                                 keep_session=g.get("user_session"))
        except DomainError as exc:
            db.session.rollback()
            if exc.field == "password":  # a slip while setting up the app is no guess
                _count_failed_guess(exc.field)
            getattr(form, exc.field or "code").errors.append(exc.message)
            password_checked = exc.field == "code"
        else:
            log_event(current_user, EventKind.TWO_FACTOR_ENABLED, request_info())
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, first_time=True)
    return _render_setup(form, credential if password_checked else None, 400)


def _start_two_factor():
    form = TwoFactorStartForm()
    if not form.validate_on_submit():
        return _render_two_factor(start_form=form, status=400)
    try:
        credential = two_factor.begin_enrolment(current_user, form.password.data)
    except DomainError as exc:
        _refused_guess(form, exc)
        return _render_two_factor(start_form=form, status=exc.status)
    db.session.commit()
    return _render_setup(TwoFactorEnableForm(formdata=None), credential)


def _render_setup(form, credential=None, status=200):
    """The set-up page; with the secret only for `credential` (given when this request checked
    the password)."""
    seed = two_factor.pending_seed(current_user, credential) if credential is not None else None
    db.session.commit()  # a seed re-sealed or replaced on the way is kept
    qr = two_factor.qr_svg(two_factor.provisioning_uri(current_user, seed)) if seed else None
    return render_template("auth/two_factor_setup.html", form=form, secret=seed, qr=qr), status


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@access(SIGNED_IN)
@throttles.account_password_guesses
@throttles.second_factor_guesses
def regenerate_recovery_codes():
    """New codes need the password and a current code from the app: wrong passwords share the
    account pages' allowance, wrong codes the login's."""
    form = RecoveryCodesForm()
    if not form.validate_on_submit():
        return _render_two_factor(regenerate_form=form, status=400)
    try:
        codes = two_factor.regenerate_recovery_codes(current_user, form.password.data, form.code.data)
    except DomainError as exc:
        _refused_guess(form, exc)
        return _render_two_factor(regenerate_form=form, status=exc.status)
    log_event(current_user, EventKind.RECOVERY_CODES_REGENERATED, request_info())
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first_time=False)


@bp.route("/account/two-factor/disable", methods=["POST"])
@access(SIGNED_IN)
@throttles.account_password_guesses
@throttles.second_factor_guesses
def disable_two_factor():
    form = TwoFactorDisableForm()
    if form.validate_on_submit():
        try:
            two_factor.disable(current_user, form.password.data, form.code.data)
        except DomainError as exc:
            _refused_guess(form, exc)
            return _render_two_factor(disable_form=form, status=exc.status)
        log_event(current_user, EventKind.TWO_FACTOR_DISABLED, request_info())
        db.session.commit()
        flash("Two-factor authentication is off.", "success")
        return redirect(url_for("auth.show_two_factor"))
    return _render_two_factor(disable_form=form, status=400)
