"""Changes of a registered name: the registrant's requests (with proof) and the internal
history of every name a registration has had.

The public register shows only the current name. The old names stay here, for the
register's staff only: who changed it, when, why, and on what (a request with its proof and
decision, or a registrar's correction of a typo with its reason).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.name_change import NameChangeKind, NameChangeState, PersonName
from register.models.accounts import User, enum_column
from register.models.base import Base, utcnow
from register.models.decisions import Decision
from register.models.files import StoredFile
from register.models.registrations import Registration


class NameChangeRequest(Base):
    """A registrant's request for another registered name, with proof (a marriage
    certificate, a decision on a change of name). The proof is evidence: only the registrant
    and the register's staff open it, and each staff view is audited."""

    __tablename__ = "name_change_request"
    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'withdrawn') OR (decided_at IS NOT NULL "
            "AND decided_by_id IS NOT NULL)",
            name="decision_recorded",
        ),
        CheckConstraint("state != 'refused' OR decision_reason IS NOT NULL", name="refusal_reason"),
        # At most one open request per registration.
        Index(
            "ux_name_change_request_pending",
            "registration_id",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    given_names: Mapped[str] = mapped_column(String(120))
    surname_prefix: Mapped[str] = mapped_column(String(40), default="")
    surname: Mapped[str] = mapped_column(String(120))
    #: the registrant's short explanation (optional)
    explanation: Mapped[str | None] = mapped_column(Text)
    proof_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    state: Mapped[NameChangeState] = mapped_column(
        enum_column(NameChangeState), default=NameChangeState.PENDING, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: the grounds given to the registrant (required for a refusal)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    registration: Mapped[Registration] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    proof: Mapped[StoredFile] = relationship()

    @property
    def file_id(self) -> int:
        """The stored file of the proof (the one download path reads ``file_id``)."""
        return self.proof_file_id

    @property
    def file(self) -> StoredFile:
        return self.proof

    @property
    def requested_name(self) -> PersonName:
        return PersonName.of(self.given_names, self.surname_prefix, self.surname)


class RegistrationNameChange(Base):
    """One change of a registration's name, with the name before and after (internal)."""

    __tablename__ = "registration_name_change"
    __table_args__ = (
        CheckConstraint("kind != 'correction' OR reason IS NOT NULL", name="correction_reason"),
        CheckConstraint("kind != 'request' OR request_id IS NOT NULL", name="request_named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    kind: Mapped[NameChangeKind] = mapped_column(enum_column(NameChangeKind))
    old_given_names: Mapped[str] = mapped_column(String(120))
    old_surname_prefix: Mapped[str] = mapped_column(String(40))
    old_surname: Mapped[str] = mapped_column(String(120))
    new_given_names: Mapped[str] = mapped_column(String(120))
    new_surname_prefix: Mapped[str] = mapped_column(String(40))
    new_surname: Mapped[str] = mapped_column(String(120))
    #: a correction's reason (internal)
    reason: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("name_change_request.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="name_history")
    request: Mapped[NameChangeRequest | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    by: Mapped[User | None] = relationship()

    @property
    def old_name(self) -> PersonName:
        return PersonName(self.old_given_names, self.old_surname_prefix, self.old_surname)

    @property
    def new_name(self) -> PersonName:
        return PersonName(self.new_given_names, self.new_surname_prefix, self.new_surname)
