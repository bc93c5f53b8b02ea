"""Account services: creating accounts, password rules, confirmation, reset and change,
home_for."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from register import tokens
from register.accounts import services
from register.errors import ActionRefused
from register.models.accounts import Role, User
from register.models.audit import AuditEvent
from register.passwords import verify_password
from register.tokens import TokenInvalid

GOOD = "een lange zin als wachtwoord"


def _actions(db, user):
    return [
        e.action
        for e in db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_id == user.id, AuditEvent.subject_type == "User"
            )
        )
    ]


def test_create_account_hashes_password_and_audits(app, db):
    user = services.create_account(" Anna@Example.NL ", GOOD, "Anna", "van der", "Berg")
    db.session.commit()
    assert user.email == "anna@example.nl"
    assert user.role is Role.APPLICANT
    assert user.email_confirmed_at is None
    assert user.password_hash != GOOD and verify_password(user.password_hash, GOOD)
    assert user.full_name == "Anna van der Berg"
    assert _actions(db, user) == ["account.created"]


def test_create_account_refuses_a_taken_address_in_any_case(app, db, make_user):
    make_user(email="taken@example.nl")
    with force_locale("en"), pytest.raises(ActionRefused, match="already exists"):
        services.create_account("TAKEN@example.nl", GOOD, "A", "", "B")


@pytest.mark.parametrize(
    "password, email",
    [
        ("kort", "a@example.nl"),
        ("wachtwoord123", "a@example.nl"),
        ("aaaaaaaaaaaa", "a@example.nl"),
        ("lang@example.nl", "lang@example.nl"),
    ],
)
def test_weak_passwords_are_refused(app_context, password, email):
    assert services.password_problem(password, email) is not None
    with pytest.raises(ActionRefused):
        services.create_account(email, password, "A", "", "B")


def test_good_password_has_no_problem(app_context):
    assert services.password_problem(GOOD, "a@example.nl") is None


def test_send_confirmation_and_confirm(app, db, outbox):
    user = services.create_account("c@example.nl", GOOD, "Cor", "", "Smit")
    services.send_confirmation(user)
    db.session.commit()
    assert outbox[-1]["to"] == "c@example.nl"
    link = next(w for w in outbox[-1]["body"].split() if "/confirm/" in w)
    assert link.startswith(app.config["PUBLIC_BASE_URL"])
    confirmed = services.confirm_email(link.rsplit("/", 1)[1])
    db.session.commit()
    assert confirmed.id == user.id and confirmed.email_confirmed_at is not None
    first = confirmed.email_confirmed_at
    services.confirm_email(link.rsplit("/", 1)[1])  # a second click changes nothing
    assert confirmed.email_confirmed_at == first
    assert _actions(db, user).count("account.email_confirmed") == 1


def test_confirmation_for_changed_address_is_invalid(app, db, make_user):
    user = make_user(confirmed=False)
    token = tokens.sign(services.CONFIRM_PURPOSE, {"uid": user.id, "email": "old@example.nl"})
    with pytest.raises(TokenInvalid):
        services.confirm_email(token)


def test_authenticate_upgrades_weak_hashes(app, db, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setattr(services, "needs_rehash", lambda h: True)
    old_hash = user.password_hash
    assert services.authenticate(user.email.upper(), "correct horse battery staple") is user
    assert user.password_hash != old_hash
    with force_locale("en"), pytest.raises(ActionRefused, match="not correct"):
        services.authenticate(user.email, "wrong password here")
    with force_locale("en"), pytest.raises(ActionRefused, match="not correct"):
        services.authenticate("nobody@example.nl", "whatever it is")


def test_inactive_account_cannot_log_in(app, make_user):
    user = make_user(active=False)
    with force_locale("en"), pytest.raises(ActionRefused, match="switched off"):
        services.authenticate(user.email, "correct horse battery staple")


def test_reset_password_bumps_stamp_and_cannot_be_reused(app, db, make_user, outbox):
    user = make_user()
    services.request_password_reset(user.email)
    db.session.commit()
    token = outbox[-1]["body"].split("/password/reset/")[1].split()[0]
    services.reset_password(token, GOOD)
    db.session.commit()
    assert user.security_stamp == 1
    assert verify_password(user.password_hash, GOOD)
    assert "account.password_reset" in _actions(db, user)
    with pytest.raises(services.LinkUsed):
        services.reset_password(token, "nog een andere lange zin")


def test_reset_request_for_unknown_address_sends_nothing(app, db, outbox):
    services.request_password_reset("nobody@example.nl")
    db.session.commit()
    assert outbox == []


def test_change_password_needs_the_current_one(app, db, make_user, outbox):
    user = make_user()
    with force_locale("en"), pytest.raises(ActionRefused, match="current password"):
        services.change_password(user, "not my password", GOOD)
    services.change_password(user, "correct horse battery staple", GOOD)
    db.session.commit()
    assert user.security_stamp == 1 and verify_password(user.password_hash, GOOD)
    assert "account.password_changed" in _actions(db, user)
    assert outbox[-1]["to"] == user.email


def test_update_profile_records_changed_fields(app, db, make_user):
    user = make_user()
    changed = services.update_profile(user, "Petra", "de", "Vries", "en")
    db.session.commit()
    assert set(changed) == {"given_names", "surname_prefix", "surname", "locale"}
    assert user.locale == "en"
    assert services.update_profile(user, "Petra", "de", "Vries", "en") == []
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "account.profile_changed")
    )
    assert "Petra" not in str(event.detail)


def test_home_for_uses_the_role_dashboard_when_it_exists(app, make_user):
    user = make_user(role=Role.PROVIDER)
    if "accreditation.provider_home" not in app.view_functions:
        with app.test_request_context():
            assert services.home_for(user) == "/"
        app.add_url_rule(
            "/test-provider-home", endpoint="accreditation.provider_home", view_func=lambda: ""
        )
    with app.test_request_context():
        assert services.home_for(user) == app.url_map.bind("localhost").build(
            "accreditation.provider_home"
        )
        assert services.home_for(None) == "/"


def test_user_is_stored_once(app, db):
    services.create_account("once@example.nl", GOOD, "O", "", "N")
    db.session.commit()
    assert db.session.scalar(select(User).where(User.email == "once@example.nl")) is not None


def test_database_refuses_a_duplicate_that_slips_past_the_check(app, db, make_user, monkeypatch):
    make_user(email="race@example.nl")
    monkeypatch.setattr(services, "find_by_email", lambda email: None)
    with force_locale("en"), pytest.raises(ActionRefused, match="already exists"):
        services.create_account("race@example.nl", GOOD, "R", "", "C")
    assert db.session.scalar(select(User).where(User.email == "race@example.nl")) is not None
