"""The actions of organisation accounts: sign-up, invitations, API keys, settings, the
watch list and blocking. Each loads, decides, audits and flushes; none commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from register import audit, tokens
from register.accounts import services as accounts
from register.domain import organisations as rules
from register.domain.numbers import parse_number
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.links import absolute_url
from register.mail import queue_email
from register.models.accounts import Role, User
from register.models.base import utcnow
from register.models.organisations import (
    AlertMode,
    ApiKey,
    CheckChannel,
    Organisation,
    OrganisationMember,
    WatchEntry,
)
from register.models.registrations import Registration
from register.organisations import checks, webhooks
from register.policy import current_policies

#: the same words as the API's and the lookup's for a number that cannot be read
NUMBER_PROBLEMS = {
    "malformed": _l("This is not a valid registration number."),
    "check_digit": _l("The check digit of this registration number does not match."),
    "empty": _l("No registration number was given."),
}
INVITE_PURPOSE = "organisation-invite"
INVITE_MAX_AGE = 7 * 24 * 3600
KVK_MESSAGES = {
    "empty": _l("Fill in the KvK number of the organisation."),
    "not_digits": _l("A KvK number has digits only."),
    "length": _l("A KvK number has 8 digits."),
}


def organisation_of(user) -> Organisation | None:
    """The organisation ``user`` acts for, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "role", None) is not Role.EMPLOYER:
        return None
    return db.session.scalar(
        select(Organisation)
        .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .where(OrganisationMember.user_id == user.id)
    )


def _check_kvk(text: str) -> str:
    problem = rules.kvk_problem(text)
    if problem is not None:
        raise ActionRefused(KVK_MESSAGES[problem], field="kvk_number")
    kvk = rules.normalise_kvk(text)
    if db.session.scalar(select(Organisation.id).where(Organisation.kvk_number == kvk)):
        raise ActionRefused(
            _l(
                "An organisation with this KvK number already has an account. Ask one of its "
                "users to invite you."
            ),
            field="kvk_number",
        )
    return kvk


def sign_up(
    name: str,
    kvk_number: str,
    email: str,
    password: str,
    given_names: str,
    surname_prefix: str,
    surname: str,
    locale: str | None = None,
) -> Organisation | None:
    """A new organisation with its first user (unconfirmed until the e-mail link is used).
    None when the e-mail address has an account already: then nothing is made and its
    owner is told by e-mail (a sign-up never tells whether an address is in use)."""
    kvk = _check_kvk(kvk_number)
    user = accounts.sign_up(
        email, password, given_names, surname_prefix, surname, role=Role.EMPLOYER, locale=locale
    )
    if user is None:
        return None
    organisation = Organisation(
        name=name.strip(), kvk_number=kvk, webhook_secret=rules.new_webhook_secret()
    )
    try:
        with db.session.begin_nested():
            db.session.add(organisation)
    except IntegrityError:
        raise ActionRefused(KVK_MESSAGES["length"], field="kvk_number") from None
    db.session.add(OrganisationMember(organisation=organisation, user=user))
    audit.record(user, "organisation.created", organisation, kvk_number=kvk)
    accounts.send_confirmation(user)
    db.session.flush()
    return organisation


def invite(organisation: Organisation, by: User, email: str) -> None:
    """E-mail a link with which ``email`` makes an account of ``organisation``."""
    _usable(organisation)
    email = accounts.normalise_email(email)
    if accounts.find_by_email(email) is not None:
        raise ActionRefused(
            _l("This e-mail address has an account already. Invite another address."),
            field="email",
        )
    token = tokens.sign(INVITE_PURPOSE, {"org": organisation.id, "email": email})
    queue_email(
        email,
        _l("You are invited to the register's account of %(name)s", name=organisation.name),
        "organisation_invite",
        organisation=organisation,
        by=by,
        days=INVITE_MAX_AGE // 86400,
        link=absolute_url("organisations.join", token=token),
    )
    audit.record(by, "organisation.user_invited", organisation, email=email)


def invitation(token: str) -> tuple[Organisation, str]:
    """The organisation and address of an invitation link; raises ``TokenError``."""
    payload = tokens.verify(INVITE_PURPOSE, token, INVITE_MAX_AGE)
    organisation = db.session.get(Organisation, payload["org"])
    if organisation is None:
        raise tokens.TokenInvalid("no such organisation")
    return organisation, payload["email"]


