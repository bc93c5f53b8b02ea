"""No form loses what a person typed (issue 12): every page that can show more than one
form with fields is found by walking the templates, and each is either covered here by a
test that fills the other form, posts one, and finds the typed values again, or listed as
still open (the list only shrinks: a new page with two such forms fails the walk)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from register.accreditation.common import criterion_ids
from register.models.accreditation import PanelMember, ProviderQuestion
from tests.accreditation_support import under_review

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FORM_TAG = re.compile(r'<form\b[^>]*method="post"', re.I)
#: what makes a form one a person types or chooses in (not only buttons)
TYPED_FIELD = re.compile(
    r'\bfield\(|score_row\(|<textarea|<select|<input(?![^>]*type="(?:hidden|submit)")', re.I
)


def _forms(source: str) -> list[str]:
    """The source of each POST form of a template (up to the next form or the end)."""
    starts = [m.start() for m in FORM_TAG.finditer(source)]
    ends = [*starts[1:], len(source)]
    return [source[a:b] for a, b in zip(starts, ends, strict=False)]


def pages_with_several_typed_forms() -> set[str]:
    """Templates with more than one POST form that has fields to type or choose in (the
    layout's own forms, the language switch and logging out, are not a page's forms)."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        if path.name in ("base.html", "_nav.html"):
            continue
        typed = [f for f in _forms(path.read_text()) if TYPED_FIELD.search(f)]
        if len(typed) > 1:
            found.add(str(path.relative_to(TEMPLATES)))
    return found


#: page → the test below that proves nothing typed on it is lost
COVERED = {
    "accreditation/panel_request.html": "test_panel_page_question_keeps_the_scores",
}
#: pages whose other forms hold only secrets that are never shown again by design
EXEMPT = {
    "accounts/account.html": "besides the profile, only passwords and one-time codes",
}
#: pages whose forms still post separately (issue 12, left open): see the branch report
STILL_OPEN = {
    "admin/account.html",
    "organisations/watch_list.html",  # by number or by CSV file (issue 13, merged after)
    "registrations/detail.html",
    "review/application.html",
}


def test_every_page_with_several_forms_is_accounted_for():
    found = pages_with_several_typed_forms()
    assert "accreditation/panel_request.html" in found  # the walk sees the panel page
    listed = set(COVERED) | set(EXEMPT) | STILL_OPEN
    assert found - listed == set(), "cover these pages with a test here"
    assert listed <= found, "a page listed here no longer has two forms"
    assert len(listed) == len(COVERED) + len(EXEMPT) + len(STILL_OPEN)  # each listed once
    for test in COVERED.values():
        assert callable(globals()[test])


@pytest.fixture(autouse=True)
def _english(client):
    client.post("/language", data={"lang": "en", "next": "/"})


def _grid(ids):
    data = {f"score-{cid}": "partly_met" for cid in ids}
    data.update({f"note-{cid}": f"Uitleg bij {cid}" for cid in ids})
    return data


def test_panel_page_question_keeps_the_scores(client, db, make_user, login):
    """Sending a question from the panel page saves the 33 (here: every) scores typed in
    the grid as a draft; a refused question shows them again as typed; saving the scores
    keeps a question not yet sent."""
    req, _p, _r, assessor, _a2 = under_review(make_user)
    login(assessor)
    ids = criterion_ids(req)
    page = client.get(f"/accreditation/panel/requests/{req.id}").get_data(as_text=True)
    layout = page.count('class="language" method="post"') + page.count('action="/logout"')
    assert page.count('method="post"') - layout == 1  # the page's one form

    # a refused question (empty body): the typed scores are on the page again
    refused = client.post(
        f"/accreditation/panel/requests/{req.id}/questions",
        data={**_grid(ids), "criterion_id": "", "body": ""},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert html.count('value="partly_met" checked') == len(ids)
    assert f"Uitleg bij {ids[-1]}" in html

    # a question sent: the scores are saved as a draft with it
    sent = client.post(
        f"/accreditation/panel/requests/{req.id}/questions",
        data={**_grid(ids), "criterion_id": ids[0], "body": "Waar staat de toetsmatrijs?"},
    )
    assert sent.status_code == 302
    member = db.session.scalar(select(PanelMember).where(PanelMember.assessor_id == assessor.id))
    assert {s.criterion_id: s.rationale for s in member.scores} == {
        cid: f"Uitleg bij {cid}" for cid in ids
    }
    assert member.submitted_at is None
    assert db.session.scalar(select(ProviderQuestion.body)) == "Waar staat de toetsmatrijs?"

    # saving the scores with a question typed and not sent: the question stays on the page
    saved = client.post(
        f"/accreditation/panel/requests/{req.id}/scores",
        data={**_grid(ids), "action": "save", "criterion_id": "", "body": "Nog een vraag"},
    )
    assert saved.status_code == 200
    assert "Nog een vraag" in saved.get_data(as_text=True)
