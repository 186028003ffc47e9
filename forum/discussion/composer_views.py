"""Writing: new threads, replies (with quote-reply), edits, deletion, revisions and the
member's own profile. Every composer posts back to itself with one of its buttons: Post,
Preview (server-side), Add or Remove a citation or a relationship (no JavaScript needed).

A draft the privacy screen flags comes back (422) with each span marked and explained, and
the author's two ways on: edit and post again, or declare it harmless for moderator review.
Posting threads, replies and edits is rate-limited per member (Post attempts only).

New threads, replies and edits keep a saved draft (services.saved_drafts): "Save draft", or the
page's script every few seconds, stores it; opening the composer again offers it back."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound

from forum.auth.session_ended import sent_text
from forum.database import as_id, id_arg
from forum.discussion import forms, queries
from forum.discussion.blueprint import bp
from forum.discussion.citations import MAX_CITATIONS
from forum.discussion.drafts import DuplicateSubmission, HeldByScreen, InvalidDraft
from forum.discussion.models import PostStatus
from forum.discussion.rendering import quote_source, shown_source
from forum.discussion.services import editing, posting, profiles, saved_drafts
from forum.errors import DomainError, NotAllowed
from forum.extensions import db, limiter
from forum.formtools import select_choices
from forum.privacy.highlight import screen_report
from forum.privacy.holds import is_unpublished_thread
from forum.security.permissions import can_view_revisions

ROW_ACTIONS = {"add_citation": "citations", "add_relationship": "relationships"}
# "remove_citation-2" removes the third citation row.
REMOVE_ACTIONS = {"remove_citation": "citations", "remove_relationship": "relationships"}
DRAFT_ACTIONS = ("save_draft", "discard_draft")
AUTOSAVE_HEADER = "X-Curbside-Autosave"
HELD_MESSAGE = ("is held for moderator review: only you and the moderators can see it until a "
                "moderator approves it.")


def _member_key():
    """Per member, not per session (get_id() is the login session's id)."""
    return f"member:{getattr(current_user, 'id', None) or request.remote_addr}"


def _not_posting():
    """Preview and "add a row" are not attempts to post: they do not count against the limit.
    Any other action value submits (see _compose), so it counts, whatever it says."""
    action = request.form.get("action")
    return action in ("preview", *ROW_ACTIONS, *DRAFT_ACTIONS) or _removal(action) is not None


def _removal(action):
    """(which list, row index) for a "remove_..." button's action, else None."""
    kind, _, index = (action or "").partition("-")
    if kind not in REMOVE_ACTIONS or not index.isdigit() or len(index) > 3:
        return None
    return REMOVE_ACTIONS[kind], int(index)


def _posting_limit(config_key):
    return limiter.limit(lambda: current_app.config[config_key], methods=["POST"],
                         key_func=_member_key, exempt_when=_not_posting)


_draft_saves = limiter.limit(lambda: current_app.config["DRAFT_LIMIT"], methods=["POST"],
                             key_func=lambda: f"drafts:{_member_key()}",
                             exempt_when=lambda: request.form.get("action") != "save_draft")


@bp.route("/threads/new", methods=["GET", "POST"])
@_posting_limit("THREAD_LIMIT")
@_draft_saves
def new_thread():
    place = saved_drafts.new_thread_place()
    form, restored = _composer_form(
        forms.NewThreadForm, place,
        lambda: _composer_defaults(category=request.args.get("category", type=id_arg)))
    categories = queries.open_categories()
    form.category.choices = select_choices([("", "Choose a category"), *((c.id, c.name) for c in categories)])
    return _compose(
        form, "discussion/new_thread.html", {"no_open_category": not categories}, place=place,
        restored=restored,
        preview=lambda: posting.preview_thread(current_user, forms.thread_draft(form)),
        submit=lambda: posting.create_thread(current_user, forms.thread_draft(form)),
        done=lambda thread: (f"Your thread {HELD_MESSAGE}" if is_unpublished_thread(thread)
                             else "Your thread is posted.",
                             url_for("discussion.show_thread", thread_id=thread.id)))


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@_posting_limit("REPLY_LIMIT")
@_draft_saves
def reply(thread_id):
    try:
        thread, unpublished = queries.get_readable_thread_or_404(current_user, thread_id)
    except NotFound:
        if request.method != "POST":
            raise
        # The thread went out of sight (or away) while the member wrote: a bare 404 would lose
        # the reply. Their own words come back; nothing about the thread does.
        # CSRFProtect checked the form's token before this view ran, so the words are the
        # member's own, not another site's.
        return render_template("discussion/reply_not_sent.html", texts=sent_text(token_checked=True)), 404
    place = saved_drafts.reply_place(thread.id)
    quoted = _quoted(thread, request.args.get("quote")) if request.method == "GET" else ""
    form, restored = _composer_form(forms.ReplyForm, place, lambda: _composer_defaults(body=quoted))
    if restored is not None and quoted:  # a quote asked for now goes below the saved words
        form.body.data = f"{(form.body.data or '').rstrip()}\n\n{quoted}"
    return _compose(
        form, "discussion/reply.html", {"thread": thread}, place=place, restored=restored,
        preview=lambda: posting.preview_reply(current_user, thread, forms.post_draft(form)),
        submit=lambda: posting.create_reply(current_user, thread, forms.post_draft(form),
                                            unpublished=unpublished),
        done=lambda post: (f"Your reply {HELD_MESSAGE}" if post.status == PostStatus.HELD
                           else "Your reply is posted.", post_url(post)))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@_posting_limit("EDIT_LIMIT")
@_draft_saves
def edit_post(post_id):
    post = queries.get_post_or_404(post_id)
    editing.check_editable(current_user, post)
    place = saved_drafts.edit_place(post.id)
    form, restored = _edit_form(post)
    title = form.title.data if post.is_opening else None
    context = {"post": post, "thread": post.thread, "conflict": False,
               "withheld": queries.withheld_titles(current_user, [post.thread])}

    def submit():
        try:
            return editing.edit_post(current_user, post, forms.post_draft(form), title,
                                     base_version=_base_version(form))
        except editing.EditConflict as exc:  # shown with the current version; saving again wins
            form.base_version.data = str(exc.version)
            context["conflict"] = True
            raise

    return _compose(
        form, "discussion/edit_post.html", context,
        place=place, restored=restored, unchanged=saved_drafts.edit_fields(post),
        preview=lambda: editing.preview_edit(current_user, post, forms.post_draft(form), title),
        submit=submit,
        done=lambda changed: (f"Your edited post {HELD_MESSAGE} The earlier version is kept."
                              if post.status == PostStatus.HELD
                              else "Your post is updated; the earlier version is kept." if changed
                              else "Nothing changed.", post_url(post)))


def _base_version(form) -> int | None:
    """The edit form's base version; None (no check) from a form opened before it had one."""
    value = (form.base_version.data or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


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
    return render_template("discussion/delete_post.html", post=post, form=form,
                           withheld=queries.withheld_titles(current_user, [post.thread])), status


@bp.route("/posts/<int:post_id>/revisions")
def list_revisions(post_id):
    post = queries.get_post_or_404(post_id)
    if not can_view_revisions(current_user, post):
        raise NotAllowed("Earlier versions of a post are shown to its author and to moderators.")
    return render_template("discussion/revisions.html", post=post,
                           withheld=queries.withheld_titles(current_user, [post.thread]),
                           revisions=queries.revisions_of(post, current_user))


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


def _composer_form(form_class, place, defaults):
    """(form, restored draft or None). A GET offers the member's saved draft for `place` when
    there is one, else `defaults()`; a POST reads the request."""
    if request.method != "GET":
        return form_class(), None
    draft = saved_drafts.load(current_user, place)
    if draft is not None and saved_drafts.drop_if_posted(current_user, draft):
        db.session.commit()
        draft = None
    if draft is None:
        return form_class(data=defaults()), None
    data = saved_drafts.form_data(draft)
    data["submission_key"] = forms.new_submission_key()
    return form_class(formdata=data), draft


def _edit_form(post):
    """(form, restored draft or None) for editing `post`: on a GET the member's draft of this
    edit when there is one (of the post as it stands), else the post itself."""
    if request.method != "GET":
        return forms.EditPostForm(), None
    draft = saved_drafts.load_edit(current_user, post)
    db.session.commit()  # a draft of an older version of the post is gone
    if draft is not None:  # a draft of the post as it stands: the edit is based on this version
        form = forms.EditPostForm(formdata=saved_drafts.form_data(draft))
        form.base_version.data = str(editing.version_of(post))
        return form, draft
    rows = [{"value": c.value, "note": c.note} for c in post.citations]
    return forms.EditPostForm(data={
        "body": shown_source(post.body_source), "title": post.thread.title,
        "citations": rows + ([{}] if len(rows) < MAX_CITATIONS else []),
        "edit_version": saved_drafts.edit_version(post), "base_version": editing.version_of(post)}), None


def _composer_defaults(category=None, body=""):
    return {"category": category, "body": body, "submission_key": forms.new_submission_key(),
            "disclosure": profiles.disclosure_form_data(current_user)}


def _quoted(thread, quote_id):
    """The quote-reply starting text; a forged or foreign post id is a 404."""
    if quote_id is None:
        return ""
    post_id = as_id(quote_id)
    if post_id is None:
        abort(404)
    post = queries.get_post_or_404(post_id)
    if post.thread_id != thread.id or not post.is_visible:
        abort(404)
    return quote_source(post)


def _compose(form, template, context, *, preview, submit, done, place=None, restored=None,
             unchanged=None):
    """GET shows the form; POST adds a row, previews, saves or discards the draft of `place`,
    or submits once and commits (the draft goes with the post). `unchanged`: for an edit, the
    post's own fields, which are no draft."""
    def render(status=200, **extra):
        if extra.get("failed"):
            extra["error_links"] = forms.error_links(form, extra.get("group_errors") or {})
        return render_template(template, form=form, **context, drafts=place is not None,
                               restored=restored, **extra), status

    if request.method == "GET":
        return render()
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    if not form.validate_on_submit():
        if autosave:
            return "", 400
        return render(400, failed=True, group_errors={"form": ["Your form expired. Please submit it again."]})
    action = request.form.get("action", "post")
    if action in ROW_ACTIONS:
        _add_row(form, ROW_ACTIONS[action])
        return render()
    if _removal(action) is not None:
        _remove_row(form, *_removal(action))
        return render()
    if action in DRAFT_ACTIONS and place is not None:
        return _draft_action(action, place, autosave, render, unchanged)
    try:
        if action == "preview" and preview is not None:
            if place is not None:  # a previewed composer is worth keeping as a draft
                _keep_draft(place, unchanged)
            prepared, problems = preview()
            return render(preview=prepared, failed=bool(problems), screen=_screen(problems.screened),
                          group_errors=attach_errors(form, problems.errors))
        result = submit()
        if place is not None:
            saved_drafts.discard(current_user, place)
    except DuplicateSubmission as exc:
        db.session.rollback()
        return _duplicate(exc, getattr(form, "submission_key", None))
    except HeldByScreen as exc:
        db.session.rollback()
        return render(exc.status, failed=True, screen=_screen((exc.findings, exc.texts)),
                      group_errors=attach_errors(form, exc.errors))
    except InvalidDraft as exc:
        db.session.rollback()
        return render(exc.status, failed=True, group_errors=attach_errors(form, exc.errors))
    except DomainError as exc:
        db.session.rollback()
        return render(exc.status, failed=True,
                      group_errors=attach_errors(form, {exc.field or "form": [exc.message]}))
    # The answer is read from what this transaction wrote, before the commit expires it.
    message, location = done(result)
    db.session.commit()
    flash(message, "success")
    return redirect(location)


def _keep_draft(place, unchanged=None) -> None:
    """Save the composer as the member's draft on the way (a preview); a draft too large to
    keep is simply not kept: the preview says what is wrong with it."""
    try:
        saved_drafts.save(current_user, place, request.form.items(multi=True), request.form.get("submission_key"),
                          unchanged=unchanged)
    except saved_drafts.DraftTooLarge:
        db.session.rollback()
        return
    db.session.commit()


def _draft_action(action, place, autosave, render, unchanged=None):
    """Save (from the button, or the page's script: then a bare 204) or discard the draft."""
    if action == "discard_draft":
        saved_drafts.discard(current_user, place)
        db.session.commit()
        flash("Your draft is discarded.", "info")
        return redirect(request.full_path.rstrip("?"))
    try:
        kept = saved_drafts.save(current_user, place, request.form.items(multi=True),
                                 request.form.get("submission_key"), unchanged=unchanged)
    except saved_drafts.DraftTooLarge as exc:
        db.session.rollback()
        return ("", 413) if autosave else render(413, failed=True, group_errors={"form": [str(exc)]})
    db.session.commit()
    if autosave:
        return "", 204
    if kept:
        return render(draft_saved="Your draft is saved: open this composer again to go on with it.")
    return render(draft_saved="There is nothing written to save yet." if unchanged is None
                  else "Nothing is changed from the post yet: there is no draft to keep.")


def _screen(screened):
    """The privacy findings panel for (findings, texts), or None."""
    if not screened:
        return None
    findings, texts = screened
    return screen_report(texts, findings)


def _add_row(form, which):
    rows = _rows(form, which)
    if rows is not None:
        forms.add_row(rows)


def _remove_row(form, which, index):
    rows = _rows(form, which)
    if rows is not None:
        forms.remove_row(rows, index)


def _rows(form, which):
    if which == "citations" and hasattr(form, "citations"):
        return form.citations
    if which == "relationships" and hasattr(form, "disclosure"):
        return form.disclosure.form.relationships
    return None


def _duplicate(exc, key_field):
    post = (queries.get_post_or_404(exc.post_id) if exc.post_id
            else queries.post_by_submission(current_user, key_field.data if key_field else None))
    return render_template("discussion/duplicate.html", post=post, message=exc.message), 409


def attach_errors(form, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Put each message beside its field; return the rest (groups, hidden fields, the form)
    for the template to show at the top of their fieldset or of the form."""
    rest: dict[str, list[str]] = {}
    for name, messages in errors.items():
        field = forms.find_field(form, name)
        if field is None or isinstance(field, forms.GROUP_FIELDS):
            rest.setdefault(name, []).extend(messages)
        else:
            field.errors = [*field.errors, *messages]
    return rest
