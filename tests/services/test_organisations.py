"""Organisation accounts at the service layer: sign-up, invitations, keys, the watch list,
change alerts through the outbox (e-mail, digest, webhooks with their receiver on
127.0.0.1), who checked me and the retention job."""

from __future__ import annotations

import datetime as dt
import json
import threading
from unittest import mock

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from register.domain import organisations as rules
from register.errors import ActionRefused, NotAllowedNow
from register.extensions import db
from register.models.accounts import Role, User
from register.models.audit import AuditEvent
from register.models.base import utcnow
from register.models.organisations import (
    AlertMode,
    ChangeAlert,
    CheckChannel,
    LookupCount,
    Organisation,
    VerificationRecord,
    WatchEntry,
    WebhookAttempt,
    WebhookDelivery,
)
from register.models.registrations import RegistrationStatus
from register.organisations import alerts, checks, services, webhooks
from register.organisations.keys import check_key
from tests.lookup_support import add_registration, suspend
from tests.organisation_support import add_key, add_organisation, add_watch, receiver


@pytest.fixture
def ctx(app):
    # an API path: the Accept-Language header decides the language of the messages
    with app.test_request_context("/api/v1/test", headers={"Accept-Language": "en"}):
        yield


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == action))


def test_sign_up_makes_the_organisation_and_its_first_user(ctx, outbox):
    organisation = services.sign_up(
        "Zorggroep Oost", "1234 5678", "hr@oost.nl", "a long enough passphrase", "Ans", "", "Smit"
    )
    db.session.commit()
    assert organisation.kvk_number == "12345678"
    user = organisation.members[0].user
    assert user.role is Role.EMPLOYER and user.email_confirmed_at is None
    assert services.organisation_of(user) is organisation
    assert len(organisation.webhook_secret) == 64
    assert [m["to"] for m in outbox] == ["hr@oost.nl"]  # the confirmation link
    assert _events("organisation.created") == 1


@pytest.mark.parametrize(
    ("kvk", "words"), [("1234567", "8 digits"), ("abcdefgh", "digits only"), ("", "KvK")]
)
def test_sign_up_refuses_a_malformed_kvk_number(ctx, kvk, words):
    with pytest.raises(ActionRefused, match=words) as refused:
        services.sign_up("X", kvk, "a@b.nl", "a long enough passphrase", "A", "", "B")
    assert refused.value.field == "kvk_number"
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "a@b.nl")) == 0


def test_a_kvk_number_has_one_account(ctx, make_user):
    add_organisation(make_user, kvk="87654321")
    with pytest.raises(ActionRefused, match="already has an account"):
        services.sign_up("Y", "8765 4321", "c@d.nl", "a long enough passphrase", "C", "", "D")


def test_sign_up_with_an_address_in_use_makes_nothing_and_tells_its_owner(ctx, make_user, outbox):
    owner = make_user(email="taken@example.nl")
    result = services.sign_up(
        "Z", "11112222", owner.email, "a long enough passphrase", "A", "", "B"
    )
    assert result is None
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    assert outbox == [] or outbox[-1]["to"] == owner.email


def test_an_invited_user_joins_with_a_confirmed_address(ctx, make_user, outbox):
    organisation, user = add_organisation(make_user)
    services.invite(organisation, user, "New@Noord.nl")
    db.session.commit()
    link = outbox[-1]["body"].split("/organisations/join/")[1].split()[0]
    assert services.invitation(link) == (organisation, "new@noord.nl")
    joined = services.accept_invitation(link, "another long passphrase", "Bo", "", "Jansen")
    db.session.commit()
    assert joined.role is Role.EMPLOYER and joined.email_confirmed_at is not None
    assert services.organisation_of(joined) == organisation
    assert len(organisation.members) == 2
    with pytest.raises(ActionRefused):  # the address has an account now
        services.invite(organisation, user, "new@noord.nl")


