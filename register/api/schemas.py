"""The verification API's models: what a request may carry and what an answer holds.

These pydantic models are the single description of the API. The views validate query
strings, path parameters and bodies with them and shape every answer through them
(``register.api.operations``), and the OpenAPI document's ``components/schemas`` and
parameters are generated from them (``register.api.openapi``), so the document and the
answers cannot drift apart; ``tests/web/test_api_openapi.py`` proves it with schemathesis.

Descriptions are English and marked with ``N_``, so the documentation page
(``/api/docs``) shows them translated; the JSON document stays English.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal, NotRequired

from flask_babel import lazy_gettext as _l
from pydantic import (
    AliasChoices,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    with_config,
)
from typing_extensions import TypedDict

from register.domain.credentials import MAX_CREDENTIAL_CHARS, CredentialCheck, SignatureOutcome
from register.domain.measures import MeasureKind
from register.domain.numbers import NumberProblem
from register.models.programmes import ProgrammeContext, StudyMode
from register.policy.registration import REGISTRATION_STATUSES

#: a valid number under the shipped number policy (tests/web/test_api_docs.py checks it)
EXAMPLE_NUMBER = "ED-00000013"
MAX_NUMBERS = 10_000
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1
#: the programme accreditation statuses that make a programme accredited (api.programmes)
ACCREDITED = ("active", "conditional")


def N_(text: str) -> str:  # noqa: N802 (the gettext convention: marks a text for extraction)
    """Mark ``text`` for translation where it is shown (the documentation page)."""
    return text


def _enum(values) -> Any:
    return Literal[tuple(values)]  # type: ignore[valid-type]


# --- values ----------------------------------------------------------------------------------

Date = dt.date
#: A moment in UTC, written as Python's isoformat (``2026-12-01T10:00:00+00:00``).
Instant = Annotated[
    AwareDatetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
CheckedAt = Annotated[
    Instant, Field(description=N_("When the register was checked for this answer (UTC)."))
]
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
StatusCode = _enum(REGISTRATION_STATUSES)


def _digits_only(value: Any) -> Any:
    """Query strings carry whole numbers as plain digits (no sign, no spaces, no point)."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("not a whole number")
    return value


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def query_int(low: int, high: int, description: str) -> Any:
    """A whole number in a query string, from ``low`` to ``high``."""
    return Annotated[
        int, Field(ge=low, le=high, description=description), BeforeValidator(_digits_only)
    ]


Page = query_int(1, MAX_PAGE, N_("The page, from 1."))
PerPage = query_int(1, MAX_PER_PAGE, N_("Results per page."))


# --- requests --------------------------------------------------------------------------------


class QueryModel(BaseModel):
    """Base of the query-string models: unknown parameters are ignored and an empty value
    counts as not given. ``messages`` names the refusal text of a field that does not
    validate (whole numbers get theirs from their bounds)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    messages: ClassVar[dict[str, Any]] = {}


class PageQuery(QueryModel):
    """The paging parameters of a list."""

    page: Page = 1
    per_page: PerPage = 20


class RegistrationSearchQuery(QueryModel):
    """A search by name (or number), with filters and paging."""

    messages: ClassVar[dict[str, Any]] = {
        "name": _l("Give a name of 1 to 120 characters."),
        "status": _l("The status must be one of: %(values)s."),
    }

    name: Annotated[
        str,
        BeforeValidator(_stripped),
        Field(
            min_length=1,
            max_length=120,
            description=N_(
                "A name (Dutch name rules: prefixes such as 'van der' and accents are "
                "forgiven) or a registration number."
            ),
            examples=["Berg, van der"],
        ),
    ]
    tier: query_int(1, 3, N_("Only this tier (1, 2 or 3).")) | None = None
    status: Annotated[StatusCode | None, Field(description=N_("Only this status."))] = None
    page: Page = 1
    per_page: PerPage = 20


class RegistrationPath(BaseModel):
    """The registration number in the path."""

    number: Annotated[
        str,
        Field(
            description=N_(
                "The registration number; case, spaces and dashes are forgiven "
                "(ed 0000001 3 is ED-00000013)."
            ),
            examples=[EXAMPLE_NUMBER],
        ),
    ]


class ProgrammePath(BaseModel):
    """The programme id in the path (the route names it ``programme_id``)."""

    id: Annotated[
        int,
        Field(
            ge=1,
            le=MAX_ID,
            validation_alias=AliasChoices("id", "programme_id"),
            description=N_("The programme's id, as the list of programmes gives it."),
            examples=[1],
        ),
    ]


class VerificationRequest(BaseModel):
    """The body of a bulk verification."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": N_("Up to 10,000 registration numbers to verify at once.")
        }
    )
    messages: ClassVar[dict[Any, Any]] = {
        ("numbers", "too_long"): _l("Send at most %(max)s numbers at once."),
        "numbers": _l('Send a JSON object with a list "numbers".'),
        None: _l('Send a JSON object with a list "numbers".'),
    }

    numbers: Annotated[
        list[Annotated[Any, WithJsonSchema({"type": "string"})]],
        Field(
            max_length=MAX_NUMBERS,
            description=N_(
                "The numbers as typed. An item that is not a string is answered as malformed."
            ),
            examples=[[EXAMPLE_NUMBER, "ED 0000002 1"]],
        ),
    ]


