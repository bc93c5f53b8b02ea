"""Helpers for the FHIR tests: every resource an answer holds is validated with the
``fhir.resources`` models, and read back unchanged.

``fhir.resources`` 8 offers R5, R4B (4.3.0) and STU3 models on pydantic 2; its R4 (4.0.1)
models are the 6.x line, which needs pydantic 1. The resources this endpoint produces
(CapabilityStatement, Practitioner, Organization, CodeSystem, Bundle, OperationOutcome) did
not change between R4 and R4B (whose changes are the medication-definition, evidence and
subscription resources), so the R4B models check them; that the answers claim 4.0.1 is
checked separately (``test_fhir.py``).
"""

from __future__ import annotations

import json

from fhir.resources.R4B import get_fhir_model_class

FHIR_JSON = "application/fhir+json"


def validate(resource: dict) -> dict:
    """Validate ``resource`` (and everything inside it, e.g. a Bundle's entries) with the
    R4B model of its type, check that the model reads it back field for field (nothing was
    dropped or reshaped), and return it."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    again = json.loads(model.model_dump_json(exclude_none=True))
    assert again == resource, (again, resource)
    return resource


def fhir_json(response, status: int = 200) -> dict:
    """The FHIR JSON body of ``response`` with its status and media type checked, validated."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == FHIR_JSON, response.content_type
    return validate(response.get_json(force=True))


def outcome(response, status: int) -> dict:
    """The OperationOutcome of an error answer, checked, and its first issue."""
    body = fhir_json(response, status)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]


def entries(bundle: dict, mode: str = "match") -> list[dict]:
    """The resources of a searchset Bundle with this search mode."""
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "searchset"
    return [e["resource"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]


def link(bundle: dict, relation: str) -> str | None:
    """The URL of a Bundle link, or None."""
    for item in bundle.get("link", []):
        if item["relation"] == relation:
            return item["url"]
    return None
