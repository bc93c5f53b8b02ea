"""name search keys computed again: married names with an inner prefix, prefixes typed
together, NFKC

Revision ID: 0017_search_keys
Revises: 0014_evidence_deletion
Create Date: 2026-12-01 17:00:00

No column changes: the keys ``register.domain.names.search_keys`` stores with each
registration now read a compound surname's later part without its inner prefix ("berg" for
"Jansen-van der Berg"), keep the prefix and surname typed together ("vanderberg") for a
prefix given in its own field, and fold text in any Unicode compatibility form. This fills
them again for every registration, in batches of ids, writing only rows whose keys changed.
The downgrade leaves the keys as they are: the older search reads them, finding the same
people or more.
"""

import sqlalchemy as sa
from alembic import op

from register.domain.names import search_keys

# revision identifiers, used by Alembic.
revision = "0017_search_keys"
down_revision = "0014_evidence_deletion"
branch_labels = None
depends_on = None

BATCH = 5000
_KEYS = ("surname_key", "surname_alt_key", "given_key", "given_later_key", "prefix_key")
_NAMES = ("given_names", "surname_prefix", "surname")


def upgrade():
    bind = op.get_bind()
    table = sa.table("registration", sa.column("id"), *map(sa.column, _NAMES + _KEYS))
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({key: sa.bindparam(f"new_{key}") for key in _KEYS})
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(table).where(table.c.id > last).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        changed = []
        for row in rows:
            keys = search_keys(row.given_names, row.surname_prefix, row.surname)
            if any(getattr(row, key) != keys[key] for key in _KEYS):
                changed.append({"row_id": row.id, **{f"new_{k}": v for k, v in keys.items()}})
        if changed:
            bind.execute(update, changed)
        last = rows[-1].id


def downgrade():
    """The keys stay as they are (see above)."""
