"""The public lookup's queries: by number, by name, and many numbers at once.

Read-only, built for speed at a million registrations: numbers use the unique index, names
use prefix ranges on the folded key columns (``register.domain.names``), only public columns
are read, and lists are fetched in one query per page (or per chunk of numbers).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased

from register import readonly
from register.domain.lifecycle import RegistrationStatus
from register.domain.names import fold, parse_query
from register.domain.numbers import NumberProblem, parse_number
from register.lookup import name_search
from register.lookup.public import (
    DETAIL_COLUMNS,
    MEASURE_PUBLIC_COLUMNS,
    PUBLIC_COLUMNS,
    MeasureRow,
    PublicRegistration,
    Suspension,
)
from register.models.base import utcnow
from register.models.complaints import Measure
from register.models.registrations import Registration, RegistrationStatusChange
from register.policy import current_policies

MIN_NAME_LENGTH = 2
MAX_PER_PAGE = 100
_CHUNK = 500

# Built once: the hot lookups run these Core statements on the request's read connection,
# which skips the ORM's per-execute work (see docs/benchmarks.md).


def _measure_columns():
    """``MEASURE_PUBLIC_COLUMNS`` under names of their own, beside a registration's."""
    return (column.label(f"measure_{column.key}") for column in MEASURE_PUBLIC_COLUMNS)


_change = RegistrationStatusChange
#: the join of a registration to its measures that the public may see (public, not revoked)
_PUBLIC_MEASURE_OF_REGISTRATION = and_(
    Measure.registration_id == Registration.id,
    Measure.public.is_(True),
    Measure.revoked_on.is_(None),
)
_latest = aliased(RegistrationStatusChange)
#: the latest change to "suspended" of the registration: the public annotation's source
_LATEST_SUSPENSION = (
    select(func.max(_latest.id))
    .where(
        _latest.registration_id == Registration.id,
        _latest.to_status == RegistrationStatus.SUSPENDED,
    )
    .correlate(Registration)
    .scalar_subquery()
)
#: One registration by number in one statement (one round trip): its detail columns, the
#: suspension annotation when suspended, and one row per public, not revoked measure.
_BY_NUMBER = (
    select(
        *DETAIL_COLUMNS,
        _change.id.label("change_id"),
        _change.reason_category,
        _change.ends_on.label("change_ends_on"),
        *_measure_columns(),
    )
    .select_from(Registration)
    .outerjoin(
        _change,
        and_(
            Registration.status == RegistrationStatus.SUSPENDED,
            _change.id == _LATEST_SUSPENSION,
        ),
    )
    .outerjoin(Measure, _PUBLIC_MEASURE_OF_REGISTRATION)
    .where(Registration.number == bindparam("number"))
    .order_by(Measure.id)
)
_CHANGE_AT = len(DETAIL_COLUMNS)
_MEASURE_AT = _CHANGE_AT + 3
_NUMBERS_CHUNK = 1000


#: many registrations by number, each with its public, not revoked measures (a row per
#: measure): the bulk check reads one such statement per chunk of numbers
def _list_with_measures(where):
    """Registrations (their public list columns) with their public, not revoked measures,
    a row per measure, for ``where``."""
    return (
        select(*PUBLIC_COLUMNS, *_measure_columns())
        .select_from(Registration)
        .outerjoin(Measure, _PUBLIC_MEASURE_OF_REGISTRATION)
        .where(where)
    )


_BY_NUMBERS_WITH_MEASURES = _list_with_measures(
    Registration.number.in_(bindparam("numbers", expanding=True))
)
_LIST_MEASURE_AT = len(PUBLIC_COLUMNS)
#: a page of a name search: its registrations by id, each with its measures
_BY_IDS = _list_with_measures(Registration.id.in_(bindparam("ids", expanding=True)))
_MEASURES = (
    select(*MEASURE_PUBLIC_COLUMNS)
    .where(
        Measure.registration_id.in_(bindparam("ids", expanding=True)),
        Measure.public.is_(True),
        Measure.revoked_on.is_(None),
    )
    .order_by(Measure.id)
)


class SearchProblem(enum.StrEnum):
    """Why a search could not be run; number problems come from ``NumberProblem``."""

    TOO_SHORT = "too_short"


