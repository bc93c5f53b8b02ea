"""The accreditation services end to end: request, panel, blind scoring, findings,
decision with Accreditation row, conditions, suspension/withdrawal, lapse and overdue jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from register.accreditation import decision_services, panel_services, provider_services
from register.accreditation.common import criterion_ids
from register.applications.facts import programme_facts
from register.decisions import latest_decision
from register.domain.accreditation import Outcome, RequestState, Score
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import IllegalTransition
from register.errors import Refusal
from register.models.accounts import Role
from register.models.accreditation import ConditionStatus
from register.models.audit import AuditEvent
from register.models.programmes import AccreditationStatus
from tests.accreditation_support import (
    TODAY,
    agreed,
    answer_all,
    decided,
    make_programme,
    make_provider,
    score_all,
    submitted_request,
    under_review,
)


@pytest.fixture(autouse=True)
def _request_context(app, db):
    """Services run inside a request (texts are translated for the person acting); the
    tests read the English source texts."""
    with app.test_request_context(), force_locale("en"):
        yield


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_submit_only_when_every_criterion_is_answered(db, make_user, outbox):
    provider, user = make_provider(make_user)
    make_user(role=Role.REGISTRAR, email="reg@example.nl")
    programme = make_programme(provider, user, level=4)
    request = provider_services.start_request(programme, user, TODAY)
    assert request.framework_version == "2022.2" and request.level == 4
    answer_all(request, user, skip=1)
    with pytest.raises(Refusal) as exc:
        provider_services.submit_request(request, user)
    total = len(criterion_ids(request))
    assert f"{total - 1} of {total}" in str(exc.value.message)
    answer_all(request, user)
    provider_services.submit_request(request, user)
    db.session.commit()
    assert request.state is RequestState.SUBMITTED and request.submitted_at
    assert [m["to"] for m in outbox] == ["reg@example.nl"]
    assert "accreditation_request.submitted" in actions(db)
    with pytest.raises(Refusal):
        provider_services.save_answer(request, user, criterion_ids(request)[0], "x", "y", "z")


def test_answer_for_a_criterion_of_another_level_is_refused(db, make_user):
    provider, user = make_provider(make_user)
    request = provider_services.start_request(make_programme(provider, user, 2), user, TODAY)
    with pytest.raises(Refusal):
        provider_services.save_answer(request, user, "KT1-6.L5", "x", "y", "z")  # level 5+ only


def test_one_open_request_per_programme(db, make_user):
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user)
    provider_services.start_request(programme, user, TODAY)
    with pytest.raises(Refusal):
        provider_services.start_request(programme, user, TODAY)


def test_panel_rules_from_policy(db, make_user):
    request, _user = submitted_request(make_user)
    registrar = make_user(role=Role.REGISTRAR)
    plain1 = make_user(role=Role.ASSESSOR)
    plain2 = make_user(role=Role.ASSESSOR)
    with pytest.raises(Refusal, match="expert by experience"):
        panel_services.form_panel(request, registrar, [plain1, plain2], plain1)
    lived = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    with pytest.raises(Refusal, match="at least 2"):
        panel_services.form_panel(request, registrar, [lived], lived)
    applicant = make_user(role=Role.APPLICANT)
    with pytest.raises(Refusal):
        panel_services.form_panel(request, registrar, [lived, applicant], lived)
    panel_services.form_panel(request, registrar, [lived, plain1], lived)
    assert request.state is RequestState.UNDER_REVIEW and len(request.panel) == 2


def test_assessor_linked_to_provider_cannot_be_assigned(db, make_user):
    request, _user = submitted_request(make_user)
    registrar = make_user(role=Role.REGISTRAR)
    lived = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True)
    linked = make_user(role=Role.ASSESSOR, given_names="Linked")
    panel_services.declare_affiliation(linked, request.provider, "Teaches module 3")
    with pytest.raises(Refusal, match="linked to the provider"):
        panel_services.form_panel(request, registrar, [lived, linked], lived)
    assert request.panel == [] and request.state is RequestState.SUBMITTED


def test_declared_conflict_takes_assessor_off_the_panel(db, make_user, outbox):
    request, _p, registrar, a1, a2 = under_review(make_user)
    a3 = make_user(role=Role.ASSESSOR)
    panel_services.form_panel(request, registrar, [a3], None)
    member = request.panel[-1]
    with pytest.raises(Refusal):
        panel_services.declare_conflict(member, True, "")  # a conflict needs a description
    panel_services.declare_conflict(member, True, "Former colleague of the programme lead")
    db.session.commit()
    assert member not in request.active_panel()
    assert any(m["to"] == registrar.email for m in outbox)
    with pytest.raises(Refusal):
        panel_services.save_scores(member, {}, submit=False)


def test_scores_need_rationale_and_are_immutable_once_submitted(db, make_user):
    request, _p, _r, a1, _a2 = under_review(make_user)
    member = request.panel[0]
    first = criterion_ids(request)[0]
    grid = {cid: (Score.MET, "") for cid in criterion_ids(request)}
    grid[first] = (Score.PARTLY_MET, "  ")
    problems = panel_services.save_scores(member, grid, submit=True)
    assert list(problems) == [first] and member.submitted_at is None
    assert member.score_for(first).score is Score.PARTLY_MET  # the draft was kept
    grid[first] = (Score.PARTLY_MET, "Assessment is not described")
    assert panel_services.save_scores(member, grid, submit=True) == {}
    assert member.submitted_at is not None
    with pytest.raises(Refusal, match="cannot be changed"):
        panel_services.save_scores(member, {first: (Score.MET, "")}, submit=False)
    assert member.score_for(first).score is Score.PARTLY_MET


def test_submit_requires_every_criterion_scored(db, make_user):
    request, *_ = under_review(make_user)
    member = request.panel[0]
    problems = panel_services.save_scores(
        member, {criterion_ids(request)[0]: (Score.MET, "")}, submit=True
    )
    assert len(problems) == len(criterion_ids(request)) - 1 and member.submitted_at is None


def test_findings_only_after_every_assessor_submitted(db, make_user):
    request, _p, registrar, a1, a2 = under_review(make_user)
    score_all(request.panel[0])
    with pytest.raises(Refusal):
        agreed(request, registrar)
    score_all(request.panel[1], overrides={criterion_ids(request)[0]: (Score.NOT_MET, "No")})
    agreed(request, registrar, partly=1)
    assert request.state is RequestState.FINDINGS_AGREED
    assert request.finding_for(criterion_ids(request)[0]).score is Score.PARTLY_MET


def test_questions_reach_the_provider_and_answers_the_assessor(db, make_user, outbox):
    request, provider_user, _r, a1, _a2 = under_review(make_user)
    question = panel_services.ask_question(request, a1, "Where is supervision described?", "PRL-S1")
    db.session.commit()
    assert outbox[-1]["to"] == provider_user.email
    provider_services.answer_question(question, provider_user, "In the practice guide, p. 4.")
    db.session.commit()
    assert outbox[-1]["to"] == a1.email and question.answered_at
    with pytest.raises(Refusal):
        provider_services.answer_question(question, provider_user, "again")


def test_decision_creates_accreditation_with_versions(db, make_user, policies, outbox):
    request, provider_user, registrar = decided(make_user)
    acc = request.accreditation
    assert request.state is RequestState.ACCREDITED and acc.status is AccreditationStatus.ACTIVE
    assert acc.valid_from == TODAY
    assert acc.valid_until.year == TODAY.year + policies.accreditation.validity_years
    assert acc.policy_version == policies.accreditation.version
    assert acc.framework_version == policies.framework.version
    assert request.policy_version == policies.accreditation.version
    assert (
        request.proposal_trace.proposal is Outcome.ACCREDITED and not request.departs_from_proposal
    )
    assert outbox[-1]["to"] == provider_user.email
    facts = programme_facts(request.programme)
    assert facts.accredited_periods == ((acc.valid_from, acc.valid_until),)


def test_departing_from_proposal_needs_reason(db, make_user):
    request, _p, registrar, *_ = under_review(make_user)
    for member in request.panel:
        score_all(member)
    agreed(request, registrar)
    with pytest.raises(Refusal, match="reason"):
        decision_services.decide(request, registrar, Outcome.REFUSED, TODAY, "", "")
    decision_services.decide(
        request, registrar, Outcome.REFUSED, TODAY, "Practice placements are not secured", ""
    )
    assert request.departs_from_proposal and request.accreditation is None
    assert request.state is RequestState.REFUSED


def test_conditional_needs_conditions_with_future_deadline(db, make_user):
    request, _p, registrar, *_ = under_review(make_user)
    for member in request.panel:
        score_all(member)
    agreed(request, registrar, partly=2)
    with pytest.raises(Refusal):
        decision_services.decide(request, registrar, Outcome.CONDITIONAL, TODAY, None, "", [])
    past = [decision_services.ConditionInput("Fix", TODAY)]
    with pytest.raises(Refusal):
        decision_services.decide(request, registrar, Outcome.CONDITIONAL, TODAY, None, "", past)
    ok = [decision_services.ConditionInput("Describe assessment", TODAY + dt.timedelta(days=30))]
    acc = decision_services.decide(request, registrar, Outcome.CONDITIONAL, TODAY, None, "", ok)
    assert acc.status is AccreditationStatus.CONDITIONAL
    assert request.conditions[0].accreditation is acc


def test_conditions_met_make_accreditation_active(db, make_user):
    request, _p, registrar = decided(make_user, partly=1)
    decision_services.mark_condition_met(request.conditions[0], registrar)
    assert request.accreditation.status is AccreditationStatus.ACTIVE


def test_suspend_reinstate_withdraw_with_reason(db, make_user, outbox):
    request, provider_user, registrar = decided(make_user)
    acc = request.accreditation
    with pytest.raises(Refusal):
        decision_services.suspend_accreditation(acc, registrar, " ")
    decision_services.suspend_accreditation(acc, registrar, "Complaint under investigation")
    assert acc.status is AccreditationStatus.SUSPENDED and acc.ended_at and acc.end_reason
    decision_services.reinstate_accreditation(acc, registrar, "Complaint resolved")
    assert acc.status is AccreditationStatus.ACTIVE and acc.ended_at is None
    with pytest.raises(Refusal):  # a grave action: it takes a second registrar
        decision_services.withdraw_accreditation(acc, registrar, "Programme stopped")
    second = make_user(role=Role.REGISTRAR)
    decision_services.withdraw_accreditation(
        acc, registrar, "Programme stopped", confirmed_by=second
    )
    assert acc.status is AccreditationStatus.WITHDRAWN
    stored = latest_decision(acc, DecisionKind.ACCREDITATION_WITHDRAWAL)
    assert (stored.decided_by_id, stored.confirmed_by_id) == (registrar.id, second.id)
    assert stored.grounds == "Programme stopped" and stored.details["from_status"] == "active"
    with pytest.raises(Refusal):
        decision_services.suspend_accreditation(acc, registrar, "again")
    assert outbox[-1]["to"] == provider_user.email
    assert {"accreditation.suspended", "accreditation.withdrawn"} <= set(actions(db))


def test_lapse_and_overdue_jobs_are_idempotent(db, make_user, outbox, runner):
    request, _p, registrar = decided(make_user, partly=1)
    condition = request.conditions[0]
    day = condition.deadline + dt.timedelta(days=1)
    before = len(outbox)
    assert decision_services.flag_overdue_conditions(day) == 1
    db.session.commit()
    assert condition.status is ConditionStatus.OVERDUE
    assert [m["to"] for m in outbox[before:]] == [registrar.email]
    assert decision_services.flag_overdue_conditions(day) == 0
    end = request.accreditation.valid_until
    assert decision_services.lapse_accreditations(end) == 0  # still valid on its last day
    result = runner.invoke(args=["expire", "--today", (end + dt.timedelta(days=1)).isoformat()])
    assert "accreditations lapsed: 1" in result.output
    assert request.accreditation.status is AccreditationStatus.LAPSED
    assert decision_services.lapse_accreditations(end + dt.timedelta(days=2)) == 0


def test_renewal_only_within_window(db, make_user, policies):
    request, provider_user, _r = decided(make_user)
    programme = request.programme
    with pytest.raises(Refusal, match="renewal"):
        provider_services.start_request(programme, provider_user, TODAY)
    window = policies.accreditation.renewal_window_days
    day = request.accreditation.valid_until - dt.timedelta(days=window)
    renewal = provider_services.start_request(programme, provider_user, day)
    assert renewal.renews is request.accreditation


def test_withdraw_request_and_illegal_after_decision(db, make_user):
    request, provider_user, _r = decided(make_user)
    with pytest.raises(IllegalTransition):
        provider_services.withdraw_request(request, provider_user)
