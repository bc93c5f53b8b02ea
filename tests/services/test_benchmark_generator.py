"""The benchmark generator fills a realistic register: valid numbers, every tier and status,
Dutch names with prefixes and diacritics, consistent history, and the lookup's search keys."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from benchmarks.generate import fill
from benchmarks.names import plain, search_queries
from register.domain.lifecycle import RegistrationStatus
from register.domain.numbers import parse_number
from register.models.registrations import (
    NumberSequence,
    Registration,
    RegistrationStatusChange,
)

TODAY = dt.date(2026, 11, 23)
SIZE = 500


@pytest.fixture
def register_500(db, policies):
    """500 generated registrations in the test database."""
    result = fill(db.session.connection(), policies, SIZE, seed=7, today=TODAY)
    db.session.commit()
    return result


def test_numbers_are_valid_and_sequential(db, policies, register_500):
    fmt = policies.registration.number
    rows = db.session.execute(select(Registration.number, Registration.sequence)).all()
    assert len(rows) == SIZE == register_500.registrations
    for number, sequence in rows:
        parsed = parse_number(fmt, number)
        assert parsed.ok, number
        assert parsed.canonical == number
    assert sorted(s for _, s in rows) == list(range(1, SIZE + 1))
    counter = db.session.scalars(select(NumberSequence)).one()
    assert counter.next_value == SIZE + 1


def test_every_tier_and_status_with_realistic_shares(db, policies, register_500):
    tiers = dict(
        db.session.execute(
            select(Registration.tier, func.count()).group_by(Registration.tier)
        ).all()
    )
    assert set(tiers) == {t.code for t in policies.tiers.tiers}
    statuses = dict(
        db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        ).all()
    )
    assert set(statuses) == set(RegistrationStatus)
    assert statuses[RegistrationStatus.ACTIVE] > SIZE * 0.7  # most registrants are current


def test_names_have_prefixes_diacritics_and_ij_variants(db, register_500):
    names = db.session.execute(
        select(Registration.given_names, Registration.surname_prefix, Registration.surname)
    ).all()
    prefixes = {p for _, p, _ in names if p}
    assert len(prefixes) >= 3
    assert any(" " in p for p in prefixes)  # "van der", "van den", ...
    assert any(plain(s) != s for _, _, s in names)  # Çelik, Müller, Öztürk, ...
    assert any("ij" in s.lower() for _, _, s in names)
    assert any("y" in s.lower() for _, _, s in names)


def test_dates_and_history_match_the_status(db, policies, register_500):
    registrations = db.session.scalars(select(Registration)).all()
    for registration in registrations:
        history = registration.history
        assert history[0].action is None and history[0].to_status is RegistrationStatus.ACTIVE
        assert history[-1].to_status is registration.status
        assert registration.valid_until > registration.valid_from
        if registration.status is RegistrationStatus.LAPSED:
            assert registration.valid_until < TODAY
        elif registration.status is RegistrationStatus.ACTIVE:
            assert registration.valid_until >= TODAY
        if registration.status is RegistrationStatus.SUSPENDED:
            assert history[-1].reason_category in policies.registration.suspension_reason_categories
    total = db.session.scalar(select(func.count()).select_from(RegistrationStatusChange))
    assert total == register_500.history_rows > SIZE


def test_refuses_a_register_that_is_not_empty(db, policies, register_500):
    with pytest.raises(RuntimeError, match="already holds 500"):
        fill(db.session.connection(), policies, 10, today=TODAY)


def test_search_keys_are_filled(db, register_500):
    try:
        from register.domain.names import search_keys
    except ImportError:
        pytest.skip("register.domain.names.search_keys does not exist yet")
    assert register_500.search_keys
    rows = db.session.scalars(select(Registration).limit(100)).all()
    for row in rows:
        for column, value in search_keys(row.given_names, row.surname_prefix, row.surname).items():
            assert getattr(row, column) == value, (row.full_name, column)


def test_search_queries_are_realistic():
    import random

    queries = search_queries(random.Random(1), 300)
    assert len(queries) == 300
    assert any("," in q for q in queries)  # "Berg, van der"
    assert any(q.lower().startswith(("van ", "de ", "ter ")) for q in queries)
    assert all(q.strip() for q in queries)