@dataclass(frozen=True)
class SearchPage:
    """One page of search results, or the reason there are none."""

    kind: str  # "name" or "number"
    items: list[PublicRegistration] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    problem: NumberProblem | SearchProblem | None = None
    #: True when ``total`` is a floor: more than that many match (counting stops there).
    total_capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class Outcome(enum.StrEnum):
    """The result of verifying one typed number."""

    FOUND = "found"
    UNKNOWN = "unknown"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Verification:
    """One verified number: what was typed, what it means, and the registration if found."""

    input: str
    outcome: Outcome
    number: str | None = None
    problem: NumberProblem | None = None
    registration: PublicRegistration | None = None


#: the hot statements compiled once per database dialect (engine)
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _run(connection, statement, params: dict):
    """Execute one of the prebuilt statements from its compiled form: SQLAlchemy would
    otherwise walk the statement on every call to find it in its cache (half of a lookup's
    database time); the result's types are processed as usual."""
    by_statement = _COMPILED.get(connection.dialect)
    if by_statement is None:
        by_statement = _COMPILED[connection.dialect] = {}
    compiled = by_statement.get(id(statement))
    if compiled is None:
        compiled = by_statement[id(statement)] = statement.compile(dialect=connection.dialect)
    return connection.execute(compiled, params)


def checked_at() -> dt.datetime:
    """The moment an answer was checked, to the second, in UTC: when it was read from a
    replica, how far the replica had replayed the primary (register.readonly)."""
    replayed = readonly.replica_checked_at()
    if replayed is not None:
        return replayed.astimezone(dt.UTC).replace(microsecond=0)
    return utcnow().replace(microsecond=0)


def today() -> dt.date:
    """Today in the register's time zone: the day against which validity is judged."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))
    return utcnow().astimezone(zone).date()


def looks_like_number(query: str) -> bool:
    """A query with a digit in it is a registration number, not a name."""
    return any(ch.isdigit() for ch in query or "")


def get_registration(number: str) -> PublicRegistration | None:
    """The public registration with canonical ``number``, with its suspension annotation
    and its public measures: one statement (``_BY_NUMBER``)."""
    rows = _run(readonly.connection(), _BY_NUMBER, {"number": number}).all()
    if not rows:
        return None
    first = rows[0]
    suspension = None
    if first.status == RegistrationStatus.SUSPENDED:
        change_id, category, ends_on = first[_CHANGE_AT:_MEASURE_AT]
        suspension = (
            Suspension(category, ends_on) if change_id is not None else Suspension(None, None)
        )
    measures = tuple(
        MeasureRow.from_row(row[_MEASURE_AT:]) for row in rows if row[_MEASURE_AT] is not None
    )
    reg = PublicRegistration.from_row(first, suspension, detail=True)
    return replace(reg, measures=measures) if measures else reg


def with_measures(registrations: Sequence[PublicRegistration]) -> list[PublicRegistration]:
    """The same registrations, each with its public, not revoked measures (read through
    ``MEASURE_PUBLIC_COLUMNS`` only, in one query per chunk), for ``public_view``."""
    found: dict[int, list[MeasureRow]] = {}
    ids = sorted({reg.id for reg in registrations})
    for start in range(0, len(ids), _CHUNK):
        for row in _run(readonly.connection(), _MEASURES, {"ids": ids[start : start + _CHUNK]}):
            found.setdefault(row.registration_id, []).append(MeasureRow.from_row(row))
    return [
        replace(reg, measures=tuple(found[reg.id])) if reg.id in found else reg
        for reg in registrations
    ]


def with_suspensions(registrations: Sequence[PublicRegistration]) -> list[PublicRegistration]:
    """The same registrations, each suspended one with its public suspension annotation (as
    ``get_registration`` gives it), read in one query for the lot: for answers that show
    whole registrations in a list (the FHIR search)."""
    suspended = {reg.id for reg in registrations if reg.status is RegistrationStatus.SUSPENDED}
    if not suspended:
        return list(registrations)
    change = RegistrationStatusChange
    latest = (
        select(func.max(change.id))
        .where(
            change.registration_id.in_(suspended),
            change.to_status == RegistrationStatus.SUSPENDED,
        )
        .group_by(change.registration_id)
    )
    rows = readonly.connection().execute(
        select(change.registration_id, change.reason_category, change.ends_on).where(
            change.id.in_(latest)
        )
    )
    found = {row.registration_id: Suspension(row.reason_category, row.ends_on) for row in rows}
    return [
        replace(reg, suspension=found.get(reg.id, Suspension(None, None)))
        if reg.id in suspended
        else reg
        for reg in registrations
    ]


def search_registrations(
    query: str,
    tier: int | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Search by registration number (exact, forgiving of typing) or by name (Dutch-aware),
    filtered by tier and status, ordered by relevance then surname, one page at a time.
    A name's total is counted up to ``name_search.TOTAL_CAP`` (``total_capped`` beyond)."""
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    query = (query or "").strip()
    filters = []
    if tier is not None:
        filters.append(Registration.tier == tier)
    if status:
        filters.append(Registration.status == RegistrationStatus(status))
    if looks_like_number(query):
        return _search_number(query, filters, page, per_page)
    if len(fold(query).replace(" ", "")) < MIN_NAME_LENGTH:
        return SearchPage("name", page=page, per_page=per_page, problem=SearchProblem.TOO_SHORT)
    return _search_names(parse_query(query), tier, status, page, per_page)


