"""The register's status lists for verifiable credentials (W3C Bitstring Status List).

One ``credential_status_list`` row per purpose (revocation, suspension) holds the bitstring
itself, so serving the list costs one row read and a signature. Each registration that has
been issued a credential holds one position per list (``credential_status_entry``), given
out once from ``next_position`` and never given out again: the unique index on
(list, position) makes the database refuse a reuse. A revocation position that was set is
retired, never cleared; the registration then holds a new one (see
``register.domain.credentials.needs_new_position``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.domain.credentials import StatusPurpose
from register.models.accounts import enum_column
from register.models.base import Base, utcnow


class CredentialStatusList(Base):
    """One status list: its purpose, its bits, and the next free position."""

    __tablename__ = "credential_status_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[StatusPurpose] = mapped_column(enum_column(StatusPurpose), unique=True)
    size: Mapped[int]
    next_position: Mapped[int] = mapped_column(default=0)
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: raised on every change: a concurrent change is refused, and it names the list's ETag
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CredentialStatusEntry(Base):
    """A position on a status list, assigned to one registration for good."""

    __tablename__ = "credential_status_entry"
    __table_args__ = (
        UniqueConstraint("list_id", "position"),
        # a registration holds one position per list at a time
        Index(
            "ux_credential_status_entry_current",
            "list_id",
            "registration_id",
            unique=True,
            sqlite_where=text("retired_at IS NULL"),
            postgresql_where=text("retired_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("credential_status_list.id"))
    position: Mapped[int]
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None]

    status_list: Mapped[CredentialStatusList] = relationship()
