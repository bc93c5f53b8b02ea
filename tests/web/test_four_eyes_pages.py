"""The proposals pages (four eyes): a grave action's confirmation page, the registrars' queue,
and the proposal page where a second registrar confirms or rejects and the proposer may
withdraw; nothing happens to the record, and nobody outside is told, until it is confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.decisions import latest_decision
from register.demo.registrations import ensure_programme, submitted_diploma_application
from register.domain.decisions import DecisionKind
from register.domain.four_eyes import ProposalState
from register.domain.lifecycle import RegistrationStatus
from register.models.accounts import Role
from register.models.decisions import ActionProposal
from register.models.programmes import AccreditationStatus
from register.review.services import approve_application
from tests.accreditation_support import decided
from tests.identity_support import confirmed_identity


@pytest.fixture
def registrars(make_user):
    return (
        make_user(role=Role.REGISTRAR, locale="en", given_names="Rianne"),
        make_user(role=Role.REGISTRAR, locale="en", given_names="Ruben"),
    )


@pytest.fixture
def registration(db, make_user, registrars):
    programme = ensure_programme(
        "AD Ervaringsdeskundigheid", "Hogeschool Test", 5, dt.date(2015, 1, 1), dt.date(2030, 1, 1)
    )
    user = make_user(given_names="Jan", surname="Berg", locale="en")
    application = submitted_diploma_application(
        user, programme, write_file=False, work_region="Gelderland"
    )
    confirmed_identity(application, registrars[0])
    registration = approve_application(
        application, registrars[0], reason=None, today=dt.date.today(), expected_version=None
    )
    db.session.commit()
    return registration


def _strike_off_url(registration):
    return f"/review/registrations/{registration.id}/strike-off"


def _propose_strike_off(client, login, registration, proposer, reason="Board ruling."):
    login(proposer)
    data = {"strike-version": registration.version, "strike-reason": reason}
    response = client.post(_strike_off_url(registration), data={**data, "step": "propose"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.post("/logout")
    return response.headers["Location"]


def _proposal(db):
    return db.session.scalars(select(ActionProposal).order_by(ActionProposal.id.desc())).first()


def test_the_confirmation_page_states_what_will_happen_and_changes_nothing(
    db, client, login, registration, registrars, outbox
):
    login(registrars[0])
    sent = len(outbox)
    data = {"strike-version": registration.version, "strike-reason": "Board ruling."}
    page = client.post(_strike_off_url(registration), data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Check before you propose: Strike off a registration" in text
    assert f"The public page of {registration.number} will show “Struck off” from today." in text
    assert "Board ruling." in text and 'name="strike-reason" value="Board ruling."' in text
    # "Change" goes back to the form with what was typed
    back = client.post(_strike_off_url(registration), data={**data, "step": "change"})
    assert back.status_code == 200 and "Board ruling.</textarea>" in back.get_data(as_text=True)
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE
    assert db.session.scalar(select(ActionProposal.id)) is None
    assert len(outbox) == sent


def test_a_second_registrar_confirms_and_only_then_it_takes_effect(
    db, client, login, registration, registrars, outbox
):
    proposer, confirmer = registrars
    sent = len(outbox)
    url = _propose_strike_off(client, login, registration, proposer)
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE
    assert len(outbox) == sent  # the person concerned is not told of the proposal

    login(proposer)
    own = client.get(url).get_data(as_text=True)
    assert "You proposed this yourself" in own and "Confirm: Strike off" not in own
    refused = client.post(url + "/confirm", data={"confirm-version": 1})
    assert refused.status_code == 422
    assert "you proposed it yourself" in refused.get_data(as_text=True)
    detail = client.get(f"/review/registrations/{registration.id}").get_data(as_text=True)
    assert "Waiting for a second registrar" in detail
    assert f'action="/review/registrations/{registration.id}/strike-off"' not in detail
    client.post("/logout")

    login(confirmer)
    queue = client.get("/registrar/proposals").get_data(as_text=True)
    assert "Proposals (1 waiting)" in queue and "Board ruling." in queue
    assert registration.number in queue
    page = client.get(url).get_data(as_text=True)
    assert "What will happen when you confirm" in page and "Confirm: Strike off" in page
    done = client.post(url + "/confirm", data={"confirm-version": 1})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/review/registrations/{registration.id}")
    db.session.expire_all()
    assert registration.status is RegistrationStatus.STRUCK_OFF
    assert _proposal(db).state is ProposalState.CONFIRMED
    stored = latest_decision(registration, DecisionKind.STRIKE_OFF)
    assert (stored.decided_by_id, stored.confirmed_by_id) == (proposer.id, confirmer.id)
    assert "struck off" in outbox[-1]["subject"]
    assert "Proposals (" not in client.get("/registrar/proposals").get_data(as_text=True)


def test_reject_needs_a_note_and_changes_nothing(db, client, login, registration, registrars):
    proposer, other = registrars
    url = _propose_strike_off(client, login, registration, proposer)
    login(other)
    empty = client.post(url + "/reject", data={"reject-version": 1, "reject-note": "  "})
    assert empty.status_code == 422
    assert "Say why you reject this proposal." in empty.get_data(as_text=True)
    done = client.post(url + "/reject", data={"reject-version": 1, "reject-note": "Not proven."})
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Not proven." in page and "Confirm: Strike off" not in page
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE
    assert _proposal(db).state is ProposalState.REJECTED


def test_only_the_proposer_withdraws(db, client, login, registration, registrars):
    proposer, other = registrars
    url = _propose_strike_off(client, login, registration, proposer)
    login(other)
    assert client.post(url + "/withdraw", data={"withdraw-version": 1}).status_code == 422
    client.post("/logout")
    login(proposer)
    assert client.post(url + "/withdraw", data={"withdraw-version": 1}).status_code == 302
    db.session.expire_all()
    assert _proposal(db).state is ProposalState.WITHDRAWN
    assert registration.status is RegistrationStatus.ACTIVE
    assert "No proposals are waiting." in client.get("/registrar/proposals").get_data(as_text=True)


def test_a_stale_or_lapsed_proposal_is_said_so(db, client, login, registration, registrars):
    proposer, other = registrars
    url = _propose_strike_off(client, login, registration, proposer)
    login(other)
    stale = client.post(url + "/confirm", data={"confirm-version": 99})
    assert stale.status_code == 409
    assert "Someone else decided on this proposal" in stale.get_data(as_text=True)
    proposal = _proposal(db)
    proposal.lapses_on = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "This proposal lapsed on" in page and "Confirm: Strike off" not in page
    assert client.post(url + "/confirm", data={"confirm-version": 1}).status_code == 409
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE


def test_a_proposal_the_record_has_outrun_cannot_be_confirmed(
    db, client, login, registration, registrars
):
    proposer, other = registrars
    url = _propose_strike_off(client, login, registration, proposer)
    registration.status = RegistrationStatus.STRUCK_OFF  # struck off by another way meanwhile
    db.session.commit()
    login(other)
    page = client.get(url).get_data(as_text=True)
    assert "can no longer be carried out as proposed" in page
    assert "Confirm: Strike off" not in page


def test_suspension_and_reinstating_a_struck_off_registration_take_four_eyes(
    db, client, login, registration, registrars
):
    proposer, other = registrars
    login(proposer)
    ends = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    data = {
        "suspend-version": registration.version,
        "suspend-category": "investigation",
        "suspend-reason": "Complaint.",
        "suspend-ends_on": ends,
    }
    page = client.post(f"/review/registrations/{registration.id}/suspend", data=data)
    assert "the suspension ends by itself" in page.get_data(as_text=True)
    client.post(
        f"/review/registrations/{registration.id}/suspend", data={**data, "step": "propose"}
    )
    client.post("/logout")
    login(other)
    client.post(f"/registrar/proposals/{_proposal(db).id}/confirm", data={"confirm-version": 1})
    db.session.expire_all()
    assert registration.status is RegistrationStatus.SUSPENDED
    assert registration.history[-1].ends_on.isoformat() == ends
    client.post("/logout")

    registration.status = RegistrationStatus.STRUCK_OFF
    db.session.commit()
    login(proposer)
    url = f"/review/registrations/{registration.id}/reinstate"
    empty = client.post(url, data={"reinstate-version": registration.version})
    assert empty.status_code == 422
    assert "Give the reason for reinstating a struck-off registration." in empty.get_data(
        as_text=True
    )
    data = {"reinstate-version": registration.version, "reinstate-note": "Ruling overturned."}
    assert "Check before you propose" in client.post(url, data=data).get_data(as_text=True)
    client.post(url, data={**data, "step": "propose"})
    db.session.expire_all()
    assert registration.status is RegistrationStatus.STRUCK_OFF
    client.post("/logout")
    login(other)
    client.post(f"/registrar/proposals/{_proposal(db).id}/confirm", data={"confirm-version": 1})
    db.session.expire_all()
    assert registration.status is RegistrationStatus.ACTIVE
    stored = latest_decision(registration, DecisionKind.REINSTATEMENT)
    assert (stored.decided_by_id, stored.confirmed_by_id) == (proposer.id, other.id)


def test_withdrawing_an_accreditation_takes_four_eyes(db, client, login, make_user, outbox):
    request, provider_user, registrar = decided(make_user)
    acc = request.accreditation
    other = make_user(role=Role.REGISTRAR, locale="en")
    registrar.locale = "en"
    db.session.commit()
    login(registrar)
    url = f"/accreditation/review/accreditations/{acc.id}"
    data = {"action": "withdraw", "reason": "Programme stopped.", "confirm": "y"}
    page = client.post(url, data=data)
    assert page.status_code == 200, page.get_data(as_text=True)[:1500]
    assert "Withdraw an accreditation" in page.get_data(as_text=True)
    proposed = client.post(url, data={**data, "step": "propose"})
    assert proposed.status_code == 302
    db.session.expire_all()
    assert acc.status is not AccreditationStatus.WITHDRAWN
    client.post("/logout")
    login(other)
    done = client.post(proposed.headers["Location"] + "/confirm", data={"confirm-version": 1})
    assert done.status_code == 302
    db.session.expire_all()
    assert acc.status is AccreditationStatus.WITHDRAWN
    assert outbox[-1]["to"] == provider_user.email
