"""The status lists (W3C Bitstring Status List v1.0): positions, bits, and the signed list.

- **Positions.** A registration gets one position on each list when its first credential is
  issued (``positions_for``); every later credential of the registration carries the same
  positions. A position is given out once from the list's ``next_position`` under a lock on
  the list row (``SELECT … FOR UPDATE`` on PostgreSQL, the write lock on SQLite, and the
  row's ``version`` refuses a concurrent change) and is never given out again (unique index).
- **Bits, in the same transaction.** ``sync`` is subscribed to
  ``register.registrations.changes.public_registration_changed``, which is sent just before
  the commit of every transaction that changed a registration's public face: suspended →
  the suspension bit set, reinstated → cleared; lapsed or struck off → the revocation bit
  set. A revocation bit is never cleared: a registration that comes back holds a new
  revocation position (``register.domain.credentials``), so credentials from before the end
  stay revoked. A rolled-back change sends nothing, so the lists never show it.
- **Serving is cheap.** The bits are stored; the list credential is signed when it is asked
  for and kept per worker until its bits or the signing key change; its ETag is a hash of
  the bits and the key id, so a verifier's conditional GET costs one row read and no signing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from register.credentials.keys import key_ring
from register.domain.credentials import (
    STATUS_LIST_SIZE,
    StatusPurpose,
    empty_bitstring,
    encode_list,
    get_bit,
    needs_new_position,
    status_bit,
    with_bit,
)
from register.extensions import db
from register.links import absolute_url
from register.models.base import utcnow
from register.models.credentials import CredentialStatusEntry, CredentialStatusList
from register.models.registrations import Registration
from register.registrations.changes import public_registration_changed


class StatusListFull(RuntimeError):
    """Every position of a list has been given out (131,072 registrations)."""


def list_url(purpose: StatusPurpose) -> str:
    """The stable public address of a status list credential."""
    return absolute_url("credentials.status_list", purpose=purpose.value)


def status_list(purpose: StatusPurpose, session: Session | None = None, lock: bool = False):
    """The list of ``purpose``, made (all clear) the first time it is needed."""
    session = session or db.session
    query = select(CredentialStatusList).where(CredentialStatusList.purpose == purpose)
    if lock:  # wait for the row, and read it as it is now (not as this session last saw it)
        query = query.with_for_update().execution_options(populate_existing=True)
    found = session.scalars(query).one_or_none()
    if found is None:
        found = CredentialStatusList(
            purpose=purpose, size=STATUS_LIST_SIZE, bits=empty_bitstring(), next_position=0
        )
        session.add(found)
        session.flush()
    return found


def _current_entry(session: Session, status_list_row, registration_id: int):
    return session.scalars(
        select(CredentialStatusEntry).where(
            CredentialStatusEntry.list_id == status_list_row.id,
            CredentialStatusEntry.registration_id == registration_id,
            CredentialStatusEntry.retired_at.is_(None),
        )
    ).one_or_none()


def _assign(session: Session, status_list_row, registration_id: int) -> CredentialStatusEntry:
    if status_list_row.next_position >= status_list_row.size:
        raise StatusListFull(f"the {status_list_row.purpose.value} status list is full")
    entry = CredentialStatusEntry(
        list_id=status_list_row.id,
        position=status_list_row.next_position,
        registration_id=registration_id,
    )
    status_list_row.next_position += 1
    status_list_row.updated_at = utcnow()
    session.add(entry)
    return entry


def positions_for(registration: Registration) -> dict[StatusPurpose, CredentialStatusEntry]:
    """The registration's position on each list, assigned on first use, with its bit set
    as the registration's status says."""
    session = db.session
    entries = {}
    for purpose in StatusPurpose:
        row = status_list(purpose, session)
        entry = _current_entry(session, row, registration.id)
        if entry is None:  # the first credential: lock the list, then look again
            row = status_list(purpose, session, lock=True)
            entry = _current_entry(session, row, registration.id) or _assign(
                session, row, registration.id
            )
            _apply(row, entry, registration)
        entries[purpose] = entry
    session.flush()
    return entries


def _apply(row: CredentialStatusList, entry: CredentialStatusEntry, registration) -> None:
    want = status_bit(row.purpose, registration.status)
    if get_bit(row.bits, entry.position) != want:
        row.bits = with_bit(row.bits, entry.position, want)
        row.updated_at = utcnow()


def sync(session: Session, registration_ids: Iterable[int]) -> None:
    """Bring the bits of the changed registrations in line with their status (the
    subscriber of ``public_registration_changed``; runs inside the commit's transaction)."""
    ids = sorted(set(registration_ids))
    if not ids:
        return
    entries = session.scalars(
        select(CredentialStatusEntry).where(
            CredentialStatusEntry.registration_id.in_(ids),
            CredentialStatusEntry.retired_at.is_(None),
        )
    ).all()
    if not entries:
        return
    lists = {
        row.id: row
        for row in session.scalars(
            select(CredentialStatusList)
            .where(CredentialStatusList.id.in_({e.list_id for e in entries}))
            .with_for_update()
        )
    }
    for entry in entries:
        row = lists[entry.list_id]
        registration = session.get(Registration, entry.registration_id)
        if needs_new_position(row.purpose, get_bit(row.bits, entry.position), registration.status):
            entry.retired_at = utcnow()
            session.flush()  # the partial unique index: one current position per list
            _assign(session, row, registration.id)
        else:
            _apply(row, entry, registration)


def _on_change(session: Session, registration_ids=frozenset(), **_kw) -> None:
    sync(session, registration_ids)


public_registration_changed.connect(_on_change)


def issuer_id() -> str:
    """The register as issuer: its public address (the keys at /.well-known/jwks.json)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/"


def list_credential(row: CredentialStatusList) -> dict:
    """The status list credential (unsigned), as the spec shapes it."""
    url = list_url(row.purpose)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": row.updated_at.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": row.purpose.value,
            "encodedList": encode_list(row.bits),
        },
    }


def etag(row: CredentialStatusList) -> str:
    """The list's bits and date, and the signing key: what the signed list depends on."""
    digest = hashlib.sha256(row.bits + row.updated_at.isoformat().encode()).hexdigest()[:20]
    return f"{row.purpose.value}-{digest}-{key_ring().current.get('kid')[:12]}"


def signed_list(purpose: StatusPurpose) -> tuple[str, str]:
    """The signed status list credential of ``purpose`` and its ETag."""
    from register.credentials.signing import sign

    row = status_list(purpose)
    tag = etag(row)
    cache = current_app.extensions.setdefault("credential_status_lists", {})
    if cache.get(purpose, (None,))[0] != tag:
        cache[purpose] = (tag, sign(list_credential(row)))
    return cache[purpose][1], tag
