"""The second factor: enrolling an authenticator app (TOTP, RFC 6238, with pyotp), passing
it after the password, recovery codes, and an admin's reset. One function per action; they
flush and never commit. The rules (window, replay, code shapes) are in
``register.domain.second_factor``.

Registrars, admins and assessors must use it (``access.SECOND_FACTOR_ROLES``); anyone else
may enrol from their account page. Every event is audited: enrolled, passed, failed (kept
though the request is rolled back), recovery code used, recovery codes made anew, turned
off, reset by an admin.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register import audit, sessions
from register.access import SECOND_FACTOR_ROLES
from register.domain import second_factor as rules
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import User
from register.models.base import utcnow
from register.models.second_factor import RecoveryCode, SecondFactor
from register.models.sessions import SessionEndReason, UserSession
from register.passwords import hash_password, verify_password

WRONG_CODE = _l(
    "This code is not correct. Type the 6 digits your app shows now, or one of your recovery codes."
)
USED_CODE = _l("This code has just been used. Wait for the next code in your app and type that.")


def credential(user: User) -> SecondFactor | None:
    """The user's authenticator (confirmed or still being enrolled), if any."""
    return db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))


def is_enrolled(user: User) -> bool:
    """True when the user has confirmed an authenticator app."""
    found = credential(user)
    return found is not None and found.is_confirmed


def is_mandatory(user: User) -> bool:
    """Registrars, admins and assessors cannot do without a second factor."""
    return user.role in SECOND_FACTOR_ROLES


def required(user: User) -> bool:
    """Whether ``user`` must pass a second factor after the password."""
    return rules.second_factor_required(is_mandatory(user), is_enrolled(user))


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://totp/...`` URI for the user's app."""
    return provisioning_uri_for(user.email, secret)


def provisioning_uri_for(email: str, secret: str) -> str:
    """The ``otpauth://totp/...`` URI for the app of the account with ``email``."""
    return rules.provisioning_uri(secret, email, current_app.config["TOTP_ISSUER"])


def qr_code(uri: str) -> str:
    """The URI as a QR code, an SVG data URI (the CSP allows ``img-src data:``)."""
    import segno

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def begin_enrolment(user: User, start_over: bool = False) -> SecondFactor:
    """The enrolment in progress (a new secret the first time, or with ``start_over``).
    Refused when the user already has a confirmed app: that one must be turned off or reset
    first, so that a password alone can never replace someone's second factor."""
    found = credential(user)
    if found is not None and found.is_confirmed:
        raise NotAllowedNow(_l("You have already set up an authenticator app."))
    if found is None:
        found = SecondFactor(user_id=user.id, secret=rules.new_secret())
        db.session.add(found)
    elif start_over:
        found.secret = rules.new_secret()
        found.last_step = None
    db.session.flush()
    return found


def _check_totp(found: SecondFactor, typed: str) -> bool:
    check = rules.check_totp(found.secret, typed, utcnow(), found.last_step)
    if check.replayed:
        _failed(found.user, "replayed")
        raise ActionRefused(USED_CODE, field="code")
    if check.accepted:
        found.last_step = check.step
        return True
    return False


def _failed(user: User, method: str) -> None:
    audit.record(user, "second_factor.failed", user, keep_on_failure=True, method=method)


def _new_recovery_codes(found: SecondFactor) -> list[str]:
    found.recovery_codes.clear()
    codes = rules.new_recovery_codes()
    for code in codes:
        found.recovery_codes.append(RecoveryCode(code_hash=hash_password(code)))
    db.session.flush()
    return [rules.shown_recovery_code(code) for code in codes]


def confirm_enrolment(user: User, typed: str, session_row: UserSession | None) -> list[str]:
    """Confirm the app with a first code from it; returns ten new recovery codes (to show
    once: only their hashes are kept). The session counts as having passed the second
    factor from now on."""
    found = begin_enrolment(user)
    if not _check_totp(found, typed):
        _failed(user, "enrolment")
        raise ActionRefused(
            _l("This code is not correct. Check that you scanned the code on this page."),
            field="code",
        )
    found.confirmed_at = utcnow()
    codes = _new_recovery_codes(found)
    audit.record(user, "second_factor.enrolled", user)
    if session_row is not None:
        session_row.second_factor_required = True
        sessions.mark_second_factor_passed(session_row)
    return codes


