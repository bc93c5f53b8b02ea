"""The verification API (``/api/v1/``): registrations, bulk verification and accredited
programmes, as JSON, described by an OpenAPI 3.1 document generated from its models; and
its documentation for people (``/api/docs``)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
docs_bp = Blueprint("api_docs", __name__, url_prefix="/api")

from register.api import credentials, docs, views, watchlist  # noqa: E402,F401
