"""The audit viewer for registrars and admins: filter the log by person, subject, action and
period, page through it, export the filtered events as CSV (the export is audited too)."""

from flask import Blueprint

from register.access import STAFF, gate_blueprint

bp = Blueprint("audit_log", __name__, url_prefix="/audit")
gate_blueprint(bp, STAFF)

from register.audit_log import views  # noqa: E402,F401
