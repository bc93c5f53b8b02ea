"""Stored files: the one download path for every uploaded file (an application's evidence,
a self-evaluation's documents), with one access check per holder and one audit record."""

from flask import Blueprint

bp = Blueprint("files", __name__)

from register.files import views  # noqa: E402,F401
