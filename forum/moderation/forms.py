"""Moderation forms: reports, appeals, every moderator action (each with a required reason),
notes and the audit log filters. Rules beyond lengths and choices live in the services."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)

from forum.formtools import select_choices
from forum.moderation.models import ReportReason
from forum.moderation.services.appeals import MESSAGE_MAX, RESTORE, UPHOLD
from forum.moderation.services.common import REASON_MAX
from forum.moderation.services.members import NOTE_MAX, SUSPEND_MAX_DAYS, SUSPEND_MIN_DAYS
from forum.moderation.services.reports import EXPLANATION_MAX

REASON_CHOICES = select_choices(ReportReason.LABELS.items())


def _reason_field(label="Reason (recorded in the audit log and sent to the member)"):
    return TextAreaField(label, validators=[
        DataRequired(message="Give a reason."),
        Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters.")])


class ReportForm(FlaskForm):
    reason = RadioField("Why are you reporting this post?", choices=REASON_CHOICES,
                        validators=[InputRequired(message="Choose a reason.")])
    explanation = TextAreaField("Explanation (required for “Other”; moderators read it, the author "
                                "never does)",
                                validators=[Optional(), Length(max=EXPLANATION_MAX)])


class ReasonForm(FlaskForm):
    reason = _reason_field()


class PostActionForm(ReasonForm):
    """An action on a post: the reason, and the post's status as the page showed it (refused
    when another moderator acted on the post meanwhile)."""
    seen_status = HiddenField()


class RemoveForm(FlaskForm):
    seen_status = HiddenField()
    category = SelectField("Reason category (shown on the tombstone in the thread)",
                           choices=select_choices([("", "Choose…"), *ReportReason.LABELS.items()]),
                           validators=[DataRequired(message="Choose the reason category.")])
    reason = _reason_field()


class RemoveAllForm(FlaskForm):
    """Every post of an account at once: confirmed, as each must then be restored one by one."""
    category = SelectField("Reason category (shown on each tombstone)",
                           choices=select_choices([("", "Choose…"), *ReportReason.LABELS.items()]),
                           validators=[DataRequired(message="Choose the reason category.")])
    reason = _reason_field()
    confirm = BooleanField("I have checked the number of posts above: remove every one of them",
                           validators=[DataRequired(message="Tick the box to confirm removing every post.")])


class PurgeForm(FlaskForm):
    seen_status = HiddenField()
    confirm = BooleanField("I understand the text is destroyed for good and cannot be restored",
                           validators=[DataRequired(message="Tick the box to confirm the purge.")])
    reason = _reason_field("Reason (recorded in the audit log and sent to the author; do not quote the post)")


class RedactForm(FlaskForm):
    title = StringField("Thread title after redaction")  # the opening post's form only
    body = TextAreaField("Text after redaction", validators=[DataRequired(message="Give the redacted text.")])
    reason = _reason_field()


class MoveForm(FlaskForm):
    category = SelectField("Move to", coerce=int, choices=[],
                           validators=[DataRequired(message="Choose a category.")])
    reason = _reason_field("Reason (recorded in the audit log and sent to the thread's author)")


class AnswerForm(FlaskForm):
    number = IntegerField("Number of the reply that answers the case", validators=[
        InputRequired(message="Give the reply's number (shown as #N on the post)."),
        NumberRange(2, 2**31 - 1, message="Give the number of a reply (#2 or later).")])
    reason = _reason_field("Reason (recorded in the audit log and sent to the thread's author)")


class WarnForm(FlaskForm):
    post_id = HiddenField()
    reason = _reason_field("Warning (sent to the member and kept in their history)")


class SuspendForm(FlaskForm):
    post_id = HiddenField()
    days = IntegerField(f"Days ({SUSPEND_MIN_DAYS} to {SUSPEND_MAX_DAYS})", validators=[
        InputRequired(message="Give the number of days."),
        NumberRange(SUSPEND_MIN_DAYS, SUSPEND_MAX_DAYS,
                    message=f"Suspend for {SUSPEND_MIN_DAYS} to {SUSPEND_MAX_DAYS} days.")])
    reason = _reason_field("Reason (shown to the member when they log in)")


class LiftSuspensionForm(FlaskForm):
    reason = _reason_field("Reason (sent to the member and kept in their history)")


class NoteForm(FlaskForm):
    body = TextAreaField("Private note (moderators only)", validators=[
        DataRequired(message="Write the note."), Length(max=NOTE_MAX)])


class AppealForm(FlaskForm):
    message = TextAreaField("Your appeal: why should the post be restored?", validators=[
        DataRequired(message="Write your appeal."),
        Length(max=MESSAGE_MAX, message=f"Keep your appeal to {MESSAGE_MAX} characters.")])


class AppealDecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=select_choices(
        [(UPHOLD, "Uphold the removal"), (RESTORE, "Restore the post")]),
        validators=[InputRequired(message="Choose a decision.")])
    reason = _reason_field("Reason (recorded in the audit log and sent to the author)")
    seen_status = HiddenField()  # the post's status as the page showed it (see PostActionForm)


class AuditFilterForm(FlaskForm):
    """Read from the query string (GET): no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[], validate_choice=False)
    actor = StringField("Actor (id, name or email)", validators=[Optional(), Length(max=200)])
    target = StringField("Target (e.g. post:12, user:3, or an id)", validators=[Optional(), Length(max=80)])
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and self.since.data > field.data:
            raise ValidationError("The end date is before the start date.")

    def set_actions(self, names):
        self.action.choices = select_choices([("", "Any action"), *((n, n) for n in names)])
