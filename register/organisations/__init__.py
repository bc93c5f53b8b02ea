"""Organisation accounts for employers: users, API keys, the watch list, change alerts (by
e-mail and signed webhooks) and who checked a registration (docs/organisations.md)."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)

from register.organisations import alerts, views  # noqa: E402, F401
