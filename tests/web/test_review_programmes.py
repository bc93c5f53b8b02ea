"""Registrars add programmes with their NLQF level and enter accreditation periods."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register.models.accounts import Role
from register.models.audit import AuditEvent
from register.models.programmes import AccreditationStatus, Programme, TrainingProvider


@pytest.fixture
def registrar(make_user):
    return make_user(role=Role.REGISTRAR, locale="en")


PROGRAMME = {
    "provider_name": "Hogeschool Utrecht",
    "name": "AD Ervaringsdeskundigheid",
    "nlqf_level": "5",
    "context": "standalone",
    "study_load_hours": "3360",
    "mode": "part_time",
    "description": "",
}


def test_add_programme_and_accreditation(db, client, login, registrar):
    login(registrar)
    assert client.get("/review/programmes/new").status_code == 200
    response = client.post("/review/programmes/new", data=PROGRAMME)
    assert response.status_code == 302
    programme = db.session.scalars(select(Programme)).one()
    assert programme.provider.name == "Hogeschool Utrecht" and programme.nlqf_level == 5
    assert programme.study_load_hours == 3360

    url = f"/review/programmes/{programme.id}/accreditations"
    response = client.post(
        url, data={"valid_from": "2020-01-01", "valid_until": "2019-01-01", "note": "Besluit 12"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end date must be after the start date." in body and "Besluit 12" in body

    client.post(
        url, data={"valid_from": "2020-01-01", "valid_until": "2026-01-01", "note": "Besluit 12"}
    )
    client.post(url, data={"valid_from": "2026-01-02", "valid_until": "2032-01-01"})
    db.session.expire_all()
    statuses = [(a.status, a.entered_manually) for a in programme.accreditations]
    assert statuses == [(AccreditationStatus.LAPSED, True), (AccreditationStatus.ACTIVE, True)]
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "programme.added" in actions and actions.count("accreditation.entered") == 2
    page = client.get("/review/programmes").get_data(as_text=True)
    assert "AD Ervaringsdeskundigheid" in page and "Hogeschool Utrecht" in page


def test_programme_form_errors_keep_input_and_reuse_providers(db, client, login, registrar):
    login(registrar)
    response = client.post(
        "/review/programmes/new", data={**PROGRAMME, "name": "", "study_load_hours": "-3"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Fill in the name of the programme." in body and "Hogeschool Utrecht" in body
    client.post("/review/programmes/new", data=PROGRAMME)
    client.post(
        "/review/programmes/new",
        data={**PROGRAMME, "provider_name": "hogeschool  utrecht", "name": "Cursus"},
    )
    assert len(db.session.scalars(select(TrainingProvider)).all()) == 1
    assert client.get("/review/programmes/999999").status_code == 404


def test_applicants_cannot_add_programmes(client, login, make_user):
    login(make_user())
    assert client.post("/review/programmes/new", data=PROGRAMME).status_code == 403
