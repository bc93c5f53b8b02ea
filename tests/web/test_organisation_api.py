"""API keys on the API: Bearer authentication (401 with WWW-Authenticate for a key that
does not work, never anonymous), attribution (who checked me), the organisation's higher
rate limits, and the watch list's endpoints, checked against the OpenAPI document."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from config import TestingConfig
from register.extensions import db
from register.models.base import utcnow
from register.models.organisations import CheckChannel, VerificationRecord, WatchEntry
from tests.lookup_support import add_registration
from tests.organisation_support import add_key, add_organisation, bearer

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def org(db, make_user):
    organisation, user = add_organisation(make_user)
    return organisation, add_key(organisation)


def _records():
    return [(r.registration_id, r.channel) for r in db.session.scalars(select(VerificationRecord))]


def test_a_request_with_a_key_is_attributed_and_not_cached(client, org, policies):
    organisation, key = org
    reg = add_registration(policies)
    response = client.get(f"/api/v1/registrations/{reg.number}", headers=bearer(key))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    assert _records() == [(reg.id, CheckChannel.API)]
    response = client.post(
        "/api/v1/verifications", json={"numbers": [reg.number, "x"]}, headers=bearer(key)
    )
    assert response.status_code == 200
    assert _records() == [(reg.id, CheckChannel.API)]  # once per day and channel


def test_anonymous_requests_are_only_counted(client, db, policies):
    reg = add_registration(policies)
    response = client.get(f"/api/v1/registrations/{reg.number}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    assert _records() == []


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer rk_0123456789abcdef_" + "a" * 43, "not valid"),
        ("Bearer nonsense", "not valid"),
        ("Bearer ", "not valid"),
        ("Basic dXNlcjpwdw==", "Bearer"),
    ],
)
def test_a_key_that_does_not_work_gets_401_never_an_anonymous_answer(client, header, words):
    response = client.get(
        "/api/v1/programmes", headers={"Authorization": header, "Accept-Language": "en"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="register"')
    assert words in response.get_json()["error"]["detail"]


def test_a_revoked_key_and_a_blocked_organisation_get_401_saying_why(client, org, db):
    organisation, key = org
    organisation.blocked_at = utcnow()
    organisation.blocked_reason = "misbruik"
    db.session.commit()
    response = client.get("/api/v1/programmes", headers={**bearer(key), "Accept-Language": "en"})
    assert response.status_code == 401 and "blocked" in response.get_json()["error"]["detail"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    organisation.blocked_at = None
    from register.models.organisations import ApiKey

    db.session.scalars(select(ApiKey)).one().revoked_at = utcnow()
    db.session.commit()
    response = client.get("/api/v1/programmes", headers={**bearer(key), "Accept-Language": "en"})
    assert response.status_code == 401 and "revoked" in response.get_json()["error"]["detail"]


def test_the_watch_list_needs_a_key(client):
    response = client.get("/api/v1/watchlist")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="register"'
    assert client.post("/api/v1/watchlist", json={"number": "ED-00000013"}).status_code == 401
    assert client.delete("/api/v1/watchlist/ED-00000013").status_code == 401


def test_the_watch_list_by_api(client, org, policies):
    organisation, key = org
    reg = add_registration(policies)
    body = {"number": reg.number.lower(), "employed_since": "2025-03-01", "role": "coach"}
    response = client.post("/api/v1/watchlist", json=body, headers=bearer(key))
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["created"] is True and answer["entry"]["number"] == reg.number
    assert answer["entry"]["employed_since"] == "2025-03-01"
    again = client.post("/api/v1/watchlist", json={"number": reg.number}, headers=bearer(key))
    assert again.get_json()["created"] is False and again.get_json()["entry"]["role"] == ""
    listed = client.get("/api/v1/watchlist", headers=bearer(key)).get_json()
    assert listed["total"] == 1 and listed["items"][0]["registration"]["number"] == reg.number
    assert client.post(
        "/api/v1/watchlist", json={"number": "ED-00009990"}, headers=bearer(key)
    ).status_code in (400, 404)
    assert (
        client.post("/api/v1/watchlist", json={"number": "x"}, headers=bearer(key)).status_code
        == 400
    )
    assert (
        client.post("/api/v1/watchlist", json={"numbr": "x"}, headers=bearer(key)).status_code
        == 400
    )
    gone = client.delete(f"/api/v1/watchlist/{reg.number}", headers=bearer(key))
    assert gone.status_code == 200 and gone.get_json() == {"number": reg.number, "removed": True}
    assert client.delete(f"/api/v1/watchlist/{reg.number}", headers=bearer(key)).status_code == 404
    assert db.session.scalar(select(WatchEntry.id)) is None
    assert (reg.id, CheckChannel.WATCH_LIST) in _records()


class LimitedConfig(TestingConfig):
    RATELIMIT_ENABLED = True
    API_RATE_LIMIT = "2 per minute"
    API_KEY_RATE_LIMIT = "5 per minute"


def test_a_key_gets_the_organisations_higher_limit_counted_per_organisation(make_app, org):
    _, key = org
    limited = make_app(LimitedConfig).test_client()
    for _ in range(2):
        assert limited.get("/api/v1/programmes").status_code == 200
    assert limited.get("/api/v1/programmes").status_code == 429  # the address's limit
    for n in range(5):  # the same address, with a key: the organisation's own budget
        address = {"REMOTE_ADDR": f"10.0.0.{n}"}
        assert (
            limited.get("/api/v1/programmes", headers=bearer(key), environ_base=address).status_code
            == 200
        )
    assert limited.get("/api/v1/programmes", headers=bearer(key)).status_code == 429


def test_the_document_describes_the_key(client):
    document = client.get("/api/v1/openapi.json").get_json()
    scheme = document["components"]["securitySchemes"]["apiKey"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    watch = document["paths"]["/api/v1/watchlist"]
    assert watch["get"]["security"] == [{"apiKey": []}]
    assert "401" in watch["post"]["responses"]
    one = document["paths"]["/api/v1/registrations/{number}"]["get"]
    assert one["security"] == [{}, {"apiKey": []}] and "401" in one["responses"]


@pytest.fixture
def schema(app, org, policies):
    _, key = org
    reg = add_registration(policies)
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.test_data = {"key": key, "number": reg.number}
    return loaded


def test_watch_list_requests_conform(schema):
    headers, number = bearer(schema.test_data["key"]), schema.test_data["number"]

    def call(path, method, **parts):
        case = schema[path][method].Case(**parts)
        return case.call_and_validate(headers=headers, excluded_checks=EXCLUDED).status_code

    assert call("/api/v1/watchlist", "POST", body={"number": number, "role": "coach"}) == 200
    assert call("/api/v1/watchlist", "POST", body={"number": "ED-1"}) == 400
    assert call("/api/v1/watchlist", "GET", query={"per_page": 1}) == 200
    assert call("/api/v1/watchlist/{number}", "DELETE", path_parameters={"number": number}) == 200
    assert call("/api/v1/watchlist/{number}", "DELETE", path_parameters={"number": number}) == 404
    case = schema["/api/v1/watchlist"]["GET"].Case()
    assert case.call_and_validate(excluded_checks=EXCLUDED).status_code == 401


def test_generated_watch_list_requests_conform(schema):
    headers = bearer(schema.test_data["key"])
    for path, method in (
        ("/api/v1/watchlist", "GET"),
        ("/api/v1/watchlist", "POST"),
        ("/api/v1/watchlist/{number}", "DELETE"),
    ):
        operation = schema[path][method]

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        check()
