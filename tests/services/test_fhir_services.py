"""What the FHIR endpoint reads: whole public registrations (with their suspension) for a
list, and the training providers with a programme accredited today."""

import datetime as dt
from dataclasses import replace

from sqlalchemy import event

from register.api.programmes import accredited_providers
from register.domain.lifecycle import RegistrationStatus
from register.domain.numbers import format_number
from register.fhir import services
from register.lookup import services as lookup
from register.models.programmes import (
    Accreditation,
    AccreditationStatus,
    Programme,
    TrainingProvider,
)
from tests.lookup_support import add_registration, suspend

TODAY = dt.date.today()


def _statements(db):
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    return seen, lambda: event.remove(engine, "before_cursor_execute", record)


def test_with_suspensions_reads_the_latest_suspension_of_each_in_one_query(db, policies):
    first = add_registration(policies, given="Anna", surname="Visser")
    second = add_registration(policies, given="Bram", surname="Visser")
    plain = add_registration(policies, given="Cees", surname="Visser")
    suspend(policies, first, "oud", "administrative", ends_on=TODAY + dt.timedelta(days=1))
    first.status = RegistrationStatus.ACTIVE
    db.session.commit()
    suspend(policies, first, "nieuw", "investigation", ends_on=TODAY + dt.timedelta(days=9))
    suspend(policies, second, "intern", "own_request")
    regs = [lookup.get_registration(r.number) for r in (first, second, plain)]
    bare = [replace(r, suspension=None) for r in regs]
    seen, stop = _statements(db)
    try:
        annotated = lookup.with_suspensions(bare)
    finally:
        stop()
    assert len(seen) == 1
    assert annotated == regs  # the same annotation get_registration gives
    assert annotated[0].suspension.reason_category == "investigation"
    assert annotated[0].suspension.ends_on == TODAY + dt.timedelta(days=9)
    assert annotated[1].suspension.ends_on is None and annotated[2].suspension is None


def test_with_suspensions_reads_nothing_when_none_is_suspended(db, policies):
    reg = lookup.get_registration(add_registration(policies).number)
    seen, stop = _statements(db)
    try:
        assert lookup.with_suspensions([reg]) == [reg]
    finally:
        stop()
    assert seen == []


def test_registrations_come_in_the_order_asked_each_once(db, policies):
    a = add_registration(policies, given="Anna", surname="Smit")
    b = add_registration(policies, given="Bram", surname="Smit")
    suspend(policies, b, "intern", "investigation")
    unknown = format_number(policies.registration.number, 4242)
    found = services.registrations([b.number, unknown, a.number, b.number])
    assert [r.number for r in found] == [b.number, a.number]
    assert found[0].suspension is not None and found[0].surname == "Smit"


def test_search_by_name_gives_whole_registrations(db, policies):
    reg = add_registration(policies, given="Jan", prefix="van der", surname="Berg")
    suspend(policies, reg, "intern", "investigation", ends_on=TODAY)
    result = services.search_by_name("van der berg", 1, 20)
    (found,) = result.items
    assert (found.given_names, found.surname_prefix, found.surname) == ("Jan", "van der", "Berg")
    assert found.suspension.ends_on == TODAY


def _accredit(db, provider, status, start, end):
    programme = Programme(name="P", nlqf_level=4, provider=provider)
    db.session.add(
        Accreditation(
            programme=programme,
            status=status,
            valid_from=start,
            valid_until=end,
            policy_version="t",
        )
    )


def test_providers_are_those_with_a_programme_accredited_today(db):
    year = dt.timedelta(days=365)
    both = TrainingProvider(name="B Academie")
    conditional = TrainingProvider(name="A School")
    expired = TrainingProvider(name="C Oud")
    withdrawn = TrainingProvider(name="D Ingetrokken")
    future = TrainingProvider(name="E Straks")
    _accredit(db, both, AccreditationStatus.ACTIVE, TODAY - year, TODAY + year)
    _accredit(db, both, AccreditationStatus.ACTIVE, TODAY - year, TODAY + year)
    _accredit(db, conditional, AccreditationStatus.CONDITIONAL, TODAY - year, TODAY + year)
    _accredit(db, expired, AccreditationStatus.ACTIVE, TODAY - 3 * year, TODAY - year)
    _accredit(db, withdrawn, AccreditationStatus.WITHDRAWN, TODAY - year, TODAY + year)
    _accredit(db, future, AccreditationStatus.ACTIVE, TODAY + year, TODAY + 2 * year)
    db.session.add(TrainingProvider(name="F Zonder opleiding"))
    db.session.commit()
    assert accredited_providers(TODAY) == [(conditional.id, "A School"), (both.id, "B Academie")]
    assert services.providers(TODAY) == accredited_providers(TODAY)
    assert [name for _, name in accredited_providers(TODAY + 2 * year)] == ["E Straks"]
