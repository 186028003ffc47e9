"""The audit log for moderators (filters, keyset pages) and its CSV export for admins."""
from datetime import date

from flask import Response, render_template, request

from forum.database import id_arg
from forum.extensions import db
from forum.moderation.audit_log import (CSV_ESCAPING, AuditFilters, action_names, audit_page,
                                        csv_rows)
from forum.moderation.blueprint import bp
from forum.moderation.forms import AuditFilterForm
from forum.security.permissions import ADMIN, access
from forum.timeutil import utcnow


def _filters():
    """(form, filters) from the query string; an invalid field is ignored and marked."""
    form = AuditFilterForm(formdata=request.args)
    form.set_actions(action_names())
    valid = form.validate()

    def value(field):
        return field.data if valid or not field.errors else None
    filters = AuditFilters(action=value(form.action) or None, actor=value(form.actor) or None,
                           target=value(form.target) or None, since=value(form.since),
                           until=value(form.until))
    return form, filters


@bp.route("/moderation/audit")
def list_audit():
    return _render_log(*_filters())


def _render_log(form, filters):
    """The log page; 400 when a filter is invalid (its message beside the field)."""
    page = audit_page(filters, before=request.args.get("before", type=id_arg),
                      after=request.args.get("after", type=id_arg))
    query = {key: value for key, value in request.args.items() if key not in ("before", "after") and value}
    return render_template("moderation/audit_log.html", form=form, page=page, query=query), \
        400 if form.errors else 200


@bp.route("/moderation/audit.csv")
@access(ADMIN)
def export_audit():
    """Streamed: a header row, then every matching entry oldest first, hashes included (cells
    a spreadsheet would run as formulas escaped, see audit_log). The rows are read while the
    response is sent, through a connection of their own. Invalid filters: the log page with the
    messages beside the fields, 400, nothing exported (an export is never wider than asked)."""
    form, filters = _filters()
    if form.errors:
        return _render_log(form, filters)
    name = f"curbside-audit-{date.isoformat(utcnow().date())}.csv"
    return Response(csv_rows(filters, db.engine), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "X-Curbside-CSV-Escaping": CSV_ESCAPING})
