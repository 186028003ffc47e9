"""The discussion blueprint (every view needs a verified active account unless marked) and
the helpers its templates use."""
from flask import Blueprint

from forum.discussion import citations, disclosures
from forum.security.permissions import MEMBER, set_blueprint_default

bp = Blueprint("discussion", __name__)
set_blueprint_default("discussion", MEMBER)


@bp.record_once
def _discussion_helpers(state):
    """Template globals (not a per-render context processor: they never change)."""
    helpers = dict(
        citation_href=citations.href,
        citation_label=citations.label,
        disclosure_summary=disclosures.summary,
        relationship_label=disclosures.type_label,
    )
    state.app.jinja_env.globals.update(helpers)
