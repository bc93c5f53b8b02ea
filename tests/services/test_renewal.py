"""The renewal cycle's services and the daily job: the log, confirmations, renewing with the
draw, the decision (same number, a new period), restoring, reminders that go once and catch
up, grace and lapse."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.demo.renewal import FixedDraw as _Draw
from register.domain.dates import add_years
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import RegistrationStatus
from register.domain.renewal import ConfirmationState, RenewalKind, RenewalState
from register.errors import ActionRefused, NotAllowedNow
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.decisions import Decision
from register.models.periods import PeriodKind
from register.models.renewal import RenewalReminder
from register.policy import current_policies
from register.renewal import jobs, log_services, services
from register.review import services as review
from tests.identity_support import confirmed_identity
from tests.renewal_support import log_development_minimums

#: the end date of the registrations below: their renewal window is open today (the request's
#: date is the day it was made)
END = dt.date.today() + dt.timedelta(days=60)


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def make_registration(db, make_user, registrar):
    """A tier-2 registration whose period ends on ``end``."""
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2035, 1, 1)
    )

    def make(end: dt.date = END, email: str | None = None):
        user = make_user(email=email, locale="en")
        approved_on = add_years(end, -current_policies().registration.validity_years)
        application = submitted_diploma_application(
            user, programme, tier=2, diploma_date=dt.date(2020, 1, 1), write_file=False
        )
        review.start_review(application, registrar, expected_version=None)
        confirmed_identity(application, registrar)
        registration = review.approve_application(
            application, registrar, reason=None, today=approved_on, expected_version=None
        )
        db.session.flush()
        assert registration.valid_until == end
        return registration

    return make


def _complete_log(registration, on: dt.date):
    """Practice confirmed by the employer and every development minimum, supervision
    confirmed by the supervisor."""
    practice = log_services.add_practice(
        registration,
        registration.user,
        organisation="GGZ Test",
        role="Ervaringsdeskundige",
        start=registration.valid_from,
        end=None,
        hours_per_week=16,
        confirmer_name="Marieke de Wit",
        confirmer_email="werkgever@ggz-test.nl",
        today=on,
    )
    log_services.answer_confirmation(
        practice.confirmation, True, start=registration.valid_from, hours_per_week=16, today=on
    )
    log_development_minimums(registration, day=on - dt.timedelta(days=30), today=on)
    return practice


def test_a_confirmer_who_is_the_registrant_is_refused(db, make_registration):
    registration = make_registration()
    with pytest.raises(ActionRefused):
        log_services.add_practice(
            registration,
            registration.user,
            organisation="Eigen bedrijf",
            role="",
            start=registration.valid_from,
            end=None,
            hours_per_week=10,
            confirmer_name="Ikzelf",
            confirmer_email=registration.user.email,
            today=END - dt.timedelta(days=30),
        )


def test_what_the_confirmer_confirms_is_what_counts(db, make_registration, outbox):
    registration = make_registration()
    on = dt.date.today()
    entry = log_services.add_practice(
        registration,
        registration.user,
        organisation="GGZ Test",
        role="",
        start=registration.valid_from,
        end=None,
        hours_per_week=30,
        confirmer_name="Marieke de Wit",
        confirmer_email="werkgever@ggz-test.nl",
        today=on,
    )
    db.session.commit()
    assert any(m["to"] == "werkgever@ggz-test.nl" for m in outbox)
    log_services.answer_confirmation(
        entry.confirmation, True, start=registration.valid_from, hours_per_week=12, today=on
    )
    assert entry.confirmation.state is ConfirmationState.CONFIRMED
    assert entry.confirmation.confirmed_hours_per_week == 12
    with pytest.raises(NotAllowedNow):
        log_services.answer_confirmation(entry.confirmation, False, today=on)


def test_renewal_keeps_the_number_and_adds_a_period_from_the_old_end(
    db, make_registration, registrar, outbox
):
    registration = make_registration()
    number = registration.number
    on = dt.date.today()
    _complete_log(registration, on)
    with pytest.raises(ActionRefused):  # the declaration is required
        services.submit_request(
            registration, registration.user, declared=False, note=None, today=on
        )
    request = services.submit_request(
        registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.5)
    )
    assert request.kind is RenewalKind.RENEWAL
    assert request.state is RenewalState.SUBMITTED  # not drawn, no automatic approval
    assert request.draw == {
        "share": 0.1,
        "value": 0.5,
        "drawn": False,
        "method": "seeded",
        "at": request.draw["at"],
    }
    with pytest.raises(NotAllowedNow):  # one request at a time
        services.submit_request(registration, registration.user, declared=True, note=None, today=on)
    services.decide_request(
        request, registrar, approve=True, grounds=None, today=on + dt.timedelta(days=5)
    )
    assert request.state is RenewalState.APPROVED
    assert registration.number == number
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.valid_until == add_years(END + dt.timedelta(days=1), 5) - dt.timedelta(1)
    assert [p.kind for p in registration.periods] == [PeriodKind.ADMISSION, PeriodKind.RENEWAL]
    assert registration.periods[-1].valid_from == END + dt.timedelta(days=1)
    # the old period runs on until its end: the start date moves when the new one begins
    assert registration.valid_from < END
    assert jobs.begin_renewed_periods(END) == 0
    assert jobs.begin_renewed_periods(END + dt.timedelta(days=1)) == 1
    assert registration.valid_from == END + dt.timedelta(days=1)
    assert jobs.begin_renewed_periods(END + dt.timedelta(days=2)) == 0
    decision = db.session.get(Decision, request.decision_id)
    assert decision.kind is DecisionKind.RENEWAL
    assert decision.outcome == "approved"
    assert registration.periods[-1].decision_id == decision.id


def test_a_drawn_request_asks_for_proof_and_the_draw_is_audited(db, make_registration):
    registration = make_registration()
    on = dt.date.today()
    _complete_log(registration, on)
    request = services.submit_request(
        registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.05)
    )
    assert request.drawn
    assert request.state is RenewalState.EVIDENCE_REQUESTED
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "renewal.drawn", AuditEvent.subject_id == request.id
        )
    )
    assert event is not None
    assert event.detail["value"] == 0.05
    assert event.detail["share"] == 0.1


def test_a_shortfall_needs_an_explanation_and_a_refusal_needs_grounds(
    db, make_registration, registrar
):
    registration = make_registration()
    on = dt.date.today()
    with pytest.raises(ActionRefused) as refused:
        services.submit_request(
            registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.9)
        )
    assert refused.value.field == "note"
    request = services.submit_request(
        registration,
        registration.user,
        declared=True,
        note="I was ill for a year.",
        today=on,
        rng=_Draw(0.9),
    )
    with pytest.raises(ActionRefused):  # approving against the proposal needs grounds
        services.decide_request(request, registrar, approve=True, grounds=None, today=on)
    with pytest.raises(ActionRefused):
        services.decide_request(request, registrar, approve=False, grounds=" ", today=on)
    services.decide_request(
        request, registrar, approve=False, grounds="Too little practice.", today=on
    )
    assert request.state is RenewalState.REFUSED
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.valid_until == END


def test_automatic_approval_where_the_policy_allows_it(db, make_registration, app):
    registration = make_registration()
    on = dt.date.today()
    _complete_log(registration, on)
    policies = app.extensions["policies"]
    renewal = policies.renewal.model_copy(update={"automatic_approval": True})
    app.extensions["policies"] = dataclasses.replace(policies, renewal=renewal)
    try:
        request = services.submit_request(
            registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.9)
        )
    finally:
        app.extensions["policies"] = policies
    assert request.state is RenewalState.APPROVED
    assert request.decided_by_id is None
    assert registration.valid_until > END


def test_reminders_go_once_and_a_missed_day_catches_up_with_the_latest(db, make_registration):
    registration = make_registration()
    first = END - dt.timedelta(days=183)
    assert jobs.send_due_reminders(first - dt.timedelta(days=1)) == 0
    assert jobs.send_due_reminders(first) == 1
    assert jobs.send_due_reminders(first) == 0  # run twice the same day: nothing twice
    # the job did not run at 12 nor at 6 weeks: one reminder (the 6-week one) goes out
    late = END - dt.timedelta(days=20)
    assert jobs.send_due_reminders(late) == 1
    assert jobs.send_due_reminders(late + dt.timedelta(days=1)) == 0
    assert jobs.send_due_reminders(END) == 1  # on the end date
    assert jobs.send_due_reminders(END) == 0
    rows = db.session.scalars(
        select(RenewalReminder)
        .where(RenewalReminder.registration_id == registration.id)
        .order_by(RenewalReminder.id)
    ).all()
    assert [(r.days_before, r.sent_on) for r in rows] == [(183, first), (42, late), (0, END)]
    assert all(r.email is not None for r in rows)


def test_no_reminder_once_a_renewal_is_started(db, make_registration):
    registration = make_registration()
    on = dt.date.today()
    _complete_log(registration, on)
    services.submit_request(
        registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.9)
    )
    assert jobs.send_due_reminders(on) == 0


def test_grace_while_a_renewal_waits_then_renewed(db, make_registration, registrar, policies):
    registration = make_registration()
    on = dt.date.today()
    _complete_log(registration, on)
    request = services.submit_request(
        registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.9)
    )
    after = END + dt.timedelta(days=1)
    assert jobs.enter_grace(END) == 0
    assert jobs.enter_grace(after) == 1
    assert jobs.enter_grace(after) == 0
    assert registration.status is RegistrationStatus.GRACE
    assert jobs.lapse_registrations(after) == 0
    services.decide_request(request, registrar, approve=True, grounds=None, today=after)
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.number == registration.periods[0].registration.number


def test_grace_ends_in_a_lapse_and_without_a_renewal_the_end_date_lapses(
    db, make_registration, policies
):
    waiting = make_registration()
    idle = make_registration(end=END)
    on = dt.date.today()
    _complete_log(waiting, on)
    services.submit_request(
        waiting, waiting.user, declared=True, note=None, today=on, rng=_Draw(0.05)
    )
    after = END + dt.timedelta(days=1)
    assert jobs.enter_grace(after) == 1
    assert jobs.lapse_registrations(after) == 1  # the one without a renewal
    assert idle.status is RegistrationStatus.LAPSED
    grace_end = policies.renewal.grace_ends_on(END)
    assert jobs.lapse_registrations(grace_end) == 0
    assert jobs.lapse_registrations(grace_end + dt.timedelta(days=1)) == 1
    assert waiting.status is RegistrationStatus.LAPSED


def test_a_lapsed_registration_is_restored_under_its_number(
    db, make_registration, registrar, outbox
):
    today = dt.date.today()
    end = today - dt.timedelta(days=40)
    registration = make_registration(end=end)
    number = registration.number
    assert jobs.lapse_registrations(end + dt.timedelta(days=1)) == 1
    db.session.commit()
    lapse_mail = [m for m in outbox if m["to"] == registration.user.email][-1]
    assert "restore" in lapse_mail["body"].lower()
    option = services.renewal_option(registration, today)
    if not option.allowed:  # the restoration period is counted from the day of the lapse
        pytest.fail(f"restoration should be possible: {option.reason}")
    assert option.kind is RenewalKind.RESTORATION
    _complete_log(registration, today)
    request = services.submit_request(
        registration, registration.user, declared=True, note=None, today=today, rng=_Draw(0.9)
    )
    services.decide_request(request, registrar, approve=True, grounds=None, today=today)
    assert registration.status is RegistrationStatus.ACTIVE
    assert registration.number == number
    assert registration.valid_from == today
    assert registration.periods[-1].kind is PeriodKind.RESTORATION
    decision = db.session.get(Decision, request.decision_id)
    assert decision.kind is DecisionKind.RESTORATION


def test_expire_command_prints_the_renewal_counts(db, runner, make_registration):
    make_registration()
    db.session.commit()
    day = (END - dt.timedelta(days=100)).isoformat()
    first = runner.invoke(args=["expire", "--today", day])
    assert "renewal reminders sent: 1" in first.output
    again = runner.invoke(args=["expire", "--today", day])
    assert "renewal reminders sent: 0" in again.output
    assert "registrations into grace: 0" in again.output
    count = db.session.scalar(select(func.count()).select_from(RenewalReminder))
    assert count == 1


def test_a_transitional_route_registrant_renews_after_the_route_closed(
    db, make_registration, registrar, app
):
    from register.models.applications import Application, Route

    registration = make_registration()
    application = db.session.get(Application, registration.application_id)
    application.route = Route.TRANSITIONAL
    db.session.flush()
    policies = app.extensions["policies"]
    closed = dataclasses.replace(
        policies,
        transitional_route=policies.transitional_route.model_copy(
            update={"open_until": dt.date.today() - dt.timedelta(days=365)}
        ),
    )
    app.extensions["policies"] = closed
    try:
        assert not closed.transitional_route.is_open_on(dt.date.today())
        on = dt.date.today()
        _complete_log(registration, on)
        request = services.submit_request(
            registration, registration.user, declared=True, note=None, today=on, rng=_Draw(0.9)
        )
        services.decide_request(request, registrar, approve=True, grounds=None, today=on)
    finally:
        app.extensions["policies"] = policies
    assert request.state is RenewalState.APPROVED
    assert registration.valid_until > END
