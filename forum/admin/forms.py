"""Forms for admin decisions: every one carries a reason."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.auth.models import Role
from forum.formtools import select_choices


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