def accept_invitation(
    token: str,
    password: str,
    given_names: str,
    surname_prefix: str,
    surname: str,
    locale: str | None = None,
) -> User:
    """Make the invited account (its address is confirmed by the link) and add it."""
    organisation, email = invitation(token)
    _usable(organisation)
    user = accounts.create_account(
        email, password, given_names, surname_prefix, surname, role=Role.EMPLOYER, locale=locale
    )
    user.email_confirmed_at = utcnow()
    db.session.add(OrganisationMember(organisation=organisation, user=user))
    audit.record(user, "organisation.user_joined", organisation)
    db.session.flush()
    return user


def _usable(organisation: Organisation) -> None:
    if organisation.is_blocked:
        raise NotAllowedNow(_l("The register has blocked this organisation account."))


# --- API keys --------------------------------------------------------------------------------


def create_key(organisation: Organisation, by: User, name: str) -> str:
    """A new named key; the returned text is shown once and never stored."""
    _usable(organisation)
    new = rules.make_key()
    key = ApiKey(
        organisation_id=organisation.id,
        name=name.strip(),
        prefix=new.prefix,
        secret_hash=new.secret_hash,
        created_by_id=by.id,
    )
    db.session.add(key)
    audit.record(by, "organisation.key_created", organisation, key=new.prefix, name=key.name)
    db.session.flush()
    return new.key


def keys_of(organisation: Organisation) -> list[ApiKey]:
    return list(
        db.session.scalars(
            select(ApiKey).where(ApiKey.organisation_id == organisation.id).order_by(ApiKey.id)
        )
    )


def revoke_key(organisation: Organisation, by: User, key_id: int) -> ApiKey:
    """Revoke one of the organisation's keys (at once: the next request with it gets 401)."""
    key = db.session.get(ApiKey, key_id)
    if key is None or key.organisation_id != organisation.id:
        raise ActionRefused(_l("This key does not exist."))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(by, "organisation.key_revoked", organisation, key=key.prefix)
        db.session.flush()
    return key


# --- settings --------------------------------------------------------------------------------

URL_MESSAGES = {
    rules.UrlProblem.MALFORMED: _l("This is not a web address. Write it as https://…"),
    rules.UrlProblem.SCHEME: _l("The web address must start with https://."),
    rules.UrlProblem.PRIVATE: _l(
        "This web address points to a private or local network. Use a public address."
    ),
    rules.UrlProblem.UNRESOLVED: _l("The host name of this web address cannot be found."),
}


def update_settings(
    organisation: Organisation, by: User, alert_mode: AlertMode, webhook_url: str
) -> None:
    """How the organisation hears of changes: e-mail per change or a daily digest, and the
    webhook address (empty: none). The address is checked (https in production, no private
    or local targets there)."""
    _usable(organisation)
    url = (webhook_url or "").strip() or None
    if url is not None:
        problem = webhooks.url_problem(url)
        if problem is not None:
            raise ActionRefused(URL_MESSAGES[problem], field="webhook_url")
    changed = {}
    if organisation.alert_mode is not alert_mode:
        changed["alert_mode"] = alert_mode.value
    if organisation.webhook_url != url:
        changed["webhook_url"] = url
    organisation.alert_mode = alert_mode
    organisation.webhook_url = url
    if changed:
        audit.record(by, "organisation.settings_changed", organisation, **changed)
    db.session.flush()


def new_webhook_secret(organisation: Organisation, by: User) -> None:
    """Replace the webhook signing secret (the old one stops matching at once)."""
    _usable(organisation)
    organisation.webhook_secret = rules.new_webhook_secret()
    audit.record(by, "organisation.webhook_secret_replaced", organisation)
    db.session.flush()


# --- blocking (the register's staff) ---------------------------------------------------------


def block(organisation: Organisation, by: User, reason: str) -> None:
    """Block the organisation: its keys stop working at once, its users can no longer act
    for it, and it gets no more alerts. Audited."""
    if organisation.is_blocked:
        raise NotAllowedNow(_l("This organisation is blocked already."))
    organisation.blocked_at = utcnow()
    organisation.blocked_reason = reason.strip()
    audit.record(by, "organisation.blocked", organisation, reason=organisation.blocked_reason)
    db.session.flush()


