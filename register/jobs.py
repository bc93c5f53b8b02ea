"""The daily jobs run by ``flask --app register expire``. Each is ``(name, fn(day) -> count)``
and must be idempotent. Features append their job here."""

from __future__ import annotations

EXPIRY_JOBS: list = []
