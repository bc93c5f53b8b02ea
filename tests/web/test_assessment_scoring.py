"""Assessment pages, assessor side: the conflict declaration gate, drafts, submission,
blindness between assessors, and audited evidence downloads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from register.assessment.services import rubric_for
from register.domain.lifecycle import ApplicationState, AssessmentState
from register.models.accounts import Role
from register.models.applications import (
    Application,
    Evidence,
    EvidenceKind,
    Reference,
    ReferenceRelation,
    Route,
    WorkExperience,
)
from register.models.assessments import PortfolioAssessment
from register.models.audit import AuditEvent
from register.models.base import utcnow
from register.uploads import store_upload
from tests.web.test_apply_helpers import portfolio_entries


@pytest.fixture
def case(db, make_user, policies):
    """A submitted tier-1 transitional application with a portfolio and a diploma file,
    two assigned assessors (English interface) and a registrar."""
    applicant = make_user(role=Role.APPLICANT, given_names="Anna", surname="Aanvrager")
    application = Application(
        applicant_id=applicant.id,
        tier=1,
        route=Route.TRANSITIONAL,
        state=ApplicationState.SUBMITTED,
        submitted_at=utcnow(),
        portfolio_summary="My years in peer support.",
        phone="0612345678",
        portfolio_entries=portfolio_entries(1),
    )
    db.session.add(application)
    db.session.flush()
    files = {}
    for kind, name in (
        (EvidenceKind.PORTFOLIO, "portfolio.pdf"),
        (EvidenceKind.DIPLOMA, "diploma.pdf"),
    ):
        stored = store_upload(
            FileStorage(io.BytesIO(b"%PDF-1.4 " + name.encode()), filename=name), applicant
        )
        evidence = Evidence(application_id=application.id, file_id=stored.id, kind=kind)
        db.session.add(evidence)
        db.session.flush()
        files[kind] = evidence
    a1 = make_user(role=Role.ASSESSOR, given_names="Bas", locale="en")
    a2 = make_user(role=Role.ASSESSOR, given_names="Fatma", locale="en")
    first = PortfolioAssessment(application_id=application.id, assessor_id=a1.id)
    second = PortfolioAssessment(application_id=application.id, assessor_id=a2.id)
    db.session.add_all([first, second])
    registrar = make_user(role=Role.REGISTRAR, email="registrar@example.nl")
    db.session.commit()
    items = [i.id for i in rubric_for(application)]
    return {
        "application": application,
        "a1": a1,
        "a2": a2,
        "first": first,
        "second": second,
        "files": files,
        "items": items,
        "registrar": registrar,
    }


def _declare_no_conflict(client, assessment):
    response = client.post(f"/assessment/{assessment.id}/declaration", data={"conflict": "no"})
    assert response.status_code == 303


def _form(
    items, *, verdict="sufficient", rationale="Clear examples in the portfolio.", action="submit"
):
    data = {action: "1"}
    for item in items:
        data[f"score-{item}"] = verdict
        data[f"rationale-{item}"] = f"{rationale} ({item})"
    return data


def test_dashboard_lists_assignments_and_nothing_else(client, case, login):
    login(case["a1"])
    page = client.get("/assessment").get_data(as_text=True)
    assert "Anna Aanvrager" in page
    assert f"/assessment/{case['first'].id}/declaration" in page
    assert f"/assessment/{case['second'].id}" not in page


def test_before_declaring_only_name_and_tier(client, case, login):
    login(case["a1"])
    first = case["first"]
    page = client.get(f"/assessment/{first.id}/declaration").get_data(as_text=True)
    assert "Anna Aanvrager" in page and "Tier 1" in page
    assert "My years in peer support." not in page and "portfolio.pdf" not in page
    assert "0612345678" not in page
    assert client.get(f"/assessment/{first.id}").status_code == 302
    portfolio = case["files"][EvidenceKind.PORTFOLIO]
    assert client.get(f"/files/evidence/{portfolio.id}").status_code == 404
    assert client.post(f"/assessment/{first.id}", data=_form(case["items"])).status_code == 409


def test_declaration_needs_a_choice_and_a_note_for_a_conflict(client, case, login):
    login(case["a1"])
    url = f"/assessment/{case['first'].id}/declaration"
    response = client.post(url, data={})
    assert response.status_code == 422 and "Choose one of the options." in response.text
    response = client.post(url, data={"conflict": "yes", "note": " "})
    assert response.status_code == 422 and "Describe the conflict of interest." in response.text
    assert case["first"].state is AssessmentState.ASSIGNED


def test_conflict_closes_assignment_and_notifies_registrars(client, db, case, login, outbox):
    login(case["a1"])
    first = case["first"]
    response = client.post(
        f"/assessment/{first.id}/declaration",
        data={"conflict": "yes", "note": "I supervised her in 2022."},
    )
    assert response.status_code == 303
    db.session.refresh(first)
    assert first.state is AssessmentState.CONFLICT_DECLARED
    assert [m["to"] for m in outbox] == ["registrar@example.nl"]
    assert "I supervised her in 2022." in outbox[0]["body"]
    page = client.get(f"/assessment/{first.id}").get_data(as_text=True)
    assert "closed" in page and "My years in peer support." not in page
    portfolio = case["files"][EvidenceKind.PORTFOLIO]
    assert client.get(f"/files/evidence/{portfolio.id}").status_code == 404
    again = client.post(f"/assessment/{first.id}/declaration", data={"conflict": "no"})
    assert again.status_code == 409


def test_evidence_after_declaring_and_download_is_audited(client, db, case, login):
    login(case["a1"])
    first = case["first"]
    _declare_no_conflict(client, first)
    page = client.get(f"/assessment/{first.id}").get_data(as_text=True)
    assert "My years in peer support." in page and "portfolio.pdf" in page
    assert "diploma.pdf" not in page and "0612345678" not in page
    portfolio = case["files"][EvidenceKind.PORTFOLIO]
    response = client.get(f"/files/evidence/{portfolio.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    response.close()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.viewed"))
    assert event.actor_id == case["a1"].id and event.subject_id == portfolio.id
    diploma = case["files"][EvidenceKind.DIPLOMA]
    assert client.get(f"/files/evidence/{diploma.id}").status_code == 404
    # another assessor of the same application sees nothing before declaring
    login(case["a2"])
    assert client.get(f"/files/evidence/{portfolio.id}").status_code == 404


def test_draft_keeps_input_and_submit_validates_every_item(client, db, case, login):
    login(case["a1"])
    first, items = case["first"], case["items"]
    _declare_no_conflict(client, first)
    url = f"/assessment/{first.id}"
    draft = {
        "save": "1",
        f"score-{items[0]}": "insufficient",
        f"rationale-{items[1]}": "Still reading this part.",
    }
    assert client.post(url, data=draft).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Still reading this part." in page
    assert f'<input checked id="score-{items[0]}-1"' in page
    # submit with one rationale missing: refused, nothing lost, the field is named
    data = _form(items)
    data[f"rationale-{items[2]}"] = ""
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'href="#rationale-{items[2]}"' in page and "Write a rationale." in page
    assert f"Clear examples in the portfolio. ({items[0]})" in page
    db.session.refresh(first)
    assert first.submitted_at is None
    # a missing score is named too
    data = _form(items)
    del data[f"score-{items[3]}"]
    response = client.post(url, data=data)
    assert response.status_code == 422 and f'href="#score-{items[3]}"' in response.text


def test_submit_then_nothing_can_change(client, db, case, login, policies):
    login(case["a1"])
    first, items = case["first"], case["items"]
    _declare_no_conflict(client, first)
    url = f"/assessment/{first.id}"
    assert client.post(url, data=_form(items)).status_code == 303
    db.session.refresh(first)
    assert first.submitted_at is not None
    assert first.policy_version == policies.transitional_route.version
    later = client.post(url, data=_form(items, verdict="insufficient", rationale="Changed"))
    assert later.status_code == 409
    assert "can no longer be changed" in later.get_data(as_text=True)
    db.session.expire_all()
    assert all(s.sufficient for s in first.scores)
    assert not any("Changed" in s.rationale for s in first.scores)
    saving = client.post(url, data=_form(items, action="save", rationale="Changed"))
    assert saving.status_code == 409


def test_assessors_are_blind_to_each_other_until_they_submit(client, db, case, login):
    first, second, items = case["first"], case["second"], case["items"]
    login(case["a1"])
    _declare_no_conflict(client, first)
    assert (
        client.post(
            f"/assessment/{first.id}", data=_form(items, rationale="BAS-RATIONALE")
        ).status_code
        == 303
    )
    login(case["a2"])
    _declare_no_conflict(client, second)
    # nothing of Bas's assessment on Fatma's pages, and no URL reaches it
    for url in ("/assessment", f"/assessment/{second.id}"):
        assert "BAS-RATIONALE" not in client.get(url).get_data(as_text=True)
    for url in (
        f"/assessment/{first.id}",
        f"/assessment/{first.id}/comparison",
        f"/assessment/{first.id}/declaration",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/assessment/{second.id}/comparison").status_code == 403
    assert (
        client.get(f"/review/applications/{case['application'].id}/assessments").status_code == 403
    )
    # after submitting her own, Fatma may compare
    assert (
        client.post(
            f"/assessment/{second.id}", data=_form(items, verdict="insufficient")
        ).status_code
        == 303
    )
    page = client.get(f"/assessment/{second.id}/comparison").get_data(as_text=True)
    assert "BAS-RATIONALE" in page and "Assessors disagree" in page


def test_missing_assignment_is_404(client, case, login):
    login(case["a1"])
    assert client.get("/assessment/987654").status_code == 404
    _declare_no_conflict(client, case["first"])
    assert client.get("/files/evidence/987654").status_code == 404


def test_pages_speak_dutch_with_rubric_texts_from_the_policy(client, case, login, policies):
    login(case["a1"])
    client.post("/language", data={"lang": "nl"})
    page = client.get(f"/assessment/{case['first'].id}/declaration").get_data(as_text=True)
    assert "Heeft u een belangenconflict met deze aanvrager?" in page
    _declare_no_conflict(client, case["first"])
    page = client.get(f"/assessment/{case['first'].id}").get_data(as_text=True)
    rubric = rubric_for(case["application"])
    assert rubric[0].name.nl in page and rubric[0].name.en not in page
    assert rubric[0].indicators[0].nl in page
    situation = next(i for i in rubric if i.kind == "situation")
    assert situation.name.nl in page


def test_the_declaration_shows_the_organisations_named_in_the_application(client, case, db, login):
    application = case["application"]
    application.work_experience.append(
        WorkExperience(
            organisation="GGZ Noord",
            role="Ervaringswerker",
            start_date=dt.date(2019, 1, 1),
            end_date=None,
            hours_per_week=16,
            paid=True,
        )
    )
    application.references.append(
        Reference(
            name="Piet",
            email="piet@example.nl",
            organisation="Herstelhuis Zuid",
            relation=ReferenceRelation.SUPERVISOR,
        )
    )
    db.session.commit()
    login(case["a1"])
    page = client.get(f"/assessment/{case['first'].id}/declaration").get_data(as_text=True)
    assert "Organisations named in the application" in page
    assert "<li>GGZ Noord</li>" in page and "<li>Herstelhuis Zuid</li>" in page
    assert "piet@example.nl" not in page
