"""Reading FHIR search parameters as the R4 search rules say (http.html, search.html).

- A parameter the resource supports is used; one with a modifier it does not support is
  refused (400): the rules say a server SHALL reject an unsupported modifier.
- Any other parameter is ignored and named in a warning (lenient handling, the default),
  or refused when the client sent ``Prefer: handling=strict``.
- The self link carries only the parameters that were used, so a client sees what counted.
- ``_count`` sets the page size (0 gives only the total; more than 100 gives 100);
  ``_page`` is the page the paging links name (clients follow the links).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l

from register.errors import MalformedRequest

DEFAULT_COUNT = 20
MAX_COUNT = 100
MAX_PAGE = 100_000
#: at most this many values of one parameter (identifier=a,b,...) in one search
MAX_VALUES = 100
#: the result and format parameters every search understands
GENERAL = ("_count", "_page", "_format", "_pretty")


class SearchRefused(MalformedRequest):
    """A search the endpoint cannot run as asked (400, with the OperationOutcome's code)."""

    def __init__(self, message, issue: str = "invalid", parameter: str | None = None):
        detail = {"issue": issue}
        if parameter:
            detail["parameter"] = parameter
        super().__init__(message, **detail)


@dataclass(frozen=True)
class Search:
    """A search as understood: the supported parameters with their modifier, paging, and
    what was ignored."""

    values: dict[str, tuple[str, str | None]]
    count: int = DEFAULT_COUNT
    page: int = 1
    ignored: tuple[str, ...] = ()
    used: tuple[tuple[str, str], ...] = field(default=())

    def get(self, name: str) -> str | None:
        """The value of a supported parameter, or None when it was not given."""
        item = self.values.get(name)
        return item[0] if item else None

    def modifier(self, name: str) -> str | None:
        item = self.values.get(name)
        return item[1] if item else None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.count


def wants_strict(prefer: str | None) -> bool:
    """True when the Prefer header asks for strict handling of unknown parameters."""
    for part in (prefer or "").replace(";", ",").split(","):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "handling" and value.strip().strip('"').lower() == "strict":
            return True
    return False


def _whole_number(name: str, raw: str, low: int, high: int, clamp: bool = False) -> int:
    """A whole number from ``low`` to ``high`` (with ``clamp``, more than ``high`` reads as
    ``high``)."""
    number = int(raw) if raw.isascii() and raw.isdigit() else None
    if number is None or number < low or (number > high and not clamp):
        raise SearchRefused(
            _l(
                "The parameter %(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            ),
            parameter=name,
        )
    return min(number, high)


def parse(
    pairs: Iterable[tuple[str, str]], supported: dict[str, frozenset[str]], strict: bool
) -> Search:
    """Read the query string's ``pairs`` for a resource whose parameters are ``supported``
    (name → the modifiers it takes)."""
    values: dict[str, tuple[str, str | None]] = {}
    ignored: list[str] = []
    used: list[tuple[str, str]] = []
    count, page = DEFAULT_COUNT, 1
    for key, value in pairs:
        name, _, modifier = key.partition(":")
        if name in GENERAL:
            if name == "_count" and value != "":
                count = _whole_number(name, value, 0, MAX_COUNT, clamp=True)
            elif name == "_page" and value != "":
                page = _whole_number(name, value, 1, MAX_PAGE)
            continue
        if name not in supported or value == "":
            if strict:
                raise SearchRefused(
                    _l("The parameter %(name)s is not supported here.", name=key),
                    "not-supported",
                    key,
                )
            ignored.append(key)
            continue
        if modifier and modifier not in supported[name]:
            raise SearchRefused(
                _l(
                    "The modifier :%(modifier)s of %(name)s is not supported.",
                    modifier=modifier,
                    name=name,
                ),
                "not-supported",
                key,
            )
        if name in values:
            raise SearchRefused(
                _l("Give the parameter %(name)s once.", name=name), "not-supported", name
            )
        values[name] = (value, modifier or None)
        used.append((key, value))
    return Search(values, count, page, tuple(ignored), tuple(used))


def split_values(name: str, raw: str) -> list[str]:
    """The values of a parameter given as a comma-separated list (FHIR's "or"); ``\\,`` is
    a comma inside a value."""
    values = [part.replace("\\,", ",") for part in re.split(r"(?<!\\),", raw)]
    if len(values) > MAX_VALUES:
        raise SearchRefused(
            _l("Give at most %(max)s values of %(name)s at once.", max=MAX_VALUES, name=name),
            "too-costly",
            name,
        )
    return values


def links(
    url: str, search: Search, shown: int, total: int | None, more: bool
) -> list[tuple[str, str]]:
    """The Bundle's links: self (with the parameters that were used) and the paging links.
    ``shown`` results are on this page; ``total`` is None when it is not known exactly,
    then ``more`` says whether a next page may hold more."""

    def page_url(page: int) -> str:
        query = [*search.used, ("_count", str(search.count)), ("_page", str(page))]
        return f"{url}?{urlencode(query)}"

    result = [("self", page_url(search.page)), ("first", page_url(1))]
    if search.page > 1:
        result.append(("previous", page_url(search.page - 1)))
    if search.count:
        if total is not None:
            last = max(1, -(-total // search.count))
            if search.page < last:
                result.append(("next", page_url(search.page + 1)))
            result.append(("last", page_url(min(last, MAX_PAGE))))
        elif more and shown == search.count and search.page < MAX_PAGE:
            result.append(("next", page_url(search.page + 1)))
    return result
