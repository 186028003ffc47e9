"""The search form: read from the query string (GET), so it carries no CSRF token.

The search page is the one page every search request renders, so its fields are drawn by
`SearchPostsForm.html` in plain Python instead of the `field` macro and WTForms widgets (those
took a third of an empty search page's CPU). The markup is the macro's, whitespace aside:
tests/web/test_search_pages.py compares the two.
"""
from datetime import date

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, DateField, SearchField, SelectField, StringField, ValidationError
from wtforms.validators import Length, Optional

from forum.formtools import select_choices
from forum.search.text import MAX_QUERY_LENGTH

RELEVANCE, NEWEST = "relevance", "newest"
ORDERS = [(RELEVANCE, "Best match"), (NEWEST, "Newest first")]
HELP = {"q": 'All words must match. Put an exact phrase in "double quotes".',
        "author": "For example @jdoe",
        "since": "From the start of this day, UTC (YYYY-MM-DD).",
        "until": "To the end of this day, UTC (YYYY-MM-DD)."}
DATE_MESSAGE = "Enter a day as YYYY-MM-DD, for example 2026-03-01."
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def _a_day_in_range(_form, field):
    """Days far outside the forum's life would only overflow the end-of-day arithmetic."""
    if field.data is not None and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(f"Enter a day between {FIRST_DAY:%Y} and {LAST_DAY:%Y}.")


class SearchPostsForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField("Search for", validators=[
        Optional(), Length(max=MAX_QUERY_LENGTH, message=f"Use at most {MAX_QUERY_LENGTH} characters.")])
    category = SelectField("Category", choices=[], default="")
    clinical = BooleanField("Clinical cases only")
    answered = BooleanField("Answered cases only")
    order = SelectField("Sort by", choices=select_choices(ORDERS), default=RELEVANCE)
    author = StringField("Author (handle)", validators=[
        Optional(), Length(max=41, message="A handle has at most 40 characters.")])
    # input type=date sends YYYY-MM-DD; anything else gets words a member understands.
    since = DateField("Posted from", validators=[Optional(), _a_day_in_range],
                      invalid_value_message=DATE_MESSAGE)
    until = DateField("Posted until", validators=[Optional(), _a_day_in_range],
                      invalid_value_message=DATE_MESSAGE)

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("This day is before the day in \u201cPosted from\u201d.")

    def set_categories(self, pairs):
        self.category.choices = _choices(tuple(pairs))

    @property
    def newest_first(self) -> bool:
        return self.order.data == NEWEST

    @property
    def category_id(self):
        return int(self.category.data) if self.category.data else None

    def html(self, name):
        """One field with its label, help, errors and aria wiring, as the `field` macro of
        templates/_macros/forms.html draws it."""
        f = self[name]
        errors = f.errors
        help_text = HELP.get(name)
        described = []
        if help_text:
            described.append(f"{name}-help")
        if errors:
            described.append(f"{name}-error")
        attrs = []
        if described:
            attrs.append(f'aria-describedby="{" ".join(described)}"')
        if errors:
            attrs.append('aria-invalid="true"')
        label = f'<label for="{name}">{escape(f.label.text)}</label>'
        if name in ("clinical", "answered"):
            if f.data:
                attrs.append("checked")
            control = (f'<input {" ".join(attrs + [""])}id="{name}" name="{name}" '
                       f'type="checkbox" value="{escape(f._value())}"> {label}')
            css = "field field-check"
        elif name in ("category", "order"):
            pairs = tuple(ORDERS) if name == "order" else tuple(f.choices)
            options = "".join(selected if value == f.data else plain
                              for value, plain, selected in _options(pairs))
            control = (f'{label}\n<select {" ".join(attrs + [""])}id="{name}" name="{name}">'
                       f"{options}</select>")
            css = "field"
        elif name in ("since", "until"):
            control = (f'{label}\n<input {" ".join(attrs + [""])}id="{name}" name="{name}" '
                       f'type="date" value="{escape(f._value())}">')
            css = "field"
        else:
            maxlength = MAX_QUERY_LENGTH if name == "q" else 41
            kind = "search" if name == "q" else "text"
            control = (f'{label}\n<input {" ".join(attrs + [""])}id="{name}" '
                       f'maxlength="{maxlength}" name="{name}" type="{kind}" '
                       f'value="{escape(f._value())}">')
            css = "field"
        parts = [f'<div class="{css}{" field-error" if errors else ""}">\n', control]
        if help_text:
            parts.append(f'\n<p class="help" id="{name}-help">{escape(help_text)}</p>')
        if errors:
            parts.append(f'\n<ul class="errors" id="{name}-error">')
            parts.extend(f"<li>{escape(error)}</li>" for error in errors)
            parts.append("</ul>")
        parts.append("\n</div>")
        return Markup("".join(parts))


_CHOICES, _OPTIONS = {}, {}


def _choices(pairs):
    """The select's choices for these (id, name) pairs, built once per distinct list."""
    choices = _CHOICES.get(pairs)
    if choices is None:
        if len(_CHOICES) > 64:  # categories were edited many times: start over
            _CHOICES.clear()
        choices = _CHOICES[pairs] = [("", "All categories")] + [(str(i), name) for i, name in pairs]
    return list(choices)


def _options(choices):
    """(value, <option>, <option selected>) per choice, escaped once per distinct list."""
    options = _OPTIONS.get(choices)
    if options is None:
        if len(_OPTIONS) > 64:
            _OPTIONS.clear()
        options = _OPTIONS[choices] = [
            (value, f'<option value="{escape(value)}">{escape(label)}</option>',
             f'<option selected value="{escape(value)}">{escape(label)}</option>')
            for value, label in choices]
    return options
