"""The search page: a query box with filters, ranked results with highlighted snippets."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.search import services
from forum.search.cli import reindex_command
from forum.search.forms import SearchPostsForm

bp = Blueprint("search", __name__, cli_group="search")
bp.cli.add_command(reindex_command)


@bp.route("/search")
def search_posts():
    form = SearchPostsForm(formdata=request.args)
    form.set_categories(services.category_choices())
    results = None
    if (form.q.data or "").strip() and form.validate():
        results = services.search(
            current_user, form.q.data, category_id=form.category_id,
            clinical_only=form.clinical.data, answered_only=form.answered.data,
            author=(form.author.data or "").strip() or None,
            newest_first=form.newest_first, since=form.since.data, until=form.until.data,
            page=request.args.get("page", 1, type=int))
    status = 400 if form.errors else 200
    return render_template("search/search_posts.html", form=form, results=results), status
