"""A person's data export (GDPR art. 15 and 20): every row that refers to them, found by
walking the models' foreign keys as ``rules.EXPORT_RULES`` says, written as one ZIP with
``data.json`` (machine-readable), ``data.html`` (readable, no scripts) and the files they
uploaded. Built in a temporary file, never held whole in memory."""

from __future__ import annotations

import datetime as dt
import enum
import json
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import Table, and_, or_, select

from register.data_rights.rules import EXPORT_RULES, Excluded, Included
from register.extensions import db
from register.models.base import Base
from register.models.files import StoredFile
from register.uploads import upload_dir

FORMAT_VERSION = 1


def reached_tables(metadata=Base.metadata) -> dict[str, Table]:
    """Every table with a foreign key to ``user``, directly or through its parents."""
    reached = {"user": metadata.tables["user"]}
    grew = True
    while grew:
        grew = False
        for table in metadata.sorted_tables:
            if table.name not in reached and any(
                fk.column.table.name in reached for fk in table.foreign_keys
            ):
                reached[table.name] = table
                grew = True
    return reached


def unclassified(metadata=None, rules=None) -> list[str]:
    """What the rules fail to classify: reached tables without a rule, foreign keys of an
    included table to a reached table that the rule does not name, and names in a rule
    that the table does not have. Empty when the export can run."""
    metadata = Base.metadata if metadata is None else metadata
    rules = EXPORT_RULES if rules is None else rules
    problems = []
    reached = reached_tables(metadata)
    for name, table in reached.items():
        rule = rules.get(name)
        if rule is None:
            problems.append(f"{name}: table not classified in EXPORT_RULES")
            continue
        if isinstance(rule, Excluded):
            continue
        columns = set(table.columns.keys())
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target in reached and fk.parent.name not in rule.classified():
                problems.append(f"{name}.{fk.parent.name}: foreign key to {target} not classified")
        if rule.subject:
            columns_needed = {"subject_type", "subject_id"}
            if not columns_needed <= columns:
                problems.append(f"{name}: subject rule without subject_type and subject_id")
        for column in rule.classified() | set(rule.omit):
            if column not in columns:
                problems.append(f"{name}.{column}: no such column")
    for name in rules:
        if name not in reached:
            problems.append(f"{name}: classified but not reached by the walk")
    return problems


class UnclassifiedTables(Exception):
    """The export rules do not cover the schema: no export is made."""


def collect(user_id: int) -> dict[str, list[dict]]:
    """Every exported row of ``user_id``: table name → rows (columns left out as the rules
    say), found by walking the foreign keys until nothing new is found."""
    problems = unclassified()
    if problems:
        raise UnclassifiedTables("; ".join(problems))
    tables = reached_tables()
    included = {name: rule for name, rule in EXPORT_RULES.items() if isinstance(rule, Included)}
    ids: dict[str, set[int]] = {name: set() for name in included}
    rows: dict[str, dict[int, dict]] = {name: {} for name in included}
    grew = True
    while grew:
        grew = False
        for name, rule in included.items():
            table = tables[name]
            conditions = [table.c[column] == user_id for column in rule.by]
            for column in rule.via:
                target = next(iter(table.c[column].foreign_keys)).column.table.name
                if ids.get(target):
                    conditions.append(table.c[column].in_(sorted(ids[target])))
            if rule.subject:
                for model, target in _model_tables().items():
                    if ids.get(target):
                        conditions.append(
                            and_(
                                table.c.subject_type == model,
                                table.c.subject_id.in_(sorted(ids[target])),
                            )
                        )
            if not conditions:
                continue
            known = ids[name]
            statement = select(table).where(or_(*conditions))
            if known:
                statement = statement.where(table.c.id.not_in(sorted(known)))
            for row in db.session.execute(statement).mappings():
                known.add(row["id"])
                rows[name][row["id"]] = {
                    key: _plain(value) for key, value in row.items() if key not in rule.left_out
                }
                grew = True
    return {name: [found[key] for key in sorted(found)] for name, found in rows.items() if found}


def _model_tables() -> dict[str, str]:
    """Model class name (as stored in ``subject_type``) → its table name."""
    return {mapper.class_.__name__: mapper.local_table.name for mapper in Base.registry.mappers}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (dict, list)):
        return value
    return str(value)


@dataclass(frozen=True)
class Export:
    """A finished export in a temporary file: read it with ``open``; ``size`` in bytes."""

    file: IO[bytes]
    size: int
    rows: int
    files: int


def build(user, generated_at: dt.datetime) -> Export:
    """The ZIP of ``user``'s data. ``data.json`` and ``data.html`` hold the same rows; the
    person's own uploads go under ``files/``."""
    data = collect(user.id)
    stored = (
        db.session.scalars(
            select(StoredFile).where(
                StoredFile.id.in_([row["id"] for row in data.get("stored_file", [])])
            )
        ).all()
        if data.get("stored_file")
        else []
    )
    document = {
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(),
        "person": {"id": user.id, "email": user.email},
        "tables": data,
        "files": [
            {
                "stored_file_id": f.id,
                "name": f.original_name,
                "sha256": f.sha256,
                # None: the file is no longer stored (deleted under the retention policy)
                "path": _archive_name(f) if (upload_dir() / f.storage_name).is_file() else None,
            }
            for f in stored
        ],
    }
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, closed with it
    try:
        _write(out, user, document, generated_at, data, stored)
    except BaseException:
        out.close()
        raise
    size = out.tell()
    out.seek(0)
    files = sum(1 for entry in document["files"] if entry["path"])
    return Export(out, size, sum(len(r) for r in data.values()), files)


def _write(out, user, document, generated_at, data, stored) -> None:
    folder = upload_dir()
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]),
    ):
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr(
            "data.html",
            render_template(
                "data_rights/export.html",
                document=document,
                generated_at=generated_at,
                tables=data,
                rules=EXPORT_RULES,
            ),
        )
        for f, entry in zip(stored, document["files"], strict=True):
            if entry["path"]:
                archive.write(folder / f.storage_name, entry["path"])


def _archive_name(stored: StoredFile) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in stored.original_name)
    return f"files/{stored.id}-{safe}"
