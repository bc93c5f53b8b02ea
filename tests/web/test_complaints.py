"""Complaints and cases through the pages: a member of the public files a complaint, a
registrar works it (intake, investigation, a request the registrant answers in the portal,
an interim suspension and a decision confirmed by a second registrar), and the public page
and the API show the measure."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from register.domain.lifecycle import RegistrationStatus
from register.domain.measures import CaseOutcome, CaseState, MeasureKind
from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.complaints import CaseRequest, ComplaintCase, Measure
from register.models.decisions import ActionProposal
from register.policy import current_policies
from tests.change_support import register_person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def registrars(make_user):
    return (
        make_user(role=Role.REGISTRAR, locale="en", given_names="Rianne"),
        make_user(role=Role.REGISTRAR, locale="en", given_names="Ruben"),
    )


@pytest.fixture
def registration(db, make_user, registrars):
    return register_person(make_user, registrars[0], given_names="Kees", surname="Klacht")


def _complaint(**changes):
    data = {
        "name": "Petra Publiek",
        "email": "petra@example.nl",
        "phone": "",
        "relation": "client",
        "registration": "Kees Klacht",
        "happened_on": "",
        "account": "During a group session he shared my story with others without asking.",
    }
    data.update(changes)
    return data


def _file(client, **changes):
    client.post("/language", data={"lang": "en"})
    return client.post("/complaint", data=_complaint(**changes))


def _case(db) -> ComplaintCase:
    db.session.expire_all()
    return db.session.scalars(select(ComplaintCase).order_by(ComplaintCase.id.desc())).first()


def test_the_complaint_form_is_linked_from_every_page_and_the_home_page(client):
    home = client.get("/").get_data(as_text=True)
    assert home.count('href="/complaint"') >= 2  # the home page's card and the footer
    assert 'href="/contact"' in home
    assert "klacht" in home.lower()  # Dutch link text (the default language)
    assert "Contact" in client.get("/tiers").get_data(as_text=True)
    page = client.get("/complaint")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)


def test_filing_gives_a_case_number_a_receipt_and_a_notice_to_staff(db, client, outbox, registrars):
    response = _file(client)
    assert response.status_code == 302
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    case = _case(db)
    assert re.fullmatch(rf"K-{dt.date.today().year}-\d{{6}}", case.number)
    assert case.number in receipt
    assert case.state is CaseState.RECEIVED and case.registration_id is None
    mails = {m["to"]: m for m in outbox}
    assert case.number in mails["petra@example.nl"]["subject"]
    assert case.number in mails[registrars[0].email]["subject"]
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "complaint.received", AuditEvent.subject_id == case.id
        )
    )


def test_two_complaints_get_consecutive_numbers(db, client):
    _file(client)
    first = _case(db).number
    _file(client, name="Anna Ander")
    second = _case(db).number
    assert int(second[-6:]) == int(first[-6:]) + 1


def test_a_name_not_in_the_register_gets_the_same_answer(db, client):
    known = _file(client)
    unknown = _file(client, registration="Nobody Nowhere Notregistered")
    assert known.status_code == unknown.status_code == 302
    assert "/complaint/received/" in unknown.headers["Location"]


def test_bad_input_is_refused_with_everything_typed_kept(db, client):
    response = _file(client, email="not-an-address", name="Petra Publiek", relation="")
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in text
    assert 'value="Petra Publiek"' in text
    assert "shared my story" in text
    assert _case(db) is None


def test_a_future_date_and_an_unreadable_file_are_refused(db, client):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert _file(client, happened_on=future).status_code == 422
    bad = client.post(
        "/complaint",
        data={**_complaint(), "files": (io.BytesIO(b"MZ not a pdf"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert "PDF, PNG or JPEG" in bad.get_data(as_text=True)
    assert _case(db) is None


def test_files_sent_with_a_complaint_are_for_staff_only_and_audited(
    db, client, login, make_user, registrars
):
    response = client.post(
        "/complaint",
        data={**_complaint(), "files": (io.BytesIO(PDF), "proof.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attached = _case(db).files[0]
    login(make_user(locale="en"))
    assert client.get(f"/files/case/{attached.id}").status_code == 404
    client.post("/logout")
    login(registrars[0])
    with client.get(f"/files/case/{attached.id}") as download:
        assert download.status_code == 200
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == "evidence.viewed", AuditEvent.actor_id == registrars[0].id
        )
    )


def _work(client, case, action, **fields):
    data = {"action": action, f"{action}-version": case.version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/registrar/cases/{case.id}", data=data)


def _admitted(db, client, login, registration, registrar):
    _file(client)
    case = _case(db)
    login(registrar)
    assert _work(client, case, "match", number=registration.number).status_code == 302
    assert _work(client, _case(db), "intake", admissible="yes").status_code == 302
    assert _work(client, _case(db), "investigate").status_code == 302
    return _case(db)


def test_intake_needs_the_registration_and_an_inadmissible_case_a_reason(
    db, client, login, registration, registrars, outbox
):
    _file(client)
    case = _case(db)
    login(registrars[0])
    page = client.get(f"/registrar/cases/{case.id}")
    assert page.status_code == 200 and "shared my story" in page.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "complaint.viewed"))
    refused = _work(client, case, "intake", admissible="yes")
    assert refused.status_code == 422
    assert "Set the registration" in refused.get_data(as_text=True)
    wrong = _work(client, case, "match", number="ED-0000000")
    assert wrong.status_code == 422
    no_reason = _work(client, case, "intake", admissible="no")
    assert no_reason.status_code == 422
    outbox.clear()
    assert (
        _work(client, case, "intake", admissible="no", reason="Not about a registrant.").status_code
        == 302
    )
    case = _case(db)
    assert case.state is CaseState.INADMISSIBLE
    assert any(
        "Not about a registrant." in m["body"] for m in outbox if m["to"] == "petra@example.nl"
    )
    assert _work(client, case, "close").status_code == 302
    assert _case(db).state is CaseState.CLOSED


def test_posting_one_part_keeps_what_was_typed_in_another(
    db, client, login, registration, registrars
):
    case = _admitted(db, client, login, registration, registrars[0])
    data = {
        "action": "note",
        "note-version": case.version,
        "note-text": "Called the complainant.",
        "request-question": "Please tell us what happened on 3 March.",
    }
    response = client.post(f"/registrar/cases/{case.id}", data=data)
    assert response.status_code == 200
    assert "Please tell us what happened on 3 March.</textarea>" in response.get_data(as_text=True)
    assert [n.text for n in _case(db).notes] == ["Called the complainant."]


def test_the_registrant_answers_a_request_in_the_portal_and_overdue_shows(
    db, client, login, registration, registrars, outbox
):
    case = _admitted(db, client, login, registration, registrars[0])
    outbox.clear()
    assert _work(client, case, "request", question="What happened on 3 March?").status_code == 302
    request = db.session.scalars(select(CaseRequest)).one()
    assert request.due_on == dt.date.today() + dt.timedelta(days=21)
    assert any(m["to"] == registration.user.email for m in outbox)
    request.due_on = request.sent_on = dt.date.today() - dt.timedelta(days=30)
    db.session.commit()
    queue = client.get("/registrar/cases").get_data(as_text=True)
    assert "<strong>1</strong>" in queue
    assert "Overdue: no answer yet." in client.get(f"/registrar/cases/{case.id}").get_data(
        as_text=True
    )
    client.post("/logout")

    login(registration.user)
    mine = client.get("/my-registration/case-requests").get_data(as_text=True)
    assert "What happened on 3 March?" in mine and "Overdue" in mine
    empty = client.post(
        f"/my-registration/case-requests/{request.id}", data={"answer": "", "version": 1}
    )
    assert empty.status_code == 422
    answered = client.post(
        f"/my-registration/case-requests/{request.id}",
        data={"answer": "I asked the group first.", "version": 1},
    )
    assert answered.status_code == 302
    db.session.expire_all()
    assert request.answer == "I asked the group first."
    again = client.post(
        f"/my-registration/case-requests/{request.id}", data={"answer": "More.", "version": 1}
    )
    assert again.status_code == 409


def test_another_registrant_cannot_see_the_request(
    db, client, login, make_user, registration, registrars
):
    case = _admitted(db, client, login, registration, registrars[0])
    _work(client, case, "request", question="A question.")
    request = db.session.scalars(select(CaseRequest)).one()
    client.post("/logout")
    login(make_user(locale="en"))
    assert client.get(f"/my-registration/case-requests/{request.id}").status_code == 404


def _propose(client, case, action, **fields):
    data = {"action": action, f"{action}-version": case.version, "step": "propose"}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/registrar/cases/{case.id}", data=data)


def _confirm(db, client, login, confirmer):
    proposal = db.session.scalars(select(ActionProposal).order_by(ActionProposal.id.desc())).first()
    client.post("/logout")
    login(confirmer)
    response = client.post(
        f"/registrar/proposals/{proposal.id}/confirm", data={"confirm-version": proposal.version}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    client.post("/logout")


def test_interim_suspension_then_a_decided_suspension_each_confirmed_by_a_second_registrar(
    db, client, login, registration, registrars, outbox
):
    proposer, confirmer = registrars
    case = _admitted(db, client, login, registration, proposer)
    # the confirmation page first, then the proposal: nothing happens yet
    page = _work(client, case, "interim", reason="Risk to clients while we investigate.")
    assert page.status_code == 200 and "Check before you propose" in page.get_data(as_text=True)
    assert _propose(client, case, "interim", reason="Risk to clients.").status_code == 302
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE
    _confirm(db, client, login, confirmer)
    db.session.expire_all()
    assert registration.status is RegistrationStatus.SUSPENDED
    interim = db.session.scalars(select(Measure)).one()
    assert (interim.kind, interim.category, interim.case_id) == (
        MeasureKind.SUSPENSION,
        "investigation",
        case.id,
    )
    assert _case(db).state is CaseState.INVESTIGATION  # an interim suspension decides nothing

    public = client.get(f"/registrations/{registration.number}?lang=en")
    api = client.get(f"/api/v1/registrations/{registration.number}").get_json()
    assert api["registered"] is False
    assert [m["public_category"] for m in api["measures"]] == ["investigation"]

    # the decision: a suspension until a date, proposed and confirmed
    login(proposer)
    ends = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    outbox.clear()
    response = _propose(
        client,
        _case(db),
        "decide",
        outcome="suspension",
        grounds="Broke confidentiality.",
        ends_on=ends,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _case(db).state is CaseState.INVESTIGATION
    _confirm(db, client, login, confirmer)
    case = _case(db)
    assert case.state is CaseState.DECIDED and case.outcome is CaseOutcome.SUSPENSION
    measures = db.session.scalars(select(Measure).order_by(Measure.id)).all()
    assert measures[0].ended_on == dt.date.today()  # the interim one was replaced
    assert (measures[1].category, measures[1].ends_on.isoformat()) == ("disciplinary", ends)
    told = [m for m in outbox if m["to"] == "petra@example.nl"]
    assert told and "suspension" in told[-1]["body"].lower()
    letters = [m for m in outbox if m["to"] == registration.user.email]
    assert letters and "/letter" in letters[-1]["body"]
    api = client.get(f"/api/v1/registrations/{registration.number}").get_json()
    current = [m for m in api["measures"] if m["in_force"]]
    assert [(m["kind"], m["until"]) for m in current] == [("suspension", ends)]
    assert public.status_code == 200


def test_conditions_are_decided_at_once_and_shown_publicly(
    db, client, login, registration, registrars, outbox
):
    case = _admitted(db, client, login, registration, registrars[0])
    deadline = (dt.date.today() + dt.timedelta(days=180)).isoformat()
    missing = _work(client, case, "decide", outcome="conditions", grounds="Supervision needed.")
    assert missing.status_code == 422
    response = _work(
        client,
        case,
        "decide",
        outcome="conditions",
        grounds="Supervision needed.",
        public_text="Works only under supervision of a tier 3 colleague.",
        ends_on=deadline,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _case(db).state is CaseState.DECIDED
    page = client.get(f"/registrations/{registration.number}").get_data(as_text=True)
    assert "Works only under supervision of a tier 3 colleague." in page
    assert "Supervision needed." not in page


def test_a_strike_off_shows_no_valid_until_but_since_when_and_re_entry(
    db, client, login, registration, registrars
):
    case = _admitted(db, client, login, registration, registrars[0])
    assert (
        _propose(client, case, "decide", outcome="strike_off", grounds="Serious harm.").status_code
        == 302
    )
    _confirm(db, client, login, registrars[1])
    assert _case(db).outcome is CaseOutcome.STRIKE_OFF
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/registrations/{registration.number}").get_data(as_text=True)
    today = dt.date.today()
    re_entry = (
        today.replace(year=today.year + 5) if not (today.month == 2 and today.day == 29) else None
    )
    assert "Valid until" not in page
    assert "Not registered since" in page
    assert "Registering again not before" in page
    api = client.get(f"/api/v1/registrations/{registration.number}").get_json()
    assert api["valid_until"] is None and api["registered"] is False
    assert api["not_registered_since"] == today.isoformat()
    if re_entry:
        assert api["re_entry_not_before"] == re_entry.isoformat()
    assert "Serious harm." not in page and "Serious harm." not in str(api)


def test_the_contact_page_gives_the_routes(client):
    client.post("/language", data={"lang": "en"})
    page = client.get("/contact").get_data(as_text=True)
    assert "register@example.nl" in page
    assert 'href="/complaint"' in page
    assert "6 weeks" in page


def test_an_erased_case_says_so_and_shows_nothing_of_the_complainant(
    db, client, login, registration, registrars
):
    import datetime as dt

    from register.complaints import services as cases
    from register.complaints.retention import erase_closed_complaints
    from register.domain.dates import add_months
    from register.policy.retention import DataKind

    case = _admitted(db, client, login, registration, registrars[0])
    cases.decide(
        case,
        registrars[0],
        CaseOutcome.NO_MEASURE,
        grounds="Nothing found.",
        public_text=None,
        ends_on=None,
        today=dt.date.today(),
    )
    cases.close(case, registrars[0])
    months = current_policies().retention.kinds[DataKind.COMPLAINTS].months
    assert erase_closed_complaints(add_months(dt.date.today(), months)) == 1
    db.session.commit()
    html = client.get(f"/registrar/cases/{case.id}").get_data(as_text=True)
    assert "under the retention policy" in html and case.number in html
    assert "Petra Publiek" not in html and "petra@example.nl" not in html
    assert "group session" not in html
