"""Showing a rule's result to people: the one place where the rule texts of
``register.domain.rule_texts`` are translated and filled in, each fact formatted by its kind
for the interface language (numbers, hours, dates and periods through Babel)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date, format_decimal, format_time, gettext

from register.domain.rule_texts import RULE_TEXTS
from register.domain.trace import Fact, FactKind, RuleOutcome, RuleResult
from register.labels import (
    development_category_name,
    identity_document_name,
    identity_method_name,
    label,
)


@dataclass(frozen=True)
class RuleLine:
    """One rule's result as shown: the outcome (code for styling, and words), what the rule
    checks, a sentence with the facts, and what to do when it failed."""

    rule: str
    outcome: RuleOutcome
    outcome_label: str
    title: str
    detail: str
    advice: str


_K = FactKind
#: Babel number patterns per kind (hours and years one decimal, the rest whole numbers)
NUMBER_FORMATS = {
    _K.HOURS: "#,##0.#",
    _K.POINTS: "#,##0.#",
    _K.YEARS: "#,##0.#",
    _K.COUNT: "#,##0",
    _K.MONTHS: "#,##0",
    _K.LEVEL: "0",
    _K.TIER: "0",
}


#: The one date style of the site (pages, e-mails, letters, rule texts): the month in words,
#: no abbreviations ("5 maart 2021", "March 5, 2021"); a moment adds the time of day.
DATE_STYLE = "long"


def show_date(value, format: str | None = None) -> str:  # noqa: A002 (Babel's name)
    """``value`` (a date, or a datetime shown in the reader's time zone) in the site's one
    date style. ``format`` is accepted for calls written for Babel and ignored: the site has
    one style, so no page can choose another."""
    return format_date(value, DATE_STYLE) if value is not None else ""


def show_datetime(value, format: str | None = None) -> str:  # noqa: A002 (Babel's name)
    """A moment: the date in the site's one style and the time of day ("5 maart 2021,
    14:05"), in the reader's time zone."""
    if value is None:
        return ""
    return f"{format_date(value, DATE_STYLE)}, {format_time(value, 'short')}"


def format_fact(fact: Fact) -> str:
    """A fact in the interface language: numbers and dates as the reader writes them."""
    if fact.kind in NUMBER_FORMATS:
        return format_decimal(fact.value, format=NUMBER_FORMATS[fact.kind])
    if fact.kind is _K.DATE:
        return show_date(fact.value)
    if fact.kind is _K.CATEGORY:
        return development_category_name(fact.value)
    if fact.kind is _K.IDENTITY_METHOD:
        return identity_method_name(fact.value)
    if fact.kind is _K.IDENTITY_DOCUMENT:
        return identity_document_name(fact.value)
    if fact.kind is _K.FLAG:
        return gettext("yes") if fact.value else gettext("no")
    if fact.kind is _K.PERIODS:
        items = [f"{show_date(a)} – {show_date(b)}" for a, b in fact.value]
    elif fact.kind is _K.LEVELS:
        items = [format_decimal(level, format="0") for level in fact.value]
    elif fact.kind in (_K.NAMES, _K.IDS):
        items = list(fact.value)
    else:
        return str(fact.value)  # TEXT
    return ", ".join(items) or "—"


def describe(result: RuleResult, self_check: bool = False) -> RuleLine:
    """``result`` in the interface language. ``self_check``: the words of the public
    eligibility check, where nothing is missing, only not told."""
    texts = RULE_TEXTS[result.rule]
    values = {key: format_fact(fact) for key, fact in result.facts.items()}

    def fill(msgid: str) -> str:
        return gettext(msgid) % values if msgid else ""

    sentences = [fill(texts.detail_for(result.outcome))]
    sentences += [
        fill(text)
        for key, text in texts.notes
        if key in result.facts and not result.facts[key].empty
    ]
    return RuleLine(
        rule=result.rule,
        outcome=result.outcome,
        outcome_label=label(result.outcome, "self_check" if self_check else None),
        title=gettext(texts.title),
        detail=" ".join(s for s in sentences if s),
        advice=fill(texts.advice) if result.outcome is RuleOutcome.FAILED else "",
    )
