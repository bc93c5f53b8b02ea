"""The verification API, version 1: JSON only, documented at ``/api/v1/openapi.json``.

Public and rate limited per client address. Read-only GET answers may be cached briefly by
proxies and read from any web page (CORS); the POST for verifications is neither.
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_babel import lazy_gettext as _l

from register.access import PUBLIC, gate_blueprint
from register.api import bp
from register.api.openapi import openapi_document
from register.api.programmes import accredited_programme, accredited_programmes
from register.domain.numbers import parse_number
from register.errors import MalformedRequest, error_response
from register.extensions import csrf, limiter
from register.i18n import current_language as _lang
from register.lookup import services
from register.lookup.public import detail_json, summary_json
from register.policy import current_policies
from register.policy.registration import REGISTRATION_STATUSES
from register.readonly import public_read

gate_blueprint(bp, PUBLIC)
csrf.exempt(bp)
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)

MAX_NUMBERS = 10_000
MAX_ID = 2**31 - 1
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


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise MalformedRequest(
            _l(
                "The parameter %(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            ),
            parameter=name,
        )
    return int(raw)


def _page_args() -> tuple[int, int]:
    return (_int_arg("page", 1, 1, 100_000), _int_arg("per_page", 20, 1, services.MAX_PER_PAGE))


@bp.get("/registrations/<path:number>")
@public_read
def registration(number: str):
    """One registration by number: 400 when malformed, 404 when unknown."""
    parsed = parse_number(current_policies().registration.number, number)
    if not parsed.ok:
        raise MalformedRequest(PROBLEMS[parsed.problem.value], problem=parsed.problem.value)
    reg = services.get_registration(parsed.canonical)
    if reg is None:
        return error_response(404, _l("There is no registration with this number."))
    body = detail_json(reg, current_policies(), _lang(), services.today())
    return jsonify(checked_at=services.checked_at().isoformat(), **body)


@bp.get("/registrations")
@public_read
def registrations():
    """Search by name (or number), with tier and status filters, one page at a time."""
    name = request.args.get("name", "").strip()
    if not name or len(name) > 120:
        raise MalformedRequest(_l("Give a name of 1 to 120 characters."), parameter="name")
    tier = _int_arg("tier", 0, 1, 3) or None
    status = request.args.get("status") or None
    if status is not None and status not in REGISTRATION_STATUSES:
        raise MalformedRequest(
            _l("The status must be one of: %(values)s.", values=", ".join(REGISTRATION_STATUSES)),
            parameter="status",
        )
    page, per_page = _page_args()
    result = services.search_registrations(name, tier, status, page, per_page)
    if result.problem is not None:
        raise MalformedRequest(PROBLEMS[result.problem.value], problem=result.problem.value)
    policies, lang, today = current_policies(), _lang(), services.today()
    return jsonify(
        items=[summary_json(reg, policies, lang, today) for reg in result.items],
        page=result.page,
        per_page=result.per_page,
        total=result.total,
        total_capped=result.total_capped,
        checked_at=services.checked_at().isoformat(),
    )


@bp.post("/verifications")
@limiter.limit(lambda: current_app.config["BULK_RATE_LIMIT"], override_defaults=False)
@public_read
def verifications():
    """Verify up to 10,000 numbers: one result per number, in the order given."""
    data = request.get_json(silent=True)
    numbers = data.get("numbers") if isinstance(data, dict) else None
    if not isinstance(numbers, list):
        raise MalformedRequest(_l('Send a JSON object with a list "numbers".'), parameter="numbers")
    if len(numbers) > MAX_NUMBERS:
        raise MalformedRequest(
            _l("Send at most %(max)s numbers at once.", max=MAX_NUMBERS), parameter="numbers"
        )
    policies, lang, today = current_policies(), _lang(), services.today()
    results = []
    for item in services.verify_numbers(numbers):
        reg = item.registration
        results.append(
            {
                "input": item.input,
                "result": item.outcome.value,
                "number": item.number,
                "problem": item.problem.value if item.problem else None,
                "registration": summary_json(reg, policies, lang, today) if reg else None,
            }
        )
    return jsonify(checked_at=services.checked_at().isoformat(), results=results)


@bp.get("/programmes")
def programmes():
    """Accredited programmes, by name, one page at a time."""
    page, per_page = _page_args()
    items, total = accredited_programmes(services.today(), page, per_page)
    return jsonify(
        items=items,
        page=page,
        per_page=per_page,
        total=total,
        checked_at=services.checked_at().isoformat(),
    )


@bp.get("/programmes/<int:programme_id>")
def programme(programme_id: int):
    """One accredited programme; 404 when it does not exist or is not accredited today."""
    item = None
    if programme_id <= MAX_ID:
        item = accredited_programme(programme_id, services.today())
    if item is None:
        return error_response(404, _l("There is no accredited programme with this id."))
    return jsonify(checked_at=services.checked_at().isoformat(), **item)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
