"""The export as an audited action: who exported whose data, when, how big."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from register import audit
from register.data_rights import export
from register.errors import ActionRefused
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import Application
from register.models.base import utcnow
from register.models.files import StoredFile
from register.models.registrations import Registration
from register.models.second_factor import SecondFactor
from register.models.sessions import UserSession
from register.passwords import hash_password
from register.uploads import discard_stored


def export_data(person, actor, reason: str | None = None) -> export.Export:
    """Build ``person``'s export for ``actor`` (the person, or an admin with the written
    request's ``reason``) and record it in the audit log."""
    result = export.build(person, utcnow())
    detail = {"size": result.size, "files": result.files}
    if reason is not None:
        detail["reason"] = reason
    audit.record_export(actor, "personal_data", result.rows, subject=person, **detail)
    db.session.flush()
    return result


def deletion_refusal(user) -> ActionRefused | None:
    """Why ``user`` cannot delete their own account, or None: only an applicant's account
    without any application or registration (those are kept, see the privacy statement)."""
    if user.role is not Role.APPLICANT:
        return ActionRefused(_l("Staff and provider accounts are removed by an administrator."))
    has_application = db.session.scalar(
        select(func.count()).select_from(Application).where(Application.applicant_id == user.id)
    )
    has_registration = db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.user_id == user.id)
    )
    if has_application or has_registration:
        return ActionRefused(
            _l(
                "An account with an application or a registration cannot be deleted: the "
                "register keeps them, as the privacy statement says. You can download your data."
            )
        )
    return None


def delete_account(user) -> None:
    """Delete ``user``'s own account. The row stays as a tombstone without personal data
    (no address, no name, a password that matches nothing, blocked), because the audit log
    is append-only and its events refer to the row by id: the events are kept, but their
    actor id no longer leads to anyone. Sessions, the second factor and uploads are deleted."""
    refusal = deletion_refusal(user)
    if refusal is not None:
        raise refusal
    audit.record(user, "account.deleted", user)
    discard_stored(
        db.session.scalars(select(StoredFile).where(StoredFile.uploaded_by_id == user.id)).all()
    )
    credential = db.session.scalars(
        select(SecondFactor).where(SecondFactor.user_id == user.id)
    ).first()
    if credential is not None:
        db.session.delete(credential)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.given_names = ""
    user.surname_prefix = ""
    user.surname = ""
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.active = False
    user.locale = None
    user.is_lived_experience_expert = False
    user.email_confirmed_at = None
    user.security_stamp += 1
    db.session.flush()
