"""Fail when the lock files no longer match pyproject.toml (`make lint`).

Every dependency that pyproject.toml declares must be pinned in ``dev.lock`` (and, unless it
is dev-only, in ``runtime.lock``) at a version its specifier allows, and the two locks must
pin shared packages alike, so that production installs what CI tested. Run ``make lock``
after changing the dependencies.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def pins(path: Path) -> dict[str, str]:
    """``{canonical name: version}`` of the ``name==version`` lines of a lock file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def problems() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    runtime = [Requirement(r) for r in project["dependencies"] + extras.get("prod", [])]
    dev = [Requirement(r) for r in extras.get("dev", [])]
    locks = {
        "runtime.lock": (pins(ROOT / "requirements" / "runtime.lock"), runtime),
        "dev.lock": (pins(ROOT / "requirements" / "dev.lock"), runtime + dev),
    }
    found = []
    for lock, (pinned, required) in locks.items():
        for requirement in required:
            name = canonicalize_name(requirement.name)
            if name not in pinned:
                found.append(f"{lock}: {requirement.name} is declared but not pinned")
            elif not requirement.specifier.contains(pinned[name], prereleases=True):
                found.append(f"{lock}: {name}=={pinned[name]} does not satisfy {requirement}")
    runtime_pins, dev_pins = locks["runtime.lock"][0], locks["dev.lock"][0]
    for name, version in sorted(runtime_pins.items()):
        if dev_pins.get(name, version) != version:
            found.append(f"runtime.lock pins {name}=={version}, dev.lock {dev_pins[name]}")
    return found


if __name__ == "__main__":
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("The lock files are out of date: run `make lock`.", file=sys.stderr)
    sys.exit(1 if found else 0)
