"""The OpenAPI 3.1 description of the verification API, kept next to the views it describes.
``tests/web/test_api_openapi.py`` checks real responses against it."""

from __future__ import annotations

from functools import cache

from register.policy.registration import REGISTRATION_STATUSES

_DATE = {"type": "string", "format": "date"}
_CHECKED = {
    "type": "string",
    "format": "date-time",
    "description": "When the register was checked for this answer (UTC).",
}
_NULLABLE_STR = {"type": ["string", "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


_ERROR = _json(_ref("Error"), "An error, with the reason in `detail`.")
_RATE = _json(
    _ref("Error"),
    "Too many requests from this address.",
    {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
)
_PAGE_PARAMS = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    },
]

_SCHEMAS = {
    "Error": _obj(
        {
            "error": _obj(
                {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "detail": {"type": "string"},
                    "problem": {"type": "string"},
                    "parameter": {"type": "string"},
                },
                ["status", "title"],
            )
        }
    ),
    "Tier": _obj(
        {
            "level": {"type": "integer", "minimum": 1, "maximum": 3},
            "name": {"type": "string"},
            "description": {"type": "string"},
        },
        ["level", "name"],
    ),
    "RegistrationSummary": _obj(
        {
            "number": {"type": "string", "examples": ["ED-00000017"]},
            "name": {"type": "string"},
            "tier": _ref("Tier"),
            "status": {"type": "string", "enum": list(REGISTRATION_STATUSES)},
            "status_name": {"type": "string"},
            "registered": {
                "type": "boolean",
                "description": (
                    "True when the status counts as registered today (grace: within the "
                    "grace period, when the policy counts it as registered)."
                ),
            },
            "valid_until": _DATE,
            "url": {"type": "string", "format": "uri", "description": "The public page."},
        }
    ),
    "Suspension": _obj(
        {
            "reason_category": _NULLABLE_STR,
            "reason_category_name": _NULLABLE_STR,
            "ends_on": {"type": ["string", "null"], "format": "date"},
        }
    ),
    "Programme": _obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "nlqf_level": {"type": "integer", "minimum": 2, "maximum": 7},
            "context": {"type": "string", "enum": ["standalone", "embedded"]},
            "mode": {"type": ["string", "null"]},
            "study_load_hours": {"type": ["integer", "null"]},
            "provider": {"oneOf": [{"type": "null"}, _obj({"name": {"type": "string"}})]},
            "accreditation": _obj(
                {
                    "status": {"type": "string", "enum": ["active", "conditional"]},
                    "valid_from": _DATE,
                    "valid_until": _DATE,
                }
            ),
        }
    ),
}
_summary = _SCHEMAS["RegistrationSummary"]
_SCHEMAS["Registration"] = _obj(
    {
        **_summary["properties"],
        "checked_at": _CHECKED,
        "status_since": _DATE,
        "valid_from": _DATE,
        "grace_until": {
            "type": ["string", "null"],
            "format": "date",
            "description": (
                "With status grace (the end date has passed and a renewal is being "
                "assessed): the last day of the grace period; whether the registration "
                "counts as registered meanwhile is the register's policy, given by "
                "`registered`. Otherwise null."
            ),
        },
        "suspension": {"oneOf": [{"type": "null"}, _ref("Suspension")]},
        "work_region": _NULLABLE_STR,
    }
)
_SCHEMAS["SearchPage"] = _obj(
    {
        "items": {"type": "array", "items": _ref("RegistrationSummary")},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "total": {
            "type": "integer",
            "description": "Matches counted up to 1,000; with total_capped, more than that.",
        },
        "total_capped": {"type": "boolean"},
        "checked_at": _CHECKED,
    }
)
_SCHEMAS["VerificationRequest"] = _obj(
    {"numbers": {"type": "array", "maxItems": 10000, "items": {"type": "string"}}}
)
_SCHEMAS["Verification"] = _obj(
    {
        "input": {"type": "string", "description": "The number as sent."},
        "result": {"type": "string", "enum": ["found", "unknown", "malformed"]},
        "number": {"type": ["string", "null"], "description": "The number in its standard form."},
        "problem": {
            "type": ["string", "null"],
            "enum": ["malformed", "check_digit", "empty", None],
        },
        "registration": {"oneOf": [{"type": "null"}, _ref("RegistrationSummary")]},
    }
)
_SCHEMAS["VerificationResponse"] = _obj(
    {
        "checked_at": _CHECKED,
        "results": {"type": "array", "items": _ref("Verification")},
    }
)
_SCHEMAS["ProgrammePage"] = _obj(
    {
        "items": {"type": "array", "items": _ref("Programme")},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "total": {"type": "integer"},
        "checked_at": _CHECKED,
    }
)
_SCHEMAS["ProgrammeDetail"] = _obj({**_SCHEMAS["Programme"]["properties"], "checked_at": _CHECKED})


@cache
def openapi_document() -> dict:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Register of Experts by Experience: verification API",
            "version": "1.0.0",
            "description": (
                "Public verification of registrations and accredited programmes. Every answer "
                "carries `checked_at`. Rate limited per client address (429 with Retry-After)."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/registrations/{number}": {
                "get": {
                    "operationId": "getRegistration",
                    "summary": "One registration by number",
                    "parameters": [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 40},
                        }
                    ],
                    "responses": {
                        "200": _json(_ref("Registration"), "The registration."),
                        "400": _ERROR,
                        "404": _ERROR,
                        "429": _RATE,
                    },
                }
            },
            "/api/v1/registrations": {
                "get": {
                    "operationId": "searchRegistrations",
                    "summary": "Search registrations by name",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 120},
                        },
                        {
                            "name": "tier",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 3},
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": list(REGISTRATION_STATUSES)},
                        },
                        *_PAGE_PARAMS,
                    ],
                    "responses": {
                        "200": _json(_ref("SearchPage"), "One page of results."),
                        "400": _ERROR,
                        "429": _RATE,
                    },
                }
            },
            "/api/v1/verifications": {
                "post": {
                    "operationId": "verifyNumbers",
                    "summary": "Verify up to 10,000 numbers at once",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("VerificationRequest")}},
                    },
                    "responses": {
                        "200": _json(
                            _ref("VerificationResponse"), "One result per number, in order."
                        ),
                        "400": _ERROR,
                        "429": _RATE,
                    },
                }
            },
            "/api/v1/programmes": {
                "get": {
                    "operationId": "listProgrammes",
                    "summary": "Accredited programmes",
                    "parameters": _PAGE_PARAMS,
                    "responses": {
                        "200": _json(_ref("ProgrammePage"), "One page of programmes."),
                        "400": _ERROR,
                        "429": _RATE,
                    },
                }
            },
            "/api/v1/programmes/{id}": {
                "get": {
                    "operationId": "getProgramme",
                    "summary": "One accredited programme",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    ],
                    "responses": {
                        "200": _json(_ref("ProgrammeDetail"), "The programme."),
                        "404": _ERROR,
                        "429": _RATE,
                    },
                }
            },
        },
        "components": {"schemas": _SCHEMAS},
    }
