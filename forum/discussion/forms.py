"""Composer, profile and category forms, and their conversion to the services' drafts.

Content rules (lengths, the clinical rules, citation syntax) are checked by the services so
every problem is reported at once and the same way through any door; these forms declare the
fields, carry CSRF and the one-time submission key, and hold fixed choices.
"""
import secrets
from typing import NamedTuple

from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, RadioField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length

from forum.database import as_id
from forum.discussion import case_template, citations, disclosures
from forum.discussion.drafts import (CaseInput, CitationInput, DisclosureInput, PostDraft,
                                     RelationshipInput, ThreadDraft)
from forum.discussion.models import ThreadKind
from forum.formtools import select_choices

BLANK = ("", "Choose…")
# A list field reads this many rows past its limit, so that a form with too many is refused by
# the services with a message ("Give at most 20 citations") instead of being cut short in
# silence; rows beyond that are not read at all, so a forged form cannot make us parse thousands.
ROWS_READ_PAST_LIMIT = 30


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class LimitedRows(FieldList):
    """Rows a composer may add up to `limit`, read up to ROWS_READ_PAST_LIMIT more."""

    def __init__(self, unbound_field, *args, limit: int, **kwargs):
        super().__init__(unbound_field, *args, max_entries=limit + ROWS_READ_PAST_LIMIT, **kwargs)
        self.limit = limit


# Fields that hold other fields (or nothing to show): their messages go above their fieldset.
GROUP_FIELDS = (FieldList, FormField, HiddenField)


class CitationForm(Form):
    value = StringField("PMID, DOI or https link")
    note = StringField("Note (optional)")


class RelationshipForm(Form):
    type = SelectField("Relationship", validate_choice=False, choices=select_choices(
        [BLANK, *disclosures.RELATIONSHIP_TYPES.items()]))
    body = StringField("Company or body")
    note = StringField("Note (optional)")


class DisclosureForm(Form):
    choice = RadioField("Conflicts of interest", validate_choice=False,
                        choices=select_choices(disclosures.CHOICES.items()))
    relationships = LimitedRows(FormField(RelationshipForm), min_entries=1,
                                limit=disclosures.MAX_RELATIONSHIPS)


class CaseTemplateForm(Form):
    age_band = SelectField("Age band", validate_choice=False, choices=select_choices(
        [("", "Not given"), *((band, band) for band in case_template.AGE_BANDS)]))
    sex = SelectField("Sex", validate_choice=False, choices=select_choices(
        [("", "Not given"), *case_template.SEXES.items()]))
    setting = SelectField("Setting", validate_choice=False, choices=select_choices(
        [("", "Not given"), *case_template.SETTINGS.items()]))
    presentation = TextAreaField("Presentation (no names, dates, places or record numbers)")
    question = TextAreaField("Question for colleagues")


class PrivacyDeclarationFields:
    """Shown with the privacy screen's findings: the author's way past them (moderator review)."""

    privacy_declared = BooleanField("This does not identify a patient")
    privacy_explanation = TextAreaField("Why the highlighted text does not identify a patient "
                                        "(10 to 500 characters, for the moderators)")


class NewThreadForm(PrivacyDeclarationFields, FlaskForm):
    # A forged or oversized value is no choice (None), never a driver error.
    category = SelectField("Category", coerce=as_id, validate_choice=False)
    kind = RadioField("Kind of thread", validate_choice=False,
                      choices=select_choices(ThreadKind.LABELS.items()))
    title = StringField("Title")
    case = FormField(CaseTemplateForm)
    body = TextAreaField("Your post (Markdown)")
    disclosure = FormField(DisclosureForm)
    citations = LimitedRows(FormField(CitationForm), min_entries=2, limit=citations.MAX_CITATIONS)
    submission_key = HiddenField()


class ReplyForm(PrivacyDeclarationFields, FlaskForm):
    body = TextAreaField("Your reply (Markdown)")
    disclosure = FormField(DisclosureForm)
    citations = LimitedRows(FormField(CitationForm), min_entries=1, limit=citations.MAX_CITATIONS)
    submission_key = HiddenField()


class EditPostForm(PrivacyDeclarationFields, FlaskForm):
    title = StringField("Title")  # shown on the opening post's form only
    body = TextAreaField("Post (Markdown)")
    citations = LimitedRows(FormField(CitationForm), min_entries=1, limit=citations.MAX_CITATIONS)
    # The version of the post the editor was opened on, kept with a draft of the edit
    # (services.saved_drafts.edit_version): a draft of an older version is not offered back.
    edit_version = HiddenField()
    # The post's version when the form was opened (editing.version_of): a save over a version
    # the author has not seen is refused (EditConflict) instead of silently replacing it.
    base_version = HiddenField()


class ProfileForm(FlaskForm):
    institution = StringField("Institution (optional)")
    disclosure = FormField(DisclosureForm)


def _category_reason():
    """Every category change takes a reason (the service checks it too)."""
    return StringField("Reason (recorded in the audit log)",
                       validators=[DataRequired(message="Give a reason: it is recorded in the audit log."),
                                   Length(max=2000)])


class CategoryForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description (optional)")
    reason = _category_reason()


class ArchiveCategoryForm(FlaskForm):
    reason = _category_reason()


class MoveCategoryForm(FlaskForm):
    """One form per category with a button for each direction."""
    direction = HiddenField()
    reason = _category_reason()


