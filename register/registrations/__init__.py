"""Registrations: the registrant's own page (/my-registration) and the registrar's
management of registrations (/review/registrations)."""

from flask import Blueprint

bp = Blueprint("registrations", __name__)


from register.registrations import grave_actions, remedies, views  # noqa: E402,F401
