"""The admin's actions on accounts. One function per action; they flush and never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from register import audit, sessions
from register.accounts import second_factor
from register.errors import NotAllowedNow
from register.extensions import db
from register.models.accounts import User
from register.models.sessions import SessionEndReason


def account_query(q: str | None) -> Select:
    """Accounts whose e-mail address or name contains ``q`` (all accounts without one)."""
    query = select(User)
    if q:
        like = f"%{q.lower()}%"
        with_prefix = User.given_names + " " + User.surname_prefix + " " + User.surname
        without_prefix = User.given_names + " " + User.surname
        query = query.where(
            or_(
                func.lower(User.email).like(like),
                func.lower(with_prefix).like(like),
                func.lower(without_prefix).like(like),
            )
        )
    return query.order_by(User.surname, User.given_names, User.id)


def block(user: User, admin: User, reason: str) -> None:
    """Switch an account off: it cannot log in, and every session of it ends now."""
    if user.id == admin.id:
        raise NotAllowedNow(_l("You cannot block your own account."))
    if not user.active:
        raise NotAllowedNow(_l("This account is already blocked."))
    user.active = False
    audit.record(admin, "account.blocked", user, reason=reason)
    sessions.end_all(user, SessionEndReason.BLOCKED, actor=admin)
    db.session.flush()


def unblock(user: User, admin: User, reason: str) -> None:
    """Switch a blocked account on again (its old sessions stay ended)."""
    if user.active:
        raise NotAllowedNow(_l("This account is not blocked."))
    user.active = True
    audit.record(admin, "account.unblocked", user, reason=reason)
    db.session.flush()


def reset_second_factor(user: User, admin: User, reason: str) -> None:
    """Remove the account's authenticator app and recovery codes (a lost phone)."""
    second_factor.reset(user, admin, reason)
