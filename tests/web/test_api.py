"""The verification API: registrations, search, bulk verification, programmes, headers."""

import datetime as dt

import pytest

from register.domain.lifecycle import RegistrationStatus
from register.models.programmes import (
    Accreditation,
    AccreditationStatus,
    Programme,
    TrainingProvider,
)
from tests.lookup_support import add_registration, suspend

TODAY = dt.date.today()


@pytest.fixture
def jan(db, policies):
    return add_registration(policies, given="Jan", prefix="van der", surname="Berg")


def test_registration_by_number(client, jan):
    response = client.get(f"/api/v1/registrations/{jan.number}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["number"] == jan.number
    assert body["name"] == "Jan van der Berg"
    assert body["tier"]["level"] == 2 and body["tier"]["name"] and body["tier"]["description"]
    assert body["status"] == "active" and body["registered"] is True
    assert body["valid_until"] == jan.valid_until.isoformat()
    assert body["valid_from"] == jan.valid_from.isoformat()
    assert body["suspension"] is None and body["work_region"] is None
    assert dt.datetime.fromisoformat(body["checked_at"]).tzinfo is not None
    assert body["url"].endswith(f"/registrations/{jan.number}")


def test_registration_number_is_read_forgivingly(client, jan):
    typed = jan.number.lower().replace("-", " ")
    assert client.get(f"/api/v1/registrations/{typed}").get_json()["number"] == jan.number


def test_unknown_number_is_404_and_malformed_is_400(client, jan, policies):
    from register.domain.numbers import format_number

    unknown = format_number(policies.registration.number, 999)
    response = client.get(f"/api/v1/registrations/{unknown}")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
    bad = client.get("/api/v1/registrations/ED-12")
    assert bad.status_code == 400
    assert bad.get_json()["error"]["problem"] == "malformed"
    wrong = jan.number[:-1] + str((int(jan.number[-1]) + 1) % 10)
    assert (
        client.get(f"/api/v1/registrations/{wrong}").get_json()["error"]["problem"] == "check_digit"
    )


def test_suspension_category_and_end_are_public(client, policies, jan):
    suspend(policies, jan, "Interne notitie", "investigation", ends_on=TODAY + dt.timedelta(30))
    body = client.get(f"/api/v1/registrations/{jan.number}").get_json()
    assert body["status"] == "suspended" and body["registered"] is False
    assert body["suspension"]["reason_category"] == "investigation"
    assert body["suspension"]["ends_on"] == (TODAY + dt.timedelta(30)).isoformat()
    assert "Interne notitie" not in str(body)


def test_search_has_the_documented_page_shape(client, db, policies):
    for i in range(3):
        add_registration(policies, given=f"Sanne{i}", surname="Visser", commit=False)
    add_registration(
        policies, given="Tom", surname="Visser", tier=1, status=RegistrationStatus.LAPSED
    )
    body = client.get("/api/v1/registrations?name=visser&per_page=2").get_json()
    assert set(body) == {"items", "page", "per_page", "total", "total_capped", "checked_at"}
    assert body["page"] == 1 and body["per_page"] == 2 and body["total"] == 4
    assert len(body["items"]) == 2
    item = body["items"][0]
    assert {"number", "name", "tier", "status", "valid_until"} <= set(item)
    filtered = client.get("/api/v1/registrations?name=visser&tier=1&status=lapsed").get_json()
    assert [i["name"] for i in filtered["items"]] == ["Tom Visser"]
    assert (
        client.get("/api/v1/registrations?name=visser&page=3&per_page=2").get_json()["items"] == []
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?name=",
        "?name=v",
        "?name=berg&tier=4",
        "?name=berg&tier=x",
        "?name=berg&status=gone",
        "?name=berg&page=0",
        "?name=berg&per_page=1000",
        "?name=ED-123",
    ],
)
def test_bad_search_parameters_are_400_with_json(client, query):
    response = client.get(f"/api/v1/registrations{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["detail"]


def test_verifications_answer_each_number_in_order(client, policies, jan):
    struck = add_registration(
        policies, given="Els", surname="Smit", status=RegistrationStatus.STRUCK_OFF
    )
    from register.domain.numbers import format_number

    unknown = format_number(policies.registration.number, 4242)
    wrong = jan.number[:-1] + str((int(jan.number[-1]) + 1) % 10)
    numbers = [jan.number, "nonsense", unknown, struck.number.lower(), wrong, "", 17, jan.number]
    response = client.post("/api/v1/verifications", json={"numbers": numbers})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["result"] for r in results] == [
        "found",
        "malformed",
        "unknown",
        "found",
        "malformed",
        "malformed",
        "malformed",
        "found",
    ]
    assert results[0]["registration"]["registered"] is True
    assert results[3]["registration"]["status"] == "struck_off"
    assert results[3]["number"] == struck.number and results[3]["input"] == struck.number.lower()
    assert results[4]["problem"] == "check_digit" and results[5]["problem"] == "empty"
    assert results[2]["number"] == unknown and results[2]["registration"] is None
    assert "Access-Control-Allow-Origin" not in response.headers


