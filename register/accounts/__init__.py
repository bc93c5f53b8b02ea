"""Accounts: sign up, e-mail confirmation, log in and out, forgotten password, the account
page. Services in ``services.py``; signed links through ``register.tokens``."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from register.accounts import views  # noqa: E402,F401
