"""Account management for admins: find an account, block or unblock it, reset its second
factor. Every action is audited and ends the account's sessions where it should."""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
gate_blueprint(bp, Role.ADMIN)

from register.admin import views  # noqa: E402,F401
