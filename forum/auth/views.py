"""Routes for joining, logging in and out, resets, the applicant's status page and sessions."""
from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from forum.admin.services import checks_of
from forum.auth import known_devices, second_step, services, sessions, throttles, two_factor
from forum.auth.forms import (ConfirmActionForm, EmailForm, LoginForm, RegistrationForm,
                              ResetPasswordForm, TwoFactorLoginForm)
from forum.auth.models import AccountState
from forum.auth.security_log import EventKind, log_event
from forum.auth.request_info import request_info
from forum.auth.tokens import TokenInvalid
from forum.errors import ValidationFailed, render_error
from forum.extensions import db, limiter
from forum.registry.services import applicant_outcome
from forum.security.permissions import PUBLIC, SIGNED_IN, access, anonymous_only, is_member
from forum.security.safe_redirect import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
@access(PUBLIC)
@anonymous_only
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT"], methods=["POST"])
@throttles.registration_mails_to_one_address
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        data = services.Registration(**{k: form.data[k] for k in (
            "full_name", "email", "password", "registry", "jurisdiction", "specialty",
            "institution", "coi_statement")}, identifier=form.identifier.data)
        try:
            services.register_applicant(data)
        except ValidationFailed as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            g.mailed_address = True
            return render_template("auth/check_email.html", email=services.normalize_email(form.email.data))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@access(PUBLIC)
def confirm_email(token):
    """GET shows a button; POST confirms, so mail scanners that follow links change nothing."""
    form = ConfirmActionForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(token)
        except TokenInvalid as exc:
            return render_template("auth/link_problem.html", message=str(exc)), 400
        db.session.commit()
        flash("Email confirmed. Your application is now with the admins for registry review.", "success")
        return redirect(url_for("auth.status") if current_user.is_authenticated else url_for("auth.login"))
    return render_template("auth/confirm_email.html", form=form)


@bp.route("/confirm", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(lambda: current_app.config["RESET_LIMIT"], methods=["POST"])
@throttles.mails_to_one_address
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        db.session.commit()
        return render_template("auth/check_email.html", email=services.normalize_email(form.email.data))
    return render_template("auth/resend.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/login", methods=["GET", "POST"])
@access(PUBLIC)
@anonymous_only
@throttles.login_failures_per_address
@throttles.login_password_guesses
@throttles.login_password_ceiling
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request_info())
        except services.LoginRefused as exc:
            db.session.commit()  # keeps the failed attempt in the account's security log
            g.guess_failed = True
            form.password.errors.append(str(exc))
            return render_template("auth/login.html", form=form), 401
        next_path = safe_next(request.args.get("next"))
        if two_factor.is_enabled(user):
            db.session.commit()
            second_step.begin(user, next_path)
            return redirect(url_for("auth.verify_login"))
        return _finish_login(user, next_path, "password")
    return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200


def _finish_login(user, next_path, method):
    services.record_login(user, request_info(), method)
    db.session.commit()
    sessions.fresh_cookie_session()
    login_user(user)
    response = redirect(next_path or (url_for("home.index") if is_member(user) else url_for("auth.status")))
    known_devices.remember(response, user)
    return response


@bp.errorhandler(429)
def too_many_attempts(exc):
    """A limit refused the request (throttles): a refused login shows the form again with the
    limit's reason beside the password; other pages show the reason alone."""
    limit = getattr(exc, "limit", None)
    message = exc.description if limit is not None and limit.error_message else None
    if request.endpoint == "auth.login" and message:
        form = LoginForm()
        form.password.errors = [message]
        response = make_response(render_template("auth/login.html", form=form), 429)
    else:
        response = make_response(render_error(429, message))
    if getattr(exc, "retry_after", None):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


@bp.route("/login/verify", methods=["GET", "POST"])
@access(PUBLIC)
@anonymous_only
@throttles.second_factor_guesses
def verify_login():
    """The second step: a code from the authenticator app, or a recovery code."""
    user = second_step.pending_user()
    if user is None:
        flash("Please log in again.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorLoginForm()
    if form.validate_on_submit():
        method = two_factor.check_second_factor(user, form.code.data)
        if method is None:
            services.note_wrong_second_factor(user, request_info())
            db.session.commit()
            g.guess_failed = True
            form.code.errors.append("That code is not right. Use the newest code from your app, or a recovery code.")
            return render_template("auth/verify_login.html", form=form), 401
        next_path = second_step.finish()
        return _finish_login(user, next_path, method)
    return render_template("auth/verify_login.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/logout", methods=["POST"])
@access(SIGNED_IN)
def logout():
    if g.get("user_session") is not None:
        sessions.end_session(g.user_session)
        log_event(current_user, EventKind.LOGOUT, request_info())
        db.session.commit()
    sessions.fresh_cookie_session()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/status")
@access(SIGNED_IN)
def status():
    """Where an application stands; members see their verification here too."""
    checks = checks_of(current_user) if current_user.state != AccountState.VERIFIED else []
    return render_template("auth/status.html", user=current_user,
                           check_outcome=applicant_outcome(checks[0] if checks else None), form=ConfirmActionForm())


@bp.route("/reset", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(lambda: current_app.config["RESET_LIMIT"], methods=["POST"])
@throttles.mails_to_one_address
def request_reset():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, request_info())
        db.session.commit()
        return render_template("auth/reset_sent.html", email=services.normalize_email(form.email.data))
    return render_template("auth/request_reset.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@access(PUBLIC)
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except TokenInvalid as exc:
        return render_template("auth/link_problem.html", message=str(exc)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data, request_info())
        except ValidationFailed as exc:
            form.password.errors.append(exc.message)
        else:
            db.session.commit()
            sessions.fresh_cookie_session()
            logout_user()
            flash("Your password has been changed and every session was ended. Log in with the new one.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 400 if form.is_submitted() else 200
