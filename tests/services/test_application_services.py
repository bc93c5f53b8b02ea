"""Services of the applicant journey: state changes, drafts, submission, references."""

from __future__ import annotations

import datetime as dt

import pytest

from register.applications import drafts, services
from register.domain.lifecycle import ApplicationAction, ApplicationState, IllegalTransition
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import ReferenceState
from register.models.audit import AuditEvent
from register.references import services as references
from tests.web.test_apply_helpers import (
    diploma_application,
    make_programme,
    transitional_application,
)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def _actions():
    return [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]


def test_change_state_records_history_and_audit(ctx, make_user):
    user, registrar = make_user(), make_user(role=Role.REGISTRAR)
    application = diploma_application(user, make_programme())
    services.change_state(application, ApplicationAction.SUBMIT, user)
    services.change_state(application, ApplicationAction.START_REVIEW, registrar)
    assert application.state is ApplicationState.IN_REVIEW
    assert application.submitted_at is not None
    assert [(h.from_state, h.to_state, h.by_id) for h in application.history] == [
        (ApplicationState.DRAFT, ApplicationState.SUBMITTED, user.id),
        (ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, registrar.id),
    ]
    assert _actions()[-2:] == ["application.submit", "application.start_review"]


def test_change_state_refuses_illegal_transitions(ctx, make_user):
    application = diploma_application(make_user(), make_programme())
    with pytest.raises(IllegalTransition):
        services.change_state(application, ApplicationAction.APPROVE, None)
    assert application.state is ApplicationState.DRAFT and application.history == []


def test_only_one_open_application(ctx, make_user):
    user = make_user()
    first = services.start_application(user)
    with pytest.raises(NotAllowedNow):
        services.start_application(user)
    services.withdraw_application(first, user)
    assert services.start_application(user).id != first.id


def test_save_step_only_on_drafts_and_audited(ctx, make_user):
    user = make_user()
    application = services.start_application(user)
    drafts.save_step(application, user, "tier", tier=2)
    drafts.save_step(application, user, "route", route="transitional")
    assert application.tier == 2 and application.route.value == "transitional"
    assert _actions().count("application.draft_saved") == 2
    services.change_state(application, ApplicationAction.WITHDRAW, user)
    with pytest.raises(NotAllowedNow):
        drafts.save_step(application, user, "tier", tier=1)


def test_outstanding_lists_what_is_missing(ctx, make_user):
    user = make_user()
    application = services.start_application(user)
    rules = {r.rule for r in services.outstanding(application)}
    assert {"personal.details", "tier.chosen", "route.chosen"} <= rules
    assert "code.accepted" not in rules
    complete = transitional_application(make_user())
    assert services.outstanding(complete) == []


def test_submit_refusals_change_nothing(ctx, make_user, outbox):
    user = make_user(confirmed=False)
    application = diploma_application(user, make_programme(), complete=False)
    with pytest.raises(ActionRefused) as refused:
        services.submit_application(application, user, accept_code=False)
    assert len(refused.value.messages) == 3  # e-mail, code, incomplete
    assert application.state is ApplicationState.DRAFT and application.code_accepted_at is None


def test_submit_asks_referees_and_mails(ctx, make_user, outbox):
    user = make_user()
    application = transitional_application(user, referees=3)
    services.submit_application(application, user, accept_code=True)
    db.session.commit()
    assert application.state is ApplicationState.SUBMITTED
    assert {m["to"] for m in outbox} == {
        user.email,
        "ref0@example.nl",
        "ref1@example.nl",
        "ref2@example.nl",
    }
    assert _actions().count("reference.requested") == 3


def test_reference_services(ctx, make_user, outbox):
    user, registrar = make_user(), make_user(role=Role.REGISTRAR)
    application = transitional_application(user)
    services.submit_application(application, user, accept_code=True)
    first, second = application.references
    references.resend_reference(first, registrar)
    assert first.token_generation == 1
    new = references.replace_reference(
        second,
        registrar,
        name="Nieuw",
        email="N@x.nl",
        organisation="GGZ Oost",
        relation="employer",
    )
    assert second.state is ReferenceState.REPLACED and new.email == "n@x.nl"
    with pytest.raises(NotAllowedNow):
        references.replace_reference(
            second, registrar, name="x", email="x@x.nl", organisation="x", relation="other"
        )
    references.answer_reference(
        first, True, role="Ervaringswerker", start=dt.date(2020, 1, 1), hours_per_week=24
    )
    assert first.state is ReferenceState.CONFIRMED
    with pytest.raises(NotAllowedNow):
        references.answer_reference(first, False)
    with pytest.raises(NotAllowedNow):
        references.resend_reference(first, registrar)
    references.answer_reference(new, False, comment="Onbekend")
    assert new.state is ReferenceState.DECLINED and new.confirmed_role is None
    assert {
        "reference.resent",
        "reference.replaced",
        "reference.confirmed",
        "reference.declined",
    } <= set(_actions())


def test_references_of_a_closed_application_cannot_be_answered(ctx, make_user):
    user = make_user()
    application = transitional_application(user)
    services.submit_application(application, user, accept_code=True)
    services.withdraw_application(application, user)
    with pytest.raises(NotAllowedNow):
        references.answer_reference(
            application.references[0], True, role="x", start=dt.date(2020, 1, 1), hours_per_week=1
        )


def test_answer_info_request_only_when_asked(ctx, make_user):
    user = make_user()
    application = diploma_application(user, make_programme())
    with pytest.raises(NotAllowedNow):
        services.answer_info_request(application, user, "antwoord")


def test_the_demo_request_for_information_has_its_deadline_and_its_e_mail(db, outbox):
    """The demo asks as a registrar does (the review service): the applicant sees by when to
    answer, and the e-mail links straight to the answer."""
    from sqlalchemy import select

    from register.demo import applications as applications_demo
    from register.models.applications import ApplicationMessage, MessageKind

    applications_demo.seed()
    request = db.session.scalars(
        select(ApplicationMessage).where(ApplicationMessage.kind == MessageKind.INFO_REQUEST)
    ).one()
    assert request.answer_by is not None
    db.session.commit()  # the outbox sends after the commit
    assert any("#answer-heading" in m["body"] for m in outbox)