class CredentialVerificationRequest(BaseModel):
    """The body of a credential verification."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": N_("A verifiable credential of the register, as its JWT text.")
        }
    )
    messages: ClassVar[dict[Any, Any]] = {
        ("credential", "string_too_long"): _l(
            "This is too long to be a credential of the register."
        ),
        "credential": _l('Send a JSON object with the credential as text in "credential".'),
        None: _l('Send a JSON object with the credential as text in "credential".'),
    }

    credential: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_CREDENTIAL_CHARS,
            description=N_(
                "The credential as downloaded (the text of the .jwt file: a compact JWS, "
                "media type application/vc+jwt)."
            ),
            examples=["eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.e30.c2lnbmF0dXJl"],
        ),
    ]


# --- answers ---------------------------------------------------------------------------------
# Typed dictionaries, not models: the views build plain JSON-ready dicts (the lookup's public
# builders), and ``register.api.operations`` checks the JSON as sent against these types
# (strict, nothing extra), which costs a fraction of building model instances for a bulk
# answer of 10,000 results.


def answer(description: str):
    """Declare an answer type: exactly its keys, nothing else, with its description."""
    return with_config(ConfigDict(extra="forbid", json_schema_extra={"description": description}))


@answer(N_("What went wrong."))
class ErrorDetail(TypedDict):
    status: Annotated[int, Field(description=N_("The HTTP status."))]
    title: Annotated[str, Field(description=N_("The kind of error, in the asked language."))]
    detail: NotRequired[Annotated[str, Field(description=N_("The reason, in the asked language."))]]
    problem: NotRequired[
        Annotated[
            str, Field(description=N_("For a refused number: malformed, check_digit or empty."))
        ]
    ]
    parameter: NotRequired[Annotated[str, Field(description=N_("The parameter that was refused."))]]


@answer(N_("An error, with the reason in detail."))
class Error(TypedDict):
    error: ErrorDetail


@answer(N_("A practice tier of the register."))
class Tier(TypedDict):
    level: Annotated[int, Field(ge=1, le=3)]
    name: Annotated[str, Field(description=N_("The tier's name, in the asked language."))]
    description: NotRequired[
        Annotated[
            str, Field(description=N_("What a registrant of this tier does (single answers only)."))
        ]
    ]


@answer(N_("What every answer about a registration carries."))
class RegistrationSummary(TypedDict):
    number: Annotated[str, Field(examples=[EXAMPLE_NUMBER])]
    name: Annotated[str, Field(description=N_("The registered name."))]
    tier: Tier
    status: StatusCode
    status_name: Annotated[str, Field(description=N_("The status, in the asked language."))]
    registered: Annotated[
        bool,
        Field(
            description=N_(
                "Registered now: true when the status counts as registered today (the "
                "register's policy per status, a grace period included) and false otherwise."
            )
        ),
    ]
    valid_until: Annotated[
        Date | None,
        Field(
            description=N_(
                "The last day of the current period; null for a registration that has ended "
                "(lapsed or struck off), which is valid no longer."
            )
        ),
    ]
    not_registered_since: Annotated[
        Date | None,
        Field(description=N_("For a lapsed or struck-off registration: since when; else null.")),
    ]
    re_entry_not_before: Annotated[
        Date | None,
        Field(
            description=N_(
                "For a struck-off registration, where the register publishes it: the earliest "
                "day the person can be registered again; else null."
            )
        ),
    ]
    url: Annotated[Url, Field(description=N_("The public page."))]


@answer(N_("The public annotation of a suspension."))
class Suspension(TypedDict):
    reason_category: str | None
    reason_category_name: str | None
    ends_on: Date | None


@answer(
    N_(
        "A public measure on the registration (conditions, a suspension, a strike-off, a public "
        "warning): in force, or ended within the register's publication period. The internal "
        "reason is never given."
    )
)
class Measure(TypedDict):
    kind: _enum(tuple(k.value for k in MeasureKind))
    kind_name: Annotated[str, Field(description=N_("The kind, in the asked language."))]
    in_force: Annotated[bool, Field(description=N_("True while the measure is in force."))]
    since: Date
    until: Annotated[
        Date | None,
        Field(
            description=N_(
                "The day it ended, else its planned end (a suspension) or deadline (conditions); "
                "null when open-ended."
            )
        ),
    ]
    public_category: Annotated[
        str | None,
        Field(description=N_("A suspension's public category (a code of the register's policy).")),
    ]
    public_category_name: Annotated[
        str | None, Field(description=N_("The public category, in the asked language."))
    ]
    text: Annotated[
        str | None,
        Field(description=N_("The conditions on practice, as the register publishes them.")),
    ]


@answer(N_("What a registration rests on."))
class Qualification(TypedDict):
    route: Literal["diploma", "transitional"]
    nlqf_level: Annotated[
        int | None,
        Field(
            ge=2,
            le=7,
            description=N_("The NLQF level of the qualifying diploma (diploma route only)."),
        ),
    ]
    description: str


@answer(N_("Under whose direction registrants of a tier work."))
class Direction(TypedDict):
    min_nlqf_level: Annotated[int, Field(ge=2, le=7)]
    statement: str


@answer(N_("One registration, with its dates and annotations."))
class Registration(RegistrationSummary):
    checked_at: CheckedAt
    status_since: Date
    valid_from: Date
    grace_until: Annotated[
        Date | None,
        Field(
            description=N_(
                "With status grace (the end date has passed and a renewal is being assessed): "
                "the last day of the grace period; whether the registration counts as "
                "registered meanwhile is the register's policy, given by registered. "
                "Otherwise null."
            )
        ),
    ]
    suspension: Suspension | None
    work_region: Annotated[
        str | None, Field(description=N_("Only when the registrant chose to show it."))
    ]
    qualification: Annotated[
        Qualification | None,
        Field(
            description=N_(
                "What the registration rests on; null when the register does not record it "
                "(registrations from before it did)."
            )
        ),
    ]
    direction: Annotated[
        Direction | None,
        Field(
            description=N_(
                "Under whose direction registrants of this tier work (tier 1); null for the "
                "other tiers."
            )
        ),
    ]
    measures: Annotated[
        list[Measure],
        Field(description=N_("The public measures: those in force first, then past ones.")),
    ]


@answer(N_("One page of search results."))
class SearchPage(TypedDict):
    items: list[RegistrationSummary]
    page: int
    per_page: int
    total: Annotated[
        int,
        Field(description=N_("Matches counted up to 1,000; with total_capped, more than that.")),
    ]
    total_capped: bool
    checked_at: CheckedAt


@answer(N_("The result for one number, in the order sent."))
class Verification(TypedDict):
    input: Annotated[str, Field(description=N_("The number as sent."))]
    result: _enum(("found", "unknown", "malformed"))
    number: Annotated[str | None, Field(description=N_("The number in its standard form."))]
    problem: _enum(tuple(p.value for p in NumberProblem)) | None
    registration: RegistrationSummary | None


@answer(N_("One result per number, in order."))
class VerificationResponse(TypedDict):
    checked_at: CheckedAt
    results: list[Verification]


@answer(N_("The training provider (its name only)."))
class ProgrammeProvider(TypedDict):
    name: str


@answer(N_("The accreditation that makes the programme accredited today."))
class ProgrammeAccreditation(TypedDict):
    status: _enum(ACCREDITED)
    valid_from: Date
    valid_until: Date


@answer(N_("An accredited training programme."))
class Programme(TypedDict):
    id: int
    name: str
    nlqf_level: Annotated[int, Field(ge=2, le=7)]
    context: _enum(tuple(c.value for c in ProgrammeContext))
    mode: _enum(tuple(m.value for m in StudyMode)) | None
    study_load_hours: int | None
    provider: ProgrammeProvider | None
    accreditation: ProgrammeAccreditation


@answer(N_("One page of accredited programmes."))
class ProgrammePage(TypedDict):
    items: list[Programme]
    page: int
    per_page: int
    total: int
    checked_at: CheckedAt


@answer(N_("One accredited programme."))
class ProgrammeDetail(Programme):
    checked_at: CheckedAt


@answer(N_("Whether the register's status lists mark the credential."))
class CredentialStatusMarks(TypedDict):
    revocation: Annotated[bool, Field(description=N_("Revoked: the registration has ended."))]
    suspension: Annotated[
        bool, Field(description=N_("Suspended: the registration is suspended now."))
    ]


@answer(N_("What a presented credential proves today."))
class CredentialVerificationResponse(TypedDict):
    checked_at: CheckedAt
    result: Annotated[
        _enum(c.value for c in CredentialCheck),
        Field(description=N_("The conclusion, most serious first.")),
    ]
    result_text: Annotated[str, Field(description=N_("The conclusion, in the asked language."))]
    signature: Annotated[
        _enum(o.value for o in SignatureOutcome),
        Field(description=N_("What the check of the signature found.")),
    ]
    expired: Annotated[
        bool | None, Field(description=N_("Past its validUntil (when the signature is valid)."))
    ]
    valid_until: Annotated[Instant | None, Field(description=N_("The credential's validUntil."))]
    status: CredentialStatusMarks | None
    number: Annotated[str | None, Field(description=N_("The registration number it names."))]
    registration: Annotated[
        Registration | None,
        Field(description=N_("What the public register says now about that number.")),
    ]


# --- the watch list (organisations with an API key) ------------------------------------------


class WatchRequest(BaseModel):
    """The body that puts a registration on the watch list (or updates its relation)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": N_(
                "A registration to watch, with the relation: since when the organisation "
                "employs the registrant and in which role. The registrant sees both."
            )
        },
    )
    messages: ClassVar[dict[Any, Any]] = {
        "number": _l("Send the registration number as a text of 1 to 40 characters."),
        "employed_since": _l("Send employed_since as a date: YYYY-MM-DD."),
        "role": _l("Send the role as a text of at most 100 characters."),
        None: _l('Send a JSON object with at least "number".'),
    }

    number: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            description=N_("The registration number."),
            examples=[EXAMPLE_NUMBER],
        ),
    ]
    employed_since: Annotated[
        dt.date | None,
        Field(description=N_("Since when the organisation employs the registrant.")),
    ] = None
    role: Annotated[
        str, Field(max_length=100, description=N_("The registrant's role at the organisation."))
    ] = ""


class WatchPath(BaseModel):
    """The registration number of a watch-list entry in the path."""

    number: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            description=N_("The registration number."),
            examples=[EXAMPLE_NUMBER],
        ),
    ]


@answer(N_("A registration on the organisation's watch list, with the relation."))
class WatchEntry(TypedDict):
    number: Annotated[str, Field(examples=[EXAMPLE_NUMBER])]
    employed_since: Date | None
    role: str
    added_at: Instant
    registration: RegistrationSummary


@answer(N_("The entry, and whether this request put it on the list."))
class WatchResult(TypedDict):
    created: bool
    entry: WatchEntry
    checked_at: CheckedAt


@answer(N_("One page of the watch list, by number."))
class WatchListPage(TypedDict):
    items: list[WatchEntry]
    page: int
    per_page: int
    total: int
    checked_at: CheckedAt


@answer(N_("The registration was taken off the watch list."))
class WatchRemoved(TypedDict):
    number: str
    removed: bool
