"""Schema of ``policies/decisions.yaml``: how grave actions are confirmed (four eyes)."""

from __future__ import annotations

from pydantic import Field

from register.policy.common import Frozen, Versioned


class FourEyes(Frozen):
    """A grave action waits for a second registrar for at most this many days."""

    lapse_after_days: int = Field(ge=1, le=90)


class DecisionsPolicy(Versioned):
    """Rules that apply to decisions of every kind."""

    four_eyes: FourEyes
