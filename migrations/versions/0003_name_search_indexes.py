"""name search indexes in the order of each relevance class, covering the id; later given
names as a key of their own

Revision ID: 0003_name_search_indexes
Revises: 0002_assessment_lifecycle
Create Date: 2026-12-01 10:00:00

Name search now reads each relevance class as one range of an index in that index's own
order, with a limit, so a common surname costs no more than a rare one. The two indexes hold
every column the classes filter and order on, and (on PostgreSQL, with INCLUDE) the id, so
both databases answer from the index alone. ``given_later_key`` (the folded given names
after the first, filled here from ``given_key``) makes a search by a second given name a
range too. Self-contained: it touches only the registration table's search columns.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_name_search_indexes"
down_revision = "0002_assessment_lifecycle"
branch_labels = None
depends_on = None

_COLUMNS = ["given_key", "prefix_key", "number", "tier", "status"]
_ALT_WHERE = sa.text("surname_alt_key IS NOT NULL")


_KEY = sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql")
_LATER_WHERE = sa.text("given_later_key IS NOT NULL")


def upgrade():
    op.add_column("registration", sa.Column("given_later_key", _KEY, nullable=True))
    position = "strpos" if op.get_bind().dialect.name == "postgresql" else "instr"
    op.execute(
        f"UPDATE registration SET given_later_key = "
        f"substr(given_key, {position}(given_key, ' ') + 1) "
        f"WHERE {position}(given_key, ' ') > 0"
    )
    op.drop_index("ix_registration_name_search", table_name="registration")
    op.drop_index("ix_registration_surname_alt_key", table_name="registration")
    op.create_index(
        "ix_registration_name_search",
        "registration",
        ["surname_key", *_COLUMNS, "surname_alt_key"],
        postgresql_include=["id"],
    )
    op.create_index(
        "ix_registration_name_search_alt",
        "registration",
        ["surname_alt_key", *_COLUMNS, "surname_key"],
        sqlite_where=_ALT_WHERE,
        postgresql_where=_ALT_WHERE,
        postgresql_include=["id"],
    )
    op.create_index(
        "ix_registration_name_search_later",
        "registration",
        [
            "surname_key",
            "given_later_key",
            "prefix_key",
            "number",
            "tier",
            "status",
            "surname_alt_key",
            "given_key",
        ],
        sqlite_where=_LATER_WHERE,
        postgresql_where=_LATER_WHERE,
        postgresql_include=["id"],
    )


def downgrade():
    op.drop_index("ix_registration_name_search_later", table_name="registration")
    op.drop_column("registration", "given_later_key")
    op.drop_index("ix_registration_name_search_alt", table_name="registration")
    op.drop_index("ix_registration_name_search", table_name="registration")
    op.create_index(
        "ix_registration_name_search",
        "registration",
        ["surname_key", "given_key", "prefix_key", "surname_alt_key", "number", "tier", "status"],
    )
    op.create_index(
        "ix_registration_surname_alt_key",
        "registration",
        ["surname_alt_key"],
        sqlite_where=_ALT_WHERE,
        postgresql_where=_ALT_WHERE,
    )
