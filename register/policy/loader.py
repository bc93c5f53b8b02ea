"""Loads ``policies/*.yaml`` once at start-up into frozen, validated objects.

A missing or malformed file stops the application with a message that names the file,
the key and what is wrong, so a bad policy never reaches a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from register.policy.accreditation import AccreditationPolicy
from register.policy.decisions import DecisionsPolicy
from register.policy.framework import FrameworkPolicy
from register.policy.objections import ObjectionsPolicy
from register.policy.registration import RegistrationPolicy
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
    "retention": ("retention.yaml", RetentionPolicy),
}


class PolicyError(Exception):
    """A policy file is missing or invalid; the message says where and why."""

    def __init__(self, file: str, key: str, reason: str):
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


@dataclass(frozen=True)
class Policies:
    """Every policy the register runs on, validated and immutable."""

    tiers: TiersPolicy
    registration: RegistrationPolicy
    transitional_route: TransitionalRoutePolicy
    framework: FrameworkPolicy
    accreditation: AccreditationPolicy
    decisions: DecisionsPolicy
    objections: ObjectionsPolicy
    retention: RetentionPolicy

    @property
    def versions(self) -> dict[str, str]:
        """The version of each policy, as stored with every decision."""
        return {name: getattr(self, name).version for name in POLICY_FILES}


def _format_location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def load_policy_file(path: Path, schema: type[BaseModel]) -> BaseModel:
    """Read one YAML policy file and validate it against ``schema``."""
    name = path.name
    if not path.is_file():
        raise PolicyError(name, "(file)", f"file not found at {path}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - safe loader
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
    loaded = {
        attr: load_policy_file(directory / filename, schema)
        for attr, (filename, schema) in POLICY_FILES.items()
    }
    policies = Policies(**loaded)
    _check_cross_references(policies)
    return policies


def _check_cross_references(policies: Policies) -> None:
    """Rules that span files: tiers named by one policy exist in the tiers policy."""
    codes = {t.code for t in policies.tiers.tiers}
    for code in policies.transitional_route.tiers:
        if code not in codes:
            raise PolicyError("transitional-route.yaml", f"tiers.{code}", "unknown tier")
