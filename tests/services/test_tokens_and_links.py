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
