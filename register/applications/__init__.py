"""The applicant journey: eligibility check, application steps, references, status.

Blueprint ``apply``: applicants only by default (``gate_blueprint``); the eligibility check
is public. Evidence is downloaded through ``register.files``.
"""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("apply", __name__)
gate_blueprint(bp, Role.APPLICANT)


from register.applications import check, lists, steps, views  # noqa: E402,F401,I001
