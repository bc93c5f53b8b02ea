"""Account actions: sign up, confirm the e-mail address, log in, reset and change the
password, edit the profile. One function per action; they flush and never commit.

Public interface for other areas: ``create_account``, ``sign_up``, ``send_confirmation``
and ``home_for``. Signed links use ``register.tokens``; absolute links ``register.links``;
login sessions ``register.sessions``; the second factor ``accounts.second_factor``.

What a stranger can learn is kept to nothing: a login takes as long whether or not the
address has an account (a dummy Argon2 check), and a sign-up with an address in use looks
the same as any other (the owner gets an e-mail instead).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from register import audit, sessions, tokens
from register.accounts import second_factor
from register.errors import ActionRefused
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import Role, User
from register.models.base import utcnow
from register.models.registrations import Registration, is_current
from register.models.sessions import SessionEndReason
from register.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from register.tokens import TokenError, TokenExpired, TokenInvalid

CONFIRM_PURPOSE = "confirm-email"
RESET_PURPOSE = "reset-password"
DEFAULT_PASSWORD_MIN_LENGTH = 10

# A short list of passwords that are tried first; long enough to stop the obvious ones.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "1122334455",
        "1q2w3e4r5t",
        "qwertyuiop",
        "password123",
        "password1234",
        "passw0rd123",
        "wachtwoord",
        "wachtwoord1",
        "wachtwoord12",
        "wachtwoord123",
        "welkom1234",
        "welkomwelkom",
        "iloveyou123",
        "qwerty12345",
        "abcdefghij",
        "abc1234567",
        "letmein123",
        "administrator",
        "ervaringsdeskundige",
        "geheimgeheim",
        "aaaaaaaaaa",
        "zomer20242024",
        "voorjaar2025",
        "football123",
        "sunshine123",
    }
)

HOME_ENDPOINTS = {
    Role.APPLICANT: "apply.dashboard",
    Role.REGISTRAR: "review.queue",
    Role.ADMIN: "review.queue",
    Role.ASSESSOR: "assessment.dashboard",
    Role.PROVIDER: "accreditation.provider_home",
    Role.EMPLOYER: "organisations.home",
}


class LinkUsed(TokenError):
    """A reset link whose password has been changed since: it cannot be used again."""


def normalise_email(email: str) -> str:
    """E-mail addresses compared and stored trimmed and in lower case."""
    return (email or "").strip().lower()


def password_problem(password: str, email: str = ""):
    """Why ``password`` may not be used (a translated text), or None when it is fine."""
    minimum = current_app.config.get("PASSWORD_MIN_LENGTH", DEFAULT_PASSWORD_MIN_LENGTH)
    if len(password or "") < minimum:
        return _l("Use at least %(n)s characters.", n=minimum)
    lowered = password.strip().lower()
    if email and lowered == normalise_email(email):
        return _l("Your password may not be the same as your e-mail address.")
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 3:
        return _l("This password is too easy to guess. Choose another one.")
    return None


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem is not None:
        raise ActionRefused(problem, field="password")


def find_by_email(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive), if any."""
    wanted = normalise_email(email)
    return db.session.scalar(select(User).where(func.lower(User.email) == wanted))


def _mail_locale(user: User) -> str | None:
    if user.locale:
        return user.locale
    return str(get_locale()) if has_request_context() and get_locale() else None


def create_account(
    email: str,
    password: str,
    given_names: str,
    surname_prefix: str,
    surname: str,
    role: Role = Role.APPLICANT,
    locale: str | None = None,
) -> User:
    """Create an unconfirmed account with a hashed password.

    Refuses (``ActionRefused`` on ``email``) an address in use and (on ``password``) a
    password that breaks a rule. Does not send the confirmation e-mail
    (``send_confirmation`` does).
    """
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise _email_taken()
    _check_password(password, email)
    user = User(
        email=email,
        password_hash=hash_password(password),
        given_names=given_names.strip(),
        surname_prefix=(surname_prefix or "").strip(),
        surname=surname.strip(),
        role=role,
        locale=locale if locale in current_app.config["LANGUAGES"] else None,
    )
    try:
        with db.session.begin_nested():  # a sign-up at the same moment wins the race
            db.session.add(user)
    except IntegrityError:
        raise _email_taken() from None
    audit.record(user, "account.created", user, role=role.value)
    return user