def _use_recovery_code(found: SecondFactor, typed: str) -> int | None:
    """Mark the matching unused recovery code as used; returns how many remain (None: no
    match)."""
    code = rules.normalise_code(typed)
    unused = [row for row in found.recovery_codes if row.used_at is None]
    for row in unused:
        if verify_password(row.code_hash, code):
            row.used_at = utcnow()
            return len(unused) - 1
    return None


def pass_second_factor(user: User, typed: str, session_row: UserSession) -> int | None:
    """Check a code from the app or a recovery code after the password; on success the
    session has passed (returns the number of recovery codes left when one was used, else
    None). A wrong code is refused on the field ``code`` and audited."""
    found = credential(user)
    if found is None or not found.is_confirmed:
        raise NotAllowedNow(_l("Set up an authenticator app first."))
    remaining = None
    if rules.looks_like_totp(typed):
        if not _check_totp(found, typed):
            _failed(user, "totp")
            raise ActionRefused(WRONG_CODE, field="code")
        audit.record(user, "second_factor.passed", user, method="totp")
    elif rules.looks_like_recovery_code(typed):
        remaining = _use_recovery_code(found, typed)
        if remaining is None:
            _failed(user, "recovery_code")
            raise ActionRefused(WRONG_CODE, field="code")
        audit.record(user, "second_factor.recovery_code_used", user, remaining=remaining)
    else:
        _failed(user, "unreadable")
        raise ActionRefused(WRONG_CODE, field="code")
    sessions.mark_second_factor_passed(session_row)
    return remaining


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has."""
    found = credential(user)
    if found is None or not found.is_confirmed:
        return 0
    return sum(1 for row in found.recovery_codes if row.used_at is None)


def regenerate_recovery_codes(user: User) -> list[str]:
    """Replace every recovery code with ten new ones (the old ones stop working)."""
    found = credential(user)
    if found is None or not found.is_confirmed:
        raise NotAllowedNow(_l("Set up an authenticator app first."))
    codes = _new_recovery_codes(found)
    audit.record(user, "second_factor.recovery_codes_renewed", user)
    return codes


def turn_off(user: User, typed: str) -> None:
    """Someone who chose a second factor stops using it, confirming with a current code.
    Refused for registrars, admins and assessors, who must keep one."""
    if is_mandatory(user):
        raise NotAllowedNow(_l("Your role requires a second factor: it cannot be turned off."))
    found = credential(user)
    if found is None or not found.is_confirmed:
        raise NotAllowedNow(_l("You have not set up an authenticator app."))
    if not _check_totp(found, typed):
        _failed(user, "turn_off")
        raise ActionRefused(WRONG_CODE, field="code")
    db.session.delete(found)
    if user.current_session is not None:
        user.current_session.second_factor_required = False
    audit.record(user, "second_factor.turned_off", user)
    db.session.flush()


def reset(user: User, admin: User, reason: str) -> None:
    """An admin removes ``user``'s authenticator and recovery codes (a lost phone): every
    session of the user ends, and at the next login they set up an app again (staff and
    assessors must; others may)."""
    found = credential(user)
    if found is None:
        raise NotAllowedNow(_l("This account has no second factor to reset."))
    db.session.delete(found)
    audit.record(admin, "second_factor.reset", user, reason=reason)
    sessions.end_all(user, SessionEndReason.SECOND_FACTOR_RESET, actor=admin)
    db.session.flush()


def enrol_with_secret(user: User, secret: str) -> SecondFactor:
    """Give ``user`` a confirmed authenticator with a known secret (the demo accounts'
    fixed secrets, so the printed otpauth URIs stay valid). Not reachable from any page."""
    found = credential(user)
    if found is None:
        found = SecondFactor(user_id=user.id, secret=secret, confirmed_at=utcnow())
        db.session.add(found)
        db.session.flush()
    return found
