"""The application journey through the web: steps, drafts, bad input, submitting."""

from __future__ import annotations

import datetime as dt

import pytest

from register.domain.lifecycle import ApplicationState
from register.extensions import db
from register.models.accounts import Role
from register.models.applications import Application, ApplicationStatusChange, Route
from register.models.audit import AuditEvent
from register.uploads import upload_dir
from tests.web.test_apply_helpers import (
    PDF,
    diploma_application,
    make_programme,
    pdf,
    transitional_application,
    use_english,
)


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


def _start(client, login, make_user, **kw):
    user = make_user(**kw)
    login(user)
    response = client.post("/apply/start")
    assert response.status_code == 302
    application = db.session.query(Application).filter_by(applicant_id=user.id).one()
    return user, application


def test_dashboard_and_start(client, login, make_user):
    user, application = _start(client, login, make_user)
    assert application.state is ApplicationState.DRAFT
    page = client.get("/apply").get_data(as_text=True)
    assert f"/apply/{application.id}/step/tier" in page
    # a second open application is refused
    response = client.post("/apply/start", follow_redirects=True)
    assert db.session.query(Application).filter_by(applicant_id=user.id).count() == 1
    assert "already have an application" in response.get_data(as_text=True)


def test_staff_cannot_use_the_applicant_pages(client, login, make_user):
    login(make_user(role=Role.REGISTRAR))
    assert client.get("/apply").status_code == 403


def test_tier_step_shows_policy_names_and_focus(client, login, make_user, policies):
    _, application = _start(client, login, make_user)
    page = client.get(f"/apply/{application.id}/step/tier").get_data(as_text=True)
    for tier in policies.tiers.tiers:
        assert tier.name.en in page
        assert tier.core_task_focus.en.split()[0] in page
    assert 'aria-current="step"' in page


