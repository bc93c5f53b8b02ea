"""Changing a registered name: the registrant's request with proof (/my-registration/…/name),
the registrar's decision on it and the registrar's correction of a typo
(/review/name-changes, /review/registrations/…/correct-name).

Blueprint ``name_changes``: registrars by default (``gate_blueprint``); the registrant's
pages declare their own access. The proof is downloaded through ``register.files``.
"""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("name_changes", __name__)
gate_blueprint(bp, Role.REGISTRAR)


from register.name_changes import views  # noqa: E402,F401
