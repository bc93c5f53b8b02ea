"""Cross-cutting web behaviour: the access gate, security headers, error pages, template
helpers and the user loader."""

from __future__ import annotations

import secrets

from flask import Flask, g, jsonify, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
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
}

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

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error (request %s)", g.get("request_id"))
        db.session.rollback()
        return _error_response(500, None)

    app.jinja_env.globals.update(
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
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
