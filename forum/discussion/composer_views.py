"""Writing: new threads, replies (with quote-reply), edits, deletion, revisions and the
member's own profile. Every composer posts back to itself with one of four buttons: Post,
Preview (server-side), Add citation, Add relationship (no JavaScript needed)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.discussion import forms, queries
from forum.discussion.blueprint import bp
from forum.discussion.citations import MAX_CITATIONS
from forum.discussion.drafts import DuplicateSubmission, InvalidDraft
from forum.discussion.policies import can_view_revisions
from forum.discussion.rendering import quote_source
from forum.discussion.services import editing, posting, profiles
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.formtools import select_choices

ROW_ACTIONS = {"add_citation": "citations", "add_relationship": "relationships"}


@bp.route("/threads/new", methods=["GET", "POST"])
def new_thread():
    form = forms.NewThreadForm(data=_composer_defaults(category=request.args.get("category", type=int))
                               if request.method == "GET" else None)
    form.category.choices = select_choices(
        [("", "Choose a category"), *((c.id, c.name) for c in queries.open_categories())])
    return _compose(
        form, "discussion/new_thread.html", {},
        preview=lambda: posting.preview_thread(current_user, forms.thread_draft(form)),
        submit=lambda: posting.create_thread(current_user, forms.thread_draft(form)),
        done=lambda thread: ("Your thread is posted.",
                             url_for("discussion.show_thread", thread_id=thread.id)))


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
def reply(thread_id):
    thread = queries.get_thread_or_404(thread_id)
    defaults = None
    if request.method == "GET":
        defaults = _composer_defaults(body=_quoted(thread, request.args.get("quote")))
    form = forms.ReplyForm(data=defaults)
    return _compose(
        form, "discussion/reply.html", {"thread": thread},
        preview=lambda: posting.preview_reply(current_user, thread, forms.post_draft(form)),
        submit=lambda: posting.create_reply(current_user, thread, forms.post_draft(form)),
        done=lambda post: ("Your reply is posted.", post_url(post)))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id):
    post = queries.get_post_or_404(post_id)
    editing.check_editable(current_user, post)
    defaults = None
    if request.method == "GET":
        rows = [{"value": c.value, "note": c.note} for c in post.citations]
        defaults = {"body": post.body_source,
                    "citations": rows + ([{}] if len(rows) < MAX_CITATIONS else [])}
    form = forms.EditPostForm(data=defaults)
    return _compose(
        form, "discussion/edit_post.html", {"post": post, "thread": post.thread},
        preview=lambda: editing.preview_edit(current_user, post, forms.post_draft(form)),
        submit=lambda: editing.edit_post(current_user, post, forms.post_draft(form)),
        done=lambda changed: ("Your post is updated; the earlier version is kept." if changed
                              else "Nothing changed.", post_url(post)))


@bp.route("/posts/<int:post_id>/delete", methods=["GET", "POST"])
def delete_post(post_id):
    post = queries.get_post_or_404(post_id)
    editing.check_deletable(current_user, post)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        editing.delete_post(current_user, post)
        db.session.commit()
        flash("Your post is deleted. A note in the thread says so.", "success")
        return redirect(post_url(post))
    status = 400 if form.is_submitted() else 200
    return render_template("discussion/delete_post.html", post=post, form=form), status


@bp.route("/posts/<int:post_id>/revisions")
def list_revisions(post_id):
    post = queries.get_post_or_404(post_id)
    if not can_view_revisions(current_user, post):
        raise NotAllowed("Earlier versions of a post are shown to its author and to moderators.")
    return render_template("discussion/revisions.html", post=post,
                           revisions=queries.revisions_of(post))


@bp.route("/profile", methods=["GET", "POST"])
def edit_profile():
    form = forms.ProfileForm(data={"institution": current_user.institution or "",
                                   "disclosure": profiles.disclosure_form_data(current_user)}
                             if request.method == "GET" else None)
    return _compose(
        form, "discussion/edit_profile.html", {}, preview=None,
        submit=lambda: profiles.update_profile(current_user, form.institution.data or "",
                                               forms.disclosure_input(form)),
        done=lambda _: ("Your profile is saved. Past posts keep the disclosure they were posted with.",
                        url_for("discussion.show_profile", handle=current_user.handle)))


def post_url(post):
    """The thread page holding `post`, at the post (what the permalink redirects to)."""
    page = queries.page_of(post)
    return url_for("discussion.show_thread", thread_id=post.thread_id, page=page if page > 1 else None,
                   _anchor=f"post-{post.number}")


def _composer_defaults(category=None, body=""):
    return {"category": category, "body": body, "submission_key": forms.new_submission_key(),
            "disclosure": profiles.disclosure_form_data(current_user)}


def _quoted(thread, quote_id):
    """The quote-reply starting text; a forged or foreign post id is a 404."""
    if quote_id is None:
        return ""
    if not quote_id.isdigit():
        abort(404)
    post = queries.get_post_or_404(int(quote_id))
    if post.thread_id != thread.id or not post.is_visible:
        abort(404)
    return quote_source(post)


def _compose(form, template, context, *, preview, submit, done):
    """GET shows the form; POST adds a row, previews, or submits once and commits."""
    def render(status=200, **extra):
        return render_template(template, form=form, **context, **extra), status

    if request.method == "GET":
        return render()
    if not form.validate_on_submit():
        return render(400, failed=True, group_errors={"form": ["Your form expired. Please submit it again."]})
    action = request.form.get("action", "post")
    if action in ROW_ACTIONS:
        _add_row(form, ROW_ACTIONS[action])
        return render()
    try:
        if action == "preview" and preview is not None:
            prepared, problems = preview()
            return render(preview=prepared, failed=bool(problems),
                          group_errors=attach_errors(form, problems.errors))
        result = submit()
    except DuplicateSubmission:
        db.session.rollback()
        return _duplicate(getattr(form, "submission_key", None))
    except InvalidDraft as exc:
        db.session.rollback()
        return render(exc.status, failed=True, group_errors=attach_errors(form, exc.errors))
    except DomainError as exc:
        db.session.rollback()
        return render(exc.status, failed=True,
                      group_errors=attach_errors(form, {exc.field or "form": [exc.message]}))
    db.session.commit()
    message, location = done(result)
    flash(message, "success")
    return redirect(location)


def _add_row(form, which):
    if which == "citations" and hasattr(form, "citations"):
        forms.add_row(form.citations)
    elif which == "relationships" and hasattr(form, "disclosure"):
        forms.add_row(form.disclosure.form.relationships)


def _duplicate(key_field):
    post = queries.post_by_submission(current_user, key_field.data if key_field else None)
    return render_template("discussion/duplicate.html", post=post), 409


def attach_errors(form, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Put each message beside its field; return the rest (groups, hidden fields, the form)
    for the template to show at the top of their fieldset or of the form."""
    rest: dict[str, list[str]] = {}
    for name, messages in errors.items():
        field = forms.find_field(form, name)
        if field is None or field.type in ("FieldList", "FormField", "HiddenField"):
            rest.setdefault(name, []).extend(messages)
        else:
            field.errors = [*field.errors, *messages]
    return rest
