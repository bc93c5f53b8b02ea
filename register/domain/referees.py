"""Referees (referenten) who can be trusted: independent of the applicant and of the people
who handle the application, and what they confirm is what counts (pure, no I/O).

``referee_dependence`` says why an address cannot be a referee's: it is one of the
applicant's own, it was named already for this application, or it belongs to another party
to the application (an assessor, a registrar who acts on it, the programme's provider).
Addresses are compared as mailboxes (``mailbox_key``), so that ``Jan.Jansen+ref@Gmail.com ``
and ``janjansen@googlemail.com`` are seen to be the same person.

``confirmed_work`` turns the work an applicant claimed into the work that counts: where a
referee confirmed the work at an organisation, each claimed period there counts only as far
as the referee confirmed it (the later start, the earlier end, the fewer hours).
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

#: Domains whose mailboxes ignore dots in the part before the @ (Gmail: j.jansen = jjansen).
DOTS_IGNORED = frozenset({"gmail.com"})
#: Domains that are other names of the same mail service.
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


class Dependence(enum.StrEnum):
    """Why a referee's address is not independent."""

    OWN_ADDRESS = "own_address"  # an address of the applicant's own account
    DUPLICATE = "duplicate"  # another referee of the same application has this address
    OTHER_PARTY = "other_party"  # an assessor, a registrar or the provider of the application


def mailbox_key(address: str | None) -> str:
    """The mailbox an e-mail address reaches, for comparing addresses (not for sending).

    Case, surrounding space and Unicode compatibility forms are folded. A "+tag" after the
    name is dropped for every domain: sub-addressing (RFC 5233) delivers ``jan+x@`` to
    ``jan@`` at most providers and mail servers, and treating two such addresses as one
    person can only refuse a referee, never let a dependent one through. Dots are dropped
    only where the provider is known to ignore them (Gmail); ``googlemail.com`` is Gmail.
    """
    text = unicodedata.normalize("NFKC", address or "").strip().casefold()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    domain = domain.strip().rstrip(".")
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.strip().split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def referee_dependence(
    address: str,
    *,
    own_addresses: Iterable[str],
    other_referees: Iterable[str] = (),
    other_parties: Iterable[str] = (),
) -> Dependence | None:
    """Why ``address`` cannot be the address of an independent referee, or None when it can.

    ``own_addresses``: the applicant's own account addresses; ``other_referees``: the
    addresses of the application's other (not replaced) referees; ``other_parties``: the
    addresses of everyone else who has a part in the application. The applicant's own
    address is reported first, as it is the plainest reason to give."""
    key = mailbox_key(address)
    if not key:
        return None
    if key in {mailbox_key(a) for a in own_addresses}:
        return Dependence.OWN_ADDRESS
    if key in {mailbox_key(a) for a in other_referees}:
        return Dependence.DUPLICATE
    if key in {mailbox_key(a) for a in other_parties if a}:
        return Dependence.OTHER_PARTY
    return None


def organisation_key(name: str | None) -> str:
    """An organisation's name folded for matching a referee to the claimed work there."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


# --- what the referees confirmed -------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmedWork:
    """What one referee confirmed of the work at their organisation: the period (``end``
    None: still working there) and the hours per week (None: not stated)."""

    start: dt.date | None
    end: dt.date | None
    hours_per_week: float | None


def _clip(period, confirmed: ConfirmedWork):
    """The claimed ``period`` as far as ``confirmed`` supports it, or None when nothing of
    it is confirmed (the confirmed period does not overlap the claim)."""
    start = max(period.start, confirmed.start) if confirmed.start else period.start
    ends = [e for e in (period.end, confirmed.end) if e is not None]
    end = min(ends) if ends else None
    if end is not None and end < start:
        return None
    hours = period.hours_per_week
    if confirmed.hours_per_week is not None:
        hours = min(hours, confirmed.hours_per_week)
    if hours <= 0:
        return None
    return replace(period, start=start, end=end, hours_per_week=hours)


def _weight(period, today: dt.date) -> float:
    end = min(period.end or today, today)
    return max((end - period.start).days + 1, 0) * period.hours_per_week


def confirmed_work(work: Iterable, references: Iterable, today: dt.date) -> tuple:
    """The claimed work periods as the referees confirmed them.

    A period at an organisation where no independent referee confirmed anything counts as
    claimed (whether enough referees confirmed is the references rule's question). Where one
    or more did, the period counts as far as the referee who supports most of it confirmed
    it: never longer or with more hours than claimed, and not at all when no confirmation
    overlaps it. ``work`` holds ``WorkPeriod``s, ``references`` ``ReferenceFacts``."""
    confirmations: dict[str, list[ConfirmedWork]] = {}
    for ref in references:
        if ref.state == "confirmed" and ref.independent and ref.confirmed is not None:
            confirmations.setdefault(organisation_key(ref.organisation), []).append(ref.confirmed)
    counted = []
    for period in work:
        found = confirmations.get(organisation_key(period.organisation))
        if not found:
            counted.append(period)
            continue
        candidates = [c for c in (_clip(period, conf) for conf in found) if c is not None]
        if candidates:
            counted.append(max(candidates, key=lambda c: _weight(c, today)))
    return tuple(counted)
