"""Limits on guessing secrets, shared by every form that checks the same secret.

A password or a second-factor code can be tried at the login pages and again, with a stolen
session, on the account pages (change the password, new recovery codes, turn two-factor on or
off). Only failed attempts count (views set `g.guess_failed`), so a member who types correctly
is never slowed by their own slips.

- Codes: one allowance per account across the login's second step and the account pages (the
  second step is only reached with the password, so a stranger cannot spend it).
- Passwords at the login: three limits, so that guessing stays bounded and yet a stranger who
  knows a member's email cannot keep the member out.
  * per client address, across accounts (LOGIN_LIMIT_PER_IP);
  * per account and client address (LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS): what one machine
    may try against one account;
  * per account across all addresses (LOGIN_LIMIT_PER_ACCOUNT), a much larger ceiling against
    guessing spread over many machines.
  A browser that completed a login to the account before (known_devices) is counted on its
  own instead of by address, and the address and ceiling limits do not apply to it: strangers
  can spend those, but not its allowance. Counts are per password (known_devices.password_tag),
  so after a reset the guesses at the old one no longer count. An email without an account is
  counted the same way under the email, so refusals tell nothing about accounts.
- Passwords on the signed-in account pages: an allowance of their own per account, which
  strangers guessing at the login cannot spend.
"""
from flask import current_app, g, request
from flask_login import current_user
from limits import parse_many

from forum.auth import known_devices, second_step
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


def _login_target():
    """(account, email) the login form names, looked up once per request; account is None for
    an email without one."""
    if "login_target" not in g:
        from forum.auth.services import find_user_by_email, normalize_email

        email = normalize_email(request.form.get("email", ""))
        g.login_target = (find_user_by_email(email) if email else None, email)
    return g.login_target


def _login_device() -> str | None:
    user, _email = _login_target()
    return known_devices.device_id_for(user) if user is not None else None


def from_known_device() -> bool:
    """The login names an account this browser completed a login to (exempt from the limits
    strangers could spend)."""
    return request.method == "POST" and _login_device() is not None


def _account_key() -> str:
    user, email = _login_target()
    return f"{user.id}:{known_devices.password_tag(user)}" if user is not None else f"unknown:{email}"


def _login_password_key() -> str:
    device = _login_device()
    where = f"device:{device}" if device is not None else f"address:{request.remote_addr}"
    return f"password:{_account_key()}:{where}"


def wait_phrase(limit: str) -> str:
    """'15 minutes', 'an hour', 'a day': the longest window of a limit string, for messages."""
    seconds = max(item.get_expiry() for item in parse_many(limit))
    for size, one, many in ((86400, "a day", "days"), (3600, "an hour", "hours"), (60, "a minute", "minutes")):
        if seconds >= size:
            count = seconds // size
            return one if count == 1 else f"{count} {many}"
    return f"{seconds} seconds"


def _message(template: str, setting: str):
    return lambda: template.format(wait=wait_phrase(current_app.config[setting]))


# Each message names what refused and what the member can do; none says whether the email has
# an account.
login_failures_per_address = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"], deduct_when=guess_failed,
    exempt_when=from_known_device,
    error_message=_message("Too many failed logins from your network. Wait {wait} and try again.",
                           "LOGIN_LIMIT_PER_IP"))

login_password_guesses = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"], scope="login-password-guesses",
    key_func=_login_password_key, methods=["POST"], deduct_when=guess_failed,
    error_message=_message("Too many wrong passwords for this email from your device or network. Wait {wait} "
                           "and try again, or reset your password.", "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"))

login_password_ceiling = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], scope="login-password-ceiling",
    key_func=lambda: f"password:{_account_key()}", methods=["POST"], deduct_when=guess_failed,
    exempt_when=from_known_device,
    error_message=_message("Too many wrong passwords have been tried for this email, from many places. If it "
                           "is your account, log in from a device you have logged in from before, or reset "
                           "your password; otherwise wait up to {wait}.", "LOGIN_LIMIT_PER_ACCOUNT"))

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

# The account pages: only a signed-in session reaches them, so only it can spend this.
account_password_guesses = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"], scope="account-password-guesses",
    key_func=lambda: f"password:{current_user.id}", methods=["POST"], deduct_when=password_guess_failed)
