"""The registrar's journey: the queue of applications, the application page with its
evidence and policy trace, and the decisions (request information, approve, refuse)."""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("review", __name__, url_prefix="/review")
gate_blueprint(bp, Role.REGISTRAR)


from register.review import grave_actions, remedies, views  # noqa: E402,F401
