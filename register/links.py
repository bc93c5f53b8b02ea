"""Links: absolute addresses for e-mails and printed certificates, and the check that a
"go back to" address stays on this site.

``absolute_url`` is ``PUBLIC_BASE_URL`` plus the endpoint's path, inside a request or
outside one (jobs, the CLI and the demo seeder send e-mails too). ``is_safe_redirect`` is the
one check for any redirect target that came with a request (``next``, a form field).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """The absolute link to ``endpoint`` with ``values``, on ``PUBLIC_BASE_URL``."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def is_safe_redirect(target: str | None) -> bool:
    """True for a local path on this site ("/apply"), false for anything that could lead
    elsewhere ("//evil.example", "https://...", "/\\evil", control characters)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
