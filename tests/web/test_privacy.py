"""The privacy rule: public answers show the public fields and nothing else.

A registrant is created with distinctive values in every non-public place (account e-mail,
phone numbers, internal reasons, application data, evidence, a work region they did not
choose to show), and every public page and API answer is searched for them.
"""

import datetime as dt
import io

import pytest

from register.domain.lifecycle import ApplicationState
from register.models.accounts import Role
from register.models.applications import Application, Reference, ReferenceRelation, Route
from register.models.base import utcnow
from register.models.registrations import RegistrationStatusChange
from tests.lookup_support import add_registration, suspend

SECRETS = {
    "email": "zeer.geheim.adres@example.nl",
    "phone": "+31 6 98765432",
    "internal_reason": "VERTROUWELIJK-klacht-van-cliënt",
    "hidden_region": "Verborgen-Regio-Zeeland",
    "birth_date": "1971-04-29",
    "birth_date_nl": "29-04-1971",
    "referee": "referent.geheim@example.nl",
    "lived_experience": "Herstelverhaal-over-psychose",
}


@pytest.fixture
def exposed(policies, make_user, db):
    user = make_user(
        Role.APPLICANT,
        email=SECRETS["email"],
        given_names="Ilse",
        surname="Oosterhuis",
        is_lived_experience_expert=True,
    )
    reg = add_registration(
        policies,
        given="Ilse",
        surname="Oosterhuis",
        user=user,
        work_region=SECRETS["hidden_region"],
        show_work_region=False,
    )
    suspend(
        policies,
        reg,
        SECRETS["internal_reason"],
        "investigation",
        ends_on=dt.date.today() + dt.timedelta(days=20),
    )
    _add_application_data(db, user, reg)
    return reg


def _add_application_data(db, user, reg):
    """The application behind the registration, full of non-public details."""
    application = Application(
        applicant_id=user.id,
        state=ApplicationState.APPROVED,
        tier=reg.tier,
        route=Route.TRANSITIONAL,
        date_of_birth=dt.date.fromisoformat(SECRETS["birth_date"]),
        phone=SECRETS["phone"],
        work_region=SECRETS["hidden_region"],
        portfolio_summary=SECRETS["lived_experience"],
        intervision_description=SECRETS["lived_experience"],
        decision_reason=SECRETS["internal_reason"],
        submitted_at=utcnow(),
        decided_at=utcnow(),
        decided_by_id=user.id,
        policy_versions={"registration": "t"},
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        Reference(
            application_id=application.id,
            name="Referent",
            email="referent.geheim@example.nl",
            organisation="GGZ",
            relation=list(ReferenceRelation)[0],
        )
    )
    reg.application_id = application.id
    db.session.commit()


def _assert_clean(text: str):
    for label, secret in SECRETS.items():
        assert secret not in text, f"{label} leaked"
    assert "@" not in text, "an e-mail address leaked"


def test_public_page_shows_only_public_fields(client, exposed):
    client.post("/language", data={"lang": "en"})
    html = client.get(f"/registrations/{exposed.number}").get_data(as_text=True)
    assert "Ilse Oosterhuis" in html and exposed.number in html
    assert "Investigation in progress" in html  # the public category, not the reason
    _assert_clean(html)


def test_search_page_and_bulk_results_show_only_public_fields(client, exposed):
    _assert_clean(client.get("/search?q=Oosterhuis").get_data(as_text=True))
    html = client.post(
        "/verify",
        data={"file": (io.BytesIO(exposed.number.encode()), "a.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Ilse Oosterhuis" in html
    _assert_clean(html)


def test_api_answers_show_only_public_fields(client, exposed):
    answers = [
        client.get(f"/api/v1/registrations/{exposed.number}"),
        client.get("/api/v1/registrations?name=oosterhuis"),
        client.post("/api/v1/verifications", json={"numbers": [exposed.number]}),
    ]
    for response in answers:
        assert response.status_code == 200
        assert "Oosterhuis" in response.get_data(as_text=True)
        _assert_clean(response.get_data(as_text=True))
    body = answers[0].get_json()
    allowed = {
        "checked_at",
        "number",
        "name",
        "tier",
        "status",
        "status_name",
        "registered",
        "status_since",
        "valid_from",
        "valid_until",
        "grace_until",
        "suspension",
        "work_region",
        "url",
        "qualification",  # the route and the diploma's NLQF level (issue 11)
        "direction",  # under whose direction tier 1 works (issue 11)
        "not_registered_since",  # an ended registration: since when (issue 10)
        "re_entry_not_before",  # a strike-off: the earliest re-entry (issue 10)
        "measures",  # public measures, never their internal reason (issue 10)
    }
    assert set(body) == allowed
    assert body["work_region"] is None  # the registrant did not choose to show it


def test_work_region_shows_only_when_chosen(client, db, policies):
    reg = add_registration(
        policies, given="Mila", surname="Kok", work_region="Twente", show_work_region=True
    )
    assert "Twente" in client.get(f"/registrations/{reg.number}").get_data(as_text=True)
    assert client.get(f"/api/v1/registrations/{reg.number}").get_json()["work_region"] == "Twente"


def test_internal_reason_is_stored_but_never_read_by_the_lookup(db, exposed):
    change = db.session.query(RegistrationStatusChange).filter_by(registration_id=exposed.id).one()
    assert change.reason == SECRETS["internal_reason"]  # the data is there to leak...
    from register.lookup.public import DETAIL_COLUMNS, PUBLIC_COLUMNS

    assert "reason" not in {column.key for column in PUBLIC_COLUMNS}  # ...and is never read
    assert "reason" not in {column.key for column in DETAIL_COLUMNS}
