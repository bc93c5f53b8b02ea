"""Language and time zone: Dutch by default, English selectable, remembered in the session."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from register.access import wants_json


def select_locale() -> str:
    """The interface language: an explicit choice, the account's preference, or Dutch."""
    languages = current_app.config["LANGUAGES"]
    if wants_json() or request.path.startswith("/fhir/"):
        # The APIs are stateless: the Accept-Language header decides, nothing else.
        if not request.environ.get("HTTP_ACCEPT_LANGUAGE"):
            return "nl"
        return request.accept_languages.best_match(languages) or "nl"
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    """The interface language code of this request ("nl" or "en"), for policy texts."""
    if has_request_context() and wants_json():
        return select_locale()  # what Babel would be told, without building its Locale
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "nl"
