"""Refused actions: one family of exceptions, one handler, one status code per meaning.

Services raise these; views never catch and convert them. The handler answers each kind
with its status, for the whole app:

================================================  ==========================  ======
meaning                                           raised as                   status
================================================  ==========================  ======
the rules refuse the action or the input          ``ActionRefused``           422
the posted form did not validate                  ``InvalidForm`` (``act``)   422
the database refused the write (a constraint)     ``IntegrityError``          422
the record changed since the user loaded it       ``StaleRecord``,            409
                                                  ``StaleDataError``
the current state does not allow the action       ``NotAllowedNow``,          409
                                                  ``IllegalTransition``
the request cannot be read (an expired form, a    ``MalformedRequest``,       400
bad API parameter, an unreadable upload)          ``CSRFError``
================================================  ==========================  ======

A view that shows a form says, through ``act(form, page)``, how its page is shown again.
The handler then puts the message on the form field the refusal names (``field``), or
flashes it, and renders ``page`` with the refusal's status: everything the user typed is
still in the form. Without a page, a refusal gets the error page (under ``/api/`` the JSON
error body). By then the request's transaction has been rolled back
(``register.transactions``), so the page shows the current state and nothing was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import (
    Flask,
    current_app,
    flash,
    g,
    has_request_context,
    jsonify,
    make_response,
    render_template,
    request,
    request_started,
)
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from register import transactions
from register.access import wants_json
from register.domain.lifecycle import IllegalTransition

ERROR_TITLES = {
    400: _l("The request could not be processed"),
    401: _l("Please log in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    409: _l("Someone else changed this first"),
    413: _l("The upload is too large"),
    422: _l("This could not be done"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The register is briefly unavailable"),
}

#: Database errors that mean "not reachable now" (a restart, a failover, a full pool), not a
#: bug: answered with 503 and Retry-After, within the connect and pool timeouts (config.py).
DATABASE_UNAVAILABLE = (OperationalError, DisconnectionError, SATimeoutError)
RETRY_AFTER_SECONDS = 10


class Refusal(Exception):
    """Base of the family: a translated ``message`` (or None), the form ``field`` it
    concerns (or None), further messages in ``more``, and JSON-safe ``detail`` for the API."""

    status: ClassVar[int] = 422
    default_message: ClassVar[Any] = None
    title: ClassVar[Any] = None  # the error page's heading; by default the status's

    def __init__(self, message=None, field: str | None = None, *, more=(), **detail):
        self.given_message = message
        self.message = message if message is not None else self.default_message
        self.field = field
        self.more = tuple(more)
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message) if self.message is not None else type(self).__name__

    @property
    def messages(self) -> list[str]:
        """Every message of the refusal, as text."""
        return [str(m) for m in (self.message, *self.more) if m]

    def show_on(self, form) -> bool:
        """Put the messages on the form field they concern; False when there is none."""
        field = getattr(form, self.field, None) if form is not None and self.field else None
        if field is None or not hasattr(field, "errors"):
            return False
        field.errors = [*field.errors, *self.messages]
        return True


class ActionRefused(Refusal):
    """An action or input the rules refuse; ``field`` names the form field it concerns."""

    status = 422


class InvalidForm(ActionRefused):
    """The posted form did not validate: its fields carry the messages."""


class NotAllowedNow(Refusal):
    """The current state of the record does not allow the action."""

    status = 409
    default_message = _l("This is not possible in the current state. Nothing was changed.")
    title = _l("This action is not possible here")


class StaleRecord(Refusal):
    """The record changed since the user loaded it: someone else acted first."""

    status = 409
    default_message = _l(
        "Someone else changed this in the meantime. The current state is shown; nothing was "
        "changed."
    )


class MalformedRequest(Refusal):
    """The request cannot be read: an expired form, a bad parameter, an unreadable file."""

    status = 400


def check_version(record, expected_version: int | None) -> None:
    """Refuse (``StaleRecord``) to act on a record whose ``version`` is no longer the one the
    user saw. The mapper's ``version_id_col`` catches the race this check cannot."""
    if expected_version is not None and record.version != expected_version:
        raise StaleRecord()


# --- showing a refusal on the page it came from ---------------------------------------------


@dataclass(frozen=True)
class _Page:
    render: Callable[[Refusal], Any]
    form: Any
    texts: dict
    flash_messages: bool

    def messages_for(self, refusal: Refusal) -> list[str]:
        """The refusal's own messages, or the page's text for its kind when it has none."""
        text = self.texts.get(type(refusal)) if refusal.given_message is None else None
        return [str(text)] if text else refusal.messages


