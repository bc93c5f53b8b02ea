"""Generated SQLite registers are cached under ``benchmarks/data/`` (git-ignored), each with
a small JSON file saying what made it; a file is reused only while the generator, the
migrations and the registration models are unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from benchmarks.serve import ROOT

GENERATOR_VERSION = 1


def fingerprint(seed: int) -> str:
    """A hash of everything that shapes a generated database."""
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{seed}".encode())
    sources = [
        ROOT / "benchmarks" / "generate.py",
        ROOT / "benchmarks" / "names.py",
        ROOT / "register" / "models" / "registrations.py",
        ROOT / "register" / "lookup" / "names.py",
    ]
    sources += sorted((ROOT / "migrations" / "versions").glob("*.py"))
    for path in sources:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def load(path: Path, size: int, seed: int) -> dict | None:
    """The metadata of a usable cached database at ``path``, or None."""
    meta_path = _meta_path(path)
    if not path.exists() or not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text())
    if meta.get("size") != size or meta.get("fingerprint") != fingerprint(seed):
        return None
    return meta


def save(path: Path, size: int, seed: int, schema: str, seconds: float, load: float) -> None:
    """Record what generated the database at ``path`` (and the load average when it began)."""
    meta = {
        "size": size,
        "seed": seed,
        "schema": schema,
        "seconds": round(seconds, 1),
        "loadavg": round(load, 2),
        "fingerprint": fingerprint(seed),
    }
    _meta_path(path).write_text(json.dumps(meta, indent=2))
