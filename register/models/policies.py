"""Every policy version the register has ever run under (beleidsversies), kept with its
content, so that a decision can be shown against the exact rules it was made under.

A row is written the first time a version of a policy file is loaded (see
``register.policy.history``) and never changed: the same file and version always have the
same content, and a file whose content changed while its ``version`` did not is refused.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class PolicyVersion(Base):
    """One version of one policy file: its content, the content's SHA-256, and when the
    register first loaded it (when it came into force)."""

    __tablename__ = "policy_version"
    __table_args__ = (UniqueConstraint("file", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the attribute name of the policy (``tiers``, ``transitional_route``, ...)
    policy: Mapped[str] = mapped_column(String(64), index=True)
    file: Mapped[str] = mapped_column(String(120))
    version: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    first_loaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
