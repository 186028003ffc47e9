"""Domain errors raised by services, and the error pages that answer every failure."""
import logging

from flask import render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from forum.extensions import db

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule refused the action; `field` names the form field to blame, if any."""

    status = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class InvalidState(DomainError):
    status = 409


class Conflict(DomainError):
    status = 409


class TooLarge(DomainError):
    status = 413


ERROR_TITLES = {
    400: "The request could not be understood",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That method is not allowed here",
    409: "That action conflicts with the current state",
    413: "The request is too large",
    429: "Too many requests",
    500: "Something went wrong on our side",
    503: "The forum is busy",
}

ERROR_EXPLANATIONS = {
    400: "Please go back, check what you entered and try again.",
    403: "Your account does not have permission for this. If you think it should, ask an admin.",
    404: "The page may have been removed, or the address is wrong.",
    405: "Please use the links and buttons on the site.",
    409: "Someone may have changed it in the meantime. Reload the page and try again.",
    413: "Please send less data at once.",
    429: "Please wait a little before trying again.",
    500: "The error has been logged. Please try again in a moment.",
    503: "Another change was being saved at the same moment. Nothing of yours was saved: "
         "please send it again.",
}


def render_error(status, message=None):
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=ERROR_TITLES.get(status, "Error"),
            message=message or ERROR_EXPLANATIONS.get(status, ""),
        ),
        status,
    )


def init_app(app):
    @app.errorhandler(HTTPException)
    def handle_http(exc):
        status = exc.code or 500
        if status >= 500:
            db.session.rollback()
        message = None
        if status == 400 and getattr(exc, "description", None) and "CSRF" in str(exc.description):
            message = "Your form expired or was sent from elsewhere. Reload the page and try again."
        response, code = render_error(status, message)
        response = app.make_response((response, code))
        if status == 429 and getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(exc.retry_after)
        if status == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(DomainError)
    def handle_domain(exc):
        db.session.rollback()
        return render_error(exc.status, exc.message)

    @app.errorhandler(OperationalError)
    def handle_operational(exc):
        """SQLite lets one writer at a time: a request that loses a race for the write lock
        (past the busy timeout, or holding a snapshot another writer made stale) is told to try
        again, not shown a server error. Anything else the database refuses is a 500."""
        db.session.rollback()
        if "database is locked" not in str(exc.orig):
            log.exception("Database error on %s %s", request.method, request.path)
            return render_error(500)
        log.warning("Database busy on %s %s", request.method, request.path)
        response = app.make_response(render_error(503))
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
