"""Forms for notifications: the email opt-in, and CSRF-only forms for the mark-read buttons."""
from flask_wtf import FlaskForm
from wtforms import BooleanField


class NotificationSettingsForm(FlaskForm):
    email_enabled = BooleanField("Email me when someone replies to my threads, mentions or quotes me")
    digest_enabled = BooleanField("Email me a weekly summary of the most discussed new threads")


class MarkReadForm(FlaskForm):
    """CSRF token only."""
