"""Anonymous public reads without a session: no cookie, no CSRF token in the session, no
``Vary: Cookie`` on the API, and never ``Set-Cookie`` on an answer a shared cache may keep.

Three parts, installed from ``create_app``:

* ``QuietLoginManager`` (Flask-Login): a request that carries neither the session cookie
  nor the remember-me cookie is anonymous without reading the session, and its answer gets
  no remember-me bookkeeping (which would read the session, and so make the answer
  ``Vary: Cookie``). The server-side sessions (``register.sessions``) are therefore never
  asked on such a request. A session that only holds a language choice is not marked "not
  fresh" (Flask-Login's session protection), which would set a cookie on the next page.
* ``PublicSessionInterface`` (Flask's signed-cookie session): an answer marked
  ``Cache-Control: public`` that would still set a cookie (a logged-in visitor's refreshed
  session) is made ``private`` instead, so no shared cache keeps somebody's cookie. The
  answers of the stateless APIs (``STATELESS_BLUEPRINTS``) never vary on the cookie: a
  public one is the same for everyone, and the only answers a cookie changes (a session
  that owes its second factor gets 401) are not cacheable.
* Public forms (the language switch and the bulk check, which anonymous visitors post):
  their token is signed, time-limited and kept in the form, not in the session
  (``public_form_token``), so the page that shows the form sets no cookie and may be cached.
  Because such a token is the same for everyone, the post is also checked to come from the
  register's own pages: a browser names the page's origin in ``Origin`` (or says
  ``Sec-Fetch-Site``) on every form post, and a cross-site post is refused
  (``check_public_form``, run by the ``public_form`` decorator; the view is exempt from
  Flask-WTF's session-bound check). ``WTF_CSRF_ENABLED = False`` turns the check off, as
  it does Flask-WTF's.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import current_app, request
from flask.globals import request_ctx
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError

from register import tokens

#: Blueprints whose public answers do not depend on who asks.
STATELESS_BLUEPRINTS = frozenset({"api", "fhir"})
PUBLIC_FORM_FIELD = "csrf_token"
_PURPOSE = "public-form"


def carries_session() -> bool:
    """Whether this request brings a session or remember-me cookie (only then can it be
    somebody's session)."""
    return session_cookie_in(request.cookies, current_app.config)


def session_cookie_in(cookies, config) -> bool:
    """Whether ``cookies`` hold a session or remember-me cookie under ``config``'s names
    (also for a WSGI environ's cookies, outside a request: ``register.api.lean``)."""
    return bool(
        cookies.get(config.get("SESSION_COOKIE_NAME", "session"))
        or cookies.get(config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    )


class QuietLoginManager(LoginManager):
    """Flask-Login that leaves the session alone for a request without session cookies."""

    def _load_user(self):
        if not carries_session():
            return self._update_request_context_with_user()
        return super()._load_user()

    def _session_protection_failed(self):
        from flask import session

        if "_user_id" not in session:
            # nobody is logged in through this session (a language choice only): nothing
            # to protect, and no "not fresh" mark written, which would set a cookie
            return False
        return super()._session_protection_failed()

    def _update_remember_cookie(self, response):
        if not carries_session() and not _session_written():
            return response  # nothing remembered, nothing to set or clear
        return super()._update_remember_cookie(response)


def _session_written() -> bool:
    """Whether this request wrote to its session (a login), asked without opening the
    session: Flask counts every look at ``flask.session`` as reading it (``Vary: Cookie``)."""
    opened = getattr(request_ctx, "_session", None)
    return bool(opened is not None and opened.modified)


class PublicSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, with the two rules for public answers (module docstring).
    A request without the cookie gets an empty session without building the signer, and an
    answer with an empty session that nobody touched is left as it is (the anonymous
    public reads)."""

    def open_session(self, app, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return None if not app.secret_key else self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if (
            not session
            and not (session.accessed or session.modified)
            and "Set-Cookie" not in response.headers
        ):
            return  # no cookie to set, clear or keep private, no Vary: Cookie to add
        super().save_session(app, session, response)
        if request.blueprint in STATELESS_BLUEPRINTS and "Vary" in response.headers:
            response.vary.discard("Cookie")
            if not response.vary:
                del response.headers["Vary"]
        cache = response.cache_control
        if cache.public and "Set-Cookie" in response.headers:
            cache.public = False
            cache.private = True


def public_form_token() -> str:
    """The token for a public form (a template global): signed, dated, kept in the form."""
    return tokens.sign(_PURPOSE, "")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _same_site_as(other: tuple[str, str], own: tuple[str, str]) -> bool:
    """The same host (and port); over HTTPS, also over HTTPS. The scheme of a plain-HTTP
    request is not compared: behind a TLS proxy without ``TRUSTED_PROXIES`` the app sees
    http while the browser names https."""
    if other[1] != own[1]:
        return False
    return other[0] == "https" if own[0] == "https" else True


def check_public_form() -> None:
    """Refuse (``CSRFError``, shown as "the form had expired") a public form post whose
    token is missing, forged or too old, or that a browser says came from another site."""
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True):
        return
    token = request.form.get(PUBLIC_FORM_FIELD, "")
    try:
        tokens.verify(_PURPOSE, token, config.get("WTF_CSRF_TIME_LIMIT") or 3600)
    except tokens.TokenError:
        raise CSRFError("The public form token is missing, invalid or expired.") from None
    own = _origin(request.host_url)
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null":
        if not _same_site_as(_origin(origin), own):
            raise CSRFError("The form was posted from another site.")
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise CSRFError("The form was posted from another site.")
    if origin == "null" and fetch_site is None:
        raise CSRFError("The form was posted from an unknown origin.")
    if request.is_secure and config.get("WTF_CSRF_SSL_STRICT", True) and fetch_site is None:
        referrer = request.referrer
        if not referrer or not _same_site_as(_origin(referrer), own):
            raise CSRFError("The form was posted without a referrer from this site.")


def public_form(view):
    """Mark ``view`` as the target of a public form: exempt from the session-bound CSRF check
    (``init_app`` does that), checked by ``check_public_form`` instead."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS"):  # a page that shows the form too
            check_public_form()
        return view(*args, **kwargs)

    wrapper.public_form = True
    return wrapper


def init_app(app) -> None:
    """Use the session interface and exempt the views marked ``public_form`` from
    Flask-WTF's session-bound check (called once every blueprint is registered)."""
    from register.extensions import csrf

    app.session_interface = PublicSessionInterface()
    for view in app.view_functions.values():
        if getattr(view, "public_form", False):
            csrf.exempt(view)
