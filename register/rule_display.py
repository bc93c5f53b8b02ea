"""Showing a rule's result to people: the one place where the rule texts of
``register.domain.rule_texts`` are translated and filled in, each fact formatted by its kind
for the interface language (numbers, hours, dates and periods through Babel)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date, format_decimal, gettext

from register.domain.rule_texts import RULE_TEXTS
from register.domain.trace import (
    Count,
    Day,
    Flag,
    Hours,
    Level,
    Levels,
    Months,
    Periods,
    RuleOutcome,
    RuleResult,
    Tier,
    Years,
)
from register.labels import label


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


def format_fact(fact) -> str:
    """A fact in the interface language: numbers and dates as the reader writes them."""
    match fact:
        case Hours():
            return format_decimal(fact.value, format="#,##0.#")
        case Years():
            return format_decimal(fact.value, format="#,##0.##")
        case Count() | Months() | Level() | Tier():
            return format_decimal(fact.value, format="#,##0")
        case Day():
            return format_date(fact.value)
        case Periods():
            return ", ".join(f"{format_date(a)} – {format_date(b)}" for a, b in fact.value) or "—"
        case Levels():
            return ", ".join(format_decimal(v, format="0") for v in fact.value) or "—"
        case Flag():
            return gettext("yes") if fact.value else gettext("no")
    if isinstance(fact.value, tuple):  # Names, Ids
        return ", ".join(fact.value) or "—"
    return str(fact.value)  # Text


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
