"""The verification API, version 1: JSON only, documented at ``/api/v1/openapi.json``.

Public and rate limited per client address. Read-only GET answers may be cached briefly by
proxies and read from any web page (CORS); the POST for verifications is neither.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_babel import lazy_gettext as _l

from register.access import PUBLIC, gate_blueprint
from register.api import bp, schemas
from register.api.auth import api_client, api_limit, bulk_limit, rate_key, refuse_bad_keys
from register.api.openapi import openapi_document
from register.api.operations import operation
from register.api.programmes import accredited_programme, accredited_programmes
from register.api.schemas import N_
from register.domain.numbers import parse_number
from register.errors import MalformedRequest, error_response
from register.extensions import csrf, limiter
from register.i18n import current_language as _lang
from register.lookup import services
from register.lookup.public import detail_json, summary_json
from register.models.organisations import CheckChannel
from register.organisations import checks
from register.policy import current_policies
from register.readonly import public_read

gate_blueprint(bp, PUBLIC)
csrf.exempt(bp)
limiter.shared_limit(api_limit, scope="api", key_func=rate_key)(bp)
bp.before_request(refuse_bad_keys)

READ_ONLY_ENDPOINTS = {
    "api.registration",
    "api.registrations",
    "api.programmes",
    "api.programme",
    "api.openapi",
}
PROBLEMS = {
    "malformed": _l("This is not a valid registration number."),
    "check_digit": _l("The check digit of this registration number does not match."),
    "empty": _l("No registration number was given."),
    "too_short": _l("Give at least 2 letters of the name."),
}


@bp.after_request
def _public_headers(response: Response) -> Response:
    if api_client().organisation_id is not None:
        # an identified request: recorded (who checked me), so never answered from a cache
        response.headers["Cache-Control"] = "private, no-store"
        return response
    if request.endpoint in READ_ONLY_ENDPOINTS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
            response.headers["Access-Control-Max-Age"] = "86400"
        elif request.method == "GET" and response.status_code in (200, 404):
            seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
            response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


@bp.get("/registrations/<path:number>")
@public_read
@operation(
    "GET",
    "/api/v1/registrations/{number}",
    "getRegistration",
    N_("One registration by number"),
    schemas.Registration,
    answer_description=N_("The registration."),
    description=N_(
        "400 when the number is malformed or its check digit does not match (problem says "
        "which), 404 when no registration has this number."
    ),
    path_params=schemas.RegistrationPath,
    errors=(400, 404, 429),
)
def registration(path: schemas.RegistrationPath):
    """One registration by number: 400 when malformed, 404 when unknown."""
    parsed = parse_number(current_policies().registration.number, path.number)
    if not parsed.ok:
        raise MalformedRequest(PROBLEMS[parsed.problem.value], problem=parsed.problem.value)
    reg = services.get_registration(parsed.canonical)
    if reg is None:
        return error_response(404, _l("There is no registration with this number."))
    _count_check([reg.id])
    body = detail_json(reg, current_policies(), _lang(), services.today())
    return {"checked_at": services.checked_at().isoformat(), **body}


@bp.get("/registrations")
@public_read
@operation(
    "GET",
    "/api/v1/registrations",
    "searchRegistrations",
    N_("Search registrations by name"),
    schemas.SearchPage,
    answer_description=N_("One page of results."),
    query=schemas.RegistrationSearchQuery,
)
def registrations(query: schemas.RegistrationSearchQuery):
    """Search by name (or number), with tier and status filters, one page at a time."""
    result = services.search_registrations(
        query.name, query.tier, query.status, query.page, query.per_page
    )
    if result.problem is not None:
        raise MalformedRequest(PROBLEMS[result.problem.value], problem=result.problem.value)
    policies, lang, today = current_policies(), _lang(), services.today()
    return {
        "items": [summary_json(reg, policies, lang, today) for reg in result.items],
        "page": result.page,
        "per_page": result.per_page,
        "total": result.total,
        "total_capped": result.total_capped,
        "checked_at": services.checked_at().isoformat(),
    }


@bp.post("/verifications")
@limiter.limit(bulk_limit, key_func=rate_key, override_defaults=False)
@public_read
@operation(
    "POST",
    "/api/v1/verifications",
    "verifyNumbers",
    N_("Verify up to 10,000 numbers at once"),
    schemas.VerificationResponse,
    answer_description=N_("One result per number, in order."),
    body=schemas.VerificationRequest,
)
def verifications(body: schemas.VerificationRequest):
    """Verify up to 10,000 numbers: one result per number, in the order given."""
    policies, lang, today = current_policies(), _lang(), services.today()
    results = []
    verified = services.verify_numbers(body.numbers)
    organisation_id = api_client().organisation_id
    if organisation_id is not None:
        found = [item.registration.id for item in verified if item.registration is not None]
        checks.record(organisation_id, found, CheckChannel.API)
    summaries: dict[str, dict] = {}  # a number given twice is described once
    for item in verified:
        reg = item.registration
        summary = None
        if reg is not None:
            summary = summaries.get(reg.number)
            if summary is None:
                summary = summaries[reg.number] = summary_json(reg, policies, lang, today)
        results.append(
            {
                "input": item.input,
                "result": item.outcome.value,
                "number": item.number,
                "problem": item.problem.value if item.problem else None,
                "registration": summary,
            }
        )
    return {"checked_at": services.checked_at().isoformat(), "results": results}


def _count_check(registration_ids) -> None:
    """Who checked me: an identified check is recorded; an anonymous one only counted."""
    organisation_id = api_client().organisation_id
    if organisation_id is not None:
        checks.record(organisation_id, registration_ids, CheckChannel.API)
    else:
        for registration_id in registration_ids:
            checks.count_anonymous(registration_id)


@bp.get("/programmes")
@operation(
    "GET",
    "/api/v1/programmes",
    "listProgrammes",
    N_("Accredited programmes"),
    schemas.ProgrammePage,
    answer_description=N_("One page of programmes."),
    query=schemas.PageQuery,
)
def programmes(query: schemas.PageQuery):
    """Accredited programmes, by name, one page at a time."""
    items, total = accredited_programmes(services.today(), query.page, query.per_page)
    return {
        "items": items,
        "page": query.page,
        "per_page": query.per_page,
        "total": total,
        "checked_at": services.checked_at().isoformat(),
    }


@bp.get("/programmes/<int:programme_id>")
@operation(
    "GET",
    "/api/v1/programmes/{id}",
    "getProgramme",
    N_("One accredited programme"),
    schemas.ProgrammeDetail,
    answer_description=N_("The programme."),
    description=N_("404 when the programme does not exist or is not accredited today."),
    path_params=schemas.ProgrammePath,
    errors=(404, 429),
    not_found=_l("There is no accredited programme with this id."),
)
def programme(path: schemas.ProgrammePath):
    """One accredited programme; 404 when it does not exist or is not accredited today."""
    item = accredited_programme(path.id, services.today())
    if item is None:
        return error_response(404, _l("There is no accredited programme with this id."))
    return {"checked_at": services.checked_at().isoformat(), **item}


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
