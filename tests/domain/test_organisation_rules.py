"""The pure rules of organisation accounts: KvK numbers, API keys, webhook signatures,
the retry schedule, webhook targets and the months of the lookup counters."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.domain import organisations as rules


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("12345678", None),
        ("1234 5678", None),
        ("12.34.56.78", None),
        ("", "empty"),
        ("   ", "empty"),
        ("1234567", "length"),
        ("123456789", "length"),
        ("1234567a", "not_digits"),
        ("١٢٣٤٥٦٧٨", "not_digits"),  # Arabic-Indic digits are digits, but not KvK digits
    ],
)
def test_kvk_numbers_are_eight_digits_without_a_check_digit(text, problem):
    assert rules.kvk_problem(text) == problem


def test_any_eight_digits_pass_because_kvk_numbers_have_no_check_digit():
    assert rules.kvk_problem("00000000") is None
    assert rules.kvk_problem("99999999") is None
    assert rules.normalise_kvk(" 1234 56.78 ") == "12345678"


def test_a_new_key_is_found_by_its_prefix_and_proved_by_its_hash():
    new = rules.make_key()
    assert new.key.startswith(f"rk_{new.prefix}_")
    assert rules.key_prefix(new.key) == new.prefix
    assert rules.key_matches(new.key, new.secret_hash)
    assert not rules.key_matches(new.key + "x", new.secret_hash)
    assert new.key not in new.secret_hash and len(new.secret_hash) == 64
    assert rules.make_key().key != new.key
    with_underscores = f"rk_{new.prefix}_" + "_a" * 20
    assert rules.key_prefix(with_underscores) == new.prefix


@pytest.mark.parametrize(
    "text",
    [
        "",
        "rk",
        "rk_abc_def",
        "xx_0123456789abcdef_" + "a" * 43,
        "rk_0123456789ABCDEF_" + "a" * 43,
        "rk_0123456789abcdef_short",
        "rk_0123456789abcde_" + "a" * 43,
    ],
)
def test_malformed_keys_have_no_prefix(text):
    assert rules.key_prefix(text) is None


def test_the_signature_covers_timestamp_and_body_and_a_receiver_checks_both():
    secret, body = "s" * 64, b'{"event": "registration.changed"}'
    header = rules.signature_header(secret, 1_700_000_000, body)
    assert header.startswith("t=1700000000,v1=")
    assert rules.verify_signature(secret, header, body, 1_700_000_100, 300)
    assert not rules.verify_signature(secret, header, body + b" ", 1_700_000_100, 300)
    assert not rules.verify_signature("t" * 64, header, body, 1_700_000_100, 300)
    assert not rules.verify_signature(secret, header, body, 1_700_000_400, 300)  # a replay
    assert not rules.verify_signature(secret, "v1=abc", body, 1_700_000_000, 300)
    forged = header.replace("t=1700000000", "t=1700000300")  # a newer timestamp, old signature
    assert not rules.verify_signature(secret, forged, body, 1_700_000_300, 300)


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=2**40))
def test_a_signed_body_always_verifies(body, timestamp):
    header = rules.signature_header("secret", timestamp, body)
    assert rules.verify_signature("secret", header, body, timestamp, 0)


def test_retries_back_off_exponentially_up_to_the_limit():
    delays = [rules.next_attempt_delay(n, 60, 5) for n in range(1, 7)]
    assert delays == [60, 120, 240, 480, None, None]


@pytest.mark.parametrize(
    ("scheme", "host", "credentials", "https_only", "problem"),
    [
        ("https", "hooks.example.nl", False, True, None),
        ("http", "hooks.example.nl", False, True, rules.UrlProblem.SCHEME),
        ("http", "127.0.0.1", False, False, None),
        ("ftp", "example.nl", False, False, rules.UrlProblem.SCHEME),
        ("", "example.nl", False, False, rules.UrlProblem.MALFORMED),
        ("https", None, False, True, rules.UrlProblem.MALFORMED),
        ("https", "example.nl", True, True, rules.UrlProblem.MALFORMED),
    ],
)
def test_webhook_url_shapes(scheme, host, credentials, https_only, problem):
    assert rules.url_shape_problem(scheme, host, credentials, https_only) == problem


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.1",
        "172.16.0.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "100.64.0.1",
    ],
)
def test_private_and_local_targets_are_refused_unless_allowed(address):
    assert rules.address_problem([address], allow_private=False) is rules.UrlProblem.PRIVATE
    assert rules.address_problem([address], allow_private=True) is None


def test_public_targets_pass_and_one_private_address_is_enough_to_refuse():
    assert rules.address_problem(["93.184.216.34", "2606:2800:220:1::"], False) is None
    assert rules.address_problem(["93.184.216.34", "10.0.0.1"], False) is rules.UrlProblem.PRIVATE
    assert rules.address_problem([], True) is rules.UrlProblem.UNRESOLVED


def test_months():
    assert rules.month_of(dt.date(2026, 12, 31)) == dt.date(2026, 12, 1)
    assert rules.months_back(dt.date(2026, 3, 15), 0) == dt.date(2026, 3, 1)
    assert rules.months_back(dt.date(2026, 3, 15), 3) == dt.date(2025, 12, 1)
    assert rules.months_back(dt.date(2026, 3, 15), 24) == dt.date(2024, 3, 1)
