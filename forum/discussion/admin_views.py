"""Admin management of categories, on the discussion blueprint behind access(ADMIN)."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.discussion import forms, queries
from forum.discussion.blueprint import bp
from forum.discussion.models import Category
from forum.discussion.services import categories as services
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.security.permissions import ADMIN, access


@bp.route("/admin/categories")
@access(ADMIN)
def list_categories():
    return _render_list()


def _render_list(status=200, errors=None):
    """The list; `errors` {(form, category id): message} are shown beside that reason field."""
    rows = db.session.scalars(select(Category).order_by(Category.position, Category.id)).all()
    return render_template("discussion/admin_categories.html", categories=rows,
                           move_form=forms.MoveCategoryForm(), archive_form=forms.ArchiveCategoryForm(),
                           errors=errors or {}), status


@bp.route("/admin/categories/new", methods=["GET", "POST"])
@access(ADMIN)
def create_category():
    form = forms.CategoryForm()
    return _save(form, None, lambda: services.create_category(
        current_user, form.name.data or "", form.description.data or "", form.reason.data or ""),
        "Category “{name}” created.")


@bp.route("/admin/categories/<int:category_id>/edit", methods=["GET", "POST"])
@access(ADMIN)
def edit_category(category_id):
    category = queries.get_category_or_404(category_id)
    form = forms.CategoryForm(obj=category)
    return _save(form, category, lambda: services.update_category(
        current_user, category, form.name.data or "", form.description.data or "", form.reason.data or ""),
        "Category “{name}” saved.")


@bp.route("/admin/categories/<int:category_id>/move", methods=["POST"])
@access(ADMIN)
def move_category(category_id):
    category = queries.get_category_or_404(category_id)
    form = forms.MoveCategoryForm()
    return _list_action(form, "move", category, lambda: services.move_category(
        current_user, category, form.direction.data or "", form.reason.data or ""), None)


@bp.route("/admin/categories/<int:category_id>/archive", methods=["POST"])
@access(ADMIN)
def archive_category(category_id):
    return _state_change(category_id, services.archive_category,
                         "“{name}” is archived: read-only from now on.")


@bp.route("/admin/categories/<int:category_id>/restore", methods=["POST"])
@access(ADMIN)
def restore_category(category_id):
    return _state_change(category_id, services.restore_category, "“{name}” is open again.")


def _save(form, category, action, message):
    status = 200
    if form.validate_on_submit():
        try:
            action()
        except DomainError as exc:
            db.session.rollback()
            getattr(form, exc.field or "name", form.name).errors.append(exc.message)
        else:
            db.session.commit()
            flash(message.format(name=form.name.data.strip()), "success")
            return redirect(url_for("discussion.list_categories"))
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("discussion/admin_category_form.html", form=form, category=category), status


def _state_change(category_id, action, message):
    category = queries.get_category_or_404(category_id)
    form = forms.ArchiveCategoryForm()
    return _list_action(form, "state", category, lambda: action(current_user, category, form.reason.data),
                        message)


def _list_action(form, kind, category, action, message):
    """A change made from the list: refused with its message beside the row's reason field
    (400) when the form or the service says so; a conflict is left to the 409 handler."""
    if not form.validate_on_submit():
        problems = [error for errors in form.errors.values() for error in errors]
        flash(f"“{category.name}” was not changed: {' '.join(problems)}", "warning")
        return _render_list(400, {(kind, category.id): " ".join(problems)})
    try:
        action()
    except ValidationFailed as exc:
        db.session.rollback()
        flash(f"“{category.name}” was not changed: {exc.message}", "warning")
        return _render_list(400, {(kind, category.id): exc.message})
    db.session.commit()
    if message:
        flash(message.format(name=category.name), "success")
    return redirect(url_for("discussion.list_categories"))
