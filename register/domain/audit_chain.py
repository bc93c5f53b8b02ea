"""The audit log's hash chain, as pure rules.

Every audit event carries ``hash`` = SHA-256 over the previous event's hash and a canonical
JSON of the event's own fields (sorted keys, no spaces, UTF-8, timestamps as ISO 8601 in
UTC). Changing, removing or inserting any event breaks the chain from that event on; the
chain head (the last event's id and hash, kept in a row of its own) also shows when events
were removed from the end. ``first_break`` walks the events in order and names the first
that does not match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

#: the "previous hash" of the first event
GENESIS = "0" * 64
#: the event fields the hash covers, in this order of the canonical JSON (sorted anyway)
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "detail",
    "ip_address",
)


def canonical(fields: Mapping[str, object]) -> str:
    """The canonical JSON of an event's hashed fields."""
    data = {name: fields.get(name) for name in HASHED_FIELDS}
    occurred = data["occurred_at"]
    if isinstance(occurred, dt.datetime):
        if occurred.tzinfo is None:
            raise ValueError("audit timestamps are timezone-aware")
        data["occurred_at"] = occurred.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(fields: Mapping[str, object], previous_hash: str) -> str:
    """The hash of one event, chained to the hash of the event before it."""
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(fields).encode("utf-8"))
    return digest.hexdigest()


class BreakKind(StrEnum):
    """Why an event does not fit the chain."""

    LINK = "link"  # its previous hash is not the hash of the event before it
    CONTENT = "content"  # its hash does not match its content
    HEAD = "head"  # the chain head does not name the last event (events removed at the end)


@dataclass(frozen=True)
class ChainBreak:
    """The first event that does not match (None for a head without events)."""

    event_id: int | None
    kind: BreakKind


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: how many events, the last hash, the first break."""

    events: int
    last_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


class ChainWalker:
    """Walks the chain one event at a time (in id order), so that a long log can be
    streamed and events appended meanwhile can be walked on: ``feed`` returns the first
    break, ``head_break`` compares the chain head with where the walk has got to."""

    def __init__(self) -> None:
        self.count = 0
        self.last_id: int | None = None
        self.last_hash = GENESIS

    def feed(self, event: Mapping[str, object]) -> ChainBreak | None:
        """Check one event (a mapping with ``id``, ``prev_hash``, ``hash`` and the hashed
        fields) against the one before it."""
        self.count += 1
        if event["prev_hash"] != self.last_hash:
            return ChainBreak(event["id"], BreakKind.LINK)
        if event["hash"] != event_hash(event, self.last_hash):
            return ChainBreak(event["id"], BreakKind.CONTENT)
        self.last_id, self.last_hash = event["id"], event["hash"]
        return None

    def head_break(self, head_event_id: int | None, head_hash: str) -> ChainBreak | None:
        """None when the head names the last event walked and its hash."""
        if head_event_id == self.last_id and head_hash == self.last_hash:
            return None
        return ChainBreak(head_event_id, BreakKind.HEAD)

    def report(self, broken: ChainBreak | None) -> ChainReport:
        return ChainReport(self.count, self.last_hash, broken)


def first_break(
    events: Iterable[Mapping[str, object]],
    head_event_id: int | None,
    head_hash: str,
) -> ChainReport:
    """Walk ``events`` (in id order) and report the first that does not fit, or that the
    head does not name the last of them."""
    walker = ChainWalker()
    for event in events:
        broken = walker.feed(event)
        if broken is not None:
            return walker.report(broken)
    return walker.report(walker.head_break(head_event_id, head_hash))
