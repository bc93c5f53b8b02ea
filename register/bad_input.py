"""Bad input refused or cleaned in one place, before it reaches a view or the database.

- A NUL character anywhere in a request (its path, a query parameter, a form field's name or
  value, an uploaded file's name, a JSON body) is a clear 400 (``MalformedRequest``):
  PostgreSQL cannot store or compare text holding NUL and would answer a 500, and no form of
  the portal has a use for it. ``refuse_nul`` runs before every request.
- Names people enter (a person's given names, prefix and surname, the copy on a registration,
  a referee's name) lose their invisible control and format characters
  (``register.domain.text.strip_invisible``: the right-to-left override, zero-width spaces,
  …) whenever they are set on the model, by any form, service or CLI command.
  Uploaded files' names are cleaned in ``register.uploads``.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event

from register.domain.text import has_nul, strip_invisible
from register.errors import MalformedRequest

NUL_REFUSED = _l(
    "The request holds a character that is not allowed (a NUL byte). Remove it and try again."
)


def _texts_in(value):
    """Every string inside a JSON value (keys and values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts_in(item)


def _request_texts():
    yield request.path
    if request.query_string:
        for key, value in request.args.items(multi=True):
            yield key
            yield value
    if not _has_body():
        return  # a GET: no form, no files, no JSON to read
    for key, value in request.form.items(multi=True):
        yield key
        yield value
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""
    if request.is_json:
        yield from _texts_in(request.get_json(silent=True))


def _has_body() -> bool:
    environ = request.environ
    length = environ.get("CONTENT_LENGTH")
    return (length not in (None, "", "0")) or bool(environ.get("HTTP_TRANSFER_ENCODING"))


def refuse_nul() -> None:
    """Before each request: refuse (400) one that holds a NUL character anywhere."""
    if any(has_nul(text) for text in _request_texts()):
        raise MalformedRequest(NUL_REFUSED)


def _clean_on_set(attribute) -> None:
    @event.listens_for(attribute, "set", retval=True)
    def _clean(target, value, oldvalue, initiator):
        return strip_invisible(value) if isinstance(value, str) else value


def _clean_names() -> None:
    from register.models.accounts import User
    from register.models.applications import Reference
    from register.models.registrations import Registration

    for model in (User, Registration):
        for name in ("given_names", "surname_prefix", "surname"):
            _clean_on_set(getattr(model, name))
    _clean_on_set(Reference.name)


_clean_names()


def init_app(app: Flask) -> None:
    """Refuse a request holding NUL before any view reads it."""
    app.before_request(refuse_nul)
