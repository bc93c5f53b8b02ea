"""``python -m register.sources check --seeds DIR [--policies DIR]``: the sources check.

Exits 0 when every quote stands in its source, 1 when one does not (each problem on its own
line: file, key, what is wrong and the nearest passage), 2 when a folder is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from register.policy.loader import PolicyError
from register.sources.check import SourcesMissing, check_policies

DEFAULT_POLICIES = Path(__file__).resolve().parents[2] / "policies"


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m register.sources")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every quote against its source")
    check.add_argument("--seeds", type=Path, required=True, help="the source documents")
    check.add_argument("--policies", type=Path, default=DEFAULT_POLICIES)
    args = parser.parse_args(argv)
    for folder in (args.seeds, args.policies):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    try:
        report = check_policies(args.policies, args.seeds)
    except (SourcesMissing, PolicyError) as exc:
        print(exc, file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    verdict = "all found" if report.ok else f"{len(report.problems)} not found as quoted"
    print(f"sources check: {report.checked} quotes in {report.files} policy files, {verdict}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
