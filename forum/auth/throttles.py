"""Limits on guessing secrets, shared by every form that checks the same secret.

A password or a second-factor code can be tried at the login pages and again, with a stolen
session, on the account pages (change the password, new recovery codes, turn two-factor off).
Only failed attempts count (views set `g.guess_failed`), so a member who types correctly is
never slowed by their own slips.

- Codes: one allowance per account across the login's second step and the account pages (the
  second step is only reached with the password, so a stranger cannot spend it).
- Passwords: one allowance per account at the login, and another for the signed-in account
  pages. Shared, a stranger who knows a member's email could spend it at the login and lock
  the member out of changing their own password; apart, each is still bounded.
"""
from flask import current_app, g, request
from flask_login import current_user

from forum.auth import second_step
from forum.extensions import limiter


def guess_failed(_response) -> bool:
    """Any wrong secret: views set `g.guess_failed` to True, or to "password" or "code" on the
    account pages, where one form may check both and each has its own allowance."""
    return bool(g.get("guess_failed", False))


def password_guess_failed(_response) -> bool:
    return g.get("guess_failed", False) in (True, "password")


def code_guess_failed(_response) -> bool:
    return g.get("guess_failed", False) in (True, "code")


def _account_of_request() -> str:
    """The signed-in account, else the one half-way through the two-step login, else the
    address (no account is known yet)."""
    if current_user.is_authenticated:
        return str(current_user.id)
    return str(second_step.pending_user_id() or request.remote_addr)


def _login_password_key() -> str:
    from forum.auth.services import find_user_by_email, normalize_email

    email = normalize_email(request.form.get("email", ""))
    user = find_user_by_email(email) if email else None
    return f"password:{user.id}" if user is not None else f"password-unknown:{email}"


second_factor_guesses = limiter.shared_limit(
    lambda: current_app.config["TWO_FACTOR_LIMIT"], scope="second-factor-guesses",
    key_func=lambda: f"second-factor:{_account_of_request()}", methods=["POST"],
    deduct_when=code_guess_failed)

def _mail_key() -> str:
    from forum.auth.services import normalize_email

    return "account-mail:" + normalize_email(request.form.get("email", ""))


# Mail sent to an address on request (a reset link, a confirmation link): per address, across
# every sender's address, so nobody can fill one inbox from many machines. Every request counts,
# for an address with an account or without, so the limit tells nothing about accounts.
mails_to_one_address = limiter.shared_limit(
    lambda: current_app.config["RESET_LIMIT"], scope="account-mail", key_func=_mail_key,
    methods=["POST"])

# Registration mails the address as well (a confirmation link, or a notice that it already has
# an account): from the same allowance, so registering over and over from many machines cannot
# fill an inbox either. Spent only by a registration that sent mail (the view sets
# `g.mailed_address`): an applicant's own mistakes on the form cost nothing, and the count is
# the same for an address with an account or without.
registration_mails_to_one_address = limiter.shared_limit(
    lambda: current_app.config["RESET_LIMIT"], scope="account-mail", key_func=_mail_key,
    methods=["POST"], deduct_when=lambda _response: g.get("mailed_address", False))

login_password_guesses = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], scope="login-password-guesses",
    key_func=_login_password_key, methods=["POST"], deduct_when=guess_failed)

# The account pages: only a signed-in session reaches them, so only it can spend this.
account_password_guesses = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], scope="account-password-guesses",
    key_func=lambda: f"password:{current_user.id}", methods=["POST"], deduct_when=password_guess_failed)
