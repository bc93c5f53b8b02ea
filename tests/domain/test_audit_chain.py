"""The audit log's hash chain, pure: canonical form, chained hashes, and the walk that names
the first event that does not fit (changed, removed, inserted, reordered, cut off)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.domain.audit_chain import (
    GENESIS,
    BreakKind,
    ChainWalker,
    canonical,
    event_hash,
    first_break,
)

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _chain(n: int) -> list[dict]:
    events, previous = [], GENESIS
    for i in range(1, n + 1):
        event = {
            "id": i * 2,  # ids need not be consecutive
            "occurred_at": T0 + dt.timedelta(seconds=i),
            "actor_id": i % 3 or None,
            "action": f"thing.done_{i}",
            "subject_type": "User",
            "subject_id": i,
            "detail": {"n": i, "names": ["é", "ü"], "nested": {"b": 1, "a": 2}},
            "ip_address": "192.0.2.1",
            "prev_hash": previous,
        }
        event["hash"] = previous = event_hash(event, previous)
        events.append(event)
    return events


def _head(events):
    return (events[-1]["id"], events[-1]["hash"]) if events else (None, GENESIS)


def test_an_untouched_chain_is_intact():
    events = _chain(5)
    report = first_break(events, *_head(events))
    assert report.intact and report.events == 5 and report.last_hash == events[-1]["hash"]


def test_an_empty_log_with_an_empty_head_is_intact():
    assert first_break([], None, GENESIS).intact


def test_canonical_form_ignores_key_order_and_other_fields():
    a = {"action": "x", "detail": {"b": 1, "a": 2}, "occurred_at": T0, "extra": 1}
    b = {"occurred_at": T0, "detail": {"a": 2, "b": 1}, "action": "x"}
    assert canonical(a) == canonical(b)
    other_zone = T0.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert canonical({**b, "occurred_at": other_zone}) == canonical(b)


def test_naive_timestamps_are_refused():
    with pytest.raises(ValueError):
        canonical({"occurred_at": dt.datetime(2026, 1, 1)})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("action", "thing.undone"),
        ("actor_id", 99),
        ("subject_id", 1000),
        ("detail", {"n": 3}),
        ("ip_address", None),
        ("occurred_at", T0),
    ],
)
def test_a_changed_field_breaks_the_chain_at_that_event(field, value):
    events = _chain(5)
    events[2][field] = value
    report = first_break(events, *_head(events))
    assert report.broken.event_id == events[2]["id"]
    assert report.broken.kind is BreakKind.CONTENT


def test_a_recomputed_hash_still_breaks_the_link_of_the_next_event():
    events = _chain(5)
    events[2]["action"] = "thing.hidden"
    events[2]["hash"] = event_hash(events[2], events[2]["prev_hash"])
    report = first_break(events, *_head(events))
    assert report.broken.event_id == events[3]["id"] and report.broken.kind is BreakKind.LINK


def test_a_removed_event_breaks_the_link_of_the_one_after_it():
    events = _chain(5)
    del events[1]
    report = first_break(events, *_head(events))
    assert report.broken.event_id == events[1]["id"] and report.broken.kind is BreakKind.LINK


def test_events_removed_from_the_end_show_at_the_head():
    events = _chain(5)
    head = _head(events)
    report = first_break(events[:3], *head)
    assert report.broken.kind is BreakKind.HEAD and report.broken.event_id == head[0]
    assert first_break([], *head).broken.kind is BreakKind.HEAD


def test_swapped_events_are_found():
    events = _chain(4)
    events[1], events[2] = events[2], events[1]
    assert first_break(events, *_head(events)).broken.event_id == events[1]["id"]


def test_the_walker_can_go_on_with_events_appended_later():
    events = _chain(6)
    walker = ChainWalker()
    for event in events[:4]:
        assert walker.feed(event) is None
    assert walker.head_break(*_head(events)).kind is BreakKind.HEAD  # more came meanwhile
    for event in events[4:]:
        assert walker.feed(event) is None
    assert walker.head_break(*_head(events)) is None and walker.count == 6


@given(
    st.lists(
        st.dictionaries(
            st.text(max_size=5),
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
            max_size=4,
        ),
        min_size=1,
        max_size=8,
    ),
    st.data(),
)
def test_any_change_to_any_detail_is_found(details, data):
    events, previous = [], GENESIS
    for n, detail in enumerate(details, start=1):
        event = {"id": n, "occurred_at": T0, "action": "a", "subject_type": "s", "detail": detail}
        event["prev_hash"] = previous
        event["hash"] = previous = event_hash(event, previous)
        events.append(event)
    victim = data.draw(st.integers(min_value=0, max_value=len(events) - 1))
    events[victim]["detail"] = {**events[victim]["detail"], "tampered": True}
    report = first_break(events, *_head(events))
    assert report.broken.event_id == events[victim]["id"]
