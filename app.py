"""Entry point for `flask --app app` and `gunicorn app:app`."""
import sys

from forum import create_app
from forum.config import ConfigurationError
from forum.database import unavailable_message

try:
    app = create_app()
except ConfigurationError as error:
    sys.exit("\n".join(f"Curbside cannot start: {line}" for line in str(error).splitlines()))


def _report_unusable_database(kind, error, traceback):
    """A command (`flask --app app ...`) that ends because the database cannot be reached or has
    no tables prints one line instead of a traceback (exit status 1 either way). Every other
    error keeps its traceback. Gunicorn's workers handle their own errors and never get here."""
    message = unavailable_message(error, app.config["SQLALCHEMY_DATABASE_URI"])
    if message is None:
        sys.__excepthook__(kind, error, traceback)
    else:
        print(message, file=sys.stderr)


sys.excepthook = _report_unusable_database
