"""The FHIR R4 (4.0.1) resources the endpoint answers with, built as plain JSON-ready dicts
from the public view of the register (``PublicRegistration``) and the policies.

Plain dicts keep the web workers light; ``tests/web/test_fhir.py`` validates every kind of
resource these functions can produce with the ``fhir.resources`` models. What the mapping
means (identifiers, names with a prefix, the qualification and its status) is written down
in docs/fhir.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from register.domain.qualification_status import DISPLAY, qualification_status
from register.domain.qualification_status import SYSTEM as QUALIFICATION_STATUS_SYSTEM
from register.lookup.public import PublicRegistration

FHIR_VERSION = "4.0.1"
#: the day the CapabilityStatement last changed (change it with the capabilities)
CAPABILITIES_DATE = "2026-12-01"
OWN_PREFIX = "http://hl7.org/fhir/StructureDefinition/humanname-own-prefix"
OWN_NAME = "http://hl7.org/fhir/StructureDefinition/humanname-own-name"
#: HL7's Validated Healthcare Directory (R4) extension for a qualification's status
VHDIR_QUALIFICATION = "http://hl7.org/fhir/uv/vhdir/StructureDefinition/practitioner-qualification"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
XHTML = "http://www.w3.org/1999/xhtml"
REGISTER_ID = "register"
PROVIDER_PREFIX = "provider-"


@dataclass(frozen=True)
class Context:
    """What every resource is built with: the stable canonical base of the register's
    identifiers and code systems, the absolute base of this endpoint (for links), the
    answer's language, the policies, the register's own names and today."""

    canonical: str
    base: str
    lang: str
    policies: object
    register_name: str
    register_alias: str
    register_url: str
    today: dt.date

    @property
    def identifier_system(self) -> str:
        return f"{self.canonical}/sid/registration-number"

    def code_system(self, name: str) -> str:
        return f"{self.canonical}/CodeSystem/{name}"

    def extension(self, name: str) -> str:
        return f"{self.canonical}/StructureDefinition/{name}"


# --- Practitioner ----------------------------------------------------------------------------


def human_name(reg: PublicRegistration) -> dict:
    """The registered name as a HumanName after the Dutch nl-core profile: ``family`` is
    the whole surname with its prefix ("van der Berg"), marked into prefix (voorvoegsel) and
    own name by HL7's humanname-own-prefix and -own-name extensions; ``prefix`` stays for
    titles, as FHIR means it; ``given`` holds the given names."""
    surname = reg.surname.strip()
    prefix = reg.surname_prefix.strip()
    parts = [{"url": OWN_NAME, "valueString": surname}]
    if prefix:
        parts.insert(0, {"url": OWN_PREFIX, "valueString": prefix})
    name = {
        "use": "official",
        "text": reg.name,
        "family": f"{prefix} {surname}" if prefix else surname,
        "_family": {"extension": parts},
    }
    given = reg.given_names.split()
    if given:
        name["given"] = given
    return name


def _coding(system: str, code: str, display: str, version: str | None = None) -> dict:
    coding = {"system": system, "code": code, "display": display}
    if version:
        coding["version"] = version
    return coding


def qualification(reg: PublicRegistration, ctx: Context, registered_now: bool) -> dict:
    """The registration as a qualification: the tier (a code of the register's CodeSystem),
    the period, the issuer (the register), and its status, both as a qualification-status
    code and as the register's own status code; a suspension adds its public category and
    planned end."""
    policies = ctx.policies
    tier = policies.tiers.get(reg.tier)
    status = reg.status.value
    code = qualification_status(status, registered_now)
    status_info = policies.registration.statuses[status]
    extensions = [
        {
            "url": VHDIR_QUALIFICATION,
            "extension": [
                {
                    "url": "status",
                    "valueCoding": _coding(QUALIFICATION_STATUS_SYSTEM, code, DISPLAY[code]),
                }
            ],
        },
        {
            "url": ctx.extension("registration-status"),
            "valueCoding": _coding(
                ctx.code_system("registration-status"),
                status,
                status_info.name.get("nl"),
                policies.registration.version,
            ),
        },
    ]
    if reg.suspension is not None:
        extensions.append(_suspension(reg, ctx))
    return {
        "extension": extensions,
        "identifier": [{"system": ctx.identifier_system, "value": reg.number}],
        "code": {
            "coding": [
                _coding(
                    ctx.code_system("tier"),
                    str(reg.tier),
                    tier.name.get("nl"),
                    policies.tiers.version,
                )
            ],
            "text": tier.name.get(ctx.lang),
        },
        "period": {"start": reg.valid_from.isoformat(), "end": reg.valid_until.isoformat()},
        "issuer": {"reference": f"Organization/{REGISTER_ID}", "display": ctx.register_name},
    }


def _suspension(reg: PublicRegistration, ctx: Context) -> dict:
    names = ctx.policies.registration.suspension_reason_categories
    parts = []
    category = reg.suspension.reason_category
    if category in names:
        parts.append(
            {
                "url": "reasonCategory",
                "valueCoding": _coding(
                    ctx.code_system("suspension-reason-category"),
                    category,
                    names[category].get("nl"),
                    ctx.policies.registration.version,
                ),
            }
        )
    if reg.suspension.ends_on is not None:
        parts.append({"url": "endsOn", "valueDate": reg.suspension.ends_on.isoformat()})
    suspension = {"url": ctx.extension("qualification-suspension")}
    if parts:
        suspension["extension"] = parts
    else:
        suspension["valueBoolean"] = True  # suspended, with neither category nor end known
    return suspension


def _narrative(*lines: str) -> dict:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def practitioner(reg: PublicRegistration, ctx: Context) -> dict:
    """A registration as a Practitioner: the number as its id and identifier, the public
    name, ``active`` when registered today, the work region when the registrant shows it,
    and one qualification."""
    policies = ctx.policies
    registered_now = reg.is_registered(policies, ctx.today)
    tier = policies.tiers.get(reg.tier).name.get(ctx.lang)
    status = policies.registration.statuses[reg.status.value].name.get(ctx.lang)
    resource = {
        "resourceType": "Practitioner",
        "id": reg.number,
        "text": _narrative(f"{reg.name}, {reg.number}", f"{tier}: {status}"),
        "identifier": [{"use": "official", "system": ctx.identifier_system, "value": reg.number}],
        "active": registered_now,
        "name": [human_name(reg)],
    }
    if reg.work_region:
        resource["address"] = [{"use": "work", "text": reg.work_region}]
    resource["qualification"] = [qualification(reg, ctx, registered_now)]
    return resource


# --- Organization ----------------------------------------------------------------------------


def register_organization(ctx: Context) -> dict:
    """The register itself: the issuer of every qualification."""
    return {
        "resourceType": "Organization",
        "id": REGISTER_ID,
        "text": _narrative(ctx.register_name),
        "active": True,
        "type": [{"coding": [_coding(ORGANIZATION_TYPE, "other", "Other")]}],
        "name": ctx.register_name,
        "alias": [ctx.register_alias],
        "telecom": [{"system": "url", "value": ctx.register_url}],
    }


def provider_organization(provider_id: int, name: str) -> dict:
    """A training provider with an accredited programme: its name, nothing else (the public
    lists show no contact details)."""
    return {
        "resourceType": "Organization",
        "id": f"{PROVIDER_PREFIX}{provider_id}",
        "text": _narrative(name),
        "active": True,
        "type": [{"coding": [_coding(ORGANIZATION_TYPE, "edu", "Educational Institute")]}],
        "name": name,
    }


# --- CodeSystem ------------------------------------------------------------------------------


def _code_system(ctx: Context, name: str, title: str, version: str, concepts: list) -> dict:
    return {
        "resourceType": "CodeSystem",
        "id": name,
        "text": _narrative(title),
        "url": ctx.code_system(name),
        "version": version,
        "name": "".join(word.capitalize() for word in name.split("-")),
        "title": title,
        "status": "active",
        "experimental": False,
        "publisher": ctx.register_name,
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def _concept(code: str, text, definition=None) -> dict:
    concept = {"code": code, "display": text.get("nl")}
    if definition is not None:
        concept["definition"] = definition.get("nl")
    concept["designation"] = [{"language": "en", "value": text.get("en")}]
    return concept


def code_systems(ctx: Context) -> dict[str, dict]:
    """The code systems the register publishes, by id: the tiers, the registration statuses
    and the public categories of a suspension, from the policies: each concept's display is
    the register's Dutch term, with the English one as a designation."""
    policies = ctx.policies
    tiers = [_concept(str(t.code), t.name, t.core_task_focus) for t in policies.tiers.tiers]
    statuses = [
        _concept(code, info.name, info.description)
        for code, info in policies.registration.statuses.items()
    ]
    categories = [
        _concept(code, text)
        for code, text in policies.registration.suspension_reason_categories.items()
    ]
    version = policies.registration.version
    return {
        "tier": _code_system(
            ctx, "tier", "Practice tiers of the register", policies.tiers.version, tiers
        ),
        "registration-status": _code_system(
            ctx, "registration-status", "Status of a registration", version, statuses
        ),
        "suspension-reason-category": _code_system(
            ctx,
            "suspension-reason-category",
            "Public reason category of a suspension",
            version,
            categories,
        ),
    }


# --- CapabilityStatement ---------------------------------------------------------------------


def _param(name: str, kind: str, documentation: str) -> dict:
    return {"name": name, "type": kind, "documentation": documentation}


def capability_statement(ctx: Context) -> dict:
    """What the endpoint does: read and search Practitioner and Organization, read
    CodeSystem; JSON only; FHIR 4.0.1."""
    read_search = [{"code": "read"}, {"code": "search-type"}]
    return {
        "resourceType": "CapabilityStatement",
        "id": REGISTER_ID,
        "text": _narrative(f"{ctx.register_name}: FHIR R4 {FHIR_VERSION}"),
        "url": f"{ctx.canonical}/CapabilityStatement/{REGISTER_ID}",
        "name": "RegisterFhirEndpoint",
        "title": f"{ctx.register_name}: FHIR",
        "status": "active",
        "experimental": False,
        "date": CAPABILITIES_DATE,
        "publisher": ctx.register_name,
        "description": (
            "The public register, read-only, after the IHE mCSD directory: a Practitioner per "
            "registration with its tier as a qualification, and an Organization for the "
            "register and for every training provider with an accredited programme. Only what "
            "the public register shows."
        ),
        "kind": "instance",
        "implementation": {"description": ctx.register_name, "url": ctx.base},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Unknown search parameters are ignored and named in an OperationOutcome "
                    "entry of the Bundle (send Prefer: handling=strict to have them refused); "
                    "_count (at most 100) sets the page size, the links page through."
                ),
                "security": {
                    "cors": True,
                    "description": "Public, no authentication; limited per client address "
                    "(429 with Retry-After).",
                },
                "resource": [
                    {
                        "type": "Practitioner",
                        "interaction": read_search,
                        "versioning": "no-version",
                        "searchParam": [
                            _param(
                                "identifier",
                                "token",
                                f"{ctx.identifier_system}|<number>, or the number alone",
                            ),
                            _param("name", "string", "The public search's Dutch name matching"),
                            _param("_id", "token", "The registration number"),
                        ],
                    },
                    {
                        "type": "Organization",
                        "interaction": read_search,
                        "versioning": "no-version",
                        "searchParam": [
                            _param("name", "string", "Name or alias (:exact, :contains)"),
                            _param("_id", "token", "register, or provider-<n>"),
                        ],
                    },
                    {
                        "type": "CodeSystem",
                        "interaction": [{"code": "read"}],
                        "versioning": "no-version",
                    },
                ],
            }
        ],
    }


# --- Bundle and OperationOutcome -------------------------------------------------------------


def operation_outcome(issues: list[tuple[str, str, str]]) -> dict:
    """An OperationOutcome of (severity, code, text) issues."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": severity, "code": code, "details": {"text": text}, "diagnostics": text}
            for severity, code, text in issues
        ],
    }


def searchset(
    ctx: Context,
    resources: list[dict],
    total: int | None,
    links: list[tuple[str, str]],
    timestamp: dt.datetime,
    outcome: dict | None = None,
) -> dict:
    """A search result: the matches with their full URLs, the paging links, the total when
    it is known exactly, and the issues of the search as an outcome entry."""
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": timestamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
    }
    if total is not None:
        bundle["total"] = total
    bundle["link"] = [{"relation": relation, "url": url} for relation, url in links]
    entries = [
        {
            "fullUrl": f"{ctx.base}/{resource['resourceType']}/{resource['id']}",
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in resources
    ]
    if outcome is not None:
        entries.append({"resource": outcome, "search": {"mode": "outcome"}})
    if entries:
        bundle["entry"] = entries
    return bundle
