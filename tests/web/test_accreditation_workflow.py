"""The panel, registrar and public pages: the whole workflow by the views, blind scoring,
immutable scores, assessor access, decision with conditions, and the public list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register.accreditation.common import criteria_for, criterion_ids
from register.domain.accreditation import RequestState, Score
from register.models.accounts import Role
from register.models.accreditation import PanelMember
from register.models.programmes import AccreditationStatus
from tests.accreditation_support import TODAY, decided, score_all, submitted_request, under_review


@pytest.fixture(autouse=True)
def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def switch(client, login, user):
    client.post("/logout")
    login(user)


def grid(ids, score="met", note="", **overrides):
    data = {f"score-{cid}": score for cid in ids}
    data.update({f"note-{cid}": note for cid in ids})
    data.update(overrides)
    return data


def test_whole_workflow_through_the_pages(client, db, make_user, login, outbox, policies):
    req, provider_user = submitted_request(make_user, level=4)
    registrar = make_user(role=Role.REGISTRAR)
    a1 = make_user(role=Role.ASSESSOR, is_lived_experience_expert=True, given_names="Bas")
    a2 = make_user(role=Role.ASSESSOR, given_names="Fatma")
    ids = criterion_ids(req)

    switch(client, login, registrar)
    # a panel without an expert by experience is refused, with the policy's reason
    response = client.post(
        f"/accreditation/review/requests/{req.id}/panel",
        data={"assessors": [str(a2.id)], "chair": str(a2.id)},
    )
    assert response.status_code == 422
    assert "at least 2 assessors" in response.get_data(as_text=True)
    response = client.post(
        f"/accreditation/review/requests/{req.id}/panel",
        data={"assessors": [str(a1.id), str(a2.id)], "chair": str(a1.id)},
    )
    assert response.status_code == 302
    assert {m["to"] for m in outbox} >= {a1.email, a2.email}

    # assessor 1: declaration first, then the answers become visible
    switch(client, login, a1)
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Conflict of interest" in page and "Covered in the course" not in page
    client.post(f"/accreditation/panel/requests/{req.id}/declaration", data={"conflict": "no"})
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Covered in the course" in page
    data = grid(ids, **{f"score-{ids[0]}": "partly_met", f"note-{ids[0]}": "Thin evidence"})
    client.post(f"/accreditation/panel/requests/{req.id}/scores", data={**data, "action": "submit"})

    # assessor 2 cannot see assessor 1's scores before submitting
    switch(client, login, a2)
    client.post(f"/accreditation/panel/requests/{req.id}/declaration", data={"conflict": "no"})
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Thin evidence" not in page and "Bas" not in page.split("Questions to the provider")[0]
    client.post(
        f"/accreditation/panel/requests/{req.id}/scores", data={**grid(ids), "action": "submit"}
    )
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Thin evidence" in page  # after submitting, the other scores are shown

    # the registrar records findings: agreed criteria are prefilled
    switch(client, login, registrar)
    page = client.get(f"/accreditation/review/requests/{req.id}/findings").get_data(as_text=True)
    assert f'id="score-{ids[1]}-met" name="score-{ids[1]}" value="met" checked' in page
    assert (
        f'id="score-{ids[0]}-partly_met" name="score-{ids[0]}" value="partly_met" checked'
        not in page
    )
    findings = grid(ids, **{f"score-{ids[0]}": "partly_met"}, recommendation="conditional")
    response = client.post(f"/accreditation/review/requests/{req.id}/findings", data=findings)
    assert response.status_code == 422  # partly met needs an explanation
    assert "Explain why this criterion is not fully met." in response.get_data(as_text=True)
    findings[f"note-{ids[0]}"] = "Assessment of this outcome is not described"
    response = client.post(f"/accreditation/review/requests/{req.id}/findings", data=findings)
    assert response.status_code == 302
    db.session.refresh(req)
    assert req.state is RequestState.FINDINGS_AGREED

    # the decision page shows the proposal and trace; conditions need a valid deadline
    page = client.get(f"/accreditation/review/requests/{req.id}/decision").get_data(as_text=True)
    assert (
        "Accredited with conditions" in page
        and "Partly met criteria: few enough for accreditation with conditions" in page
    )
    deadline = (TODAY + dt.timedelta(days=180)).isoformat()
    bad = {
        "outcome": "conditional",
        "condition_rows": "1",
        "condition-0-text": "Describe it",
        "condition-0-deadline": "next year",
        "condition-0-criterion": ids[0],
    }
    response = client.post(f"/accreditation/review/requests/{req.id}/decision", data=bad)
    assert response.status_code == 422 and "Describe it" in response.get_data(as_text=True)
    response = client.post(
        f"/accreditation/review/requests/{req.id}/decision",
        data={**bad, "condition-0-deadline": deadline},
    )
    assert response.status_code == 302
    db.session.refresh(req)
    acc = req.accreditation
    assert req.state is RequestState.CONDITIONAL and acc.status is AccreditationStatus.CONDITIONAL
    assert req.conditions[0].deadline.isoformat() == deadline

    # the provider sees the decision with the findings per criterion
    switch(client, login, provider_user)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert "Assessment of this outcome is not described" in page and "Describe it" in page
    findings = page.split("findings per criterion")[1].split("</table>")[0]
    first = criteria_for(req)[0]
    assert first.text_en[:40] in findings  # each finding with its criterion's text

    # the public list and page
    client.post("/logout")
    page = client.get("/programmes").get_data(as_text=True)
    assert req.programme.name in page and "Tier 1" in page and "Tier 2" in page
    assert "Accredited with conditions" in page
    page = client.get(f"/programmes/{req.programme_id}").get_data(as_text=True)
    assert "Accreditation history" in page and req.provider.name in page


def test_departing_decision_needs_reason_on_the_page(client, db, make_user, login):
    req, _p, registrar, a1, a2 = under_review(make_user)
    for member in req.panel:
        score_all(member)
    from tests.accreditation_support import agreed

    agreed(req, registrar)
    login(registrar)
    response = client.post(
        f"/accreditation/review/requests/{req.id}/decision",
        data={"outcome": "refused", "condition_rows": "0", "note": "my typed note"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Give the reason for departing" in page
    assert "my typed note" in page
    assert req.state is RequestState.FINDINGS_AGREED


def test_submitted_scores_cannot_be_changed_by_post(client, db, make_user, login):
    req, _p, _r, a1, _a2 = under_review(make_user)
    member = req.panel[0]
    score_all(member)
    login(a1)
    ids = criterion_ids(req)
    client.post(
        f"/accreditation/panel/requests/{req.id}/scores",
        data={**grid(ids, score="not_met", note="changed"), "action": "submit"},
    )
    db.session.refresh(member)
    assert all(s.score is Score.MET for s in member.scores)


def test_incomplete_score_submission_keeps_input(client, db, make_user, login):
    req, _p, _r, a1, _a2 = under_review(make_user)
    login(a1)
    ids = criterion_ids(req)
    data = {f"score-{ids[0]}": "not_met", f"note-{ids[0]}": "", "action": "submit"}
    response = client.post(f"/accreditation/panel/requests/{req.id}/scores", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the draft is saved; only submitting waits
    assert "Explain why this criterion is not fully met." in page
    assert f'href="#score-{ids[0]}"' in page
    assert 'value="not_met" checked' in page
    member = db.session.scalar(select(PanelMember).where(PanelMember.assessor_id == a1.id))
    assert member.submitted_at is None


def test_assessor_access(client, db, make_user, login):
    req, _user = submitted_request(make_user)
    outsider = make_user(role=Role.ASSESSOR)
    login(outsider)
    assert client.get(f"/accreditation/panel/requests/{req.id}").status_code == 403
    assert client.get(f"/accreditation/requests/{req.id}").status_code == 403
    assert client.get("/accreditation/review/").status_code == 403


def test_conflicted_assessor_cannot_read_or_score(client, db, make_user, login):
    req, _p, registrar, a1, a2 = under_review(make_user)
    a3 = make_user(role=Role.ASSESSOR)
    from register.accreditation import panel_services

    panel_services.form_panel(req, registrar, [a3], None)
    db.session.commit()
    login(a3)
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Covered in the course" not in page
    client.post(
        f"/accreditation/panel/requests/{req.id}/declaration",
        data={"conflict": "yes", "note": "I teach there"},
    )
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert "Covered in the course" not in page and "not on this panel" in page
    doc_less = client.post(f"/accreditation/panel/requests/{req.id}/questions", data={"body": "?"})
    assert doc_less.status_code == 403


def test_affiliation_blocks_assignment_in_the_form(client, db, make_user, login):
    req, _user = submitted_request(make_user)
    linked = make_user(role=Role.ASSESSOR, given_names="Linked", is_lived_experience_expert=True)
    login(linked)
    response = client.post(
        "/accreditation/panel/affiliations",
        data={"provider": str(req.provider.id), "description": "Teacher"},
    )
    assert response.status_code == 302
    switch(client, login, make_user(role=Role.REGISTRAR))
    page = client.get(f"/accreditation/review/requests/{req.id}").get_data(as_text=True)
    assert "Linked to this provider (cannot be assigned)" in page
    assert f'value="{linked.id}"' not in page.split('id="assessors"')[1].split("</fieldset>")[0]


def test_registrar_suspends_with_reason(client, db, make_user, login):
    req, _p, registrar = decided(make_user)
    acc = req.accreditation
    login(registrar)
    url = f"/accreditation/review/accreditations/{acc.id}"
    response = client.post(url, data={"action": "suspend", "reason": "", "confirm": "y"})
    assert response.status_code == 422
    response = client.post(url, data={"action": "suspend", "reason": "Complaint", "confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(acc)
    assert acc.status is AccreditationStatus.SUSPENDED
    client.post("/logout")
    page = client.get(f"/programmes/{req.programme_id}").get_data(as_text=True)
    assert "Suspended" in page


def test_conditions_page_and_mark_met(client, db, make_user, login):
    req, _p, registrar = decided(make_user, partly=1)
    login(registrar)
    page = client.get("/accreditation/review/conditions").get_data(as_text=True)
    assert "Improve" in page
    client.post(f"/accreditation/review/conditions/{req.conditions[0].id}/met")
    db.session.refresh(req.accreditation)
    assert req.accreditation.status is AccreditationStatus.ACTIVE


def test_public_pages_hide_programmes_without_accreditation(client, db, make_user):
    req, _user = submitted_request(make_user)
    assert req.programme.name not in client.get("/programmes").get_data(as_text=True)
    assert client.get(f"/programmes/{req.programme_id}").status_code == 404
    assert client.get("/programmes/999999").status_code == 404


def test_deciding_with_an_unanswered_question_needs_a_reason(client, db, make_user, login):
    """A decision while a panel question to the provider is unanswered is an explicit
    override with a reason (kept with the decision); the page names the open questions and
    shows each criterion's text, not only its code."""
    from register.accreditation import panel_services
    from register.models.decisions import Decision
    from tests.accreditation_support import agreed

    req, _p, registrar, a1, _a2 = under_review(make_user)
    panel_services.ask_question(req, a1, "Waar staat de toetsmatrijs?", None)
    for member in req.panel:
        score_all(member)
    agreed(req, registrar)
    login(registrar)
    url = f"/accreditation/review/requests/{req.id}/decision"
    page = client.get(url).get_data(as_text=True)
    assert "Waar staat de toetsmatrijs?" in page
    criterion = criterion_ids(req)[0]
    assert f'{criterion}<br><span class="muted">' in page
    posted = {"outcome": "accredited", "note": "", "condition_rows": "0"}
    refused = client.post(url, data=posted)
    assert refused.status_code == 422
    assert "A question to the provider is not answered yet." in refused.get_data(as_text=True)
    reason = "Het antwoord staat al in het zelfevaluatierapport."
    done = client.post(url, data={**posted, "unanswered_reason": reason})
    assert done.status_code == 302
    details = [d.details for d in db.session.scalars(select(Decision))]
    assert [d.get("unanswered_reason") for d in details if "framework_version" in d] == [reason]
