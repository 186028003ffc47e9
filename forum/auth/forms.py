"""Forms for registration, login, password changes and session management."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from forum.formtools import grouped_select_choices, select_choices
from forum.registry import jurisdictions, specialties


def strip(value):
    """Form filter: what a user pastes often carries spaces at either end."""
    return value.strip() if isinstance(value, str) else value


class RegistrationForm(FlaskForm):
    # The minimum is the service's (check_full_name): it counts visible characters.
    full_name = StringField("Full name, exactly as registered", filters=[strip],
                            validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField("Password (at least 12 characters)", validators=[DataRequired(), Length(max=256)])
    password_confirm = PasswordField(
        "Repeat the password", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")]
    )
    registry = SelectField("Medical registry", choices=select_choices(jurisdictions.REGISTRY_LABELS.items()))
    identifier = StringField("Registration or licence number", validators=[DataRequired(), Length(max=64)])
    jurisdiction = SelectField("Jurisdiction (US state, State Medical Council or country)",
                               validators=[DataRequired()])
    specialty = SelectField("Specialty", validators=[DataRequired()])
    institution = StringField("Institution (optional)", filters=[strip], validators=[Optional(), Length(max=200)])
    coi_statement = TextAreaField(
        "Standing conflict-of-interest statement (optional)", validators=[Optional(), Length(max=2000)]
    )
    attest = BooleanField(
        "I am the physician named above, and I will never post information that identifies a patient.",
        validators=[DataRequired(message="You must confirm this to apply.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = grouped_select_choices(jurisdictions.grouped_choices())
        self.specialty.choices = select_choices(specialties.choices())


class LoginForm(FlaskForm):
    email = EmailField("Email", filters=[strip], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


class EmailForm(FlaskForm):
    email = EmailField("Email", filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password (at least 12 characters)", validators=[DataRequired(), Length(max=256)])
    password_confirm = PasswordField(
        "Repeat the new password", validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")]
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField("New password (at least 12 characters)", validators=[DataRequired(), Length(max=256)])
    new_password_confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
    )


class ConfirmActionForm(FlaskForm):
    """A button that changes state: CSRF token only."""


class TwoFactorLoginForm(FlaskForm):
    code = StringField("Code from your authenticator app, or a recovery code",
                       validators=[DataRequired(message="Enter the code."), Length(max=20)])


class TwoFactorStartForm(FlaskForm):
    """Starting two-factor set-up: the password, since the next page shows a new secret."""
    password = PasswordField("Your password", id="start-password",
                             validators=[DataRequired(message="Enter your password."), Length(max=256)])


class TwoFactorEnableForm(FlaskForm):
    """Turning two-factor on, and new recovery codes: the password, then a code from the app."""
    password = PasswordField("Your password", validators=[DataRequired(message="Enter your password."),
                                                          Length(max=256)])
    code = StringField("Code from your authenticator app", validators=[DataRequired(message="Enter the code."),
                                                                      Length(max=20)])


class RecoveryCodesForm(FlaskForm):
    """New recovery codes: the password, then a code from the app. Its fields have ids of their
    own: the page also holds the form that turns two-factor off."""
    password = PasswordField("Your password", id="new-codes-password",
                             validators=[DataRequired(message="Enter your password."), Length(max=256)])
    code = StringField("Code from your authenticator app", id="new-codes-code",
                       validators=[DataRequired(message="Enter the code."), Length(max=20)])


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=256)])
    code = StringField("Code from your app, or a recovery code", validators=[DataRequired(), Length(max=20)])
