"""Cross-cutting web behaviour: the access gate, security headers, error pages (installed
from ``register.errors``) and the user loader (template helpers: ``register.templating``)."""

from __future__ import annotations

import random

from flask import Flask, g, request
from flask_babel import lazy_gettext as _l

from register import access, bad_input, errors, sessions
from register.extensions import db, login_manager

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def security_headers(config) -> dict[str, str]:
    """The headers every answer carries unless it sets its own."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def init_app(app: Flask) -> None:
    """Install the gate, headers and error handlers on ``app``."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(token: str):
        # The cookie holds the token of a server-side session (User.get_id): the session
        # counts only while its row has not ended (register.sessions).
        return sessions.load(token)

    app.before_request(access.enforce_access)

    @app.before_request
    def _request_id():
        # for the logs only (not a secret): no system call per request
        g.request_id = f"{random.getrandbits(48):012x}"

    bad_input.init_app(app)

    static_headers = security_headers(app.config)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        present = {key.lower() for key in headers.keys()}  # noqa: SIM118 (Headers yields pairs)
        for key, value in static_headers.items():
            if key.lower() not in present:
                headers[key] = value
        if "cache-control" not in present and request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
        return response

    errors.init_app(app)

    @app.teardown_appcontext
    def _close_session_even_if_the_database_went_away(exc):
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier). When PostgreSQL
        # shuts down between the answer and the end of the request, closing the session's
        # transaction fails; the answer is already made, so the broken connection is only
        # dropped (the pool replaces it) instead of turning the answer into a 500.
        try:
            db.session.remove()
        except errors.DATABASE_UNAVAILABLE as error:
            app.logger.warning("database went away while closing: %s", type(error).__name__)
            db.session.registry.clear()
