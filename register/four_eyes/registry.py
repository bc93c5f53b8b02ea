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
      change, stored decision with ``decided_by`` the proposer and ``confirmed_by`` the
      confirmer, notices to the person concerned) and flushes;
    - ``about(subject)``: a text naming the subject for the queue ("Registration ED-… of
      Jan Jansen"); ``link(subject)``: the URL of the subject's staff page.

    The consequences are worded for the moment of confirmation ("from today"): the proposal
    page shows them to the confirmer, and the proposer's confirmation page shows them as what
    will happen when a second registrar confirms.
    """

    kind: str
    model: type
    title: object
    consequences: Callable
    execute: Callable
    validate: Callable | None = None
    about: Callable | None = None
    link: Callable | None = None

    def describe(self, subject) -> str:
        """The words naming ``subject`` (its kind and id when the action gives none)."""
        if self.about is not None:
            return str(self.about(subject))
        return f"{type(subject).__name__} {getattr(subject, 'id', '')}"

    def url(self, subject) -> str | None:
        """The staff page of ``subject``, if the action names one."""
        return self.link(subject) if self.link is not None else None


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
