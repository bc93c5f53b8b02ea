"""Accounts: sign up, e-mail confirmation, log in and out, forgotten password, the account
page, the second factor and the login sessions. Services in ``services.py`` and
``second_factor.py``; signed links through ``register.tokens``; sessions in
``register.sessions``."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from register.accounts import views  # noqa: E402,F401,I001
from register.accounts import security_views  # noqa: E402,F401
