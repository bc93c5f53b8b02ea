"""Loads ``policies/*.yaml`` once at start-up into frozen, validated objects.

A missing or malformed file stops the application with a message that names the file,
the key and what is wrong, so a bad policy never reaches a decision.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from register.policy.accreditation import AccreditationPolicy
from register.policy.decisions import DecisionsPolicy
from register.policy.framework import FrameworkPolicy
from register.policy.measures import MeasuresPolicy
from register.policy.objections import ObjectionsPolicy
from register.policy.organisations import OrganisationsPolicy
from register.policy.professional_code import ProfessionalCodePolicy
from register.policy.registration import RegistrationPolicy
from register.policy.renewal import RenewalPolicy
from register.policy.retention import RetentionPolicy
from register.policy.tiers import TiersPolicy
from register.policy.transitional import TransitionalRoutePolicy

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: attribute name → (file name, schema)
POLICY_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "tiers": ("tiers.yaml", TiersPolicy),
    "registration": ("registration.yaml", RegistrationPolicy),
    "transitional_route": ("transitional-route.yaml", TransitionalRoutePolicy),
    "framework": ("framework.yaml", FrameworkPolicy),
    "accreditation": ("accreditation.yaml", AccreditationPolicy),
    "decisions": ("decisions.yaml", DecisionsPolicy),
    "objections": ("objections.yaml", ObjectionsPolicy),
    "professional_code": ("professional-code.yaml", ProfessionalCodePolicy),
    "renewal": ("renewal.yaml", RenewalPolicy),
    "retention": ("retention.yaml", RetentionPolicy),
    "measures": ("measures.yaml", MeasuresPolicy),
    "organisations": ("organisations.yaml", OrganisationsPolicy),
}


class PolicyError(Exception):
    """A policy file is missing or invalid; the message says where and why."""

    def __init__(self, file: str, key: str, reason: str):
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


@dataclass(frozen=True)
class PolicySource:
    """The file one policy was read from: its name, version, content and the content's
    SHA-256 (what ``register.policy.history`` keeps of every version)."""

    file: str
    version: str
    sha256: str
    content: str


@dataclass(frozen=True)
class Policies:
    """Every policy the register runs on, validated and immutable, with the files they were
    read from (``sources``, by attribute name)."""

    tiers: TiersPolicy
    registration: RegistrationPolicy
    transitional_route: TransitionalRoutePolicy
    framework: FrameworkPolicy
    accreditation: AccreditationPolicy
    decisions: DecisionsPolicy
    objections: ObjectionsPolicy
    professional_code: ProfessionalCodePolicy
    renewal: RenewalPolicy
    retention: RetentionPolicy
    measures: MeasuresPolicy
    organisations: OrganisationsPolicy
    sources: dict[str, PolicySource] = field(default_factory=dict, compare=False)

    @property
    def versions(self) -> dict[str, str]:
        """The version of each policy, as stored with every decision."""
        return {name: getattr(self, name).version for name in POLICY_FILES}


def _format_location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def load_policy_file(path: Path, schema: type[BaseModel]) -> BaseModel:
    """Read one YAML policy file and validate it against ``schema``."""
    if not path.is_file():
        raise PolicyError(path.name, "(file)", f"file not found at {path}")
    return parse_policy(path.name, path.read_text(encoding="utf-8"), schema)


def parse_policy(name: str, content: str, schema: type[BaseModel]) -> BaseModel:
    """Validate the YAML text ``content`` of the policy file ``name`` against ``schema``
    (a file on disk, or a version kept in the policy history)."""
    try:
        data = yaml.load(content, Loader=_YAML_LOADER)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise PolicyError(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise PolicyError(name, "(top level)", "expected a mapping of keys to values")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        reason = first["msg"].removeprefix("Value error, ")
        more = len(exc.errors()) - 1
        if more:
            reason += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise PolicyError(name, _format_location(first["loc"]), reason) from exc


_CACHE: dict[tuple, Policies] = {}


def load_policies(directory: str | Path) -> Policies:
    """Load and validate every policy file in ``directory``, then check cross references.

    The result is cached per directory and file modification times, so creating many apps
    (as the tests do) parses the files once; an edited file is read again.
    """
    directory = Path(directory).resolve()
    key = (directory, *_stamps(directory))
    if key not in _CACHE:
        _CACHE[key] = _load_policies(directory)
    return _CACHE[key]


def _stamps(directory: Path) -> tuple:
    stamps = []
    for filename, _schema in POLICY_FILES.values():
        try:
            stat = (directory / filename).stat()
            stamps.append((filename, stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            stamps.append((filename, None, None))
    return tuple(stamps)


def _load_policies(directory: Path) -> Policies:
    loaded, sources = {}, {}
    for attr, (filename, schema) in POLICY_FILES.items():
        path = directory / filename
        if not path.is_file():
            raise PolicyError(filename, "(file)", f"file not found at {path}")
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PolicyError(filename, "(file)", f"not UTF-8 text: {exc.reason}") from exc
        loaded[attr] = parse_policy(filename, content, schema)
        sources[attr] = PolicySource(
            filename, loaded[attr].version, hashlib.sha256(raw).hexdigest(), content
        )
    policies = Policies(**loaded, sources=sources)
    _check_cross_references(policies)
    return policies


def _check_cross_references(policies: Policies) -> None:
    """Rules that span files: tiers named by one policy exist in the tiers policy, the
    competences the transitional route names exist in the framework, and the renewal policy
    gives hours for every tier."""
    codes = {t.code for t in policies.tiers.tiers}
    route = policies.transitional_route
    for code in route.tiers:
        if code not in codes:
            raise PolicyError("transitional-route.yaml", f"tiers.{code}", "unknown tier")
    known = {c.id for c in policies.framework.competences}
    for code, req in route.tiers.items():
        unknown = [c for c in req.portfolio_competences if c not in known]
        if unknown:
            raise PolicyError(
                "transitional-route.yaml",
                f"tiers.{code}.portfolio_competences",
                f"unknown competences {unknown} (framework.yaml has {sorted(known)})",
            )
    for index, anchor in enumerate(route.portfolio.anchors):
        if anchor.competence not in known:
            raise PolicyError(
                "transitional-route.yaml",
                f"portfolio.anchors.{index}.competence",
                f"unknown competence {anchor.competence!r}",
            )
    situations = len(policies.framework.critical_situations_in_use())
    if route.portfolio.critical_situations_required > situations:
        raise PolicyError(
            "transitional-route.yaml",
            "portfolio.critical_situations_required",
            f"the framework's set in use has only {situations} situations",
        )
    hours = policies.renewal.practice_hours
    if set(hours) != codes:
        raise PolicyError(
            "renewal.yaml", "practice_hours", f"give hours for exactly the tiers {sorted(codes)}"
        )