def _search_number(query: str, filters: list, page: int, per_page: int) -> SearchPage:
    parsed = parse_number(current_policies().registration.number, query)
    if not parsed.ok:
        return SearchPage("number", page=page, per_page=per_page, problem=parsed.problem)
    row = (
        readonly.connection()
        .execute(select(*PUBLIC_COLUMNS).where(Registration.number == parsed.canonical, *filters))
        .one_or_none()
    )
    items = [PublicRegistration.from_row(row)] if row is not None and page == 1 else []
    items = with_measures(items)
    return SearchPage("number", items, 1 if row is not None else 0, page, per_page)


def _search_names(parsed, tier, status, page: int, per_page: int) -> SearchPage:
    if parsed.empty:
        return SearchPage("name", page=page, per_page=per_page)
    status = RegistrationStatus(status) if status else None
    connection = readonly.connection()
    hits = name_search.find(connection, parsed, tier, status, (page - 1) * per_page, per_page)
    rows = _run(connection, _BY_IDS, {"ids": hits.ids}) if hits.ids else ()
    found = {reg.id: reg for reg in _with_their_measures(rows)}
    items = [found[i] for i in hits.ids if i in found]
    return SearchPage("name", items, hits.total, page, per_page, total_capped=hits.capped)


def _with_their_measures(rows) -> list[PublicRegistration]:
    """Registrations from rows of ``PUBLIC_COLUMNS`` each followed by a measure's columns
    (a row per public measure, or one row without), in the order of the rows, each with its
    measures in the order of their ids (as ``with_measures`` reads them)."""
    first: dict[int, object] = {}
    measures: dict[int, list] = {}
    for row in rows:
        first.setdefault(row[0], row)
        if row[_LIST_MEASURE_AT] is not None:
            measures.setdefault(row[0], []).append(row[_LIST_MEASURE_AT:])
    found = []
    for registration_id, row in first.items():
        reg = PublicRegistration.from_row(row)
        if registration_id in measures:
            ordered = sorted(measures[registration_id], key=lambda values: values[0])
            reg = replace(reg, measures=tuple(MeasureRow.from_row(m) for m in ordered))
        found.append(reg)
    return found


def verify_numbers(inputs: Sequence) -> list[Verification]:
    """Verify many typed numbers at once: one result per input, in order, each found,
    unknown or malformed. Duplicates are looked up once; the database is read in chunks,
    one statement per chunk (the registrations with their public measures)."""
    fmt = current_policies().registration.number
    parsed = []
    for value in inputs:
        text = value if isinstance(value, str) else ""
        parsed.append((text, parse_number(fmt, text) if isinstance(value, str) else None))
    wanted = sorted({p.canonical for _, p in parsed if p is not None and p.ok})
    found: dict[str, PublicRegistration] = {}
    connection = readonly.connection() if wanted else None
    for start in range(0, len(wanted), _NUMBERS_CHUNK):
        chunk = wanted[start : start + _NUMBERS_CHUNK]
        rows = _run(connection, _BY_NUMBERS_WITH_MEASURES, {"numbers": chunk})
        found.update((reg.number, reg) for reg in _with_their_measures(rows))
    results = []
    for text, result in parsed:
        if result is None or not result.ok:
            problem = result.problem if result is not None else NumberProblem.MALFORMED
            results.append(Verification(text, Outcome.MALFORMED, problem=problem))
        elif result.canonical in found:
            results.append(
                Verification(
                    text, Outcome.FOUND, result.canonical, registration=found[result.canonical]
                )
            )
        else:
            results.append(Verification(text, Outcome.UNKNOWN, result.canonical))
    return results
