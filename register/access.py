"""Who may reach what: roles per endpoint, enforced in one place, default deny.

Every view declares its access with ``@public``, ``@authenticated`` or ``@allow(Role...)``,
or inherits its blueprint's default from ``gate_blueprint``. The gate runs before every
request; an endpoint with no declaration is refused (and a test walks ``app.url_map`` to
make sure none exists). Object-level checks (``can_*``) live here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from register.models.accounts import Role

PUBLIC: Final = "public"
AUTHENTICATED: Final = "authenticated"
AccessLevel = str | frozenset[Role]

STAFF = frozenset({Role.REGISTRAR, Role.ADMIN})
_BLUEPRINT_DEFAULTS: dict[str, AccessLevel] = {}
_ALWAYS_PUBLIC_ENDPOINTS = {"static"}


def _mark(view: Callable, level: AccessLevel) -> Callable:
    view._access = level  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone may reach this view, logged in or not."""
    return _mark(view, PUBLIC)


def authenticated(view: Callable) -> Callable:
    """Any logged-in account may reach this view."""
    return _mark(view, AUTHENTICATED)


def allow(*roles: Role) -> Callable[[Callable], Callable]:
    """Only accounts with one of ``roles`` may reach this view (admins count as registrars)."""

    def decorator(view: Callable) -> Callable:
        return _mark(view, frozenset(roles))

    return decorator


def gate_blueprint(bp: Blueprint, level: AccessLevel | Role) -> None:
    """Give every view of ``bp`` this access level unless the view declares its own."""
    _BLUEPRINT_DEFAULTS[bp.name] = frozenset({level}) if isinstance(level, Role) else level


def declared_access(app: Flask, endpoint: str) -> AccessLevel | None:
    """The access level an endpoint declares or inherits; None when it declares nothing."""
    if endpoint in _ALWAYS_PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    level = getattr(view, "_access", None)
    if level is not None:
        return level
    blueprint = endpoint.rpartition(".")[0]
    return _BLUEPRINT_DEFAULTS.get(blueprint) if blueprint else None


def wants_json() -> bool:
    """True for API requests, which get JSON errors instead of pages and redirects."""
    return request.path.startswith("/api/")


def enforce_access():
    """The gate: runs before every request and refuses what is not allowed."""
    if request.endpoint is None:
        return None  # no route matched: the 404 handler answers
    level = declared_access(current_app, request.endpoint)
    if level is None:
        current_app.logger.error("endpoint %s declares no access level", request.endpoint)
        abort(403)
    if level == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if wants_json():
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if level == AUTHENTICATED or current_user.has_role(*level):
        return None
    abort(403)


def is_staff(user) -> bool:
    """Registrars and admins: the register's own staff."""
    return bool(user and user.is_authenticated and user.has_role(Role.REGISTRAR))
