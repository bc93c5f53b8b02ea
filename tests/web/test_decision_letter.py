"""The decision letter: rendered from the stored decision in Dutch and in English, with the
decision, its grounds, the rules and policy versions it was made under and the objection
clause; downloaded again, it is the same file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from register.domain.objections import ObjectionAction
from register.models.accounts import Role
from register.objections import services
from tests.objection_support import objected, refused_application

TODAY = dt.date.today()


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def refused(db, make_user):
    return refused_application(make_user, today=TODAY)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nl",
            [
                "Besluit over een aanvraag",
                "Besluit: Afgewezen.",
                "Redenen",
                "De toegepaste regels",
                "Beleidsversies",
                "Bezwaar",
                "bezwaar maken tot en met",
            ],
        ),
        (
            "en",
            [
                "Decision on an application",
                "Decision: Refused.",
                "Grounds",
                "The rules applied",
                "Policy versions it was made under",
                "Objection",
                "you can object to it until",
            ],
        ),
    ],
)
def test_the_letter_says_what_was_decided_in_both_languages(
    client, login, refused, policies, lang, phrases
):
    _application, decision, applicant, _registrar = refused
    login(applicant)
    response = client.get(f"/decisions/{decision.id}/letter.pdf?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data)
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert "Ayşe" in text and "Çelik" in text  # any script, in DejaVu Sans
    assert "Your diploma could not be verified with the school." in text  # grounds as given
    assert f"/my-decisions/{decision.id}" in text  # how to object: online
    assert policies.objections.version in text and policies.tiers.version in text
    # the rules from the stored trace (the programme was accredited on the diploma date)
    rule = "accredited on the diploma date" if lang == "en" else "geaccrediteerd"
    assert rule in text


def test_the_letter_is_the_same_on_every_download(client, login, refused):
    _application, decision, applicant, _registrar = refused
    login(applicant)
    first = client.get(f"/decisions/{decision.id}/letter.pdf?lang=en").data
    again = client.get(f"/decisions/{decision.id}/letter.pdf?lang=en").data
    assert first == again


def test_the_letter_is_in_the_persons_language_by_default(client, login, make_user, db):
    _application, decision, applicant, registrar = refused_application(
        make_user, locale="en", today=TODAY
    )
    login(registrar)  # staff see the letter as the person received it
    assert "Decision on an application" in _text(
        client.get(f"/decisions/{decision.id}/letter.pdf").data
    )


def test_the_letter_on_an_objection_gives_the_further_remedy_not_a_clause(
    client, login, make_user, db, policies
):
    objection, _application, applicant, _registrar = objected(
        make_user, today=TODAY, received=TODAY
    )
    second = make_user(role=Role.REGISTRAR)
    outcome = services.decide_objection(
        objection,
        second,
        action=ObjectionAction.DISMISS,
        grounds="The diploma was not from an accredited programme.",
        today=TODAY,
        expected_version=objection.version,
    )
    db.session.commit()
    login(applicant)
    text = _text(client.get(f"/decisions/{outcome.objection_decision.id}/letter.pdf?lang=en").data)
    assert "Decision on an objection" in text and "Objection dismissed" in text
    assert "The diploma was not from an accredited programme." in text
    assert " ".join(policies.objections.further_remedy.en.split()) in text
    assert "you can object to it until" not in text
    assert "Decided by a registrar who did not take the original decision" in text  # its rules
