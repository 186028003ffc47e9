"""Admin Registry pages: each extract's size and freshness with the recent imports, record
lookup, extract upload and the re-check of pending applications (routes on the admin blueprint)."""
from datetime import datetime

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from forum.admin import services as admin_services
from forum.admin.forms import RecheckForm, RegistryImportForm, RegistryLookupForm
from forum.admin.views import bp, show_error
from forum.errors import DomainError, render_error
from forum.extensions import db
from forum.registry import overview, uploads
from forum.registry.base import Outcome
from forum.security.permissions import is_admin

IMPORT_ENDPOINT = "admin.import_registry_extract"
FORM_OVERHEAD = 64 * 1024  # the form's other fields and the multipart framing around the file
RECHECK_RESULT = "admin_registry_recheck"  # the session key of the admin's last re-check


def upload_max_bytes() -> int:
    return current_app.config["REGISTRY_UPLOAD_MAX_MB"] * 1024 * 1024


@bp.url_value_preprocessor
def allow_extract_uploads(endpoint, _values):
    """The app refuses bodies over MAX_CONTENT_LENGTH (1 MB); an admin's extract upload may be
    up to FORUM_REGISTRY_UPLOAD_MAX_MB. Set here because this runs before the access gate and
    CSRF read the body; only for an admin, so nobody else can make the server read more."""
    if endpoint == IMPORT_ENDPOINT and request.method == "POST" and is_admin(current_user):
        request.max_content_length = upload_max_bytes() + FORM_OVERHEAD


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_exc):
    """An upload over the cap is answered on the upload page, beside the file field (413)."""
    if request.endpoint != IMPORT_ENDPOINT:
        return render_error(413)
    form = RegistryImportForm(formdata=None)
    form.file.errors = [f"The file is larger than {current_app.config['REGISTRY_UPLOAD_MAX_MB']} MB, the "
                        "most this page takes. Import larger files (such as the monthly NPPES file) "
                        "from the command line."]
    return _render_import(form, status=413)


@bp.route("/registry")
def registry_overview():
    return _render_overview()


def _render_overview():
    return render_template(
        "admin/registry.html", statuses=overview.extract_statuses(current_app.config),
        imports=overview.recent_imports(), npi_api_configured=bool(current_app.config.get("NPI_API_URL")),
        recheck_form=RecheckForm(formdata=None), recheck=_last_recheck())


def _last_recheck():
    """The admin's last re-check as the Registry page shows it, or None."""
    kept = session.get(RECHECK_RESULT)
    if not isinstance(kept, dict):
        return None
    return {**kept, "at": datetime.fromisoformat(kept["at"]),
            "outcomes": [(Outcome.LABELS.get(outcome, outcome), count)
                         for outcome, count in sorted(kept["outcomes"].items())]}


@bp.route("/registry/lookup")
def lookup_registry_record():
    form, result, status = RegistryLookupForm(formdata=request.args or None), None, 200
    if request.args and form.validate():
        try:
            result = overview.lookup_record(form.registry.data, form.identifier.data, form.council.data)
        except DomainError as exc:
            show_error(form, exc)
            status = exc.status
    elif request.args:
        status = 400
    return render_template("admin/registry_lookup.html", form=form, result=result), status


@bp.route("/registry/import", methods=["GET", "POST"])
def import_registry_extract():
    form = RegistryImportForm()
    if not form.validate_on_submit():
        return _render_import(form, status=400 if form.is_submitted() else 200)
    upload = form.file.data
    try:
        summary = uploads.import_upload(
            current_user, form.registry.data, upload.stream, upload.filename, max_bytes=upload_max_bytes(),
            encoding=form.encoding.data, column_map=form.column_map.data, notes=form.notes.data)
    except DomainError as exc:
        db.session.rollback()
        if isinstance(exc, uploads.ImportRefused):  # read and refused: the attempt is logged
            uploads.record_failed_import(current_user, form.registry.data, upload.filename, exc.message,
                                         form.notes.data)
            db.session.commit()
        show_error(form, exc)
        return _render_import(form, status=exc.status)
    finally:
        upload.stream.close()  # an upload Werkzeug spooled to a temporary file is gone with it
    db.session.commit()
    return _render_import(RegistryImportForm(formdata=None), summary=summary)


def _render_import(form, summary=None, status=200):
    return render_template("admin/registry_import.html", form=form, summary=summary,
                           max_mb=current_app.config["REGISTRY_UPLOAD_MAX_MB"],
                           recheck_form=RecheckForm(formdata=None)), status


@bp.route("/registry/recheck", methods=["POST"])
def recheck_pending_applications():
    """Post/Redirect/Get: the re-check runs here (CSRF checked by the app) and its outcome is
    shown on the Registry page, which a reload only reads."""
    result = admin_services.recheck_pending_applications(current_user)
    db.session.commit()
    session[RECHECK_RESULT] = result
    return redirect(url_for("admin.registry_overview", _anchor="recheck-result"), code=303)
