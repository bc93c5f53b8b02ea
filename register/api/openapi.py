"""The OpenAPI 3.1 document of the verification API, generated from the declared operations
(``register.api.operations``) and the models they validate and answer with
(``register.api.schemas``). Nothing here describes a field by hand: a field added to a model
appears in the document, and an answer the model does not allow fails before it is sent.
``tests/web/test_api_openapi.py`` checks real answers against the document (schemathesis)."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from register.api import schemas
from register.api.operations import OPERATIONS, Operation
from register.api.schemas import N_

REF = "#/components/schemas/{model}"
TITLE = N_("Register of Experts by Experience: verification API")
DESCRIPTION = N_(
    "Public verification of registrations and accredited programmes. Every answer carries "
    "checked_at. Rate limited per client address (429 with Retry-After)."
)
ERROR_DESCRIPTION = N_("An error, with the reason in detail.")
RATE_DESCRIPTION = N_("Too many requests from this address.")
RETRY_DESCRIPTION = N_("Seconds to wait.")
KEY_DESCRIPTION = N_(
    "An organisation's API key, made on the organisation's page in the portal and sent as "
    "Authorization: Bearer <key>. Optional for the public operations (with a key, the "
    "organisation's higher rate limits apply and the check is recorded for the registrant); "
    "required for the watch list. An unknown or revoked key, or a key of a blocked "
    "organisation, gets 401: never an anonymous answer."
)
UNAUTHORISED_DESCRIPTION = N_(
    "The API key is missing (where required), unknown or revoked, or its organisation is "
    "blocked; WWW-Authenticate says Bearer."
)
STATUS_DESCRIPTIONS = {
    400: N_("The request cannot be read: a parameter or the body is refused."),
    404: N_("Nothing is found under this path."),
}


class _Schemas(GenerateJsonSchema):
    """Pydantic's JSON Schema without the titles it derives from field names, and without
    ``default: null`` on fields whose schema does not allow null (they are left out)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def default_schema(self, schema):
        result = super().default_schema(schema)
        if result.get("default", ...) is None and "anyOf" not in result:
            result.pop("default")
        return result


def _components(operations: list[Operation]) -> dict[str, Any]:
    types: list[type] = [schemas.Error]
    for op in operations:
        if op.body is not None:
            types.append(op.body)
        types.append(op.answer)
    inputs = [(kind, "validation", TypeAdapter(kind)) for kind in dict.fromkeys(types)]
    _, document = TypeAdapter.json_schemas(inputs, ref_template=REF, schema_generator=_Schemas)
    return document["$defs"]


def _non_null(schema: dict) -> dict:
    """A query or path parameter is given or not: its schema without the null branch."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        merged = {**options[0], **rest}
        if schema.get("default") is not None:
            merged["default"] = schema["default"]
        return merged
    return schema


def parameters(model: type[BaseModel] | None, where: str) -> list[dict]:
    """The OpenAPI parameters of a query or path model."""
    if model is None:
        return []
    schema = model.model_json_schema(schema_generator=_Schemas)
    required = set(schema.get("required", ()))
    result = []
    for name, prop in schema["properties"].items():
        prop = _non_null(dict(prop))
        parameter = {"name": name, "in": where, "required": where == "path" or name in required}
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        if "examples" in prop:
            parameter["example"] = prop.pop("examples")[0]
        parameter["schema"] = prop
        result.append(parameter)
    return result


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response: dict = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _responses(op: Operation) -> dict:
    error = {"$ref": REF.format(model="Error")}
    responses = {
        "200": _json({"$ref": REF.format(model=op.answer.__name__)}, op.answer_description)
    }
    statuses = sorted({*op.errors, 401}, key=lambda s: (s == 429, s))
    for status in statuses:
        if status == 401:
            challenge = {"description": "Bearer", "schema": {"type": "string"}}
            responses["401"] = _json(
                error, UNAUTHORISED_DESCRIPTION, {"WWW-Authenticate": challenge}
            )
        elif status == 429:
            retry = {"description": RETRY_DESCRIPTION, "schema": {"type": "string"}}
            responses["429"] = _json(error, RATE_DESCRIPTION, {"Retry-After": retry})
        else:
            responses[str(status)] = _json(
                error, STATUS_DESCRIPTIONS.get(status, ERROR_DESCRIPTION)
            )
    return responses


def _operation(op: Operation) -> dict:
    body: dict = {"operationId": op.operation_id, "summary": op.summary}
    if op.description:
        body["description"] = op.description
    params = parameters(op.path_params, "path") + parameters(op.query, "query")
    if params:
        body["parameters"] = params
    if op.body is not None:
        body["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": REF.format(model=op.body.__name__)}}
            },
        }
    body["responses"] = _responses(op)
    key = {"apiKey": []}
    body["security"] = [key] if op.security == "required" else [{}, key]
    return body


@cache
def openapi_document() -> dict:
    """The whole OpenAPI 3.1 document (built once per process)."""
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": _components(OPERATIONS),
            "securitySchemes": {
                "apiKey": {"type": "http", "scheme": "bearer", "description": KEY_DESCRIPTION}
            },
        },
    }
