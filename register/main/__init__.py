"""The public front: home page, language choice and a health check."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from register.main import views  # noqa: E402,F401
