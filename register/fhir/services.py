"""What the FHIR endpoint reads: the public lookup's own services (the same public columns,
the same Dutch name matching, the same replica rules) and the accredited training
providers. Nothing here reads a column the public lookup does not show."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from register.api.programmes import accredited_providers
from register.lookup import services as lookup
from register.lookup.public import PublicRegistration


def registration(number: str) -> PublicRegistration | None:
    """The registration with canonical ``number``, with its suspension annotation."""
    return lookup.get_registration(number)


def registrations(numbers: list[str]) -> list[PublicRegistration]:
    """The registrations with these canonical numbers that exist, in the order given, each
    once, with their suspension annotations."""
    found = {}
    for item in lookup.verify_numbers(numbers):
        if item.registration is not None:
            found.setdefault(item.registration.number, item.registration)
    return lookup.with_suspensions(list(found.values()))


def search_by_name(name: str, page: int, per_page: int) -> lookup.SearchPage:
    """One page of the public name search (Dutch name rules), whole registrations."""
    result = lookup.search_registrations(name, page=page, per_page=per_page)
    if result.items:
        result = replace(result, items=lookup.with_suspensions(result.items))
    return result


def providers(today: dt.date) -> list[tuple[int, str]]:
    """The training providers (id, name) with a programme accredited today."""
    return accredited_providers(today)


def checked_at() -> dt.datetime:
    """When this answer was checked (the replica's replay time when it answers)."""
    return lookup.checked_at()


def today() -> dt.date:
    """Today in the register's time zone."""
    return lookup.today()


def looks_like_number(text: str) -> bool:
    """A text with a digit in it is a number, not a name (as the public search reads it)."""
    return lookup.looks_like_number(text)
