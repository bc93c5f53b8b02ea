"""The watch list by API: ``GET/POST /api/v1/watchlist`` and
``DELETE /api/v1/watchlist/{number}``, for organisations with an API key (401 without)."""

from __future__ import annotations

from flask import Response

from register.api import bp, schemas
from register.api.auth import NEEDS_KEY, require_key, unauthorised
from register.api.operations import operation
from register.api.schemas import N_
from register.errors import ActionRefused, MalformedRequest, error_response
from register.extensions import db
from register.i18n import current_language as _lang
from register.lookup import services as lookup
from register.lookup.public import summary_json
from register.models.organisations import Organisation, WatchEntry
from register.organisations import services
from register.policy import current_policies


def _organisation() -> Organisation | None:
    organisation_id = require_key()
    return db.session.get(Organisation, organisation_id) if organisation_id else None


def _entry_json(entry: WatchEntry) -> dict:
    found = lookup.get_registration(entry.registration.number)
    summary = summary_json(found, current_policies(), _lang(), lookup.today())
    return {
        "number": entry.registration.number,
        "employed_since": entry.employed_since.isoformat() if entry.employed_since else None,
        "role": entry.role,
        "added_at": entry.created_at.isoformat(),
        "registration": summary,
    }


def _registration(text: str):
    try:
        return services.find_registration(text)
    except services.UnknownNumber as refusal:
        return error_response(404, refusal.message)
    except ActionRefused as refusal:
        raise MalformedRequest(refusal.message, parameter="number") from None


@bp.get("/watchlist")
@operation(
    "GET",
    "/api/v1/watchlist",
    "listWatchList",
    N_("The organisation's watch list"),
    schemas.WatchListPage,
    answer_description=N_("One page of the watch list."),
    query=schemas.PageQuery,
    errors=(400, 401, 429),
    security="required",
)
def watchlist(query: schemas.PageQuery):
    """The watch list of the key's organisation, by number, one page at a time."""
    organisation = _organisation()
    if organisation is None:
        return unauthorised(NEEDS_KEY, error=None)
    entries, total = services.watch_list(organisation, query.page, query.per_page)
    return {
        "items": [_entry_json(e) for e in entries],
        "page": query.page,
        "per_page": query.per_page,
        "total": total,
        "checked_at": lookup.checked_at().isoformat(),
    }


@bp.post("/watchlist")
@operation(
    "POST",
    "/api/v1/watchlist",
    "watchRegistration",
    N_("Watch a registration"),
    schemas.WatchResult,
    answer_description=N_("The entry (new, or with its relation updated)."),
    description=N_(
        "Puts the registration on the watch list, or updates the relation of an entry that is "
        "there already (created says which). The organisation is then alerted of every "
        "public change. 400 for a malformed number, 404 for an unknown one."
    ),
    body=schemas.WatchRequest,
    errors=(400, 401, 404, 429),
    security="required",
)
def watch(body: schemas.WatchRequest):
    organisation = _organisation()
    if organisation is None:
        return unauthorised(NEEDS_KEY, error=None)
    registration = _registration(body.number)
    if isinstance(registration, Response):
        return registration
    entry, created = services.watch(
        organisation, registration, body.employed_since, body.role, None, "api"
    )
    return {
        "created": created,
        "entry": _entry_json(entry),
        "checked_at": lookup.checked_at().isoformat(),
    }


@bp.delete("/watchlist/<path:number>")
@operation(
    "DELETE",
    "/api/v1/watchlist/{number}",
    "unwatchRegistration",
    N_("Stop watching a registration"),
    schemas.WatchRemoved,
    answer_description=N_("The registration is no longer on the watch list."),
    description=N_("404 when the registration is not on the watch list."),
    path_params=schemas.WatchPath,
    errors=(400, 401, 404, 429),
    security="required",
)
def unwatch(path: schemas.WatchPath):
    organisation = _organisation()
    if organisation is None:
        return unauthorised(NEEDS_KEY, error=None)
    registration = _registration(path.number)
    if isinstance(registration, Response):
        return registration
    if not services.unwatch(organisation, registration, None):
        return error_response(404, services.NOT_WATCHED)
    return {"number": registration.number, "removed": True}
