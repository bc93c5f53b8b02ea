"""References (referenties): the referee's public confirmation form, reached through a
signed, expiring link, and the registrar's resend and replace actions."""

from flask import Blueprint

bp = Blueprint("references", __name__)

from register.references import views  # noqa: E402,F401
