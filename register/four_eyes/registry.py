"""The grave actions the portal knows, each declared once by the feature it belongs to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GraveAction:
    """How to check, describe and carry out one kind of grave action.

    - ``model``: the class of its subject (e.g. ``Registration``);
    - ``title``: a short lazy text naming the action ("Strike off");
    - ``consequences(subject, payload)``: lazy texts saying exactly what will happen
      ("The public page will show *Doorgehaald* from today"), shown to proposer and confirmer;
    - ``validate(subject, payload)``: raises ``ActionRefused`` when the action is not possible
      now; called when proposed and again when confirmed;
    - ``execute(subject, payload, *, proposer, confirmer, reason)``: carries it out (state
      change, stored decision, notices to the person concerned) and flushes.
    """

    kind: str
    model: type
    title: object
    consequences: Callable
    execute: Callable
    validate: Callable | None = None


_ACTIONS: dict[str, GraveAction] = {}


def grave_action(action: GraveAction) -> GraveAction:
    """Declare ``action``; a kind may be declared once (again with the same object is fine)."""
    existing = _ACTIONS.get(action.kind)
    if existing is not None and existing != action:
        raise ValueError(f"grave action {action.kind!r} declared twice")
    _ACTIONS[action.kind] = action
    return action


def get_action(kind: str) -> GraveAction:
    """The declared action of ``kind``; KeyError when nothing declares it."""
    return _ACTIONS[kind]


def declared_kinds() -> tuple[str, ...]:
    """Every declared kind, for listings and tests."""
    return tuple(sorted(_ACTIONS))