def sign_up(
    email: str,
    password: str,
    given_names: str,
    surname_prefix: str,
    surname: str,
    role: Role = Role.APPLICANT,
    locale: str | None = None,
) -> User | None:
    """A public sign-up: the new (unconfirmed) account, or None when the address is in use.
    Then nothing is created and the owner of the address gets an e-mail that someone tried
    to sign up with it, with a link to choose a new password; the page that follows is the
    same either way, so a sign-up never tells whether an address has an account. Refuses a
    password that breaks a rule (``ActionRefused`` on ``password``)."""
    email = normalise_email(email)
    _check_password(password, email)
    owner = find_by_email(email)
    if owner is None:
        try:
            return create_account(
                email, password, given_names, surname_prefix, surname, role=role, locale=locale
            )
        except ActionRefused as refusal:  # taken at the same moment
            if refusal.field != "email":
                raise
            owner = find_by_email(email)
    hash_password(password)  # the time a new account would have taken
    if owner is not None:
        _tell_owner_of_signup_attempt(owner)
    return None


def _tell_owner_of_signup_attempt(owner: User) -> None:
    audit.record(None, "account.signup_with_existing_address", owner)
    if not owner.active:
        return
    queue_email(
        owner.email,
        _l("Someone tried to create an account with your e-mail address"),
        "account_signup_attempt",
        locale=_mail_locale(owner),
        user=owner,
        minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60,
        login_link=absolute_url("accounts.login"),
        link=_reset_link(owner),
    )


def _email_taken() -> ActionRefused:
    return ActionRefused(
        _l(
            "An account with this e-mail address already exists. Log in, or ask for a new password."
        ),
        field="email",
    )


def send_confirmation(user: User) -> None:
    """Queue an e-mail with a signed link that confirms ``user``'s address."""
    token = tokens.sign(CONFIRM_PURPOSE, {"uid": user.id, "email": user.email})
    hours = current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600
    queue_email(
        user.email,
        _l("Confirm your e-mail address"),
        "account_confirm",
        locale=_mail_locale(user),
        user=user,
        hours=hours,
        link=absolute_url("accounts.confirm", token=token),
    )