def test_diploma_journey_end_to_end(client, login, make_user, outbox, app):
    programme = make_programme(level=5)
    user, application = _start(client, login, make_user)
    base = f"/apply/{application.id}/step"
    r = client.post(f"{base}/tier", data={"tier": "2", "action": "continue"})
    assert r.headers["Location"].endswith(f"{base}/route")
    r = client.post(f"{base}/route", data={"route": "diploma", "action": "continue"})
    assert r.headers["Location"].endswith(f"{base}/personal")
    r = client.post(
        f"{base}/personal",
        data={
            "date_of_birth": "1980-02-03",
            "phone": "0612345678",
            "work_region": "Utrecht",
            "action": "continue",
        },
    )
    assert r.headers["Location"].endswith(f"{base}/diploma")
    r = client.post(
        f"{base}/diploma",
        data={
            "programme_id": programme.id,
            "diploma_date": "2022-06-30",
            "file": pdf("d.pdf"),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    assert r.headers["Location"].endswith(f"{base}/review"), r.get_data(as_text=True)[:3000]
    page = client.get(f"{base}/review").get_data(as_text=True)
    assert "Still to do" not in page
    # without accepting the code: refused, nothing changes
    r = client.post(f"/apply/{application.id}/submit", data={})
    assert "professional code" in r.get_data(as_text=True)
    db.session.refresh(application)
    assert application.state is ApplicationState.DRAFT
    r = client.post(f"/apply/{application.id}/submit", data={"accept_code": "y"})
    assert r.status_code == 302
    db.session.refresh(application)
    assert application.state is ApplicationState.SUBMITTED
    assert application.submitted_at is not None and application.code_accepted_at is not None
    assert [h.to_state for h in application.history] == [ApplicationState.SUBMITTED]
    assert db.session.query(AuditEvent).filter_by(action="application.submit").count() == 1
    assert any(m["to"] == user.email for m in outbox)
    # after sending, the steps cannot change anything
    r = client.post(f"{base}/tier", data={"tier": "1", "action": "continue"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/apply/{application.id}")
    db.session.refresh(application)
    assert application.tier == 2


def test_save_and_come_back_later_keeps_the_draft(client, login, make_user):
    user, application = _start(client, login, make_user)
    base = f"/apply/{application.id}/step"
    r = client.post(f"{base}/tier", data={"tier": "3", "action": "later"})
    assert r.headers["Location"].endswith("/apply")
    client.post("/logout")
    client.get("/")
    login(user)
    page = client.get(f"{base}/tier").get_data(as_text=True)
    assert 'value="3" aria-describedby="tier-3-focus" checked' in page
    db.session.refresh(application)
    assert application.tier == 3


def test_missing_fields_are_reported_and_input_kept(client, login, make_user):
    _, application = _start(client, login, make_user)
    base = f"/apply/{application.id}/step"
    r = client.post(f"{base}/tier", data={"action": "continue"})
    assert r.status_code == 422 and "Choose the tier" in r.get_data(as_text=True)
    r = client.post(
        f"{base}/personal",
        data={"phone": "0611111111", "work_region": "Zwolle", "action": "continue"},
    )
    page = r.get_data(as_text=True)
    assert "Fill in your date of birth" in page
    assert 'value="Zwolle"' in page and 'value="0611111111"' in page
    assert 'href="#date_of_birth"' in page


def _diploma_draft(client, login, make_user, tier=2, level=5, **programme_kw):
    programme = make_programme(level=level, **programme_kw)
    _, application = _start(client, login, make_user)
    application.tier, application.route = tier, Route.DIPLOMA
    db.session.commit()
    return programme, application


def test_diploma_date_outside_the_accreditation_period(client, login, make_user):
    programme, application = _diploma_draft(
        client, login, make_user, start=dt.date(2021, 1, 1), end=dt.date(2023, 1, 1)
    )
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={"programme_id": programme.id, "diploma_date": "2020-06-30", "action": "continue"},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "not accredited on this date" in page
    assert 'value="2020-06-30"' in page
    db.session.refresh(application)
    assert application.diploma_date is None


def test_programme_level_not_giving_entry(client, login, make_user):
    programme, application = _diploma_draft(client, login, make_user, tier=3, level=4)
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={"programme_id": programme.id, "diploma_date": "2022-06-30", "action": "continue"},
    )
    page = r.get_data(as_text=True)
    assert "NLQF 4" in page and "Tier 3 accepts" in page
    db.session.refresh(application)
    assert application.programme_id is None


def test_future_diploma_date_and_bad_date(client, login, make_user):
    programme, application = _diploma_draft(client, login, make_user)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={"programme_id": programme.id, "diploma_date": future},
    )
    assert "cannot be in the future" in r.get_data(as_text=True)
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={"programme_id": programme.id, "diploma_date": "31-31-2020"},
    )
    assert r.status_code == 422 and 'aria-invalid="true"' in r.get_data(as_text=True)


def test_wrong_file_type_is_a_field_error(client, login, make_user):
    programme, application = _diploma_draft(client, login, make_user)
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={
            "programme_id": programme.id,
            "diploma_date": "2022-06-30",
            "file": pdf("diploma.pdf", b"just some text, not a PDF"),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Upload a PDF, PNG or JPEG file" in page and 'href="#file"' in page
    assert 'value="2022-06-30"' in page
    db.session.refresh(application)
    assert application.evidence == []


def test_oversize_upload_is_a_field_error(client, login, make_user, app):
    app.config["MAX_UPLOAD_BYTES"] = 64
    programme, application = _diploma_draft(client, login, make_user)
    r = client.post(
        f"/apply/{application.id}/step/diploma",
        data={
            "programme_id": programme.id,
            "diploma_date": "2022-06-30",
            "file": pdf("big.pdf", PDF + b"x" * 200),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    assert "larger than" in r.get_data(as_text=True)
    db.session.refresh(application)
    assert application.evidence == []


def test_evidence_can_be_removed_from_a_draft(client, login, make_user):
    programme, application = _diploma_draft(client, login, make_user)
    client.post(
        f"/apply/{application.id}/step/diploma",
        data={
            "programme_id": programme.id,
            "diploma_date": "2022-06-30",
            "file": pdf("d.pdf"),
            "action": "later",
        },
        content_type="multipart/form-data",
    )
    db.session.refresh(application)
    (evidence,) = application.evidence
    with client.get(f"/files/evidence/{evidence.id}") as download:
        assert download.status_code == 200 and download.data == PDF
    client.post(f"/apply/{application.id}/evidence/{evidence.id}/remove", data={"step": "diploma"})
    db.session.refresh(application)
    assert application.evidence == []


def test_submit_blocked_until_complete(client, login, make_user):
    programme = make_programme()
    user = make_user()
    application = diploma_application(user, programme, complete=False)
    login(user)
    page = client.get(f"/apply/{application.id}/step/review").get_data(as_text=True)
    assert "A copy of the diploma" in page
    r = client.post(f"/apply/{application.id}/submit", data={"accept_code": "y"})
    assert "not complete yet" in r.get_data(as_text=True)
    db.session.refresh(application)
    assert application.state is ApplicationState.DRAFT
    assert db.session.query(ApplicationStatusChange).count() == 0


def test_unconfirmed_email_blocks_submit(client, login, make_user):
    programme = make_programme()
    user = make_user(confirmed=False)
    application = diploma_application(user, programme)
    login(user)
    page = client.get(f"/apply/{application.id}/step/review").get_data(as_text=True)
    assert "not confirmed your e-mail address" in page
    r = client.post(f"/apply/{application.id}/submit", data={"accept_code": "y"})
    assert "Confirm your e-mail address first" in r.get_data(as_text=True)
    db.session.refresh(application)
    assert application.state is ApplicationState.DRAFT


def test_transitional_submit_asks_each_referee(client, login, make_user, outbox):
    user = make_user()
    application = transitional_application(user)
    login(user)
    r = client.post(f"/apply/{application.id}/submit", data={"accept_code": "y"})
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    recipients = {m["to"] for m in outbox}
    assert {"ref0@example.nl", "ref1@example.nl", user.email} <= recipients
    assert all(ref.requested_at for ref in application.references)


def test_another_applicant_cannot_see_or_download(client, login, make_user):
    programme = make_programme()
    owner = make_user()
    application = diploma_application(owner, programme)
    evidence = application.evidence[0]
    login(make_user())
    assert client.get(f"/apply/{application.id}").status_code == 404
    assert client.get(f"/apply/{application.id}/step/tier").status_code == 404
    assert client.get(f"/files/evidence/{evidence.id}").status_code == 404
    withdraw = client.post(f"/apply/{application.id}/withdraw", data={"confirm": "y"})
    assert withdraw.status_code == 404
    db.session.refresh(application)
    assert application.state is ApplicationState.DRAFT


def test_registrar_download_is_audited(client, login, make_user):
    programme = make_programme()
    owner = make_user()
    application = diploma_application(owner, programme)
    evidence = application.evidence[0]
    (upload_dir() / evidence.file.storage_name).write_bytes(PDF)
    login(make_user(role=Role.REGISTRAR))
    with client.get(f"/files/evidence/{evidence.id}") as download:
        assert download.status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="evidence.viewed").count() == 1
    login(make_user(role=Role.ASSESSOR))
    assert client.get(f"/files/evidence/{evidence.id}").status_code == 404
