"""The search form: read from the query string (GET), so it carries no CSRF token."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SelectField, StringField
from wtforms.validators import Length, Optional

from forum.search.text import MAX_QUERY_LENGTH


class SearchPostsForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField("Search for", validators=[
        Optional(), Length(max=MAX_QUERY_LENGTH, message=f"Use at most {MAX_QUERY_LENGTH} characters.")])
    category = SelectField("Category", choices=[], default="")
    clinical = BooleanField("Clinical cases only")
    author = StringField("Author (handle)", validators=[
        Optional(), Length(max=41, message="A handle has at most 40 characters.")])

    def set_categories(self, pairs):
        self.category.choices = [("", "All categories")] + [(str(i), name) for i, name in pairs]

    @property
    def category_id(self):
        return int(self.category.data) if self.category.data else None
