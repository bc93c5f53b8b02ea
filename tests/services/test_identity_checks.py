"""The registrar confirms the applicant's identity before a first registration: recorded
once (how, which kind of document, when, by whom), never changed; without it an approval is
refused; the decision keeps it; an application for another tier asks for none. The table has
no place for a document's copy or number, nor a citizen service number."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import inspect, select

from register.decisions import latest_decision
from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.decisions import DecisionKind
from register.domain.lifecycle import ApplicationState
from register.errors import ActionRefused, NotAllowedNow
from register.models.accounts import Role
from register.models.applications import Application
from register.models.audit import AuditEvent
from register.models.identity_checks import IdentityCheck, IdentityCheckIsFinal
from register.models.review_drafts import ReviewDraft
from register.review import services
from register.review.drafts import draft_of, save_draft
from register.review.identity import identity_check_of, record_identity_check

TODAY = dt.date.today()


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, given_names="Rianne", surname="Registrar")


@pytest.fixture
def application(db, make_user):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    made = submitted_diploma_application(make_user(), programme, write_file=False)
    db.session.commit()
    return made


def _words(app, refusal) -> str:
    with app.test_request_context(), force_locale("en"):
        return " ".join(refusal.messages)


def _record(application, registrar, **changes):
    values = {
        "method": "video_call",
        "document_kind": "dutch_identity_card",
        "checked_on": TODAY,
        "details_match": True,
        "note": "Tweede voornaam staat niet op de kaart.",
        "today": TODAY,
    } | changes
    return record_identity_check(application, registrar, **values)


def test_approval_without_the_identity_check_is_refused_on_the_identity_block(
    app, db, application, registrar
):
    with pytest.raises(ActionRefused) as refused:
        services.approve_application(
            application, registrar, reason=None, today=TODAY, expected_version=None
        )
    assert refused.value.field == "identity_method"
    assert "Confirm the applicant's identity before you approve" in _words(app, refused.value)
    db.session.rollback()
    assert application.state is ApplicationState.SUBMITTED
    with pytest.raises(ActionRefused):  # the grave path (against the proposal) asks first too
        services.check_approval(application, "Seen the original.", TODAY)


def test_the_check_is_recorded_and_the_decision_explains_itself_later(
    db, application, registrar, policies
):
    check = _record(application, registrar)
    db.session.commit()
    assert (check.method, check.document_kind, check.checked_on) == (
        "video_call",
        "dutch_identity_card",
        TODAY,
    )
    assert check.checked_by_id == registrar.id and check.details_match is True
    assert check.policy_version == policies.registration.version
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.identity_confirmed")
    ).one()
    assert event.detail == {
        "method": "video_call",
        "document_kind": "dutch_identity_card",
        "checked_on": TODAY.isoformat(),
    }

    services.approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.commit()
    decision = latest_decision(application, DecisionKind.APPLICATION)
    assert decision.details["identity_check"] == {
        "method": "video_call",
        "document_kind": "dutch_identity_card",
        "checked_on": TODAY.isoformat(),
        "checked_by_id": registrar.id,
    }
    stored = next(r for r in decision.trace["results"] if r["rule"] == "identity.confirmed")
    assert stored == {
        "rule": "identity.confirmed",
        "outcome": "passed",
        "facts": {
            "method": {"kind": "identity_method", "value": "video_call"},
            "document": {"kind": "identity_document", "value": "dutch_identity_card"},
            "checked_on": {"kind": "date", "value": TODAY.isoformat()},
        },
    }
    assert decision.proposal == "approve"  # the register's own step leaves the proposal be


def test_the_evaluation_shows_the_check_missing_without_changing_the_proposal(
    db, application, registrar
):
    evaluation = services.decision_evaluation(application, TODAY)
    assert evaluation.result("identity.confirmed").outcome.value == "missing"
    assert evaluation.proposal.value == "approve"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"checked_on": TODAY + dt.timedelta(days=1)}, "identity_checked_on", "future"),
        ({"checked_on": dt.date(2000, 1, 1)}, "identity_checked_on", "before the application"),
        ({"details_match": False}, "identity_details_match", "ask the applicant first"),
        ({"method": "by_post"}, "identity_method", "how you saw"),
        ({"document_kind": "library_card"}, "identity_document", "kind of identity document"),
    ],
)
def test_a_check_that_cannot_stand_is_refused_on_its_field(
    app, db, application, registrar, changes, field, words
):
    with pytest.raises(ActionRefused) as refused:
        _record(application, registrar, **changes)
    assert refused.value.field == field and words in _words(app, refused.value)
    assert identity_check_of(application) is None


def test_once_per_open_first_application(db, application, registrar, make_user):
    _record(application, registrar)
    with pytest.raises(NotAllowedNow):
        _record(application, registrar)
    draft = Application(applicant_id=make_user().id, tier=2)
    db.session.add(draft)
    db.session.flush()
    with pytest.raises(NotAllowedNow):
        _record(draft, registrar)


def test_an_application_for_another_tier_needs_no_new_check(db, make_user, registrar):
    from tests.change_support import register_person, tier_change_application

    registered = register_person(make_user, registrar, tier=1)
    application = tier_change_application(registered, tier=2)
    assert services.decision_evaluation(application, TODAY).result("identity.confirmed") is None
    with pytest.raises(NotAllowedNow):
        _record(application, registrar)
    services.start_review(application, registrar, expected_version=None)
    changed = services.approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    assert changed.tier == 2
    assert "identity_check" not in latest_decision(application, DecisionKind.TIER_CHANGE).details


def test_a_recorded_check_is_never_changed_or_removed(db, application, registrar):
    check = _record(application, registrar)
    db.session.commit()
    check.method = "in_person"
    with pytest.raises(IdentityCheckIsFinal):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(IdentityCheck, check.id))
    with pytest.raises(IdentityCheckIsFinal):
        db.session.flush()
    db.session.rollback()


def test_no_column_for_a_document_copy_or_number_or_a_citizen_service_number(db):
    columns = {c["name"] for c in inspect(db.engine).get_columns("identity_check")}
    assert columns == {
        "id",
        "application_id",
        "method",
        "document_kind",
        "checked_on",
        "checked_by_id",
        "details_match",
        "note",
        "recorded_at",
        "policy_version",
    }
    for word in ("bsn", "number", "copy", "scan", "file", "photo", "citizen"):
        assert not any(word in c for c in columns), word


def test_the_registrars_draft_is_kept_per_registrar_and_goes_with_the_decision(
    db, application, registrar, make_user
):
    other = make_user(role=Role.REGISTRAR)
    save_draft(application, registrar, {"refuse_reason": "Half getypt"})
    save_draft(application, other, {"message": "Vraag"})
    assert draft_of(application, registrar) == {"refuse_reason": "Half getypt"}
    assert draft_of(application, other) == {"message": "Vraag"}
    save_draft(application, other, {})
    assert draft_of(application, other) == {}
    _record(application, registrar)
    services.approve_application(
        application, registrar, reason=None, today=TODAY, expected_version=None
    )
    db.session.flush()
    assert db.session.scalars(select(ReviewDraft)).all() == []


def test_a_withdrawn_application_takes_the_registrars_draft_with_it(db, application, registrar):
    from register.applications.services import withdraw_application

    save_draft(application, registrar, {"message": "Kunt u uw diploma opnieuw sturen?"})
    withdraw_application(application, application.applicant)
    db.session.flush()
    assert application.state is ApplicationState.WITHDRAWN
    assert db.session.scalars(select(ReviewDraft)).all() == []
