"""Server-side login sessions: started at the password, checked on every request by the user
loader, ended on the server (``register.models.sessions``).

Flask-Login keeps ``User.get_id()`` in the signed session cookie and in the remember-me
cookie; here that id is a random token of the session (not the user's id), and the user
loader accepts it only while the session's row has not ended. Ending the row therefore ends
the session everywhere, whichever cookie (copied or remembered) comes back. The row also
records whether the second factor was passed in this session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from flask import current_app, has_request_context, request
from sqlalchemy import select

from register import audit
from register.extensions import db
from register.models.accounts import User
from register.models.base import utcnow
from register.models.sessions import SessionEndReason, UserSession

#: last seen is written at most this often (seconds), so a busy session does not write on
#: every request
TOUCH_SECONDS = 60

_BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_SYSTEMS = [
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux|X11")),
]


def device_summary(user_agent: str) -> str:
    """Browser and system from a user-agent string ("Firefox, Linux"); "" when neither is
    known. Only this summary is stored, never the whole string."""
    user_agent = user_agent or ""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), "")
    return ", ".join(part for part in (browser, system) if part)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _client() -> tuple[str, str | None]:
    if not has_request_context():
        return "", None
    return device_summary(request.headers.get("User-Agent", "")), request.remote_addr


def attach(user: User, row: UserSession, token: str) -> User:
    """Let ``user`` carry its session: ``get_id()`` gives the token, ``current_session``
    the row."""
    user.session_token = token
    user.current_session = row
    return user


def start(
    user: User,
    remembered: bool = False,
    second_factor_required: bool = False,
    second_factor_passed: bool = False,
) -> str:
    """Start a session for ``user`` (after the password, or after a password change for the
    device the person is using); returns the token for the cookie and attaches it."""
    token = secrets.token_urlsafe(32)
    device, ip_address = _client()
    now = utcnow()
    row = UserSession(
        user_id=user.id,
        token_hash=_hash(token),
        created_at=now,
        last_seen_at=now,
        device=device,
        ip_address=ip_address,
        remembered=remembered,
        second_factor_required=second_factor_required,
        second_factor_at=now if second_factor_passed else None,
    )
    db.session.add(row)
    db.session.flush()
    attach(user, row, token)
    return token


def idle_limit(row: UserSession) -> dt.timedelta:
    """How long a session may go unused before it ends by itself."""
    config = current_app.config
    if row.remembered:
        return config["REMEMBER_COOKIE_DURATION"]
    return dt.timedelta(seconds=config["SESSION_IDLE_SECONDS"])


def load(token: str) -> User | None:
    """The user of the session with this token, while it is active and the account is not
    blocked; None otherwise. Updates last seen (at most once a minute); a session that went
    unused too long ends here."""
    if not token or len(token) > 128:
        return None
    row = db.session.scalar(
        select(UserSession).where(
            UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None)
        )
    )
    if row is None:
        return None
    user = row.user
    if not user.active:
        return None
    now = utcnow()
    if now - row.last_seen_at > idle_limit(row):
        _end([row], SessionEndReason.EXPIRED, actor=None, user=user)
        return None
    if (now - row.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        row.last_seen_at = now
        device, ip_address = _client()
        row.ip_address = ip_address or row.ip_address
        row.device = device or row.device
    return attach(user, row, token)


def active_sessions(user: User) -> list[UserSession]:
    """The user's sessions that have not ended (and have not gone unused too long), the
    most recently seen first."""
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    now = utcnow()
    return [row for row in rows if now - row.last_seen_at <= idle_limit(row)]


def mark_second_factor_passed(row: UserSession) -> None:
    """The person passed the second factor in this session."""
    row.second_factor_at = utcnow()
    db.session.flush()


def _end(rows: list[UserSession], reason: SessionEndReason, actor, user: User) -> list[int]:
    now = utcnow()
    for row in rows:
        row.ended_at = now
        row.end_reason = reason
    db.session.flush()
    ids = [row.id for row in rows]
    if ids:
        audit.record(actor, "session.ended", user, sessions=ids, reason=reason.value)
    return ids


def end_all(user: User, reason: SessionEndReason, actor=None) -> list[int]:
    """End every session of ``user`` (logout, password change or reset, a blocked account,
    a reset second factor); returns the ids ended."""
    rows = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ).all()
    return _end(list(rows), reason, actor=actor, user=user)


def end_one(user: User, session_id: int) -> bool:
    """End one of ``user``'s own sessions (from the account page); False when there is no
    such active session of theirs."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        return False
    _end([row], SessionEndReason.ENDED_BY_USER, actor=user, user=user)
    return True


def end_others(user: User, keep: UserSession) -> list[int]:
    """End every session of ``user`` except ``keep`` (the one they are using)."""
    rows = db.session.scalars(
        select(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.id != keep.id,
        )
    ).all()
    return _end(list(rows), SessionEndReason.ENDED_BY_USER, actor=user, user=user)