def test_verifications_take_ten_thousand_numbers_and_refuse_more(client, jan):
    numbers = [jan.number] * 10_000
    response = client.post("/api/v1/verifications", json={"numbers": numbers})
    assert response.status_code == 200 and len(response.get_json()["results"]) == 10_000
    too_many = client.post("/api/v1/verifications", json={"numbers": numbers + ["x"]})
    assert too_many.status_code == 400 and "10000" in too_many.get_json()["error"]["detail"]


@pytest.mark.parametrize("body", [None, "not json", {"nummers": []}, {"numbers": "ED-1"}, []])
def test_verifications_refuse_a_bad_body(client, body):
    if body is None:
        response = client.post("/api/v1/verifications")
    elif isinstance(body, str):
        response = client.post("/api/v1/verifications", data=body, content_type="application/json")
    else:
        response = client.post("/api/v1/verifications", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["status"] == 400


def _programme(db, name, status, start, end, provider=None):
    programme = Programme(name=name, nlqf_level=4, provider=provider)
    db.session.add(programme)
    db.session.add(
        Accreditation(
            programme=programme,
            status=status,
            valid_from=start,
            valid_until=end,
            policy_version="test",
        )
    )
    db.session.commit()
    return programme


def test_programmes_lists_only_accredited_ones(client, db):
    provider = TrainingProvider(name="Herstelacademie", contact_email="geheim@opleider.nl")
    year = dt.timedelta(days=365)
    ok = _programme(
        db,
        "Ervaringsdeskundige niveau 4",
        AccreditationStatus.ACTIVE,
        TODAY - year,
        TODAY + year,
        provider,
    )
    conditional = _programme(
        db, "Cursus herstel", AccreditationStatus.CONDITIONAL, TODAY - year, TODAY + year
    )
    expired = _programme(
        db, "Oude opleiding", AccreditationStatus.ACTIVE, TODAY - 3 * year, TODAY - year
    )
    withdrawn = _programme(
        db, "Ingetrokken", AccreditationStatus.WITHDRAWN, TODAY - year, TODAY + year
    )
    body = client.get("/api/v1/programmes").get_json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 20
    assert [p["name"] for p in body["items"]] == ["Cursus herstel", "Ervaringsdeskundige niveau 4"]
    detail = client.get(f"/api/v1/programmes/{ok.id}").get_json()
    assert detail["provider"] == {"name": "Herstelacademie"}
    assert detail["accreditation"]["status"] == "active"
    assert "geheim@opleider.nl" not in client.get("/api/v1/programmes").get_data(as_text=True)
    assert client.get(f"/api/v1/programmes/{conditional.id}").status_code == 200
    for programme in (expired, withdrawn):
        response = client.get(f"/api/v1/programmes/{programme.id}")
        assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    assert (
        client.get("/api/v1/programmes?per_page=1&page=2").get_json()["items"][0]["name"]
        == "Ervaringsdeskundige niveau 4"
    )
    assert client.get("/api/v1/programmes?page=x").status_code == 400


def test_read_only_endpoints_are_cacheable_and_open_to_other_sites(client, jan):
    for url in (
        f"/api/v1/registrations/{jan.number}",
        "/api/v1/registrations?name=berg",
        "/api/v1/programmes",
        "/api/v1/openapi.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cache-Control"] == "public, max-age=60"
        assert response.content_type.startswith("application/json")


def test_cors_preflight(client, jan):
    response = client.options(
        f"/api/v1/registrations/{jan.number}",
        headers={"Origin": "https://werkgever.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_errors_are_not_cached_for_long(client):
    assert client.get("/api/v1/registrations/ED-1").headers["Cache-Control"] == "no-store"
