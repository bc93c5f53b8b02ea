"""The declarative base every model shares, with a naming convention so that Alembic
constraint names are stable across SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    SQLite forgets the zone; this type stores naive UTC and hands back aware UTC values,
    so comparisons never mix naive and aware datetimes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    """The current moment, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dt.datetime: UTCDateTime()},
    )


def final_once_written(model, error: type[Exception], changed: str, removed: str) -> None:
    """Make rows of ``model`` final in the ORM: a change or a removal raises ``error``
    (stored decisions, audit events, identity checks)."""

    def _refuse_update(mapper, connection, target):
        raise error(changed)

    def _refuse_delete(mapper, connection, target):
        raise error(removed)

    event.listen(model, "before_update", _refuse_update)
    event.listen(model, "before_delete", _refuse_delete)
