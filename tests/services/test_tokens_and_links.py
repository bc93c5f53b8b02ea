"""The shared helpers: signed tokens (register.tokens) for every purpose, absolute links for
e-mails and the safe-redirect check (register.links)."""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner

from register import tokens
from register.links import absolute_url, is_safe_redirect
from register.tokens import TokenExpired, TokenInvalid


def _old_token(monkeypatch, purpose, payload, age=10**6):
    now = int(time.time())
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: now - age)
        return tokens.sign(purpose, payload)


def test_tokens_round_trip_and_are_bound_to_their_purpose(app_context):
    token = tokens.sign("referee", {"reference": 12})
    assert tokens.verify("referee", token, 60) == {"reference": 12}
    with pytest.raises(TokenInvalid):
        tokens.verify("certificate", token, 60)
    with pytest.raises(TokenInvalid):
        tokens.verify("referee", token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], 60)
    with pytest.raises(TokenInvalid):
        tokens.verify("referee", "not-a-token", 60)


def test_expired_token_keeps_its_payload(app_context, monkeypatch):
    token = _old_token(monkeypatch, "referee", {"reference": 3}, age=120)
    with pytest.raises(TokenExpired) as caught:
        tokens.verify("referee", token, 60)
    assert caught.value.payload == {"reference": 3}
    assert tokens.verify("referee", token, 3600) == {"reference": 3}


def test_a_token_that_never_expires_carries_no_time(app_context, monkeypatch):
    token = tokens.sign("certificate", {"n": "ED-1"}, expires=False)
    assert tokens.verify("certificate", token, None) == {"n": "ED-1"}
    with pytest.raises(TokenInvalid):
        tokens.verify("certificate", token, 60)  # not a timed token
    with pytest.raises(TokenInvalid):
        tokens.verify("bulk-verification", token, None)  # another purpose's salt


def test_absolute_links_use_the_public_base_url_in_and_out_of_requests(app_context):
    app = app_context
    app.config["PUBLIC_BASE_URL"] = "https://register.example.nl/"
    expected = "https://register.example.nl/apply/12"
    assert absolute_url("apply.status", application_id=12) == expected  # a job, the CLI
    with app.test_request_context("/", base_url="http://internal:8000"):
        assert absolute_url("apply.status", application_id=12) == expected
    # an anchor is an anchor out of a request too (it was once a query parameter there)
    anchored = expected + "#answer-heading"
    assert absolute_url("apply.status", application_id=12, _anchor="answer-heading") == anchored
    with app.test_request_context("/"):
        assert absolute_url("apply.status", application_id=12, _anchor="answer-heading") == anchored


def test_in_development_links_follow_the_served_address(make_app):
    """Without PUBLIC_BASE_URL set in development, links use the address the portal is
    served on; outside a request the last one served, before any the configured default."""
    app = make_app({"PUBLIC_BASE_URL_FOLLOWS_REQUEST": True, "PUBLIC_BASE_URL": "http://d:5000"})
    with app.app_context():
        assert absolute_url("apply.status", application_id=3) == "http://d:5000/apply/3"
    with app.test_request_context("/", base_url="http://127.0.0.1:5012"):
        assert absolute_url("apply.status", application_id=3) == "http://127.0.0.1:5012/apply/3"
    with app.app_context():  # a job after that request, in the same process
        assert absolute_url("apply.status", application_id=3) == "http://127.0.0.1:5012/apply/3"


def test_development_follows_the_request_only_when_no_address_is_configured(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("PUBLIC_BASE_URL", "https://dev.example.nl")
    assert importlib.reload(config).DevelopmentConfig.PUBLIC_BASE_URL_FOLLOWS_REQUEST is False
    monkeypatch.delenv("PUBLIC_BASE_URL")
    assert importlib.reload(config).DevelopmentConfig.PUBLIC_BASE_URL_FOLLOWS_REQUEST is True
    assert config.ProductionConfig.PUBLIC_BASE_URL_FOLLOWS_REQUEST is False
    monkeypatch.undo()
    importlib.reload(config)


@pytest.mark.parametrize(
    "target, safe",
    [
        ("/account", True),
        ("/apply?step=2", True),
        ("//evil.example/x", False),
        ("https://evil.example/", False),
        ("/\\evil.example", False),
        ("/ok\\..\\evil", False),
        ("/line\nbreak", False),
        ("account", False),
        ("", False),
        (None, False),
    ],
)
def test_is_safe_redirect(target, safe):
    assert is_safe_redirect(target) is safe
