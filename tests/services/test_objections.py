"""Objections against stored decisions, through the services: receipt, hearing, one
extension, late objections, a decision by another registrar (also in the database), and
upholding, which replaces the decision and carries out its effect."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from register.decisions import decisions_for, latest_decision, record_decision
from register.domain.decisions import DecisionKind, DecisionOutcome
from register.domain.lifecycle import ApplicationState, IllegalTransition, RegistrationStatus
from register.domain.objections import ObjectionAction, ObjectionState
from register.errors import ActionRefused, NotAllowedNow, StaleRecord
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.objections import DecisionNotice, Objection
from register.models.registrations import Registration
from register.objections import notices, services
from register.objections.registry import REVOKE, Remedy, remedy, remedy_for
from tests.four_eyes_support import second_registrar
from tests.identity_support import confirmed_identity
from tests.objection_support import SENT, UNTIL, objected, pdf_upload, refused_application

DURING = SENT + dt.timedelta(days=20)


@pytest.fixture
def second(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Ruben")


def _audit(db, action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def _decide(objection, actor, action, today=DURING, grounds="The school's letter settles it."):
    return services.decide_objection(
        objection,
        actor,
        action=action,
        grounds=grounds,
        today=today,
        expected_version=objection.version,
    )


def test_a_refusal_is_recorded_and_sent_with_its_objection_window(db, make_user, outbox):
    application, decision, applicant, registrar = refused_application(make_user, locale="en")
    assert decision.kind is DecisionKind.APPLICATION and decision.outcome == "refused"
    assert decision.person_id == applicant.id and decision.decided_by_id == registrar.id
    assert decision.grounds.startswith("Your diploma") and decision.trace["results"]
    notice = db.session.scalars(select(DecisionNotice)).one()
    assert (notice.sent_on, notice.objectionable, notice.objection_until) == (SENT, True, UNTIL)
    mail = outbox[-1]
    assert mail["to"] == applicant.email
    assert f"/decisions/{decision.id}/letter.pdf" in mail["body"]
    assert f"/my-decisions/{decision.id}" in mail["body"]
    assert "until January 12, 2026" in mail["body"]


def test_an_approval_needs_no_objection_clause(db, make_user):
    from register.demo.registrations import ensure_programme, submitted_diploma_application
    from register.review import services as review

    programme = ensure_programme("P", "S", 5, dt.date(2015, 1, 1), dt.date(2030, 12, 31))
    applicant = make_user()
    application = submitted_diploma_application(applicant, programme, write_file=False)
    registrar = make_user(role=Role.REGISTRAR)
    confirmed_identity(application, registrar)
    review.approve_application(
        application, registrar, reason=None, today=SENT, expected_version=None
    )
    decision = latest_decision(application)
    assert decision.outcome == "approved"
    assert notices.window(decision).objectionable is False
    assert services.why_not_open(decision) is not None
    with pytest.raises(NotAllowedNow):
        services.submit_objection(
            decision, applicant, grounds="x", wants_hearing=False, lateness_reason=None, today=SENT
        )


def test_receiving_an_objection_sets_its_deadline_and_tells_objector_and_staff(
    db, make_user, second, outbox
):
    objection, _application, applicant, _registrar = objected(make_user, wants_hearing=True)
    assert objection.state is ObjectionState.RECEIVED and not objection.late
    # Awb 7:10: six weeks from the end of the objection period (12 January → 23 February).
    assert objection.decide_by == dt.date(2026, 2, 23)
    assert objection.wants_hearing and len(objection.files) == 1
    assert objection.files[0].file.content_type == "application/pdf"
    to = {m["to"]: m for m in outbox}
    assert "23 februari 2026" in to[applicant.email]["body"]
    assert second.email in to  # the registrars hear of it
    assert _audit(db, "objection.received")[0].detail["wants_hearing"] is True


def test_grounds_are_required_and_one_objection_per_decision(db, make_user):
    _application, decision, applicant, _registrar = refused_application(make_user)
    with pytest.raises(ActionRefused) as refused:
        services.submit_objection(
            decision,
            applicant,
            grounds="  ",
            wants_hearing=False,
            lateness_reason=None,
            today=DURING,
        )
    assert refused.value.field == "grounds"
    services.submit_objection(
        decision, applicant, grounds="No.", wants_hearing=False, lateness_reason=None, today=DURING
    )
    with pytest.raises(NotAllowedNow):
        services.submit_objection(
            decision,
            applicant,
            grounds="Again.",
            wants_hearing=False,
            lateness_reason=None,
            today=DURING,
        )


def test_too_many_files_are_refused(db, make_user, policies):
    _application, decision, applicant, _registrar = refused_application(make_user)
    uploads = [pdf_upload(f"{i}.pdf") for i in range(policies.objections.max_files + 1)]
    with pytest.raises(ActionRefused) as refused:
        services.submit_objection(
            decision,
            applicant,
            grounds="x",
            wants_hearing=False,
            lateness_reason=None,
            uploads=uploads,
            today=DURING,
        )
    assert refused.value.field == "files"


def test_the_original_decider_cannot_handle_the_objection(db, make_user, second):
    objection, _application, _applicant, registrar = objected(make_user)
    with pytest.raises(ActionRefused):
        _decide(objection, registrar, ObjectionAction.DISMISS)
    with pytest.raises(ActionRefused):
        services.extend_deadline(
            objection, registrar, reason="Busy", today=DURING, expected_version=None
        )
    assert not services.may_handle(objection, registrar) and services.may_handle(objection, second)


def test_the_database_refuses_the_original_decider_as_decider(db, make_user):
    objection, _application, _applicant, registrar = objected(make_user)
    objection.decided_by_id = registrar.id
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_confirmer_of_a_four_eyes_decision_cannot_decide_either(db, make_user, second):
    registrant = make_user()
    registration = Registration(
        number="ED-TEST-1",
        sequence=999_001,
        user_id=registrant.id,
        given_names="A",
        surname="B",
        tier=1,
        status=RegistrationStatus.STRUCK_OFF,
        valid_from=SENT,
        valid_until=SENT + dt.timedelta(days=5 * 365),
        policy_version="x",
    )
    db.session.add(registration)
    proposer = make_user(role=Role.REGISTRAR)
    decision = record_decision(
        DecisionKind.STRIKE_OFF,
        registration,
        outcome=DecisionOutcome.STRUCK_OFF,
        actor=proposer,
        person=registrant,
        grounds="Grave misconduct.",
        confirmed_by=second,
    )
    notices.record_notice(decision, SENT)
    objection = services.submit_objection(
        decision,
        registrant,
        grounds="Not true.",
        wants_hearing=False,
        lateness_reason=None,
        today=DURING,
    )
    with pytest.raises(ActionRefused):
        _decide(objection, second, ObjectionAction.UPHOLD)
    third = make_user(role=Role.REGISTRAR)
    _decide(objection, third, ObjectionAction.UPHOLD)
    assert registration.status is RegistrationStatus.ACTIVE  # the strike-off is revoked


def test_upholding_a_refusal_approves_and_registers_with_history(db, make_user, second, outbox):
    objection, application, applicant, registrar = objected(make_user)
    outcome = _decide(objection, second, ObjectionAction.UPHOLD)
    db.session.commit()
    assert objection.state is ObjectionState.UPHELD and objection.decided_by_id == second.id
    assert application.state is ApplicationState.APPROVED
    registration = db.session.scalars(
        select(Registration).where(Registration.application_id == application.id)
    ).one()
    assert registration.user_id == applicant.id
    refusal, approval = decisions_for(application)
    assert (refusal.outcome, approval.outcome) == ("refused", "approved")
    assert approval.replaces_id == refusal.id and approval.details["objection_id"] == objection.id
    assert latest_decision(application) is approval and outcome.next_steps is None
    assert outcome.objection_decision.kind is DecisionKind.OBJECTION
    assert outcome.objection_decision.outcome == "upheld"
    assert {r["rule"] for r in outcome.objection_decision.trace["results"]} >= {
        "objection.in_time",
        "objection.other_registrar",
        "objection.hearing",
    }
    assert not notices.window(approval).objectionable  # part of the decision on objection
    assert not notices.window(outcome.objection_decision).objectionable
    history = services.decision_history(application)
    assert [(e.decision.outcome if e.decision else "objection") for e in history] == [
        "refused",
        "objection",
        "upheld",
        "approved",
    ]
    bodies = [m["body"] for m in outbox if m["to"] == applicant.email]
    letter = f"/decisions/{outcome.objection_decision.id}/letter.pdf"
    assert any(letter in body for body in bodies)
    with pytest.raises(IllegalTransition):  # decided: final (409 in the pages)
        _decide(objection, second, ObjectionAction.DISMISS)


def test_dismissing_needs_the_hearing_that_was_asked_for(db, make_user, second, outbox):
    objection, application, applicant, _registrar = objected(make_user, wants_hearing=True)
    with pytest.raises(ActionRefused):
        _decide(objection, second, ObjectionAction.DISMISS)
    services.schedule_hearing(
        objection,
        second,
        hearing_on=DURING + dt.timedelta(days=7),
        details="10:00, Utrecht office, room 2.",
        today=DURING,
        expected_version=objection.version,
    )
    db.session.commit()
    assert objection.state is ObjectionState.HEARING_SCHEDULED
    assert "room 2" in outbox[-1]["body"]
    with pytest.raises(ActionRefused) as refused:
        services.record_hearing(objection, second, record=" ", expected_version=objection.version)
    assert refused.value.field == "record"
    services.record_hearing(
        objection, second, record="The applicant explained.", expected_version=objection.version
    )
    assert objection.hearing_held_by_id == second.id
    _decide(objection, second, ObjectionAction.DISMISS)
    assert objection.state is ObjectionState.DISMISSED
    assert application.state is ApplicationState.REFUSED  # the refusal stands
    assert objection.new_decision_id is None


def test_a_hearing_is_not_planned_in_the_past(db, make_user, second):
    objection, *_ = objected(make_user)
    with pytest.raises(ActionRefused) as refused:
        services.schedule_hearing(
            objection,
            second,
            hearing_on=DURING - dt.timedelta(days=1),
            details="x",
            today=DURING,
            expected_version=None,
        )
    assert refused.value.field == "hearing_on"


def test_the_decision_period_is_extended_once_before_it_ends(db, make_user, second, outbox):
    objection, _application, applicant, _registrar = objected(make_user)
    with pytest.raises(ActionRefused):
        services.extend_deadline(objection, second, reason="", today=DURING, expected_version=None)
    new = services.extend_deadline(
        objection,
        second,
        reason="We asked the school for its records.",
        today=DURING,
        expected_version=objection.version,
    )
    db.session.commit()
    # 23 February + 6 weeks is Easter Monday 2026: the period runs on to Tuesday.
    assert new == dt.date(2026, 4, 7) and objection.deadline == new
    assert "records" in outbox[-1]["body"] and outbox[-1]["to"] == applicant.email
    with pytest.raises(NotAllowedNow):
        services.extend_deadline(
            objection, second, reason="Again", today=DURING, expected_version=None
        )


def test_no_extension_after_the_deadline(db, make_user, second):
    objection, *_ = objected(make_user)
    with pytest.raises(NotAllowedNow):
        services.extend_deadline(
            objection,
            second,
            reason="Late",
            today=objection.decide_by + dt.timedelta(days=1),
            expected_version=None,
        )


def test_a_stale_version_is_refused(db, make_user, second):
    objection, *_ = objected(make_user)
    with pytest.raises(StaleRecord):
        services.extend_deadline(
            objection, second, reason="x", today=DURING, expected_version=objection.version + 1
        )


def test_a_late_objection_needs_a_reason_and_is_refused_unless_excused(db, make_user, second):
    _application, decision, applicant, _registrar = refused_application(make_user)
    late_day = UNTIL + dt.timedelta(days=3)
    with pytest.raises(ActionRefused) as refused:
        services.submit_objection(
            decision,
            applicant,
            grounds="x",
            wants_hearing=False,
            lateness_reason="",
            today=late_day,
        )
    assert refused.value.field == "lateness_reason"
    objection = services.submit_objection(
        decision,
        applicant,
        grounds="x",
        wants_hearing=False,
        lateness_reason="Ill.",
        today=late_day,
    )
    assert objection.late and objection.decide_by == dt.date(2026, 2, 26)  # from receipt
    with pytest.raises(ActionRefused):
        _decide(objection, second, ObjectionAction.UPHOLD)
    _decide(objection, second, ObjectionAction.REFUSE_LATE, today=late_day)
    assert objection.state is ObjectionState.INADMISSIBLE


def test_an_excused_delay_lets_the_objection_be_decided(db, make_user, second):
    objection, application, *_ = objected(make_user, received=UNTIL + dt.timedelta(days=2))
    with pytest.raises(ActionRefused):
        services.excuse_lateness(objection, second, reason="", expected_version=None)
    services.excuse_lateness(
        objection, second, reason="Hospital letter shown.", expected_version=objection.version
    )
    with pytest.raises(NotAllowedNow):
        services.excuse_lateness(objection, second, reason="Again", expected_version=None)
    with pytest.raises(ActionRefused):  # no longer refusable as late
        _decide(objection, second, ObjectionAction.REFUSE_LATE)
    _decide(objection, second, ObjectionAction.UPHOLD)
    assert application.state is ApplicationState.APPROVED


def test_an_objection_in_time_has_no_delay_to_excuse(db, make_user, second):
    objection, *_ = objected(make_user)
    with pytest.raises(NotAllowedNow):
        services.excuse_lateness(objection, second, reason="x", expected_version=None)


def test_upholding_a_suspension_reinstates_the_registration(db, make_user, second):
    from register.registrations import services as registrations

    objection_, application, applicant, registrar = objected(make_user)
    _decide(objection_, second, ObjectionAction.UPHOLD)
    registration = db.session.scalars(
        select(Registration).where(Registration.user_id == applicant.id)
    ).one()
    registrations.suspend_registration(
        registration,
        registrar,
        reason="A complaint is being investigated.",
        category="investigation",
        ends_on=None,
        today=DURING,
        confirmed_by=second_registrar(),
    )
    suspension = latest_decision(registration, DecisionKind.SUSPENSION)
    assert notices.window(suspension).objectionable
    objection = services.submit_objection(
        suspension,
        applicant,
        grounds="Unfounded.",
        wants_hearing=False,
        lateness_reason=None,
        today=DURING,
    )
    _decide(objection, second, ObjectionAction.UPHOLD)
    assert registration.status is RegistrationStatus.ACTIVE
    assert latest_decision(registration, DecisionKind.SUSPENSION).outcome == "revoked"


def test_an_accreditation_refusal_upheld_is_revoked_with_next_steps(db, make_user, second):
    from register.accreditation import decision_services
    from register.domain.accreditation import Outcome
    from tests.accreditation_support import TODAY, agreed, score_all, under_review

    request, provider_user, registrar, *_ = under_review(make_user)
    for member in request.panel:
        score_all(member)
    agreed(request, registrar)
    decision_services.decide(request, registrar, Outcome.REFUSED, TODAY, "Doubts.", "Not enough.")
    decision = latest_decision(request)
    assert decision.kind is DecisionKind.ACCREDITATION and decision.person_id is None
    assert notices.parties(decision) == [provider_user]
    objection = services.submit_objection(
        decision,
        provider_user,
        grounds="The panel agreed.",
        wants_hearing=False,
        lateness_reason=None,
        today=TODAY,
    )
    outcome = _decide(objection, second, ObjectionAction.UPHOLD, today=TODAY)
    assert outcome.new_decision.outcome == "revoked" and outcome.next_steps is not None


def test_a_kind_without_a_declared_remedy_is_revoked():
    assert remedy_for(DecisionKind.RENEWAL, "refused") is REVOKE
    assert remedy_for(DecisionKind.APPLICATION, "refused").new_outcome == "approved"
    with pytest.raises(ValueError):
        remedy(Remedy(kind=DecisionKind.SUSPENSION, new_outcome="other", consequence="x"))


def test_a_notice_is_recorded_once_and_fixes_the_window(db, make_user, policies):
    _application, decision, *_ = refused_application(make_user)
    first = notices.record_notice(decision, SENT + dt.timedelta(days=5))
    assert first.sent_on == SENT  # the one written when the refusal was sent
    window = notices.window(decision)
    assert window.fixed and window.objection_until == UNTIL


def test_queue_lists_open_objections_by_nearest_deadline(db, make_user, second):
    early, *_ = objected(make_user)
    late, *_ = objected(make_user, received=UNTIL + dt.timedelta(days=20))
    _decide(late, second, ObjectionAction.REFUSE_LATE, today=UNTIL + dt.timedelta(days=20))
    open_ids = [o.id for o in db.session.scalars(services.queue_query("open"))]
    decided_ids = [o.id for o in db.session.scalars(services.queue_query("decided"))]
    assert early.id in open_ids and late.id not in open_ids and late.id in decided_ids
    assert {o.id for o in db.session.scalars(services.queue_query("all"))} >= {early.id, late.id}


def test_every_step_is_audited(db, make_user, second):
    objection, *_ = objected(make_user, wants_hearing=True)
    services.schedule_hearing(
        objection, second, hearing_on=DURING, details="x", today=DURING, expected_version=None
    )
    services.record_hearing(objection, second, record="y", expected_version=None)
    services.extend_deadline(objection, second, reason="z", today=DURING, expected_version=None)
    _decide(objection, second, ObjectionAction.DISMISS)
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert {
        "objection.received",
        "objection.hearing_scheduled",
        "objection.hearing_held",
        "objection.extended",
        "objection.decided",
        "decision.recorded",
    } <= actions
    assert db.session.get(Objection, objection.id).objection_decision.outcome == "dismissed"


def test_the_demo_objections_one_pending_one_upheld_with_its_history(db):
    from register.demo import objections as demo
    from register.models.applications import Application

    demo.seed()
    made = db.session.scalars(select(Objection.id)).all()
    demo.seed()  # idempotent: nothing is made twice
    assert db.session.scalars(select(Objection.id)).all() == made and len(made) == 2
    by_email = {}
    for email, *_rest in demo.DEMO_OBJECTORS:
        application = db.session.scalars(
            select(Application)
            .join(Application.applicant)
            .where(Application.applicant.has(email=email))
        ).one()
        by_email[email] = application
    pending = by_email["applicant5@demo.register.nl"]
    refusal = latest_decision(pending)
    assert refusal.outcome == DecisionOutcome.REFUSED
    objection = services.objection_for(refusal)
    assert objection.state is ObjectionState.RECEIVED and objection.wants_hearing

    upheld = by_email["applicant6@demo.register.nl"]
    assert upheld.state is ApplicationState.APPROVED
    registration = db.session.scalars(
        select(Registration).where(Registration.application_id == upheld.id)
    ).one()
    assert registration.status is RegistrationStatus.ACTIVE
    history = services.decision_history(upheld)
    kinds = [
        (entry.decision.kind if entry.decision else None, entry.objection is not None)
        for entry in history
    ]
    assert kinds == [
        (DecisionKind.APPLICATION, False),  # the refusal
        (None, True),  # the objection
        (DecisionKind.OBJECTION, True),  # its decision: upheld
        (DecisionKind.APPLICATION, False),  # the approval replacing the refusal
    ]
    assert history[-1].decision.replaces_id == history[0].decision.id
    assert history[2].decision.decided_by_id != history[0].decision.decided_by_id


def test_upholding_a_refusal_waits_for_the_identity_check_like_any_approval(db, make_user, second):
    """An upheld objection registers the applicant at once, so it needs the identity check
    an approval needs; a registrar can record it on the refused application."""
    from register.models.identity_checks import IdentityCheck
    from tests.identity_support import confirmed_identity

    objection, application, applicant, registrar = objected(make_user, identity=False)
    with pytest.raises(ActionRefused):
        _decide(objection, second, ObjectionAction.UPHOLD)
    db.session.rollback()
    assert application.state is ApplicationState.REFUSED
    check = confirmed_identity(application, registrar)
    assert isinstance(check, IdentityCheck)
    _decide(objection, second, ObjectionAction.UPHOLD)
    assert application.state is ApplicationState.APPROVED
