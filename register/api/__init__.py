"""The verification API (``/api/v1/``): registrations, bulk verification and accredited
programmes, as JSON, described by an OpenAPI 3.1 document."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from register.api import views  # noqa: E402,F401
