"""The moderation blueprint: moderators (with two-factor authentication) by default; the
member-facing routes (report, appeal, own notices) are marked MEMBER, the CSV export and the
removal of every post of an account ADMIN."""
from flask import Blueprint

from forum.moderation.models import AppealStatus, ModerationAction, ReportReason
from forum.privacy.highlight import KIND_LABELS, field_label
from forum.security.permissions import MODERATOR, set_blueprint_default

bp = Blueprint("moderation", __name__)
set_blueprint_default("moderation", MODERATOR)


@bp.record_once
def _moderation_helpers(state):
    """Labels the discussion pages need too (the tombstone of a removed post names its reason):
    template globals, built once."""
    state.app.jinja_env.globals.update({
        "report_reason_label": lambda code: ReportReason.LABELS.get(code, "") if code else "",
        "moderation_action_label": lambda code: ModerationAction.LABELS.get(code, code),
        "appeal_status_label": lambda code: AppealStatus.LABELS.get(code, code),
        "finding_kind_label": lambda kind: KIND_LABELS.get(kind, (kind or "").replace("_", " ")),
        "finding_field_label": field_label,
    })
