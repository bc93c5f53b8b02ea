"""The transitional route's list steps: work experience and referees, add/edit/remove."""

from __future__ import annotations

import datetime as dt

import pytest

from register.extensions import db
from register.models.applications import Application, ReferenceRelation, Route
from tests.web.test_apply_helpers import pdf, use_english


@pytest.fixture(autouse=True)
def _english(client):
    use_english(client)


@pytest.fixture
def draft(client, login, make_user):
    user = make_user()
    login(user)
    client.post("/apply/start")
    application = db.session.query(Application).filter_by(applicant_id=user.id).one()
    application.tier, application.route = 1, Route.TRANSITIONAL
    db.session.commit()
    return application


GOOD = {
    "organisation": "GGZ Noord",
    "role": "Ervaringswerker",
    "start_date": "2019-03-01",
    "end_date": "",
    "hours_per_week": "24",
    "paid": "voluntary",
}


def test_step_list_follows_the_route(client, draft):
    page = client.get(f"/apply/{draft.id}/step/experience").get_data(as_text=True)
    for step in ("experience", "intervision", "references", "portfolio", "review"):
        assert f"/apply/{draft.id}/step/{step}" in page or 'aria-current="step"' in page
    assert client.get(f"/apply/{draft.id}/step/diploma").status_code == 404


def test_add_change_remove_work_experience(client, draft):
    r = client.post(f"/apply/{draft.id}/experience/new", data=GOOD)
    assert r.status_code == 302
    db.session.refresh(draft)
    (entry,) = draft.work_experience
    assert entry.paid is False and entry.end_date is None and entry.hours_per_week == 24
    page = client.get(f"/apply/{draft.id}/step/experience").get_data(as_text=True)
    assert "GGZ Noord" in page and "<caption id=" in page
    edit = client.get(f"/apply/{draft.id}/experience/{entry.id}").get_data(as_text=True)
    assert 'value="GGZ Noord"' in edit and 'checked id="paid-1"' in edit
    client.post(f"/apply/{draft.id}/experience/{entry.id}", data={**GOOD, "hours_per_week": "32"})
    db.session.refresh(entry)
    assert entry.hours_per_week == 32
    client.post(f"/apply/{draft.id}/experience/{entry.id}/remove")
    db.session.refresh(draft)
    assert draft.work_experience == []


