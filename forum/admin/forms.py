"""Forms for admin decisions: every one carries a reason."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.auth.models import Role
from forum.formtools import select_choices
from forum.registry import jurisdictions
from forum.registry.uploads import ENCODINGS, KINDS, NOTE_MAX


class ApproveForm(FlaskForm):
    reason = TextAreaField("Note (optional, kept in the audit log)", validators=[Optional(), Length(max=2000)])
    # The application's state when the page was shown: another admin's rejection in between
    # must not be overturned by an approval given without seeing it.
    seen_state = HiddenField()


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason (recorded in the audit log and sent to the person)",
                           validators=[DataRequired(message="Give a reason."), Length(max=2000)])


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=select_choices((r, Role.LABELS[r]) for r in Role.ALL))
    reason = TextAreaField("Reason (recorded in the audit log)",
                           validators=[DataRequired(message="Give a reason."), Length(max=2000)])


class RecheckForm(FlaskForm):
    """CSRF token only."""


class RegistryLookupForm(FlaskForm):
    """Read from the query string: a lookup changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    registry = SelectField("Register", choices=select_choices(
        (code, jurisdictions.REGISTRY_LABELS[code]) for code in ("npi", "gmc", "nmc")))
    identifier = StringField("Number", validators=[Length(max=100)])
    council = StringField("Council (NMC only; empty for every council)", validators=[Optional(), Length(max=40)])


class RegistryImportForm(FlaskForm):
    """The checks that need the file or the database are the service's (forum.registry.uploads)."""

    registry = SelectField("Register the file comes from", choices=select_choices(KINDS.items()))
    file = FileField("Extract file (.csv)", validators=[FileRequired("Choose the .csv file to import.")])
    encoding = SelectField("Encoding", choices=select_choices(ENCODINGS.items()))
    column_map = TextAreaField("Column names (GMC and NMC, optional)", validators=[Length(max=2000)])
    notes = TextAreaField("Note (optional, kept with the import and in the audit log)",
                          validators=[Optional(), Length(max=NOTE_MAX)])
