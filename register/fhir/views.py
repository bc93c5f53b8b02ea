"""The FHIR endpoint's interactions: capabilities, read and search.

Public and read-only, rate limited per client address as the API is; answers are
``application/fhir+json``; reads carry an ETag (``If-None-Match`` gives 304); errors, from
here or from anywhere under ``/fhir`` (an unknown path, a rate limit, a database away), are
OperationOutcome resources with their status (``register.errors.register_error_body``).
"""

from __future__ import annotations

import json

from flask import Response, current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.access import PUBLIC, gate_blueprint
from register.domain.names import fold
from register.domain.numbers import parse_number
from register.errors import ERROR_TITLES, register_error_body
from register.extensions import limiter
from register.fhir import bp, resources, services
from register.fhir.search import Search, SearchRefused, links, parse, split_values, wants_strict
from register.i18n import current_language
from register.policy import current_policies
from register.readonly import public_read

FHIR_JSON = "application/fhir+json"
JSON_FORMATS = {"json", "application/json", FHIR_JSON}
ONLY_JSON = _l("This endpoint answers in JSON only (application/fhir+json).")
REGISTER_NAME = "Register of Experts by Experience"
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    413: "too-long",
    422: "processing",
    429: "throttled",
    503: "transient",
}
PRACTITIONER_PARAMS = {"identifier": frozenset(), "name": frozenset(), "_id": frozenset()}
ORGANIZATION_PARAMS = {"name": frozenset({"exact", "contains"}), "_id": frozenset()}

gate_blueprint(bp, PUBLIC)
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="fhir")(bp)


# --- answers ---------------------------------------------------------------------------------


def fhir_response(data: dict, status: int = 200, etag: bool = False) -> Response:
    """A FHIR JSON answer (``_pretty=true`` indents it); with ``etag`` an ETag of the body,
    and 304 for a client that already has it."""
    pretty = request.args.get("_pretty") == "true"
    body = json.dumps(
        data,
        ensure_ascii=False,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )
    response = Response(body, status=status, content_type=f"{FHIR_JSON}; charset=utf-8")
    if etag:
        response.add_etag()
        response.make_conditional(request)
    return response


def _outcome_body(code: int, title, message, detail: dict) -> Response:
    """Any error under /fhir, as an OperationOutcome with its status."""
    text = str(message) if message else str(title or ERROR_TITLES.get(code, ""))
    issue = detail.get("issue") or ISSUE_CODES.get(code, "exception" if code >= 500 else "invalid")
    severity = "fatal" if code >= 500 else "error"
    outcome = resources.operation_outcome([(severity, issue, text)])
    body = json.dumps(outcome, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=code, content_type=f"{FHIR_JSON}; charset=utf-8")


register_error_body(bp.url_prefix, _outcome_body)


@bp.before_request
def _negotiate() -> Response | None:
    """JSON only: a ``_format`` or an Accept header that wants something else gets 406."""
    requested = request.args.get("_format")
    accept = request.accept_mimetypes
    if (requested is not None and requested not in JSON_FORMATS) or (
        accept and not accept.best_match([FHIR_JSON, "application/json"])
    ):
        return _outcome_body(406, None, ONLY_JSON, {})
    return None


