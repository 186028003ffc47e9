"""Admin Registry pages: each extract's size and freshness with the recent imports, record
lookup, extract upload and the re-check of pending applications (routes on the admin blueprint)."""
from flask import current_app, render_template, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from forum.admin.forms import RecheckForm, RegistryImportForm, RegistryLookupForm
from forum.admin.views import bp, show_error
from forum.errors import DomainError, render_error
from forum.extensions import db
from forum.registry import overview, services as registry_services, uploads
from forum.security.permissions import is_admin

IMPORT_ENDPOINT = "admin.import_registry_extract"
FORM_OVERHEAD = 64 * 1024  # the form's other fields and the multipart framing around the file


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


def _render_overview(recheck=None):
    return render_template(
        "admin/registry.html", statuses=overview.extract_statuses(current_app.config),
        imports=overview.recent_imports(), npi_api_configured=bool(current_app.config.get("NPI_API_URL")),
        recheck_form=RecheckForm(formdata=None), recheck=recheck)


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
    """What `flask registry recheck` runs, shown on the Registry page (CSRF checked by the app)."""
    checked = registry_services.recheck_pending(trigger="admin", actor=current_user)
    lapsed = registry_services.lapsed_members()
    db.session.commit()
    return _render_overview(recheck={"checked": checked, "lapsed": lapsed})
