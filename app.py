"""Entry point for `flask --app app` and `gunicorn app:app`."""
import sys

from forum import create_app
from forum.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    sys.exit("\n".join(f"Curbside cannot start: {line}" for line in str(error).splitlines()))
