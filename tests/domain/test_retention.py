"""When evidence may be deleted: a period after the final decision, counted from the end of
the objection period when that is later, never while an objection is pending."""

import datetime as dt

from register.domain.retention import (
    DecisionFacts,
    complaint_erasure_due,
    deletion_due,
    period_start,
)

DECIDED = dt.date(2025, 12, 1)
UNTIL = dt.date(2026, 1, 12)


def test_the_period_starts_after_the_objection_period():
    facts = DecisionFacts(DECIDED, UNTIL, objection_pending=False)
    assert period_start(facts) == UNTIL
    assert not deletion_due(facts, 6, dt.date(2026, 7, 11))
    assert deletion_due(facts, 6, dt.date(2026, 7, 12))


def test_without_an_objection_period_it_starts_at_the_decision():
    facts = DecisionFacts(DECIDED, None, objection_pending=False)
    assert period_start(facts) == DECIDED
    assert deletion_due(facts, 6, dt.date(2026, 6, 1))
    assert not deletion_due(facts, 6, dt.date(2026, 5, 31))


def test_nothing_is_deleted_while_an_objection_is_pending():
    facts = DecisionFacts(DECIDED, UNTIL, objection_pending=True)
    assert period_start(facts) is None
    assert not deletion_due(facts, 6, dt.date(2030, 1, 1))


def test_a_closed_complaint_is_erased_a_period_after_closing_unless_an_objection_is_pending():
    closed = dt.date(2026, 1, 31)
    assert not complaint_erasure_due(closed, 60, dt.date(2031, 1, 30), objection_pending=False)
    assert complaint_erasure_due(closed, 60, dt.date(2031, 1, 31), objection_pending=False)
    assert not complaint_erasure_due(closed, 60, dt.date(2040, 1, 1), objection_pending=True)