def test_keys_are_shown_once_stored_hashed_and_revocable(ctx, make_user):
    organisation, user = add_organisation(make_user)
    key = services.create_key(organisation, user, "HR")
    db.session.commit()
    stored = services.keys_of(organisation)[0]
    assert stored.secret_hash == rules.key_hash(key) and key not in stored.secret_hash
    found = check_key(key)
    assert found.organisation_id == organisation.id and found.refusal is None
    first_use = stored.last_used_at
    assert first_use is not None
    check_key(key)
    assert stored.last_used_at == first_use  # written at most once a minute
    services.revoke_key(organisation, user, stored.id)
    assert "revoked" in str(check_key(key).refusal)
    assert "not valid" in str(check_key(key[:-1] + "x").refusal)
    assert "not valid" in str(check_key("nonsense").refusal)
    assert _events("organisation.key_created") == 1 and _events("organisation.key_revoked") == 1


def test_a_blocked_organisation_cannot_use_its_keys_or_act(ctx, make_user):
    organisation, user = add_organisation(make_user)
    key = add_key(organisation)
    registrar = make_user(role=Role.REGISTRAR)
    services.block(organisation, registrar, "Misbruik van de API")
    db.session.commit()
    assert "blocked" in str(check_key(key).refusal)
    with pytest.raises(NotAllowedNow):
        services.create_key(organisation, user, "another")
    with pytest.raises(NotAllowedNow):
        services.block(organisation, registrar, "again")
    services.unblock(organisation, registrar)
    assert check_key(key).refusal is None
    assert _events("organisation.blocked") == 1 and _events("organisation.unblocked") == 1


def test_watching_records_the_relation_and_a_check(ctx, make_user, policies):
    organisation, user = add_organisation(make_user)
    reg = add_registration(policies)
    entry, created = services.watch(
        organisation, reg, dt.date(2025, 3, 1), "ervaringsdeskundige", user, "portal"
    )
    again, created_again = services.watch(organisation, reg, None, "teamleider", user, "portal")
    db.session.commit()
    assert created and not created_again and again is entry
    assert entry.role == "teamleider" and entry.employed_since is None
    records = db.session.scalars(select(VerificationRecord)).all()
    assert [(r.registration_id, r.channel) for r in records] == [(reg.id, CheckChannel.WATCH_LIST)]
    assert services.registrations_watching([reg.id])[reg.id] == [entry]
    assert services.unwatch(organisation, reg, user) is True
    assert services.unwatch(organisation, reg, user) is False


def test_find_registration_refuses_malformed_and_unknown_numbers(ctx, policies):
    with pytest.raises(ActionRefused, match="not a valid"):
        services.find_registration("nonsense")
    with pytest.raises(services.UnknownNumber):
        services.find_registration("ED-00009990")


def test_a_public_change_alerts_each_watching_organisation_after_the_commit(
    ctx, make_user, policies, outbox
):
    organisation, user = add_organisation(make_user)
    other, _ = add_organisation(make_user, name="Ander", kvk="22223333")
    reg = add_registration(policies)
    add_watch(organisation, reg)
    outbox.clear()
    suspend(policies, reg, "intern", "administrative")
    alert = db.session.scalars(select(ChangeAlert)).one()
    assert alert.organisation_id == organisation.id and alert.emailed_at is not None
    payload = json.loads(alert.payload)
    assert payload["number"] == reg.number and "status" in payload["changed"]
    assert payload["registration"]["status"] == "suspended"
    assert [m["to"] for m in outbox] == [user.email]
    assert reg.number in outbox[0]["body"]
    assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0  # no webhook set
    db.session.refresh(reg)
    reg.work_region = "Utrecht"  # not public while show_work_region is off
    db.session.commit()
    assert db.session.scalar(select(func.count(ChangeAlert.id))) == 1  # nothing public changed
    assert other.id not in {a.organisation_id for a in db.session.scalars(select(ChangeAlert))}


def test_a_rolled_back_change_alerts_no_one(ctx, make_user, policies, outbox):
    organisation, _ = add_organisation(make_user)
    reg = add_registration(policies)
    add_watch(organisation, reg)
    outbox.clear()
    reg.status = RegistrationStatus.SUSPENDED
    db.session.flush()
    db.session.rollback()
    assert outbox == []
    assert db.session.scalar(select(func.count(ChangeAlert.id))) == 0


