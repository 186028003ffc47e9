"""Routes for joining, logging in and out, resets, the applicant's status page and sessions."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from forum.admin.services import checks_of
from forum.auth import services, sessions
from forum.auth.forms import (ChangePasswordForm, ConfirmActionForm, EmailForm, LoginForm,
                              RegistrationForm, ResetPasswordForm)
from forum.auth.models import AccountState
from forum.auth.tokens import TokenInvalid
from forum.errors import ValidationFailed
from forum.extensions import db, limiter
from forum.security.permissions import PUBLIC, SIGNED_IN, access, anonymous_only, is_member
from forum.security.safe_redirect import safe_next

bp = Blueprint("auth", __name__)


def _login_account_key():
    return "login-account:" + services.normalize_email(request.form.get("email", ""))


def _login_failed(_response):
    return g.get("login_failed", False)


@bp.route("/register", methods=["GET", "POST"])
@access(PUBLIC)
@anonymous_only
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT"], methods=["POST"])
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
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"], deduct_when=_login_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_account_key, deduct_when=_login_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.LoginRefused as exc:
            g.login_failed = True
            form.password.errors.append(str(exc))
            return render_template("auth/login.html", form=form), 401
        sessions.start_session(user, request.remote_addr, request.user_agent.string)
        db.session.commit()
        login_user(user)
        return redirect(safe_next(request.args.get("next")) or
                        (url_for("home.index") if is_member(user) else url_for("auth.status")))
    return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/logout", methods=["POST"])
@access(SIGNED_IN)
def logout():
    if g.get("user_session") is not None:
        sessions.end_session(g.user_session)
        db.session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/status")
@access(SIGNED_IN)
def status():
    """Where an application stands; members see their verification here too."""
    checks = checks_of(current_user) if current_user.state != AccountState.VERIFIED else []
    return render_template("auth/status.html", user=current_user, latest=checks[0] if checks else None,
                           form=ConfirmActionForm())


@bp.route("/reset", methods=["GET", "POST"])
@access(PUBLIC)
@limiter.limit(lambda: current_app.config["RESET_LIMIT"], methods=["POST"])
def request_reset():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
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
            services.reset_password(token, form.password.data)
        except ValidationFailed as exc:
            form.password.errors.append(exc.message)
        else:
            db.session.commit()
            logout_user()
            flash("Your password has been changed and every session was ended. Log in with the new one.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/account")
@access(SIGNED_IN)
def account():
    return _render_account(ChangePasswordForm())


def _render_account(password_form, status=200):
    return render_template(
        "auth/account.html", user=current_user, password_form=password_form, end_form=ConfirmActionForm(),
        sessions=sessions.sessions_of(current_user), current_session=g.get("user_session"),
    ), status


@bp.route("/account/password", methods=["POST"])
@access(SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data,
                                     keep_session=g.get("user_session"))
        except ValidationFailed as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            db.session.commit()
            flash("Password changed. Your other sessions have been ended.", "success")
            return redirect(url_for("auth.account"))
    return _render_account(form, 400)


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@access(SIGNED_IN)
def end_session(session_id):
    form = ConfirmActionForm()
    row = sessions.find_session_of(current_user, session_id)
    if not form.validate_on_submit() or row is None:
        flash("That session no longer exists.", "warning")
        return redirect(url_for("auth.account")), 303
    is_current = g.get("user_session") is not None and row.id == g.user_session.id
    sessions.end_session(row)
    db.session.commit()
    if is_current:
        logout_user()
        return redirect(url_for("auth.login"))
    flash("Session ended.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@access(SIGNED_IN)
def end_other_sessions():
    form = ConfirmActionForm()
    if form.validate_on_submit():
        count = sessions.end_all_sessions(current_user, keep=g.get("user_session"))
        db.session.commit()
        flash(f"{count} other session{'s' if count != 1 else ''} ended.", "success")
    return redirect(url_for("auth.account"))