@pytest.mark.parametrize(
    "change, message",
    [
        ({"end_date": "2018-01-01"}, "on or after the start date"),
        ({"hours_per_week": "0"}, "from 1 to 60"),
        ({"hours_per_week": "61"}, "from 1 to 60"),
        ({"hours_per_week": "lots"}, 'id="hours_per_week-error"'),
        ({"organisation": ""}, "Fill in the organisation"),
        ({"paid": ""}, "Choose paid or voluntary"),
        ({"start_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "in the future"),
        ({"end_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "in the future"),
    ],
)
def test_bad_work_experience_is_refused_and_kept(client, draft, change, message):
    data = {**GOOD, **change}
    r = client.post(f"/apply/{draft.id}/experience/new", data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and message in page
    assert 'value="Ervaringswerker"' in page
    db.session.refresh(draft)
    assert draft.work_experience == []


def test_referees_need_work_experience_then_can_be_managed(client, draft):
    page = client.get(f"/apply/{draft.id}/step/references").get_data(as_text=True)
    assert "First add your work experience" in page
    client.post(f"/apply/{draft.id}/experience/new", data=GOOD)
    ref = {
        "name": "Mieke de Boer",
        "email": "Mieke@Example.nl",
        "organisation": "GGZ Noord",
        "relation": "supervisor",
    }
    assert client.post(f"/apply/{draft.id}/references/new", data=ref).status_code == 302
    db.session.refresh(draft)
    (reference,) = draft.references
    assert reference.email == "mieke@example.nl"
    assert reference.relation is ReferenceRelation.SUPERVISOR
    bad = client.post(
        f"/apply/{draft.id}/references/new",
        data={**ref, "email": "not-an-address", "organisation": "Elsewhere"},
    )
    page = bad.get_data(as_text=True)
    assert "valid e-mail address" in page and "Not a valid choice" in page
    assert 'value="Mieke de Boer"' in page
    client.post(
        f"/apply/{draft.id}/references/{reference.id}", data={**ref, "relation": "colleague"}
    )
    db.session.refresh(reference)
    assert reference.relation is ReferenceRelation.COLLEAGUE
    client.post(f"/apply/{draft.id}/references/{reference.id}/remove")
    db.session.refresh(draft)
    assert draft.references == []


def test_intervision_and_portfolio_steps(client, draft):
    r = client.post(
        f"/apply/{draft.id}/step/intervision",
        data={"intervision_sessions": "-1", "action": "continue"},
    )
    assert "from 0 to 200" in r.get_data(as_text=True)
    r = client.post(
        f"/apply/{draft.id}/step/intervision",
        data={
            "intervision_sessions": "7",
            "intervision_description": "Maandelijks",
            "file": pdf("intervisie.pdf"),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    assert r.headers["Location"].endswith(f"/apply/{draft.id}/step/references")
    r = client.post(
        f"/apply/{draft.id}/step/portfolio",
        data={
            "portfolio_summary": "Mijn portfolio",
            "file": pdf("portfolio.pdf"),
            "action": "continue",
        },
        content_type="multipart/form-data",
    )
    assert r.headers["Location"].endswith(f"/apply/{draft.id}/step/review")
    db.session.refresh(draft)
    assert draft.intervision_sessions == 7
    assert sorted(e.kind.value for e in draft.evidence) == ["intervision", "portfolio"]
    review = client.get(f"/apply/{draft.id}/step/review").get_data(as_text=True)
    assert "Work experience" in review
    assert "Referees named" in review


# --- the portfolio: a reflection with examples per competence, critical situations ----------


def test_the_portfolio_step_asks_each_competence_of_the_tier_with_its_traits(
    client, draft, policies
):
    page = client.get(f"/apply/{draft.id}/step/portfolio").get_data(as_text=True)
    framework, route = policies.framework, policies.transitional_route
    for competence_id in route.tiers[1].portfolio_competences:
        competence = framework.competence(competence_id)
        assert competence.name.en in page
        assert competence.indicators[0].en in page
        assert f'name="examples-{competence_id}"' in page
    assert "C3" not in route.tiers[1].portfolio_competences or 'name="reflection-C3"' in page
    for situation in framework.critical_situations_in_use():
        assert f'name="reflection-{situation.id}"' in page
    assert "Curriculum Experiential Expertise" in page  # the source is named


def test_portfolio_entries_are_saved_kept_on_error_and_emptied(client, draft, policies):
    competences = policies.transitional_route.tiers[1].portfolio_competences
    situation = policies.framework.critical_situations_in_use()[0].id
    data = {
        f"reflection-{competences[0]}": "Ik stel mij gelijkwaardig op.",
        f"examples-{competences[0]}": "Bij een huisbezoek ...",
        f"reflection-{situation}": "Toen een cliënt mij privé benaderde ...",
        f"examples-{competences[1]}": "x" * 8001,
        "action": "continue",
    }
    r = client.post(f"/apply/{draft.id}/step/portfolio", data=data)
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Ik stel mij gelijkwaardig op." in page and "Toen een cliënt" in page
    assert 'href="#examples-' in page  # the error summary links to the field
    data[f"examples-{competences[1]}"] = ""
    r = client.post(f"/apply/{draft.id}/step/portfolio", data=data)
    assert r.status_code in (302, 303)
    db.session.refresh(draft)
    entries = {e.item_id: (e.reflection, e.examples) for e in draft.portfolio_entries}
    assert entries == {
        competences[0]: ("Ik stel mij gelijkwaardig op.", "Bij een huisbezoek ..."),
        situation: ("Toen een cliënt mij privé benaderde ...", ""),
    }
    page = client.get(f"/apply/{draft.id}/step/portfolio").get_data(as_text=True)
    assert "Bij een huisbezoek ..." in page  # shown again from the draft
    data[f"reflection-{situation}"] = "  "
    client.post(f"/apply/{draft.id}/step/portfolio", data=data)
    db.session.refresh(draft)
    assert {e.item_id for e in draft.portfolio_entries} == {competences[0]}


def test_the_review_says_what_the_portfolio_still_needs(client, draft, policies):
    competences = policies.transitional_route.tiers[1].portfolio_competences
    data = {f"reflection-{competences[0]}": "Alleen een reflectie, geen voorbeelden."}
    client.post(f"/apply/{draft.id}/step/portfolio", data={**data, "action": "continue"})
    review = client.get(f"/apply/{draft.id}/step/review").get_data(as_text=True)
    assert "The portfolio: each competence of the tier" in review
    assert f"Still to write, with examples: {', '.join(competences)}." in review