def test_blocked_organisations_get_no_alerts(ctx, make_user, policies, outbox):
    organisation, _ = add_organisation(make_user, blocked_at=utcnow(), blocked_reason="x")
    reg = add_registration(policies)
    add_watch(organisation, reg)
    outbox.clear()
    suspend(policies, reg, "intern", "administrative")
    assert outbox == [] and db.session.scalar(select(func.count(ChangeAlert.id))) == 0


def test_the_daily_digest_sends_one_email_with_the_days_changes(ctx, make_user, policies, outbox):
    organisation, user = add_organisation(make_user, alert_mode=AlertMode.DAILY)
    one, two = add_registration(policies), add_registration(policies, given="Piet")
    add_watch(organisation, one)
    add_watch(organisation, two)
    outbox.clear()
    suspend(policies, one, "intern", "administrative")
    suspend(policies, two, "intern", "administrative")
    assert outbox == []
    assert alerts.send_digests(dt.date.today()) == 1
    db.session.commit()
    assert len(outbox) == 1 and one.number in outbox[0]["body"] and two.number in outbox[0]["body"]
    assert alerts.send_digests(dt.date.today()) == 0  # idempotent


def test_webhooks_are_signed_and_retried_until_delivered(app, ctx, make_user, policies):
    """The receiver on 127.0.0.1 checks the signature; its first answer is a failure, so the
    first delivery (after the commit) fails and the retry, once due, succeeds."""
    with receiver(answers=[500]) as hook:
        organisation, _ = add_organisation(make_user)
        organisation.webhook_url = hook.url
        db.session.commit()
        reg = add_registration(policies)
        add_watch(organisation, reg)
        suspend(policies, reg, "intern", "administrative")  # commits: the first attempt runs
        assert len(hook.calls) == 1
        delivery = db.session.scalars(select(WebhookDelivery)).one()
        db.session.refresh(delivery)
        assert delivery.delivered_at is None and delivery.attempts == 1
        assert delivery.next_attempt_at is not None
        base = policies.organisations.webhook_retry_base_seconds
        assert webhooks.send_due(app, utcnow()) == 0  # not due yet
        later = utcnow() + dt.timedelta(seconds=base + 1)
        assert webhooks.send_due(app, later) == 1
        assert len(hook.calls) == 2
    for call in hook.calls:
        headers = {k.lower(): v for k, v in call["headers"].items()}
        assert rules.verify_signature(
            organisation.webhook_secret,
            headers["x-register-signature"],
            call["body"],
            int(headers["x-register-timestamp"]),
            policies.organisations.signature_tolerance_seconds,
        )
        assert not rules.verify_signature(
            "another secret",
            headers["x-register-signature"],
            call["body"],
            int(headers["x-register-timestamp"]),
            300,
        )
    assert hook.json(1)["registration"]["status"] == "suspended"
    db.session.refresh(delivery)
    assert delivery.delivered_at is not None and delivery.attempts == 2
    log = db.session.scalars(select(WebhookAttempt).order_by(WebhookAttempt.id)).all()
    assert [(a.attempt, a.status_code) for a in log] == [(1, 500), (2, 200)]
    assert webhooks.send_due(app, later + dt.timedelta(days=1)) == 0  # delivered: done


def test_a_webhook_gives_up_after_the_policy_limit(app, ctx, make_user, policies):
    with receiver(answers=[503] * 50) as hook:
        organisation, _ = add_organisation(make_user)
        organisation.webhook_url = hook.url
        db.session.commit()
        reg = add_registration(policies)
        add_watch(organisation, reg)
        suspend(policies, reg, "intern", "administrative")
        moment = utcnow()
        for _ in range(policies.organisations.webhook_max_attempts + 2):
            moment += dt.timedelta(days=1)
            webhooks.send_due(app, moment)
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    db.session.refresh(delivery)
    assert delivery.attempts == policies.organisations.webhook_max_attempts
    assert delivery.gave_up_at is not None and delivery.delivered_at is None
    assert len(hook.calls) == policies.organisations.webhook_max_attempts


