"""The anonymous lookup by number, answered without the portal's request cycle.

``GET /api/v1/registrations/<number>`` is the register's busiest path: employers' systems and
verification pages ask it for every person they check. Through Flask it cost about eight
bare-Flask hellos of worker CPU, two thirds of that the request cycle and the portal's hooks
(routing over every rule, the request context, the access gate, Flask-Login, the limiter's
bookkeeping, nine header sets, the answer check), not the lookup (``benchmarks/lean_probe``,
``benchmarks/analysis.md``). ``LeanLookup`` is WSGI middleware in front of the portal (inside
``ProxyFix``, so it sees the client's address) that answers the common case itself, with the
same pieces the portal's view uses, and hands every other request to the portal unchanged:

* **taken**: a ``GET`` of ``/api/v1/registrations/<number>`` with no query string, no
  ``Authorization`` header (an organisation's key is recorded, "who checked me") and no
  session or remember-me cookie (a logged-in session may owe its second factor), a number
  that parses, a single anonymous rate limit (``API_RATE_LIMIT``) whose storage answers, and
  a registration with that number;
* **handed on**: everything else, including every answer that is not a registration (400,
  404, 429, 503, 500): the portal writes those, in one way (``register.errors``). A request
  handed on after the registration was not found costs one read more; its rate limit is
  counted once, by the portal (the lean path only *tests* the limit before it reads).

What it does is the portal view's: the limit under Flask-Limiter's own key (the client's
address, the ``api`` scope the blueprint's ``shared_limit`` declares, the configured key
prefix) so a client limited through one path is limited through the other and through every
process sharing the storage; the read on ``readonly.open_public_read`` (the replica when one
is configured, in autocommit) with ``checked_at`` as truthful as the portal's; the anonymous
count (``organisations.checks.count_anonymous``); the answer built by
``lookup.public.detail_json`` in the language ``Accept-Language`` picks, written by the app's
JSON provider and checked against ``schemas.Registration`` like every API answer; and the
portal's headers for a public, cacheable API answer. ``tests/web/test_lean_lookup.py``
compares its answers with the portal's, byte for byte and header by header.
``LEAN_LOOKUP = False`` hands every request to the portal.
"""

from __future__ import annotations

import time

from flask import Flask, g
from flask_limiter.constants import ConfigVars, HeaderNames
from limits import parse_many
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import http_date, parse_accept_header, parse_cookie

from register.api import schemas
from register.api.operations import check_answer
from register.domain.numbers import parse_number
from register.errors import DATABASE_UNAVAILABLE
from register.extensions import limiter
from register.lookup import public, services
from register.organisations import checks
from register.public_http import session_cookie_in
from register.readonly import open_public_read

PREFIX = "/api/v1/registrations/"
#: Flask-Limiter's scope for the API blueprint's shared limit (``register.api.views``)
LIMIT_SCOPE = "api"
_MAX_NUMBER = 64  # longer is no number: the portal answers (400)


