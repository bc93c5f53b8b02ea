"""Programmes for registrars (/review/programmes): list programmes, add a programme with its
provider and NLQF level, and enter an accreditation period by hand (for programmes
accredited before the portal existed)."""

from flask import Blueprint

from register.access import gate_blueprint
from register.models.accounts import Role

bp = Blueprint("programmes_admin", __name__, url_prefix="/review/programmes")
gate_blueprint(bp, Role.REGISTRAR)

from register.programmes_admin import views  # noqa: E402,F401
