"""The lean lookup (``register.api.lean``): the anonymous ``GET /api/v1/registrations/<n>``
answered without the portal's request cycle, the same as the portal answers it, and every
other request handed to the portal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from config import TestingConfig
from register.api.lean import LeanLookup
from register.domain.measures import MeasureKind
from register.models.complaints import Measure
from register.models.organisations import LookupCount
from register.organisations import checks
from tests.lookup_support import add_registration, suspend

LANGUAGES = (None, "en", "nl", "en-GB,en;q=0.9", "de, fr;q=0.5")
#: headers that differ between two answers by design
VARYING = {"Date"}


def _lean(app) -> LeanLookup:
    lean = app.wsgi_app
    while not isinstance(lean, LeanLookup):  # under ProxyFix when proxies are trusted
        lean = lean.app
    return lean


@pytest.fixture
def portal_calls(app, monkeypatch):
    """Every request the lean lookup hands on to the portal, by path."""
    lean = _lean(app)
    calls = []
    portal = lean.portal

    def counting(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return portal(environ, start_response)

    monkeypatch.setattr(lean, "portal", counting)
    return calls


def _answer(client, app, path, lean: bool, **kwargs):
    app.config["LEAN_LOOKUP"] = lean
    try:
        return client.get(path, **kwargs)
    finally:
        app.config["LEAN_LOOKUP"] = True


def _registrations(db, policies):
    today = dt.date.today()
    plain = add_registration(policies, given="Anna", surname="Berg")
    diploma = add_registration(
        policies,
        given="Bram",
        prefix="van der",
        surname="Velde",
        tier=3,
        route="diploma",
        qualification_level=6,
        work_region="Utrecht",
        show_work_region=True,
    )
    transitional = add_registration(policies, given="Chris", surname="Ğül", route="transitional")
    suspended = add_registration(policies, given="Dana", surname="Smit")
    suspend(policies, suspended, "internal reason", "investigation", today + dt.timedelta(days=40))
    db.session.add(
        Measure(
            registration_id=diploma.id,
            kind=MeasureKind.CONDITIONS,
            public=True,
            public_text="Works under supervision.",
            starts_on=today - dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=90),
            internal_reason="never shown",
            policy_version=policies.measures.version,
        )
    )
    db.session.commit()
    return [plain, diploma, transitional, suspended]


def _without_checked_at(body: bytes) -> dict:
    data = json.loads(body)
    data.pop("checked_at")
    return data


def test_the_lean_answer_is_the_portals_byte_for_byte(client, app, db, policies, portal_calls):
    regs = _registrations(db, policies)
    asked = 0
    for reg in regs:
        typed = (reg.number, reg.number.lower().replace("-", ""))
        for number in typed:
            for language in LANGUAGES:
                headers = {"Accept-Language": language} if language else {}
                path = f"/api/v1/registrations/{number}"
                lean = _answer(client, app, path, True, headers=headers)
                portal = _answer(client, app, path, False, headers=headers)
                asked += 1
                assert lean.status_code == portal.status_code == 200
                assert _without_checked_at(lean.data) == _without_checked_at(portal.data)
                # the same bytes once the moment of checking is the same
                checked = json.loads(portal.data)["checked_at"]
                relabelled = json.dumps({**json.loads(lean.data), "checked_at": checked})
                assert json.loads(relabelled) == json.loads(portal.data)
                assert len(lean.data) == len(portal.data)
                assert sorted(
                    (k, v) for k, v in lean.headers.items() if k not in VARYING
                ) == sorted((k, v) for k, v in portal.headers.items() if k not in VARYING)
                assert "Set-Cookie" not in lean.headers and "Vary" not in lean.headers
    assert len(portal_calls) == asked  # the portal answered only when told to (LEAN_LOOKUP off)


def test_the_answer_says_what_the_public_may_see_in_the_asked_language(
    client, app, db, policies, portal_calls
):
    regs = _registrations(db, policies)
    diploma, suspended = regs[1], regs[3]
    english = client.get(
        f"/api/v1/registrations/{diploma.number}", headers={"Accept-Language": "en"}
    ).get_json()
    assert english["qualification"] == {
        "route": "diploma",
        "nlqf_level": 6,
        "description": "Diploma of an accredited programme at NLQF level 6",
    }
    assert english["measures"][0]["text"] == "Works under supervision."
    assert english["url"].endswith(f"/registrations/{diploma.number}")
    assert english["url"].startswith("http://localhost/")
    dutch = client.get(f"/api/v1/registrations/{suspended.number}").get_json()
    assert dutch["suspension"]["reason_category_name"] == "Lopend onderzoek"
    text = json.dumps(dutch) + json.dumps(english)
    assert "internal reason" not in text and "never shown" not in text
    assert portal_calls == []


@pytest.mark.parametrize(
    ("path", "kwargs", "status"),
    [
        ("/api/v1/registrations/ED-1", {}, 400),  # malformed
        ("/api/v1/registrations/ED-00999999", {}, 404),  # well formed, unknown
        ("/api/v1/registrations/{n}?x=1", {}, 200),  # a query string
        ("/api/v1/registrations/{n}", {"headers": {"Authorization": "Bearer nope"}}, 401),
        ("/api/v1/registrations/{n}/", {}, 200),  # the portal reads it as the number
        ("/api/v1/registrations/ÉD-00000013", {}, 400),  # not ASCII
    ],
)
def test_every_other_request_is_the_portals(
    client, app, db, policies, portal_calls, path, kwargs, status
):
    reg = add_registration(policies)
    path = path.format(n=reg.number)
    response = client.get(path, **kwargs)
    assert response.status_code == status
    assert len(portal_calls) == 1
    if status >= 400:
        assert response.get_json()["error"]["status"] == status


def test_a_request_with_a_session_cookie_or_another_method_is_the_portals(
    client, app, db, policies, portal_calls
):
    reg = add_registration(policies)
    path = f"/api/v1/registrations/{reg.number}"
    client.set_cookie("session", "anything")
    assert client.get(path).status_code == 200
    client.delete_cookie("session")
    assert client.head(path).status_code == 200
    assert client.options(path).status_code == 200
    assert len(portal_calls) == 3
    assert client.get(path).status_code == 200
    assert len(portal_calls) == 3  # the plain anonymous GET is the lean path's


def test_a_lean_lookup_is_counted_as_an_anonymous_check(client, app, db, policies):
    reg = add_registration(policies)
    checks.forget_pending()
    for _ in range(3):
        assert client.get(f"/api/v1/registrations/{reg.number}").status_code == 200
    assert checks.flush_lookup_counts() == 3
    counted = db.session.scalars(
        select(LookupCount.count).where(LookupCount.registration_id == reg.id)
    ).all()
    assert counted == [3]


class Limited(TestingConfig):
    RATELIMIT_ENABLED = True
    API_RATE_LIMIT = "3 per minute"


def test_the_limit_is_the_portals_one_counter(make_app, db, policies):
    app = make_app(Limited)
    client = app.test_client()
    reg = add_registration(policies)
    lean = client.get(f"/api/v1/registrations/{reg.number}")
    assert lean.status_code == 200
    assert lean.headers["X-RateLimit-Limit"] == "3"
    assert lean.headers["X-RateLimit-Remaining"] == "2"
    assert int(lean.headers["Retry-After"]) > 0
    assert int(lean.headers["X-RateLimit-Reset"]) > 0
    # the portal's API search counts under the same key
    search = client.get("/api/v1/registrations?name=Berg")
    assert search.headers["X-RateLimit-Remaining"] == "1"
    assert client.get(f"/api/v1/registrations/{reg.number}").status_code == 200
    refused = client.get(f"/api/v1/registrations/{reg.number}")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["status"] == 429
    other = client.get(
        f"/api/v1/registrations/{reg.number}", environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert other.status_code == 200  # per client address


def test_an_unknown_number_costs_one_request_of_the_limit(make_app, db, policies):
    client = make_app(Limited).test_client()
    reg = add_registration(policies)
    unknown = client.get("/api/v1/registrations/ED-00999999")
    assert unknown.status_code == 404
    assert unknown.headers["X-RateLimit-Remaining"] == "2"
    found = client.get(f"/api/v1/registrations/{reg.number}")
    assert found.headers["X-RateLimit-Remaining"] == "1"


class LimitedBehindProxy(Limited):
    TRUSTED_PROXIES = 1


def test_behind_a_proxy_the_client_address_is_the_limits_key(make_app, db, policies):
    app = make_app(LimitedBehindProxy)
    client = app.test_client()
    reg = add_registration(policies)
    path = f"/api/v1/registrations/{reg.number}"
    for _ in range(3):
        assert client.get(path, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 200
    assert client.get(path, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert client.get(path, headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 200


def test_a_database_that_went_away_gets_the_portals_503(client, app, db, policies, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from register.lookup import services

    reg = add_registration(policies)

    def away(number):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(services, "get_registration", away)
    response = client.get(f"/api/v1/registrations/{reg.number}")
    assert response.status_code == 503
    assert response.get_json()["error"]["status"] == 503
    assert "server closed" not in response.get_data(as_text=True)


def test_a_changed_setting_changes_the_lean_answers_headers(client, app, db, policies):
    reg = add_registration(policies)
    app.config["PUBLIC_CACHE_SECONDS"] = 5
    answer = client.get(f"/api/v1/registrations/{reg.number}")
    assert answer.headers["Cache-Control"] == "public, max-age=5"


def test_a_failure_of_the_lean_path_is_logged_and_the_portal_answers(
    client, app, db, policies, portal_calls, monkeypatch, caplog
):
    from register.api import lean

    reg = add_registration(policies)

    def broken(*args):
        raise RuntimeError("a bug in the lean path")

    monkeypatch.setattr(lean, "detail_body", broken)
    answer = client.get(f"/api/v1/registrations/{reg.number}")
    assert answer.status_code == 200 and answer.get_json()["number"] == reg.number
    assert len(portal_calls) == 1
    assert "lean lookup failed" in caplog.text
