"""Pieces the moderation views share: the post review page with its action forms, and where a
refused action's message goes."""
from flask import flash, render_template

from forum.moderation import queries
from forum.moderation.forms import AppealDecisionForm, PostActionForm, PurgeForm, RemoveForm

POST_FORMS = {"dismiss": PostActionForm, "approve": PostActionForm, "remove": RemoveForm,
              "restore": PostActionForm, "purge": PurgeForm, "appeal": AppealDecisionForm}


def render_post(post, failed=None, status=200):
    """The review page; `failed` is {prefix: form} for a form sent back with its errors."""
    item, false_privacy = queries.review_item(post)
    forms = {prefix: (failed or {}).get(prefix) or form_class(prefix=prefix)
             for prefix, form_class in POST_FORMS.items()}
    return render_template("moderation/post.html", item=item, post=post,
                           false_privacy=false_privacy, forms=forms), status


def show_error(form, exc):
    """Beside the field it concerns, else at the top of the page."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "warning")
