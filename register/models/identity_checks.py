"""The registrar's confirmation of an applicant's identity (identiteitscontrole), one per
application, recorded before a first registration is approved.

What it holds is deliberately little: how the applicant was seen (in person or by video
call), which kind of document was shown, on which day, by which registrar, and that the name
and date of birth matched the application. There is no column for a copy or the number of
the document, nor for a citizen service number (BSN): the register never keeps them. A check
is never changed or removed once recorded (the model refuses it, as for decisions).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.models.accounts import User
from register.models.applications import Application
from register.models.base import Base, final_once_written, utcnow


class IdentityCheck(Base):
    """One confirmed identity: how, against which kind of document, when and by whom."""

    __tablename__ = "identity_check"
    __table_args__ = (
        CheckConstraint("details_match", name="details_matched"),
        CheckConstraint("note IS NULL OR length(note) <= 500", name="note_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    #: a code of the registration policy's ``identity_check.methods``
    method: Mapped[str] = mapped_column(String(32))
    #: a code of the registration policy's ``identity_check.document_kinds``
    document_kind: Mapped[str] = mapped_column(String(32))
    checked_on: Mapped[dt.date]
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: the name and date of birth on the document matched the application (always true: a
    #: check whose details differ is not recorded; the registrar asks the applicant first)
    details_match: Mapped[bool]
    #: a short remark of the registrar (never a number of the person or the document)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the registration policy's version the method and document kind were chosen under
    policy_version: Mapped[str] = mapped_column(String(32))

    application: Mapped[Application] = relationship()
    checked_by: Mapped[User] = relationship()


class IdentityCheckIsFinal(Exception):
    """Raised when code tries to change or remove a recorded identity check."""


final_once_written(
    IdentityCheck,
    IdentityCheckIsFinal,
    "a recorded identity check cannot be changed",
    "a recorded identity check cannot be removed",
)
