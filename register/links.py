"""Links: absolute addresses for e-mails and printed certificates, and the check that a
"go back to" address stays on this site.

``absolute_url`` is the public address (``public_base_url``) plus the endpoint's path, inside
a request or outside one (jobs, the CLI and the demo seeder send e-mails too). The public
address is ``PUBLIC_BASE_URL``, except in development when it is not set explicitly
(``PUBLIC_BASE_URL_FOLLOWS_REQUEST``): links then follow the address the portal is actually
served on (the request's host, e.g. ``make run`` on another port), and outside a request the
last address this process served, or the configured default when it served none yet.
``is_safe_redirect`` is the one check for any redirect target that came with a request
(``next``, a form field).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context, request, url_for

_SERVED = "register.links.served_base_url"


def public_base_url() -> str:
    """The site's public address without a trailing slash (see the module's text)."""
    app = current_app
    if not app.config.get("PUBLIC_BASE_URL_FOLLOWS_REQUEST"):
        return app.config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context():
        app.extensions[_SERVED] = request.host_url.rstrip("/")
    return app.extensions.get(_SERVED) or app.config["PUBLIC_BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint`` with ``values``, on the public address."""
    anchor = values.pop("_anchor", None)
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # a job or a command: no request to build from
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    if anchor:
        path += "#" + quote(anchor, safe="-_.")
    return public_base_url() + path


def is_safe_redirect(target: str | None) -> bool:
    """True for a local path on this site ("/apply"), false for anything that could lead
    elsewhere ("//evil.example", "https://...", "/\\evil", control characters)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
