"""Cross-cutting web behaviour: the access gate, security headers, error pages, template
helpers and the user loader."""

from __future__ import annotations

import secrets

from flask import Flask, g, jsonify, render_template, request
from flask_babel import format_date, format_datetime, format_number, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from register import access
from register.extensions import db, login_manager
from register.models.accounts import User

ERROR_TITLES = {
    400: _l("The request could not be processed"),
    401: _l("Please log in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    409: _l("Someone else changed this first"),
    413: _l("The upload is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The register is briefly unavailable"),
}

#: Database errors that mean "not reachable now" (a restart, a failover, a full pool), not a
#: bug: answered with 503 and Retry-After, within the connect and pool timeouts (config.py).
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
RETRY_AFTER_SECONDS = 10

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Install the gate, headers, error handlers and template helpers on ``app``."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        # "id:security_stamp" (User.get_id): a password change ends every other session.
        uid, _sep, stamp = user_id.partition(":")
        user = db.session.get(User, int(uid)) if uid.isdigit() else None
        if user is None or not user.active or str(user.security_stamp) != stamp:
            return None
        return user

    @app.before_request
    def _forget_previous_request():
        # g lives as long as the app context. Tests keep one app context open across many
        # requests, so flask-login's and flask-babel's per-request caches must start empty.
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)

    app.before_request(access.enforce_access)

    @app.before_request
    def _request_id():
        g.request_id = secrets.token_hex(6)

    static_headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if app.config.get("SESSION_COOKIE_SECURE"):
        static_headers["Strict-Transport-Security"] = "max-age=31536000"

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

    @app.errorhandler(CSRFError)
    def _csrf_error(exc):
        return _error_response(400, _l("The form had expired. Please send it again."))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return _error_response(exc.code or 500, None, exc)

    def _database_unavailable(exc: Exception):
        app.logger.warning(
            "database unavailable (request %s): %s", g.get("request_id"), exc.__class__.__name__
        )
        try:
            db.session.rollback()  # returns the broken connection; the pool replaces it
        except sa_exc.SQLAlchemyError:
            db.session.close()
        response = _error_response(
            503, _l("The register cannot reach its database. Please try again in a minute.")
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for exc_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(exc_class, _database_unavailable)

    @app.teardown_appcontext
    def _close_session_even_if_the_database_went_away(exc):
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier). When PostgreSQL
        # shuts down between the answer and the end of the request, closing the session's
        # transaction fails; the answer is already made, so the broken connection is only
        # dropped (the pool replaces it) instead of turning the answer into a 500.
        try:
            db.session.remove()
        except DATABASE_UNAVAILABLE as error:
            app.logger.warning("database went away while closing: %s", type(error).__name__)
            db.session.registry.clear()

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error (request %s)", g.get("request_id"))
        db.session.rollback()
        return _error_response(500, None)

    app.jinja_env.globals.update(
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,
        is_staff=lambda: access.is_staff(_current_user()),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _current_user():
    from flask_login import current_user

    return current_user


def _error_response(code: int, message=None, exc: HTTPException | None = None):
    title = ERROR_TITLES.get(code, ERROR_TITLES[500] if code >= 500 else ERROR_TITLES[400])
    if access.wants_json():
        body = {"error": {"status": code, "title": str(title)}}
        if message:
            body["error"]["detail"] = str(message)
        response = jsonify(body)
        response.status_code = code
    else:
        response = render_template("errors/error.html", code=code, title=title, message=message)
        response = (response, code)
        from flask import make_response

        response = make_response(*response)
    if exc is not None and code == 429:
        retry = getattr(exc, "retry_after", None)
        if exc.response is not None and exc.response.headers.get("Retry-After"):
            retry = exc.response.headers["Retry-After"]
        response.headers["Retry-After"] = str(retry or 60)
    if exc is not None and code == 405 and exc.response is None:
        allowed = getattr(exc, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
    return response
