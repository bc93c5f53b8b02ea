"""Staying registered (herregistratie): the registrant's continuous log of practice and
development, confirmations by employers and supervisors through signed links, renewing
and restoring under the same number, reminders and the grace period (the daily job), and
the registrar's queue, decision and list of registrations about to lapse."""

from flask import Blueprint

bp = Blueprint("renewal", __name__)

from register.renewal import confirm_views, review_views, views  # noqa: E402,F401
