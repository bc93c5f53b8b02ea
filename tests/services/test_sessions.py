"""Server-side login sessions: a token that the loader accepts only while its row is
active and the account is not blocked, last seen at most once a minute, an idle end, ending
one, the others, or all of them (audited), and the device summary."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from register import sessions
from register.models.audit import AuditEvent
from register.models.sessions import SessionEndReason, UserSession


@pytest.fixture
def user(make_user):
    return make_user()


def _start(db, user, **kw) -> tuple[str, UserSession]:
    token = sessions.start(user, **kw)
    row = user.current_session
    db.session.commit()
    return token, row


def test_the_cookie_holds_a_token_and_the_database_only_its_hash(db, user):
    token, row = _start(db, user)
    assert user.get_id() == token and token != str(user.id) and len(token) >= 32
    assert row.token_hash != token and len(row.token_hash) == 64
    loaded = sessions.load(token)
    assert loaded == user and loaded.current_session.id == row.id


@pytest.mark.parametrize("token", ["", "no-such-token", "x" * 500, "no-session:1"])
def test_unknown_tokens_load_nobody(db, user, token):
    _start(db, user)
    assert sessions.load(token) is None


def test_an_ended_session_and_a_blocked_account_load_nobody(db, make_user):
    user = make_user()
    token, _row = _start(db, user)
    other_token, _ = _start(db, user)
    sessions.end_all(user, SessionEndReason.LOGOUT, actor=user)
    db.session.commit()
    assert sessions.load(token) is None and sessions.load(other_token) is None
    blocked = make_user()
    blocked_token, _ = _start(db, blocked)
    blocked.active = False
    db.session.commit()
    assert sessions.load(blocked_token) is None


def test_last_seen_is_written_at_most_once_a_minute(db, user):
    token, row = _start(db, user)
    seen = row.last_seen_at
    sessions.load(token)
    assert row.last_seen_at == seen and not db.session.dirty
    row.last_seen_at = seen - dt.timedelta(seconds=sessions.TOUCH_SECONDS + 1)
    db.session.commit()
    sessions.load(token)
    assert row.last_seen_at > seen


def test_an_unused_session_ends_by_itself(app, db, user):
    token, row = _start(db, user)
    row.last_seen_at -= dt.timedelta(seconds=app.config["SESSION_IDLE_SECONDS"] + 5)
    db.session.commit()
    assert sessions.active_sessions(user) == []
    assert sessions.load(token) is None
    assert row.end_reason is SessionEndReason.EXPIRED


def test_a_remembered_session_may_stay_unused_longer(app, db, user):
    token, row = _start(db, user, remembered=True)
    row.last_seen_at -= dt.timedelta(seconds=app.config["SESSION_IDLE_SECONDS"] + 5)
    db.session.commit()
    assert sessions.load(token) == user


def test_ending_one_or_the_others_is_the_users_own_and_audited(db, make_user):
    user, stranger = make_user(), make_user()
    _token, here = _start(db, user)
    _t2, phone = _start(db, user)
    _t3, tablet = _start(db, user)
    _t4, theirs = _start(db, stranger)
    assert sessions.end_one(user, theirs.id) is False
    assert sessions.end_one(user, phone.id) is True
    assert sessions.end_one(user, phone.id) is False  # already ended
    assert sessions.end_others(user, here) == [tablet.id]
    db.session.commit()
    assert [row.id for row in sessions.active_sessions(user)] == [here.id]
    assert theirs.ended_at is None
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "session.ended", AuditEvent.subject_id == user.id
        )
    ).all()
    assert [e.detail["sessions"] for e in events] == [[phone.id], [tablet.id]]
    assert {e.detail["reason"] for e in events} == {"ended_by_user"}


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox, Linux",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge, Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari, iOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Mobile Safari/537.36",
            "Chrome, Android",
        ),
        ("curl/8.5.0", ""),
        ("", ""),
    ],
)
def test_the_device_is_summarised_never_stored_whole(agent, summary):
    assert sessions.device_summary(agent) == summary
