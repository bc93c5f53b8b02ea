"""No internal reason ever reaches a public answer.

Registrations get an internal reason on every kind of suspension, strike-off, measure and
case (the registrar's reasons and grounds, case notes, the intake reason, the complainant's
account and name, the registrant's answer); then every public answer about them — the
public page in both languages, the search page, the API (one registration, search,
verifications), the bulk check on screen and its CSV, FHIR — is read, and none may contain
any of those texts.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from register.complaints import services as cases
from register.domain.measures import CaseOutcome
from register.models.accounts import Role
from register.registrations import services as registrations
from tests.change_support import register_person
from tests.four_eyes_support import second_registrar

SECRETS = {
    "suspension": "SECRET-suspension-reason-7731",
    "interim": "SECRET-interim-reason-5521",
    "strike": "SECRET-strike-off-reason-9912",
    "conditions": "SECRET-conditions-grounds-1187",
    "warning": "SECRET-warning-grounds-4410",
    "reinstate": "SECRET-reinstatement-note-3391",
    "note": "SECRET-case-note-6620",
    "intake": "SECRET-intake-reason-2284",
    "account": "SECRET-complainant-account-8842",
    "complainant": "SECRET-Complainant-Name-0093",
    "answer": "SECRET-registrant-answer-4471",
    "question": "SECRET-register-question-1550",
}
PUBLIC_CONDITIONS = "Works only with a supervisor present."


def _case(registration, registrar, today):
    case = cases.file_complaint(
        name=SECRETS["complainant"],
        email="complainant@example.nl",
        phone=None,
        relation="client",
        registration_text=registration.number,
        account=SECRETS["account"],
        happened_on=None,
        uploads=[],
        locale="nl",
        today=today,
    )
    cases.match_registration(case, registrar, registration.number)
    cases.intake(case, registrar, admissible=True, reason=SECRETS["intake"])
    cases.start_investigation(case, registrar)
    cases.add_note(case, registrar, SECRETS["note"])
    request = cases.send_request(case, registrar, SECRETS["question"], today=today)
    cases.answer_request(request, registration.user, SECRETS["answer"], [])
    return case


@pytest.fixture
def numbers(db, make_user):
    registrar = make_user(role=Role.REGISTRAR, locale="en")
    other = second_registrar()
    today = dt.date.today()
    made = {}

    # a case under investigation with an interim suspension, then a decided suspension
    suspended = register_person(make_user, registrar, given_names="Sanne", surname="Geschorst")
    case = _case(suspended, registrar, today)
    registrations.suspend_registration(
        suspended,
        registrar,
        reason=SECRETS["interim"],
        category="investigation",
        ends_on=None,
        today=today,
        confirmed_by=other,
        case_id=case.id,
    )
    registrations.suspend_registration(
        suspended,
        registrar,
        reason=SECRETS["suspension"],
        category="disciplinary",
        ends_on=today + dt.timedelta(days=60),
        today=today,
        confirmed_by=other,
        case_id=case.id,
        decides_case=True,
    )
    made["suspended"] = suspended.number

    # a strike-off decided on a case
    struck = register_person(make_user, registrar, given_names="Dirk", surname="Doorgehaald")
    case = _case(struck, registrar, today)
    registrations.strike_off_registration(
        struck, registrar, reason=SECRETS["strike"], confirmed_by=other, case_id=case.id
    )
    made["struck"] = struck.number

    # conditions and a (non-public) warning decided on cases
    conditioned = register_person(make_user, registrar, given_names="Carla", surname="Voorwaarde")
    case = _case(conditioned, registrar, today)
    cases.decide(
        case,
        registrar,
        CaseOutcome.CONDITIONS,
        grounds=SECRETS["conditions"],
        public_text=PUBLIC_CONDITIONS,
        ends_on=today + dt.timedelta(days=200),
        today=today,
    )
    warned = register_person(make_user, registrar, given_names="Wim", surname="Waarschuwing")
    case = _case(warned, registrar, today)
    cases.decide(
        case,
        registrar,
        CaseOutcome.WARNING,
        grounds=SECRETS["warning"],
        public_text=None,
        ends_on=None,
        today=today,
    )
    made["conditioned"], made["warned"] = conditioned.number, warned.number

    # a suspension lifted again (its history stays public, its reasons do not)
    lifted = register_person(make_user, registrar, given_names="Lies", surname="Hersteld")
    registrations.suspend_registration(
        lifted,
        registrar,
        reason=SECRETS["suspension"],
        category="administrative",
        ends_on=None,
        today=today,
        confirmed_by=other,
    )
    registrations.reinstate_registration(lifted, registrar, note=SECRETS["reinstate"])
    made["lifted"] = lifted.number
    db.session.commit()
    return made


def _answers(client, numbers) -> dict[str, str]:
    """Every public answer about the registrations, by where it came from."""
    found: dict[str, str] = {}
    listed = "\n".join(numbers.values())
    for lang in ("nl", "en"):
        client.post("/language", data={"lang": lang})
        for key, number in numbers.items():
            found[f"page {key} {lang}"] = client.get(f"/registrations/{number}").get_data(
                as_text=True
            )
            found[f"api {key} {lang}"] = client.get(
                f"/api/v1/registrations/{number}", headers={"Accept-Language": lang}
            ).get_data(as_text=True)
            found[f"fhir {key} {lang}"] = client.get(f"/fhir/Practitioner/{number}").get_data(
                as_text=True
            )
        for surname in ("Geschorst", "Doorgehaald", "Voorwaarde", "Waarschuwing", "Hersteld"):
            found[f"search {surname} {lang}"] = client.get(
                "/search", query_string={"q": surname}
            ).get_data(as_text=True)
            found[f"api search {surname} {lang}"] = client.get(
                "/api/v1/registrations", query_string={"name": surname}
            ).get_data(as_text=True)
            found[f"fhir search {surname} {lang}"] = client.get(
                "/fhir/Practitioner", query_string={"name": surname}
            ).get_data(as_text=True)
        found[f"api verifications {lang}"] = client.post(
            "/api/v1/verifications", json={"numbers": list(numbers.values())}
        ).get_data(as_text=True)
        screen = client.post(
            "/verify",
            data={"file": (io.BytesIO(listed.encode()), "numbers.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        found[f"bulk screen {lang}"] = screen
        marker = 'name="token" type="hidden" value="'
        start = screen.index(marker) + len(marker)
        token = screen[start : screen.index('"', start)]
        found[f"bulk csv {lang}"] = client.post(
            "/verify/results.csv", data={"token": token}
        ).get_data(as_text=True)
    return found


def test_no_internal_reason_or_case_text_reaches_any_public_answer(client, numbers):
    answers = _answers(client, numbers)
    leaks = [
        (where, name)
        for where, text in answers.items()
        for name, secret in SECRETS.items()
        if secret.lower() in text.lower()
    ]
    assert leaks == []
    for key, number in numbers.items():  # each answer was a real answer about it
        for where in ("page", "api", "fhir"):
            assert number in answers[f"{where} {key} en"], (where, key)
        assert number in answers["bulk csv en"] and number in answers["api verifications en"]
    # and the answers did say what the public may know
    assert PUBLIC_CONDITIONS in answers["page conditioned en"]
    assert "Tuchtrechtelijke maatregel" in answers["page suspended nl"]
    api = json.loads(answers["api suspended en"])
    assert {m["public_category"] for m in api["measures"]} == {"investigation", "disciplinary"}
    assert json.loads(answers["api warned en"])["measures"] == []  # a warning is not public
    lifted = json.loads(answers["api lifted en"])
    assert [(m["kind"], m["in_force"]) for m in lifted["measures"]] == [("suspension", False)]
    struck = json.loads(answers["api struck en"])
    assert struck["valid_until"] is None and struck["re_entry_not_before"]
    assert "Not registered since" in answers["bulk screen en"]
