"""The API's models are its one description: they validate the requests, every answer is
checked against them before it is sent, and the OpenAPI document is generated from them."""

import pytest
from pydantic import ValidationError

from register.api import schemas, views
from register.api.openapi import openapi_document, parameters
from register.api.operations import OPERATIONS, check_answer
from register.lookup import public, services
from tests.lookup_support import add_registration


def _keys(answer) -> set[str]:
    return set(answer.__required_keys__ | answer.__optional_keys__)


def test_every_answer_type_is_a_component_with_exactly_its_fields(app):
    components = openapi_document()["components"]["schemas"]
    for op in OPERATIONS:
        schema = components[op.answer.__name__]
        assert set(schema["properties"]) == _keys(op.answer), op.operation_id
        assert set(schema["required"]) == set(op.answer.__required_keys__)
        assert schema["additionalProperties"] is False


def test_every_operation_is_a_route_and_every_api_route_an_operation(app):
    endpoints = {f"api.{op.endpoint}" for op in OPERATIONS}
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")}
    assert routes - endpoints == {"api.openapi"}
    assert endpoints <= routes


def test_query_parameters_come_from_the_query_models():
    documented = {p["name"]: p for p in parameters(schemas.RegistrationSearchQuery, "query")}
    assert list(documented) == ["name", "tier", "status", "page", "per_page"]
    assert documented["name"]["required"] is True
    assert documented["tier"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 3}
    assert documented["per_page"]["schema"]["maximum"] == services.MAX_PER_PAGE
    assert documented["status"]["schema"]["enum"] == list(
        schemas.RegistrationSearchQuery.model_fields["status"].annotation.__args__[0].__args__
    )


def test_an_answer_with_a_field_the_model_does_not_have_is_never_sent(
    client, db, policies, monkeypatch
):
    reg = add_registration(policies)
    real = views.detail_json

    def leaky(*args, **kwargs):
        return {**real(*args, **kwargs), "internal_note": "VERTROUWELIJK"}

    # the portal's view and the lean lookup (register.api.lean) both build it so: the lean
    # path's check refuses it too and hands the request to the portal, which answers 500
    monkeypatch.setattr(views, "detail_json", leaky)
    monkeypatch.setattr(public, "detail_json", leaky)
    response = client.get(f"/api/v1/registrations/{reg.number}")
    assert response.status_code == 500
    assert "VERTROUWELIJK" not in response.get_data(as_text=True)


def test_an_answer_missing_a_field_is_never_sent(client, db, policies, monkeypatch):
    reg = add_registration(policies)
    real = views.summary_json

    def short(*args, **kwargs):
        data = real(*args, **kwargs)
        del data["valid_until"]
        return data

    monkeypatch.setattr(views, "summary_json", short)
    assert client.get("/api/v1/registrations?name=berg").status_code == 500
    response = client.post("/api/v1/verifications", json={"numbers": [reg.number]})
    assert response.status_code == 500


def test_the_check_is_strict():
    good = b'{"level": 2, "name": "x"}'
    check_answer(schemas.Tier, good)
    for bad in (b'{"level": "2", "name": "x"}', b'{"level": 4, "name": "x"}', b'{"name": "x"}'):
        with pytest.raises(ValidationError):
            check_answer(schemas.Tier, bad)


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("name=berg&tier=9", "tier", "The parameter tier must be a whole number from 1 to 3."),
        ("name=berg&tier=%2B1", "tier", "The parameter tier must be a whole number from 1 to 3."),
        ("name=berg&page=1.0", "page", "The parameter page must be a whole number from 1 to"),
        ("name=berg&per_page=%C2%B2", "per_page", "The parameter per_page must be a whole"),
        ("name=berg&status=gone", "status", "The status must be one of: active, grace, suspended"),
        ("name=%20%20", "name", "Give a name of 1 to 120 characters."),
        ("tier=1", "name", "Give a name of 1 to 120 characters."),
    ],
)
def test_refused_parameters_are_named_and_explained(client, query, parameter, message):
    response = client.get(f"/api/v1/registrations?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["detail"].startswith(message)


def test_refusals_are_translated(client):
    response = client.get("/api/v1/registrations?name=berg&tier=9")
    assert response.get_json()["error"]["detail"].startswith("De parameter tier")


def test_empty_parameters_count_as_not_given(client, db, policies):
    add_registration(policies, surname="Berg")
    body = client.get("/api/v1/registrations?name=berg&tier=&status=&page=&per_page=").get_json()
    assert body["page"] == 1 and body["per_page"] == 20 and body["total"] == 1


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"numbers": ["x"] * 10_001}, "Send at most 10000 numbers at once."),
        ({"numbers": "ED-1"}, 'Send a JSON object with a list "numbers".'),
        (["ED-1"], 'Send a JSON object with a list "numbers".'),
    ],
)
def test_a_refused_body_is_explained(client, body, detail):
    response = client.post("/api/v1/verifications", json=body, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"]["detail"] == detail
