"""The OpenAPI document matches the implementation.

Schemathesis checks every response against the document: first for chosen requests that
reach every documented response (found, unknown, malformed, each page shape), then for
requests it generates itself from the document (property-based). Schemathesis' own pytest
parametrisation does not run under pytest 9, so the operations are driven through its
Python API with Hypothesis directly.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings

from register.models.programmes import Accreditation, AccreditationStatus, Programme
from tests.lookup_support import add_registration, suspend

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

#: A schema-valid name can still be refused on purpose (one letter, or a malformed number).
EXCLUDED = [positive_data_acceptance]
TODAY = dt.date.today()


@pytest.fixture
def schema(app, db, policies):
    jan = add_registration(
        policies,
        given="Jan",
        prefix="van der",
        surname="Berg",
        work_region="Utrecht",
        show_work_region=True,
        route="diploma",
        qualification_level=5,
    )
    suspend(policies, jan, "intern", "administrative", ends_on=TODAY + dt.timedelta(days=9))
    piet = add_registration(policies, given="Piet", surname="Bergman", tier=1, route="transitional")
    older = add_registration(policies, given="Oud", surname="Bergveld")
    programme = Programme(name="Ervaringsdeskundige", nlqf_level=4)
    db.session.add(
        Accreditation(
            programme=programme,
            status=AccreditationStatus.ACTIVE,
            valid_from=TODAY,
            valid_until=TODAY + dt.timedelta(days=99),
            policy_version="t",
        )
    )
    db.session.commit()
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.test_data = {
        "number": jan.number,
        "programme": programme.id,
        "more": (piet.number, older.number),
    }
    return loaded


def test_the_document_is_openapi_3_1_and_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    documented = {
        path.replace("{id}", "<int:programme_id>").replace("{number}", "<path:number>")
        for path in document["paths"]
    }
    routes = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"
    }
    assert routes == documented


def _call(schema, path, method, **parts):
    case = schema[path][method].Case(**parts)
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    return response.status_code


def test_chosen_requests_conform(schema):
    number, programme = schema.test_data["number"], schema.test_data["programme"]
    one = "/api/v1/registrations/{number}"
    assert _call(schema, one, "GET", path_parameters={"number": number}) == 200
    for other in schema.test_data["more"]:  # tier 1 by the transitional route; no basis known
        assert _call(schema, one, "GET", path_parameters={"number": other}) == 200
    assert _call(schema, one, "GET", path_parameters={"number": "ED-00009990"}) in (400, 404)
    assert _call(schema, one, "GET", path_parameters={"number": "ED-1"}) == 400
    search = "/api/v1/registrations"
    assert _call(schema, search, "GET", query={"name": "Berg", "per_page": 1}) == 200
    assert _call(schema, search, "GET", query={"name": "x"}) == 400
    verify = "/api/v1/verifications"
    assert _call(schema, verify, "POST", body={"numbers": [number, "x", "ED-00000013"]}) == 200
    assert _call(schema, "/api/v1/programmes", "GET", query={"page": 1}) == 200
    assert _call(schema, "/api/v1/programmes/{id}", "GET", path_parameters={"id": programme}) == 200
    assert (
        _call(schema, "/api/v1/programmes/{id}", "GET", path_parameters={"id": programme + 1})
        == 404
    )


def test_generated_requests_conform(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            case.call_and_validate(excluded_checks=EXCLUDED)

        check()