def test_a_refused_target_is_logged_not_called(app, ctx, make_user, policies):
    organisation, _ = add_organisation(make_user)
    organisation.webhook_url = "http://10.0.0.1/hook"
    db.session.commit()
    reg = add_registration(policies)
    add_watch(organisation, reg)
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    try:
        suspend(policies, reg, "intern", "administrative")
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    attempt = db.session.scalars(select(WebhookAttempt)).one()
    assert attempt.status_code is None and attempt.error == "refused target: private"


@pytest.mark.parametrize(
    ("url", "https_only", "problem"),
    [
        ("https://hooks.example.nl/register", True, None),
        ("http://hooks.example.nl/register", True, rules.UrlProblem.SCHEME),
        ("http://127.0.0.1:8000/hook", False, None),
        ("ftp://example.nl/", False, rules.UrlProblem.SCHEME),
        ("example.nl/hook", False, rules.UrlProblem.MALFORMED),
        ("https://user:pw@example.nl/", True, rules.UrlProblem.MALFORMED),
        ("https://example.nl:99999/", True, rules.UrlProblem.MALFORMED),
        ("", True, rules.UrlProblem.MALFORMED),
    ],
)
def test_webhook_addresses_are_read_before_they_are_resolved(url, https_only, problem):
    assert webhooks.shape_problem(url, https_only) == problem


def test_settings_check_the_webhook_address(app, ctx, make_user):
    organisation, user = add_organisation(make_user)
    services.update_settings(organisation, user, AlertMode.DAILY, "http://127.0.0.1:9/hook")
    assert organisation.webhook_url == "http://127.0.0.1:9/hook"
    app.config.update(WEBHOOK_HTTPS_ONLY=True, WEBHOOK_ALLOW_PRIVATE=False)
    try:
        with pytest.raises(ActionRefused, match="https") as refused:
            services.update_settings(organisation, user, AlertMode.DAILY, "http://example.nl/")
        assert refused.value.field == "webhook_url"
        with pytest.raises(ActionRefused, match="private or local"):
            services.update_settings(organisation, user, AlertMode.DAILY, "https://127.0.0.1/")
    finally:
        app.config.update(WEBHOOK_HTTPS_ONLY=False, WEBHOOK_ALLOW_PRIVATE=True)
    services.update_settings(organisation, user, AlertMode.IMMEDIATE, "")
    assert organisation.webhook_url is None and organisation.alert_mode is AlertMode.IMMEDIATE


def test_checks_are_recorded_once_per_day_and_channel(ctx, make_user, policies):
    organisation, _ = add_organisation(make_user)
    one, two = add_registration(policies), add_registration(policies, given="Piet")
    assert checks.record(organisation.id, [one.id, two.id, one.id], CheckChannel.API) == 2
    assert checks.record(organisation.id, [one.id], CheckChannel.API) == 0
    assert checks.record(organisation.id, [one.id], CheckChannel.BULK) == 1
    db.session.commit()
    seen = checks.checks_of([one.id])[one.id]
    assert {row.channel for row in seen} == {CheckChannel.API, CheckChannel.BULK}
    assert {row.name for row in seen} == {organisation.name}


def test_anonymous_lookups_are_counted_per_month_in_batches(app, ctx, policies):
    reg = add_registration(policies)
    app.config["LOOKUP_COUNT_BATCH"] = 3
    try:
        checks.count_anonymous(reg.id)
        checks.count_anonymous(reg.id)
        assert db.session.scalar(select(func.count(LookupCount.id))) == 0  # in memory still
        checks.count_anonymous(reg.id)  # the batch is full: written
        checks.count_anonymous(reg.id)
        assert checks.flush_lookup_counts() == 1
    finally:
        app.config["LOOKUP_COUNT_BATCH"] = 200
    row = db.session.scalars(select(LookupCount)).one()
    assert row.count == 4 and row.month == utcnow().date().replace(day=1)
    assert checks.flush_lookup_counts() == 0


