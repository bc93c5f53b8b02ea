"""Uploaded evidence files: stored outside any static folder under a random name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from register.models.base import Base, utcnow


class StoredFile(Base):
    """One uploaded file: where it is, what it is (by content), and its SHA-256."""

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))  # the OOXML types are long
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