class LeanLookup:
    """WSGI middleware: the anonymous lookup by number (module docstring), else the portal."""

    def __init__(self, app: Flask, portal) -> None:
        self.app = app
        self.portal = portal
        self._languages: dict[str, str] = {}
        self._limits: dict[str, tuple] = {}
        self._static_headers: tuple[tuple, list[tuple[str, str]]] = ((), [])

    def __call__(self, environ, start_response):
        raw = self._candidate(environ)
        answer = self._answer(environ, raw) if raw is not None else None
        if answer is None:
            return self.portal(environ, start_response)
        headers, body = answer
        start_response("200 OK", headers)
        return [body]

    def _candidate(self, environ) -> str | None:
        """The typed number of a request the lean path may take, or None."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
            return None
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX) or "HTTP_AUTHORIZATION" in environ:
            return None
        raw = path[len(PREFIX) :]
        if not raw or len(raw) > _MAX_NUMBER or "/" in raw or not raw.isascii():
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and session_cookie_in(parse_cookie(cookie), self.app.config):
            return None
        if not self.app.config.get("LEAN_LOOKUP", True):
            return None
        return raw

    def _answer(self, environ, raw: str):
        """``(headers, body)`` of the answer, or None: the portal answers."""
        app = self.app
        policies = app.extensions["policies"]
        parsed = parse_number(policies.registration.number, raw)
        if not parsed.ok:
            return None
        limit = self._rate_limit(environ)
        if limit is False:
            return None
        with app.app_context():
            g._read_connection = None
            try:
                g._read_connection = open_public_read()
                reg = services.get_registration(parsed.canonical)
                if reg is None:
                    return None
                g.setdefault(public.ANSWER_ENVIRON, environ)
                lang = self._language(environ.get("HTTP_ACCEPT_LANGUAGE"))
                body = detail_body(app, reg, policies, lang)
                limit_headers = self._count_limit(limit) if limit is not None else []
                if limit_headers is None:
                    return None
                checks.count_anonymous(reg.id)
            except DATABASE_UNAVAILABLE:
                return None  # the portal answers 503 and logs it
            except Exception:  # a bug: the portal answers (500 if it fails the same way)
                app.logger.exception("lean lookup failed; handed to the portal")
                return None
            finally:
                if g._read_connection is not None:
                    g._read_connection.close()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            *self._public_headers(),
            *limit_headers,
        ]
        return headers, body

    def _language(self, header: str | None) -> str:
        """The answer's language, as the portal picks it for a stateless API request."""
        if not header:
            return "nl"
        found = self._languages.get(header)
        if found is None:
            languages = self.app.config["LANGUAGES"]
            found = parse_accept_header(header, LanguageAccept).best_match(languages) or "nl"
            if len(self._languages) >= 256:  # the header is the client's to choose
                self._languages.clear()
            self._languages[header] = found
        return found

    def _rate_limit(self, environ):
        """None when no limit applies; False when the portal must decide (over the limit,
        several limits, the storage away); else ``(item, identifiers)`` to count."""
        config = self.app.config
        if not (limiter.enabled and config.get(ConfigVars.ENABLED, True)):
            return None
        if getattr(limiter, "_storage_dead", False):
            return False  # the limiter runs on its in-memory fallback: the portal's way
        items = self._limits.get(config["API_RATE_LIMIT"])
        if items is None:
            items = self._limits[config["API_RATE_LIMIT"]] = tuple(
                parse_many(config["API_RATE_LIMIT"])
            )
        if len(items) != 1:
            return False
        identifiers = [environ.get("REMOTE_ADDR") or "127.0.0.1", LIMIT_SCOPE]
        prefix = config.get(ConfigVars.KEY_PREFIX, "")
        if prefix:
            identifiers.insert(0, prefix)
        try:
            if not limiter.limiter.test(items[0], *identifiers):
                return False
        except Exception:  # the storage went away: the portal falls back
            return False
        return items[0], identifiers

    def _count_limit(self, limit) -> list[tuple[str, str]] | None:
        """Count the request under its limit; its headers as Flask-Limiter writes them, or
        None when the limit was reached meanwhile (the portal answers 429)."""
        item, identifiers = limit
        try:
            if not limiter.limiter.hit(item, *identifiers):
                return None
            if not self.app.config.get(ConfigVars.HEADERS_ENABLED, False):
                return []
            reset_at, remaining = limiter.limiter.get_window_stats(item, *identifiers)
        except Exception:
            return None
        config = self.app.config
        reset_at = int(reset_at)
        retry = config.get(ConfigVars.HEADER_RETRY_AFTER_VALUE)
        return [
            (config.get(ConfigVars.HEADER_LIMIT, HeaderNames.LIMIT.value), str(item.amount)),
            (config.get(ConfigVars.HEADER_REMAINING, HeaderNames.REMAINING.value), str(remaining)),
            (config.get(ConfigVars.HEADER_RESET, HeaderNames.RESET.value), str(reset_at)),
            (
                config.get(ConfigVars.HEADER_RETRY_AFTER, HeaderNames.RETRY_AFTER.value),
                http_date(reset_at) if retry == "http-date" else str(int(reset_at - time.time())),
            ),
        ]

    def _public_headers(self) -> list[tuple[str, str]]:
        """The portal's headers on a public, cacheable API answer (``api.views`` and
        ``web``), built again only when the settings they come from change."""
        config = self.app.config
        settings = (config["PUBLIC_CACHE_SECONDS"], config.get("SESSION_COOKIE_SECURE"))
        if self._static_headers[0] != settings:
            from register.web import security_headers

            self._static_headers = (
                settings,
                [
                    ("Access-Control-Allow-Origin", "*"),
                    ("Cache-Control", f"public, max-age={settings[0]}"),
                    *security_headers(config).items(),
                ],
            )
        return self._static_headers[1]


def detail_body(app: Flask, reg, policies, lang: str) -> bytes:
    """The lookup's JSON answer as the portal's view writes it: ``checked_at`` and the
    registration (``lookup.public.detail_json``), through the app's JSON provider, compact
    and ending in a newline as ``flask.jsonify`` writes it, checked against its type."""
    data = {
        "checked_at": services.checked_at().isoformat(),
        **public.detail_json(reg, policies, lang, services.today()),
    }
    compact = app.json.compact
    if compact or (compact is None and not app.debug):
        layout = {"separators": (",", ":")}
    else:
        layout = {"indent": 2}
    body = (app.json.dumps(data, **layout) + "\n").encode()
    check_answer(schemas.Registration, body)
    return body


def install(app: Flask) -> None:
    """Put the lean lookup in front of the portal's WSGI application."""
    app.wsgi_app = LeanLookup(app, app.wsgi_app)