def confirm_email(token: str) -> User:
    """Mark the address in a confirmation link as confirmed; returns the account.

    Raises ``TokenExpired`` (payload has ``uid``) or ``TokenInvalid``. Confirming twice is
    harmless: the first moment of confirmation is kept.
    """
    payload = tokens.verify(CONFIRM_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user_from_payload(payload)
    if user is None or user.email != payload.get("email"):
        raise TokenInvalid("no such account")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record(user, "account.email_confirmed", user)
        db.session.flush()
    return user


def user_for_expired_link(token: str) -> User | None:
    """The unconfirmed account named in a genuine (possibly expired) confirmation link, so
    that a new link can be sent to it; None for anything else."""
    try:
        payload = tokens.verify(CONFIRM_PURPOSE, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except TokenExpired as exc:
        payload = exc.payload
    except TokenInvalid:
        return None
    user = _user_from_payload(payload)
    if user is None or user.email != payload.get("email") or user.email_confirmed_at:
        return None
    return user


def _user_from_payload(payload) -> User | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        return None
    return db.session.get(User, payload["uid"])


def address_hash(email: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key) of an address that has no account:
    the audit log can show that the same unknown address was tried again, without keeping
    an address someone may have mistyped (a third person's) or a guessed one."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _login_failed(user: User | None, email: str, reason: str) -> None:
    detail = {"reason": reason}
    if user is None:
        detail["address_hash"] = address_hash(email)
    audit.record(None, "account.login_failed", user, keep_on_failure=True, **detail)


def authenticate(email: str, password: str) -> User:
    """The account for this e-mail and password; upgrades an old password hash on the way.

    Refuses with one answer for an unknown address and a wrong password (it says nothing
    about which of the two is wrong, and both take the time of one Argon2 check), and tells
    when the password was right but the account is switched off. Every failure is audited,
    also though the request is rolled back.
    """
    user = find_by_email(email)
    if user is None:
        verify_dummy(password or "")
        _login_failed(None, email, "unknown_address")
        raise ActionRefused(_l("The e-mail address or the password is not correct."))
    if not verify_password(user.password_hash, password or ""):
        _login_failed(user, email, "wrong_password")
        raise ActionRefused(_l("The e-mail address or the password is not correct."))
    if not user.active:
        _login_failed(user, email, "blocked")
        raise ActionRefused(_l("This account has been switched off. Please contact the register."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


def log_in(user: User, remembered: bool = False) -> bool:
    """Start a login session for ``user`` after the password (audited); True when the second
    factor must follow before any page answers."""
    required = second_factor.required(user)
    sessions.start(user, remembered=remembered, second_factor_required=required)
    audit.record(
        user,
        "account.login",
        user,
        session=user.current_session.id,
        second_factor=required,
        remembered=remembered,
    )
    return required


def log_out(user: User) -> None:
    """End every session of ``user``, on every device (audited)."""
    sessions.end_all(user, SessionEndReason.LOGOUT, actor=user)


def _reset_link(user: User) -> str:
    token = tokens.sign(RESET_PURPOSE, {"uid": user.id, "stamp": user.security_stamp})
    return absolute_url("accounts.reset_password", token=token)


def request_password_reset(email: str) -> None:
    """Send a reset link if an active account has this address; otherwise do nothing, so
    the answer never tells whether an address is registered."""
    user = find_by_email(email)
    if user is None or not user.active:
        return
    minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
    queue_email(
        user.email,
        _l("Choose a new password"),
        "account_reset",
        locale=_mail_locale(user),
        user=user,
        minutes=minutes,
        link=_reset_link(user),
    )


def user_for_reset(token: str) -> User:
    """The account a reset link is for. Raises ``TokenExpired``, ``TokenInvalid`` or
    ``LinkUsed`` (the password was changed after the link was made)."""
    payload = tokens.verify(RESET_PURPOSE, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = _user_from_payload(payload)
    if user is None or not user.active:
        raise TokenInvalid("no such account")
    if payload.get("stamp") != user.security_stamp:
        raise LinkUsed("link already used")
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link and every session stop working."""
    user = user_for_reset(token)
    _check_password(new_password, user.email)
    _set_password(user, new_password)
    audit.record(user, "account.password_reset", user)
    sessions.end_all(user, SessionEndReason.PASSWORD_RESET, actor=user)
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password of a logged-in user who knows the current one.

    Refuses a wrong current password. Every session of the account ends, on every device;
    the person goes on here in a new session (with the second factor they passed in the old
    one), and gets an e-mail that the password was changed.
    """
    if not verify_password(user.password_hash, current_password or ""):
        raise ActionRefused(_l("This is not your current password."), field="current_password")
    _check_password(new_password, user.email)
    current = user.current_session
    _set_password(user, new_password)
    audit.record(user, "account.password_changed", user)
    sessions.end_all(user, SessionEndReason.PASSWORD_CHANGED, actor=user)
    sessions.start(
        user,
        remembered=bool(current and current.remembered),
        second_factor_required=bool(current and current.second_factor_required),
        second_factor_passed=bool(current and current.second_factor_at),
    )
    queue_email(
        user.email,
        _l("Your password has been changed"),
        "account_password_changed",
        locale=_mail_locale(user),
        user=user,
    )
    db.session.flush()


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    user.security_stamp = (user.security_stamp or 0) + 1


def update_profile(
    user: User, given_names: str, surname_prefix: str, surname: str, locale: str | None
) -> list[str]:
    """Change the name parts and preferred language; returns the names of changed fields."""
    new = {
        "given_names": given_names.strip(),
        "surname_prefix": (surname_prefix or "").strip(),
        "surname": surname.strip(),
        "locale": locale if locale in current_app.config["LANGUAGES"] else None,
    }
    changed = [name for name, value in new.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, new[name])
    if changed:
        audit.record(user, "account.profile_changed", user, fields=changed)
        db.session.flush()
    return changed


def home_for(user) -> str:
    """Where ``user`` starts after logging in: their role's dashboard (the home page for an
    account without a role); a registrant (an applicant with a registration that has not
    ended) starts on their registration."""
    role = getattr(user, "role", None)
    if role is Role.APPLICANT and db.session.scalar(
        select(Registration.id).where(Registration.user_id == user.id, is_current()).limit(1)
    ):
        return url_for("registrations.mine")
    return url_for(HOME_ENDPOINTS.get(role, "main.home"))
