"""Complaints and cases: the public complaint form (/complaint), the registrars' case work
(/registrar/cases) and the registrant's answers to the register's requests
(/my-registration/case-requests)."""

from flask import Blueprint

bp = Blueprint("complaints", __name__)


from register.complaints import grave_actions, remedies, services, views  # noqa: E402,F401
