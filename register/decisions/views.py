"""The policy history for staff: every policy version the register has run under, and one
version's text exactly as it was kept, so that a decision can be read against the rules it
was made under."""

from __future__ import annotations

from flask import abort, render_template

from register.access import gate_blueprint
from register.decisions import bp
from register.extensions import db
from register.models.accounts import Role
from register.models.policies import PolicyVersion
from register.policy import current_policies
from register.policy.history import history

gate_blueprint(bp, Role.REGISTRAR)


@bp.get("")
def policy_history():
    """Every kept policy version, by file, with the moment it came into force."""
    return render_template(
        "decisions/policy_history.html",
        versions=history(db.session),
        in_force=current_policies().versions,
    )


@bp.get("/<int:version_id>")
def policy_version(version_id: int):
    """One policy version's text as it was kept."""
    row = db.session.get(PolicyVersion, version_id)
    if row is None:
        abort(404)
    return render_template(
        "decisions/policy_version.html",
        row=row,
        in_force=current_policies().versions.get(row.policy) == row.version,
    )