def on_refusal(
    page: Callable[[Refusal], Any],
    form=None,
    *,
    stale=None,
    not_allowed=None,
    flash_messages: bool = True,
) -> None:
    """Show a refusal of this request's action by rendering ``page(refusal)`` (with the
    refusal's status). ``stale`` and ``not_allowed`` replace the general texts for a stale
    record and an action the state does not allow; with ``flash_messages=False`` the page
    shows the refusal's messages itself."""
    texts = {StaleRecord: stale, NotAllowedNow: not_allowed}
    g.refusal_page = _Page(page, form, texts, flash_messages)


def act(form, page: Callable[[Refusal], Any], **options) -> bool:
    """The shape of every form view: refusals re-render ``page`` (``on_refusal``); True when
    ``form`` was posted and is valid, False when it was not posted; a posted form that does
    not validate is refused (``InvalidForm``, 422) and ``page`` shows its errors."""
    on_refusal(page, form, **options)
    if not form.is_submitted():
        return False
    if not form.validate():
        raise InvalidForm()
    return True


def as_refusal(exc: Exception) -> Refusal:
    """The refusal an exception means: the family itself, or the database's and the domain's
    refusals translated into it."""
    if isinstance(exc, Refusal):
        return exc
    if isinstance(exc, StaleDataError):
        return StaleRecord()
    if isinstance(exc, IllegalTransition):
        return NotAllowedNow()
    if isinstance(exc, IntegrityError):
        current_app.logger.warning("write refused by the database: %s", exc.orig)
        return ActionRefused(
            _l(
                "This could not be saved: it clashes with something already in the register, "
                "perhaps saved at the same moment. Nothing was changed. Reload the page and "
                "try again."
            )
        )
    if isinstance(exc, CSRFError):
        return MalformedRequest(_l("The form had expired. Please send it again."))
    raise TypeError(f"not a refusal: {exc!r}")


def handle_refusal(exc: Exception):
    """The one handler: the page the view named, or else the error page or JSON body."""
    refusal = as_refusal(exc)
    page: _Page | None = g.pop("refusal_page", None)
    if page is None or wants_json():
        return error_response(
            refusal.status, refusal.message, title=refusal.title, **refusal.detail
        )
    if page.flash_messages and not refusal.show_on(page.form):
        for message in page.messages_for(refusal):
            flash(message, "error")
    response = make_response(page.render(refusal))
    response.status_code = refusal.status
    return response


# --- error pages -----------------------------------------------------------------------------

#: Error bodies of the paths that speak a format of their own (``/fhir``: an
#: OperationOutcome): path prefix → ``render(code, title, message, detail) → Response``.
ERROR_BODIES: dict[str, Callable[..., Any]] = {}


def register_error_body(prefix: str, render: Callable[..., Any]) -> None:
    """Answer the errors of every path under ``prefix`` with ``render``'s body."""
    ERROR_BODIES[prefix] = render


def _error_body(path: str) -> Callable[..., Any] | None:
    for prefix, render in ERROR_BODIES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return render
    return None


def error_response(code: int, message=None, exc: HTTPException | None = None, title=None, **detail):
    """The error page (or, under ``/api/``, ``{"error": {"status", "title", "detail"}}``, or
    the body a path prefix registered with ``register_error_body``)."""
    if title is None:
        title = ERROR_TITLES.get(code, ERROR_TITLES[500] if code >= 500 else ERROR_TITLES[400])
    render = _error_body(request.path) if has_request_context() else None
    if render is not None:
        response = render(code, title, message, detail)
    elif wants_json():
        body = {"status": code, "title": str(title)}
        if message:
            body["detail"] = str(message)
        body.update(detail)
        response = jsonify(error=body)
        response.status_code = code
    else:
        page = render_template("errors/error.html", code=code, title=title, message=message)
        response = make_response(page, code)
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


def _forget_refusal_page(app: Flask, **extra) -> None:
    g.pop("refusal_page", None)  # g can outlive a request (an app context held open)


def init_app(app: Flask) -> None:
    """Install the one refusal handler and the error pages on ``app``."""
    for kind in (Refusal, StaleDataError, IllegalTransition, IntegrityError, CSRFError):
        app.register_error_handler(kind, handle_refusal)

    request_started.connect(_forget_refusal_page, app)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return error_response(exc.code or 500, None, exc)

    def _database_unavailable(exc: Exception):
        app.logger.warning(
            "database unavailable (request %s): %s", g.get("request_id"), exc.__class__.__name__
        )
        transactions.abandon()  # returns the broken connection; the pool replaces it
        response = error_response(
            503, _l("The register cannot reach its database. Please try again in a minute.")
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for exc_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(exc_class, _database_unavailable)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # The transaction was rolled back on the way out of the view (register.transactions).
        app.logger.exception("unhandled error (request %s)", g.get("request_id"))
        return error_response(500, None)
