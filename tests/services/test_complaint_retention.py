"""Complaint cases under the retention policy: a period after a case was closed, the daily
job erases the complainant's details, the account, notes, requests and files; the case
number, outcome, decision and measures stay; never before the period ends, never while an
objection to the decision is pending, and never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from register.complaints import services as cases
from register.complaints.retention import erase_closed_complaints
from register.domain.dates import add_months
from register.domain.measures import CaseOutcome, CaseState
from register.jobs import EXPIRY_JOBS
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.complaints import CaseFile, CaseNote, CaseRequest, Measure
from register.models.files import StoredFile
from register.models.objections import Objection
from register.policy.retention import DataKind
from register.uploads import upload_dir
from tests.change_support import register_person
from tests.complaint_support import investigated_case
from tests.objection_support import pdf_upload

TODAY = dt.date.today()


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


@pytest.fixture
def closed_case(db, make_user, registrar):
    registration = register_person(make_user, registrar, given_names="Rens", surname="Bewaar")
    case = investigated_case(registration, registrar, uploads=[pdf_upload("klacht.pdf")])
    cases.add_note(case, registrar, "Called the complainant.")
    cases.send_request(case, registrar, "Please tell us your side.", today=TODAY)
    cases.decide(
        case,
        registrar,
        CaseOutcome.WARNING,
        grounds="A public warning.",
        public_text="A warning.",
        ends_on=None,
        today=TODAY,
    )
    cases.close(case, registrar)
    db.session.flush()
    return case


def _months(policies):
    return policies.retention.kinds[DataKind.COMPLAINTS].months


def _count(db, model, case):
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.case_id == case.id)
    )


def test_the_policy_sets_a_period_after_closing_and_the_daily_job_runs_it(policies):
    period = policies.retention.kinds[DataKind.COMPLAINTS]
    assert period.after == "case_closed" and period.months > 0 and period.deleted_by_job
    assert ("closed complaint cases erased", erase_closed_complaints) in EXPIRY_JOBS


def test_a_closed_case_is_kept_until_its_period_ends(db, closed_case, policies):
    last_kept = add_months(TODAY, _months(policies)) - dt.timedelta(days=1)
    assert erase_closed_complaints(last_kept) == 0
    assert closed_case.erased_on is None
    assert closed_case.complainant_email == "klager@example.nl"
    assert _count(db, CaseNote, closed_case) == 1


def test_after_the_period_the_complainant_and_the_texts_are_erased_and_the_decision_kept(
    db, closed_case, policies
):
    files = db.session.scalars(
        select(StoredFile)
        .join(CaseFile, CaseFile.file_id == StoredFile.id)
        .where(CaseFile.case_id == closed_case.id)
    ).all()
    assert len(files) == 1
    path = upload_dir() / files[0].storage_name
    assert path.exists()
    decision_id, number = closed_case.decision_id, closed_case.number
    day = add_months(TODAY, _months(policies))

    assert erase_closed_complaints(day) == 1

    db.session.refresh(closed_case)
    assert (closed_case.complainant_name, closed_case.complainant_email) == ("", "")
    assert closed_case.complainant_phone is None and closed_case.account == ""
    assert closed_case.registration_text == "" and closed_case.intake_reason is None
    for model in (CaseNote, CaseRequest, CaseFile):
        assert _count(db, model, closed_case) == 0
    assert not path.exists()
    assert db.session.get(StoredFile, files[0].id) is None
    # what must remain open to checking stays
    assert closed_case.number == number and closed_case.decision_id == decision_id
    assert closed_case.state is CaseState.CLOSED and closed_case.outcome is CaseOutcome.WARNING
    assert _count(db, Measure, closed_case) == 1
    assert closed_case.erased_on == day
    assert closed_case.erasure_policy_version == policies.retention.version
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "retention.complaint_erased")
    ).one()
    assert event.subject_id == closed_case.id and event.actor_id is None
    # and only once
    assert erase_closed_complaints(day + dt.timedelta(days=1)) == 0


def test_a_case_is_not_erased_while_an_objection_to_its_decision_is_pending(
    db, closed_case, policies
):
    objection = Objection(
        decision_id=closed_case.decision_id,
        objector_id=closed_case.registration.user_id,
        grounds="I object.",
        received_on=TODAY,
        objection_until=TODAY,
        decide_by=TODAY + dt.timedelta(weeks=6),
        policy_version="test",
    )
    db.session.add(objection)
    db.session.flush()
    day = add_months(TODAY, _months(policies))
    assert erase_closed_complaints(day) == 0
    assert closed_case.erased_on is None and closed_case.account == "What happened."


def test_an_open_case_is_never_erased(db, make_user, registrar, policies):
    registration = register_person(make_user, registrar, given_names="Open", surname="Zaak")
    case = investigated_case(registration, registrar)
    assert erase_closed_complaints(add_months(TODAY, _months(policies) + 12)) == 0
    assert case.complainant_email == "klager@example.nl"
