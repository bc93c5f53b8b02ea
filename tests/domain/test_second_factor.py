"""The second factor's pure rules: who must use one, codes within the window, no replay,
recovery codes and how they may be typed (RFC 6238 test vectors for the code itself)."""

from __future__ import annotations

import base64
import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from register.domain import second_factor as rules

#: RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", 8-digit codes; our codes
#: are the last 6 digits of those (the same HOTP value, truncated to 6 digits)
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [(59, "287082"), (1111111109, "081804"), (1234567890, "005924")]
SECRET = rules.new_secret()
NOW = dt.datetime(2026, 12, 1, 12, 0, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(("unix_time", "code"), RFC_VECTORS)
def test_codes_follow_rfc_6238(unix_time, code):
    at = dt.datetime.fromtimestamp(unix_time, dt.UTC)
    assert rules.code_at(RFC_SECRET, rules.time_step(at)) == code
    assert rules.check_totp(RFC_SECRET, code, at, None).accepted


@pytest.mark.parametrize(
    ("staff_or_assessor", "enrolled", "required"),
    [(True, False, True), (True, True, True), (False, True, True), (False, False, False)],
)
def test_who_must_pass_a_second_factor(staff_or_assessor, enrolled, required):
    assert rules.second_factor_required(staff_or_assessor, enrolled) is required


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_code_is_accepted_one_step_either_side(offset):
    step = rules.time_step(NOW) + offset
    check = rules.check_totp(SECRET, rules.code_at(SECRET, step), NOW, None)
    assert check.accepted and check.step == step


@pytest.mark.parametrize("offset", [-3, -2, 2, 3])
def test_a_code_outside_the_window_is_not(offset):
    code = rules.code_at(SECRET, rules.time_step(NOW) + offset)
    assert rules.check_totp(SECRET, code, NOW, None).step in (None, rules.time_step(NOW))


def test_a_used_step_and_every_earlier_one_are_refused_as_replay():
    now = rules.time_step(NOW)
    code = rules.code_at(SECRET, now)
    assert rules.check_totp(SECRET, code, NOW, last_step=now - 1).accepted
    replay = rules.check_totp(SECRET, code, NOW, last_step=now)
    assert replay.replayed and not replay.accepted
    earlier = rules.check_totp(SECRET, rules.code_at(SECRET, now - 1), NOW, last_step=now)
    assert earlier.replayed
    later = rules.check_totp(SECRET, rules.code_at(SECRET, now + 1), NOW, last_step=now)
    assert later.accepted and later.step == now + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_what_is_not_six_digits_never_matches(typed):
    assert rules.check_totp(SECRET, typed, NOW, None).step is None


def test_codes_may_be_typed_with_spaces_or_a_dash():
    code = rules.code_at(SECRET, rules.time_step(NOW))
    spaced = f" {code[:3]} {code[3:]} "
    assert rules.check_totp(SECRET, spaced, NOW, None).accepted
    assert rules.check_totp(SECRET, f"{code[:3]}-{code[3:]}", NOW, None).accepted
    assert rules.looks_like_totp(spaced)


def test_recovery_codes_are_ten_distinct_codes_of_the_plain_alphabet():
    codes = rules.new_recovery_codes()
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert len(code) == rules.RECOVERY_LENGTH
        assert set(code) <= set(rules.RECOVERY_ALPHABET)
        assert not set(code) & set("01OIL")
        shown = rules.shown_recovery_code(code)
        assert shown == f"{code[:5]}-{code[5:]}"
        assert rules.looks_like_recovery_code(shown.lower())
        assert not rules.looks_like_totp(shown)
        assert rules.normalise_code(shown.lower()) == code


def test_provisioning_uri_names_the_account_and_issuer():
    uri = rules.provisioning_uri(SECRET, "a@example.nl", "Register")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    query = parse_qs(parts.query)
    assert query["secret"] == [SECRET] and query["issuer"] == ["Register"]
    assert "a%40example.nl" in parts.path


def test_the_secret_is_shown_in_groups_of_four():
    assert rules.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
    assert rules.grouped(SECRET).replace(" ", "") == SECRET
    assert len(SECRET) == 32
