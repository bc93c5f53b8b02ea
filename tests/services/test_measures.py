"""Measures and cases in the services: every suspension and strike-off is a measure row
that outlives the status, ends on reinstatement or at its planned end, is revoked by an
upheld objection, and is shown publicly within the policy's publication period; a decision
the policy marks grave needs a second registrar; the complainant is told per policy."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from register.complaints import services as cases
from register.domain.measures import CaseOutcome, CaseState, MeasureKind
from register.errors import NotAllowedNow
from register.lookup import services as lookup
from register.lookup.public import public_view
from register.models.accounts import Role
from register.models.complaints import Measure
from register.registrations import services as registrations
from register.registrations.measures import revoke_measures
from tests.change_support import register_person
from tests.complaint_support import investigated_case
from tests.four_eyes_support import second_registrar

TODAY = dt.date.today()


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def registration(db, make_user, registrar):
    return register_person(make_user, registrar, given_names="Mees", surname="Maatregel")


def _suspend(registration, registrar, **kw):
    return registrations.suspend_registration(
        registration,
        registrar,
        reason="internal",
        category=kw.pop("category", "disciplinary"),
        ends_on=kw.pop("ends_on", None),
        today=TODAY,
        confirmed_by=second_registrar(),
        **kw,
    )


def _measures(db):
    return db.session.scalars(select(Measure).order_by(Measure.id)).all()


def _view(registration, policies, today):
    return public_view(lookup.get_registration(registration.number), policies, today)


def test_a_suspension_is_a_measure_that_ends_on_reinstatement_and_stays_in_the_history(
    db, registration, registrar, policies
):
    _suspend(registration, registrar)
    (measure,) = _measures(db)
    assert (measure.kind, measure.public, measure.internal_reason) == (
        MeasureKind.SUSPENSION,
        True,
        "internal",
    )
    view = _view(registration, policies, TODAY)
    assert not view.registered_now and view.current_measures[0].kind is MeasureKind.SUSPENSION
    registrations.reinstate_registration(registration, registrar, note="lifted")
    db.session.flush()
    assert measure.ended_on == TODAY
    months = policies.measures.kinds[MeasureKind.SUSPENSION].publication_months
    later = TODAY + dt.timedelta(days=1)
    view = _view(registration, policies, later)
    assert view.registered_now and not view.current_measures
    assert [m.kind for m in view.past_measures] == [MeasureKind.SUSPENSION]
    gone = TODAY + dt.timedelta(days=31 * months + 1)
    assert _view(registration, policies, gone).past_measures == ()


def test_a_planned_end_is_reached_by_the_daily_job(db, registration, registrar):
    _suspend(registration, registrar, ends_on=TODAY + dt.timedelta(days=10))
    registrations.end_finished_suspensions(TODAY + dt.timedelta(days=11))
    (measure,) = _measures(db)
    assert measure.ended_on == TODAY + dt.timedelta(days=11)


def test_a_new_suspension_replaces_the_one_in_force(db, registration, registrar):
    _suspend(registration, registrar, category="investigation")
    _suspend(registration, registrar, category="disciplinary")
    first, second = _measures(db)
    assert first.ended_on == TODAY and second.ended_on is None


def test_a_strike_off_has_its_re_entry_date_and_ends_a_suspension(
    db, registration, registrar, policies
):
    _suspend(registration, registrar)
    registrations.strike_off_registration(
        registration, registrar, reason="internal", confirmed_by=second_registrar()
    )
    suspension, strike = _measures(db)
    assert suspension.ended_on == TODAY
    assert strike.re_entry_not_before == TODAY.replace(year=TODAY.year + 5) or (
        TODAY.month == 2 and TODAY.day == 29
    )
    view = _view(registration, policies, TODAY)
    assert view.valid_until is None and view.not_registered_since == TODAY
    assert view.re_entry_not_before == strike.re_entry_not_before
    unpublished = dataclasses.replace(
        policies, measures=policies.measures.model_copy(update={"publish_re_entry": False})
    )
    assert _view(registration, unpublished, TODAY).re_entry_not_before is None


def test_a_revoked_measure_is_no_longer_public(db, registration, registrar, policies):
    change = _suspend(registration, registrar)
    (measure,) = _measures(db)
    revoke_measures(measure.decision_id, TODAY)
    assert measure.revoked_on == TODAY
    assert change is not None
    view = _view(registration, policies, TODAY)
    assert view.current_measures == () and view.past_measures == ()


def test_a_decision_the_policy_marks_grave_needs_a_second_registrar(
    app, db, registration, registrar, policies, monkeypatch
):
    kinds = dict(policies.measures.kinds)
    kinds[MeasureKind.WARNING] = kinds[MeasureKind.WARNING].model_copy(update={"grave": True})
    grave = dataclasses.replace(
        policies, measures=policies.measures.model_copy(update={"kinds": kinds})
    )
    monkeypatch.setitem(app.extensions, "policies", grave)
    case = investigated_case(registration, registrar)
    decide = {"grounds": "g", "public_text": None, "ends_on": None, "today": TODAY}
    with pytest.raises(NotAllowedNow):
        cases.decide(case, registrar, CaseOutcome.WARNING, **decide)
    cases.decide(case, registrar, CaseOutcome.WARNING, confirmed_by=second_registrar(), **decide)
    assert case.state is CaseState.DECIDED


def test_the_complainant_is_told_only_what_the_policy_allows(db, registration, registrar, outbox):
    case = investigated_case(registration, registrar)
    cases.decide(
        case,
        registrar,
        CaseOutcome.WARNING,
        grounds="A private warning.",
        public_text=None,
        ends_on=None,
        today=TODAY,
    )
    db.session.commit()
    told = [m for m in outbox if m["to"] == "klager@example.nl"][-1]
    assert "do not allow us to tell you more" in told["body"]
    assert "warning" not in told["body"].lower()
    assert case.complainant_informed_at is not None


def test_a_deciding_measure_for_a_case_not_under_investigation_is_refused(
    db, registration, registrar
):
    case = investigated_case(registration, registrar)
    cases.decide(
        case,
        registrar,
        CaseOutcome.NO_MEASURE,
        grounds="Nothing found.",
        public_text=None,
        ends_on=None,
        today=TODAY,
    )
    with pytest.raises(NotAllowedNow):
        _suspend(registration, registrar, case_id=case.id, decides_case=True)


def test_the_demo_cases_are_made_once_and_their_registrants_listed_among_the_logins(db):
    """``demo-data`` prints the complaint cases' registrants (the README names them), and a
    second run makes nothing new."""
    from register.demo import complaints as demo
    from register.models.complaints import ComplaintCase

    logins = demo.seed()
    made = db.session.scalars(select(ComplaintCase.id)).all()
    assert ("complaint: interim, asked", "registrant21@demo.register.nl") in logins
    assert len(logins) == len(demo.DEMO_CASES) and all(len(label) <= 28 for label, _ in logins)
    assert demo.seed() == logins
    assert db.session.scalars(select(ComplaintCase.id)).all() == made
