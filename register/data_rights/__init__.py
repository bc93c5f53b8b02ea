"""People's data rights and the register's statements: the export of everything the
register holds about a person (by the person, or by an admin for a written request), the
privacy statement (built from ``policies/retention.yaml``) and the accessibility statement."""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("data_rights", __name__)
gate_blueprint(bp, Role.ADMIN)  # every view declares its own access; the default is strict

from register.data_rights import views  # noqa: E402,F401