class DirectoryForm(FlaskForm):
    """The member directory's filters, read from the query string (GET: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Name or handle", validators=[Length(max=80, message="Use at most 80 characters.")])
    specialty = SelectField("Specialty", default="")

    def set_specialties(self, pairs):
        self.specialty.choices = select_choices([("", "Any specialty"), *pairs])


class ConfirmForm(FlaskForm):
    """A button that changes state: CSRF token only."""


def add_row(field_list: LimitedRows) -> bool:
    """The "add another" buttons (no JavaScript): one more blank row, up to the list's limit."""
    if len(field_list.entries) >= field_list.limit:
        return False
    field_list.append_entry()
    return True


def remove_row(field_list: LimitedRows, index: int) -> bool:
    """The "remove" buttons (no JavaScript): drop row `index` and number the rest again from 0;
    a list left empty gets one blank row to fill in."""
    if not 0 <= index < len(field_list.entries):
        return False
    kept = [entry.data for i, entry in enumerate(field_list.entries) if i != index]
    field_list.entries = []
    field_list.last_index = -1
    for data in kept:
        field_list.append_entry(data)
    if not kept:
        field_list.append_entry()
    return True


def citation_inputs(form) -> list[CitationInput]:
    return [CitationInput(entry.form.value.data or "", entry.form.note.data or "")
            for entry in form.citations.entries]


def disclosure_input(form) -> DisclosureInput:
    sub = form.disclosure.form
    return DisclosureInput(
        choice=sub.choice.data or "",
        relationships=[RelationshipInput(e.form.type.data or "", e.form.body.data or "",
                                         e.form.note.data or "") for e in sub.relationships.entries],
    )


def post_draft(form, *, with_case=False) -> PostDraft:
    case = None
    if with_case:
        c = form.case.form
        case = CaseInput(c.age_band.data or "", c.sex.data or "", c.setting.data or "",
                         c.presentation.data or "", c.question.data or "")
    return PostDraft(
        body=form.body.data or "",
        citations=citation_inputs(form),
        disclosure=disclosure_input(form) if hasattr(form, "disclosure") else None,
        case=case,
        submission_key=form.submission_key.data if hasattr(form, "submission_key") else None,
        privacy_declared=bool(getattr(form, "privacy_declared", None) and form.privacy_declared.data),
        privacy_explanation=(form.privacy_explanation.data or "") if hasattr(form, "privacy_explanation") else "",
    )


def thread_draft(form) -> ThreadDraft:
    return ThreadDraft(category_id=form.category.data, title=form.title.data or "",
                       kind=form.kind.data or "", post=post_draft(form, with_case=True))


def find_field(form, name):
    """The (sub)field whose name is `name` (e.g. "citations-1-value"), or None."""
    for field in form:
        if field.name == name:
            return field
        if field.type == "FormField":
            found = find_field(field.form, name)
        elif isinstance(field, FieldList):
            found = next((f for f in (find_field_entry(e, name) for e in field.entries) if f), None)
        else:
            found = None
        if found is not None:
            return found
    return None


def find_field_entry(entry, name):
    if entry.name == name:
        return entry
    return find_field(entry.form, name) if entry.type == "FormField" else None


class ErrorLink(NamedTuple):
    """One line of a refused composer's error summary: the id of the control to go to, and
    what is wrong there."""
    target: str
    text: str


# The anchor of a group's message (attach_errors leaves these to the template): the privacy
# screen's findings panel; a missing citation is announced on the first citation row.
PRIVACY_PANEL_ID = "privacy-findings"
ROW_NOUNS = {"citations": "Citation", "relationships": "Relationship"}


def error_links(form, group_errors: dict[str, list[str]]) -> list[ErrorLink]:
    """Every message of a refused composer in the order of the page, each with the control to
    go to: the field itself (the first option of a radio group), the first citation row for
    "no citation", the findings panel for the privacy screen. The form's own messages (expired
    form, missing one-time key) have no field and are not here."""
    links: list[ErrorLink] = []
    for message in group_errors.get("privacy", []):
        links.append(ErrorLink(PRIVACY_PANEL_ID, message))
    _field_links(form, group_errors, links, row=None)
    return links


def _field_links(form, group_errors, links, row):
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField"):
            continue
        if field.type == "FormField":
            _field_links(field.form, group_errors, links, row)
        elif isinstance(field, FieldList):
            first = field.entries[0] if field.entries else None
            for message in group_errors.get(field.name, []):
                target = _first_control(first) if first is not None else field.id
                links.append(ErrorLink(target, message))
            noun = ROW_NOUNS.get(field.short_name, field.label.text)
            for index, entry in enumerate(field.entries):
                entry_row = f"{noun} {index + 1}"
                if entry.type == "FormField":
                    _field_links(entry.form, group_errors, links, entry_row)
                else:
                    links.extend(_links_of(entry, entry_row))
        else:
            links.extend(_links_of(field, row))


def _links_of(field, row):
    """The links of one control; `row` ("Citation 2") for a control in a row, whose messages
    mostly name their row already ("Citation 2: ...")."""
    target = f"{field.id}-0" if field.type == "RadioField" else field.id
    links = []
    for message in field.errors:
        if row is None:
            text = f"{field.label.text}: {message}"
        elif message.startswith((f"{row}:", f"{row} ")):
            text = message
        else:
            text = f"{row}, {field.label.text}: {message}"
        links.append(ErrorLink(target, text))
    return links


def _first_control(entry):
    if entry.type != "FormField":
        return entry.id
    return next((f.id for f in entry.form if f.type not in ("CSRFTokenField", "HiddenField")), entry.id)
