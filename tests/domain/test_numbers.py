"""Registration numbers: formatting, forgiving parsing and the Damm check digit."""

import pytest

from register.domain.numbers import (
    NumberProblem,
    damm_check_digit,
    damm_is_valid,
    format_number,
    parse_number,
)
from register.policy.registration import NumberFormat

FMT = NumberFormat(prefix="ED", separator="-", sequence_digits=7, check_digit="damm")


def test_known_damm_vector():
    # The published example: 572 → check digit 4.
    assert damm_check_digit("572") == 4
    assert damm_is_valid("5724")
    assert not damm_is_valid("5723")


def test_format_has_prefix_padding_and_check_digit():
    number = format_number(FMT, 42)
    assert number.startswith("ED-0000042")
    assert len(number) == len("ED-") + 8
    assert damm_is_valid(number[3:])


@pytest.mark.parametrize("sequence", [0, -1, 10**7])
def test_format_refuses_sequences_that_do_not_fit(sequence):
    with pytest.raises(ValueError):
        format_number(FMT, sequence)


@pytest.mark.parametrize(
    "typed",
    [
        "{n}",
        "{n_lower}",
        " {n} ",
        "{digits}",
        "ED{digits}",
        "ED ED-{digits}",
        "ed {spaced}",
        "ED.{digits}",
    ],
)
def test_parse_forgives_how_people_type(typed):
    number = format_number(FMT, 1234)
    digits = number[3:]
    text = typed.format(
        n=number, n_lower=number.lower(), digits=digits, spaced=f"{digits[:4]} {digits[4:]}"
    )
    parsed = parse_number(FMT, text)
    assert parsed.ok and parsed.canonical == number


def test_every_single_digit_typo_is_detected():
    number = format_number(FMT, 3141592)
    digits = number[3:]
    for position in range(len(digits)):
        for replacement in "0123456789":
            if replacement == digits[position]:
                continue
            typo = digits[:position] + replacement + digits[position + 1 :]
            assert parse_number(FMT, typo).problem is NumberProblem.CHECK_DIGIT


def test_every_adjacent_swap_is_detected():
    number = format_number(FMT, 1203948)
    digits = number[3:]
    for i in range(len(digits) - 1):
        if digits[i] == digits[i + 1]:
            continue
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        assert parse_number(FMT, swapped).problem is NumberProblem.CHECK_DIGIT


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", NumberProblem.EMPTY),
        ("   ", NumberProblem.EMPTY),
        ("ED-12", NumberProblem.MALFORMED),
        ("XY-00012340", NumberProblem.MALFORMED),
        ("ED-0001234O", NumberProblem.MALFORMED),
        ("ED-000000000", NumberProblem.MALFORMED),
    ],
)
def test_parse_reports_why_a_number_is_invalid(typed, problem):
    assert parse_number(FMT, typed).problem is problem


def test_calendar_arithmetic_handles_month_ends_and_leap_days():
    import datetime as dt

    from register.domain.dates import add_months, add_years

    assert add_years(dt.date(2028, 2, 29), 5) == dt.date(2033, 2, 28)
    assert add_years(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 23), 14) == dt.date(2028, 1, 23)
    assert add_years(dt.date(2026, 3, 1), -6) == dt.date(2020, 3, 1)


def _wide(text: str) -> str:
    """``text`` in full-width letters and digits (as some input methods type them)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@pytest.mark.parametrize(
    "typed",
    [
        "{wide}",  # full-width letters, digits and dash
        "\u00a0{n}\u2003",  # non-breaking and em spaces around it
        "\t{n}\n",
        "ED\u2011{digits}",  # a non-breaking hyphen
        "ED\u2013{digits}",  # an en dash
        "ed {wide_digits}",
    ],
)
def test_parse_reads_numbers_in_any_unicode_compatibility_form(typed):
    number = format_number(FMT, 1234)
    digits = number[3:]
    text = typed.format(n=number, wide=_wide(number), digits=digits, wide_digits=_wide(digits))
    parsed = parse_number(FMT, text)
    assert parsed.ok and parsed.canonical == number


@pytest.mark.parametrize("typed", ["ED-²²²²²²²²", "ED-١٢٣٤٥٦٧٨"])
def test_parse_refuses_digits_that_are_not_plain_after_normalising(typed):
    """Superscripts become plain digits under NFKC; digits of other scripts do not, and are
    refused as malformed rather than read (never a crash on ``int``)."""
    parsed = parse_number(FMT, typed)
    assert not parsed.ok
