"""Practice placements by the pages (issue 11): the provider fills in the workplace checklist
(422 with everything kept, 409 on a stale version), other providers cannot reach it, the
panel and the registrars read it on the request pages; the learning lines show their
competences above their outcomes on the self-evaluation, panel and public pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from register.accreditation import placements
from register.accreditation.common import criterion_ids
from register.models.accounts import Role
from register.models.accreditation import PlacementAnswer, PracticePlacement
from tests.accreditation_support import (
    decided,
    make_programme,
    make_provider,
    submitted_request,
    under_review,
)
from tests.placement_support import checklist_form, complete_answers, item_ids

RULES = [f"PRL-R{n}" for n in range(1, 9)]


@pytest.fixture(autouse=True)
def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def _placement(programme, user, db):
    answers = complete_answers()
    answers["KT3"] = ("partly", "Only at school visits.")
    placement = placements.add_placement(
        programme,
        user,
        "GGz Centraal",
        "Recovery workshop",
        "Interns work with a level 5.",
        answers,
    )
    db.session.commit()
    return placement


def test_a_provider_adds_a_placement_and_nothing_typed_is_lost(client, db, make_user, login):
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user)
    login(user)
    url = f"/accreditation/programmes/{programme.id}/placements/new"
    page = client.get(url).get_data(as_text=True)
    for item in item_ids():
        assert f'name="answer-{item}"' in page and f'id="explanation-{item}"' in page
    assert "Support in individual recovery processes" in page  # KT1, the English rendering
    assert "l.2518" in page  # where the source says it

    data = checklist_form(
        organisation="GGz Centraal",
        setting="Recovery workshop",
        description="Interns work alongside an expert by experience.",
        **{"answer-KT2": "partly", "explanation-KT2": "", "answer-C7": ""},
        **{"explanation-C1": "Groups only with a colleague."},
    )
    refused = client.post(url, data=data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'href="#answer-KT2"' in html and 'href="#answer-C7"' in html
    assert "Explain your answer" in html
    assert 'value="GGz Centraal"' in html and "Interns work alongside" in html
    assert "Groups only with a colleague." in html
    assert 'id="answer-KT2-partly" name="answer-KT2" value="partly" checked' in html
    assert db.session.scalar(select(PracticePlacement.id)) is None

    data.update({"explanation-KT2": "Outside the standard tasks.", "answer-C7": "not_possible"})
    saved = client.post(url, data=data)
    assert saved.status_code == 302
    placement = db.session.scalars(select(PracticePlacement)).one()
    assert placement.answer_for("KT2").answer is PlacementAnswer.PARTLY
    assert placement.answer_for("C1").explanation == "Groups only with a colleague."
    listing = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "GGz Centraal: Recovery workshop" in listing and "Partly possible" in listing


def test_a_stale_edit_is_refused_with_409_and_the_typed_values_kept(client, db, make_user, login):
    provider, user = make_provider(make_user)
    placement = _placement(make_programme(provider, user), user, db)
    login(user)
    url = f"/accreditation/placements/{placement.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'name="version" type="hidden" value="{placement.version}"' in page
    assert "Only at school visits." in page
    seen = placement.version
    # someone else saves in between
    placements.update_placement(
        placement, user, seen, "GGz Centraal", "Other team", None, complete_answers()
    )
    db.session.commit()
    data = checklist_form(
        organisation="GGz Centraal", setting="My typed setting", version=str(seen)
    )
    stale = client.post(url, data=data)
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert 'value="My typed setting"' in html
    assert f'value="{placement.version}"' in html  # saving again now works
    again = client.post(url, data={**data, "version": str(placement.version)})
    assert again.status_code == 302
    db.session.refresh(placement)
    assert placement.setting == "My typed setting"
    ident = placement.id
    removed = client.post(f"{url}/remove", data={**data, "version": str(placement.version)})
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.get(PracticePlacement, ident) is None


def test_another_provider_cannot_reach_the_placements(client, db, make_user, login):
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user)
    placement = _placement(programme, user, db)
    _other, stranger = make_provider(make_user, name="Elders", kvk="87654321")
    login(stranger)
    assert client.get(f"/accreditation/placements/{placement.id}").status_code == 404
    assert client.post(f"/accreditation/placements/{placement.id}/remove").status_code == 404
    assert client.get(f"/accreditation/programmes/{programme.id}/placements").status_code == 403
    new = client.post(
        f"/accreditation/programmes/{programme.id}/placements/new",
        data=checklist_form(organisation="X", setting="Y"),
    )
    assert new.status_code == 403
    assert db.session.scalar(select(PracticePlacement.id)) == placement.id


def test_the_panel_sees_the_placements_and_the_competences_where_it_scores(
    client, db, make_user, login
):
    req, provider_user, registrar, a1, _a2 = under_review(make_user)
    _placement(req.programme, provider_user, db)
    login(a1)
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    assert (
        page.count('method="post"')
        - page.count('class="language"')
        - page.count('action="/logout"')
        == 1
    )  # still the page's one form
    assert 'id="placements"' in page and "GGz Centraal: Recovery workshop" in page
    assert "Only at school visits." in page
    # the placements come right before the first workplace criterion
    assert page.index('id="placements"') < page.index('id="h-PRL-W1"')
    for rule in RULES:
        assert f'name="score-{rule}"' in page
    assert "Competences of this learning line" in page
    assert "Can contribute to destigmatisation activities." in page  # KT1, in English
    assert "l.2300" in page
    assert page.index('id="line-KT1"') < page.index('id="h-KT1-1.L4"')

    client.post("/logout")
    login(registrar)
    review = client.get(f"/accreditation/review/requests/{req.id}").get_data(as_text=True)
    assert "GGz Centraal: Recovery workshop" in review and "Partly possible" in review


def test_the_self_evaluation_lists_the_rules_per_line_with_competences(
    client, db, make_user, login
):
    provider, user = make_provider(make_user)
    programme = make_programme(provider, user)
    login(user)
    start = client.post(f"/accreditation/programmes/{programme.id}/requests")
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    for rule in RULES:
        assert f'id="c-{rule}"' in page
    assert page.index('id="line-PRL"') < page.index('id="c-PRL-R1"')
    assert "The competences practised at the workplace" in page
    assert "Can contribute to destigmatisation activities." in page
    client.post("/language", data={"lang": "nl", "next": "/"})
    dutch = client.get(start.headers["Location"]).get_data(as_text=True)
    assert "Kan bijdrage leveren aan destigmatiseringsactiviteiten." in dutch  # as quoted


def test_the_public_programme_page_shows_each_line_whole(client, db, make_user):
    req, _provider_user, _registrar = decided(make_user)
    page = client.get(f"/programmes/{req.programme_id}").get_data(as_text=True)
    assert "What the programme is assessed on" in page
    assert 'id="line-KT1"' in page and "Competences of this learning line" in page
    assert "KT1-1.L4" in page
    assert "PRL-R1" not in page  # the practice criteria are the panel's, not the public's
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith(req.programme.name) and "<" not in title  # once in the title bar
    assert page.count("What the programme is assessed on") == 1


def test_a_submitted_request_shows_the_placement_link(client, db, make_user, login):
    req, user = submitted_request(make_user)
    login(user)
    page = client.get(f"/accreditation/requests/{req.id}").get_data(as_text=True)
    assert f"/accreditation/programmes/{req.programme_id}/placements" in page
    assert len(criterion_ids(req)) == page.count('<tr id="c-')
    client.post("/logout")
    login(make_user(role=Role.APPLICANT))  # the provider pages are for providers only
    assert client.get(f"/accreditation/programmes/{req.programme_id}/placements").status_code == 403
