"""Independent confirmers (pure): who may confirm a registrant's log (practice hours,
supervision) through a signed link, checked when the registrant names them and again when
they answer.

The same independence as for referees: not an address of the registrant's own account and
not the address of another party to the case (the register's staff who decide it).
Addresses are compared normalised: surrounding space and case never count, a "+tag" in the
local part is dropped at the common providers that deliver it to the same mailbox, and so
are dots at Gmail (which ignores them). The same supervisor confirming several sessions is
normal, so one address may confirm many entries of one log.

(When the referee-independence rule of issue 8 lands in ``register.domain``, the two share
``normalise_email``; this module keeps only what is particular to confirmers.)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

#: providers that deliver local+tag@domain to local@domain
PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "fastmail.com",
    }
)
#: providers that ignore dots in the local part (googlemail.com is gmail.com)
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


class ConfirmerProblem(enum.StrEnum):
    """Why someone may not confirm a log entry."""

    OWN_ADDRESS = "own_address"  # an address of the registrant's own account
    OTHER_PARTY = "other_party"  # the register's staff, who decide on the renewal


def normalise_email(address: str) -> str:
    """``address`` as the mailbox it reaches: trimmed, case-folded, without a plus-tag at the
    providers that ignore it and without dots at Gmail."""
    text = (address or "").strip().casefold()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def confirmer_problem(
    address: str, own_addresses: Iterable[str], other_parties: Iterable[str] = ()
) -> ConfirmerProblem | None:
    """Why ``address`` may not confirm the registrant's log, or None when it may."""
    mailbox = normalise_email(address)
    if mailbox in {normalise_email(a) for a in own_addresses if a}:
        return ConfirmerProblem.OWN_ADDRESS
    if mailbox in {normalise_email(a) for a in other_parties if a}:
        return ConfirmerProblem.OTHER_PARTY
    return None