@bp.after_request
def _public_headers(response: Response) -> Response:
    """Readable from any web page (CORS); good answers may be cached briefly; the answer
    depends on the asked language."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    if request.method in ("GET", "HEAD") and response.status_code in (200, 304, 404):
        seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _context() -> resources.Context:
    config = current_app.config
    public = config["PUBLIC_BASE_URL"].rstrip("/")
    canonical = (config.get("FHIR_CANONICAL_BASE") or f"{public}/fhir").rstrip("/")
    with force_locale("nl"):
        name = _(REGISTER_NAME)
    with force_locale("en"):
        alias = _(REGISTER_NAME)
    return resources.Context(
        canonical=canonical,
        base=url_for("fhir.metadata", _external=True).removesuffix("/metadata"),
        lang=current_language(),
        policies=current_policies(),
        register_name=name,
        register_alias=alias,
        register_url=public,
        today=services.today(),
    )


def _not_found(message) -> Response:
    return _outcome_body(404, None, message, {})


def _search(supported: dict) -> Search:
    return parse(
        request.args.items(multi=True), supported, wants_strict(request.headers.get("Prefer"))
    )


def _ignored_issues(search: Search) -> list[tuple[str, str, str]]:
    return [
        (
            "warning",
            "not-supported",
            _("The parameter %(name)s is not supported here and was ignored.", name=name),
        )
        for name in search.ignored
    ]


def _bundle(ctx, kind: str, search: Search, found: list[dict], total, more, issues) -> Response:
    url = f"{ctx.base}/{kind}"
    outcome = resources.operation_outcome(issues) if issues else None
    page_links = links(url, search, len(found), total, more)
    bundle = resources.searchset(ctx, found, total, page_links, services.checked_at(), outcome)
    return fhir_response(bundle)


# --- capabilities and code systems -----------------------------------------------------------


@bp.get("/metadata")
def metadata():
    """The CapabilityStatement: what this endpoint supports."""
    return fhir_response(resources.capability_statement(_context()), etag=True)


@bp.get("/CodeSystem/<string:code_system_id>")
def code_system(code_system_id: str):
    """One of the register's code systems (tier, registration-status,
    suspension-reason-category)."""
    found = resources.code_systems(_context()).get(code_system_id)
    if found is None:
        return _not_found(_l("The register publishes no code system with this id."))
    return fhir_response(found, etag=True)


# --- Practitioner ----------------------------------------------------------------------------


@bp.get("/Practitioner/<path:practitioner_id>")
@public_read
def practitioner(practitioner_id: str):
    """One registration as a Practitioner; its id is the registration number, exactly."""
    parsed = parse_number(current_policies().registration.number, practitioner_id)
    reg = services.registration(parsed.canonical) if parsed.canonical == practitioner_id else None
    if reg is None:
        return _not_found(_l("There is no registration with this number."))
    return fhir_response(resources.practitioner(reg, _context()), etag=True)


def _numbers(ctx, search: Search, issues: list) -> list[str]:
    """The canonical numbers an identifier or _id search names."""
    fmt = current_policies().registration.number
    numbers: list[str] = []
    if search.get("_id") is not None:
        for value in split_values("_id", search.get("_id")):
            if parse_number(fmt, value).canonical == value:
                numbers.append(value)
        return numbers
    for token in split_values("identifier", search.get("identifier")):
        system, bar, code = token.rpartition("|") if "|" in token else ("", "", token)
        if bar and not code:
            raise SearchRefused(
                _l("Give a registration number with the identifier system."),
                "too-costly",
                "identifier",
            )
        if bar and system != ctx.identifier_system:
            continue  # no identifier of this register has another (or no) system
        parsed = parse_number(fmt, code)
        if parsed.ok:
            numbers.append(parsed.canonical)
        else:
            issues.append(
                (
                    "warning",
                    "value",
                    _("%(value)s is not a valid registration number.", value=code),
                )
            )
    return numbers


@bp.get("/Practitioner")
@public_read
def practitioners():
    """Search registrations by identifier (``<system>|<number>`` or the number), by _id, or
    by name (the public search's Dutch name matching), one page at a time."""
    search = _search(PRACTITIONER_PARAMS)
    ctx = _context()
    issues = _ignored_issues(search)
    given = [name for name in ("identifier", "_id", "name") if search.get(name) is not None]
    if not given:
        raise SearchRefused(
            _l("Search by identifier, _id or name: the register is not listed as a whole."),
            "too-costly",
        )
    if len(given) > 1:
        raise SearchRefused(
            _l("Search by one of identifier, _id or name at a time."), "not-supported"
        )
    if given[0] == "name":
        found, total, more = _by_name(search, issues)
    else:
        regs = services.registrations(_numbers(ctx, search, issues))
        total, more = len(regs), False
        found = regs[search.offset : search.offset + search.count]
    entries = [resources.practitioner(reg, ctx) for reg in found]
    return _bundle(ctx, "Practitioner", search, entries, total, more, issues)


def _by_name(search: Search, issues: list):
    name = search.get("name")
    values = split_values("name", name)
    if len(values) > 1:
        raise SearchRefused(
            _l("Search one name at a time; write a comma in a name as \\,."),
            "not-supported",
            "name",
        )
    if services.looks_like_number(values[0]):
        issues.append(
            (
                "information",
                "value",
                _("A name has no digits: search a registration number with identifier."),
            )
        )
        return [], 0, False
    result = services.search_by_name(values[0], search.page, max(search.count, 1))
    if result.problem is not None:
        raise SearchRefused(_l("Give at least 2 letters of the name."), "invalid", "name")
    found = result.items if search.count else []
    total = None if result.total_capped else result.total
    return found, total, result.total_capped


# --- Organization ----------------------------------------------------------------------------


def _organizations(ctx) -> list[dict]:
    return [resources.register_organization(ctx)] + [
        resources.provider_organization(provider_id, name)
        for provider_id, name in services.providers(ctx.today)
    ]


@bp.get("/Organization/<string:organization_id>")
def organization(organization_id: str):
    """The register (``register``) or a training provider with an accredited programme
    (``provider-<n>``)."""
    for found in _organizations(_context()):
        if found["id"] == organization_id:
            return fhir_response(found, etag=True)
    return _not_found(_l("There is no organization with this id in the register."))


def _name_matches(resource: dict, query: str, modifier: str | None) -> bool:
    names = [resource["name"], *resource.get("alias", [])]
    if modifier == "exact":
        return query in names
    wanted = fold(query)
    if modifier == "contains":
        return any(wanted in fold(name) for name in names)
    return any(fold(name).startswith(wanted) for name in names)


@bp.get("/Organization")
def organizations():
    """The register and the training providers with an accredited programme, by name
    (starts with, or :contains, :exact; case and accents forgiven but for :exact) or _id."""
    search = _search(ORGANIZATION_PARAMS)
    ctx = _context()
    matches = _organizations(ctx)
    if search.get("_id") is not None:
        wanted = set(split_values("_id", search.get("_id")))
        matches = [resource for resource in matches if resource["id"] in wanted]
    if search.get("name") is not None:
        names = split_values("name", search.get("name"))
        modifier = search.modifier("name")
        matches = [m for m in matches if any(_name_matches(m, n, modifier) for n in names)]
    page = matches[search.offset : search.offset + search.count]
    return _bundle(ctx, "Organization", search, page, len(matches), False, _ignored_issues(search))