def test_counts_that_cannot_be_written_are_kept_and_the_lookup_goes_on(app, ctx, policies):
    reg = add_registration(policies)
    app.config["LOOKUP_COUNT_BATCH"] = 1
    with mock.patch.object(checks, "_insert_for", side_effect=OperationalError("x", {}, None)):
        checks.count_anonymous(reg.id)  # no exception: the count waits for the next flush
    app.config["LOOKUP_COUNT_BATCH"] = 200
    assert checks.flush_lookup_counts() == 1
    assert db.session.scalars(select(LookupCount.count)).all() == [1]


def test_the_retention_job_deletes_what_is_past_the_policy(ctx, make_user, policies):
    organisation, _ = add_organisation(make_user)
    reg = add_registration(policies)
    policy = policies.organisations
    today = dt.date.today()
    old_day = today - dt.timedelta(days=policy.verification_record_days + 1)
    for day in (old_day, today):
        db.session.add(
            VerificationRecord(
                registration_id=reg.id,
                organisation_id=organisation.id,
                checked_on=day,
                channel=CheckChannel.API,
            )
        )
    old_month = rules.months_back(today, policy.lookup_count_months)
    for month in (old_month, rules.month_of(today)):
        db.session.add(LookupCount(registration_id=reg.id, month=month, count=5))
    old = utcnow() - dt.timedelta(days=policy.delivery_log_days + 1)
    delivery = WebhookDelivery(
        organisation_id=organisation.id,
        url="http://x/",
        body="{}",
        created_at=old,
        delivered_at=old,
        attempts=1,
    )
    db.session.add(delivery)
    db.session.flush()
    db.session.add(WebhookAttempt(delivery_id=delivery.id, attempt=1, status_code=200))
    db.session.add(
        ChangeAlert(
            organisation_id=organisation.id,
            registration_id=reg.id,
            payload="{}",
            created_at=old,
            emailed_at=old,
        )
    )
    db.session.commit()
    assert alerts.delete_expired_records(today) == 5
    assert db.session.scalars(select(VerificationRecord.checked_on)).all() == [today]
    assert db.session.scalars(select(LookupCount.month)).all() == [rules.month_of(today)]
    assert alerts.delete_expired_records(today) == 0  # idempotent


def test_the_daily_jobs_include_the_organisation_jobs(runner, make_user, policies):
    result = runner.invoke(args=["expire"])
    assert result.exit_code == 0, result.output
    assert "organisation alert digests sent: 0" in result.output
    assert "who-checked-me records and delivery logs deleted: 0" in result.output
    result = runner.invoke(args=["send-webhooks"])
    assert result.exit_code == 0 and "delivered: 0" in result.output


def test_watch_entries_are_kept_apart_per_organisation(ctx, make_user, policies):
    one, _ = add_organisation(make_user)
    two, _ = add_organisation(make_user, name="Twee", kvk="33334444")
    reg = add_registration(policies)
    add_watch(one, reg)
    add_watch(two, reg)
    assert services.watch_list(one)[1] == 1
    assert db.session.scalar(select(func.count(WatchEntry.id))) == 2


def test_the_first_attempt_runs_off_the_request_so_a_slow_receiver_holds_nothing_up(
    app, ctx, make_user, policies, monkeypatch
):
    release, calls = threading.Event(), []

    def slow_post(url, body, headers, timeout):
        release.wait(10)
        calls.append(url)
        return 200

    monkeypatch.setattr(webhooks, "_post", slow_post)
    monkeypatch.setitem(app.config, "WEBHOOK_IN_BACKGROUND", True)
    organisation, _ = add_organisation(make_user)
    organisation.webhook_url = "http://127.0.0.1:9/hook"
    db.session.commit()
    reg = add_registration(policies)
    add_watch(organisation, reg)
    suspend(policies, reg, "intern", "administrative")  # commits; returns without waiting
    assert calls == []  # the receiver has not answered, and the change is already done
    release.set()
    for thread in threading.enumerate():
        if thread.name == "webhooks":
            thread.join(10)
    assert calls == ["http://127.0.0.1:9/hook"]
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    db.session.refresh(delivery)
    assert delivery.delivered_at is not None and delivery.attempts == 1