def unblock(organisation: Organisation, by: User) -> None:
    if not organisation.is_blocked:
        raise NotAllowedNow(_l("This organisation is not blocked."))
    organisation.blocked_at = None
    organisation.blocked_reason = None
    audit.record(by, "organisation.unblocked", organisation)
    db.session.flush()


# --- the watch list --------------------------------------------------------------------------


NOT_WATCHED = _l("This registration is not on your watch list.")


class UnknownNumber(ActionRefused):
    """The number is well formed but names no registration."""


def find_registration(text: str, field: str = "number") -> Registration:
    """The registration with this number; refused when malformed or unknown."""
    parsed = parse_number(current_policies().registration.number, text or "")
    if not parsed.ok:
        raise ActionRefused(NUMBER_PROBLEMS[parsed.problem.value], field=field)
    registration = db.session.scalar(
        select(Registration).where(Registration.number == parsed.canonical)
    )
    if registration is None:
        raise UnknownNumber(_l("There is no registration with this number."), field=field)
    return registration


def watch(
    organisation: Organisation,
    registration: Registration,
    employed_since: dt.date | None,
    role: str,
    by: User | None,
    channel: str,
) -> tuple[WatchEntry, bool]:
    """Put ``registration`` on the watch list (or update its relation). Returns the entry
    and whether it is new. Recorded as a check of the registration (who checked me)."""
    _usable(organisation)
    entry = db.session.scalar(
        select(WatchEntry).where(
            WatchEntry.organisation_id == organisation.id,
            WatchEntry.registration_id == registration.id,
        )
    )
    created = entry is None
    if created:
        entry = WatchEntry(organisation_id=organisation.id, registration_id=registration.id)
        from register.organisations.alerts import public_snapshot

        entry.snapshot = public_snapshot(registration.number)
        db.session.add(entry)
    entry.employed_since = employed_since
    entry.role = (role or "").strip()[:100]
    db.session.flush()
    checks.record(organisation.id, [registration.id], CheckChannel.WATCH_LIST)
    if created:
        audit.record(
            by, "organisation.watch_added", organisation, number=registration.number, via=channel
        )
    return entry, created


def unwatch(organisation: Organisation, registration: Registration, by: User | None) -> bool:
    """Take ``registration`` off the watch list; False when it was not on it."""
    _usable(organisation)
    entry = db.session.scalar(
        select(WatchEntry).where(
            WatchEntry.organisation_id == organisation.id,
            WatchEntry.registration_id == registration.id,
        )
    )
    if entry is None:
        return False
    db.session.delete(entry)
    audit.record(by, "organisation.watch_removed", organisation, number=registration.number)
    db.session.flush()
    return True


def watch_list_query(organisation: Organisation):
    """The organisation's entries, by registration number."""
    return (
        select(WatchEntry)
        .join(Registration, Registration.id == WatchEntry.registration_id)
        .where(WatchEntry.organisation_id == organisation.id)
        .order_by(Registration.number)
    )


def watch_list(organisation: Organisation, page: int = 1, per_page: int = 50):
    """One page of the organisation's entries, and how many there are in all."""
    total = db.session.scalar(
        select(func.count(WatchEntry.id)).where(WatchEntry.organisation_id == organisation.id)
    )
    entries = db.session.scalars(
        watch_list_query(organisation).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return list(entries), total or 0


@dataclass
class UploadResult:
    """What a CSV upload to the watch list did, line by line."""

    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, typed value)


def watch_from_csv(organisation: Organisation, by: User, upload) -> UploadResult:
    """Put every number of an uploaded CSV on the watch list (the bulk check's reading of
    CSV files: the same header words, delimiters and encodings)."""
    from register.lookup import bulk

    _usable(organisation)
    result = UploadResult()
    for row in bulk.read_upload(upload):
        try:
            registration = find_registration(row.value)
        except ActionRefused:
            result.refused.append((row.line, row.value))
            continue
        _, created = watch(organisation, registration, None, "", by, "csv")
        (result.added if created else result.already).append(registration.number)
    return result


def registrations_watching(registration_ids) -> dict[int, list[WatchEntry]]:
    """The watch entries on each registration (the registrant's page)."""
    found: dict[int, list[WatchEntry]] = {}
    if not registration_ids:
        return found
    for entry in db.session.scalars(
        select(WatchEntry)
        .where(WatchEntry.registration_id.in_(list(registration_ids)))
        .order_by(WatchEntry.created_at)
    ):
        found.setdefault(entry.registration_id, []).append(entry)
    return found
